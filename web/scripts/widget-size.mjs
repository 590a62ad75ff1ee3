//! Prints the chat widget's size gzipped (level 9, as the budget script measures) and fails over 30 KB: the script
//! loads on customers' sites, so it stays small (docs/benchmarks.md records the figure). Run after the build.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT = 30 * 1024;
const file = new URL('../dist/widget.js', import.meta.url).pathname;
const raw = readFileSync(file);
const gz = gzipSync(raw, { level: 9 }).length;
console.log(`widget.js: ${(raw.length / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzipped (limit ${LIMIT / 1024} KiB)`);
if (gz > LIMIT) {
  console.error('the widget is over its size limit');
  process.exit(1);
}
