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

test('examples: a click fills the inputs and shows the cached outputs at once', async ({ page }) => {
  const errors = await openApp(page, INTERFACE);
  const table = page.locator('[data-testid^="dataset-"]');
  await expect(table.getByRole('columnheader')).toHaveText(['Text']);
  await expect(table.getByRole('button')).toHaveText([
    'The quick brown fox jumps over the lazy dog',
    'Ferrio serves functions',
  ]);
  // Loaded directly, without the queue: the function itself doesn't run again.
  const joins: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/queue/join')) joins.push(r.url());
  });
  await table.getByRole('button', { name: 'Example 2' }).click();
  await expect(page.getByLabel('Text')).toHaveValue('Ferrio serves functions');
  await expect(page.getByLabel('Words')).toHaveValue('3');
  await expect(page.getByLabel('Longest word')).toHaveValue('functions');
  // By keyboard too.
  await table.getByRole('button', { name: 'Example 1' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Words')).toHaveValue('9');
  await expect(page.getByLabel('Longest word')).toHaveValue('quick');
  expect(joins).toEqual([]);
  expect(errors).toEqual([]);
});
