//! Billing shapes for tests: a plan, an overview, meters; `overrides` for what a test is about.
import type { BillingOverview, Plan, PlanFeatures, PlanLimits, UsageMeter } from '../types';

export function features(on: Partial<PlanFeatures> = {}): PlanFeatures {
  return {
    chatbotFlows: false,
    campaigns: false,
    apiAccess: false,
    webhooks: false,
    advancedAnalytics: false,
    multipleWhatsAppNumbers: false,
    customBranding: false,
    prioritySupport: false,
    agency: false,
    ...on,
  };
}

export function limits(set: Partial<PlanLimits> = {}): PlanLimits {
  return {
    maxContacts: null,
    maxAgents: null,
    maxWhatsAppNumbers: null,
    maxMessagesPerMonth: null,
    maxCampaignsPerMonth: null,
    maxFlows: null,
    maxWebhooks: null,
    apiRequestsPerMinute: null,
    maxClientWorkspaces: null,
    ...set,
  };
}

export function makePlan(overrides: Partial<Plan> = {}): Plan {
  return {
    id: 'starter',
    name: 'Starter',
    description: 'For small teams',
    currency: 'usd',
    prices: [
      { cycle: 'monthly', amount: 2900 },
      { cycle: 'annual', amount: 29000 },
    ],
    trialDays: 14,
    features: features({ campaigns: true }),
    limits: limits({ maxContacts: 1000, maxAgents: 3, maxWhatsAppNumbers: 1, maxMessagesPerMonth: 5000, maxCampaignsPerMonth: 10 }),
    position: 0,
    isDefault: true,
    isFree: false,
    isActive: true,
    synced: true,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

export const starter = makePlan();
export const growth = makePlan({
  id: 'growth',
  name: 'Growth',
  description: 'For growing teams',
  prices: [
    { cycle: 'monthly', amount: 9900 },
    { cycle: 'quarterly', amount: 27000 },
    { cycle: 'annual', amount: 99000 },
  ],
  features: features({ campaigns: true, chatbotFlows: true, apiAccess: true, webhooks: true }),
  limits: limits({ maxContacts: 10000, maxAgents: 10, maxWhatsAppNumbers: 5, maxMessagesPerMonth: 50000, maxCampaignsPerMonth: null }),
  position: 1,
  isDefault: false,
});

export function meter(key: string, used: number, limit: number | null, monthly = false): UsageMeter {
  return { key, used, limit, monthly };
}

export function makeOverview(overrides: Partial<BillingOverview> = {}): BillingOverview {
  return {
    mode: 'stripe',
    plan: starter,
    scheduledPlan: null,
    cycle: 'monthly',
    status: 'active',
    access: 'ok',
    gateway: 'stripe',
    cancelAtPeriodEnd: false,
    hasPaymentMethod: true,
    complimentary: false,
    features: starter.features,
    trialDaysLeft: null,
    trialEnd: null,
    currentPeriodStart: '2026-03-01T00:00:00Z',
    currentPeriodEnd: '2026-04-01T00:00:00Z',
    restrictsAt: null,
    suspendsAt: null,
    usage: [
      meter('contacts', 200, 1000),
      meter('agents', 2, 3),
      meter('whatsAppNumbers', 1, 1),
      meter('messagesPerMonth', 1000, 5000, true),
      meter('campaignsPerMonth', 0, 10, true),
    ],
    ...overrides,
  };
}
