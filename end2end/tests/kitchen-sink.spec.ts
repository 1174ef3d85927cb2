import * as fs from 'fs';
import { expect, Page, test } from '@playwright/test';
import { KITCHEN_SINK, openApp } from './helpers';

/** The JSON output, parsed back from its tree's text is brittle; read the values it shows. */
async function summary(page: Page) {
  return page.locator('[data-testid^="json-"] .json-tree');
}

test('choices: each component sends what the person picked', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  // Checkbox starts ticked; untick it.
  await page.getByRole('checkbox', { name: 'I agree' }).uncheck();
  // CheckboxGroup: tick two, in the choices' order regardless of click order.
  const colours = page.getByRole('group', { name: 'Colours' });
  await colours.getByLabel('Blue').check();
  await colours.getByLabel('Red').check();
  // Radio: labels shown, values sent.
  await page.getByRole('group', { name: 'Size' }).getByLabel('Large').check();
  // Single dropdown.
  await page.getByLabel('Pet').selectOption('dog');
  // Multi dropdown: add one, remove the initial one, and the third is refused by max_choices.
  const languages = page.locator('[data-testid^="dropdown-"]', { hasText: 'Languages' });
  await languages.getByRole('combobox').selectOption('go');
  await expect(languages.locator('.chip')).toHaveCount(2);
  await languages.getByRole('button', { name: 'Remove rust' }).click();
  await expect(languages.locator('.chip')).toHaveText(['go×']);
  // Custom value.
  await page.getByLabel('Fruit (or type your own)').fill('mango');
  await page.getByLabel('Fruit (or type your own)').press('Enter');

  await page.getByRole('button', { name: 'Summarize' }).click();
  const tree = await summary(page);
  await expect(tree).toContainText('"agree": false');
  await expect(tree).toContainText('"size": "l"');
  await expect(tree).toContainText('"pet": "dog"');
  await expect(tree).toContainText('"fruit": "mango"');
  await expect(tree.locator('li', { hasText: '"colours"' })).toContainText('0: "Red"');
  await expect(tree.locator('li', { hasText: '"colours"' })).toContainText('1: "Blue"');
  await expect(tree.locator('li', { hasText: '"languages"' })).toContainText('0: "go"');
  expect(errors).toEqual([]);
});

test('examples of choices show their labels and load their values', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  const table = page.getByRole('group', { name: 'Examples' });
  await expect(table.locator('tbody tr').first()).toContainText('Large');
  await expect(table.locator('tbody tr').nth(1)).toContainText('python, rust');
  await table.getByRole('button', { name: 'Example 1' }).click();
  await expect(page.getByRole('group', { name: 'Size' }).getByLabel('Large')).toBeChecked();
  const languages = page.locator('[data-testid^="dropdown-"]', { hasText: 'Languages' });
  await expect(languages.locator('.chip')).toHaveText(['go×']);
  expect(errors).toEqual([]);
});

test('select: picking a choice, a cell, a message or some text tells the function what', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  const pick = page.getByLabel('Last pick', { exact: true });
  await page.getByRole('group', { name: 'Size' }).getByLabel('Small').check();
  await expect(pick).toHaveValue('Size: picked s (choice 1)');
  const colours = page.getByRole('group', { name: 'Colours' });
  await colours.getByLabel('Green').check();
  await expect(pick).toHaveValue('Colours: ticked Green');
  await colours.getByLabel('Green').uncheck();
  await expect(pick).toHaveValue('Colours: unticked Green');
  const languages = page.locator('[data-testid^="dropdown-"]', { hasText: 'Languages' });
  await languages.getByRole('combobox').selectOption('python');
  await expect(pick).toHaveValue('Languages: added python');
  await languages.getByRole('button', { name: 'Remove rust' }).click();
  await expect(pick).toHaveValue('Languages: removed rust');

  // A table cell: the function gets [row, column], the cell, and reads its row's item.
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.getByLabel('price, row 2').click();
  await expect(page.getByLabel('Picked cell', { exact: true })).toHaveValue('cake · price = 4');
  // An output table's cells are picked by click or keyboard.
  const totals = page.locator('[data-testid^="dataframe-"]', { hasText: 'Line totals' });
  await page.getByRole('button', { name: 'Total' }).click();
  await expect(totals.locator('tbody tr')).toHaveCount(2);
  await totals.locator('tbody tr').nth(1).locator('td').nth(1).click();
  await expect(page.getByLabel('Picked cell', { exact: true })).toHaveValue('Line totals, row 2: cake 4');
  await totals.locator('tbody tr').nth(0).locator('td').nth(0).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Picked cell', { exact: true })).toHaveValue('Line totals, row 1: tea 5');

  // A chat message, and text highlighted in the message box.
  await page.getByRole('tab', { name: 'Chat' }).click();
  await page.getByLabel('Message', { exact: true }).fill('pick me');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  const log = page.getByRole('log');
  await expect(log.locator('.message.assistant .message-body')).toHaveText('You said: pick me');
  const picked = page.getByLabel('Picked message', { exact: true });
  await log.locator('.message').nth(1).click();
  await expect(picked).toHaveValue('Message 2: You said: pick me');
  await log.locator('.message').nth(0).focus();
  await page.keyboard.press('Enter');
  await expect(picked).toHaveValue('Message 1: pick me');
  const box = page.getByLabel('Message', { exact: true });
  await box.fill('héllo wörld');
  await box.evaluate((el: HTMLInputElement) => el.setSelectionRange(6, 11));
  await expect(picked).toHaveValue('Selected "wörld" (characters 6–11)');
  // 👍 / 👎 under the reply (the chatbot has a `like` listener): the function gets which.
  const thumbs = log.getByRole('group', { name: 'Rate this reply' });
  await expect(thumbs).toHaveCount(1);
  // The person's own message can be rated too (`like_user_message`).
  const own = log.getByRole('group', { name: 'Rate this message' });
  await expect(own).toHaveCount(1);
  await own.getByRole('button', { name: 'Like', exact: true }).click();
  await expect(picked).toHaveValue('Like on reply 1: pick me');
  await thumbs.getByRole('button', { name: 'Dislike' }).click();
  await expect(picked).toHaveValue('Dislike on reply 2: You said: pick me');
  await thumbs.getByRole('button', { name: 'Dislike' }).click();
  await expect(picked).toHaveValue('Took back the rating of reply 2');
  // The chatbot's own options sit under a flag: one picked goes to the function too.
  const options = thumbs.locator('.feedback-options');
  await expect(options).toBeHidden();
  await thumbs.getByLabel('More feedback').click();
  await expect(options.getByRole('button')).toHaveText(['Inaccurate', 'Funny']);
  await options.getByRole('button', { name: 'Funny' }).click();
  await expect(picked).toHaveValue('Funny on reply 2: You said: pick me');
  // The menu folds away; the flag shows feedback was given, and the menu which.
  await expect(options).toBeHidden();
  await expect(thumbs.locator('summary.given')).toHaveCount(1);
  await expect(thumbs.getByRole('button', { name: 'Dislike' })).toHaveAttribute('aria-pressed', 'false');
  await thumbs.getByLabel('More feedback').click();
  await expect(options.getByRole('button', { name: 'Funny' })).toHaveAttribute('aria-pressed', 'true');
  expect(errors).toEqual([]);
});

test('chat messages show as Markdown, and a reply can hold another component', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Chat' }).click();
  const box = page.getByLabel('Message', { exact: true });
  await box.fill('tea **tea** and `cake`');
  await box.press('Enter');
  const log = page.getByRole('log');
  const replies = log.locator('.message.assistant .message-body');
  // Rendered by the server: bold and code drawn, the markup gone.
  await expect(replies.first().locator('strong')).toHaveText('tea');
  await expect(replies.first().locator('code')).toHaveText('cake');
  await expect(replies.first()).toHaveText('You said: tea tea and cake');
  await expect(log.locator('.message.user strong')).toHaveText('tea');

  // A reply holding a Label: the top words with their bars, display-only.
  await page.getByRole('button', { name: 'Count my words' }).click();
  await expect(replies.nth(1)).toHaveText('You wrote 4 words; the most used:');
  await expect(replies.nth(1).locator('strong')).toHaveText('4');
  const counted = replies.nth(2);
  await expect(counted.locator('.label-heading')).toHaveText('tea');
  await expect(counted.getByText('Most used words')).toBeVisible();
  await expect(counted.getByRole('meter')).toHaveCount(3);
  await expect(counted.getByRole('meter', { name: 'tea' })).toHaveAttribute('aria-valuenow', '50');

  // Raw HTML in a message is shown as text, never as markup.
  await box.fill('<b>raw</b> <img src=x onerror=alert(1)>');
  await box.press('Enter');
  await expect(replies.nth(3)).toHaveText('You said: <b>raw</b> <img src=x onerror=alert(1)>');
  await expect(log.locator('b, img:not(.avatar)')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a MultimodalTextbox sends its text and files on Enter or its send button', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Chat' }).click();
  const box = page.getByLabel('Text and files', { exact: true });
  const got = page.getByLabel('What you sent', { exact: true });
  await box.fill('just text');
  await box.press('Enter');
  await expect(got).toHaveValue('0 file(s) [], text: just text');
  const field = page.locator('[data-testid^="multimodaltextbox-"]');
  await field.getByLabel('Attach files').setInputFiles([
    { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('aaa') },
    { name: 'b.csv', mimeType: 'text/csv', buffer: Buffer.from('1,2') },
  ]);
  await expect(field.getByRole('listitem')).toHaveCount(2);
  await box.fill('with files');
  await field.getByRole('button', { name: 'Send message' }).click();
  await expect(got).toHaveValue('2 file(s) [a.txt, b.csv], text: with files');
  expect(errors).toEqual([]);
});

test('the page holds a heartbeat open, so the server knows when it goes (load/unload count it)', async ({ page }) => {
  const heartbeat = page.waitForRequest((r) => r.url().includes('/gradio_api/heartbeat/'));
  const errors = await openApp(page, KITCHEN_SINK);
  const url = (await heartbeat).url();
  // The page's own session: the one its events join with.
  const join = page.waitForRequest((r) => r.url().endsWith('/gradio_api/queue/join'));
  await page.getByRole('tab', { name: 'Events' }).click();
  await page.getByRole('button', { name: 'Count (every click)' }).click();
  const session = JSON.parse((await join).postData()!).session_hash;
  expect(url.endsWith(`/gradio_api/heartbeat/${session}`)).toBe(true);
  const open = page.getByLabel('Pages open (when this one loaded)', { exact: true });
  await expect.poll(async () => Number(await open.inputValue())).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('JSON folds open and shut', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  await page.getByRole('button', { name: 'Summarize' }).click();
  const languages = page.locator('.json-tree li', { hasText: '"languages"' }).locator('details');
  await expect(languages).toHaveAttribute('open', '');
  await languages.locator('summary').click();
  await expect(languages).not.toHaveAttribute('open', '');
});

test('updates: a function changes other components\' props, and the page redraws them', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Updates' }).click();
  // Gradio's classic: the essay box grows, shrinks and goes.
  const kind = page.getByRole('group', { name: 'What kind of essay?' });
  const essay = page.getByRole('textbox', { name: 'Essay', exact: true });
  await expect(essay).toHaveAttribute('rows', '2');
  await essay.fill('Once upon a time');
  await kind.getByLabel('long').check();
  await expect(essay).toHaveAttribute('rows', '8');
  // Drawn again with its new props, it keeps what the person typed.
  await expect(essay).toHaveValue('Once upon a time');
  await kind.getByLabel('none').check();
  await expect(essay).toBeHidden();
  await kind.getByLabel('short').check();
  await expect(essay).toBeVisible();
  await expect(essay).toHaveAttribute('rows', '2');

  // New choices: the city picker offers the country's cities, and a pick among them is taken
  // (the server checks it against the choices this page was given, not the declared ones).
  await expect(page.getByLabel('City', { exact: true })).toBeDisabled();
  await page.getByLabel('Country').selectOption('Japan');
  const city = page.getByLabel('City in Japan');
  await expect(city).toBeEnabled();
  await expect(city).toHaveValue('Tokyo');
  await expect(page.getByLabel('Trip')).toHaveValue('Off to Tokyo!');
  await city.selectOption('Kyoto');
  await expect(page.getByLabel('Trip')).toHaveValue('Off to Kyoto!');
  await page.getByLabel('Country').selectOption('Peru');
  await expect(page.getByLabel('City in Peru').locator('option:not([disabled])')).toHaveText(['Lima', 'Cusco']);
  await expect(page.getByLabel('Trip')).toHaveValue('Off to Lima!');

  // Locking: the memo becomes read-only under a new label, the button red and disabled.
  const save = page.getByRole('button', { name: 'Save memo' });
  const memo = page.getByLabel('Memo', { exact: true });
  await memo.fill('milk');
  await save.click();
  await expect(memo).toHaveValue('Saved: milk');
  await page.getByRole('checkbox', { name: 'Lock the memo' }).check();
  const locked = page.getByLabel('Memo (locked)');
  await expect(locked).toHaveAttribute('readonly', '');
  await expect(locked).toHaveValue('Saved: milk');
  await expect(save).toBeDisabled();
  await expect(save).toHaveClass(/\bstop\b/);
  await page.getByRole('checkbox', { name: 'Lock the memo' }).uncheck();
  await expect(memo).not.toHaveAttribute('readonly', '');
  await expect(save).toBeEnabled();
  expect(errors).toEqual([]);
});

test('updates of layouts: a column shows and hides, an accordion opens', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Updates' }).click();
  const temperature = page.getByLabel('Temperature');
  await expect(temperature).toBeHidden();
  await page.getByRole('checkbox', { name: 'Show advanced options' }).check();
  await expect(temperature).toBeVisible();
  await temperature.evaluate((el: HTMLInputElement) => {
    el.value = '2';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.getByRole('checkbox', { name: 'Show advanced options' }).uncheck();
  await expect(temperature).toBeHidden();
  await page.getByRole('checkbox', { name: 'Show advanced options' }).check();
  // Drawn again, the slider keeps its value.
  await expect(temperature).toHaveValue('2');

  const shown = page.getByText('Shown when the accordion opens.');
  await expect(shown).toBeHidden();
  await page.getByRole('button', { name: 'Open details' }).click();
  await expect(shown).toBeVisible();

  // Tabs: a function shows another tab.
  await page.getByRole('button', { name: 'Go to the Events tab' }).click();
  await expect(page.getByRole('tab', { name: 'Events' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Ticks')).toBeVisible();
  expect(errors).toEqual([]);
});

test('layouts keep what the person chose, and a function setting it again is obeyed', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  const updates = page.getByRole('tab', { name: 'Updates' });
  const events = page.getByRole('tab', { name: 'Events' });
  const toEvents = page.getByRole('button', { name: 'Go to the Events tab' });
  await updates.click();
  // Opened by hand, the accordion stays open while a function changes the Tabs around it.
  const shown = page.getByText('Shown when the accordion opens.');
  const summary = page.locator('summary', { hasText: /^Details$/ });
  await summary.click();
  await expect(shown).toBeVisible();
  await toEvents.click();
  await expect(events).toHaveAttribute('aria-selected', 'true');
  // A tab shown by a function fires its `select` too (the box sits in the hidden Extras tab).
  await expect(page.getByLabel('Opened', { exact: true })).toHaveValue('Opened “Events”, tab 9 of the strip');
  await updates.click();
  await expect(updates).toHaveAttribute('aria-selected', 'true');
  await expect(shown).toBeVisible();
  // The same update again: the person went back to Updates since, so it shows Events again.
  await toEvents.click();
  await expect(events).toHaveAttribute('aria-selected', 'true');
  await updates.click();
  // Closed by hand, the accordion is opened again by the function.
  await summary.click();
  await expect(shown).toBeHidden();
  await page.getByRole('button', { name: 'Open details' }).click();
  await expect(shown).toBeVisible();
  await summary.click();
  await expect(shown).toBeHidden();
  await page.getByRole('button', { name: 'Open details' }).click();
  await expect(shown).toBeVisible();

  // A tab a function shows and hides (`Tab::update().visible(..)`).
  const extras = page.getByRole('tab', { name: 'Extras' });
  await expect(extras).toBeHidden();
  await page.getByRole('checkbox', { name: 'Show the Extras tab' }).check();
  await extras.click();
  await expect(page.getByText('A tab a function shows')).toBeVisible();
  // Its `select` listener heard which tab showed.
  await expect(page.getByLabel('Opened', { exact: true })).toHaveValue('Opened “Extras”, tab 10 of the strip');
  await updates.click();
  await page.getByRole('checkbox', { name: 'Show the Extras tab' }).uncheck();
  await expect(extras).toBeHidden();
  expect(errors).toEqual([]);
});

test('tabs switch with a click and the arrow keys', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  const code = page.getByRole('tab', { name: 'Text & code' });
  await expect(page.getByLabel('Source')).toBeHidden();
  await code.click();
  await expect(code).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByLabel('Source')).toBeVisible();
  await expect(page.getByLabel('Pet')).toBeHidden();
  await code.press('ArrowRight');
  const data = page.getByRole('tab', { name: 'Data' });
  await expect(data).toHaveAttribute('aria-selected', 'true');
  await expect(data).toBeFocused();
  await expect(page.getByLabel('Grand total')).toBeVisible();
  await expect(page.getByLabel('Source')).toBeHidden();
  await data.press('End');
  await expect(page.getByRole('tab', { name: 'Events' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByRole('tab', { name: 'Choices' })).toHaveAttribute('aria-selected', 'true');
});

test('code: typing runs the change listener; the output is a read-only block', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Text & code' }).click();
  await page.getByLabel('Source').fill('a = 1\nb = 2\nc = 3');
  await expect(page.getByLabel('Lines')).toHaveValue('3');
  await expect(page.locator('pre.code-block code')).toHaveText('// 3 lines\na = 1\nb = 2\nc = 3');
});

test('HTML output is sanitized: markup shows, script never runs', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  let alerted = false;
  page.on('dialog', async (d) => {
    alerted = true;
    await d.dismiss();
  });
  await page.getByRole('tab', { name: 'Text & code' }).click();
  await page.getByLabel('HTML').fill('<b id="x">bold</b><img src=x onerror=alert(1)><script>alert(2)</script>');
  await page.getByRole('button', { name: 'Render' }).click();
  const rendered = page.locator('[data-testid^="html-"]').filter({ has: page.locator('b#user-x') });
  await expect(rendered.locator('b#user-x')).toHaveText('bold');
  await expect(rendered.locator('img')).not.toHaveAttribute('onerror');
  await expect(rendered.locator('script')).toHaveCount(0);
  await page.waitForTimeout(200);
  expect(alerted).toBe(false);
  expect(errors).toEqual([]);
});

test('a Markdown output shows each new value rendered, sanitized', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Text & code' }).click();
  const preview = page.locator('#markdown-preview');
  await expect(preview.locator('strong')).toHaveText('bold');
  const source = page.getByLabel('Markdown text');
  await source.fill('## Plan\n\n- [a link](https://example.com)\n- <script>window.pwned = 1</script>');
  await expect(preview.getByRole('heading', { name: 'Plan' })).toBeVisible();
  await expect(preview.getByRole('link', { name: 'a link' })).toHaveAttribute('href', 'https://example.com');
  await expect(preview).toContainText('<script>window.pwned = 1</script>');
  expect(await page.evaluate(() => (window as any).pwned)).toBeUndefined();
  await source.fill('');
  await expect(preview.locator('em')).toHaveText('Nothing to preview.');
  expect(errors).toEqual([]);
});

test('colour picker: picking a colour updates the swatch', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Text & code' }).click();
  await page.getByLabel('Colour', { exact: true }).fill('#ff0000');
  await expect(page.locator('#user-swatch')).toHaveText('#ff0000');
  await expect(page.locator('#user-swatch')).toHaveCSS('background-color', 'rgb(255, 0, 0)');
});

test('label: confidences as bars, highest first; an error for empty text', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Classify' }).click();
  await page.getByLabel('Sentence').fill('I love fast apps');
  await page.getByRole('button', { name: 'Classify' }).click();
  await expect(page.locator('.label-heading')).toHaveText('positive');
  const meters = page.getByRole('meter');
  await expect(meters).toHaveCount(3);
  await expect(meters.first()).toHaveAttribute('aria-label', 'positive');
  await expect(meters.first()).toHaveAttribute('aria-valuenow', '67');
  await page.getByLabel('Sentence').fill(' ');
  await page.getByLabel('Sentence').press('Enter');
  await expect(page.getByRole('alert')).toHaveText('Type a sentence to classify.');
});

test('accordion opens to show its inputs, which work (queue=false: called directly)', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await expect(page.getByLabel('A number')).toBeHidden();
  await page.getByText('More inputs').click();
  await expect(page.getByLabel('A number')).toBeVisible();
  const direct = page.waitForResponse((r) => r.url().endsWith('/gradio_api/run/predict'));
  await page.getByRole('button', { name: 'Add them' }).click();
  expect((await direct).status()).toBe(200);
  await expect(page.getByLabel('Their sum')).toHaveValue('6');
  // A bad input is refused with the reason shown, as for a queued event.
  await page.getByLabel('A number').fill('');
  await page.getByRole('button', { name: 'Add them' }).click();
  await expect(page.locator('[data-testid^="number-"]', { hasText: 'Their sum' })).toContainText('A number');
  expect(errors).toEqual([]);
});

test('sidebar opens and closes with its toggle', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  const toggle = page.getByRole('button', { name: 'Toggle sidebar' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByText('Every Ferrio component')).not.toBeInViewport();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText('Every Ferrio component')).toBeInViewport();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshot in ${scheme} mode`, async ({ page }, info) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 900 });
    await openApp(page, KITCHEN_SINK);
    await page.getByRole('button', { name: 'Summarize' }).click();
    await expect(page.locator('.json-tree')).toContainText('"agree"');
    await expect(page.locator('body')).toHaveCSS(
      'background-color',
      scheme === 'dark' ? 'rgb(15, 15, 17)' : 'rgb(255, 255, 255)',
    );
    const shot = await page.screenshot({ fullPage: true });
    await info.attach(`kitchen-sink-${scheme}`, { body: shot, contentType: 'image/png' });
    if (process.env.SCREENSHOT_DIR) {
      require('fs').writeFileSync(`${process.env.SCREENSHOT_DIR}/kitchen-sink-${scheme}.png`, shot);
    }
  });
}

test('state is kept per session: two visitors have their own notes', async ({ browser }) => {
  const [a, b] = await Promise.all([browser.newPage(), browser.newPage()]);
  for (const page of [a, b]) {
    await openApp(page, KITCHEN_SINK);
    await page.getByRole('tab', { name: 'State' }).click();
  }
  const add = async (page: Page, note: string) => {
    await page.getByLabel('Note', { exact: true }).fill(note);
    await page.getByRole('button', { name: 'Add note' }).click();
  };
  await add(a, 'milk');
  await expect(a.getByLabel('My notes (this session only)')).toHaveValue('milk');
  await add(b, 'eggs');
  await expect(b.getByLabel('My notes (this session only)')).toHaveValue('eggs');
  await add(a, 'bread');
  await expect(a.getByLabel('My notes (this session only)')).toHaveValue('milk\nbread');
  await a.close();
  await b.close();
});

test('chatbot: the reply streams into a new bubble and the box is emptied', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Chat' }).click();
  const log = page.getByRole('log');
  await expect(log).toContainText('Say something');
  await page.getByLabel('Message', { exact: true }).fill('hello world');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await expect(log.locator('.message.user .message-body')).toHaveText('hello world');
  await expect(log.locator('.message.assistant .message-body')).toHaveText('You said: hello world');
  // Readers hear who said it.
  await expect(log.locator('.message.assistant')).toHaveText('Assistant: You said: hello world');
  await expect(page.getByLabel('Message', { exact: true })).toHaveValue('');
  await expect(log).not.toContainText('Say something');
  // A second turn keeps the first.
  await page.getByLabel('Message', { exact: true }).fill('again');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(log.locator('.message')).toHaveCount(4);
  await expect(log.locator('.message.assistant .message-body').last()).toHaveText('You said: again');
  // The assistant's avatar (Gradio's avatar_images) beside each reply; the person has none.
  const avatars = log.locator('.message.assistant > img.avatar');
  await expect(avatars).toHaveCount(2);
  await expect(avatars.first()).toHaveAttribute('src', /gradio_api\/file=.+\/logo\.png$/);
  await expect.poll(() => avatars.first().evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(64);
  await expect(log.locator('.message.user > img.avatar')).toHaveCount(0);
  const [bubble, picture] = await Promise.all([
    log.locator('.message.assistant').first().boundingBox(),
    avatars.first().boundingBox(),
  ]);
  expect(picture!.x + picture!.width).toBeLessThanOrEqual(bubble!.x);
  expect(errors).toEqual([]);
});

test('copy buttons put a text box\'s text and a chat message on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const errors = await openApp(page, KITCHEN_SINK);
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  await page.getByRole('tab', { name: 'Text & code' }).click();
  await page.getByRole('button', { name: 'Copy text', exact: true }).click();
  // The button says so for a moment, then is ready again.
  await expect(page.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();
  expect(await clipboard()).toBe('Some **bold** text');
  await expect(page.getByRole('button', { name: 'Copy text', exact: true })).toBeVisible();

  await page.getByRole('tab', { name: 'Chat' }).click();
  await page.getByLabel('Message', { exact: true }).fill('copy **me**');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  const reply = page.getByRole('log').locator('.message.assistant');
  await expect(reply.locator('.message-body')).toHaveText('You said: copy me');
  await reply.getByRole('button', { name: 'Copy message', exact: true }).click();
  // The message as written, Markdown and all.
  await expect.poll(clipboard).toBe('You said: copy **me**');
  // The whole conversation, a message a paragraph (Gradio 6's `copy_all`).
  await page.getByRole('button', { name: 'Copy conversation', exact: true }).click();
  await expect.poll(clipboard).toBe('copy **me**\n\nYou said: copy **me**');
  expect(errors).toEqual([]);
});

test('dataframe: editing a cell and adding a row recompute the totals', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.getByLabel('quantity, row 2').fill('3');
  await page.getByLabel('quantity, row 2').press('Tab');
  await expect(page.getByLabel('Grand total')).toHaveValue('17');
  // An edit re-renders no input: Tab goes on to the next cell, which keeps the focus.
  await page.getByLabel('price, row 1').fill('3');
  await page.getByLabel('price, row 1').press('Tab');
  await expect(page.getByLabel('Grand total')).toHaveValue('18');
  await expect(page.getByLabel('quantity, row 1')).toBeFocused();
  const lines = page.locator('[data-testid^="dataframe-"]', { hasText: 'Line totals' }).locator('tbody tr');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(1)).toHaveText('cake12');
  await page.getByRole('button', { name: '+ Add row' }).click();
  await page.getByLabel('item, row 3').fill('jam');
  await page.getByLabel('price, row 3').fill('1.5');
  await page.getByLabel('quantity, row 3').fill('2');
  await page.getByLabel('quantity, row 3').press('Tab');
  await expect(page.getByLabel('Grand total')).toHaveValue('21');
  await expect(lines).toHaveCount(3);
});

test('files: upload two, see them described, download the report', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Files' }).click();
  const input = page.getByLabel('Your files');
  await input.setInputFiles([
    { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('aaa') },
    { name: 'b.csv', mimeType: 'text/csv', buffer: Buffer.from('1,2\n') },
  ]);
  // The upload event runs the function: its listing and a report to download appear.
  await expect(page.getByLabel('What arrived')).toHaveValue('a.txt: 3 bytes\nb.csv: 4 bytes');
  const report = page.locator('[data-testid^="file-"]', { hasText: 'Report' });
  const link = report.getByRole('link', { name: 'report.txt' });
  await expect(link).toBeVisible();
  const download = page.waitForEvent('download');
  await link.click();
  const file = await (await download).path();
  expect(fs.readFileSync(file, 'utf8')).toBe('a.txt: 3 bytes\nb.csv: 4 bytes');
  // The report is an output: no picker, no remove button.
  await expect(report.locator('input[type=file]')).toHaveCount(0);
  await expect(report.getByRole('button')).toHaveCount(0);
  // Removing every file clears the input, which runs the clear listener.
  await page.getByRole('button', { name: 'Remove a.txt' }).click();
  await page.getByRole('button', { name: 'Remove b.csv' }).click();
  await expect(page.getByLabel('What arrived')).toHaveValue('No files.');
  await expect(link).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('download button: a function gives it a file, a click downloads it', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Files' }).click();
  const status = page.getByLabel('Download status');
  // No file yet: a plain button, whose click still runs its listener.
  const empty = page.getByRole('button', { name: 'Download the text' });
  await expect(empty).toBeVisible();
  await empty.click();
  await expect(status).toHaveValue('Nothing to download yet: make the file first.');
  await page.getByLabel('Text to save').fill('milk, eggs');
  await page.getByRole('button', { name: 'Make the file' }).click();
  // Now a link to the file, named as the function named it.
  const link = page.getByRole('link', { name: 'Download the text' });
  await expect(link).toHaveAttribute('download', 'note.txt');
  const download = page.waitForEvent('download');
  await link.click();
  const file = await (await download).path();
  expect(fs.readFileSync(file, 'utf8')).toBe('milk, eggs');
  await expect(status).toHaveValue('Downloading note.txt');
  expect(errors).toEqual([]);
});

/** A WAV of `samples` silent 8-bit mono samples at 8 kHz. */
function wav(samples: number): Buffer {
  const b = Buffer.alloc(44 + samples, 128);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(8000, 28);
  b.writeUInt16LE(1, 32);
  b.writeUInt16LE(8, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples, 40);
  return b;
}

test('audio and video: upload one, the player plays it back', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Files' }).click();
  await page.getByLabel('Sound', { exact: true }).setInputFiles({
    name: 'beep.wav',
    mimeType: 'audio/wav',
    buffer: wav(8000),
  });
  const heard = page.locator('[data-testid^="audio-"]', { hasText: 'Played back' });
  const player = heard.locator('audio');
  await expect(player).toHaveAttribute('src', /^gradio_api\/file=.+\/beep\.wav$/);
  // The browser loads it: one second of sound.
  await expect.poll(() => player.evaluate((a: HTMLAudioElement) => a.duration)).toBeCloseTo(1, 1);
  await expect(heard.getByRole('link', { name: 'Download' })).toBeVisible();
  // A sound given to the video input is refused, naming the input.
  await page.getByLabel('Clip', { exact: true }).setInputFiles({
    name: 'beep.wav',
    mimeType: 'audio/wav',
    buffer: wav(100),
  });
  const seen = page.locator('[data-testid^="video-"]', { hasText: 'Shown back' });
  await expect(seen.getByRole('alert')).toContainText('Clip: beep.wav is not a video file');
  // Removing the sound empties the input.
  const sound = page.locator('[data-testid^="audio-"]', { hasText: 'Sound' }).first();
  await sound.getByRole('button', { name: 'Remove audio' }).click();
  await expect(sound.locator('audio')).toHaveCount(0);
});

// Chromium's stand-in camera and microphone (playwright.config.ts) answer instead of a person.
test('webcam and microphone: take a picture, record a sound and a film', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Files' }).click();
  const field = (kind: string, label: string) =>
    page.locator(`[data-testid^="${kind}-"]`).filter({ has: page.getByText(label, { exact: true }) });

  // A picture: the camera opens only when asked, shows what it sees, and closes once taken.
  const picture = field('image', 'Picture');
  await picture.getByRole('button', { name: 'Use webcam' }).click();
  const preview = picture.getByLabel('Camera preview');
  await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await picture.getByRole('button', { name: 'Take a picture' }).click();
  await expect(preview).toHaveCount(0);
  await expect(picture.locator('img.image-shown')).toHaveAttribute('src', /webcam\.png$/);
  // The `upload` listener ran on it: the mirrored picture is the camera's size.
  const mirrored = field('image', 'Mirrored').locator('img');
  await expect(mirrored).toHaveAttribute('src', /gradio_api\/file=/);
  await expect
    .poll(() => mirrored.evaluate((i: HTMLImageElement) => [i.naturalWidth, i.naturalHeight]))
    .toEqual([640, 480]);
  // Cancel closes the camera without taking anything.
  const vary = field('image', 'Vary this picture');
  await vary.getByRole('button', { name: 'Use webcam' }).click();
  await expect(vary.getByLabel('Camera preview')).toBeVisible();
  await vary.getByRole('button', { name: 'Cancel' }).click();
  await expect(vary.getByLabel('Camera preview')).toHaveCount(0);
  await expect(vary.locator('img')).toHaveCount(0);

  // A sound, recorded, stored as audio, and played back.
  const sound = field('audio', 'Sound');
  await sound.getByRole('button', { name: 'Record from microphone' }).click();
  await sound.getByRole('button', { name: 'Start recording' }).click();
  await expect(sound.getByRole('status')).toHaveText('Recording…');
  await page.waitForTimeout(800);
  await sound.getByRole('button', { name: 'Stop recording' }).click();
  const heard = field('audio', 'Played back').locator('audio');
  await expect(heard).toHaveAttribute('src', /recording\.weba$/);

  // A film, with its sound.
  const clip = field('video', 'Clip');
  await clip.getByRole('button', { name: 'Use webcam' }).click();
  await clip.getByRole('button', { name: 'Start recording' }).click();
  await page.waitForTimeout(800);
  await clip.getByRole('button', { name: 'Stop recording' }).click();
  const seen = field('video', 'Shown back').locator('video');
  await expect(seen).toHaveAttribute('src', /recording\.webm$/);
  await expect.poll(() => seen.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBe(640);
  expect(errors).toEqual([]);
});

test('a picture dropped on an image input uploads, unless it takes pictures only from the webcam', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Files' }).click();
  const field = (label: string) =>
    page.locator('[data-testid^="image-"]').filter({ has: page.getByText(label, { exact: true }) });
  const selfie = field('Selfie');
  await expect(selfie.getByRole('button', { name: 'Use webcam' })).toBeVisible();
  await expect(selfie.locator('input[type="file"]')).toHaveCount(0);
  const drop = async (label: string) => {
    const data = await page.evaluateHandle(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 30;
      canvas.height = 10;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = 'red';
      ctx.fillRect(0, 0, 30, 10);
      const blob: Blob = await new Promise((done) => canvas.toBlob((b) => done(b!), 'image/png'));
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'dropped.png', { type: 'image/png' }));
      return transfer;
    });
    await field(label).locator('.upload-box').dispatchEvent('drop', { dataTransfer: data });
  };
  await drop('Selfie');
  await drop('Picture');
  await expect(field('Picture').locator('img.image-shown')).toHaveAttribute('src', /dropped\.png$/);
  const mirrored = field('Mirrored').locator('img');
  await expect
    .poll(() => mirrored.evaluate((i: HTMLImageElement) => [i.naturalWidth, i.naturalHeight]))
    .toEqual([30, 10]);
  // The picture went through the queue and back; the selfie's drop was never sent.
  await expect(selfie.locator('img')).toHaveCount(0);
  await expect(selfie.locator('.upload-progress')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a picture given as an initial value shows, served from the cache', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Files' }).click();
  const logo = page
    .locator('[data-testid^="image-"]')
    .filter({ has: page.getByText('Logo', { exact: true }) })
    .locator('img');
  await expect(logo).toHaveAttribute('src', /gradio_api\/file=.+\/logo\.png$/);
  // The browser loads and draws it.
  await expect.poll(() => logo.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(64);
  expect(errors).toEqual([]);
});

test('gallery: an uploaded picture comes back as three captioned variations', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Files' }).click();
  const png = Buffer.from(
    await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 30;
      canvas.height = 20;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = 'green';
      ctx.fillRect(0, 0, 30, 20);
      return canvas.toDataURL('image/png').split(',')[1];
    }),
    'base64',
  );
  await page.getByLabel('Vary this picture').setInputFiles({
    name: 'green.png',
    mimeType: 'image/png',
    buffer: png,
  });
  const gallery = page.locator('[data-testid^="gallery-"]', { hasText: 'Variations' });
  await expect(gallery.locator('figcaption')).toHaveText(['Mirrored', 'Upside down', 'Grey']);
  // Each picture loads from the server (the browser decodes it).
  const images = gallery.locator('img');
  await expect(images).toHaveCount(3);
  for (const img of await images.all()) {
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
      .toBe(30);
  }
  await expect(gallery.getByRole('link', { name: 'Download' })).toHaveCount(3);
  // select: clicking a picture tells the function which one (and its caption).
  await images.nth(1).click();
  await expect(page.getByLabel('Picked picture', { exact: true })).toHaveValue('Picture 2: Upside down');
  await images.nth(2).press('Enter');
  await expect(page.getByLabel('Picked picture', { exact: true })).toHaveValue('Picture 3: Grey');
  expect(errors).toEqual([]);
});

test('trigger_mode: clicks during a run are dropped (once) or each run (multiple)', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Events' }).click();
  for (const [name, output, extra] of [
    ['Count (once)', 'Runs (once)', 0],
    ['Count (every click)', 'Runs (every click)', 2],
  ] as const) {
    const button = page.getByRole('button', { name });
    const runs = page.getByLabel(output);
    const count = async () => Number(await runs.inputValue());
    // A first run, to know where the shared count stands.
    await button.click();
    await expect(runs).not.toHaveValue('');
    await expect(page.locator('.block.pending')).toHaveCount(0);
    const before = await count();
    // Three clicks at once: the first starts a 400 ms run, the others come while it runs.
    await button.evaluate((b: HTMLElement) => {
      b.click();
      b.click();
      b.click();
    });
    await expect.poll(count).toBe(before + 1 + extra);
    await page.waitForTimeout(1000);
    expect(await count()).toBe(before + 1 + extra);
  }
});

test('batch: clicks waiting in line are answered by one call', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Events' }).click();
  const out = page.getByLabel('Batched', { exact: true });
  await page.getByLabel('Batch input', { exact: true }).fill('go');
  // Alone, a call serves one click.
  await page.getByRole('button', { name: 'Shout (batched)' }).click();
  await expect(out).toHaveValue('GO (one of 1 in this call)');
  // Three at once: the first runs (300 ms) while the other two wait, and they share a call.
  await page.getByRole('button', { name: 'Shout (batched)' }).evaluate((b: HTMLElement) => {
    b.click();
    b.click();
    b.click();
  });
  await expect(out).toHaveValue(/^GO \(one of [23] in this call\)$/);
  expect(errors).toEqual([]);
});

test('show_progress: full shows the bar, minimal only the stripe, hidden nothing', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Events' }).click();
  const block = (name: string) => page.locator('.block', { has: page.getByLabel(`${name} progress`) });
  const run = (name: string) =>
    page.getByRole('button', { name: `Run (${name})` }).evaluate((b: HTMLElement) => b.click());
  // Each run takes 1 s in four steps; each is looked at while it runs.
  await run('Full');
  await expect(block('Full').getByRole('progressbar')).toContainText('Working');
  await run('Minimal');
  await expect(block('Minimal')).toHaveClass(/pending/);
  await expect(block('Minimal').getByRole('progressbar')).toHaveCount(0);
  await run('Hidden');
  await expect(block('Hidden')).not.toHaveClass(/pending/);
  await expect(block('Hidden').getByRole('progressbar')).toHaveCount(0);
  for (const name of ['Full', 'Minimal', 'Hidden']) {
    await expect(page.getByLabel(`${name} progress`)).toHaveValue('Done');
  }
  await expect(block('Full')).not.toHaveClass(/pending/);
});

test('an error with no output to show it on is a toast, once, that can be closed', async ({ page }) => {
  const errors = await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Events' }).click();
  await page.getByRole('button', { name: 'Empty the bin' }).click();
  const toast = page.getByRole('alert').filter({ hasText: 'The bin is empty already.' });
  await expect(toast).toHaveCount(1);
  await expect(toast).toContainText('Error');
  await toast.getByRole('button', { name: 'Close' }).click();
  await expect(toast).toHaveCount(0);
  // An error an output shows (under its box) is not a toast as well.
  await page.getByRole('tab', { name: 'State' }).click();
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('alert')).toHaveText('Write a note first.');
  expect(errors).toEqual([]);
});

test('timer: the count goes up by itself, tick after tick', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Events' }).click();
  const ticks = page.getByLabel('Ticks');
  const count = async () => Number(await ticks.inputValue());
  await expect.poll(count).toBeGreaterThanOrEqual(2);
  const seen = await count();
  await expect.poll(count).toBeGreaterThan(seen);
  // Quietly: a tick's run shows no pending stripe.
  await expect(page.locator('.block.pending')).toHaveCount(0);
});

test('a value computed at load (and every second): the server clock shows and moves', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Events' }).click();
  const clock = page.getByLabel('Server clock (UTC)');
  await expect(clock).toHaveValue(/^\d\d:\d\d:\d\d$/);
  const first = await clock.inputValue();
  await expect.poll(() => clock.inputValue(), { timeout: 5000 }).not.toBe(first);
  await expect(page.locator('.block.pending')).toHaveCount(0);
});

test('queue: a run waiting behind others shows its place in line', async ({ page }) => {
  await openApp(page, KITCHEN_SINK);
  await page.getByRole('tab', { name: 'Events' }).click();
  const block = page.locator('.block', { has: page.getByLabel('Line', { exact: true }) });
  // Several runs write to one output, so which status shows depends on the order their
  // messages arrive: record every status text the block shows, however briefly.
  await block.evaluate((el: HTMLElement) => {
    const seen: string[] = [];
    (window as any).lineStatuses = seen;
    new MutationObserver(() => {
      const status = el.querySelector('[role="status"]');
      if (status?.textContent) seen.push(status.textContent);
    }).observe(el, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Wait in line' }).evaluate((b: HTMLElement) => {
    b.click();
    b.click();
    b.click();
  });
  // Three runs of 400 ms, one at a time: the last ones wait, and say where they stand.
  await expect
    .poll(() => page.evaluate(() => (window as any).lineStatuses.join(' | ')))
    .toMatch(/In line \d\/\d/);
  await expect(block.getByRole('status')).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByLabel('Line', { exact: true })).toHaveValue('Served');
});
