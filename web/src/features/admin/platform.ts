//! The platform dashboard's figures as its cards and charts read them (GET /admin/analytics): error rates and when
//! they alarm, the plan mix's shares, bar heights, the days' summary and revenue. Pure functions over the API's
//! shapes; percentages are written by lib/figures, as everywhere.
import type { components } from '../../api/generated/schema';
import { share } from '../../lib/figures';
import { isolateAmount } from '../../lib/format';

export type PlatformAnalytics = components['schemas']['PlatformAnalytics'];
export type DayCount = components['schemas']['DayCount'];

/**
 * Failed ÷ all; null when there was nothing (no rate rather than a reassuring 0%). Kept within 0 to 1 so counts that
 * disagree never show more than everything failing.
 */
export function errorRate(errors: number, total: number): number | null {
  const rate = share(Math.max(0, errors), total);
  return rate === null ? null : Math.min(1, rate);
}

/** At or above this share of failures, a 24-hour figure is shown as a problem. */
export const ERROR_RATE_ALERT = 0.05;

/** Each item with its share of the total (0 to 1), the largest first; ties keep the API's order. */
export function withShares<T extends { count: number }>(items: readonly T[]): Array<T & { share: number }> {
  const total = items.reduce((sum, i) => sum + Math.max(0, i.count), 0);
  return items
    .map((i) => ({ ...i, share: share(Math.max(0, i.count), total) ?? 0 }))
    .sort((a, b) => b.count - a.count);
}

/**
 * A bar's height as a percentage of the chart's: the busiest day fills it; a day with messages is never drawn
 * thinner than `floor` % (so one message still shows), an empty day is 0.
 */
export function barHeights(counts: readonly number[], floor = 2): number[] {
  const max = Math.max(0, ...counts);
  if (max === 0) return counts.map(() => 0);
  return counts.map((c) => (c <= 0 ? 0 : Math.max(floor, Math.round((c / max) * 1000) / 10)));
}

/** What the messages chart says in words: the total, the daily mean and the busiest day (the first, on a tie). */
export function daysSummary(days: readonly DayCount[]): { total: number; mean: number; peak: DayCount | null } {
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const peak = days.reduce<DayCount | null>((best, d) => (d.count > 0 && (!best || d.count > best.count) ? d : best), null);
  return { total, mean: days.length ? total / days.length : 0, peak };
}

/** `3 Mar` for a `YYYY-MM-DD` day of the API (a UTC day: read as one, so no time zone shifts it). */
export function shortDay(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Revenue in whole units of its currency (`$1,291`): a headline, not an invoice. Unknown codes follow the number. */
export function formatWholeMoney(amount: number, currency: string, locale: string): string {
  const opts: Intl.NumberFormatOptions = { minimumFractionDigits: 0, maximumFractionDigits: 0 };
  try {
    return isolateAmount(new Intl.NumberFormat(locale, { ...opts, style: 'currency', currency }).format(amount), locale);
  } catch {
    return isolateAmount(`${new Intl.NumberFormat(locale, opts).format(amount)} ${currency}`, locale);
  }
}
