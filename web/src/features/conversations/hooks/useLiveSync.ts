import { useQueryClient } from '@tanstack/react-query';
import type { Agent } from '../../../api/types';
import { applyPresence, inboxKeys } from '../../inbox';
import { useRealtimeConnect, useRealtimeEvents } from '../../realtime';
import { applyConversation, applyMessage, applyStatus, conversationKeys } from './cache';
import { useMe } from './useConversations';

/**
 * Applies the socket's events to the query cache: messages and their ticks to the open conversation, conversations to
 * the lists and counts, presence to the agents. After a connection that could not resume (first connect, or a
 * `sync {reset}`) everything of the inbox is fetched again.
 */
export function useInboxLiveSync(): void {
  const qc = useQueryClient();
  const me = useMe().id;

  useRealtimeEvents((event) => {
    switch (event.name) {
      case 'message:new':
        applyMessage(qc, event.data.message, me);
        break;
      case 'message:status':
        applyStatus(qc, event.data.conversationId, event.data);
        break;
      case 'conversation:new':
        applyConversation(qc, event.data.conversation, me, { isNew: true });
        break;
      case 'conversation:updated':
      case 'conversation:assigned':
        applyConversation(qc, event.data.conversation, me);
        break;
      case 'agent:presence': {
        const agents = qc.getQueryData<Agent[]>(inboxKeys.agents);
        if (agents && !agents.some((a) => a.userId === event.data.userId)) void qc.invalidateQueries({ queryKey: inboxKeys.agents });
        else qc.setQueryData<Agent[]>(inboxKeys.agents, (old) => applyPresence(old, event.data));
        break;
      }
      case 'sync':
        if (event.data.reset) {
          void qc.invalidateQueries({ queryKey: conversationKeys.all });
          void qc.invalidateQueries({ queryKey: inboxKeys.all });
        }
        break;
      default:
        break;
    }
  });

  useRealtimeConnect((resumed) => {
    if (resumed) return;
    void qc.invalidateQueries({ queryKey: conversationKeys.all });
    void qc.invalidateQueries({ queryKey: inboxKeys.agents });
  });
}

/** Mount once inside the realtime provider of a signed-in area. */
export function InboxLiveSync() {
  useInboxLiveSync();
  return null;
}
