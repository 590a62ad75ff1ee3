//! Calls to /api/v1/automations through the generated typed client, and the lists the editor's pickers read (flows,
//! contact fields, pipelines, webhook endpoints). Rule bodies are cast at this edge: see types.ts for why.
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';
import type { Automation, AutomationRunPage, CreateAutomationInput, RunStatus, UpdateAutomationInput } from './types';

type Schemas = components['schemas'];

const byId = (id: string) => ({ params: { path: { id } } });

export interface RunQuery {
  status?: RunStatus;
  before?: number;
  limit?: number;
}

const asRule = (a: Schemas['Automation']) => a as unknown as Automation;
const asRules = (list: Schemas['Automation'][]) => list as unknown as Automation[];

export const automationsApi = {
  list: () => unwrap(api.GET('/api/v1/automations')).then(asRules),
  get: (id: string) => unwrap(api.GET('/api/v1/automations/{id}', byId(id))).then(asRule),
  create: (body: CreateAutomationInput) =>
    unwrap(api.POST('/api/v1/automations', { body: body as unknown as Schemas['CreateAutomationInput'] })).then(asRule),
  update: ({ id, body }: { id: string; body: UpdateAutomationInput }) =>
    unwrap(api.PATCH('/api/v1/automations/{id}', { ...byId(id), body: body as unknown as Schemas['UpdateAutomationInput'] })).then(asRule),
  remove: (id: string) => unwrap(api.DELETE('/api/v1/automations/{id}', byId(id))),
  setEnabled: ({ id, enabled }: { id: string; enabled: boolean }) =>
    unwrap(api.PATCH('/api/v1/automations/{id}/status', { ...byId(id), body: { enabled } })).then(asRule),
  reorder: (ids: string[]) => unwrap(api.POST('/api/v1/automations/reorder', { body: { ids } })).then(asRules),
  runs: (id: string, query: RunQuery) =>
    unwrap(api.GET('/api/v1/automations/{id}/runs', { params: { path: { id }, query } })).then((p) => p as unknown as AutomationRunPage),

  // What the pickers choose from (the same calls the flows, CRM, deals and webhooks pages make).
  flows: () => unwrap(api.GET('/api/v1/flows')),
  contactFields: () => unwrap(api.GET('/api/v1/contact-fields')),
  pipelines: () => unwrap(api.GET('/api/v1/pipelines')),
  endpoints: () => unwrap(api.GET('/api/v1/webhooks')),
  contact: (id: string) => unwrap(api.GET('/api/v1/contacts/{id}', byId(id))),
};
