import { expect, test } from '@playwright/test';
import { HELLO, openApp } from './helpers';

const background = (page: import('@playwright/test').Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the theme follows the system, and the footer toggle picks one that is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const errors = await openApp(page, HELLO);
  // The system's dark, until a person picks.
  expect(await background(page)).toBe('rgb(15, 15, 17)');
  const toggle = page.locator('footer').getByRole('button');
  await expect(toggle).toHaveText('Light mode');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background(page)).toBe('rgb(255, 255, 255)');
  await expect(toggle).toHaveText('Dark mode');
  // Remembered across loads, from the first paint.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background(page)).toBe('rgb(255, 255, 255)');
  // Gradio's `?__theme=` wins for that load.
  await page.goto(`${HELLO}/?__theme=dark`);
  expect(await background(page)).toBe('rgb(15, 15, 17)');
  expect(errors).toEqual([]);
});
