//! Hooks over ./locks.ts: whether the workspace's plan has a feature, or room for one more of something, from the
//! cached billing overview. The plans on sale are read only when something is locked, to name those that have it.
import { useSession } from '../auth';
import { useBillingOverview, useBillingPlans } from './hooks';
import { featureAccess, usageAccess, type FeatureAccess, type UsageAccess } from './locks';
import type { FeatureKey, UsageKey } from './types';

/** `{ allowed, plansWithFeature }` for a feature switch; allowed while the overview loads or fails (the API decides). */
export function useFeature(feature: FeatureKey): FeatureAccess {
  const overview = useBillingOverview();
  const locked = !featureAccess(overview.data, undefined, feature).allowed;
  const plans = useBillingPlans(locked);
  return featureAccess(overview.data, plans.data, feature);
}

/** `{ atLimit, used, limit, plansWithMore }` for a usage meter; `used` when the page knows a fresher count. */
export function useUsageLimit(key: UsageKey, used?: number): UsageAccess {
  const overview = useBillingOverview();
  const full = usageAccess(overview.data, undefined, key, used).atLimit;
  const plans = useBillingPlans(full);
  return usageAccess(overview.data, plans.data, key, used);
}

/** Only the owner changes the plan; the others are told to ask them. */
export function useIsOwner(): boolean {
  return useSession().role === 'owner';
}
