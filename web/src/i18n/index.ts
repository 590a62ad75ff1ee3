//! i18next set-up: the product's ten languages, the choice kept in localStorage, and `<html lang dir>` kept in step.
//! Only English (also the fallback) is bundled with the first page. Every other language's strings, and every
//! on-demand area's strings in every language, are separate chunks found by globs in ./loaders.ts (one loader per
//! file, none written by hand): adding a language is adding its JSON files and a line to `LANGUAGES` (docs/languages.md).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enBundle } from './bundles';

/** The languages offered, by native name; the server keeps the same list (domain `Locale`). */
export const LANGUAGES = [
  { code: 'en', label: 'English', dir: 'ltr' },
  { code: 'es', label: 'Español', dir: 'ltr' },
  { code: 'fr', label: 'Français', dir: 'ltr' },
  { code: 'de', label: 'Deutsch', dir: 'ltr' },
  { code: 'pt', label: 'Português', dir: 'ltr' },
  { code: 'ar', label: 'العربية', dir: 'rtl' },
  { code: 'hi', label: 'हिन्दी', dir: 'ltr' },
  { code: 'zh', label: '简体中文', dir: 'ltr' },
  { code: 'ja', label: '日本語', dir: 'ltr' },
  { code: 'ru', label: 'Русский', dir: 'ltr' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

export const STORAGE_KEY = 'parley.locale';

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value);
}

export function directionOf(lng: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((l) => l.code === lng)?.dir ?? 'ltr';
}

/** The language the person picked before, if any. */
export function storedLanguage(): Language | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

/** The first of the browser's languages (`pt-BR` counts as `pt`) that the product speaks. */
export function browserLanguage(preferred: readonly string[]): Language | null {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return null;
}

function initialLanguage(): Language {
  const stored = storedLanguage();
  if (stored) return stored;
  if (typeof navigator === 'undefined') return 'en';
  return browserLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]) ?? 'en';
}

function applyToDocument(lng: string) {
  if (typeof document === 'undefined') return;
  const code = isLanguage(lng) ? lng : 'en';
  document.documentElement.lang = code;
  document.documentElement.dir = directionOf(code);
}

/** The loaders of every language's and area's strings: a chunk of its own, fetched the first time it is needed. */
const loaders = () => import('./loaders');

/**
 * The platform's own wording (docs/languages.md, "Overrides"): a language's texts from `GET /strings/{lng}`, fetched
 * once per page load after its strings (the server answers 304 until the platform admin changes one) and put over
 * the built-in ones, again after each on-demand area's strings arrive.
 */
const OVERRIDES = new Map<Language, Record<string, string>>();

async function fetchOverrides(lng: Language): Promise<void> {
  if (OVERRIDES.has(lng)) return;
  try {
    const res = await fetch(new Request(`/api/v1/strings/${lng}`));
    const body = res.ok ? ((await res.json()) as { strings?: Record<string, string> }) : null;
    OVERRIDES.set(lng, body?.strings ?? {});
  } catch {
    // Offline or no server: the built-in strings stand (tried again on the next page load).
    return;
  }
  applyOverrides(lng);
}

function applyOverrides(lng: Language): void {
  for (const [key, value] of Object.entries(OVERRIDES.get(lng) ?? {})) i18n.addResource(lng, 'translation', key, value);
}

/** The on-demand areas already asked for, and the languages of each already added. */
const WANTED = new Map<string, Set<Language>>();

async function loadLazyStrings(lng: Language): Promise<void> {
  const langs: Language[] = lng === 'en' ? ['en'] : ['en', lng];
  if (WANTED.size === 0) return;
  const { areaBundle } = await loaders();
  const jobs: Promise<void>[] = [];
  for (const [area, loaded] of WANTED) {
    for (const l of langs) {
      if (loaded.has(l)) continue;
      loaded.add(l);
      jobs.push(
        areaBundle(area, l).then(
          (bundle) => void (bundle && i18n.addResourceBundle(l, 'translation', bundle, true, true)),
          (error: unknown) => {
            loaded.delete(l);
            throw error;
          },
        ),
      );
    }
  }
  await Promise.all(jobs);
  for (const l of langs) applyOverrides(l);
}

/** Makes sure a language's strings are in i18next (fetching them once), with those of the on-demand pages loaded. */
export async function loadLanguage(lng: Language): Promise<void> {
  if (!i18n.hasResourceBundle(lng, 'translation')) {
    const { firstPageBundle } = await loaders();
    i18n.addResourceBundle(lng, 'translation', await firstPageBundle(lng), true, true);
  }
  await loadLazyStrings(lng);
  await fetchOverrides(lng);
}

/**
 * Adds the strings of an area whose pages load on demand (`i18n/<area>/<lang>.json`), so they stay out of the first
 * page's JavaScript: fetched now for the current language (and English, the fallback), and with any language switched
 * to later. The page's route awaits this before it renders.
 */
export async function addLazyStrings(area: string): Promise<void> {
  if (!(await loaders()).LAZY_AREAS.includes(area)) throw new Error(`no strings for the area "${area}" in src/i18n`);
  if (!WANTED.has(area)) WANTED.set(area, new Set());
  await loadLazyStrings(isLanguage(i18n.language) ? i18n.language : 'en');
}

/** Switches the UI language and remembers it. */
export async function setLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  await loadLanguage(lng);
  await i18n.changeLanguage(lng);
}

/**
 * The install's language (`[site] language`, sent with the public brand) for a person who has chosen none: a stored
 * choice wins. Not stored itself, so it never passes for the person's own choice. Answers whether it switched.
 */
export async function applySiteLanguage(lng: unknown): Promise<boolean> {
  if (storedLanguage() || !isLanguage(lng) || i18n.language === lng) return false;
  await loadLanguage(lng);
  // A choice made while the strings were loading wins.
  if (storedLanguage()) return false;
  await i18n.changeLanguage(lng);
  return true;
}

const startLanguage = initialLanguage();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: enBundle } },
  // Start in English until the chosen language's strings are here (see `i18nReady`).
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: LANGUAGES.map((l) => l.code),
  partialBundledLanguages: true,
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18n.on('languageChanged', applyToDocument);
applyToDocument(i18n.language);

/** Settles once the starting language is loaded and active (main.tsx renders after it, so there is no flash of English). */
export const i18nReady: Promise<void> =
  startLanguage === 'en'
    ? // The platform's wording is awaited briefly: a slow server must not hold the first page back.
      Promise.race([fetchOverrides('en'), new Promise<void>((resolve) => setTimeout(resolve, 1500))])
    : loadLanguage(startLanguage)
        .then(() => i18n.changeLanguage(startLanguage))
        .then(
          () => undefined,
          // Offline or a failed chunk: stay in English rather than not starting.
          () => undefined,
        );

export default i18n;
