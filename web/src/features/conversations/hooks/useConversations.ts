import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError } from '../../../api/errors';
import type { Conversation, Message, MessagePage } from '../../../api/types';
import { useErrorText } from '../../../i18n/useErrorText';
import { useSessionState } from '../../auth';
import { useLivePoll, useRealtimeStatus } from '../../realtime';
import { conversationsApi } from '../api';
import { NO_FILTERS, type ConversationFilters } from '../conversation';
import { addLocal, patchMessage, removeMessage, replaceLocal, type MessagesData } from '../live';
import { isLocal, localMessage, sameContent, type LocalMessage, type PendingSend } from '../messages';
import { applyConversation, applyMessage, conversationKeys } from './cache';

export { conversationKeys } from './cache';

const LIST_PAGE = 50;
const MESSAGE_PAGE = 50;
// While the socket is down (or before it connects) the inbox polls, as it did before real-time push.
const LIST_POLL_MS = 5000;
const CONVERSATION_POLL_MS = 5000;
const MESSAGES_POLL_MS = 3000;

/** The signed-in user's id, or null (tests render without a session). */
export function useMe(): { id: string | null; name: string | null } {
  const { session } = useSessionState();
  return { id: session?.user.id ?? null, name: session?.user.name ?? null };
}

/** A list of the inbox, a page (cursor) at a time. */
export function useConversationList(f: ConversationFilters) {
  const poll = useLivePoll(LIST_POLL_MS);
  return useInfiniteQuery({
    queryKey: conversationKeys.list(f),
    queryFn: ({ pageParam }) => conversationsApi.list(f, pageParam, LIST_PAGE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: poll,
    placeholderData: (previous) => previous,
  });
}

/** The conversations of one contact (the contact panel's history). */
export function useContactConversations(contactId: string) {
  return useConversationList({ ...NO_FILTERS, contactId });
}

export function useInboxCounts() {
  const poll = useLivePoll(LIST_POLL_MS);
  return useQuery({ queryKey: conversationKeys.counts, queryFn: conversationsApi.counts, refetchInterval: poll });
}

export function useConversation(id: string) {
  const poll = useLivePoll(CONVERSATION_POLL_MS);
  return useQuery({ queryKey: conversationKeys.detail(id), queryFn: () => conversationsApi.get(id), refetchInterval: poll });
}

export function useContact(id: string) {
  return useQuery({ queryKey: conversationKeys.contact(id), queryFn: () => conversationsApi.contact(id), enabled: id !== '' });
}

/**
 * The newest page as fetched, with the optimistic messages of the cache kept on top: failed ones always, ones still
 * sending until the server's copy is in the page (a refetch must not make a message being sent disappear).
 */
export function keepLocals(cached: MessagesData | undefined, fresh: MessagePage): MessagePage {
  const locals = (cached?.pages[0]?.items ?? []).filter(isLocal);
  if (locals.length === 0) return fresh;
  const pending = locals.filter(
    (l) => l.local.state === 'failed' || !fresh.items.some((m) => !isLocal(m) && m.senderUserId === l.senderUserId && sameContent(l, m)),
  );
  return pending.length === 0 ? fresh : { ...fresh, items: [...pending, ...fresh.items] };
}

/** Newest first, older pages through `fetchNextPage` (the `nextCursor`). */
export function useMessages(conversationId: string) {
  const qc = useQueryClient();
  const poll = useLivePoll(MESSAGES_POLL_MS);
  return useInfiniteQuery({
    queryKey: conversationKeys.messages(conversationId),
    queryFn: async ({ pageParam }) => {
      const page = await conversationsApi.messages(conversationId, pageParam ?? undefined, MESSAGE_PAGE);
      if (pageParam) return page;
      return keepLocals(qc.getQueryData<MessagesData>(conversationKeys.messages(conversationId)), page);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: poll,
  });
}

export type SendResult = { ok: true } | { ok: false; error: unknown; windowClosed: boolean };

/**
 * Optimistic sending: the message (or note) shows at once with a clock, the server's message replaces it when the
 * POST answers, and a failure leaves it marked failed with a Retry (which posts it again). A closed 24-hour window is
 * the exception: that copy is removed, and the caller shows why.
 */
export function useOutbox(conversationId: string) {
  const qc = useQueryClient();
  const me = useMe();
  const errorText = useErrorText();
  const live = useRealtimeStatus() === 'live';
  const key = conversationKeys.messages(conversationId);

  const post = useCallback(
    async (local: LocalMessage): Promise<SendResult> => {
      const send = local.local.send;
      try {
        const m =
          send.kind === 'note'
            ? await conversationsApi.addNote({ conversationId, text: send.text })
            : await conversationsApi.send({ conversationId, input: send.input });
        qc.setQueryData<MessagesData>(key, (d) => replaceLocal(d, local.id, m, me.id));
        if (!live) {
          void qc.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) });
          void qc.invalidateQueries({ queryKey: conversationKeys.lists });
        }
        return { ok: true };
      } catch (error) {
        if (error instanceof ApiError && error.code === 'service_window_closed') {
          qc.setQueryData<MessagesData>(key, (d) => removeMessage(d, local.id));
          void qc.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) });
          return { ok: false, error, windowClosed: true };
        }
        const reason = errorText(error);
        qc.setQueryData<MessagesData>(key, (d) =>
          patchMessage(d, local.id, (m) => ({ ...m, status: 'failed', error: { reason }, local: { ...local.local, state: 'failed', reason } }) as LocalMessage),
        );
        return { ok: false, error, windowClosed: false };
      }
    },
    [qc, key, conversationId, me.id, live, errorText],
  );

  const send = useCallback(
    (what: PendingSend, quoted: Message | null = null) => {
      const local = localMessage(conversationId, what, me, quoted);
      qc.setQueryData<MessagesData>(key, (d) => addLocal(d, local));
      return post(local);
    },
    [qc, key, conversationId, me, post],
  );

  const resend = useCallback(
    (local: LocalMessage) => {
      const again: LocalMessage = { ...local, status: 'queued', error: null, local: { ...local.local, state: 'sending', reason: undefined } };
      qc.setQueryData<MessagesData>(key, (d) => patchMessage(d, local.id, () => again));
      return post(again);
    },
    [qc, key, post],
  );

  return { send, resend };
}

export function useConversationActions(conversationId: string) {
  const qc = useQueryClient();
  const me = useMe();
  const live = useRealtimeStatus() === 'live';
  const onConversation = (c: Conversation) => applyConversation(qc, c, me.id);
  const onMessage = (m: Message) => {
    applyMessage(qc, m, me.id);
    if (!live) {
      void qc.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) });
      void qc.invalidateQueries({ queryKey: conversationKeys.lists });
    }
  };
  return {
    send: useMutation({ mutationFn: conversationsApi.send, onSuccess: onMessage }),
    retry: useMutation({ mutationFn: conversationsApi.retry, onSuccess: onMessage }),
    upload: useMutation({ mutationFn: conversationsApi.upload }),
    markRead: useMutation({ mutationFn: conversationsApi.markRead, onSuccess: onConversation }),
    setStatus: useMutation({ mutationFn: conversationsApi.setStatus, onSuccess: onConversation }),
    assign: useMutation({ mutationFn: conversationsApi.assign, onSuccess: onConversation }),
    setLabels: useMutation({ mutationFn: conversationsApi.setLabels, onSuccess: onConversation }),
  };
}

export function useContactActions(contactId: string) {
  const qc = useQueryClient();
  return {
    setLabels: useMutation({
      mutationFn: conversationsApi.setContactLabels,
      onSuccess: (contact) => qc.setQueryData(conversationKeys.contact(contactId), contact),
    }),
  };
}
