//! Formatting for the builder's nodes and panels: durations in words of the current language (Intl), weekdays.
import { splitDuration } from '../summary';

const UNIT = { seconds: 'second', minutes: 'minute', hours: 'hour', days: 'day' } as const;

/** `5400` → "90 minutes" ("٩٠ دقيقة" in Arabic). */
export function formatDuration(seconds: number, locale: string): string {
  const { value, unit } = splitDuration(seconds);
  return new Intl.NumberFormat(locale, { style: 'unit', unit: UNIT[unit], unitDisplay: 'long' }).format(value);
}

/** The short name of a weekday, 0 = Monday … 6 = Sunday (the flow schema's numbering). */
export function weekdayName(day: number, locale: string, width: 'short' | 'long' = 'short'): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + day)));
}

/** `[0,1,2,3,4]` → "Mon–Fri"; other sets listed; empty = every day (''). */
export function formatDays(days: readonly number[], locale: string): string {
  const sorted = [...new Set(days)].filter((d) => d >= 0 && d <= 6).sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.length === 7) return '';
  const first = sorted[0] ?? 0;
  const last = sorted[sorted.length - 1] ?? 0;
  if (sorted.length > 2 && last - first === sorted.length - 1) return `${weekdayName(first, locale)}–${weekdayName(last, locale)}`;
  return sorted.map((d) => weekdayName(d, locale)).join(', ');
}
