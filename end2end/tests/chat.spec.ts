import { expect, test } from '@playwright/test';
import { CHAT, openApp } from './helpers';

test('ChatInterface: the reply streams in, the box empties, history goes along', async ({ page }) => {
  const errors = await openApp(page, CHAT);
  await expect(page.getByRole('heading', { name: 'Echo bot' })).toBeVisible();
  const log = page.getByRole('log');
  await expect(log).toContainText('Say something');
  const box = page.getByPlaceholder('Type a message…');
  await box.fill('hello bot');
  await box.press('Enter');
  await expect(log.locator('.message.user .message-body')).toHaveText('hello bot');
  await expect(box).toHaveValue('');
  // Seen growing: a part of the reply before the whole.
  const reply = log.locator('.message.assistant .message-body');
  await expect(reply).toHaveText(/^You said: (hello )?$/);
  await expect(reply).toHaveText('You said: hello bot (message 1)');
  // A second turn: the function got the history.
  await box.fill('again');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(reply.last()).toHaveText('You said: again (message 2)');
  await expect(log.locator('.message')).toHaveCount(4);
  // An example prompt fills the box.
  await page.getByRole('button', { name: 'Example 2' }).click();
  await expect(box).toHaveValue('What can you do?');
  // The listener behind the API is not on the page.
  await expect(page.getByRole('button', { name: 'chat', exact: true })).toHaveCount(0);
  expect(errors).toEqual([]);
});
