//! The platform admin's System page (`/admin/system`), loaded on demand with its strings.
import type { RouteObject } from 'react-router';
import { loadOperationsStrings } from './healthStrings';

export function systemHealthRoutes(): RouteObject[] {
  return [
    {
      path: 'system',
      lazy: async () => {
        const [{ SystemHealthPage }] = await Promise.all([import('./components/SystemHealthPage'), loadOperationsStrings()]);
        return { element: <SystemHealthPage /> };
      },
    },
  ];
}
