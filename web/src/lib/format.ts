//! Locale-aware formatting of dates and numbers for the current UI language.
const dateTimeCache = new Map<string, Intl.DateTimeFormat>();

function dtf(locale: string, opts: Intl.DateTimeFormatOptions, key: string) {
  const k = `${locale}|${key}`;
  let f = dateTimeCache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, opts);
    dateTimeCache.set(k, f);
  }
  return f;
}

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return dtf(locale, { dateStyle: 'medium', timeStyle: 'short' }, 'dt').format(d);
}

export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return dtf(locale, { dateStyle: 'medium' }, 'd').format(d);
}

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]?.[0], parts[parts.length - 1]?.[0]] : [parts[0]?.[0], parts[0]?.[1]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}
