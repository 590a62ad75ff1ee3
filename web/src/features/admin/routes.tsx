import type { RouteObject } from 'react-router';
import { addLazyStrings } from '../../i18n';

/**
 * One tenant's page (`/admin/tenants/:id`) with its billing, and the wording page (`/admin/strings`, with its strings):
 * each its own chunk.
 */
export function adminTenantRoutes(): RouteObject[] {
  return [
    {
      path: 'tenants/:id',
      lazy: async () => {
        const { AdminTenantPage } = await import('./components/AdminTenantPage');
        return { element: <AdminTenantPage /> };
      },
    },
    {
      path: 'strings',
      lazy: async () => {
        const [{ StringsPage }] = await Promise.all([import('./strings/StringsPage'), addLazyStrings('strings')]);
        return { element: <StringsPage /> };
      },
    },
  ];
}
