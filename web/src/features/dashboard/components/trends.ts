//! The "last 7 days" figures as the dashboard reads them (GET /analytics/dashboard): which headlines it knows, which
//! of them are durations (lower is better), and the sparkline's points. Pure functions, so the cards stay thin; the
//! figures themselves are written by lib/figures, as on the analytics pages.
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
