import { describe, expect, it } from 'vitest';
import type { AgencyPlan } from './api';
import { agencyFormToInput, agencyPlanToForm, CLIENT_FEATURE_KEYS, CLIENT_LIMIT_KEYS, emptyAgencyPlanForm, inputOfAgencyField, validateAgencyPlanForm } from './planForm';
import { LEAVE_EARLY_MS, msUntilLeave } from './support';

const plan: AgencyPlan = {
  id: 'p1',
  name: 'Shop',
  description: null,
  currency: 'usd',
  monthlyAmount: 2950,
  features: { chatbotFlows: false, campaigns: true, apiAccess: false, webhooks: false, advancedAnalytics: false, multipleWhatsAppNumbers: false, customBranding: false, prioritySupport: false, agency: false },
  limits: { maxContacts: 500, maxAgents: 3, maxWhatsAppNumbers: null, maxCampaignsPerMonth: null, maxMessagesPerMonth: null, maxFlows: null, maxWebhooks: null, apiRequestsPerMinute: null, maxClientWorkspaces: null },
  position: 1,
  isActive: true,
  clients: 2,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('the offer plan form', () => {
  it('never offers what only an agency may hold', () => {
    expect(CLIENT_FEATURE_KEYS).not.toContain('agency');
    expect(CLIENT_LIMIT_KEYS).not.toContain('maxClientWorkspaces');
    expect(CLIENT_LIMIT_KEYS).toContain('maxContacts');
  });

  it('round-trips a plan, in minor units, with the agency-only keys off', () => {
    const form = agencyPlanToForm(plan);
    expect(form.monthly).toBe('29.50');
    expect(form.limits.maxContacts).toBe('500');
    expect(form.limits.maxFlows).toBe('');
    const input = agencyFormToInput({ ...form, name: '  Shop  ', description: '  ' });
    expect(input.name).toBe('Shop');
    expect(input.description).toBeNull();
    expect(input.monthlyAmount).toBe(2950);
    expect(input.features).toMatchObject({ campaigns: true, agency: false });
    expect(input.limits).toMatchObject({ maxContacts: 500, maxFlows: null, maxClientWorkspaces: null });
  });

  it('names what is missing or malformed before anything is sent', () => {
    const empty = validateAgencyPlanForm(emptyAgencyPlanForm());
    expect(empty).toMatchObject({ name: 'required', monthly: 'required' });
    const bad = validateAgencyPlanForm({ ...emptyAgencyPlanForm(), name: 'X', monthly: 'ten', currency: 'dollars', limits: { ...emptyAgencyPlanForm().limits, maxAgents: '-1' } });
    expect(bad).toEqual({ monthly: 'invalid', currency: 'invalid', 'limit.maxAgents': 'invalid' });
    expect(validateAgencyPlanForm({ ...emptyAgencyPlanForm(), name: 'Ok', monthly: '0' })).toEqual({});
  });

  it('puts the server field errors on their inputs', () => {
    expect(inputOfAgencyField('limits.maxContacts')).toBe('limit.maxContacts');
    expect(inputOfAgencyField('features.chatbotFlows')).toBe('feature.chatbotFlows');
    expect(inputOfAgencyField('monthlyAmount')).toBe('monthly');
    expect(inputOfAgencyField('name')).toBe('name');
  });
});

describe('a support session', () => {
  it('leaves a little before the entry ends, and at once when that moment passed', () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    expect(msUntilLeave('2026-05-01T10:30:00Z', now)).toBe(30 * 60_000 - LEAVE_EARLY_MS);
    expect(msUntilLeave('2026-05-01T10:00:10Z', now)).toBe(0);
    expect(msUntilLeave('not a date', now)).toBe(0);
  });
});
