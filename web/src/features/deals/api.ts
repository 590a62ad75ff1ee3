//! Calls to /api/v1/pipelines, /deals, /contacts (the picker) and /dashboard/crm, through the generated typed client.
import { api, unwrap } from '../../api/client';
import type { ContactOption, CreateDealInput, CreatePipelineInput, DealFilters, MoveDealInput, UpdateDealInput, UpdatePipelineInput } from './types';

const path = (id: string) => ({ params: { path: { id } } });

export const dealsApi = {
  pipelines: () => unwrap(api.GET('/api/v1/pipelines')),
  createPipeline: (body: CreatePipelineInput) => unwrap(api.POST('/api/v1/pipelines', { body })),
  updatePipeline: ({ pipelineId, body }: { pipelineId: string; body: UpdatePipelineInput }) =>
    unwrap(api.PATCH('/api/v1/pipelines/{id}', { ...path(pipelineId), body })),
  deletePipeline: (pipelineId: string) => unwrap(api.DELETE('/api/v1/pipelines/{id}', path(pipelineId))),

  board: (pipelineId: string | undefined) => unwrap(api.GET('/api/v1/deals/board', { params: { query: { pipelineId } } })),
  list: (filters: DealFilters) => unwrap(api.GET('/api/v1/deals', { params: { query: filters } })),
  get: (dealId: string) => unwrap(api.GET('/api/v1/deals/{id}', path(dealId))),
  create: (body: CreateDealInput) => unwrap(api.POST('/api/v1/deals', { body })),
  update: ({ dealId, body }: { dealId: string; body: UpdateDealInput }) => unwrap(api.PATCH('/api/v1/deals/{id}', { ...path(dealId), body })),
  remove: (dealId: string) => unwrap(api.DELETE('/api/v1/deals/{id}', path(dealId))),
  move: ({ dealId, body }: { dealId: string; body: MoveDealInput }) => unwrap(api.POST('/api/v1/deals/{id}/move', { ...path(dealId), body })),

  /** Contacts matching `q`, for pickers. */
  searchContacts: (q: string) => unwrap(api.GET('/api/v1/contacts', { params: { query: { q: q || undefined, limit: 10 } } })),
  contact: async (contactId: string): Promise<ContactOption> => unwrap(api.GET('/api/v1/contacts/{id}', path(contactId))),

  crmDashboard: () => unwrap(api.GET('/api/v1/dashboard/crm')),
};
