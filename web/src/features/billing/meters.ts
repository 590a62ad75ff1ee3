//! Usage meters: how full a limit is and the colour that says so.
import { isUsageKey, type UsageKey, type UsageMeter } from './types';

/** `unlimited`: no limit; `unavailable`: a limit of 0 (not in the plan); else by how full: <75%, ≥75%, ≥90%. */
export type MeterLevel = 'unlimited' | 'unavailable' | 'ok' | 'warning' | 'danger';

export const WARNING_AT = 0.75;
export const DANGER_AT = 0.9;

/** Used over the limit (may pass 1 after a plan change); null when unlimited or not in the plan. */
export function meterRatio(used: number, limit: number | null | undefined): number | null {
  if (limit === null || limit === undefined || limit <= 0) return null;
  return used / limit;
}

export function meterLevel(used: number, limit: number | null | undefined): MeterLevel {
  if (limit === null || limit === undefined) return 'unlimited';
  if (limit <= 0) return used > 0 ? 'danger' : 'unavailable';
  const ratio = used / limit;
  if (ratio >= DANGER_AT) return 'danger';
  if (ratio >= WARNING_AT) return 'warning';
  return 'ok';
}

/** The bar's width, 0 to 100. */
export function meterWidth(used: number, limit: number | null | undefined): number {
  const r = meterRatio(used, limit);
  if (r === null) return limit === 0 && used > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, r * 100));
}

export const LEVEL_BAR: Record<MeterLevel, string> = {
  unlimited: 'bg-primary-100',
  unavailable: 'bg-slate-300',
  ok: 'bg-primary-500',
  warning: 'bg-accent-500',
  danger: 'bg-danger-500',
};

/** Meters in the order they are shown; unknown keys (a newer server) last, in the order given. */
export function sortMeters(meters: readonly UsageMeter[]): UsageMeter[] {
  const rank = (k: string) => (isUsageKey(k) ? ORDER.indexOf(k) : ORDER.length);
  return [...meters].sort((a, b) => rank(a.key) - rank(b.key));
}

const ORDER: UsageKey[] = ['messagesPerMonth', 'campaignsPerMonth', 'contacts', 'agents', 'whatsAppNumbers', 'flows', 'webhooks'];

/** Monthly meters at 75% or more, the fullest first (what the banners warn about). */
export function busyMonthlyMeters(meters: readonly UsageMeter[]): Array<UsageMeter & { ratio: number }> {
  return meters
    .filter((m) => m.monthly)
    .map((m) => ({ ...m, ratio: meterRatio(m.used, m.limit) }))
    .filter((m): m is UsageMeter & { ratio: number } => m.ratio !== null && m.ratio >= WARNING_AT)
    .sort((a, b) => b.ratio - a.ratio);
}
