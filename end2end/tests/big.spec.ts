import { expect, test } from '@playwright/test';
import { BIG, openApp } from './helpers';

// demo/src/big.rs: 300 components in ten tabs, each input wired to its own output.
test('a 300-component app: every tab is live, and an input answers in its own output', async ({ page }) => {
  const errors = await openApp(page, BIG);
  await expect(page.getByRole('tab')).toHaveCount(10);
  // The last tab's first pair (135 is a text box): its listener, not a neighbour's, answers.
  await page.getByRole('tab', { name: 'Tab 10', exact: true }).click();
  await page.getByLabel('Text 135', { exact: true }).fill('quiet');
  await expect(page.getByLabel('Shouted 135', { exact: true })).toHaveValue('QUIET');
  await expect(page.getByLabel('Shouted 140', { exact: true })).toHaveValue('');
  // A number in the first tab doubles.
  await page.getByRole('tab', { name: 'Tab 1', exact: true }).click();
  await page.getByLabel('Number 1', { exact: true }).fill('21');
  await page.getByLabel('Number 1', { exact: true }).press('Enter');
  await expect(page.getByLabel('Doubled 1', { exact: true })).toHaveValue('42');
  expect(errors).toEqual([]);
});
