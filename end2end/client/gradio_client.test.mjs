// The official JavaScript client, @gradio/client (end2end/package.json pins the current 2.x),
// unchanged, against the reference demo at $FERRIO_URL: what a web page or a Node program does.
// Run by `./x test` with node's own test runner (`node --test`), beside the Playwright tests.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Client, handle_file } from '@gradio/client';

const URL = process.env.FERRIO_URL ?? 'http://127.0.0.1:3100';
const client = await Client.connect(URL);
// Status messages (queue, progress, completion) come only to a client that asks for them.
const watcher = await Client.connect(URL, { events: ['data', 'status'] });

test('predict by name, with positional and keyword inputs', async () => {
  assert.deepEqual((await client.predict('/echo', ['hello'])).data, ['hello']);
  assert.deepEqual((await client.predict('/echo', { text: 'by keyword' })).data, ['by keyword']);
  assert.deepEqual((await client.predict('/add', { a: 1.5, b: 2 })).data, [3.5]);
  const text = 'héllo 👋 </script><b>x</b>';
  assert.deepEqual((await client.predict('/echo', [text])).data, [text]);
});

test('submit streams each result of a generator, then completes', async () => {
  const seen = [];
  let completed = false;
  for await (const message of watcher.submit('/stream', ['x'])) {
    if (message.type === 'data') seen.push(message.data[0]);
    if (message.type === 'status' && message.stage === 'complete') completed = true;
  }
  // Each result as it comes (the diffs applied), then the completion's whole value again.
  assert.deepEqual(seen, ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcde']);
  assert.ok(completed);
});

test('progress arrives as status messages while a slow call runs', async () => {
  let progressed = false;
  let result;
  for await (const message of watcher.submit('/slow', ['y'])) {
    if (message.type === 'status' && message.progress_data?.length) progressed = true;
    if (message.type === 'data') result = message.data;
  }
  assert.ok(progressed, 'no progress_data reached the client');
  assert.deepEqual(result, ['y']);
});

test('a file is uploaded by the client and read by the function', async () => {
  const file = new Blob(['hello world']);
  const result = await client.predict('/filesize', [handle_file(file)]);
  assert.deepEqual(result.data, [11]);
});

test('a refused input is an error naming it, and the client carries on', async () => {
  await assert.rejects(client.predict('/add', ['x', 1]), (error) => {
    assert.match(String(error.message ?? error), /number/);
    return true;
  });
  assert.deepEqual((await client.predict('/echo', ['after'])).data, ['after']);
});

test('view_api lists the public endpoints with their parameters', async () => {
  const api = await client.view_api();
  const named = Object.keys(api.named_endpoints).sort();
  assert.deepEqual(named, ['/add', '/echo', '/filesize', '/flip', '/slow', '/stream']);
  assert.equal(api.named_endpoints['/echo'].parameters[0].parameter_name, 'text');
});
