import type { RouteObject } from 'react-router';

/** The tickets pages of an area (`/app` or `/agent`): the list and one ticket, each its own chunk. */
export function ticketRoutes(base: string): RouteObject[] {
  return [
    {
      path: 'tickets',
      lazy: async () => {
        const { TicketsPage } = await import('./components/TicketsPage');
        return { element: <TicketsPage area={base} /> };
      },
    },
    {
      path: 'tickets/:id',
      lazy: async () => {
        const { TicketDetailPage } = await import('./components/TicketDetailPage');
        return { element: <TicketDetailPage area={base} /> };
      },
    },
  ];
}
