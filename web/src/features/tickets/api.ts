//! Calls to /api/v1/tickets. Every call of the feature is here, so moving to the generated typed client later
//! changes this file only.
import { http } from '../deals/http';
import type { CursorPage } from '../deals/types';
import type { CreateTicketInput, Ticket, TicketComment, TicketFilters, UpdateTicketInput } from './types';

const id = (v: string) => encodeURIComponent(v);

export const ticketsApi = {
  list: (filters: TicketFilters) => http<CursorPage<Ticket>>('GET', '/tickets', { query: { ...filters } }),
  get: (ticketId: string) => http<Ticket>('GET', `/tickets/${id(ticketId)}`),
  create: (body: CreateTicketInput) => http<Ticket>('POST', '/tickets', { body }),
  update: ({ ticketId, body }: { ticketId: string; body: UpdateTicketInput }) => http<Ticket>('PATCH', `/tickets/${id(ticketId)}`, { body }),
  remove: (ticketId: string) => http<void>('DELETE', `/tickets/${id(ticketId)}`),
  setConversations: ({ ticketId, conversationIds }: { ticketId: string; conversationIds: string[] }) =>
    http<Ticket>('PUT', `/tickets/${id(ticketId)}/conversations`, { body: { conversationIds } }),
  comments: (ticketId: string) => http<TicketComment[]>('GET', `/tickets/${id(ticketId)}/comments`),
  addComment: ({ ticketId, body }: { ticketId: string; body: string }) => http<TicketComment>('POST', `/tickets/${id(ticketId)}/comments`, { body: { body } }),
};
