import { describe, expect, it } from 'vitest';
import { featureAccess, upgradeTarget, usageAccess } from './locks';
import { features, growth, limits, makeOverview, makePlan, meter, starter } from './test/fixtures';

const pro = makePlan({
  id: 'pro',
  name: 'Pro',
  position: 2,
  isDefault: false,
  features: features({ campaigns: true, chatbotFlows: true, apiAccess: true, webhooks: true, multipleWhatsAppNumbers: true }),
  limits: limits({ maxAgents: 25, maxWhatsAppNumbers: 10 }),
});
const retired = makePlan({ id: 'old', name: 'Legacy', position: 3, isDefault: false, isActive: false, features: features({ apiAccess: true }) });
// In the order the API might send them; the picker's order is by position.
const plans = [pro, starter, retired, growth];

describe('featureAccess', () => {
  it('locks a switch the plan lacks and names the other plans that have it, in the picker order', () => {
    const a = featureAccess(makeOverview(), plans, 'apiAccess');
    expect(a).toEqual({
      feature: 'apiAccess',
      allowed: false,
      plan: 'Starter',
      plansWithFeature: [
        { id: 'growth', name: 'Growth' },
        { id: 'pro', name: 'Pro' },
      ],
    });
  });

  it('allows a switch the plan has, without listing plans', () => {
    expect(featureAccess(makeOverview(), plans, 'campaigns')).toMatchObject({ allowed: true, plansWithFeature: [] });
  });

  it('leaves out the current plan and plans no longer on sale', () => {
    const onGrowth = makeOverview({ plan: growth, features: growth.features });
    expect(featureAccess(onGrowth, plans, 'multipleWhatsAppNumbers').plansWithFeature).toEqual([{ id: 'pro', name: 'Pro' }]);
  });

  it('allows everything without a plan (manual billing, nothing assigned) or with billing off, whatever the switches say', () => {
    const manual = makeOverview({ mode: 'manual', plan: null, status: 'none', features: features() });
    expect(featureAccess(manual, plans, 'apiAccess')).toMatchObject({ allowed: true, plan: null });
    const off = makeOverview({ mode: 'off', features: features() });
    expect(featureAccess(off, plans, 'apiAccess').allowed).toBe(true);
  });

  it('allows while the overview is not known yet (the API still decides)', () => {
    expect(featureAccess(undefined, undefined, 'apiAccess').allowed).toBe(true);
  });

  it('locks before the plans are known, naming none yet', () => {
    expect(featureAccess(makeOverview(), undefined, 'apiAccess')).toMatchObject({ allowed: false, plansWithFeature: [] });
  });
});

describe('usageAccess', () => {
  it('is at the limit when the count reaches it, naming the plans that allow one more', () => {
    const a = usageAccess(makeOverview({ usage: [meter('agents', 3, 3)] }), plans, 'agents');
    expect(a).toEqual({
      key: 'agents',
      atLimit: true,
      used: 3,
      limit: 3,
      plan: 'Starter',
      plansWithMore: [
        { id: 'growth', name: 'Growth' },
        { id: 'pro', name: 'Pro' },
      ],
    });
  });

  it('is not at the limit below it, nor when unlimited', () => {
    expect(usageAccess(makeOverview({ usage: [meter('agents', 2, 3)] }), plans, 'agents').atLimit).toBe(false);
    expect(usageAccess(makeOverview({ usage: [meter('agents', 99, null)] }), plans, 'agents')).toMatchObject({ atLimit: false, limit: null });
  });

  it('takes a fresher count from the page over the overview', () => {
    const o = makeOverview({ usage: [meter('whatsAppNumbers', 0, 1)] });
    expect(usageAccess(o, plans, 'whatsAppNumbers').atLimit).toBe(false);
    expect(usageAccess(o, plans, 'whatsAppNumbers', 1)).toMatchObject({ atLimit: true, used: 1 });
  });

  it('counts a second number only on plans with room and the several-numbers switch', () => {
    // Growth allows 5 numbers but has no switch: the API would still refuse a second one there.
    const a = usageAccess(makeOverview({ usage: [meter('whatsAppNumbers', 1, 1)] }), plans, 'whatsAppNumbers');
    expect(a.plansWithMore).toEqual([{ id: 'pro', name: 'Pro' }]);
  });

  it('uses the meter limit, extras granted by the administrator included', () => {
    // Starter allows 3 seats; 2 more were granted.
    expect(usageAccess(makeOverview({ usage: [meter('agents', 3, 5)] }), plans, 'agents').atLimit).toBe(false);
  });

  it('never limits without a plan', () => {
    const manual = makeOverview({ mode: 'manual', plan: null, status: 'none', usage: [meter('agents', 3, 3)] });
    expect(usageAccess(manual, plans, 'agents')).toMatchObject({ atLimit: false, limit: null });
  });
});

describe('upgradeTarget', () => {
  it('picks out the first plan that helps on the billing page', () => {
    expect(upgradeTarget([{ id: 'a b', name: 'A' }])).toBe('/app/billing?plan=a%20b');
    expect(upgradeTarget([])).toBe('/app/billing');
  });
});
