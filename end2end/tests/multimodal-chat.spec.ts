import { expect, test } from '@playwright/test';
import { MULTIMODAL_CHAT, openApp, png, viewChunksFetched } from './helpers';

test('multimodal chat: attach a picture and a file, see them in the conversation', async ({ page }) => {
  const chunks = viewChunksFetched(page);
  const errors = await openApp(page, MULTIMODAL_CHAT);
  // The page shows a chat and its examples (a table): their chunks, nothing for pictures yet.
  expect([...chunks].sort()).toEqual(['chat', 'table']);
  await expect(page.getByRole('heading', { name: 'What did I send?' })).toBeVisible();
  const box = page.getByPlaceholder('Type a message or attach files…');
  const attached = page.getByRole('list', { name: 'Attached files' });
  await page.getByLabel('Attach files').setInputFiles([
    { name: 'red.png', mimeType: 'image/png', buffer: await png(page, 12, 8) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
  ]);
  // Both wait in the box: the picture as a thumbnail, the other by name.
  await expect(attached.locator('img.attachment-thumb')).toHaveAttribute('alt', 'red.png');
  await expect(attached).toContainText('notes.txt');
  // One can come off again, and go back on.
  await page.getByRole('button', { name: 'Remove notes.txt' }).click();
  await expect(attached.getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Attach files').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello'),
  });
  await expect(attached.getByRole('listitem')).toHaveCount(2);
  await box.fill('what are these?');
  await box.press('Enter');
  const log = page.getByRole('log');
  // One message, as Gradio 6 groups it: the picture shows, the other file is a link, then the
  // text.
  const sent = log.locator('.message.user');
  await expect(sent).toHaveCount(1);
  await expect(sent.locator('img.message-file')).toHaveAttribute('alt', 'red.png');
  await expect(sent.locator('img.message-file')).toHaveJSProperty('naturalWidth', 12);
  await expect(sent.getByRole('link', { name: /notes\.txt/ })).toBeVisible();
  await expect(sent.locator('.message-text')).toHaveText('what are these?');
  const order = await sent
    .locator('.message-body > *')
    .evaluateAll((blocks) => blocks.map((b) => b.className));
  expect(order.slice(0, 3)).toEqual(['message-file', 'message-file-link', 'message-text prose']);
  const replies = log.locator('.message.assistant .message-body');
  await expect(replies.first()).toHaveText(
    'red.png: a picture, 12×8 pixels\nnotes.txt: text/plain, 5 bytes\nYou said: what are these?\n(files sent before: 0)',
  );
  // Then the picture comes back mirrored, as an Image inside the reply (the text file doesn't):
  // the Image's code is fetched then, once the page needs it.
  await expect(replies).toHaveCount(2);
  const mirrored = replies.nth(1).getByRole('img', { name: 'red.png mirrored' });
  await expect(mirrored).toHaveJSProperty('naturalWidth', 12);
  await expect(mirrored).toHaveJSProperty('naturalHeight', 8);
  expect([...chunks].sort()).toEqual(['chat', 'files', 'table']);
  // The box is empty again, files and all.
  await expect(box).toHaveValue('');
  await expect(attached.getByRole('listitem')).toHaveCount(0);
  // Undo puts the whole message back: its text and both files.
  await page.getByRole('button', { name: '↶ Undo' }).click();
  await expect(log.locator('.message')).toHaveCount(0);
  await expect(box).toHaveValue('what are these?');
  await expect(attached.getByRole('listitem')).toHaveCount(2);
  expect(errors).toEqual([]);
});

test('multimodal chat: an example fills the box; files alone are a message', async ({
  page,
}) => {
  const errors = await openApp(page, MULTIMODAL_CHAT);
  const box = page.getByPlaceholder('Type a message or attach files…');
  await page.getByRole('button', { name: 'Example 1' }).click();
  await expect(box).toHaveValue('Hello!');
  // Files alone are a message.
  await box.fill('');
  await page.getByLabel('Attach files').setInputFiles({
    name: 'tiny.png',
    mimeType: 'image/png',
    buffer: await png(page, 2, 3),
  });
  await expect(page.locator('img.attachment-thumb')).toBeVisible();
  await page.getByRole('button', { name: 'Submit' }).click();
  const replies = page.getByRole('log').locator('.message.assistant .message-body');
  await expect(replies.first()).toHaveText('tiny.png: a picture, 2×3 pixels\n(files sent before: 0)');
  await expect(replies.nth(1).getByRole('img', { name: 'tiny.png mirrored' })).toBeVisible();
  expect(errors).toEqual([]);
});
