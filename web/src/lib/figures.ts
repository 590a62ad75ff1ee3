//! Figures as people read them, the same on every page (the dashboard, the analytics area, the platform admin): a
//! duration in one humane unit, a ratio as a percentage, a part's share of a whole, and the change of a figure
//! against the previous period. Intl only, no imports: the first page may carry it.

type Unit = 'second' | 'minute' | 'hour' | 'day';

// An Intl.NumberFormat is costly to build and a report writes hundreds of figures.
const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `${locale}|${key}`;
  let f = formats.get(k);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    formats.set(k, f);
  }
  return f;
}

function unitFormat(locale: string, unit: Unit, digits: number): Intl.NumberFormat {
  return numberFormat(locale, `${unit}|${digits}`, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits });
}

/**
 * A duration in seconds in the one unit that reads best ("45 sec", "12 min", "3.2 hr", "2.1 days", in the reader's
 * language): whole seconds and minutes, hours and days with one decimal (a median of "3 hr 12 min" says no more than
 * "3.2 hr" on a report). A value that rounds up to the next unit moves to it (59.6 s is "1 min"); a dash for none.
 */
export function formatSeconds(seconds: number | null | undefined, locale: string): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, seconds);
  if (s < 59.5) return unitFormat(locale, 'second', 0).format(Math.round(s));
  if (s < 3570) return unitFormat(locale, 'minute', 0).format(Math.round(s / 60));
  if (s < 86_400) return unitFormat(locale, 'hour', 1).format(Math.round(s / 360) / 10);
  return unitFormat(locale, 'day', 1).format(Math.round(s / 8640) / 10);
}

/**
 * A ratio (0.42) as a percentage in the reader's digits: `42%`, `250%`, and a decimal under 10% (`3.5%`) so a few
 * failures or a small change do not read as 0%. A dash for none.
 */
export function formatRatio(ratio: number | null | undefined, locale: string): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const digits = ratio !== 0 && Math.abs(ratio) < 0.1 ? 1 : 0;
  return numberFormat(locale, `percent|${digits}`, { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

/** `part` of `whole` as a ratio; null when there is no whole to divide (no rate rather than a reassuring 0%). */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export interface Delta {
  direction: 'up' | 'down' | 'flat';
  /**
   * The change as a signed share of the previous figure (−0.5 is half of it); 0 when flat; null for a rise or fall
   * from 0, where no percentage means anything.
   */
  ratio: number | null;
  /** Whether the change is good news (for durations lower is better); null when flat. */
  good: boolean | null;
}

/** How a figure moved against the previous period; null (no comparison) when either side is unknown. */
export function delta(value: number | null | undefined, previous: number | null | undefined, lowerIsBetter = false): Delta | null {
  if (value == null || previous == null || !Number.isFinite(value) || !Number.isFinite(previous)) return null;
  if (value === previous) return { direction: 'flat', ratio: 0, good: null };
  const direction = value > previous ? 'up' : 'down';
  const ratio = previous === 0 ? null : (value - previous) / Math.abs(previous);
  return { direction, ratio, good: (direction === 'up') !== lowerIsBetter };
}
