//! Billing: the owner's billing page (plan, usage, plan picker, invoices), the banners and the upgrade prompt every
//! workspace page carries, the locked state of what the plan lacks (`useFeature`, `<LockedFeature>`, `<LimitReached>`),
//! and the platform admin's plans, subscriptions and per-tenant billing. The pages load lazily through the route
//! helpers; what the layouts and pages import here stays small.
export { BillingBanners } from './components/BillingBanners';
export { BillingGate } from './components/BillingGate';
export { BillingPromptDialog } from './components/BillingPromptDialog';
export { TenantBillingSection } from './components/LazyTenantBilling';
export { adminBillingRoutes, billingRoutes } from './routes';
export { reportBillingError } from './store';
export { LimitReached, LockedFeature } from './components/LockedFeature';
export { useFeature, useUsageLimit } from './useFeature';
export type { FeatureAccess, UsageAccess } from './locks';
