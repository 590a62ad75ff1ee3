//! Shapes of docs/crm.md (Tickets) until the OpenAPI schema has them: camelCase, exactly as the contract.
import type { Priority } from '../deals/types';

export type { Priority };
export type TicketStatus = 'open' | 'pending' | 'resolved' | 'closed';
export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'pending', 'resolved', 'closed'];

export interface Ticket {
  id: string;
  number: number;
  subject: string;
  description: string | null;
  status: TicketStatus;
  priority: Priority;
  assigneeId: string | null;
  assigneeName: string | null;
  contactId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  conversationIds: string[];
  dueAt: string | null;
  overdue: boolean;
  createdById: string | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface TicketComment {
  id: string;
  ticketId: string;
  authorId: string | null;
  authorName: string;
  body: string;
  createdAt: string;
}

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

export interface CreateTicketInput {
  subject: string;
  description?: string | null;
  priority?: Priority;
  assigneeId?: string | null;
  contactId?: string | null;
  conversationId?: string | null;
  dueAt?: string | null;
}

export interface UpdateTicketInput {
  subject?: string;
  description?: string | null;
  status?: TicketStatus;
  priority?: Priority;
  /** null clears */
  assigneeId?: string | null;
  /** null clears */
  dueAt?: string | null;
}
