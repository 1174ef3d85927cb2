import { expect, test } from '@playwright/test';
import { IMAGE, imageBlock, openApp, png, shownSize } from './helpers';


test('upload an image, see it and its transformed copy', async ({ page }) => {
  const errors = await openApp(page, IMAGE);
  await page.getByLabel('Your image').setInputFiles({
    name: 'photo.png',
    mimeType: 'image/png',
    buffer: await png(page, 40, 20),
  });
  // The upload shows the picture and runs the transform (grayscale by default).
  expect(await shownSize(page, 'Your image')).toEqual([40, 20]);
  await expect(page.getByLabel('Size')).toHaveValue('40 × 20 px');
  // Rotating swaps the sides; the result is an image the browser decodes.
  await page.getByLabel('Transform').selectOption('Rotate 90°');
  await page.getByRole('button', { name: 'Transform' }).click();
  await expect(page.getByLabel('Size')).toHaveValue('20 × 40 px');
  await expect.poll(() => shownSize(page, 'Result')).toEqual([20, 40]);
  const result = imageBlock(page, 'Result');
  // The result can be downloaded; it can't be removed (it's an output).
  await expect(result.getByRole('link', { name: 'Download' })).toBeVisible();
  await expect(result.getByRole('button', { name: 'Remove image' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a file that is not an image gets a clear error; removing the image asks for one', async ({
  page,
}) => {
  await openApp(page, IMAGE);
  // Not an image, though the browser is told it is.
  await page.getByLabel('Your image').setInputFiles({
    name: 'fake.png',
    mimeType: 'image/png',
    buffer: Buffer.from('<svg onload=alert(1)>'),
  });
  const result = imageBlock(page, 'Result');
  await expect(result.getByRole('alert')).toContainText('Your image: not an image');
  // Remove it: the picker is back.
  const input = imageBlock(page, 'Your image');
  await input.getByRole('button', { name: 'Remove image' }).click();
  await expect(input.locator('img')).toHaveCount(0);
  await expect(input.getByText('Drop an image here, paste one, or click to upload')).toBeVisible();
});
