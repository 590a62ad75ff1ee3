import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLivePoll, useRealtimeEvents } from '../../realtime';
import { conversationsApi } from '../api';

/** The key flows' own hooks refresh after stopping or starting a run (features/flows/hooks.ts `flowKeys.bot`). */
export const botKey = (conversationId: string) => ['flows', 'bot', conversationId] as const;

/**
 * The bot running in a conversation (GET /conversations/{id}/bot), null when none; asked again when a message
 * arrives in the conversation or the conversation changes (a run starting or ending updates it).
 */
export function useConversationBot(conversationId: string) {
  const qc = useQueryClient();
  const poll = useLivePoll(15_000);
  useRealtimeEvents((e) => {
    const id = e.name === 'message:new' ? e.data.conversationId : e.name === 'conversation:updated' ? e.data.conversation.id : null;
    if (id === conversationId) void qc.invalidateQueries({ queryKey: botKey(conversationId) });
  });
  return useQuery({ queryKey: botKey(conversationId), queryFn: () => conversationsApi.bot(conversationId), refetchInterval: poll });
}
