import type { RouteObject } from 'react-router';
import { loadWidgetStrings } from './strings';

/** Settings → Website widget (`/app/widgets`): the list and one widget's settings, each in its own chunk. */
export function widgetRoutes(): RouteObject[] {
  return [
    {
      path: 'widgets',
      lazy: async () => {
        const [{ WidgetsPage }] = await Promise.all([import('./components/WidgetsPage'), loadWidgetStrings()]);
        return { element: <WidgetsPage /> };
      },
    },
    {
      path: 'widgets/:id',
      lazy: async () => {
        const [{ WidgetRoute }] = await Promise.all([import('./components/WidgetPage'), loadWidgetStrings()]);
        return { element: <WidgetRoute /> };
      },
    },
  ];
}
