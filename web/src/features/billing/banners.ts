//! The notices a workspace's members see above every page, from its billing overview.
import { busyMonthlyMeters, DANGER_AT } from './meters';
import type { BillingOverview } from './types';

export type BannerTone = 'info' | 'warning' | 'danger';

export type Banner =
  | { id: string; tone: BannerTone; kind: 'trial'; days: number }
  | { id: string; tone: BannerTone; kind: 'pastDue'; restrictsAt: string | null }
  | { id: string; tone: BannerTone; kind: 'restricted'; suspendsAt: string | null }
  | { id: string; tone: BannerTone; kind: 'suspended' }
  | { id: string; tone: BannerTone; kind: 'usage'; key: string; ratio: number };

/** Days of trial left at which the trial notice turns amber. */
export const TRIAL_WARNING_DAYS = 3;

const TONE_RANK: Record<BannerTone, number> = { danger: 0, warning: 1, info: 2 };

/**
 * Banners for `o`, the most urgent first: payment trouble (past due, restricted, suspended), a trial without a card
 * running out, and monthly meters at 75% or more. Nothing when billing is off.
 */
export function bannersFor(o: BillingOverview): Banner[] {
  if (o.mode === 'off') return [];
  const out: Banner[] = [];
  if (o.access === 'past_due') out.push({ id: 'pastDue', tone: 'danger', kind: 'pastDue', restrictsAt: o.restrictsAt ?? null });
  else if (o.access === 'restricted') out.push({ id: 'restricted', tone: 'danger', kind: 'restricted', suspendsAt: o.suspendsAt ?? null });
  else if (o.access === 'suspended') out.push({ id: 'suspended', tone: 'danger', kind: 'suspended' });

  if (o.status === 'trialing' && !o.hasPaymentMethod && !o.complimentary && typeof o.trialDaysLeft === 'number') {
    const days = o.trialDaysLeft;
    out.push({ id: `trial:${days}`, tone: days <= TRIAL_WARNING_DAYS ? 'warning' : 'info', kind: 'trial', days });
  }

  for (const m of busyMonthlyMeters(o.usage)) {
    const pct = Math.floor(m.ratio * 100);
    // The id changes with each step (75, 90, 100), so a dismissed notice comes back when the meter fills further.
    const step = m.ratio >= 1 ? 100 : m.ratio >= DANGER_AT ? 90 : 75;
    out.push({ id: `usage:${m.key}:${step}`, tone: m.ratio >= DANGER_AT ? 'danger' : 'warning', kind: 'usage', key: m.key, ratio: Math.min(pct, 999) / 100 });
  }
  return out.sort((a, b) => TONE_RANK[a.tone] - TONE_RANK[b.tone]);
}

/** Whether a banner may be put away for the session (payment trouble may not). */
export function isDismissible(b: Banner): boolean {
  return b.kind === 'trial' || b.kind === 'usage';
}
