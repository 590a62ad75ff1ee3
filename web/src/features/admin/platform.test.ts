import { describe, expect, it } from 'vitest';
import { barHeights, daysSummary, errorRate, formatWholeMoney, shortDay, withShares } from './platform';

describe('errorRate', () => {
  it('is failures over all, and no rate at all without traffic', () => {
    expect(errorRate(5, 200)).toBe(0.025);
    expect(errorRate(0, 10)).toBe(0);
    expect(errorRate(0, 0)).toBeNull();
    expect(errorRate(12, 10)).toBe(1);
    expect(errorRate(-3, 10)).toBe(0);
  });
});

describe('withShares', () => {
  it('gives each its share of the whole, the largest first', () => {
    expect(withShares([{ key: 'Starter', count: 1 }, { key: 'Growth', count: 3 }])).toEqual([
      { key: 'Growth', count: 3, share: 0.75 },
      { key: 'Starter', count: 1, share: 0.25 },
    ]);
    expect(withShares([{ key: 'Free', count: 0 }])).toEqual([{ key: 'Free', count: 0, share: 0 }]);
  });
});

describe('barHeights', () => {
  it('fills the chart with the busiest day and keeps a day with messages visible', () => {
    expect(barHeights([0, 1, 500, 1000])).toEqual([0, 2, 50, 100]);
    expect(barHeights([0, 0])).toEqual([0, 0]);
  });
});

describe('daysSummary', () => {
  it('totals the days and finds the busiest (the first of a tie)', () => {
    const days = [
      { day: '2026-03-01', count: 10 },
      { day: '2026-03-02', count: 30 },
      { day: '2026-03-03', count: 30 },
      { day: '2026-03-04', count: 0 },
    ];
    expect(daysSummary(days)).toEqual({ total: 70, mean: 17.5, peak: { day: '2026-03-02', count: 30 } });
    expect(daysSummary([{ day: '2026-03-01', count: 0 }]).peak).toBeNull();
  });

  it('writes an API day as that calendar day, whatever the reader’s time zone', () => {
    expect(shortDay('2026-03-01', 'en')).toBe('Mar 1');
    expect(shortDay('nonsense', 'en')).toBe('nonsense');
  });
});

describe('formatWholeMoney', () => {
  it('writes revenue in whole units, an unknown currency code after the number', () => {
    expect(formatWholeMoney(1290.5, 'USD', 'en')).toBe('$1,291');
    expect(formatWholeMoney(99, 'XYZ1', 'en')).toBe('99 XYZ1');
    // Kept as one left-to-right run inside Arabic text.
    expect(formatWholeMoney(10, 'EUR', 'ar').startsWith('\u2066')).toBe(true);
  });
});
