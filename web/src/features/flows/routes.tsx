import type { RouteObject } from 'react-router';
import { loadFlowStrings } from './strings';

/**
 * The flows pages of owners and managers (`/app`): the list, the builder (with React Flow, its own chunk, never in
 * the first page) and a flow's runs. Each page loads with its strings.
 */
export function flowRoutes(): RouteObject[] {
  return [
    {
      path: 'flows',
      lazy: async () => {
        const [{ FlowsPage }] = await Promise.all([import('./components/FlowsPage'), loadFlowStrings()]);
        return { element: <FlowsPage /> };
      },
    },
    {
      path: 'flows/:id',
      lazy: async () => {
        const [{ FlowBuilderPage }] = await Promise.all([import('./components/FlowBuilderPage'), loadFlowStrings()]);
        return { element: <FlowBuilderPage /> };
      },
      handle: { fullBleed: true },
    },
    {
      path: 'flows/:id/runs',
      lazy: async () => {
        const [{ RunsPage }] = await Promise.all([import('./components/RunsPage'), loadFlowStrings()]);
        return { element: <RunsPage /> };
      },
    },
  ];
}
