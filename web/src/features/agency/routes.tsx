//! The agency routes: the agency's pages under `/app/agency`, the client owner's `/app/agency-support`, and the
//! platform admin's `/admin/agencies`, all from the one on-demand chunk (`./pages`) with the agency strings.
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import type * as Pages from './pages';

export type AgencyPages = typeof Pages;

/** The agency chunk, once its strings are loaded. */
export const loadAgencyPages = (): Promise<AgencyPages> => import('./pages').then(async (m) => (await m.ready, m));

function page(pick: (m: AgencyPages) => ComponentType): RouteObject['lazy'] {
  return async () => {
    const Page = pick(await loadAgencyPages());
    return { element: <Page /> };
  };
}

/** The agency's pages (owners and managers of an agency workspace) and a client owner's support settings. */
export function agencyRoutes(): RouteObject[] {
  return [
    { path: 'agency', lazy: page((m) => m.AgencyDashboardPage) },
    { path: 'agency/offer', lazy: page((m) => m.OfferPage) },
    { path: 'agency/settings', lazy: page((m) => m.AgencySettingsPage) },
    {
      path: 'agency/billing',
      lazy: async () => {
        const [m] = await Promise.all([
          import('./components/AgencyBillingPage'),
          import('../billing/agencyClient').then((s) => s.loadAgencyBillingStrings()),
          import('./strings').then((s) => s.loadAgencyStrings()),
        ]);
        return { element: <m.AgencyBillingPage /> };
      },
    },
    { path: 'agency/clients/:id', lazy: page((m) => m.ClientDetailPage) },
    { path: 'agency-support', lazy: page((m) => m.AgencySupportPage) },
  ];
}

/** The platform admin's agencies page. */
export function adminAgencyRoutes(): RouteObject[] {
  return [{ path: 'agencies', lazy: page((m) => m.AdminAgenciesPage) }];
}
