import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { usePageVisible } from '../../../lib/usePageVisible';
import { simApi, type SimMessage } from '../api';
import { unreadFromBusiness } from '../chat';

const phoneKeys = {
  numbers: ['sim', 'numbers'] as const,
  chat: (phone: string, phoneNumberId: string) => ['sim', 'chat', phone, phoneNumberId] as const,
};

export function useSimNumbers() {
  return useQuery({ queryKey: phoneKeys.numbers, queryFn: simApi.numbers, retry: false, staleTime: 60_000 });
}

/** The chat between the customer and the number, polled every second (the simulator has no push). */
export function useSimChat(phone: string, phoneNumberId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: phoneKeys.chat(phone, phoneNumberId ?? ''),
    queryFn: () => simApi.chat(phone, phoneNumberId ?? ''),
    enabled: enabled && Boolean(phoneNumberId),
    refetchInterval: 1000,
  });
}

export function useSimSend(phone: string, phoneNumberId: string | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: simApi.send,
    onSettled: () => qc.invalidateQueries({ queryKey: phoneKeys.chat(phone, phoneNumberId ?? '') }),
  });
}

/**
 * The customer "looks at the chat": while the page is visible and the business has unread messages, they are
 * read, and the simulator sends the read receipts (blue ticks on the business side).
 */
export function useAutoRead(phone: string, phoneNumberId: string | undefined, messages: SimMessage[] | undefined) {
  const qc = useQueryClient();
  const visible = usePageVisible();
  const asked = useRef<string | null>(null);
  const { mutate } = useMutation({
    mutationFn: simApi.read,
    onSettled: () => qc.invalidateQueries({ queryKey: phoneKeys.chat(phone, phoneNumberId ?? '') }),
  });
  const unread = unreadFromBusiness(messages ?? []);
  const newestUnread = unread[unread.length - 1]?.id;

  useEffect(() => {
    if (!visible || !phoneNumberId || !newestUnread || asked.current === newestUnread) return;
    asked.current = newestUnread;
    mutate({ phone, phoneNumberId });
  }, [visible, phone, phoneNumberId, newestUnread, mutate]);
}
