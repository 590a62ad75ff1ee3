//! Money in the reader's language.

import { isolateAmount } from '../../lib/format';

/** `1 200,50 US$`-style amount; a currency code Intl does not know is written after the number. */
export function formatMoney(value: number, currency: string | null | undefined, locale: string, compact = false): string {
  const opts: Intl.NumberFormatOptions = compact ? { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } : { maximumFractionDigits: 2 };
  if (currency) {
    let text: string;
    try {
      text = new Intl.NumberFormat(locale, { ...opts, style: 'currency', currency }).format(value);
    } catch {
      text = `${new Intl.NumberFormat(locale, opts).format(value)} ${currency}`;
    }
    return isolateAmount(text, locale);
  }
  return new Intl.NumberFormat(locale, opts).format(value);
}

/** Money in one currency: a total is a list of these, one per currency, never added across currencies. */
export interface Money {
  currency: string;
  value: number;
}

/** The order amounts are listed in: the largest value first, then by currency code. */
export function byLargest(a: Money, b: Money): number {
  return b.value - a.value || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0);
}

/**
 * Amounts in several currencies, each with its own symbol, the largest first and joined with " · " (e.g.
 * `$12,400 · €3,000`); without any, a plain 0.
 */
export function formatAmounts(amounts: readonly Money[], locale: string, compact = false): string {
  if (amounts.length === 0) return formatMoney(0, null, locale, compact);
  return [...amounts]
    .sort(byLargest)
    .map((a) => formatMoney(a.value, a.currency, locale, compact))
    .join(' · ');
}

/** A `YYYY-MM-DD` day written for the reader (no time-zone shift). */
export function formatDay(day: string | null | undefined, locale: string): string {
  if (!day) return '—';
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(y, m - 1, d));
}

/** How a contact is named: its name, else its WhatsApp name, else its phone. */
export function contactName(c: { name?: string | null; profileName?: string | null; phone?: string | null }): string {
  return c.name || c.profileName || c.phone || '—';
}
