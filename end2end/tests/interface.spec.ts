import { expect, test } from '@playwright/test';
import { INTERFACE, openApp } from './helpers';

test('an Interface lays out its function: inputs, Submit, outputs', async ({ page }) => {
  await openApp(page, INTERFACE);
  await expect(page.getByRole('heading', { name: 'Word counter' })).toBeVisible();
  await expect(page.getByText('Counts the words of a text')).toBeVisible();
  await page.getByLabel('Text').fill('the quick brown fox jumps');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByLabel('Words')).toHaveValue('5');
  await expect(page.getByLabel('Longest word')).toHaveValue('quick');
  // Inputs left, outputs right, side by side on a wide screen.
  const input = await page.getByLabel('Text').boundingBox();
  const output = await page.getByLabel('Words').boundingBox();
  expect(output!.x).toBeGreaterThan(input!.x + input!.width);
});
