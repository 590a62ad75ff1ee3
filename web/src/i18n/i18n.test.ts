import { describe, expect, it } from 'vitest';
import i18n, { addLazyStrings, directionOf, setLanguage, STORAGE_KEY } from '.';
import { arBundle as ar } from './arBundle';
import { enBundle as en } from './bundles';

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

const enKeys = flatten(en as Tree);
const arKeys = flatten(ar as Tree);
const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('every English key exists in Arabic', () => {
    const missing = [...enKeys.keys()].filter((k) => !arKeys.has(k));
    expect(missing).toEqual([]);
  });

  it('every Arabic key exists in English', () => {
    const extra = [...arKeys.keys()].filter((k) => !enKeys.has(k));
    expect(extra).toEqual([]);
  });

  it('no string is empty', () => {
    for (const [k, v] of [...enKeys, ...arKeys]) expect(v.trim(), k).not.toBe('');
  });

  it('both languages use the same interpolation variables', () => {
    for (const [k, v] of enKeys) expect(vars(arKeys.get(k) ?? ''), k).toEqual(vars(v));
  });

  it('Arabic strings are written in Arabic, not copied from English', () => {
    const notArabic = [...arKeys].filter(([, v]) => !/[\u0600-\u06FF]/.test(v)).map(([k]) => k);
    expect(notArabic).toEqual([]);
  });

  it('every API error code of the contract has a translation', () => {
    const codes = [
      'malformed_json', 'invalid_body', 'unauthorized', 'invalid_token', 'token_expired', 'invalid_credentials',
      'refresh_token_reused', 'forbidden', 'not_found', 'email_taken', 'already_member', 'payload_too_large',
      'unsupported_media_type', 'validation_failed', 'invalid_or_expired_token', 'weak_password', 'too_many_attempts',
    ];
    for (const c of codes) expect(enKeys.has(`errors.${c}`), c).toBe(true);
  });
});

/** Every area's strings (`./<area>/en.json` and `ar.json`). */
const areaFiles = import.meta.glob<Tree>('./*/{en,ar}.json', { eager: true, import: 'default' });
const areas = new Map<string, { en?: Tree; ar?: Tree }>();
for (const [path, tree] of Object.entries(areaFiles)) {
  const [, area, lang] = /^\.\/([^/]+)\/(en|ar)\.json$/.exec(path) ?? [];
  if (!area || !lang) continue;
  areas.set(area, { ...areas.get(area), [lang]: tree });
}
/** Areas merged into the first page's bundle (bundles.ts); every other area loads with its pages. */
const FIRST_PAGE = ['billing', 'bot', 'crm', 'sales', 'twofactor'];
const lazyAreas = [...areas.keys()].filter((a) => !FIRST_PAGE.includes(a)).sort();

it('finds the areas loaded with their pages', () => {
  expect(lazyAreas).toEqual(expect.arrayContaining(['automations', 'campaigns', 'flows', 'webhooks']));
  for (const a of areas.keys()) expect(areas.get(a)?.en && areas.get(a)?.ar, a).toBeTruthy();
});

describe.each(lazyAreas)('translations of the pages loaded on demand (%s)', (area) => {
  const e = flatten(areas.get(area)?.en ?? {});
  const a = flatten(areas.get(area)?.ar ?? {});

  it('have the same keys in both languages, none empty, none clashing with the first page', () => {
    expect([...e.keys()].filter((k) => !a.has(k))).toEqual([]);
    expect([...a.keys()].filter((k) => !e.has(k))).toEqual([]);
    for (const [k, v] of [...e, ...a]) expect(v.trim(), k).not.toBe('');
    expect([...e.keys()].filter((k) => enKeys.has(k))).toEqual([]);
  });

  it('use the same interpolation variables, and Arabic in Arabic', () => {
    for (const [k, v] of e) expect(vars(a.get(k) ?? ''), k).toEqual(vars(v));
    // Strings with words must be in Arabic; punctuation around a variable (quotes, brackets) has no words to translate.
    const words = (s: string) => /\p{L}/u.test(s.replace(/{{\s*\w+\s*}}/g, ''));
    expect([...a].filter(([, v]) => words(v) && !/[\u0600-\u06FF]/.test(v)).map(([k]) => k)).toEqual([]);
  });
});

describe('language switching', () => {
  it('Arabic turns the document right-to-left and is remembered', async () => {
    // Only English is bundled up front; Arabic's strings arrive with the switch.
    expect(i18n.hasResourceBundle('en', 'translation')).toBe(true);
    expect(i18n.hasResourceBundle('ar', 'translation')).toBe(false);
    await setLanguage('ar');
    expect(i18n.hasResourceBundle('ar', 'translation')).toBe(true);
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('ar');
    expect(i18n.t('nav.team')).toBe('الفريق');

    await setLanguage('en');
    expect(document.documentElement.dir).toBe('ltr');
    expect(i18n.t('nav.team')).toBe('Team');
  });

  it('loads the strings of an on-demand page for the current language and with any language switched to', async () => {
    await addLazyStrings('test-page', {
      en: () => Promise.resolve({ testPage: { hello: 'Hello' } }),
      ar: () => Promise.resolve({ testPage: { hello: 'مرحبًا' } }),
    });
    expect(i18n.t('testPage.hello' as 'nav.team')).toBe('Hello');
    await setLanguage('ar');
    expect(i18n.t('testPage.hello' as 'nav.team')).toBe('مرحبًا');
    expect(i18n.t('nav.team')).toBe('الفريق');
    await setLanguage('en');
  });

  it('knows the direction of each language', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
    expect(directionOf('xx')).toBe('ltr');
  });
});
