//! Figures as people read them: durations in one humane unit ("45 sec", "12 min", "3.2 hr", "2.1 days", in the
//! reader's language through Intl), rates, the change of a figure against the previous period, weekdays, hours and
//! the series' buckets.

type Unit = 'second' | 'minute' | 'hour' | 'day';

const unitFormats = new Map<string, Intl.NumberFormat>();

function unitFormat(locale: string, unit: Unit, digits: number): Intl.NumberFormat {
  const key = `${locale}|${unit}|${digits}`;
  let f = unitFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits });
    unitFormats.set(key, f);
  }
  return f;
}

/**
 * A duration in seconds in the one unit that reads best: whole seconds and minutes, hours and days with one decimal
 * (a median of "3 hr 12 min" says no more than "3.2 hr" on a report); a dash for none.
 */
export function formatSeconds(seconds: number | null | undefined, locale: string): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, seconds);
  if (s < 59.5) return unitFormat(locale, 'second', 0).format(Math.round(s));
  if (s < 3570) return unitFormat(locale, 'minute', 0).format(Math.round(s / 60));
  if (s < 86_400) return unitFormat(locale, 'hour', 1).format(Math.round(s / 360) / 10);
  return unitFormat(locale, 'day', 1).format(Math.round(s / 8640) / 10);
}

/** A ratio (0.42) as a percentage in the reader's digits; a dash for none. */
export function formatRatio(ratio: number | null | undefined, locale: string): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: ratio > 0 && ratio < 0.1 ? 1 : 0 }).format(ratio);
}

export function formatAmount(amount: number, locale: string, currency?: string): string {
  if (currency) {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount);
    } catch {
      // A currency code Intl does not know: the number and the code.
    }
  }
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(amount);
  return currency ? `${n} ${currency}` : n;
}

/** `part` of `whole` as a ratio, null when there is no whole to divide. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export interface Delta {
  /** (current − previous) ÷ previous; null when the previous period had nothing (no ratio means anything then). */
  ratio: number | null;
  direction: 'up' | 'down' | 'flat';
  /** Whether the change is for the better (durations: lower is better); null when flat or unknown. */
  good: boolean | null;
}

/** How a figure moved against the previous period; null when either side is unknown. */
export function delta(current: number | null | undefined, previous: number | null | undefined, lowerIsBetter = false): Delta | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  if (!Number.isFinite(current) || !Number.isFinite(previous)) return null;
  const diff = current - previous;
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat';
  const ratio = previous !== 0 ? diff / Math.abs(previous) : null;
  const good = direction === 'flat' ? null : (direction === 'up') !== lowerIsBetter;
  return { ratio, direction, good };
}

/** Weekday names Monday first (2024-01-01 was a Monday), in the reader's language. */
export function weekdayNames(locale: string, width: 'short' | 'long' = 'short'): string[] {
  const f = new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' });
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/** An hour of the day as the reader's clock writes it (8:00 AM, 08:00, ٨:٠٠ ص). */
export function hourLabel(hour: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1, hour)));
}

/** A bucket's label as a reader wants it: "Mar 5" for a day, "14:00" for an hour. */
export function bucketLabel(label: string, locale: string, withDay = false): string {
  const [day, time] = label.split(' ');
  if (time && !withDay) return time;
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return label;
  const date = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
  return time ? `${date} ${time}` : date;
}
