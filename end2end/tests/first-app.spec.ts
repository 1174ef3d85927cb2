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
  // The embedded bundle under its content hash, compressed and kept for good: the core, and the
  // chunk of the examples' table (a Dataset), each file once.
  expect(wasm.map((w) => w.url)).toContainEqual(expect.stringMatching(/\/pkg\/[0-9a-f]{16}\/ferrio\.wasm$/));
  expect(wasm.map((w) => w.url)).toContainEqual(expect.stringMatching(/\/split_table\.wasm$/));
  expect(new Set(wasm.map((w) => w.url)).size).toBe(wasm.length);
  for (const w of wasm) {
    expect(w.url).toMatch(/\/pkg\/[0-9a-f]{16}\/\w+\.wasm$/);
    expect(w.encoding).toBe('br');
    expect(w.cache).toContain('immutable');
  }
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
