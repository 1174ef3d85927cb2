import { expect, test } from '@playwright/test';
import { REFERENCE, openApp } from './helpers';

test('the API page: every endpoint, its calls in the language picked, copied with one click', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: REFERENCE });
  const errors = await openApp(page, REFERENCE);
  await page.getByRole('link', { name: 'Use via API' }).click();
  await expect(page).toHaveURL(/\?view=api$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API of echo');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText([
    '/add',
    '/echo',
    '/filesize',
    '/flip',
    '/slow',
    '/stream',
  ]);
  const echo = page.locator('#endpoint-echo');
  await expect(echo.getByRole('table', { name: 'Parameters' }).getByRole('row')).toHaveCount(2);
  // Python first; the other languages are hidden.
  const python = echo.locator('figure[data-lang="python"]');
  const js = echo.locator('figure[data-lang="javascript"]');
  await expect(python).toBeVisible();
  await expect(python).toContainText('api_name="/echo"');
  await expect(js).toBeHidden();
  await page.getByRole('button', { name: 'JavaScript' }).click();
  await expect(page.getByRole('button', { name: 'JavaScript' })).toHaveAttribute('aria-pressed', 'true');
  await expect(js).toBeVisible();
  await expect(python).toBeHidden();
  await expect(js).toContainText('await Client.connect("http://127.0.0.1:');

  // Copy puts the call on the clipboard, exactly as shown.
  await js.getByRole('button', { name: 'Copy' }).click();
  await expect(js.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await js.locator('code').textContent());

  // By keyboard: Tab to curl, Enter picks it; the choice is remembered.
  await page.getByRole('button', { name: 'curl' }).focus();
  await page.keyboard.press('Enter');
  await expect(echo.locator('figure[data-lang="bash"]')).toBeVisible();
  await page.reload();
  await expect(echo.locator('figure[data-lang="bash"]')).toBeVisible();
  await expect(echo.locator('figure[data-lang="bash"]')).toContainText('gradio_api/call/v2/echo');

  await page.getByRole('link', { name: '← Back to the app' }).click();
  await expect(page.locator('.ferrio-app[data-hydrated="true"]')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the OpenAPI document lists the REST calls', async ({ request }) => {
  const doc = await (await request.get(`${REFERENCE}/gradio_api/openapi.json`)).json();
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toContain('/gradio_api/call/echo');
  expect(Object.keys(doc.paths)).toContain('/gradio_api/call/echo/{event_id}');
});
