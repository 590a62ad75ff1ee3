import i18n from 'i18next';
import { describe, expect, it } from 'vitest';
import { formatMinor, majorInput, minorDigits, parseMajor, toMinor } from './money';
import { changeKind, cyclesOffered, cyclesSold, formatPricePerCycle, planDiff, savings } from './pricing';
import { growth, makePlan, starter } from './test/fixtures';

const t = i18n.t.bind(i18n);

describe('money in minor units', () => {
  it('knows how many decimals a currency has', () => {
    expect(minorDigits('usd')).toBe(2);
    expect(minorDigits('jpy')).toBe(0);
    expect(minorDigits('kwd')).toBe(3);
  });

  it('writes whole amounts without decimals and others with the currency’s', () => {
    expect(formatMinor(2900, 'usd', 'en')).toBe('$29');
    expect(formatMinor(2950, 'usd', 'en')).toBe('$29.50');
    expect(formatMinor(2900, 'usd', 'en', true)).toBe('$29.00');
    expect(formatMinor(1500, 'jpy', 'en')).toBe('¥1,500');
    expect(formatMinor(2900, 'eur', 'de').replace(/\s/g, ' ')).toBe('29 €');
  });

  it('reads what a person types back into minor units', () => {
    expect(parseMajor('29')).toBe(29);
    expect(parseMajor('29.5')).toBe(29.5);
    expect(parseMajor('29,50')).toBe(29.5);
    expect(parseMajor('1,200.00')).toBe(1200);
    expect(parseMajor('-3')).toBeNull();
    expect(parseMajor('abc')).toBeNull();
    expect(parseMajor('')).toBeNull();
    expect(toMinor(29.99, 'usd')).toBe(2999);
    expect(toMinor(1500, 'jpy')).toBe(1500);
    expect(majorInput(2950, 'usd')).toBe('29.50');
    expect(majorInput(3000, 'usd')).toBe('30');
  });
});

describe('price per cycle', () => {
  it('writes the price with its cycle, or Free', () => {
    expect(formatPricePerCycle(t, 2900, 'usd', 'monthly', 'en')).toBe('$29 / month');
    expect(formatPricePerCycle(t, 27000, 'usd', 'quarterly', 'en')).toBe('$270 / quarter');
    expect(formatPricePerCycle(t, 29000, 'usd', 'annual', 'en')).toBe('$290 / year');
    expect(formatPricePerCycle(t, 0, 'usd', 'monthly', 'en')).toBe('Free');
  });

  it('offers only the cycles some plan sells, in order', () => {
    expect(cyclesSold(starter)).toEqual(['monthly', 'annual']);
    expect(cyclesOffered([starter])).toEqual(['monthly', 'annual']);
    expect(cyclesOffered([starter, growth])).toEqual(['monthly', 'quarterly', 'annual']);
    expect(cyclesOffered([])).toEqual([]);
  });

  it('works out what paying less often saves over monthly', () => {
    expect(savings(starter, 'annual')).toBeCloseTo(1 - 29000 / 12 / 2900);
    expect(savings(growth, 'quarterly')).toBeCloseTo(1 - 27000 / 3 / 9900);
    expect(savings(starter, 'monthly')).toBeNull();
    expect(savings(makePlan({ prices: [{ cycle: 'annual', amount: 1000 }] }), 'annual')).toBeNull();
    expect(savings(makePlan({ prices: [{ cycle: 'monthly', amount: 100 }, { cycle: 'annual', amount: 1200 }] }), 'annual')).toBeNull();
  });
});

describe('plan differences', () => {
  it('marks features gained and lost and limits up and down against the current plan', () => {
    const up = planDiff(growth, starter);
    expect(up.features.chatbotFlows).toBe('gained');
    expect(up.features.campaigns).toBe('same');
    expect(up.limits.maxContacts).toBe('more');
    expect(up.limits.maxCampaignsPerMonth).toBe('more'); // unlimited beats 10
    expect(up.limits.maxFlows).toBe('same'); // both unlimited
    const down = planDiff(starter, growth);
    expect(down.features.chatbotFlows).toBe('lost');
    expect(down.limits.maxWhatsAppNumbers).toBe('less');
  });

  it('marks nothing without a current plan', () => {
    const d = planDiff(growth, null);
    expect(Object.values(d.features).every((c) => c === 'same')).toBe(true);
    expect(Object.values(d.limits).every((c) => c === 'same')).toBe(true);
  });

  it('tells an upgrade from a downgrade by the price per month, across cycles', () => {
    expect(changeKind(growth, 'monthly', starter, 'monthly')).toBe('upgrade');
    expect(changeKind(starter, 'monthly', growth, 'monthly')).toBe('downgrade');
    expect(changeKind(starter, 'monthly', starter, 'monthly')).toBe('current');
    expect(changeKind(starter, 'annual', starter, 'monthly')).toBe('cycle');
    expect(changeKind(growth, 'annual', starter, 'monthly')).toBe('upgrade');
    expect(changeKind(starter, 'monthly', null, 'monthly')).toBe('upgrade');
  });
});

describe('money in a right-to-left language', () => {
  it('isolates the amount left to right so its currency stays beside the number', () => {
    const s = formatMinor(2900, 'usd', 'ar');
    expect(s.startsWith('\u2066')).toBe(true);
    expect(s.endsWith('\u2069')).toBe(true);
    expect(s).toContain('US$');
    expect(formatMinor(2900, 'usd', 'en')).toBe('$29');
  });
});
