//! Calls to /api/v1/tickets, through the generated typed client.
import { api, unwrap } from '../../api/client';
import type { CreateTicketInput, TicketFilters, UpdateTicketInput } from './types';

const path = (id: string) => ({ params: { path: { id } } });

export const ticketsApi = {
  list: (filters: TicketFilters) => unwrap(api.GET('/api/v1/tickets', { params: { query: filters } })),
  get: (ticketId: string) => unwrap(api.GET('/api/v1/tickets/{id}', path(ticketId))),
  create: (body: CreateTicketInput) => unwrap(api.POST('/api/v1/tickets', { body })),
  update: ({ ticketId, body }: { ticketId: string; body: UpdateTicketInput }) => unwrap(api.PATCH('/api/v1/tickets/{id}', { ...path(ticketId), body })),
  remove: (ticketId: string) => unwrap(api.DELETE('/api/v1/tickets/{id}', path(ticketId))),
  setConversations: ({ ticketId, conversationIds }: { ticketId: string; conversationIds: string[] }) =>
    unwrap(api.PUT('/api/v1/tickets/{id}/conversations', { ...path(ticketId), body: { conversationIds } })),
  comments: (ticketId: string) => unwrap(api.GET('/api/v1/tickets/{id}/comments', path(ticketId))),
  addComment: ({ ticketId, body }: { ticketId: string; body: string }) =>
    unwrap(api.POST('/api/v1/tickets/{id}/comments', { ...path(ticketId), body: { body } })),
};
