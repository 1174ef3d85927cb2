// Packs the built-in bundle for the `ferrio` crate (called by `./x bundle`):
//   node frontend/pack.mjs <built dir> <out dir> <source hash>
// Each of ferrio.js / ferrio.wasm / ferrio.css is stored brotli-compressed at the highest quality
// (the server sends those bytes as they are), and manifest.json records each file's SHA-256 and
// size (its URL's hash) and the hash of the sources it was built from (the staleness check).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const [built, out, source] = process.argv.slice(2);
if (!built || !out || !/^[0-9a-f]{64}$/.test(source ?? '')) {
  console.error('usage: node frontend/pack.mjs <built dir> <out dir> <source sha256>');
  process.exit(2);
}

const assets = ['ferrio.js', 'ferrio.wasm', 'ferrio.css'].map((name) => {
  const plain = readFileSync(join(built, name));
  const brotli = brotliCompressSync(plain, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
    },
  });
  writeFileSync(join(out, `${name}.br`), brotli);
  const sha256 = createHash('sha256').update(plain).digest('hex');
  return { name, sha256, size: plain.length, brotli: brotli.length };
});

writeFileSync(join(out, 'manifest.json'), JSON.stringify({ source, assets }, null, 2) + '\n');
for (const a of assets) {
  console.log(`${a.name}: ${a.size} bytes, ${a.brotli} brotli`);
}
