import { describe, expect, it } from 'vitest';
import { bucketLabel, weekdayNames } from './format';

describe('labels', () => {
  it('start weeks on Monday and write buckets as days or hours', () => {
    expect(weekdayNames('en')).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(bucketLabel('2026-03-05', 'en')).toBe('Mar 5');
    expect(bucketLabel('2026-03-05 14:00', 'en')).toBe('14:00');
    expect(bucketLabel('2026-03-05 14:00', 'en', true)).toBe('Mar 5 14:00');
  });
});
