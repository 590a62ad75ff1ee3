import { describe, expect, it } from 'vitest';
import { growth } from '../test/fixtures';
import { emptyPlanForm, formToInput, formToLimits, inputOfField, planToForm, validatePlanForm } from './planForm';

describe('plan form', () => {
  it('round-trips a plan: prices in major units, empty limits for unlimited', () => {
    const form = planToForm(growth);
    expect(form.prices).toEqual({ monthly: '99', quarterly: '270', annual: '990' });
    expect(form.limits.maxCampaignsPerMonth).toBe('');
    expect(form.limits.maxContacts).toBe('10000');
    const input = formToInput(form);
    expect(input.prices).toEqual(growth.prices);
    expect(input.limits).toEqual(growth.limits);
    expect(input.features).toEqual(growth.features);
  });

  it('sends only the cycles given, in cycle order, in minor units', () => {
    const form = { ...emptyPlanForm(), name: ' Pro ', currency: 'EUR', prices: { monthly: '19,90', quarterly: '', annual: '199' } };
    expect(validatePlanForm(form)).toEqual({});
    expect(formToInput(form)).toMatchObject({
      name: 'Pro',
      currency: 'eur',
      trialDays: 14,
      prices: [
        { cycle: 'monthly', amount: 1990 },
        { cycle: 'annual', amount: 19900 },
      ],
    });
  });

  it('refuses a form without a name, a price, or with bad numbers', () => {
    const form = emptyPlanForm();
    form.currency = 'dollars';
    form.trialDays = '400';
    form.limits.maxAgents = '2.5';
    expect(validatePlanForm(form)).toEqual({ name: 'required', currency: 'invalid', trialDays: 'invalid', prices: 'noPrice', 'limit.maxAgents': 'invalid' });
    form.prices.monthly = 'abc';
    expect(validatePlanForm(form)).toMatchObject({ 'price.monthly': 'invalid' });
    expect(validatePlanForm(form).prices).toBeUndefined();
  });

  it('reads limits: empty is unlimited', () => {
    const limits = formToLimits({ ...emptyPlanForm().limits, maxContacts: '0', maxAgents: ' 5 ' });
    expect(limits).toMatchObject({ maxContacts: 0, maxAgents: 5, maxFlows: null });
  });

  it('puts the server’s field errors on the right inputs', () => {
    const sent = { prices: [{ cycle: 'monthly' as const, amount: 1 }, { cycle: 'annual' as const, amount: -1 }] };
    expect(inputOfField('prices[1].amount', sent)).toBe('price.annual');
    expect(inputOfField('prices[7].cycle', sent)).toBe('prices');
    expect(inputOfField('limits.maxContacts', sent)).toBe('limit.maxContacts');
    expect(inputOfField('currency', sent)).toBe('currency');
  });
});
