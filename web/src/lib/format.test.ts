import { describe, expect, it } from 'vitest';
import { formatBytes, formatDay, formatRelative, isolateAmount } from './format';

const at = (h: number, m = 0, dayOffset = 0) => {
  const d = new Date(2026, 0, 15, h, m);
  d.setDate(d.getDate() + dayOffset);
  return d;
};

describe('relative times', () => {
  const now = at(15, 0).getTime();

  it('says now, then minutes, then the time of day', () => {
    expect(formatRelative(at(14, 59, 0).toISOString(), now + 30_000, 'en')).toBe('1 min. ago');
    expect(formatRelative(new Date(now - 20_000).toISOString(), now, 'en')).toBe('now');
    expect(formatRelative(at(14, 15).toISOString(), now, 'en')).toBe('45 min. ago');
    expect(formatRelative(at(9, 5).toISOString(), now, 'en')).toBe('9:05 AM');
  });

  it('says yesterday, the weekday within a week, else the date', () => {
    expect(formatRelative(at(23, 0, -1).toISOString(), now, 'en')).toBe('yesterday');
    expect(formatRelative(at(10, 0, -3).toISOString(), now, 'en')).toBe('Mon');
    expect(formatRelative(at(10, 0, -30).toISOString(), now, 'en')).toBe('12/16/25');
    expect(formatRelative(null, now, 'en')).toBe('');
  });

  it('speaks Arabic too', () => {
    expect(formatRelative(at(23, 0, -1).toISOString(), now, 'ar')).toBe('أمس');
  });

  it('heads the days of a chat', () => {
    expect(formatDay(at(9).toISOString(), now, 'en')).toBe('Today');
    expect(formatDay(at(9, 0, -1).toISOString(), now, 'en')).toBe('Yesterday');
    expect(formatDay(at(9, 0, -5).toISOString(), now, 'en')).toBe('Jan 10, 2026');
  });
});

describe('sizes', () => {
  it('uses the largest fitting unit', () => {
    expect(formatBytes(540, 'en')).toBe('540B');
    expect(formatBytes(2048, 'en')).toBe('2kB');
    expect(formatBytes(1536, 'en')).toBe('1.5kB');
    expect(formatBytes(5 * 1024 * 1024, 'en')).toBe('5MB');
  });
});

describe('isolateAmount', () => {
  it('keeps an amount one left-to-right run in right-to-left languages only', () => {
    expect(isolateAmount('29 US$', 'ar')).toBe('\u206629 US$\u2069');
    expect(isolateAmount('$29', 'en')).toBe('$29');
  });
});
