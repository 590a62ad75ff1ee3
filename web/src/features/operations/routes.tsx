//! The platform admin's operations pages (`/admin/backups`, `/admin/system`), each loaded on demand with the
//! operations strings, off the first page.
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { loadOperationsStrings } from './strings';

function page(load: () => Promise<ComponentType>): RouteObject['lazy'] {
  return async () => {
    const [Page] = await Promise.all([load(), loadOperationsStrings()]);
    return { element: <Page /> };
  };
}

export function operationsAdminRoutes(): RouteObject[] {
  return [
    { path: 'backups', lazy: page(() => import('./components/BackupsPage').then((m) => m.BackupsPage)) },
    { path: 'system', lazy: page(() => import('./components/SystemHealthPage').then((m) => m.SystemHealthPage)) },
  ];
}
