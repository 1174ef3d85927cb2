import { expect, test } from '@playwright/test';
import { CHAT, HELLO, openApp } from './helpers';

const background = (page: import('@playwright/test').Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the theme follows the system, and the footer toggle picks one that is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const errors = await openApp(page, HELLO);
  // The system's dark, until a person picks.
  expect(await background(page)).toBe('rgb(15, 15, 17)');
  const toggle = page.locator('footer button.theme-toggle');
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

test("an app's own theme, CSS and head: the chat demo's blue on slate, round corners, centred title", async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const errors = await openApp(page, CHAT);
  const submit = page.getByRole('button', { name: 'Submit' });
  // Blue-500 buttons with the large radius; slate text.
  await expect(submit).toHaveCSS('background-color', 'rgb(59, 130, 246)');
  await expect(submit).toHaveCSS('border-top-left-radius', '12px');
  await expect(page.locator('body')).toHaveCSS('color', 'rgb(30, 41, 59)');
  // The app's CSS, after the theme's.
  await expect(page.getByRole('heading', { name: 'Echo bot' })).toHaveCSS('text-align', 'center');
  // The app's head HTML.
  await expect(page.locator('meta[name="description"]')).toHaveAttribute(
    'content',
    'A streaming echo bot, made with Ferrio',
  );
  // Dark mode takes its shades from the theme's neutral hue (slate-950).
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page)).toBe('rgb(10, 15, 30)');
  expect(errors).toEqual([]);
});
