import { describe, expect, it } from 'vitest';
import { busyMonthlyMeters, meterLevel, meterRatio, meterWidth, sortMeters } from './meters';
import { meter } from './test/fixtures';

describe('meter colour', () => {
  it('is plain below 75%, amber from 75%, red from 90%', () => {
    expect(meterLevel(0, 100)).toBe('ok');
    expect(meterLevel(74, 100)).toBe('ok');
    expect(meterLevel(75, 100)).toBe('warning');
    expect(meterLevel(89, 100)).toBe('warning');
    expect(meterLevel(90, 100)).toBe('danger');
    expect(meterLevel(100, 100)).toBe('danger');
    expect(meterLevel(140, 100)).toBe('danger');
  });

  it('works on small limits as on large ones (3 of 4 is 75%)', () => {
    expect(meterLevel(2, 4)).toBe('ok');
    expect(meterLevel(3, 4)).toBe('warning');
    expect(meterLevel(1, 1)).toBe('danger');
  });

  it('says unlimited without a limit, and not in the plan for a limit of 0', () => {
    expect(meterLevel(5000, null)).toBe('unlimited');
    expect(meterLevel(5000, undefined)).toBe('unlimited');
    expect(meterLevel(0, 0)).toBe('unavailable');
    expect(meterLevel(2, 0)).toBe('danger');
    expect(meterRatio(5, null)).toBeNull();
  });

  it('draws the bar between 0 and 100%', () => {
    expect(meterWidth(50, 200)).toBe(25);
    expect(meterWidth(300, 200)).toBe(100);
    expect(meterWidth(0, 0)).toBe(0);
    expect(meterWidth(3, 0)).toBe(100);
  });
});

describe('meters', () => {
  it('lists monthly meters at 75% or more, the fullest first', () => {
    const busy = busyMonthlyMeters([
      meter('messagesPerMonth', 800, 1000, true),
      meter('campaignsPerMonth', 10, 10, true),
      meter('contacts', 999, 1000),
      meter('other', 1, null, true),
      meter('low', 1, 10, true),
    ]);
    expect(busy.map((m) => [m.key, m.ratio])).toEqual([
      ['campaignsPerMonth', 1],
      ['messagesPerMonth', 0.8],
    ]);
  });

  it('shows the monthly counters first and unknown keys last', () => {
    const sorted = sortMeters([meter('newThing', 1, 2), meter('contacts', 1, 2), meter('messagesPerMonth', 1, 2, true)]);
    expect(sorted.map((m) => m.key)).toEqual(['messagesPerMonth', 'contacts', 'newThing']);
  });
});
