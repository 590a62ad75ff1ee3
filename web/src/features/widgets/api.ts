//! Calls to /api/v1/widgets (settings) and a widget conversation's visitor through the generated typed client.
import { api, unwrap } from '../../api/client';
import type { CreateWidgetInput, UpdateWidgetInput } from './types';

const byId = (id: string) => ({ params: { path: { id } } });

export const widgetsApi = {
  list: () => unwrap(api.GET('/api/v1/widgets')),
  get: (id: string) => unwrap(api.GET('/api/v1/widgets/{id}', byId(id))),
  create: (body: CreateWidgetInput) => unwrap(api.POST('/api/v1/widgets', { body })),
  update: ({ id, body }: { id: string; body: UpdateWidgetInput }) => unwrap(api.PATCH('/api/v1/widgets/{id}', { ...byId(id), body })),
  remove: (id: string) => unwrap(api.DELETE('/api/v1/widgets/{id}', byId(id))),
  rotateSecret: (id: string) => unwrap(api.POST('/api/v1/widgets/{id}/identity-secret', byId(id))),
  visitor: (conversationId: string) => unwrap(api.GET('/api/v1/conversations/{id}/visitor', byId(conversationId))),
};
