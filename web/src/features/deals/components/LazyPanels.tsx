import { lazy, Suspense, type ComponentProps } from 'react';

// The conversation's Deals panel (and its dialog) load with the first conversation opened, not with the app.
const Panel = lazy(() => import('./DealsPanel').then((m) => ({ default: m.DealsPanel })));

/** The conversation's contact's deals (see `DealsPanel`), loaded on demand. */
export function DealsPanel(props: ComponentProps<typeof Panel>) {
  return (
    <Suspense fallback={null}>
      <Panel {...props} />
    </Suspense>
  );
}

const SalesPanels = lazy(() => import('./ContactSalesPanels').then((m) => ({ default: m.ContactSalesPanels })));

/** A contact's deals and tickets for the contact's page (see `ContactSalesPanels`), loaded on demand. */
export function ContactDealsAndTickets(props: ComponentProps<typeof SalesPanels>) {
  return (
    <Suspense fallback={null}>
      <SalesPanels {...props} />
    </Suspense>
  );
}
