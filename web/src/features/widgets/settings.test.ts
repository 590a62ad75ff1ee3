import { describe, expect, it } from 'vitest';
import { cleanTexts, parseDomains, textFor, textOn } from './settings';

describe('widget settings helpers', () => {
  it('reads host names however they were typed', () => {
    expect(parseDomains('https://Shop.Example.com/path?q=1\n*.example.com, localhost:5173\n\nshop.example.com')).toEqual([
      'shop.example.com',
      '*.example.com',
      'localhost',
    ]);
    expect(parseDomains('   ')).toEqual([]);
  });

  it('drops blank texts so a cleared language falls back', () => {
    expect(cleanTexts({ en: ' Hi ', fr: '  ', ar: 'مرحبا' })).toEqual({ en: 'Hi', ar: 'مرحبا' });
  });

  it('shows the language asked for, else the first one written', () => {
    expect(textFor({ en: 'Hi', fr: 'Salut' }, 'fr')).toBe('Salut');
    expect(textFor({ en: 'Hi' }, 'ja')).toBe('Hi');
    expect(textFor({}, 'ja')).toBe('');
  });

  it('puts readable text on the colour', () => {
    expect(textOn('#25d366')).toBe('#000000');
    expect(textOn('#075e54')).toBe('#ffffff');
  });
});
