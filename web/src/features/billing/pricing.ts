//! Plans as the picker shows them: which cycles are sold, the price per cycle, savings over paying monthly, and
//! how a plan differs from the current one.
import type { TFunction } from 'i18next';
import { formatMinor } from './money';
import { CYCLE_MONTHS, CYCLES, FEATURE_KEYS, isCycle, LIMIT_KEYS, type Cycle, type FeatureKey, type LimitKey, type Plan, type PlanLimits } from './types';

export function priceOf(plan: Pick<Plan, 'prices'>, cycle: Cycle): number | null {
  return plan.prices.find((p) => p.cycle === cycle)?.amount ?? null;
}

/** The cycles a plan sells, monthly first. */
export function cyclesSold(plan: Pick<Plan, 'prices'>): Cycle[] {
  return CYCLES.filter((c) => plan.prices.some((p) => p.cycle === c));
}

/** The cycles any of the plans sells (what the cycle switch offers). */
export function cyclesOffered(plans: readonly Pick<Plan, 'prices'>[]): Cycle[] {
  return CYCLES.filter((c) => plans.some((p) => p.prices.some((x) => x.cycle === c)));
}

export function perMonth(amount: number, cycle: Cycle): number {
  return amount / CYCLE_MONTHS[cycle];
}

/** What paying per `cycle` saves over paying monthly (0.17 for 17%), or null without a saving or a monthly price. */
export function savings(plan: Pick<Plan, 'prices'>, cycle: Cycle): number | null {
  if (cycle === 'monthly') return null;
  const monthly = priceOf(plan, 'monthly');
  const price = priceOf(plan, cycle);
  if (monthly === null || price === null || monthly <= 0) return null;
  const saved = 1 - perMonth(price, cycle) / monthly;
  return saved >= 0.005 ? saved : null;
}

/** `$29 / month`, `$290 / year`, `Free`. */
export function formatPricePerCycle(t: TFunction, amount: number, currency: string, cycle: string, locale: string): string {
  if (amount === 0) return t('billing.price.free');
  const price = formatMinor(amount, currency, locale);
  return isCycle(cycle) ? t(`billing.price.per.${cycle}`, { price }) : price;
}

/** A limit compared with another: null is unlimited, larger than any number. */
function compareLimit(a: number | null | undefined, b: number | null | undefined): number {
  const x = a ?? Infinity;
  const y = b ?? Infinity;
  return x === y ? 0 : x > y ? 1 : -1;
}

export type FeatureChange = 'gained' | 'lost' | 'same';
export type LimitChange = 'more' | 'less' | 'same';

export interface PlanDiff {
  features: Record<FeatureKey, FeatureChange>;
  limits: Record<LimitKey, LimitChange>;
}

/** How `plan` differs from `current` (nothing differs without a current plan). */
export function planDiff(plan: Pick<Plan, 'features' | 'limits'>, current: Pick<Plan, 'features' | 'limits'> | null | undefined): PlanDiff {
  const features = {} as Record<FeatureKey, FeatureChange>;
  for (const k of FEATURE_KEYS) {
    const mine = Boolean(plan.features[k]);
    const theirs = current ? Boolean(current.features[k]) : mine;
    features[k] = mine === theirs ? 'same' : mine ? 'gained' : 'lost';
  }
  const limits = {} as Record<LimitKey, LimitChange>;
  for (const k of LIMIT_KEYS) {
    const c = current ? compareLimit(plan.limits[k], current.limits[k]) : 0;
    limits[k] = c === 0 ? 'same' : c > 0 ? 'more' : 'less';
  }
  return { features, limits };
}

/** The limit as the API sends it: null or absent is unlimited. */
export function limitOf(limits: PlanLimits, key: LimitKey): number | null {
  return limits[key] ?? null;
}

export type ChangeKind = 'current' | 'upgrade' | 'downgrade' | 'cycle';

/**
 * What choosing `plan` at `cycle` is for a workspace on `current` at `currentCycle`: the same plan and cycle, another
 * cycle of the same plan, or an upgrade or a downgrade by price per month (as the server decides: equal counts as an
 * upgrade).
 */
export function changeKind(plan: Plan, cycle: Cycle, current: Plan | null | undefined, currentCycle: string): ChangeKind {
  if (!current) return 'upgrade';
  if (plan.id === current.id) return cycle === currentCycle ? 'current' : 'cycle';
  const price = priceOf(plan, cycle);
  const now = isCycle(currentCycle) ? priceOf(current, currentCycle) : null;
  if (price === null || now === null || !isCycle(currentCycle)) return 'upgrade';
  return perMonth(price, cycle) >= perMonth(now, currentCycle) ? 'upgrade' : 'downgrade';
}
