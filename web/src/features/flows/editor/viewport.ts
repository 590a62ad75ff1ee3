//! How the canvas's view follows a change of its size (a side panel opening or closing beside it, the window resized),
//! kept apart from React Flow so it can be tested.

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface Size {
  width: number;
  height: number;
}

/** A box in flow coordinates (React Flow's `getNodesBounds`). */
export interface Bounds extends Size {
  x: number;
  y: number;
}

/** Below this zoom a node's text cannot be read. */
export const READABLE_ZOOM = 0.6;

/** Screen pixels a flow may stick out and still count as wholly in view (rounding, a node's shadow). */
const SLACK = 4;

/**
 * What to do once the canvas went from `before` to `after`: `'fit'` when the whole flow was in view (it is fitted
 * again, so opening a panel does not hide part of it), unless fitting it would make it too small to read; otherwise
 * the viewport moved so that what was at the centre stays at the centre (the part someone zoomed into stays in front
 * of them); null when there is nothing to do (no change, or a canvas that is hidden).
 */
export function afterResize(viewport: Viewport, flow: Bounds | null, before: Size, after: Size): 'fit' | Viewport | null {
  if (before.width <= 0 || before.height <= 0 || after.width <= 0 || after.height <= 0) return null;
  const dw = after.width - before.width;
  const dh = after.height - before.height;
  if (dw === 0 && dh === 0) return null;
  if (flow && flow.width > 0 && flow.height > 0) {
    const left = flow.x * viewport.zoom + viewport.x;
    const top = flow.y * viewport.zoom + viewport.y;
    const whole =
      left >= -SLACK &&
      top >= -SLACK &&
      left + flow.width * viewport.zoom <= before.width + SLACK &&
      top + flow.height * viewport.zoom <= before.height + SLACK;
    // As the canvas's first fit reckons it: the flow and a fifth more around it.
    const fitZoom = Math.min(after.width / (flow.width * 1.2), after.height / (flow.height * 1.2));
    if (whole && fitZoom >= READABLE_ZOOM) return 'fit';
  }
  return { x: viewport.x + dw / 2, y: viewport.y + dh / 2, zoom: viewport.zoom };
}
