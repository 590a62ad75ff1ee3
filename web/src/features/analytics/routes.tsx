//! The analytics route: one page, its tabs in the query string.
import type { RouteObject } from 'react-router';
import { loadAnalyticsStrings } from './strings';

/**
 * The analytics page, for owners and managers (`/app/analytics`) and agents (`/agent/analytics`, their own figures:
 * the server narrows them). It loads with its strings and its charts (Recharts stays in this chunk).
 */
export function analyticsRoutes(): RouteObject[] {
  return [
    {
      path: 'analytics',
      lazy: async () => {
        const [{ AnalyticsPage }] = await Promise.all([import('./components/AnalyticsPage'), loadAnalyticsStrings()]);
        return { element: <AnalyticsPage /> };
      },
    },
  ];
}
