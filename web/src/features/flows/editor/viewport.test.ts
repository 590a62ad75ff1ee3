import { describe, expect, it } from 'vitest';
import { afterResize } from './viewport';

const flow = { x: 0, y: 0, width: 600, height: 300 };

describe('the canvas after a resize', () => {
  it('fits the flow again when all of it was in view', () => {
    // 600x300 at zoom 1, from (100, 100): inside 1000x600.
    expect(afterResize({ x: 100, y: 100, zoom: 1 }, flow, { width: 1000, height: 600 }, { width: 616, height: 600 })).toBe('fit');
    // Closing the panel again fits it again too.
    expect(afterResize({ x: 8, y: 150, zoom: 1 }, flow, { width: 616, height: 600 }, { width: 1000, height: 600 })).toBe('fit');
  });

  it('keeps the centre in place when only part of the flow was in view', () => {
    // Zoomed in: the flow is 1200 wide on screen, wider than the canvas.
    expect(afterResize({ x: -200, y: 0, zoom: 2 }, flow, { width: 1000, height: 600 }, { width: 600, height: 600 })).toEqual({ x: -400, y: 0, zoom: 2 });
    expect(afterResize({ x: -400, y: 0, zoom: 2 }, flow, { width: 600, height: 600 }, { width: 1000, height: 500 })).toEqual({ x: -200, y: -50, zoom: 2 });
  });

  it('keeps the centre rather than shrink a whole flow below a readable size', () => {
    const long = { x: 0, y: 0, width: 2000, height: 300 };
    // All of it in view at zoom 0.45; fitting it into 1000 px would take zoom 0.42.
    expect(afterResize({ x: 50, y: 100, zoom: 0.45 }, long, { width: 1000, height: 600 }, { width: 1010, height: 600 })).toEqual({ x: 55, y: 100, zoom: 0.45 });
  });

  it('keeps the centre of an empty canvas', () => {
    expect(afterResize({ x: 0, y: 0, zoom: 1 }, null, { width: 1000, height: 600 }, { width: 800, height: 600 })).toEqual({ x: -100, y: 0, zoom: 1 });
  });

  it('does nothing without a change, or while the canvas is hidden', () => {
    expect(afterResize({ x: 0, y: 0, zoom: 1 }, flow, { width: 1000, height: 600 }, { width: 1000, height: 600 })).toBeNull();
    expect(afterResize({ x: 0, y: 0, zoom: 1 }, flow, { width: 0, height: 0 }, { width: 1000, height: 600 })).toBeNull();
    expect(afterResize({ x: 0, y: 0, zoom: 1 }, flow, { width: 1000, height: 600 }, { width: 0, height: 600 })).toBeNull();
  });
});
