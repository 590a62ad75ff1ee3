import { describe, expect, it } from 'vitest';
import { bucketLabel, delta, formatRatio, formatSeconds, weekdayNames } from './format';

describe('durations', () => {
  it('read in the one unit that fits', () => {
    expect(formatSeconds(0, 'en')).toBe('0 sec');
    expect(formatSeconds(45, 'en')).toBe('45 sec');
    expect(formatSeconds(45.4, 'en')).toBe('45 sec');
    expect(formatSeconds(59.6, 'en')).toBe('1 min');
    expect(formatSeconds(720, 'en')).toBe('12 min');
    expect(formatSeconds(3569, 'en')).toBe('59 min');
    expect(formatSeconds(3600, 'en')).toBe('1 hr');
    expect(formatSeconds(11_520, 'en')).toBe('3.2 hr');
    expect(formatSeconds(181_440, 'en')).toBe('2.1 days');
  });

  it('show a dash when there is none, and read in Arabic in Arabic', () => {
    expect(formatSeconds(null, 'en')).toBe('—');
    expect(formatSeconds(undefined, 'en')).toBe('—');
    expect(formatSeconds(Number.NaN, 'en')).toBe('—');
    expect(formatSeconds(720, 'ar')).toMatch(/[\u0600-\u06FF]/);
  });
});

describe('the change against the previous period', () => {
  it('is a ratio of the previous figure, up or down', () => {
    expect(delta(120, 100)).toEqual({ ratio: 0.2, direction: 'up', good: true });
    expect(delta(50, 100)).toEqual({ ratio: -0.5, direction: 'down', good: false });
    expect(delta(100, 100)).toEqual({ ratio: 0, direction: 'flat', good: null });
  });

  it('counts lower durations as better', () => {
    expect(delta(60, 120, true)).toEqual({ ratio: -0.5, direction: 'down', good: true });
    expect(delta(180, 120, true)?.good).toBe(false);
  });

  it('has no ratio from nothing, and nothing when a side is unknown', () => {
    expect(delta(5, 0)).toEqual({ ratio: null, direction: 'up', good: true });
    expect(delta(null, 10)).toBeNull();
    expect(delta(10, null)).toBeNull();
    expect(delta(10, undefined)).toBeNull();
  });
});

describe('labels', () => {
  it('write rates as percentages', () => {
    expect(formatRatio(0.42, 'en')).toBe('42%');
    expect(formatRatio(0.055, 'en')).toBe('5.5%');
    expect(formatRatio(null, 'en')).toBe('—');
  });

  it('start weeks on Monday and write buckets as days or hours', () => {
    expect(weekdayNames('en')).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(bucketLabel('2026-03-05', 'en')).toBe('Mar 5');
    expect(bucketLabel('2026-03-05 14:00', 'en')).toBe('14:00');
    expect(bucketLabel('2026-03-05 14:00', 'en', true)).toBe('Mar 5 14:00');
  });
});
