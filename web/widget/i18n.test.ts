import { describe, expect, it } from 'vitest';
import { direction, LANGUAGES, pickLanguage, STRINGS, translator } from './i18n';

const vars = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('the widget language', () => {
  it('speaks the product’s ten languages', () => {
    expect([...LANGUAGES].sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'hi', 'ja', 'pt', 'ru', 'zh']);
  });

  it('takes the first browser language it speaks, on the primary subtag', () => {
    expect(pickLanguage(['pt-BR', 'en-US'])).toBe('pt');
    expect(pickLanguage(['nl-NL', 'de-DE', 'en'])).toBe('de');
    expect(pickLanguage(['zh-Hans-CN'])).toBe('zh');
    expect(pickLanguage(['AR_eg'])).toBe('ar');
  });

  it('falls back to English when none of the browser’s languages is spoken', () => {
    expect(pickLanguage(['nl', 'sv-SE'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
  });

  it('chooses among the languages offered when given', () => {
    expect(pickLanguage(['fr', 'es'], ['en', 'es'])).toBe('es');
    expect(pickLanguage(['fr'], ['es', 'de'])).toBe('es');
  });

  it('writes Arabic right to left and the others left to right', () => {
    expect(direction('ar')).toBe('rtl');
    for (const l of LANGUAGES.filter((l) => l !== 'ar')) expect(direction(l)).toBe('ltr');
  });

  it('fills placeholders', () => {
    expect(translator('en')('typing', { name: 'Ana' })).toBe('Ana is typing…');
    expect(translator('ru')('fileTooBig', { max: 10 })).toBe('Этот файл больше 10 МБ.');
  });
});

describe.each(LANGUAGES.filter((l) => l !== 'en'))('the %s strings', (lang) => {
  const en: Record<string, string> = STRINGS.en ?? {};
  const other: Record<string, string> = STRINGS[lang] ?? {};

  it('have exactly the English keys, none empty', () => {
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(other)) expect(v.trim(), k).not.toBe('');
  });

  it('use the same placeholders as English', () => {
    for (const [k, v] of Object.entries(en)) expect(vars(other[k] ?? ''), k).toEqual(vars(v));
  });
});
