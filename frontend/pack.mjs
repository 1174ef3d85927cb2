// Packs the built-in bundle for the `ferrio` crate (called by `./x bundle`):
//   node frontend/pack.mjs <built dir> <out dir> <source hash>
// The built dir holds ferrio.js (wasm-bindgen's glue), ferrio.wasm (the core), ferrio.css,
// __wasm_split.js (wasm-split-cli's loader) and the wasm files the loader fetches. Each is stored
// brotli-compressed at the highest quality (the server sends those bytes as they are), one after
// the other in bundle.br; manifest.json records where each lies, its size and SHA-256, the
// bundle's version (the hash of them all: its URLs' directory), the view chunks' files, and the
// hash of the sources it was built from (the staleness check).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const [built, out, source] = process.argv.slice(2);
if (!built || !out || !/^[0-9a-f]{64}$/.test(source ?? '')) {
  console.error('usage: node frontend/pack.mjs <built dir> <out dir> <source sha256>');
  process.exit(2);
}

const loader = readFileSync(join(built, '__wasm_split.js'), 'utf8');
const chunks = viewChunks(loader);
const fetched = [...new Set(Object.values(chunks).flat())].sort();
const names = ['ferrio.js', 'ferrio.wasm', 'ferrio.css', '__wasm_split.js', ...fetched];

const blobs = [];
let offset = 0;
const assets = names.map((name) => {
  const plain = readFileSync(join(built, name));
  const brotli = brotliCompressSync(plain, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
    },
  });
  blobs.push(brotli);
  const sha256 = createHash('sha256').update(plain).digest('hex');
  const asset = { name, sha256, size: plain.length, offset, brotli: brotli.length };
  offset += brotli.length;
  return asset;
});
const version = createHash('sha256')
  .update(assets.map((a) => `${a.name} ${a.sha256}\n`).join(''))
  .digest('hex')
  .slice(0, 16);

for (const old of readdirSync(out).filter((f) => f.endsWith('.br'))) rmSync(join(out, old));
writeFileSync(join(out, 'bundle.br'), Buffer.concat(blobs));
writeFileSync(
  join(out, 'manifest.json'),
  JSON.stringify({ source, version, chunks, assets }, null, 2) + '\n',
);
const core = assets.filter((a) => !a.name.endsWith('.wasm') || a.name === 'ferrio.wasm');
for (const a of core) console.log(`${a.name}: ${a.size} bytes, ${a.brotli} brotli`);
for (const [chunk, files] of Object.entries(chunks)) {
  const sent = files.reduce((sum, f) => sum + assets.find((a) => a.name === f).brotli, 0);
  console.log(`views in ${chunk}: ${files.length} files, ${sent} brotli`);
}

// Each view chunk's files, as the loader fetches them: the code it shares with other chunks
// (`const __chunk_N = makeLoad(<fetch "./chunk_N.wasm">, [])`), then its own
// (`export const __wasm_split_load_<chunk> = wrapAsyncCb(makeLoad(<fetch>, [__chunk_N, ...]))`).
// An empty one's loader fetches nothing (`() => async (_imp) => ({})`).
function viewChunks(js) {
  const fetch = String.raw`\(\) => \{\s*const src = fetch\(new URL\("\./(\w+\.wasm)"`;
  const defined = new Set([...js.matchAll(/const (__chunk_\d+) = makeLoad\(/g)].map((m) => m[1]));
  const shared = new Map();
  for (const m of js.matchAll(new RegExp(String.raw`const (__chunk_\d+) = makeLoad\(` + fetch, 'g'))) {
    shared.set(m[1], m[2]);
  }
  const chunks = {};
  const own = /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?)\n, \[([^\]]*)\]\)\)/g;
  for (const m of js.matchAll(own)) {
    const deps = m[3].split(',').map((d) => d.trim()).filter(Boolean);
    const missing = deps.filter((d) => !defined.has(d));
    if (missing.length) throw new Error(`${m[1]} loads ${missing}, which the loader never defines`);
    const file = m[2].match(/new URL\("\.\/(\w+\.wasm)"/);
    chunks[m[1]] = [...deps.filter((d) => shared.has(d)).map((d) => shared.get(d))];
    if (file) chunks[m[1]].push(file[1]);
  }
  if (Object.keys(chunks).length === 0) throw new Error('__wasm_split.js loads no view chunk');
  return Object.fromEntries(Object.entries(chunks).sort());
}
