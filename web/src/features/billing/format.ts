//! Small wordings shared by the billing screens, in the reader's language.

/** `in 3 days`, `tomorrow`, `today` (Intl picks the plural forms, Arabic's included). */
export function inDays(days: number, locale: string): string {
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.max(0, Math.round(days)), 'day');
}

/** `80%` (no decimals; `4.5%` below 10%). */
export function formatPercent(ratio: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: ratio < 0.1 && ratio > 0 ? 1 : 0 }).format(ratio);
}
