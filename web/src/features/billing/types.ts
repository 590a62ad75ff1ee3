//! Billing shapes from the API contract (generated from openapi.json), and the fixed lists the UI walks over.
import type { components } from '../../api/generated/schema';

type Schemas = components['schemas'];

export type BillingOverview = Schemas['BillingOverview'];
export type Plan = Schemas['Plan'];
export type PlanInput = Schemas['PlanInput'];
export type PlanPrice = Schemas['PlanPrice'];
export type PlanFeatures = Schemas['PlanFeatures'];
export type PlanLimits = Schemas['PlanLimits'];
export type UsageMeter = Schemas['UsageMeter'];
export type Invoice = Schemas['Invoice'];
export type PlanChangePreview = Schemas['PlanChangePreview'];
export type DowngradeProblem = Schemas['DowngradeProblem'];
export type ChoosePlanInput = Schemas['ChoosePlanInput'];
export type SubscriptionsOverview = Schemas['SubscriptionsOverview'];
export type SubscriptionSummary = Schemas['SubscriptionSummary'];
export type MoneyAmount = Schemas['MoneyAmount'];
export type TenantBilling = Schemas['TenantBilling'];
export type TenantOverridesInput = Schemas['TenantOverridesInput'];
export type ExtendTrialInput = Schemas['ExtendTrialInput'];
export type AssignPlanInput = Schemas['AssignPlanInput'];
export type ManualInvoiceInput = Schemas['ManualInvoiceInput'];

export const CYCLES = ['monthly', 'quarterly', 'annual'] as const;
export type Cycle = (typeof CYCLES)[number];

export function isCycle(v: unknown): v is Cycle {
  return CYCLES.includes(v as Cycle);
}

/** Months in a billing cycle. */
export const CYCLE_MONTHS: Record<Cycle, number> = { monthly: 1, quarterly: 3, annual: 12 };

/** The feature switches of a plan, in the order they are listed (`agency`: subscribing makes an agency). */
export const FEATURE_KEYS = [
  'chatbotFlows',
  'campaigns',
  'apiAccess',
  'webhooks',
  'advancedAnalytics',
  'multipleWhatsAppNumbers',
  'customBranding',
  'prioritySupport',
  'agency',
] as const satisfies readonly (keyof PlanFeatures)[];
export type FeatureKey = (typeof FEATURE_KEYS)[number];

/** The limits of a plan, in the order they are listed (the API rate last: it is a rate, not a count). */
export const LIMIT_KEYS = [
  'maxContacts',
  'maxAgents',
  'maxWhatsAppNumbers',
  'maxMessagesPerMonth',
  'maxCampaignsPerMonth',
  'maxFlows',
  'maxWebhooks',
  'apiRequestsPerMinute',
  'maxClientWorkspaces',
] as const satisfies readonly (keyof PlanLimits)[];
export type LimitKey = (typeof LIMIT_KEYS)[number];

/**
 * What a usage meter, a downgrade problem or a quota error calls a limit (`contacts`, `messagesPerMonth`...), and
 * the plan limit it reads.
 */
export const USAGE_KEYS = ['contacts', 'agents', 'whatsAppNumbers', 'messagesPerMonth', 'campaignsPerMonth', 'flows', 'webhooks'] as const;
export type UsageKey = (typeof USAGE_KEYS)[number];

export const LIMIT_OF_USAGE: Record<UsageKey, LimitKey> = {
  contacts: 'maxContacts',
  agents: 'maxAgents',
  whatsAppNumbers: 'maxWhatsAppNumbers',
  messagesPerMonth: 'maxMessagesPerMonth',
  campaignsPerMonth: 'maxCampaignsPerMonth',
  flows: 'maxFlows',
  webhooks: 'maxWebhooks',
};

export function isUsageKey(v: unknown): v is UsageKey {
  return USAGE_KEYS.includes(v as UsageKey);
}

export function isFeatureKey(v: unknown): v is FeatureKey {
  return FEATURE_KEYS.includes(v as FeatureKey);
}
