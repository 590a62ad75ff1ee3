import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { loadAutomationStrings } from './strings';

/** A page in its own chunk, shown once it and the strings are loaded. */
function lazyPage(path: string, load: () => Promise<ComponentType>): RouteObject {
  return {
    path,
    lazy: async () => {
      const [Page] = await Promise.all([load(), loadAutomationStrings()]);
      return { element: <Page /> };
    },
  };
}

/**
 * The automations pages of owners and managers (`/app`): the rules, the editor (new and existing) and a rule's run
 * log, each in its own chunk (dnd-kit and the editor stay out of the first page), loaded with their strings.
 */
export function automationRoutes(): RouteObject[] {
  const editor = () => import('./components/RuleEditorPage').then((m) => m.RuleEditorRoute);
  return [
    lazyPage('automations', () => import('./components/AutomationsPage').then((m) => m.AutomationsPage)),
    lazyPage('automations/new', editor),
    lazyPage('automations/:id', editor),
    lazyPage('automations/:id/runs', () => import('./components/RunsPage').then((m) => m.RunsRoute)),
  ];
}
