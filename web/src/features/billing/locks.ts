//! What the workspace's plan lets it do before it tries: a feature switch the plan lacks (which the API would refuse
//! with 403 feature_not_in_plan) and a limit already reached (402 quota_exceeded), with the plans that would allow
//! it. Pure functions of the billing overview and the plans on sale; the hooks are in ./useFeature.ts.
import type { PlanRef } from './prompt';
import { LIMIT_OF_USAGE, type BillingOverview, type FeatureKey, type Plan, type UsageKey } from './types';

export interface FeatureAccess {
  feature: FeatureKey;
  /** Whether the workspace may use it; true until the overview says otherwise, and always without a plan. */
  allowed: boolean;
  /** The workspace's plan, null without one. */
  plan: string | null;
  /** When not allowed: the other plans on sale that have it, in the plan picker's order. */
  plansWithFeature: PlanRef[];
}

export interface UsageAccess {
  key: UsageKey;
  /** Whether one more would go over the limit (never without a plan or with no limit). */
  atLimit: boolean;
  used: number;
  /** null: unlimited (or not known yet). */
  limit: number | null;
  plan: string | null;
  /** When at the limit: the other plans on sale that allow one more, in the plan picker's order. */
  plansWithMore: PlanRef[];
}

/** No plan (billing handled by the administrator, or off): every feature, no limits; as the API decides. */
function planOf(o: BillingOverview | undefined): BillingOverview['plan'] {
  if (!o || o.mode === 'off') return null;
  return o.plan ?? null;
}

/** The active plans other than `currentId` that pass `test`, by position. */
function otherPlans(plans: readonly Plan[] | undefined, currentId: string, test: (p: Plan) => boolean): PlanRef[] {
  return (plans ?? [])
    .filter((p) => p.id !== currentId && p.isActive && test(p))
    .sort((a, b) => a.position - b.position)
    .map((p) => ({ id: p.id, name: p.name }));
}

export function featureAccess(overview: BillingOverview | undefined, plans: readonly Plan[] | undefined, feature: FeatureKey): FeatureAccess {
  const plan = planOf(overview);
  if (!overview || !plan) return { feature, allowed: true, plan: null, plansWithFeature: [] };
  const allowed = overview.features[feature] !== false;
  return {
    feature,
    allowed,
    plan: plan.name,
    plansWithFeature: allowed ? [] : otherPlans(plans, plan.id, (p) => p.features[feature] === true),
  };
}

/**
 * How close the workspace is to the limit `key`. `used` overrides the overview's count when the page holds a fresher
 * one (the numbers it lists). The meter's limit includes extras the administrator granted.
 */
export function usageAccess(
  overview: BillingOverview | undefined,
  plans: readonly Plan[] | undefined,
  key: UsageKey,
  used?: number,
): UsageAccess {
  const plan = planOf(overview);
  const meter = overview?.usage.find((m) => m.key === key);
  const count = used ?? meter?.used ?? 0;
  const limit = plan ? (meter?.limit ?? null) : null;
  if (!plan || limit === null || count < limit) {
    return { key, atLimit: false, used: count, limit, plan: plan?.name ?? null, plansWithMore: [] };
  }
  const needed = count + 1;
  const limitKey = LIMIT_OF_USAGE[key];
  // A second number also takes the "several numbers" switch, as the API checks.
  const needsSwitch = key === 'whatsAppNumbers' && needed > 1;
  const plansWithMore = otherPlans(plans, plan.id, (p) => {
    const max = p.limits[limitKey];
    return (max === null || max === undefined || max >= needed) && (!needsSwitch || p.features.multipleWhatsAppNumbers === true);
  });
  return { key, atLimit: true, used: count, limit, plan: plan.name, plansWithMore };
}

/** Where an upgrade link goes: the billing page with the first plan that helps picked out. */
export function upgradeTarget(plans: readonly PlanRef[]): string {
  return plans[0] ? `/app/billing?plan=${encodeURIComponent(plans[0].id)}` : '/app/billing';
}
