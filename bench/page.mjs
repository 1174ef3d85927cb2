// A page's first load in Debian's Chromium (`./x bench-page`):
//   node bench/page.mjs '<name>|<url>[|<ready selector>]' ...
// Each page is opened PAGE_RUNS times (5) in a fresh browser context with the cache off, over
// loopback. Printed per page, as a row of the markdown table `./x bench-page` heads: the
// requests made until it is ready and a second after, the bytes on the wire (headers and
// compressed bodies, as Chromium's network panel counts them), the decoded bytes, and the
// median time from navigation to ready. Ready is the selector appearing: Ferrio's
// `[data-hydrated]` (set once the wasm has taken over the page), or for Gradio, whose page is
// drawn in the browser, its first button. PAGE_URLS=1 also lists the URLs fetched (stderr).
import { chromium } from '../end2end/node_modules/playwright-core/index.mjs';

const RUNS = Number(process.env.PAGE_RUNS ?? 5);
const SETTLE_MS = 1000;

const targets = process.argv.slice(2).map((arg) => {
  const [name, url, ready] = arg.split('|');
  return { name, url, ready: ready || '[data-hydrated="true"]' };
});
if (targets.length === 0 || targets.some((t) => !t.url)) {
  console.error("usage: node bench/page.mjs '<name>|<url>[|<ready selector>]' ...");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage'],
});

// One load: what crossed the network until ready (and SETTLE_MS after), and when it was ready.
async function load({ url, ready }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, { url: e.request.url, wire: 0, decoded: 0 });
  });
  cdp.on('Network.dataReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.decoded += e.dataLength;
    // An open event stream never finishes: its bytes so far are counted from its chunks.
    r.wireSoFar = (r.wireSoFar ?? 0) + e.encodedDataLength;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.headers = e.response.encodedDataLength ?? 0;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.wire = e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector(ready, { state: 'attached', timeout: 60_000 });
  const readyMs = await page.evaluate(() => performance.now());
  await page.waitForTimeout(SETTLE_MS);
  const all = [...requests.values()];
  const wire = all.reduce((n, r) => n + (r.wire || (r.headers ?? 0) + (r.wireSoFar ?? 0)), 0);
  const decoded = all.reduce((n, r) => n + r.decoded, 0);
  await context.close();
  return { requests: all.length, wire, decoded, readyMs, urls: all.map((r) => r.url) };
}

const kb = (n) => `${Math.round(n / 1000).toLocaleString('en')} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const target of targets) {
  const loads = [];
  for (let i = 0; i < RUNS; i++) loads.push(await load(target));
  const last = loads[loads.length - 1];
  console.log(`| ${target.name} | ${last.requests} | ${kb(last.wire)} | ${kb(last.decoded)} | ` +
    `${Math.round(median(loads.map((l) => l.readyMs)))} ms |`);
  if (process.env.PAGE_URLS) console.error(last.urls.join('\n'));
}
await browser.close();
