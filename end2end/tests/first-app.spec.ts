import { expect, test } from '@playwright/test';
import { FIRST_APP, openApp } from './helpers';

// The README's first app: a crate outside the workspace, built without any wasm or node tool,
// its release binary run alone from an empty directory (`./x build`). All it serves, it carries.

test('the first app works from its binary alone: type, submit, the greeting appears', async ({ page }) => {
  const wasm: { url: string; encoding?: string; cache?: string }[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) {
      wasm.push({ url: r.url(), encoding: r.headers()['content-encoding'], cache: r.headers()['cache-control'] });
    }
  });
  const errors = await openApp(page, FIRST_APP);
  await expect(page.getByRole('heading', { name: 'Greeter' })).toBeVisible();
  await page.getByLabel('Name').fill('Ferris');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByLabel('Greeting')).toHaveValue('Hello, Ferris!');
  // The embedded bundle, by its content-hashed name, compressed and kept for good.
  expect(wasm).toHaveLength(1);
  expect(wasm[0].url).toMatch(/\/pkg\/ferrio\.[0-9a-f]{16}\.wasm$/);
  expect(wasm[0].encoding).toBe('br');
  expect(wasm[0].cache).toContain('immutable');
  expect(errors).toEqual([]);
});

test('the first app: an example row loads its name and its cached greeting', async ({ page }) => {
  const errors = await openApp(page, FIRST_APP);
  const table = page.locator('[data-testid^="dataset-"]');
  await table.getByRole('button', { name: 'Example 2' }).click();
  await expect(page.getByLabel('Name')).toHaveValue('Grace');
  await expect(page.getByLabel('Greeting')).toHaveValue('Hello, Grace!');
  expect(errors).toEqual([]);
});
