//! The first page's JavaScript budget: what the browser fetches before the first page renders (the entry script
//! and the chunks index.html preloads), gzipped at level 9, must stay under 250 KiB. Heavy pages (the flow
//! builder, charts, the kanban) load as route chunks and do not count. Run after `vite build`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const LIMIT = 250 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/?([^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const f of new Set(files)) {
  const size = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} KiB  ${f}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(7)} KiB  first page (limit ${LIMIT / 1024} KiB)`);
if (files.length === 0 || total > LIMIT) {
  console.error(files.length === 0 ? 'no scripts found in dist/index.html' : 'the first page is over its JavaScript budget');
  process.exit(1);
}
