import type { RouteObject } from 'react-router';

/** The workspace's billing page (`/app/billing`), its own chunk. */
export function billingRoutes(): RouteObject[] {
  return [
    {
      path: 'billing',
      lazy: async () => {
        const { BillingPage } = await import('./components/BillingPage');
        return { element: <BillingPage /> };
      },
    },
  ];
}

/** The platform admin's plans (`/admin/plans`) and subscriptions (`/admin/billing`); each its own chunk. */
export function adminBillingRoutes(): RouteObject[] {
  return [
    {
      path: 'plans',
      lazy: async () => {
        const { PlansPage } = await import('./admin/PlansPage');
        return { element: <PlansPage /> };
      },
    },
    {
      path: 'billing',
      lazy: async () => {
        const { SubscriptionsPage } = await import('./admin/SubscriptionsPage');
        return { element: <SubscriptionsPage /> };
      },
    },
  ];
}
