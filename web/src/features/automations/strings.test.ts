import { describe, expect, it } from 'vitest';
import { enBundle } from '../../i18n/bundles';
import ar from '../../i18n/automations/ar.json';
import en from '../../i18n/automations/en.json';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const e = flatten(en as Tree);
const a = flatten(ar as Tree);
const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('the automations strings (loaded with their pages)', () => {
  it('have the same keys in both languages, none empty, none clashing with the first page', () => {
    expect([...e.keys()].filter((k) => !a.has(k))).toEqual([]);
    expect([...a.keys()].filter((k) => !e.has(k))).toEqual([]);
    for (const [k, v] of [...e, ...a]) expect(v.trim(), k).not.toBe('');
    const first = flatten(enBundle as unknown as Tree);
    expect([...e.keys()].filter((k) => first.has(k))).toEqual([]);
    expect(first.get('nav.automations')).toBe('Automations');
  });

  it('use the same interpolation variables, and Arabic in Arabic', () => {
    for (const [k, v] of e) expect(vars(a.get(k) ?? ''), k).toEqual(vars(v));
    // Strings with words must be in Arabic; punctuation around a variable (quotes, brackets) has no words to translate.
    const words = (s: string) => /\p{L}/u.test(s.replace(/{{\s*\w+\s*}}/g, ''));
    expect([...a].filter(([, v]) => words(v) && !/[\u0600-\u06FF]/.test(v)).map(([k]) => k)).toEqual([]);
  });
});
