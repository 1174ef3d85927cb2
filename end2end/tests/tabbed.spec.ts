import { expect, test } from '@playwright/test';
import { TABBED, openApp } from './helpers';

test('a TabbedInterface: each interface in its tab, each working', async ({ page }) => {
  const errors = await openApp(page, TABBED);
  await expect(page.getByRole('heading', { name: 'Text tools' })).toBeVisible();
  await expect(page.getByRole('tab')).toHaveText(['Count words', 'Shout']);
  await page.getByLabel('Text', { exact: true }).fill('a bb ccc');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByLabel('Words', { exact: true })).toHaveValue('3');
  await expect(page.getByLabel('Longest word', { exact: true })).toHaveValue('ccc');
  // The other tab: its own inputs, Submit and outputs.
  await page.getByRole('tab', { name: 'Shout' }).click();
  await expect(page.getByText('Says it louder.')).toBeVisible();
  await expect(page.getByLabel('Text', { exact: true })).toBeHidden();
  await page.getByLabel('Say', { exact: true }).fill('hey you');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByLabel('Shouted', { exact: true })).toHaveValue('HEY YOU');
  await expect(page.getByLabel('Letters', { exact: true })).toHaveValue('6');
  // Back: the first tab kept what it showed.
  await page.getByRole('tab', { name: 'Count words' }).click();
  await expect(page.getByLabel('Words', { exact: true })).toHaveValue('3');
  // Its example is cached lazily: the first click computes it, inputs and outputs fill in.
  await page.getByRole('button', { name: 'Example 1' }).click();
  await expect(page.getByLabel('Text', { exact: true })).toHaveValue('one two three');
  await expect(page.getByLabel('Longest word', { exact: true })).toHaveValue('three');
  expect(errors).toEqual([]);
});
