//! TanStack Query hooks over `webhooksApi`: the catalogue (it never changes while the app runs), the endpoints, one
//! endpoint, its deliveries by cursor and one delivery; the mutations refresh what they change.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { webhooksApi } from './api';
import type { DeliveryState } from './types';

export const webhookKeys = {
  all: ['webhooks'] as const,
  events: ['webhooks', 'events'] as const,
  list: ['webhooks', 'list'] as const,
  one: (id: string) => ['webhooks', 'one', id] as const,
  deliveries: (id: string) => ['webhooks', 'deliveries', id] as const,
  deliveryList: (id: string, state: DeliveryState | null) => ['webhooks', 'deliveries', id, state ?? 'all'] as const,
  delivery: (id: string, deliveryId: number) => ['webhooks', 'deliveries', id, 'one', deliveryId] as const,
};

const PAGE = 25;

export function useEventCatalog() {
  return useQuery({ queryKey: webhookKeys.events, queryFn: webhooksApi.events, staleTime: Infinity });
}

export function useWebhooks() {
  // Health counts move as deliveries go out: refreshed every half minute while the page is open.
  return useQuery({ queryKey: webhookKeys.list, queryFn: webhooksApi.list, refetchInterval: 30_000 });
}

export function useWebhook(id: string) {
  return useQuery({ queryKey: webhookKeys.one(id), queryFn: () => webhooksApi.get(id), refetchInterval: 30_000 });
}

export function useDeliveries(id: string, state: DeliveryState | null) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveryList(id, state),
    queryFn: ({ pageParam }) => webhooksApi.deliveries(id, { state: state ?? undefined, before: pageParam ?? undefined, limit: PAGE }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    placeholderData: keepPreviousData,
    // New deliveries show up without a reload (the first page only is refetched quickly: pages are by cursor).
    refetchInterval: 5_000,
  });
}

export function useDelivery(id: string, deliveryId: number | null) {
  return useQuery({
    queryKey: webhookKeys.delivery(id, deliveryId ?? 0),
    queryFn: () => webhooksApi.delivery(id, deliveryId ?? 0),
    enabled: deliveryId !== null,
    // A delivery still being retried gains attempts.
    refetchInterval: (q) => (q.state.data && ['pending', 'sending'].includes(q.state.data.delivery.state) ? 5_000 : false),
  });
}

/** `onRemoved`: what to do once an endpoint is deleted (its own page leaves). */
export function useWebhookActions(onRemoved?: () => void) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: webhookKeys.all });
  return {
    create: useMutation({ mutationFn: webhooksApi.create, onSuccess: refresh }),
    update: useMutation({ mutationFn: webhooksApi.update, onSuccess: refresh }),
    remove: useMutation({ mutationFn: webhooksApi.remove, onSuccess: onRemoved, onSettled: refresh }),
    test: useMutation({ mutationFn: webhooksApi.test, onSettled: refresh }),
    rollSecret: useMutation({ mutationFn: webhooksApi.rollSecret, onSuccess: refresh }),
    replay: useMutation({ mutationFn: webhooksApi.replay, onSettled: refresh }),
  };
}
