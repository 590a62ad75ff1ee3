//! Calls to /api/v1/pipelines, /deals, /contacts (the picker) and /dashboard/crm. Every call of the feature is
//! here, so moving to the generated typed client later changes this file only.
import { http } from './http';
import type {
  Board,
  ContactOption,
  CreateDealInput,
  CreatePipelineInput,
  CrmDashboard,
  CursorPage,
  Deal,
  DealFilters,
  MoveDealInput,
  Pipeline,
  UpdateDealInput,
  UpdatePipelineInput,
} from './types';

const id = (v: string) => encodeURIComponent(v);

export const dealsApi = {
  pipelines: () => http<Pipeline[]>('GET', '/pipelines'),
  createPipeline: (body: CreatePipelineInput) => http<Pipeline>('POST', '/pipelines', { body }),
  updatePipeline: ({ pipelineId, body }: { pipelineId: string; body: UpdatePipelineInput }) =>
    http<Pipeline>('PATCH', `/pipelines/${id(pipelineId)}`, { body }),
  deletePipeline: (pipelineId: string) => http<void>('DELETE', `/pipelines/${id(pipelineId)}`),

  board: (pipelineId: string | undefined) => http<Board>('GET', '/deals/board', { query: { pipelineId } }),
  list: (filters: DealFilters) => http<CursorPage<Deal>>('GET', '/deals', { query: { ...filters } }),
  get: (dealId: string) => http<Deal>('GET', `/deals/${id(dealId)}`),
  create: (body: CreateDealInput) => http<Deal>('POST', '/deals', { body }),
  update: ({ dealId, body }: { dealId: string; body: UpdateDealInput }) => http<Deal>('PATCH', `/deals/${id(dealId)}`, { body }),
  remove: (dealId: string) => http<void>('DELETE', `/deals/${id(dealId)}`),
  move: ({ dealId, body }: { dealId: string; body: MoveDealInput }) => http<Deal>('POST', `/deals/${id(dealId)}/move`, { body }),

  /** Contacts matching `q`, for pickers. */
  searchContacts: (q: string) => http<CursorPage<ContactOption>>('GET', '/contacts', { query: { q, limit: 10 } }),
  contact: (contactId: string) => http<ContactOption>('GET', `/contacts/${id(contactId)}`),

  crmDashboard: () => http<CrmDashboard>('GET', '/dashboard/crm'),
};
