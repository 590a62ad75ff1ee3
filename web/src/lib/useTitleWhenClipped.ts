import { useEffect, useState } from 'react';

/**
 * For a label that may be cut short (an ellipsis or a line clamp): `title` is the text only while it does not fit, so
 * a tooltip does not repeat what can already be read. Returns a callback ref for the label (so one that comes and
 * goes is measured again each time it is shown) and the title.
 */
export function useTitleWhenClipped<T extends HTMLElement>(text: string): [(el: T | null) => void, string | undefined] {
  const [el, setEl] = useState<T | null>(null);
  const [clipped, setClipped] = useState(false);
  useEffect(() => {
    if (!el || typeof ResizeObserver === 'undefined') return;
    // The observer also reports once when observing starts, which covers the first layout.
    const observer = new ResizeObserver(() => setClipped(el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1));
    observer.observe(el);
    return () => observer.disconnect();
  }, [el, text]);
  return [setEl, clipped ? text : undefined];
}
