//! i18next set-up: English and Arabic, the choice kept in localStorage, and `<html lang dir>` kept in step.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { arBundle, enBundle } from './bundles';

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

/** Switches the UI language and remembers it. */
export async function setLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  await i18n.changeLanguage(lng);
}

export const resources = { en: { translation: enBundle }, ar: { translation: arBundle } } as const;

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES.map((l) => l.code),
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18n.on('languageChanged', applyToDocument);
applyToDocument(i18n.language);

export default i18n;
