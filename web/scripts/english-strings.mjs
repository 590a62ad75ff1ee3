//! Writes every English web string, flattened (`{"nav.team": "Team", …}`, sorted), to
//! crates/services/src/platform/english_strings.json: the server checks a platform admin's override against it (the
//! key must exist, the placeholders must be English's) and shows the English text beside it. i18n.test.ts fails when
//! the file is stale: run `node scripts/english-strings.mjs` after changing an en.json.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../src/i18n/', import.meta.url).pathname;
const out = new URL('../../crates/services/src/platform/english_strings.json', import.meta.url).pathname;

function flatten(tree, prefix, into) {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') into[key] = v;
    else flatten(v, key, into);
  }
}

const all = {};
flatten(JSON.parse(readFileSync(join(root, 'en.json'), 'utf8')), '', all);
for (const dir of readdirSync(root).sort()) {
  const file = join(root, dir, 'en.json');
  if (statSync(join(root, dir)).isDirectory()) flatten(JSON.parse(readFileSync(file, 'utf8')), '', all);
}
const sorted = Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]]));
writeFileSync(out, `${JSON.stringify(sorted, null, 1)}\n`);
console.log(`${Object.keys(sorted).length} English strings → ${out}`);
