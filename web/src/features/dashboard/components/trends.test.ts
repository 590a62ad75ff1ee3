import { describe, expect, it } from 'vitest';
import { delta, formatChange, humanDuration, polylinePoints, seriesSummary, sparklinePoints } from './trends';

describe('sparklinePoints', () => {
  it('spreads the days across the width, the highest at the top and the lowest at the bottom', () => {
    // 100 × 20 box, 0 padding: x steps of 50; y = (max - v) / (max - min) × 20.
    expect(sparklinePoints([0, 5, 10], 100, 20, 0)).toEqual([
      { x: 0, y: 20 },
      { x: 50, y: 10 },
      { x: 100, y: 0 },
    ]);
  });

  it('keeps the padding inside every edge', () => {
    const points = sparklinePoints([3, 9, 6], 120, 32, 3);
    expect(points.map((p) => p.x)).toEqual([3, 60, 117]);
    expect(Math.min(...points.map((p) => p.y))).toBe(3);
    expect(Math.max(...points.map((p) => p.y))).toBe(29);
  });

  it('skips missing days but keeps the others at their own day', () => {
    const points = sparklinePoints([4, null, 8, null, 0], 100, 10, 0);
    expect(points).toEqual([
      { x: 0, y: 5 },
      { x: 50, y: 0 },
      { x: 100, y: 10 },
    ]);
    expect(polylinePoints(points)).toBe('0,5 50,0 100,10');
  });

  it('draws a flat series across the middle rather than dividing by zero', () => {
    const points = sparklinePoints([7, 7, 7, 7], 90, 30, 0);
    expect(points.map((p) => p.y)).toEqual([15, 15, 15, 15]);
    expect(points.map((p) => p.x)).toEqual([0, 30, 60, 90]);
    expect(sparklinePoints([0, 0], 90, 30, 0).every((p) => Number.isFinite(p.y))).toBe(true);
  });

  it('has no points without a known value, and one centred point for a single day', () => {
    expect(sparklinePoints([], 100, 20)).toEqual([]);
    expect(sparklinePoints([null, null], 100, 20)).toEqual([]);
    expect(sparklinePoints([12], 100, 20)).toEqual([{ x: 50, y: 10 }]);
  });
});

describe('delta', () => {
  it('gives the change as a share of the previous figure, good when a count rises', () => {
    expect(delta(125, 100)).toEqual({ direction: 'up', ratio: 0.25, good: true });
    expect(delta(50, 100)).toEqual({ direction: 'down', ratio: 0.5, good: false });
  });

  it('counts a shorter wait as good news when lower is better', () => {
    expect(delta(60, 120, true)).toEqual({ direction: 'down', ratio: 0.5, good: true });
    expect(delta(180, 120, true)).toEqual({ direction: 'up', ratio: 0.5, good: false });
  });

  it('says nothing changed for equal figures, and has no percentage from zero', () => {
    expect(delta(4, 4)).toEqual({ direction: 'same', ratio: 0, good: null });
    expect(delta(0, 0)).toEqual({ direction: 'same', ratio: 0, good: null });
    expect(delta(3, 0)).toEqual({ direction: 'up', ratio: null, good: true });
  });

  it('has no comparison when a figure is missing', () => {
    expect(delta(null, 100)).toBeNull();
    expect(delta(100, undefined)).toBeNull();
  });
});

describe('formatChange', () => {
  it('keeps a decimal under 10% so a small change does not read as nothing', () => {
    expect(formatChange(0.25, 'en')).toBe('25%');
    expect(formatChange(0.034, 'en')).toBe('3.4%');
    expect(formatChange(2.5, 'en')).toBe('250%');
  });
});

describe('humanDuration', () => {
  it('uses the largest unit that reads well', () => {
    expect(humanDuration(45)).toEqual({ n: 45, unit: 's' });
    expect(humanDuration(12 * 60)).toEqual({ n: 12, unit: 'min' });
    expect(humanDuration(90)).toEqual({ n: 1.5, unit: 'min' });
    expect(humanDuration(3.2 * 3600)).toEqual({ n: 3.2, unit: 'h' });
    expect(humanDuration(3 * 86_400)).toEqual({ n: 3, unit: 'd' });
  });

  it('moves to the next unit when the number would round up to it', () => {
    expect(humanDuration(59.7)).toEqual({ n: 1, unit: 'min' });
    expect(humanDuration(3590)).toEqual({ n: 1, unit: 'h' });
    expect(humanDuration(-5)).toEqual({ n: 0, unit: 's' });
  });
});

describe('seriesSummary', () => {
  it('reads the first, last, lowest and highest known days', () => {
    expect(seriesSummary([null, 4, 9, null, 2, 6, null])).toEqual({ first: 4, last: 6, min: 2, max: 9 });
    expect(seriesSummary([null, null])).toBeNull();
  });
});
