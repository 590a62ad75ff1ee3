//! Settings → Mail's routes (`/app/mail` and `/app/mail/:key/:locale`): the pages and their strings load on demand,
//! off the first page.
import type { RouteObject } from 'react-router';
import { loadMailStrings } from './mailStrings';

export function mailRoutes(): RouteObject[] {
  return [
    {
      path: 'mail',
      lazy: async () => {
        const [{ MailPage }] = await Promise.all([import('./components/MailPage'), loadMailStrings()]);
        return { element: <MailPage /> };
      },
    },
    {
      path: 'mail/:key/:locale',
      lazy: async () => {
        const [{ MailTemplateEditor }] = await Promise.all([import('./components/MailTemplateEditor'), loadMailStrings()]);
        return { element: <MailTemplateEditor /> };
      },
    },
  ];
}
