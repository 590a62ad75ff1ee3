//! Queries and mutations of campaigns and the suppression list, over ./api.ts, and the live updates that
//! `campaign:progress` brings (with a poll while the socket is down).
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useRef } from 'react';
// The hooks' own module, not the feature's index: importing the index from these lazy pages made the bundler split
// the realtime feature out of the first page into a chunk of its own (about 1 kB more to load first).
import { useLivePoll, useRealtimeEvents } from '../realtime/context';
import { campaignsApi, type RecipientQuery } from './api';
import { progressIntoCampaign, progressIntoList, progressIntoStats } from './live';
import type { Campaign, CampaignList, CampaignProgress, CampaignStats } from './types';

export const campaignKeys = {
  all: ['campaigns'] as const,
  lists: ['campaigns', 'list'] as const,
  list: (status: string | null) => ['campaigns', 'list', status ?? 'all'] as const,
  one: (id: string) => ['campaigns', 'one', id] as const,
  preview: (id: string, stamp: string) => ['campaigns', 'one', id, 'preview', stamp] as const,
  stats: (id: string) => ['campaigns', 'one', id, 'stats'] as const,
  recipientsOf: (id: string) => ['campaigns', 'one', id, 'recipients'] as const,
  recipients: (id: string, status: string | null) => ['campaigns', 'one', id, 'recipients', status ?? 'all'] as const,
  suppressions: ['campaigns', 'suppressions'] as const,
  suppressionList: (q: string) => ['campaigns', 'suppressions', q] as const,
};

const PAGE = 25;
const RECIPIENTS_PAGE = 50;

export function useCampaignList(status: string | null) {
  const poll = useLivePoll(15_000);
  return useInfiniteQuery({
    queryKey: campaignKeys.list(status),
    queryFn: ({ pageParam }) => campaignsApi.list({ status: status ?? undefined, cursor: pageParam ?? undefined, limit: PAGE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: poll,
  });
}

export function useCampaign(id: string, live = false) {
  const poll = useLivePoll(5000);
  return useQuery({
    queryKey: campaignKeys.one(id),
    queryFn: () => campaignsApi.get(id),
    // While it sends: every 5 s without the socket, and every 30 s with it (a safety net for a missed event).
    refetchInterval: (q) => (live && q.state.data && ['running', 'paused', 'scheduled'].includes(q.state.data.status) ? poll || 30_000 : false),
  });
}

/** The pre-send checks of the draft as last saved (`stamp`: its `updatedAt`, so each save asks again). */
export function usePreview(id: string, stamp: string, enabled = true) {
  return useQuery({
    queryKey: campaignKeys.preview(id, stamp),
    queryFn: () => campaignsApi.preview(id),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useStats(id: string, live: boolean) {
  const poll = useLivePoll(10_000);
  return useQuery({ queryKey: campaignKeys.stats(id), queryFn: () => campaignsApi.stats(id), refetchInterval: live ? poll : false });
}

export function useRecipients(id: string, status: string | null) {
  return useInfiniteQuery({
    queryKey: campaignKeys.recipients(id, status),
    queryFn: ({ pageParam }) => campaignsApi.recipients(id, { status: (status ?? undefined) as RecipientQuery['status'], cursor: pageParam ?? undefined, limit: RECIPIENTS_PAGE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** A campaign answer (after a save or an action) into its cache and the lists. */
function useApplyCampaign() {
  const qc = useQueryClient();
  return (c: Campaign) => {
    qc.setQueryData(campaignKeys.one(c.id), c);
    void qc.invalidateQueries({ queryKey: campaignKeys.lists });
  };
}

export function useDraftActions() {
  const qc = useQueryClient();
  const apply = useApplyCampaign();
  return {
    create: useMutation({ mutationFn: campaignsApi.create, onSuccess: apply }),
    save: useMutation({ mutationFn: campaignsApi.save, onSuccess: apply }),
    uploadCsv: useMutation({
      mutationFn: campaignsApi.uploadCsv,
      // The draft's csvRows and csvColumns changed with it.
      onSuccess: (_, { id }) => qc.invalidateQueries({ queryKey: campaignKeys.one(id) }),
    }),
    testSend: useMutation({ mutationFn: campaignsApi.testSend }),
    start: useMutation({ mutationFn: campaignsApi.start, onSuccess: apply }),
    schedule: useMutation({ mutationFn: campaignsApi.schedule, onSuccess: apply }),
  };
}

export function useCampaignActions() {
  const qc = useQueryClient();
  const apply = (c: Campaign) => {
    qc.setQueryData(campaignKeys.one(c.id), c);
    void qc.invalidateQueries({ queryKey: campaignKeys.lists });
    void qc.invalidateQueries({ queryKey: campaignKeys.stats(c.id) });
    void qc.invalidateQueries({ queryKey: campaignKeys.recipientsOf(c.id) });
  };
  return {
    pause: useMutation({ mutationFn: campaignsApi.pause, onSuccess: apply }),
    resume: useMutation({ mutationFn: campaignsApi.resume, onSuccess: apply }),
    cancel: useMutation({ mutationFn: campaignsApi.cancel, onSuccess: apply }),
    retryFailed: useMutation({ mutationFn: campaignsApi.retryFailed, onSuccess: apply }),
    remove: useMutation({
      mutationFn: campaignsApi.remove,
      onSuccess: (_, id) => {
        qc.removeQueries({ queryKey: campaignKeys.one(id) });
        void qc.invalidateQueries({ queryKey: campaignKeys.lists });
      },
    }),
    exportCsv: useMutation({ mutationFn: campaignsApi.exportCsv }),
  };
}

const RECIPIENTS_EVERY_MS = 3000;

/**
 * Applies `campaign:progress` to every cached list, the campaign and its stats; the recipients of an open
 * campaign (`openId`) are fetched again at most every 3 s while its counters move.
 */
export function useCampaignProgress(openId?: string) {
  const qc = useQueryClient();
  const lastRecipients = useRef(0);
  useRealtimeEvents((event) => {
    if (event.name !== 'campaign:progress') return;
    const { eventId: _eventId, ...p } = event.data;
    const progress: CampaignProgress = p;
    const before = qc.getQueryData<Campaign>(campaignKeys.one(progress.id))?.status;
    qc.setQueriesData<InfiniteData<CampaignList>>({ queryKey: campaignKeys.lists }, (data) => progressIntoList(data, progress));
    qc.setQueryData<Campaign>(campaignKeys.one(progress.id), (c) => progressIntoCampaign(c, progress));
    qc.setQueryData<CampaignStats>(campaignKeys.stats(progress.id), (s) => progressIntoStats(s, progress));
    // A list filtered by status may have to gain or lose the campaign; a campaign that ended has final stats.
    if (before !== undefined && before !== progress.status) {
      void qc.invalidateQueries({ queryKey: campaignKeys.lists });
      // The campaign itself too (its start and end times), with its stats and recipients.
      void qc.invalidateQueries({ queryKey: campaignKeys.one(progress.id) });
    }
    if (openId === progress.id && Date.now() - lastRecipients.current > RECIPIENTS_EVERY_MS) {
      lastRecipients.current = Date.now();
      void qc.invalidateQueries({ queryKey: campaignKeys.recipientsOf(progress.id) });
      void qc.invalidateQueries({ queryKey: campaignKeys.stats(progress.id) });
    }
  });
}

export function useSuppressions(q: string) {
  return useInfiniteQuery({
    queryKey: campaignKeys.suppressionList(q),
    queryFn: ({ pageParam }) => campaignsApi.suppressions({ q: q.trim() || undefined, cursor: pageParam ?? undefined, limit: 50 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useSuppressionActions() {
  const qc = useQueryClient();
  const refetch = () => qc.invalidateQueries({ queryKey: campaignKeys.suppressions });
  return {
    add: useMutation({ mutationFn: campaignsApi.addSuppressions, onSuccess: refetch }),
    remove: useMutation({ mutationFn: campaignsApi.removeSuppression, onSuccess: refetch }),
  };
}
