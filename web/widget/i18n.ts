//! The widget's strings in the product's ten languages (./i18n/<lang>.json, all shipped in the one file: a few
//! hundred bytes each gzipped) and the choice of language from the visitor's browser.
import ar from './i18n/ar.json';
import de from './i18n/de.json';
import en from './i18n/en.json';
import es from './i18n/es.json';
import fr from './i18n/fr.json';
import hi from './i18n/hi.json';
import ja from './i18n/ja.json';
import pt from './i18n/pt.json';
import ru from './i18n/ru.json';
import zh from './i18n/zh.json';
import { fill } from './helpers';

export type Strings = typeof en;
export type Key = keyof Strings;

export const STRINGS: Record<string, Strings> = { en, es, fr, de, pt, ar, hi, zh, ja, ru };
export const LANGUAGES = Object.keys(STRINGS);
const RTL = new Set(['ar']);

/**
 * The first of the browser's languages (`navigator.languages`, most wanted first) that the widget speaks, matched on
 * the primary subtag (`pt-BR` → `pt`, `zh-Hans-CN` → `zh`); English when none is.
 */
export function pickLanguage(preferred: readonly string[] | undefined, available: readonly string[] = LANGUAGES): string {
  for (const tag of preferred ?? []) {
    const base = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    if (available.includes(base)) return base;
  }
  return available.includes('en') ? 'en' : (available[0] ?? 'en');
}

export function direction(lang: string): 'rtl' | 'ltr' {
  return RTL.has(lang) ? 'rtl' : 'ltr';
}

export function translator(lang: string): (key: Key, vars?: Record<string, string | number>) => string {
  const strings = STRINGS[lang] ?? en;
  return (key, vars) => fill(strings[key] ?? en[key], vars);
}
