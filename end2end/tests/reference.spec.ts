import { expect, test } from '@playwright/test';
import { HELLO, imageBlock, openApp, png, REFERENCE, shownSize, viewChunksFetched } from './helpers';

test('a page fetches the code of the views it shows, and no other', async ({ page }) => {
  const chunks = viewChunksFetched(page);
  const errors = await openApp(page, REFERENCE);
  // Files and pictures: their chunk. No chat, table or gallery.
  expect([...chunks]).toEqual(['files']);
  await page.getByLabel('In', { exact: true }).fill('still works');
  await page.getByRole('button', { name: 'Echo' }).click();
  await expect(page.getByLabel('Out', { exact: true })).toHaveValue('still works');
  expect([...chunks]).toEqual(['files']);
  expect(errors).toEqual([]);
  // A page of text boxes and buttons runs on the core alone.
  const hello = await page.context().newPage();
  const none = viewChunksFetched(hello);
  await openApp(hello, HELLO);
  expect([...none]).toEqual([]);
});

test('echo: type, click, see the answer', async ({ page }) => {
  const errors = await openApp(page, REFERENCE);
  await page.getByLabel('In', { exact: true }).fill('hello from the browser');
  await page.getByRole('button', { name: 'Echo' }).click();
  await expect(page.getByLabel('Out', { exact: true })).toHaveValue('hello from the browser');
  expect(errors).toEqual([]);
});

test('add: two numbers in, their sum out', async ({ page }) => {
  await openApp(page, REFERENCE);
  await page.getByLabel('a', { exact: true }).fill('2.5');
  await page.getByLabel('b', { exact: true }).fill('4');
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByLabel('sum', { exact: true })).toHaveValue('6.5');
});

test('an event can run again and again', async ({ page }) => {
  await openApp(page, REFERENCE);
  for (const text of ['one', 'two', 'three']) {
    await page.getByLabel('In', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Echo' }).click();
    await expect(page.getByLabel('Out', { exact: true })).toHaveValue(text);
  }
});

test('a missing number shows a clear error next to the output', async ({ page }) => {
  await openApp(page, REFERENCE);
  await page.getByLabel('a', { exact: true }).fill('');
  await page.getByLabel('b', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Add' }).click();
  const alert = page.getByTestId('number-6').getByRole('alert');
  // The input's name, then what is wrong with it.
  await expect(alert).toHaveText('a: a number is required');
  // Fixing the input and running again clears the error.
  await page.getByLabel('a', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByLabel('sum', { exact: true })).toHaveValue('2');
  await expect(alert).toHaveCount(0);
});

test.describe('before any script runs', () => {
  test.use({ javaScriptEnabled: false });

  test('the server-rendered page already shows every component', async ({ page }) => {
    await page.goto(REFERENCE);
    await expect(page).toHaveTitle('echo');
    for (const label of ['In', 'Out', 'a', 'b', 'sum', 'stream', 'slow']) {
      await expect(page.getByLabel(label, { exact: true })).toBeVisible();
    }
    await expect(page.getByRole('button', { name: 'Echo' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add' })).toBeVisible();
    await expect(page.locator('[data-hydrated]')).toHaveCount(0);
  });
});

test('outputs only an event writes are read-only', async ({ page }) => {
  await openApp(page, REFERENCE);
  await expect(page.getByLabel('Out', { exact: true })).not.toBeEditable();
  await expect(page.getByLabel('In', { exact: true })).toBeEditable();
});

test('a generator streams: the output grows token by token', async ({ page }) => {
  await openApp(page, REFERENCE);
  const output = page.getByLabel('stream', { exact: true });
  // Record every value the output shows on its way to the end.
  await output.evaluate((el: HTMLInputElement) => {
    const seen: string[] = [];
    (window as any).seen = seen;
    new MutationObserver(() => seen.push(el.getAttribute('value') ?? '')).observe(el, {
      attributes: true,
      attributeFilter: ['value'],
    });
  });
  await page.getByRole('button', { name: 'Stream' }).click();
  await expect(output).toHaveValue('abcde');
  const seen: string[] = await page.evaluate(() => (window as any).seen);
  const distinct = [...new Set(seen.filter((v) => v !== ''))];
  expect(distinct.length).toBeGreaterThanOrEqual(3);
  for (const v of distinct) expect('abcde'.startsWith(v)).toBe(true);
  // While it streams the block shows the pending state; when it ends, it doesn't.
  await expect(page.getByTestId('textbox-8')).not.toHaveClass(/pending/);
});

test('a slow function shows its progress, then its result', async ({ page }) => {
  await openApp(page, REFERENCE);
  await page.getByLabel('In', { exact: true }).fill('patience');
  await page.getByRole('button', { name: 'Slow' }).click();
  const bar = page.getByTestId('textbox-10').getByRole('progressbar');
  await expect(bar).toContainText(/[0-3]\/4 steps/);
  await expect(page.getByLabel('slow', { exact: true })).toHaveValue('patience');
  await expect(bar).toHaveCount(0);
});

test('filesize: upload a file, see its size', async ({ page }) => {
  const errors = await openApp(page, REFERENCE);
  const box = page.getByTestId('file-12');
  await box.getByLabel('file').setInputFiles({
    name: 'hello.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello file\n'),
  });
  // The uploaded file is listed, linked to where the server serves it.
  const link = box.getByRole('link', { name: 'hello.txt' });
  await expect(link).toBeVisible();
  await expect(box.locator('.file-size')).toHaveText('11 B');
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^gradio_api\/file=\/.+\/[0-9a-f]{64}\/hello\.txt$/);
  const served = await page.request.get(new URL(href!, REFERENCE + '/').toString());
  expect(await served.text()).toBe('hello file\n');
  await page.getByRole('button', { name: 'Size' }).click();
  await expect(page.getByLabel('size', { exact: true })).toHaveValue('11');
  // Removing the file leaves nothing to size.
  await box.getByRole('button', { name: 'Remove hello.txt' }).click();
  await expect(link).toHaveCount(0);
  await page.getByRole('button', { name: 'Size' }).click();
  await expect(page.getByLabel('size', { exact: true })).toHaveValue('0');
  expect(errors).toEqual([]);
});

test('flip: upload a picture, see it mirrored', async ({ page }) => {
  const errors = await openApp(page, REFERENCE);
  // Red on the left column only.
  await page.getByLabel('image', { exact: true }).setInputFiles({
    name: 'strip.png',
    mimeType: 'image/png',
    buffer: await png(page, 40, 20),
  });
  await page.getByRole('button', { name: 'Flip' }).click();
  expect(await shownSize(page, 'flipped')).toEqual([40, 20]);
  // The result's red is on the right now.
  const pixel = (x: number) =>
    imageBlock(page, 'flipped')
      .locator('img.image-shown')
      .evaluate((img: HTMLImageElement, x: number) => {
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return Array.from(ctx.getImageData(x, 10, 1, 1).data.slice(0, 3));
      }, x);
  expect(await pixel(39)).toEqual([255, 0, 0]);
  expect(await pixel(0)).toEqual([0, 0, 255]);
  expect(errors).toEqual([]);
});

test('a click while the picture still uploads runs once it is there, as in Gradio', async ({ page }) => {
  const errors = await openApp(page, REFERENCE);
  // A slow network: the upload takes a second more, and Flip is clicked meanwhile.
  let uploaded = false;
  await page.route('**/gradio_api/upload*', async (route) => {
    await new Promise((r) => setTimeout(r, 1000));
    await route.continue();
    uploaded = true;
  });
  await page.getByLabel('image', { exact: true }).setInputFiles({
    name: 'strip.png',
    mimeType: 'image/png',
    buffer: await png(page, 40, 20),
  });
  await page.getByRole('button', { name: 'Flip' }).click();
  expect(uploaded).toBe(false);
  // The run waited for the picture: it flipped it rather than answering "no image".
  expect(await shownSize(page, 'flipped')).toEqual([40, 20]);
  expect(errors).toEqual([]);
});

test('a refused upload says why and the app keeps working', async ({ page }) => {
  await openApp(page, REFERENCE);
  const box = page.getByTestId('file-12');
  // The server refuses the upload (as it would a file over max_file_size).
  await page.route('**/gradio_api/upload', (route) =>
    route.fulfill({
      status: 413,
      contentType: 'application/json',
      body: JSON.stringify({ detail: 'the file is larger than the maximum of 10 bytes' }),
    }),
  );
  await box.getByLabel('file').setInputFiles({
    name: 'big.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(100),
  });
  await expect(box.getByRole('alert')).toHaveText('the file is larger than the maximum of 10 bytes');
  await page.unroute('**/gradio_api/upload');
  await box.getByLabel('file').setInputFiles({
    name: 'ok.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('ok'),
  });
  await expect(box.getByRole('link', { name: 'ok.txt' })).toBeVisible();
  await expect(box.getByRole('alert')).toHaveCount(0);
});

test('a large upload shows how much has been sent', async ({ page }) => {
  await openApp(page, REFERENCE);
  // A slow uplink (Chromium's network emulation), so the upload takes a few seconds.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 1024 * 1024,
  });
  const box = page.getByTestId('file-12');
  await box.getByLabel('file').setInputFiles({
    name: 'big.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(4 * 1024 * 1024, 1),
  });
  const bar = box.getByRole('progressbar', { name: 'Upload progress' });
  await expect(bar).toBeVisible();
  // Part of it sent, not all: the bar moves while the bytes go.
  await expect
    .poll(() => bar.evaluate((el: HTMLProgressElement) => el.value), { intervals: [100] })
    .toBeGreaterThan(5);
  expect(await bar.evaluate((el: HTMLProgressElement) => el.value)).toBeLessThan(100);
  await expect(box.getByRole('status')).toContainText('Uploading…');
  // Done: the file is listed and the bar is gone.
  await expect(box.getByRole('link', { name: 'big.bin' })).toBeVisible({ timeout: 20_000 });
  await expect(bar).toHaveCount(0);
});

test('runs: each call is kept in this browser, listed by endpoint, and loads back', async ({
  page,
}) => {
  const errors = await openApp(page, REFERENCE);
  const input = page.getByLabel('In', { exact: true });
  const output = page.getByLabel('Out', { exact: true });
  await input.fill('kept for later');
  await page.getByRole('button', { name: 'Echo' }).click();
  await expect(output).toHaveValue('kept for later');
  await page.getByLabel('a', { exact: true }).fill('2');
  await page.getByLabel('b', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByLabel('sum', { exact: true })).toHaveValue('5');
  // Kept across a reload: the history lives in the browser.
  await page.reload();
  await expect(page.locator('.ferrio-app[data-hydrated="true"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Runs' }).click();
  const runs = page.getByRole('region', { name: 'Run history' });
  // The endpoint run last first, each run's inputs and outputs in a few words.
  await expect(runs.getByRole('heading', { level: 3 })).toHaveText(['/add', '/echo']);
  await expect(runs.locator('.run')).toHaveCount(2);
  await expect(runs.locator('.run-line').last()).toHaveText('kept for later → kept for later');
  await expect(runs.locator('.run-line').first()).toHaveText('2, 3 → 5');
  // Loading a run puts its values back without running it again (no new run is kept).
  await expect(input).toHaveValue('');
  await runs.getByRole('button', { name: 'Load' }).last().click();
  await expect(runs).toHaveCount(0);
  await expect(input).toHaveValue('kept for later');
  await expect(output).toHaveValue('kept for later');
  // Gradio 6's address for the history opens it; Clear empties it.
  await page.goto(`${REFERENCE}/gradio_api/runs`);
  await expect(runs.locator('.run')).toHaveCount(2);
  await runs.getByRole('button', { name: 'Clear' }).click();
  await expect(runs).toContainText('No runs yet.');
  await runs.getByRole('button', { name: 'Close' }).click();
  await expect(runs).toHaveCount(0);
  expect(errors).toEqual([]);
});
