import type { RouteObject } from 'react-router';

/** One tenant's page (`/admin/tenants/:id`) with its billing: its own chunk. */
export function adminTenantRoutes(): RouteObject[] {
  return [
    {
      path: 'tenants/:id',
      lazy: async () => {
        const { AdminTenantPage } = await import('./components/AdminTenantPage');
        return { element: <AdminTenantPage /> };
      },
    },
  ];
}
