import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { ContactFieldsRoute, ContactRoute, ContactsRoute, ImportRoute, SegmentsRoute } from './components/LazyPages';

export interface CrmRouteOptions {
  /** Owners and managers also get import, segments and contact fields. */
  manager?: boolean;
  /** Panels other areas (deals, tickets) show on a contact's page, after its custom fields. */
  contactPanels?: (contactId: string) => ReactNode;
}

/**
 * The CRM's routes under an area (`/app`, `/agent`): contacts and a contact's page for everyone; import, segments
 * and contact fields for managers. The pages are loaded on demand (see LazyPages).
 */
export function crmRoutes(base: string, { manager = true, contactPanels }: CrmRouteOptions = {}): RouteObject[] {
  const routes: RouteObject[] = [
    { path: 'contacts', element: <ContactsRoute basePath={base} /> },
    { path: 'contacts/:id', element: <ContactRoute basePath={base} extraPanels={contactPanels} /> },
  ];
  if (!manager) return routes;
  return [
    ...routes,
    { path: 'contacts/import', element: <ImportRoute basePath={base} /> },
    { path: 'segments', element: <SegmentsRoute basePath={base} /> },
    { path: 'contact-fields', element: <ContactFieldsRoute /> },
  ];
}
