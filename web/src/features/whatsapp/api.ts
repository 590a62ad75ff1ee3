//! Calls to /api/v1/whatsapp/connections: the workspace's WhatsApp numbers, their templates and webhook log.
import { api, unwrap } from '../../api/client';
import type { CreateConnectionInput, CreateTemplateInput, UpdateConnectionInput } from '../../api/types';

const byId = (id: string) => ({ params: { path: { id } } });

export const whatsappApi = {
  list: () => unwrap(api.GET('/api/v1/whatsapp/connections')),
  get: (id: string) => unwrap(api.GET('/api/v1/whatsapp/connections/{id}', byId(id))),
  create: (body: CreateConnectionInput) => unwrap(api.POST('/api/v1/whatsapp/connections', { body })),
  update: ({ id, ...body }: UpdateConnectionInput & { id: string }) =>
    unwrap(api.PATCH('/api/v1/whatsapp/connections/{id}', { ...byId(id), body })),
  remove: (id: string) => unwrap(api.DELETE('/api/v1/whatsapp/connections/{id}', byId(id))),
  test: (id: string) => unwrap(api.POST('/api/v1/whatsapp/connections/{id}/test', byId(id))),
  refreshQr: (id: string) => unwrap(api.POST('/api/v1/whatsapp/connections/{id}/qr', byId(id))),
  templates: (id: string) => unwrap(api.GET('/api/v1/whatsapp/connections/{id}/templates', byId(id))),
  createTemplate: ({ id, ...body }: CreateTemplateInput & { id: string }) =>
    unwrap(api.POST('/api/v1/whatsapp/connections/{id}/templates', { ...byId(id), body })),
  syncTemplates: (id: string) => unwrap(api.POST('/api/v1/whatsapp/connections/{id}/templates/sync', byId(id))),
  events: (id: string) => unwrap(api.GET('/api/v1/whatsapp/connections/{id}/events', byId(id))),
};
