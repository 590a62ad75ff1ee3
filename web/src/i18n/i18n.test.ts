import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import i18n, { addLazyStrings, browserLanguage, directionOf, isLanguage, LANGUAGES, setLanguage, STORAGE_KEY } from '.';
import { enBundle } from './bundles';
import { FIRST_PAGE_AREAS, LAZY_AREAS, mergeTrees, type Bundle } from './loaders';

type Tree = Bundle;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const CODES = LANGUAGES.map((l) => l.code);
const OTHERS = CODES.filter((c) => c !== 'en');
const vars = (s: string) => [...new Set([...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]))].sort();

/** Every strings file: `./en.json` is the unit '' (the first page's own), `./flows/ja.json` the unit 'flows'. */
const files = import.meta.glob<Tree>(['./*.json', './*/*.json'], { eager: true, import: 'default' });
const units = new Map<string, Map<string, Tree>>();
for (const [path, tree] of Object.entries(files)) {
  const [, unit = '', lng] = /^\.\/(?:([^/]+)\/)?([^/]+)\.json$/.exec(path) ?? [];
  if (!lng) continue;
  if (!units.has(unit)) units.set(unit, new Map());
  units.get(unit)?.set(lng, tree);
}

const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
const pluralForm = /_(zero|one|two|few|many|other)$/;
/** `a.b_one` → `a.b` when `a.b_other` is a key of the tree: a plural stem (a key that merely ends in `_many` is not). */
function stemOf(key: string, keys: Map<string, string>): string | null {
  if (!pluralForm.test(key)) return null;
  const stem = key.replace(pluralForm, '');
  return keys.has(`${stem}_other`) ? stem : null;
}
const categories = (lng: string) => [...new Intl.PluralRules(lng).resolvedOptions().pluralCategories].sort();

describe('the languages', () => {
  it('are the ten, each with a strings file for every unit', () => {
    expect(CODES).toEqual(['en', 'es', 'fr', 'de', 'pt', 'ar', 'hi', 'zh', 'ja', 'ru']);
    for (const [unit, langs] of units) expect([...langs.keys()].sort(), unit || 'first page').toEqual([...CODES].sort());
  });

  it('are right-to-left for Arabic only', () => {
    expect(LANGUAGES.filter((l) => l.dir === 'rtl').map((l) => l.code)).toEqual(['ar']);
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('ja')).toBe('ltr');
    expect(directionOf('xx')).toBe('ltr');
  });

  it('start with the browser’s first language the product speaks', () => {
    expect(browserLanguage(['pt-BR', 'en'])).toBe('pt');
    expect(browserLanguage(['nl-NL', 'zh-CN', 'en'])).toBe('zh');
    expect(browserLanguage(['nl', 'sv'])).toBeNull();
    expect(isLanguage('ru')).toBe(true);
    expect(isLanguage('ru-RU')).toBe(false);
  });
});

describe.each([...units.keys()].sort())('strings of %s', (unit) => {
  const en = flatten(units.get(unit)?.get('en') ?? {});
  const enStems = new Set([...en.keys()].map((k) => stemOf(k, en)).filter((s): s is string => s !== null));

  it('English plural stems have exactly the English forms', () => {
    for (const stem of enStems) {
      const forms = PLURAL_FORMS.filter((f) => en.has(`${stem}_${f}`));
      expect(forms, stem).toEqual(categories('en').length === 2 ? ['one', 'other'] : categories('en'));
    }
  });

  it.each(OTHERS)('%s has every English key, no other, none empty, the same placeholders', (lng) => {
    const tr = flatten(units.get(unit)?.get(lng) ?? {});
    const wanted = categories(lng);
    const expected = new Set<string>();
    for (const k of en.keys()) {
      const stem = stemOf(k, en);
      if (stem === null) expected.add(k);
      else for (const c of wanted) expected.add(`${stem}_${c}`);
    }
    expect([...expected].filter((k) => !tr.has(k)), 'missing').toEqual([]);
    expect([...tr.keys()].filter((k) => !expected.has(k)), 'extra').toEqual([]);
    for (const [k, v] of tr) expect(v.trim(), k).not.toBe('');
    for (const [k, v] of tr) {
      const stem = stemOf(k, tr);
      if (stem === null || !enStems.has(stem)) {
        expect(vars(v), k).toEqual(vars(en.get(k) ?? ''));
        continue;
      }
      // A plural form may leave the number out ("ساعتان": two hours); `other` says everything English's does.
      const enOther = vars(en.get(`${stem}_other`) ?? '');
      if (k.endsWith('_other')) expect(vars(v), k).toEqual(enOther);
      else expect(enOther, k).toEqual(expect.arrayContaining(vars(v)));
    }
  });
});

/** Letters of each script that must appear in a string with words (after the names below are taken out). */
const SCRIPTS: Record<string, RegExp> = {
  ar: /\p{Script=Arabic}/u,
  hi: /\p{Script=Devanagari}/u,
  zh: /\p{Script=Han}/u,
  ja: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u,
  ru: /\p{Script=Cyrillic}/u,
};
/** Names and technical terms written the same in every language (products, formats, protocols). */
const NAMES = ['Cloud API', 'WhatsApp', 'Webhook', 'Stripe', 'Redis', 'JSON', 'API', 'URL', 'UTM', 'PDF', 'MRR', 'OK'];
/** Whole strings that are a format rather than words: "v{{version}}" labels a flow's version number. */
const FORMATS = new Set(['analytics.flows.nameVersion']);

describe.each(Object.entries(SCRIPTS))('strings in %s', (lng, script) => {
  it('are written in its script, not copied from English', () => {
    const copied: string[] = [];
    for (const [unit, langs] of units) {
      for (const [k, v] of flatten(langs.get(lng) ?? {})) {
        if (FORMATS.has(k)) continue;
        let words = v.replace(/{{\s*\w+\s*}}/g, '');
        for (const n of NAMES) words = words.split(n).join('');
        if (/\p{L}/u.test(words) && !script.test(words)) copied.push(`${unit}:${k}`);
      }
    }
    expect(copied).toEqual([]);
  });
});

describe('the bundles', () => {
  it('merge the first page’s areas into English without clashes, and the other areas load with their pages', () => {
    const firstTrees = ['', ...FIRST_PAGE_AREAS].map((u) => units.get(u)?.get('en') ?? {});
    const first = firstTrees.map((tree) => flatten(tree));
    const seen = new Map<string, string>();
    for (const [i, keys] of first.entries()) {
      for (const k of keys.keys()) {
        expect(seen.get(k), `${k} in two first-page files`).toBeUndefined();
        seen.set(k, String(i));
      }
    }
    expect(flatten(enBundle as unknown as Tree)).toEqual(flatten(mergeTrees(...firstTrees)));
    expect([...LAZY_AREAS]).toEqual([...units.keys()].filter((u) => u !== '' && !(FIRST_PAGE_AREAS as readonly string[]).includes(u)).sort());
    for (const area of LAZY_AREAS) {
      for (const k of flatten(units.get(area)?.get('en') ?? {}).keys()) expect(seen.has(k), `${area}: ${k} is also on the first page`).toBe(false);
    }
  });

  it('are what the server checks overrides against (crates/services/src/platform/english_strings.json)', () => {
    const all: Record<string, string> = {};
    for (const langs of units.values()) for (const [k, v] of flatten(langs.get('en') ?? {})) all[k] = v;
    // Tests run in web/.
    const file = join(process.cwd(), '../crates/services/src/platform/english_strings.json');
    const server = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    // Stale: run `node scripts/english-strings.mjs` in web/.
    expect(server).toEqual(all);
  });

  it('has a translation for every API error code of the contract', () => {
    const codes = [
      'malformed_json', 'invalid_body', 'unauthorized', 'invalid_token', 'token_expired', 'invalid_credentials',
      'refresh_token_reused', 'forbidden', 'not_found', 'email_taken', 'already_member', 'payload_too_large',
      'unsupported_media_type', 'validation_failed', 'invalid_or_expired_token', 'weak_password', 'too_many_attempts',
    ];
    const en = flatten(enBundle as unknown as Tree);
    for (const c of codes) expect(en.has(`errors.${c}`), c).toBe(true);
  });
});

/** The app's source (tests and generated code aside), read to find which keys it uses. */
const sources = import.meta.glob<string>(['/src/**/*.{ts,tsx}', '!/src/**/*.test.{ts,tsx}', '!/src/api/generated/**', '!/src/test/**'], {
  eager: true,
  query: '?raw',
  import: 'default',
});

/**
 * Keys built from a prefix the scan cannot see in a template (a constant or a prop holding the prefix). Each entry
 * names where it is built; the test checks the prefix is still written in the source, so the list cannot rot.
 */
const DYNAMIC_PREFIXES = [
  // features/automations/summary.ts: `const S = 'automations.summary'`, then t(`${S}.…`).
  'automations.summary',
  // components/ui/Sortable.tsx: <SortableList strings="automations.dnd"> reads `${strings}.instructions` and the rest.
  'automations.dnd',
  'adminBilling.plans.dnd',
  // app/layouts/DevToolLayout.tsx: t(`${ns}.title`) for the development mailbox and DNS pages.
  'devmail',
  'devdns',
];

describe('every English key', () => {
  const code = Object.values(sources).join('\n');
  const literals = new Set([...code.matchAll(/(['"`])([\w.-]+)\1/g)].map((m) => m[2]));
  // `campaigns.confirm.${kind}.body` → /^campaigns\.confirm\.\w+\.body$/: a template stands for one key segment. Only
  // templates starting with a key's first segment count (`${ns}.title` would match any area's title).
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const templates = [...code.matchAll(/`(\w+\.[\w.]*\$\{[^`]*)`/g)].map(
    (m) => new RegExp(`^${(m[1] ?? '').split(/\$\{[^}]*\}/).map(escape).join('\\w+')}$`),
  );

  it('is used by the source (literally, from a template, or under a listed prefix)', () => {
    const en = new Map<string, string>();
    for (const langs of units.values()) for (const [k, v] of flatten(langs.get('en') ?? {})) en.set(k, v);
    const unused = [...en.keys()].filter((k) => {
      const key = stemOf(k, en) ?? k;
      if (literals.has(key)) return false;
      if (templates.some((re) => re.test(key))) return false;
      return !DYNAMIC_PREFIXES.some((p) => key.startsWith(`${p}.`));
    });
    expect(unused).toEqual([]);
  });

  it('listed as built from a prefix still has that prefix in the source', () => {
    for (const p of DYNAMIC_PREFIXES) expect(code.includes(`'${p}'`) || code.includes(`"${p}"`), p).toBe(true);
  });
});

/**
 * Placeholders that hold a number. A word right after one ("{{n}} contacts", "{{days}}-day") agrees with it in most of
 * the languages (1 контакт, 3 контакта, 5 контактов), so the string must be a plural even where English's two forms
 * read the same ("{{n}} selected": 1 seleccionado, 5 seleccionados).
 */
const NUMBER_PLACEHOLDERS = new Set([
  'count', 'n', 'formatted', 'total', 'max', 'min', 'minimum', 'days', 'done', 'processed', 'matched', 'final', 'used',
  'limit', 'added', 'removed', 'completed', 'entered', 'running', 'mean', 'peak', 'pct', 'rate', 'change', 'previous',
  'seconds', 'ms', 'page', 'pages', 'position', 'probability', 'daily', 'weekly', 'active', 'suspended', 'created', 'updated',
  'skipped', 'failed',
]);
/** Words after a number that agree with nothing: "{{n}} of {{total}}", "+{{n}} in 30 days", "{{n}} a minute", "Up {{change}} on…", "{{n}} now", and units. */
const INVARIANT_AFTER_NUMBER = new Set(['of', 'in', 'a', 'per', 'on', 'now', 'ms', 's', 'min', 'h']);
/** Strings whose number names a thing rather than counting: "How group {{n}} matches", "Move action {{n}} up", "Version {{n}} is published". */
const NUMBER_AS_NAME = new Set([
  'automations.editor.groupMatch',
  'automations.editor.moveActionUp',
  'automations.editor.moveActionDown',
  'flows.publish.done',
  'flows.versions.restoreTitle',
]);

describe('plural forms', () => {
  it('are what an English string is when a word follows a number in it', () => {
    const notPlural: string[] = [];
    for (const [unit, langs] of units) {
      const en = flatten(langs.get('en') ?? {});
      for (const [k, v] of en) {
        if (stemOf(k, en) !== null || NUMBER_AS_NAME.has(k)) continue;
        for (const [, name = '', word = ''] of v.matchAll(/\{\{\s*(\w+)\s*\}\}(?:\s+|-)(\p{L}+)/gu)) {
          if (NUMBER_PLACEHOLDERS.has(name) && !INVARIANT_AFTER_NUMBER.has(word.toLowerCase())) notPlural.push(`${unit || 'first page'}: ${k}`);
        }
      }
    }
    expect(notPlural).toEqual([]);
  });

  it('follow each language’s rules (Russian: one, few, many; Arabic: all six)', async () => {
    await setLanguage('ru');
    await addLazyStrings('agency');
    const ru = (count: number) => i18n.t('agency.client.hoursN', { count, n: String(count) });
    expect([1, 21, 3, 22, 5, 11, 1.5].map(ru)).toEqual(['1 час', '21 час', '3 часа', '22 часа', '5 часов', '11 часов', '1.5 часа']);
    // A count shown formatted: `formatted` is the text, `count` picks the form.
    const contacts = (count: number) => i18n.t('contacts.total', { count, formatted: String(count) });
    expect([1, 3, 5, 21].map(contacts)).toEqual(['1 подходящий контакт', '3 подходящих контакта', '5 подходящих контактов', '21 подходящий контакт']);
    await setLanguage('ar');
    const ar = (count: number) => i18n.t('agency.offer.clients', { count, n: String(count) });
    expect([0, 1, 2, 3, 11, 100].map(ar)).toEqual([
      'لا عملاء على هذه الخطة',
      'عميل واحد على هذه الخطة',
      'عميلان على هذه الخطة',
      '3 عملاء على هذه الخطة',
      '11 عميلًا على هذه الخطة',
      '100 عميل على هذه الخطة',
    ]);
    await setLanguage('ja');
    expect(i18n.t('agency.offer.clients', { count: 1, n: '1' })).toBe(i18n.t('agency.offer.clients', { count: 7, n: '1' }));
    await setLanguage('en');
    expect(i18n.t('agency.offer.clients', { count: 1, n: '1' })).toBe('1 client on this plan');
  });
});

describe('language switching', () => {
  it('loads a language’s strings when chosen, remembers it, and turns Arabic right-to-left', async () => {
    expect(i18n.hasResourceBundle('en', 'translation')).toBe(true);
    expect(i18n.hasResourceBundle('hi', 'translation')).toBe(false);
    await setLanguage('hi');
    expect(i18n.hasResourceBundle('hi', 'translation')).toBe(true);
    expect(document.documentElement.lang).toBe('hi');
    expect(document.documentElement.dir).toBe('ltr');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('hi');
    expect(i18n.t('nav.team')).toBe(flatten(units.get('')?.get('hi') ?? {}).get('nav.team'));

    await setLanguage('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(i18n.t('nav.team')).toBe('الفريق');
    // The first page's areas come with the language (here the sales area's).
    expect(i18n.t('deals.new')).toBe('صفقة جديدة');

    await setLanguage('en');
    expect(document.documentElement.dir).toBe('ltr');
    expect(i18n.t('nav.team')).toBe('Team');
  });

  it('loads an on-demand area for the current language and with any language switched to', async () => {
    await addLazyStrings('webhooks');
    const en = flatten(units.get('webhooks')?.get('en') ?? {});
    const de = flatten(units.get('webhooks')?.get('de') ?? {});
    const key = [...en.keys()][0] ?? '';
    expect(i18n.t(key as 'nav.team')).toBe(en.get(key));
    await setLanguage('de');
    expect(i18n.t(key as 'nav.team')).toBe(de.get(key));
    await setLanguage('en');
  });

  it('refuses an area that has no strings', async () => {
    await expect(addLazyStrings('nowhere')).rejects.toThrow(/nowhere/);
  });
});
