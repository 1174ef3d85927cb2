import { expect, test } from '@playwright/test';
import { openApp, TYPEWRITER } from './helpers';

test('Stop cancels a streaming function midway and keeps what it showed', async ({ page }) => {
  await openApp(page, TYPEWRITER);
  const typed = page.getByLabel('Typed');
  await page.getByRole('button', { name: 'Type' }).click();
  await expect.poll(async () => (await typed.inputValue()).length).toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Stop' }).click();
  // Once stopped, the output no longer changes, shows no error and is not pending.
  await expect(page.getByTestId('textbox-3')).not.toHaveClass(/pending/);
  const stopped = await typed.inputValue();
  await page.waitForTimeout(400);
  await expect(typed).toHaveValue(stopped);
  const full = await page.getByLabel('Text').inputValue();
  expect(stopped.length).toBeLessThan(full.length);
  expect(full.startsWith(stopped)).toBe(true);
  await expect(page.getByRole('alert')).toHaveCount(0);
  // And it can run again, to the end.
  await page.getByRole('button', { name: 'Type' }).click();
  await expect(typed).toHaveValue(full, { timeout: 15_000 });
});
