import { expect, Page, test } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { INTERFACE, openApp } from './helpers';

// The demo server runs in end2end/ and flags to its default folder there.
const DATASET = path.join(__dirname, '..', '.ferrio', 'flagged', 'dataset1.csv');

/** The dataset's lines (its header first), or none before the first flag. */
function datasetLines(): string[] {
  return fs.existsSync(DATASET) ? fs.readFileSync(DATASET, 'utf8').trim().split('\n') : [];
}

/** Resolves once some button reads `text`, however briefly. */
function buttonReads(page: Page, text: string) {
  return page.waitForFunction(
    (t) => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === t),
    text,
    { polling: 50, timeout: 10_000 },
  );
}

/** The Label's heading: the top class. */
function topClass(page: Page) {
  return page.locator('.label-heading');
}

test('an Interface lays out its function: inputs with Clear and Submit, outputs with Flag', async ({ page }) => {
  const errors = await openApp(page, INTERFACE);
  await expect(page.getByRole('heading', { name: 'Colour classifier' })).toBeVisible();
  await expect(page.getByText('Drop in a picture')).toBeVisible();
  await expect(page.getByText('Each pixel votes for its colour')).toBeVisible();
  // A picture drawn in the page: three quarters green, a quarter blue.
  const png = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 40;
    canvas.height = 40;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = 'rgb(40, 180, 60)';
    ctx.fillRect(0, 0, 40, 40);
    ctx.fillStyle = 'rgb(30, 60, 220)';
    ctx.fillRect(0, 0, 40, 10);
    return canvas.toDataURL('image/png').split(',')[1];
  });
  await page.getByLabel('Picture').setInputFiles({
    name: 'field.png',
    mimeType: 'image/png',
    buffer: Buffer.from(png, 'base64'),
  });
  // Uploaded: the picture shows.
  await expect(page.locator('[data-testid^="image-"] img.image-shown')).toBeVisible();
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(topClass(page)).toHaveText('green');
  // About 75% and 25% (the model looks at a thumbnail, whose resampling blends the edge).
  await expect(page.getByRole('meter', { name: 'green' })).toHaveAttribute('aria-valuenow', /^7\d$/);
  await expect(page.getByRole('meter', { name: 'blue' })).toHaveAttribute('aria-valuenow', /^2\d$/);
  // Inputs left, outputs right, side by side on a wide screen; Clear beside Submit.
  const input = await page.locator('[data-testid^="image-"]').first().boundingBox();
  const output = await topClass(page).boundingBox();
  expect(output!.x).toBeGreaterThan(input!.x + input!.width);
  const clear = await page.getByRole('button', { name: 'Clear' }).boundingBox();
  const submit = await page.getByRole('button', { name: 'Submit' }).boundingBox();
  expect(Math.abs(clear!.y - submit!.y)).toBeLessThan(2);
  expect(clear!.x).toBeLessThan(submit!.x);

  // Clear empties the picture and the result.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(topClass(page)).toHaveText('');
  await expect(page.getByRole('meter')).toHaveCount(0);
  await expect(page.locator('[data-testid^="image-"] img.image-shown')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('examples: a click fills the inputs and shows the cached outputs at once', async ({ page }) => {
  const errors = await openApp(page, INTERFACE);
  const table = page.locator('[data-testid^="dataset-"]');
  await expect(table.getByRole('columnheader')).toHaveText(['Picture']);
  await expect(table.locator('img.example-thumb')).toHaveCount(3);
  // Loaded directly, without the queue: the function itself doesn't run again.
  const joins: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/queue/join')) joins.push(r.url());
  });
  await table.getByRole('button', { name: 'Example 2' }).click();
  await expect(page.locator('[data-testid^="image-"] img.image-shown').first()).toBeVisible();
  await expect(topClass(page)).toHaveText('green');
  // By keyboard too.
  await table.getByRole('button', { name: 'Example 3' }).focus();
  await page.keyboard.press('Enter');
  await expect(topClass(page)).toHaveText('white');
  expect(joins).toEqual([]);
  expect(errors).toEqual([]);
});

test('flag twice: each flag is a row of the CSV, with its reason and the picture copied in', async ({ page }) => {
  const errors = await openApp(page, INTERFACE);
  const before = datasetLines().length;
  await page.locator('[data-testid^="dataset-"]').getByRole('button', { name: 'Example 2' }).click();
  await expect(topClass(page)).toHaveText('green');

  // The button says it saved, then offers itself again. "Saved" shows for 0.8 s only, which
  // expect's polling (1 s apart after the first tries) can miss on a busy machine: a watcher
  // started before the click looks every 50 ms.
  for (const reason of ['Incorrect', 'Other']) {
    const saved = buttonReads(page, 'Saved');
    await page.getByRole('button', { name: `Flag as ${reason}` }).click();
    await saved;
    await expect(page.getByRole('button', { name: `Flag as ${reason}` })).toBeVisible();
  }
  await expect(page.getByRole('alert')).toHaveCount(0);

  await expect.poll(() => datasetLines().length).toBe(Math.max(before, 1) + 2);
  const lines = datasetLines();
  expect(lines[0]).toBe('Picture,Colours,flag,username,timestamp');
  const rows = lines.slice(-2);
  expect(rows[0]).toContain(',Incorrect,,');
  expect(rows[1]).toContain(',Other,,');
  // The picture was copied beside the dataset; the row names it relative to it.
  const copied = rows[0].match(/Picture\/[0-9a-f]{16}\/[^"\\]+\.(png|webp)/);
  expect(copied, rows[0]).not.toBeNull();
  expect(fs.existsSync(path.join(path.dirname(DATASET), copied![0]))).toBe(true);
  // The result, as the Label showed it.
  expect(rows[0]).toContain('""label"":""green""');
  expect(errors).toEqual([]);
});

test('on a phone (390×844): one column, nothing wider than the screen; light and dark screenshots', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const errors = await openApp(page, INTERFACE);
    await page.locator('[data-testid^="dataset-"]').getByRole('button', { name: 'Example 2' }).click();
    await expect(topClass(page)).toHaveText('green');
    // Nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The outputs come under the inputs, each as wide as the screen allows.
    const input = (await page.locator('[data-testid^="image-"]').first().boundingBox())!;
    const output = (await topClass(page).boundingBox())!;
    expect(output.y).toBeGreaterThan(input.y + input.height);
    expect(input.width).toBeGreaterThan(330);
    await testInfo.attach(`phone-${scheme}`, {
      body: await page.screenshot({ fullPage: true }),
      contentType: 'image/png',
    });
    expect(errors).toEqual([]);
  }
});

test('keyboard only: Tab reaches every control in order, Enter and Space use them', async ({ page }) => {
  const errors = await openApp(page, INTERFACE);
  // Tab through the whole page once, noting each control's role and name.
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return '';
      const label = el.getAttribute('aria-label') || el.textContent?.trim() || '';
      return `${el.tagName.toLowerCase()}:${label}`;
    });
    if (here === '' || seen.includes(here)) break;
    seen.push(here);
  }
  const names = seen.map((s) => s.split(':').slice(1).join(':'));
  for (const control of ['Clear', 'Submit', 'Flag as Incorrect', 'Flag as Other', 'Example 1', 'Use via API']) {
    expect(names, seen.join('\n')).toContain(control);
  }
  // In reading order: the inputs' buttons, then the outputs', then the examples.
  expect(names.indexOf('Submit')).toBeLessThan(names.indexOf('Flag as Incorrect'));
  expect(names.indexOf('Flag as Other')).toBeLessThan(names.indexOf('Example 1'));
  // Enter on an example, then Space on Clear.
  await page.locator('[data-testid^="dataset-"]').getByRole('button', { name: 'Example 2' }).focus();
  await page.keyboard.press('Enter');
  await expect(topClass(page)).toHaveText('green');
  await page.getByRole('button', { name: 'Clear' }).focus();
  await page.keyboard.press('Space');
  await expect(topClass(page)).toHaveText('');
  // The picture input is labelled: a screen reader names it.
  await expect(page.getByLabel('Picture')).toHaveCount(1);
  expect(errors).toEqual([]);
});
