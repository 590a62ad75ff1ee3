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

/** A short count for badges: 950, 8.3K, 1.2M (in the reader's digits). */
export function formatCompact(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]?.[0], parts[parts.length - 1]?.[0]] : [parts[0]?.[0], parts[0]?.[1]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'narrow', maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0 }).format(value);
}

export function formatTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return dtf(locale, { hour: 'numeric', minute: '2-digit' }, 't').format(d);
}

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Whole calendar days between `then` and `now` in local time (0: same day, 1: yesterday). */
function daysBetween(then: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(then)) / 86_400_000);
}

function capitalise(s: string, locale: string): string {
  return s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);
}

/**
 * A short "when" for lists, as chat apps write it: "now", "5 min. ago", the time today, "yesterday", the weekday
 * within a week, else the date.
 */
export function formatRelative(iso: string | null | undefined, now: number, locale: string): string {
  if (!iso) return '';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  if (seconds < 60) return rtf.format(0, 'second');
  if (seconds < 3600) return rtf.format(-Math.floor(seconds / 60), 'minute');
  const days = daysBetween(then, now);
  if (days <= 0) return formatTime(iso, locale);
  if (days === 1) return rtf.format(-1, 'day');
  if (days < 7) return dtf(locale, { weekday: 'short' }, 'wd').format(then);
  return dtf(locale, { dateStyle: 'short' }, 'ds').format(then);
}

/** The heading of a day in a chat: "Today", "Yesterday", else the date. */
export function formatDay(iso: string, now: number, locale: string): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const days = daysBetween(then, now);
  if (days === 0 || days === 1) return capitalise(new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-days, 'day'), locale);
  return dtf(locale, { dateStyle: 'medium' }, 'd').format(then);
}

const RTL_LOCALE = /^(ar|fa|he|ur)\b/i;

/**
 * Keeps an amount with its currency together as one left-to-right run in a right-to-left language (Arabic
 * writes `29 US$`, whose `$` would otherwise jump to the far end of the sentence).
 */
export function isolateAmount(text: string, locale: string): string {
  return RTL_LOCALE.test(locale) ? `\u2066${text}\u2069` : text;
}
