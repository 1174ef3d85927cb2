import { expect, test } from '@playwright/test';
import { CUSTOM_COMPONENT, openApp } from './helpers';

test('a custom component renders, takes clicks and feeds its listener', async ({ page }) => {
  const errors = await openApp(page, CUSTOM_COMPONENT);
  const stars = page.getByRole('radiogroup');
  await expect(stars.getByRole('radio')).toHaveCount(5);
  await page.getByLabel('Comment').fill('tasty');
  await stars.getByRole('radio', { name: '4 stars' }).click();
  await expect(stars.getByRole('radio', { name: '4 stars' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByLabel('Summary')).toHaveValue('Very good (4 stars): tasty');
  // Clicking the picked star again clears the rating.
  await stars.getByRole('radio', { name: '4 stars' }).click();
  await expect(page.getByLabel('Summary')).toHaveValue('Not rated yet (0 stars): tasty');
  expect(errors).toEqual([]);
});

test('a function can set a custom component, and its change listener follows', async ({ page }) => {
  await openApp(page, CUSTOM_COMPONENT);
  await page.getByLabel('Comment').fill('wow!!!');
  await page.getByRole('button', { name: 'Suggest stars from the comment' }).click();
  await expect(page.getByRole('radio', { name: '3 stars' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByLabel('Summary')).toHaveValue('Good (3 stars): wow!!!');
});

test('a custom component takes an update of its own props: ten stars, and eight is accepted', async ({ page }) => {
  const errors = await openApp(page, CUSTOM_COMPONENT);
  const stars = page.getByRole('radiogroup');
  await expect(stars.getByRole('radio')).toHaveCount(5);
  await page.getByRole('checkbox', { name: 'Ten-star scale' }).check();
  await expect(stars.getByRole('radio')).toHaveCount(10);
  await expect(page.getByText('Your rating (out of 10)')).toBeVisible();
  // More than the declared five: the server checks it against this page's ten.
  await stars.getByRole('radio', { name: '8 stars' }).click();
  await expect(page.getByLabel('Summary')).toHaveValue('Off the scale (8 stars)');
  expect(errors).toEqual([]);
});
