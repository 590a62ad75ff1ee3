//! The "last 7 days" figures as the dashboard reads them (GET /analytics/dashboard): which headlines it knows, the
//! change against the 7 days before (with the direction that counts as better), durations in the largest unit that
//! reads well, and the sparkline's points. Pure functions, so the cards stay thin.
import type { components } from '../../../api/generated/schema';

export type Headline = components['schemas']['Headline'];
export type AnalyticsDashboard = components['schemas']['AnalyticsDashboard'];

/** The headlines the API answers, in the order the cards show them (crates/services/src/analytics/reports.rs). */
export const HEADLINE_METRICS = ['opened', 'resolved', 'messagesIn', 'messagesOut', 'firstResponseMedian'] as const;
export type HeadlineMetric = (typeof HEADLINE_METRICS)[number];

/** A waiting time: less is better, and the figure is seconds. */
export function isDuration(metric: HeadlineMetric): boolean {
  return metric === 'firstResponseMedian';
}

export interface Delta {
  direction: 'up' | 'down' | 'same';
  /** The change as a share of the previous figure (0.25 is 25%), never negative; null when there was nothing before. */
  ratio: number | null;
  /** Whether the change is good news: null when nothing changed. */
  good: boolean | null;
}

/**
 * This period against the previous one. No comparison (null) when either figure is missing, as a median of no
 * responses is; from 0 to something is a rise without a percentage.
 */
export function delta(value: number | null | undefined, previous: number | null | undefined, lowerIsBetter = false): Delta | null {
  if (value == null || previous == null || !Number.isFinite(value) || !Number.isFinite(previous)) return null;
  if (value === previous) return { direction: 'same', ratio: 0, good: null };
  const direction = value > previous ? 'up' : 'down';
  const ratio = previous === 0 ? null : Math.abs(value - previous) / Math.abs(previous);
  return { direction, ratio, good: (direction === 'down') === lowerIsBetter };
}

/** `12%`, `3.5%` under 10% (so a small change does not read as 0%), `250%`. */
export function formatChange(ratio: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: ratio < 0.1 ? 1 : 0 }).format(ratio);
}

export type DurationUnit = 's' | 'min' | 'h' | 'd';

/**
 * A duration in seconds as one number and the largest unit that keeps it readable: `45 s`, `12 min`, `3.2 h`,
 * `2.5 d`. One decimal below 10 of a unit of minutes and up; a value that rounds up to the next unit moves to it
 * (59.8 s is `1 min`, not `60 s`).
 */
export function humanDuration(seconds: number): { n: number; unit: DurationUnit } {
  const s = Math.max(0, seconds);
  const round = (v: number) => (v < 10 ? Math.round(v * 10) / 10 : Math.round(v));
  if (Math.round(s) < 60) return { n: Math.round(s), unit: 's' };
  if (round(s / 60) < 60) return { n: round(s / 60), unit: 'min' };
  if (round(s / 3600) < 48) return { n: round(s / 3600), unit: 'h' };
  return { n: round(s / 86_400), unit: 'd' };
}

export interface SparkPoint {
  x: number;
  y: number;
}

/**
 * Where a series' points go in a `width` × `height` box, `pad` inside each edge (so the line's stroke is not
 * clipped): a point per day spread evenly, the lowest value at the bottom, the highest at the top. Missing days
 * (null) keep their place but get no point; a flat series is drawn across the middle.
 */
export function sparklinePoints(series: readonly (number | null | undefined)[], width: number, height: number, pad = 2): SparkPoint[] {
  const known = series.filter((v): v is number => v != null && Number.isFinite(v));
  if (known.length === 0) return [];
  const min = Math.min(...known);
  const max = Math.max(...known);
  const innerW = width - 2 * pad;
  const innerH = height - 2 * pad;
  const step = series.length > 1 ? innerW / (series.length - 1) : 0;
  const points: SparkPoint[] = [];
  series.forEach((v, i) => {
    if (v == null || !Number.isFinite(v)) return;
    const x = series.length > 1 ? pad + i * step : width / 2;
    const y = max === min ? height / 2 : pad + ((max - v) / (max - min)) * innerH;
    points.push({ x: round2(x), y: round2(y) });
  });
  return points;
}

/** The `points` attribute of an SVG polyline. */
export function polylinePoints(points: readonly SparkPoint[]): string {
  return points.map((p) => `${p.x},${p.y}`).join(' ');
}

/** What a screen reader hears instead of the line: the first and last known values, the lowest and the highest. */
export function seriesSummary(series: readonly (number | null | undefined)[]): { first: number; last: number; min: number; max: number } | null {
  const known = series.filter((v): v is number => v != null && Number.isFinite(v));
  const first = known[0];
  const last = known[known.length - 1];
  if (first === undefined || last === undefined) return null;
  return { first, last, min: Math.min(...known), max: Math.max(...known) };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
