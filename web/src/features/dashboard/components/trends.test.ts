import { describe, expect, it } from 'vitest';
import { isDuration, polylinePoints, seriesSummary, sparklinePoints } from './trends';

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

describe('seriesSummary', () => {
  it('reads the first, last, lowest and highest known days', () => {
    expect(seriesSummary([null, 4, 9, null, 2, 6, null])).toEqual({ first: 4, last: 6, min: 2, max: 9 });
    expect(seriesSummary([null, null])).toBeNull();
  });
});

describe('isDuration', () => {
  it('knows the median first response as the one waiting time', () => {
    expect(isDuration('firstResponseMedian')).toBe(true);
    expect(isDuration('opened')).toBe(false);
  });
});
