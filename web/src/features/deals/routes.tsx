import type { RouteObject } from 'react-router';

/**
 * The deals pages of an area (`/app` or `/agent`): the board and list at `deals`, and for owners and managers
 * (`/app`) the pipelines settings. Each page is its own chunk: the board and dnd-kit load only when opened.
 */
export function dealRoutes(base: string): RouteObject[] {
  const routes: RouteObject[] = [
    {
      path: 'deals',
      lazy: async () => {
        const { DealsPage } = await import('./components/DealsPage');
        return { element: <DealsPage area={base} /> };
      },
      handle: { fullBleed: true },
    },
  ];
  if (base === '/app') {
    routes.push({
      path: 'pipelines',
      lazy: async () => {
        const { PipelinesPage } = await import('./components/PipelinesPage');
        return { element: <PipelinesPage /> };
      },
    });
  }
  return routes;
}
