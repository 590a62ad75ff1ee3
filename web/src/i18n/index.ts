//! i18next set-up: English and Arabic, the choice kept in localStorage, and `<html lang dir>` kept in step.
//! Only English (also the fallback) is bundled with the first page; another language's strings are fetched
//! (a dynamic import) the first time it is chosen, and added to i18next before switching to it.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enBundle } from './bundles';

export const LANGUAGES = [
  { code: 'en', label: 'English', dir: 'ltr' },
  { code: 'ar', label: 'العربية', dir: 'rtl' },
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

function initialLanguage(): Language {
  const stored = storedLanguage();
  if (stored) return stored;
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'en';
  return nav?.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

function applyToDocument(lng: string) {
  if (typeof document === 'undefined') return;
  const code = isLanguage(lng) ? lng : 'en';
  document.documentElement.lang = code;
  document.documentElement.dir = directionOf(code);
}

type Bundle = Record<string, unknown>;

/** Where each language's strings come from: English is already here, the others are separate chunks. */
const BUNDLES: Record<Language, () => Promise<Bundle>> = {
  en: () => Promise.resolve(enBundle),
  ar: () => import('./arBundle').then((m) => m.arBundle),
};

type Loaders = Record<Language, () => Promise<Bundle>>;

/** Strings of pages that load on demand (the flow builder), by name, and the languages already added. */
const LAZY: Map<string, { loaders: Loaders; loaded: Set<Language> }> = new Map();

async function loadLazyStrings(lng: Language): Promise<void> {
  const wanted: Language[] = lng === 'en' ? ['en'] : ['en', lng];
  const jobs: Promise<void>[] = [];
  for (const entry of LAZY.values()) {
    for (const l of wanted) {
      if (entry.loaded.has(l)) continue;
      entry.loaded.add(l);
      jobs.push(
        entry.loaders[l]().then(
          (bundle) => void i18n.addResourceBundle(l, 'translation', bundle, true, true),
          (error: unknown) => {
            entry.loaded.delete(l);
            throw error;
          },
        ),
      );
    }
  }
  await Promise.all(jobs);
}

/** Makes sure a language's strings are in i18next (fetching them once), with those of the on-demand pages loaded. */
export async function loadLanguage(lng: Language): Promise<void> {
  if (!i18n.hasResourceBundle(lng, 'translation')) {
    const bundle = await BUNDLES[lng]();
    i18n.addResourceBundle(lng, 'translation', bundle, true, true);
  }
  await loadLazyStrings(lng);
}

/**
 * Adds the strings of a page that loads on demand, so they stay out of the first page's JavaScript: fetched now for
 * the current language (and English, the fallback), and with any language switched to later. The page's route
 * awaits this before it renders.
 */
export async function addLazyStrings(name: string, loaders: Loaders): Promise<void> {
  if (!LAZY.has(name)) LAZY.set(name, { loaders, loaded: new Set() });
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
    ? Promise.resolve()
    : loadLanguage(startLanguage)
        .then(() => i18n.changeLanguage(startLanguage))
        .then(
          () => undefined,
          // Offline or a failed chunk: stay in English rather than not starting.
          () => undefined,
        );

export default i18n;
