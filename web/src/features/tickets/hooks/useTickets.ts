import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ticketsApi } from '../api';
import type { Ticket, TicketFilters } from '../types';

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: ['tickets', 'list'] as const,
  list: (filters: TicketFilters) => ['tickets', 'list', filters] as const,
  one: (id: string) => ['tickets', 'one', id] as const,
  comments: (id: string) => ['tickets', 'comments', id] as const,
};

const DASHBOARD = ['dashboard', 'crm'] as const;

export function useTicketList(filters: TicketFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(filters),
    queryFn: ({ pageParam }) => ticketsApi.list({ ...filters, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useTicket(id: string) {
  return useQuery({ queryKey: ticketKeys.one(id), queryFn: () => ticketsApi.get(id) });
}

export function useTicketComments(id: string) {
  return useQuery({ queryKey: ticketKeys.comments(id), queryFn: () => ticketsApi.comments(id) });
}

export function useTicketActions() {
  const qc = useQueryClient();
  const refreshLists = () => {
    void qc.invalidateQueries({ queryKey: DASHBOARD });
    return qc.invalidateQueries({ queryKey: ticketKeys.lists });
  };
  const store = (ticket: Ticket | undefined) => {
    if (ticket && typeof ticket === 'object' && 'id' in ticket) qc.setQueryData(ticketKeys.one(ticket.id), ticket);
    else void qc.invalidateQueries({ queryKey: ticketKeys.all });
    return refreshLists();
  };
  return {
    create: useMutation({ mutationFn: ticketsApi.create, onSuccess: store }),
    update: useMutation({ mutationFn: ticketsApi.update, onSuccess: store }),
    remove: useMutation({ mutationFn: ticketsApi.remove, onSuccess: refreshLists }),
  };
}

export function useAddComment(ticketId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => ticketsApi.addComment({ ticketId, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ticketKeys.comments(ticketId) }),
  });
}

/** Sets the conversations a ticket is linked to (`PUT /tickets/{id}/conversations`). */
export function useLinkConversations() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ticketsApi.setConversations,
    onSuccess: (ticket, { ticketId }) => {
      if (ticket && typeof ticket === 'object' && 'id' in ticket) qc.setQueryData(ticketKeys.one(ticket.id), ticket);
      else void qc.invalidateQueries({ queryKey: ticketKeys.one(ticketId) });
      return qc.invalidateQueries({ queryKey: ticketKeys.lists });
    },
  });
}
