import type { RouteObject } from 'react-router';
import { loadWebhookStrings } from './strings';

/**
 * The webhooks pages of owners and managers (`/app`): the endpoints and an endpoint's deliveries, each in its own
 * chunk, loaded with its strings.
 */
export function webhookRoutes(): RouteObject[] {
  return [
    {
      path: 'webhooks',
      lazy: async () => {
        const [{ WebhooksPage }] = await Promise.all([import('./components/WebhooksPage'), loadWebhookStrings()]);
        return { element: <WebhooksPage /> };
      },
    },
    {
      path: 'webhooks/:id',
      lazy: async () => {
        const [{ WebhookRoute }] = await Promise.all([import('./components/WebhookPage'), loadWebhookStrings()]);
        return { element: <WebhookRoute /> };
      },
    },
  ];
}
