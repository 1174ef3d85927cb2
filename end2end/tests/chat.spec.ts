import { expect, test } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { CHAT, openApp } from './helpers';

test('ChatInterface: the reply streams in, the box empties, history goes along', async ({ page }) => {
  const errors = await openApp(page, CHAT);
  await expect(page.getByRole('heading', { name: 'Echo bot' })).toBeVisible();
  const log = page.getByRole('log');
  await expect(log).toContainText('Say something');
  const box = page.getByPlaceholder('Type a message…');
  // Every text the reply shows, as the page changes.
  await page.evaluate(() => {
    const w = window as unknown as { seen: string[] };
    w.seen = [];
    const log = document.querySelector('[role="log"]')!;
    new MutationObserver(() => {
      const body = log.querySelector('.message.assistant .message-body');
      // As a person reads it: HTML's trailing newline isn't text on screen.
      if (body) w.seen.push((body.textContent ?? '').trimEnd());
    }).observe(log, { subtree: true, childList: true, characterData: true });
  });
  await box.fill('hello bot');
  await box.press('Enter');
  await expect(log.locator('.message.user .message-body')).toHaveText('hello bot');
  await expect(box).toHaveValue('');
  const reply = log.locator('.message.assistant .message-body');
  await expect(reply).toHaveText('You said: hello bot (message 1)');
  // It grew: each text shown extends the one before.
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  const shown = seen.filter((t, i) => t !== seen[i - 1]);
  expect(shown.length).toBeGreaterThan(2);
  shown.slice(1).forEach((t, i) => expect(t.startsWith(shown[i])).toBe(true));
  // A second turn: the function got the history.
  await box.fill('again');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(reply.last()).toHaveText('You said: again (message 2)');
  await expect(log.locator('.message')).toHaveCount(4);
  // An example prompt fills the box.
  await page.getByRole('button', { name: 'Example 2' }).click();
  await expect(box).toHaveValue('What can you do?');
  // The box takes 7 parts of the row, Submit 1 (their `scale`s, through the box's Form).
  const boxWidth = (await box.boundingBox())!.width;
  const submitWidth = (await page.getByRole('button', { name: 'Submit' }).boundingBox())!.width;
  expect(boxWidth).toBeGreaterThan(4 * submitWidth);
  // The listener behind the API is not on the page.
  await expect(page.getByRole('button', { name: 'chat', exact: true })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('ChatInterface: Retry answers the last message again, Undo takes it back, Clear empties', async ({
  page,
}) => {
  const errors = await openApp(page, CHAT);
  const log = page.getByRole('log');
  const box = page.getByPlaceholder('Type a message…');
  const replies = log.locator('.message.assistant .message-body');
  for (const [text, n] of [['first', 1], ['second', 2]] as const) {
    await box.fill(text);
    await box.press('Enter');
    await expect(replies.last()).toHaveText(`You said: ${text} (message ${n})`);
  }
  // Retry: the second message is answered again from the history before it.
  await page.evaluate(() => {
    const w = window as unknown as { emptied: boolean };
    w.emptied = false;
    const log = document.querySelector('[role="log"]')!;
    new MutationObserver(() => {
      const last = [...log.querySelectorAll('.message.assistant .message-body')].pop();
      if (last && last.textContent === '') w.emptied = true;
    }).observe(log, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: '↻ Retry' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { emptied: boolean }).emptied)).toBe(true);
  await expect(replies.last()).toHaveText('You said: second (message 2)');
  await expect(log.locator('.message')).toHaveCount(4);
  // Undo: the last turn goes and its message is back in the box.
  await page.getByRole('button', { name: '↶ Undo' }).click();
  await expect(log.locator('.message')).toHaveCount(2);
  await expect(box).toHaveValue('second');
  // Clear: an empty conversation.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(log.locator('.message')).toHaveCount(0);
  await expect(log).toContainText('Say something');
  expect(errors).toEqual([]);
});

test('ChatInterface: an additional input in a closed accordion reaches the function', async ({ page }) => {
  const errors = await openApp(page, CHAT);
  const capitals = page.getByRole('checkbox', { name: 'Capitals' });
  await expect(capitals).toBeHidden();
  await page.locator('summary', { hasText: 'Additional inputs' }).click();
  await capitals.check();
  const box = page.getByPlaceholder('Type a message…');
  await box.fill('quiet please');
  await box.press('Enter');
  await expect(page.getByRole('log').locator('.message.assistant .message-body')).toHaveText(
    'YOU SAID: QUIET PLEASE (MESSAGE 1)',
  );
  expect(errors).toEqual([]);
});

// The demo server runs in end2end/ and saves likes to this dataset.
const FEEDBACK = path.join(__dirname, '..', '.ferrio', 'chat-feedback', 'dataset1.jsonl');

/** The saved likes (one object per row), or none before the first. */
function feedbackRows(): Record<string, unknown>[] {
  return fs.existsSync(FEEDBACK)
    ? fs.readFileSync(FEEDBACK, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    : [];
}

test('ChatInterface: 👍 / 👎 under a reply save the conversation up to it', async ({ page }) => {
  const errors = await openApp(page, CHAT);
  const log = page.getByRole('log');
  const box = page.getByPlaceholder('Type a message…');
  const word = `likes-${Date.now()}`;
  for (const [text, n] of [[word, 1], ['more', 2]] as const) {
    await box.fill(text);
    await box.press('Enter');
    await expect(log.locator('.message.assistant .message-body').last()).toHaveText(
      `You said: ${text} (message ${n})`,
    );
  }
  const rate = log.getByRole('group', { name: 'Rate this reply' });
  await expect(rate).toHaveCount(2);
  const before = feedbackRows().length;
  // 👍 on the first reply, by keyboard: it stays pressed, and a row is saved.
  const like = rate.first().getByRole('button', { name: 'Like', exact: true });
  await like.focus();
  await page.keyboard.press('Enter');
  await expect(like).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => feedbackRows().length).toBe(before + 1);
  const row = feedbackRows().pop()!;
  expect(row.flag).toBe('Like');
  // Saved as Gradio 6 sends the conversation: each message's content a list of typed blocks.
  const saved = row.Chatbot as { content: { type: string; text: string }[] }[];
  expect(saved.map((m) => m.content)).toEqual([
    [{ type: 'text', text: word }],
    [{ type: 'text', text: `You said: ${word} (message 1)` }],
  ]);
  // 👎 on the second; pressing it again takes it back (nothing more is saved).
  const dislike = rate.last().getByRole('button', { name: 'Dislike' });
  await dislike.click();
  await expect(dislike).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => feedbackRows().length).toBe(before + 2);
  expect(feedbackRows().pop()!.flag).toBe('Dislike');
  await dislike.click();
  await expect(dislike).toHaveAttribute('aria-pressed', 'false');
  await expect(like).toHaveAttribute('aria-pressed', 'true');
  // A reply answered again (Retry) is a new reply: it starts unrated; the first keeps its 👍.
  await dislike.click();
  await expect(dislike).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => feedbackRows().length).toBe(before + 3);
  await page.getByRole('button', { name: '↻ Retry' }).click();
  await expect(dislike).toHaveAttribute('aria-pressed', 'false');
  // Answered again in full (the same words): still unrated.
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
  await expect(log.locator('.message.assistant .message-body').last()).toHaveText(
    'You said: more (message 2)',
  );
  await expect(dislike).toHaveAttribute('aria-pressed', 'false');
  await expect(like).toHaveAttribute('aria-pressed', 'true');
  expect(errors).toEqual([]);
});

test('ChatInterface: the box\'s Stop button ends a reply where it is, and shows only meanwhile', async ({ page }) => {
  const errors = await openApp(page, CHAT);
  const box = page.getByPlaceholder('Type a message…');
  const stop = page.getByRole('button', { name: 'Stop', exact: true });
  await expect(stop).toHaveCount(0);
  // A long message: its echo takes seconds, word by word.
  await box.fill(Array.from({ length: 80 }, (_, i) => `word${i}`).join(' '));
  await box.press('Enter');
  const reply = page.getByRole('log').locator('.message.assistant .message-body');
  await expect(reply).toContainText('word2');
  await stop.click();
  await expect(stop).toHaveCount(0);
  const kept = (await reply.textContent()) ?? '';
  expect(kept).not.toContain('word79');
  await page.waitForTimeout(600);
  // Nothing more came, and what came stays.
  expect(await reply.textContent()).toBe(kept);
  // The next message is answered in full.
  await box.fill('short');
  await box.press('Enter');
  await expect(reply.last()).toHaveText('You said: short (message 2)');
  await expect(stop).toHaveCount(0);
  expect(errors).toEqual([]);
});
