//! Money as the billing API sends it: integer minor units (cents) and a lower-case ISO 4217 code.

import { isolateAmount } from '../../lib/format';

const digitsCache = new Map<string, number>();

/** How many decimals the currency's minor unit has (2 for usd, 0 for jpy, 3 for kwd); 2 for a code Intl does not know. */
export function minorDigits(currency: string): number {
  const code = currency.toUpperCase();
  let d = digitsCache.get(code);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(code, d);
  }
  return d;
}

export function fromMinor(amount: number, currency: string): number {
  return amount / 10 ** minorDigits(currency);
}

export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** minorDigits(currency));
}

/**
 * An amount in minor units written for the reader: `$29`, `$29.50`, `29,50 €`. Whole amounts drop their decimals
 * (prices read better as `$29` than `$29.00`) unless `exact`. In a right-to-left language the amount is isolated
 * left to right (Arabic writes `29 US$`, whose `$` would otherwise jump to the far end of the sentence).
 */
export function formatMinor(amount: number, currency: string, locale: string, exact = false): string {
  const value = fromMinor(amount, currency);
  const digits = minorDigits(currency);
  const whole = Number.isInteger(value) && !exact;
  const opts: Intl.NumberFormatOptions = { minimumFractionDigits: whole ? 0 : digits, maximumFractionDigits: digits };
  let text: string;
  try {
    text = new Intl.NumberFormat(locale, { ...opts, style: 'currency', currency: currency.toUpperCase() }).format(value);
  } catch {
    text = `${new Intl.NumberFormat(locale, opts).format(value)} ${currency.toUpperCase()}`;
  }
  return isolateAmount(text, locale);
}

/**
 * A major-unit amount typed by a person (`29`, `29.5`, `29,50`, `1,200.00`) as a number, or null when it is not one.
 * A lone comma followed by one or two digits is a decimal comma; other commas group thousands.
 */
export function parseMajor(input: string): number | null {
  let s = input.trim().replace(/\s/g, '');
  if (!s) return null;
  if (/^\d+,\d{1,2}$/.test(s)) s = s.replace(',', '.');
  else s = s.replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A minor-unit amount as a person would type it back (`2950` usd → `29.50`, `3000` → `30`). */
export function majorInput(amount: number, currency: string): string {
  const value = fromMinor(amount, currency);
  return Number.isInteger(value) ? String(value) : value.toFixed(minorDigits(currency));
}
