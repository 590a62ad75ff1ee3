import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { Message, MessagePage } from '../../../api/types';
import { conversationsApi } from '../api';

export interface ConversationFilters {
  status: string;
  connectionId: string;
  q: string;
}

export const conversationKeys = {
  all: ['conversations'] as const,
  lists: ['conversations', 'list'] as const,
  list: (f: ConversationFilters) => ['conversations', 'list', f] as const,
  detail: (id: string) => ['conversations', 'detail', id] as const,
  messages: (id: string) => ['conversations', 'messages', id] as const,
};

const LIST_PAGE = 30;
const MESSAGE_PAGE = 50;
// Until real-time push arrives, the inbox polls: the list every 3 s, the open conversation every 2 s.
const LIST_POLL_MS = 3000;
const CONVERSATION_POLL_MS = 3000;
const MESSAGES_POLL_MS = 2000;

/** The inbox, a page at a time ("Show more" loads the next); every loaded page is polled. */
export function useConversationList(f: ConversationFilters) {
  return useInfiniteQuery({
    queryKey: conversationKeys.list(f),
    queryFn: ({ pageParam }) =>
      conversationsApi.list({
        page: pageParam,
        perPage: LIST_PAGE,
        ...(f.status !== 'all' ? { status: f.status } : {}),
        ...(f.connectionId ? { connectionId: f.connectionId } : {}),
        ...(f.q ? { q: f.q } : {}),
      }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.perPage < last.total ? last.page + 1 : undefined),
    refetchInterval: LIST_POLL_MS,
    placeholderData: (previous) => previous,
  });
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: conversationKeys.detail(id),
    queryFn: () => conversationsApi.get(id),
    refetchInterval: CONVERSATION_POLL_MS,
  });
}

/** Newest first, older pages through `fetchNextPage` (the `nextCursor`). */
export function useMessages(conversationId: string) {
  return useInfiniteQuery({
    queryKey: conversationKeys.messages(conversationId),
    queryFn: ({ pageParam }) => conversationsApi.messages(conversationId, pageParam ?? undefined, MESSAGE_PAGE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: MESSAGES_POLL_MS,
  });
}

/** Puts a message the server just accepted into the cached conversation, so it shows before the next poll. */
function upsertMessage(data: InfiniteData<MessagePage, string | null> | undefined, m: Message) {
  if (!data || data.pages.length === 0) return data;
  const pages = data.pages.map((p) => ({ ...p, items: p.items.map((x) => (x.id === m.id ? m : x)) }));
  const known = pages.some((p) => p.items.some((x) => x.id === m.id));
  const [first, ...rest] = pages;
  if (known || !first) return { ...data, pages };
  return { ...data, pages: [{ ...first, items: [m, ...first.items] }, ...rest] };
}

export function useConversationActions(conversationId: string) {
  const qc = useQueryClient();
  // Not awaited: the caller's own onSuccess (clearing the composer) should not wait for the list to reload.
  const refreshInbox = () => void qc.invalidateQueries({ queryKey: conversationKeys.lists });
  const onMessage = (m: Message) => {
    qc.setQueryData(conversationKeys.messages(conversationId), (d: InfiniteData<MessagePage, string | null> | undefined) => upsertMessage(d, m));
    void qc.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) });
    refreshInbox();
  };
  return {
    send: useMutation({ mutationFn: conversationsApi.send, onSuccess: onMessage }),
    retry: useMutation({ mutationFn: conversationsApi.retry, onSuccess: onMessage }),
    upload: useMutation({ mutationFn: conversationsApi.upload }),
    markRead: useMutation({
      mutationFn: conversationsApi.markRead,
      onSuccess: (c) => {
        qc.setQueryData(conversationKeys.detail(c.id), c);
        refreshInbox();
      },
    }),
    setStatus: useMutation({
      mutationFn: conversationsApi.setStatus,
      onSuccess: (c) => {
        qc.setQueryData(conversationKeys.detail(c.id), c);
        refreshInbox();
      },
    }),
  };
}
