//! Ticket shapes (docs/crm.md "Tickets"): server data and request bodies are the generated OpenAPI types (re-exported
//! from api/types.ts); the closed list of statuses (a plain string in the schema) and the list filters are UI-only.
import type { Priority } from '../deals/types';

export type { Priority };
export type { CreateTicketInput, Ticket, TicketComment, UpdateTicketInput } from '../../api/types';
export type TicketStatus = 'open' | 'pending' | 'resolved' | 'closed';
export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'pending', 'resolved', 'closed'];
export const isTicketStatus = (v: unknown): v is TicketStatus => TICKET_STATUSES.some((s) => s === v);

export interface TicketFilters {
  status?: TicketStatus;
  priority?: Priority;
  assigneeId?: string;
  mine?: boolean;
  contactId?: string;
  conversationId?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}
