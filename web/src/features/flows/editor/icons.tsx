//! The flow builder's own icons (same style as components/ui/Icon: 24px outline, stroke = currentColor), kept in
//! the builder's chunk rather than the app-wide set.
import type { SVGProps } from 'react';

const paths = {
  start: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18ZM10 8.5v7l5.5-3.5z',
  sendMessage: 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12ZM8.5 10.5h7M8.5 13.5h4.5',
  sendTemplate: 'M6 3h9l4 4v14H6zM15 3v4h4M9 12h7M9 16h7M9 8h3',
  ask: 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12ZM10 9.5a2.2 2.2 0 1 1 3 2c-.6.3-1 .8-1 1.5M12 15.5h.01',
  capture: 'M4 7V5h16v2M9 19h6M12 5v14M17 14h3M18.5 12.5v3',
  condition: 'M6 3v12M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6ZM6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6ZM18 9a9 9 0 0 1-9 9',
  setVariable: 'M8 4H7a2 2 0 0 0-2 2v4l-2 2 2 2v4a2 2 0 0 0 2 2h1M16 4h1a2 2 0 0 1 2 2v4l2 2-2 2v4a2 2 0 0 1-2 2h-1M10 9l4 6M14 9l-4 6',
  wait: 'M6 3h12M6 21h12M7 3c0 5 10 5 10 9s-10 4-10 9M17 3c0 5-10 5-10 9s10 4 10 9',
  waitForReply: 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12ZM12 8v4l2.5 1.5',
  businessHours: 'M3 21h18M5 21V8l7-5 7 5v13M9 21v-6h6v6M10 10h4',
  randomSplit: 'M16 3h5v5M4 20 21 3M21 16v5h-5M15 15l6 6M4 4l5 5',
  http: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18ZM3 12h18M12 3c2.5 2.5 3.8 5.5 3.8 9s-1.3 6.5-3.8 9c-2.5-2.5-3.8-5.5-3.8-9S9.5 5.5 12 3Z',
  webhook: 'M18 16.5a3.5 3.5 0 1 1-3.2 5M9.5 7.5a3.5 3.5 0 1 1 5.5 2.9L18 16M6 16.5a3.5 3.5 0 1 0 3.6 3.5H16',
  assign: 'M15 21a7 7 0 0 0-14 0M8 13a5 5 0 1 0 0-10 5 5 0 0 0 0 10ZM19 8v6M16 11h6',
  label: 'M20.6 13.4 13.4 20.6a2 2 0 0 1-2.8 0L3 13V3h10l7.6 7.6a2 2 0 0 1 0 2.8ZM7.5 7.5h.01',
  updateField: 'M4 4h10M4 9h6M4 14h5M14 20h-4v-4l8-8 4 4z',
  setConsent: 'M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6zM8.5 12l2.5 2.5 4.5-5',
  startFlow: 'M4 12h11M11 6l6 6-6 6M20 4v16',
  jump: 'M4 4v7a4 4 0 0 0 4 4h12M15 10l5 5-5 5',
  handoff: 'M3 18v-6a9 9 0 0 1 18 0v6M21 19a2 2 0 0 1-2 2h-1a2 2 0 0 1-2-2v-3a2 2 0 0 1 2-2h3zM3 19a2 2 0 0 0 2 2h1a2 2 0 0 0 2-2v-3a2 2 0 0 0-2-2H3z',
  end: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18ZM9 9h6v6H9z',
  undo: 'M9 14 4 9l5-5M4 9h11a5 5 0 0 1 0 10h-3',
  redo: 'M15 14l5-5-5-5M20 9H9a5 5 0 0 0 0 10h3',
  play: 'M7 4v16l13-8z',
  stop: 'M6 6h12v12H6z',
  skip: 'M5 4v16l10-8zM19 5v14',
  history: 'M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 2',
  analytics: 'M3 3v18h18M8 17v-5M13 17V8M18 17v-9',
  runs: 'M4 6h16M4 12h10M4 18h7M17 15l3 3-3 3',
  palette: 'M4 4h6v6H4zM14 4h6v6h-6zM4 14h6v6H4zM17 14v6M14 17h6',
  fit: 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5',
  phone: 'M7 2h10a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1ZM11 18h2',
  variable: 'M8 4H7a2 2 0 0 0-2 2v4l-2 2 2 2v4a2 2 0 0 0 2 2h1M16 4h1a2 2 0 0 1 2 2v4l2 2-2 2v4a2 2 0 0 1-2 2h-1',
  publish: 'M12 16V4M7 9l5-5 5 5M5 20h14',
  eye: 'M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12ZM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z',
  pause: 'M8 5v14M16 5v14',
  more: 'M12 6h.01M12 12h.01M12 18h.01',
  grip: 'M9 6h.01M15 6h.01M9 12h.01M15 12h.01M9 18h.01M15 18h.01',
} as const;

export type FlowIconName = keyof typeof paths;

export function FlowIcon({ name, className = 'size-4', ...rest }: { name: FlowIconName } & SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" className={className} {...rest}>
      <path d={paths[name]} />
    </svg>
  );
}
