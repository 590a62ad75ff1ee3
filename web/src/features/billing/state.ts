//! What a workspace's billing overview allows its owner to do.
import type { BillingOverview } from './types';

/** A Stripe subscription still running: plans change through a previewed change, not a new Checkout. */
export function hasLiveSubscription(o: BillingOverview): boolean {
  return o.gateway === 'stripe' && !['canceled', 'incomplete_expired'].includes(o.status);
}

/** Billing handled by the platform administrator (or off) and no plan: everything is available. */
export function isManagedWithoutPlan(o: BillingOverview): boolean {
  return (o.mode === 'manual' || o.mode === 'off') && !o.plan;
}

export function canCancel(o: BillingOverview): boolean {
  return hasLiveSubscription(o) && !o.cancelAtPeriodEnd;
}

export function canResume(o: BillingOverview): boolean {
  return hasLiveSubscription(o) && o.cancelAtPeriodEnd;
}

/** The customer portal exists once the workspace is a Stripe customer. */
export function hasPortal(o: BillingOverview): boolean {
  return o.gateway === 'stripe';
}
