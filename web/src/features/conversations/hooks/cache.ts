//! Applying what the server says (socket events, answers to our requests) to every cached query it touches.
import type { QueryClient } from '@tanstack/react-query';
import type { Conversation, InboxCounts, Message } from '../../../api/types';
import type { ConversationFilters } from '../conversation';
import { applyMessageStatus, countsAfter, findInList, isStale, upsertInList, upsertMessage, type ListData, type MessagesData, type StatusChange } from '../live';

export const conversationKeys = {
  all: ['conversations'] as const,
  lists: ['conversations', 'list'] as const,
  list: (f: ConversationFilters) => ['conversations', 'list', f] as const,
  counts: ['conversations', 'counts'] as const,
  detail: (id: string) => ['conversations', 'detail', id] as const,
  messages: (id: string) => ['conversations', 'messages', id] as const,
  contact: (id: string) => ['conversations', 'contact', id] as const,
};

/** The freshest copy of a conversation in any cache (its detail, else a list), if any. */
export function cachedConversation(qc: QueryClient, id: string): Conversation | null {
  const detail = qc.getQueryData<Conversation>(conversationKeys.detail(id));
  if (detail) return detail;
  for (const [, data] of qc.getQueriesData<ListData>({ queryKey: conversationKeys.lists })) {
    const found = findInList(data, id);
    if (found) return found;
  }
  return null;
}

/**
 * A new version of a conversation: into (or out of) every cached list by its filters and activity, its detail, and
 * the tab counts (refetched when the previous version is unknown, so the change cannot be worked out).
 */
export function applyConversation(qc: QueryClient, c: Conversation, me: string | null, { isNew = false } = {}): void {
  const before = cachedConversation(qc, c.id);
  if (isStale(before, c)) return;
  for (const query of qc.getQueryCache().findAll({ queryKey: conversationKeys.lists })) {
    const filters = query.queryKey[2] as ConversationFilters | undefined;
    if (!filters) continue;
    qc.setQueryData<ListData>(query.queryKey, (d) => upsertInList(d, c, filters, me));
  }
  if (qc.getQueryData(conversationKeys.detail(c.id))) qc.setQueryData(conversationKeys.detail(c.id), c);
  const counts = qc.getQueryData<InboxCounts>(conversationKeys.counts);
  if (!counts) return;
  if (before || isNew) qc.setQueryData<InboxCounts>(conversationKeys.counts, countsAfter(counts, before, c, me));
  else void qc.invalidateQueries({ queryKey: conversationKeys.counts });
}

export function applyMessage(qc: QueryClient, m: Message, me: string | null): void {
  qc.setQueryData<MessagesData>(conversationKeys.messages(m.conversationId), (d) => upsertMessage(d, m, me));
}

export function applyStatus(qc: QueryClient, conversationId: string, change: StatusChange): void {
  qc.setQueryData<MessagesData>(conversationKeys.messages(conversationId), (d) => applyMessageStatus(d, change));
}
