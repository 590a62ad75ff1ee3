import { lazy, Suspense, type ComponentProps } from 'react';

// The conversation's Tickets panel (and its dialog) load with the first conversation opened, not with the app.
const Panel = lazy(() => import('./TicketsPanel').then((m) => ({ default: m.TicketsPanel })));

/** The conversation's contact's tickets (see `TicketsPanel`), loaded on demand. */
export function TicketsPanel(props: ComponentProps<typeof Panel>) {
  return (
    <Suspense fallback={null}>
      <Panel {...props} />
    </Suspense>
  );
}
