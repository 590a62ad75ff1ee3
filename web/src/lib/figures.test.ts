import { describe, expect, it } from 'vitest';
import { delta, formatRatio, formatSeconds, share } from './figures';

describe('formatSeconds', () => {
  // Seconds and what they read as: whole seconds and minutes, hours and days with a decimal; a value that rounds up
  // to the next unit moves to it.
  const cases: [number, string][] = [
    [0, '0 sec'],
    [45, '45 sec'],
    [45.4, '45 sec'],
    [59.6, '1 min'],
    [90, '2 min'],
    [720, '12 min'],
    [3569, '59 min'],
    [3590, '1 hr'],
    [3600, '1 hr'],
    [11_520, '3.2 hr'],
    [181_440, '2.1 days'],
    [3 * 86_400, '3 days'],
    [-5, '0 sec'],
  ];
  it.each(cases)('writes %d seconds as %s', (seconds, text) => {
    expect(formatSeconds(seconds, 'en')).toBe(text);
  });

  it('shows a dash when there is none, and reads in Arabic in Arabic', () => {
    expect(formatSeconds(null, 'en')).toBe('—');
    expect(formatSeconds(undefined, 'en')).toBe('—');
    expect(formatSeconds(Number.NaN, 'en')).toBe('—');
    expect(formatSeconds(720, 'ar')).toMatch(/[\u0600-\u06FF]/);
  });
});

describe('formatRatio', () => {
  it('writes a ratio as a percentage, with a decimal under 10% so a small one does not read as 0%', () => {
    expect(formatRatio(0.42, 'en')).toBe('42%');
    expect(formatRatio(0.25, 'en')).toBe('25%');
    expect(formatRatio(2.5, 'en')).toBe('250%');
    expect(formatRatio(0.055, 'en')).toBe('5.5%');
    expect(formatRatio(0.034, 'en')).toBe('3.4%');
    expect(formatRatio(0, 'en')).toBe('0%');
  });

  it('shows a dash when there is none', () => {
    expect(formatRatio(null, 'en')).toBe('—');
    expect(formatRatio(undefined, 'en')).toBe('—');
    expect(formatRatio(Number.POSITIVE_INFINITY, 'en')).toBe('—');
  });
});

describe('share', () => {
  it('is the part over the whole, and nothing without a whole', () => {
    expect(share(5, 200)).toBe(0.025);
    expect(share(0, 10)).toBe(0);
    expect(share(3, 0)).toBeNull();
    expect(share(3, -1)).toBeNull();
  });
});

describe('delta', () => {
  it('gives the change as a signed share of the previous figure, good when a count rises', () => {
    expect(delta(125, 100)).toEqual({ direction: 'up', ratio: 0.25, good: true });
    expect(delta(50, 100)).toEqual({ direction: 'down', ratio: -0.5, good: false });
  });

  it('counts a shorter wait as good news when lower is better', () => {
    expect(delta(60, 120, true)).toEqual({ direction: 'down', ratio: -0.5, good: true });
    expect(delta(180, 120, true)).toEqual({ direction: 'up', ratio: 0.5, good: false });
  });

  it('says nothing changed for equal figures, zero included, whichever way is better', () => {
    expect(delta(4, 4)).toEqual({ direction: 'flat', ratio: 0, good: null });
    expect(delta(4, 4, true)).toEqual({ direction: 'flat', ratio: 0, good: null });
    expect(delta(0, 0)).toEqual({ direction: 'flat', ratio: 0, good: null });
  });

  it('has no percentage for a move from zero', () => {
    expect(delta(3, 0)).toEqual({ direction: 'up', ratio: null, good: true });
    expect(delta(-2, 0)).toEqual({ direction: 'down', ratio: null, good: false });
  });

  it('measures against the size of a negative previous figure', () => {
    expect(delta(-50, -100)).toEqual({ direction: 'up', ratio: 0.5, good: true });
  });

  it('has no comparison when a figure is missing or not a number', () => {
    expect(delta(null, 100)).toBeNull();
    expect(delta(100, null)).toBeNull();
    expect(delta(100, undefined)).toBeNull();
    expect(delta(Number.NaN, 100)).toBeNull();
  });
});
