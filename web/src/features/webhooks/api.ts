//! Calls to /api/v1/webhooks through the generated typed client (token, one refresh and retry on 401, error bodies
//! as ApiError).
import { api, unwrap } from '../../api/client';
import type { CreateWebhookInput, DeliveryState, UpdateWebhookInput } from './types';

const byId = (id: string) => ({ params: { path: { id } } });
const byDelivery = (id: string, deliveryId: number) => ({ params: { path: { id, deliveryId } } });

export interface DeliveryQuery {
  state?: DeliveryState;
  before?: number;
  limit?: number;
}

export const webhooksApi = {
  events: () => unwrap(api.GET('/api/v1/webhooks/events')),
  list: () => unwrap(api.GET('/api/v1/webhooks')),
  get: (id: string) => unwrap(api.GET('/api/v1/webhooks/{id}', byId(id))),
  create: (body: CreateWebhookInput) => unwrap(api.POST('/api/v1/webhooks', { body })),
  update: ({ id, body }: { id: string; body: UpdateWebhookInput }) => unwrap(api.PATCH('/api/v1/webhooks/{id}', { ...byId(id), body })),
  remove: (id: string) => unwrap(api.DELETE('/api/v1/webhooks/{id}', byId(id))),
  test: (id: string) => unwrap(api.POST('/api/v1/webhooks/{id}/test', byId(id))),
  rollSecret: ({ id, overlapHours }: { id: string; overlapHours: number }) =>
    unwrap(api.POST('/api/v1/webhooks/{id}/roll-secret', { ...byId(id), body: { overlapHours } })),
  deliveries: (id: string, query: DeliveryQuery) => unwrap(api.GET('/api/v1/webhooks/{id}/logs', { params: { path: { id }, query } })),
  delivery: (id: string, deliveryId: number) => unwrap(api.GET('/api/v1/webhooks/{id}/logs/{deliveryId}', byDelivery(id, deliveryId))),
  replay: ({ id, deliveryId }: { id: string; deliveryId: number }) =>
    unwrap(api.POST('/api/v1/webhooks/{id}/logs/{deliveryId}/replay', byDelivery(id, deliveryId))),
};
