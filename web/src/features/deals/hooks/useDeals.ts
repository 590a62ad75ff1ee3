import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../../auth';
import { dealsApi } from '../api';
import { moveBody, moveDealInBoard, replaceDeal } from '../board';
import type { Board, Deal, DealFilters } from '../types';

export const dealKeys = {
  all: ['deals'] as const,
  pipelines: ['deals', 'pipelines'] as const,
  boards: ['deals', 'board'] as const,
  board: (pipelineId: string | undefined) => ['deals', 'board', pipelineId ?? 'default'] as const,
  lists: ['deals', 'list'] as const,
  list: (filters: DealFilters) => ['deals', 'list', filters] as const,
  deal: (id: string) => ['deals', 'one', id] as const,
  contacts: (q: string) => ['deals', 'contacts', q] as const,
  contact: (id: string) => ['deals', 'contact', id] as const,
  dashboard: ['dashboard', 'crm'] as const,
};

export function usePipelines() {
  return useQuery({ queryKey: dealKeys.pipelines, queryFn: dealsApi.pipelines, staleTime: 60_000 });
}

export function useBoard(pipelineId: string | undefined) {
  return useQuery({ queryKey: dealKeys.board(pipelineId), queryFn: () => dealsApi.board(pipelineId), enabled: Boolean(pipelineId), placeholderData: keepPreviousData });
}

/** Deals matching `filters`, page after page (cursor). */
export function useDealList(filters: DealFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: dealKeys.list(filters),
    queryFn: ({ pageParam }) => dealsApi.list({ ...filters, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useContactSearch(q: string, enabled = true) {
  return useQuery({ queryKey: dealKeys.contacts(q), queryFn: () => dealsApi.searchContacts(q), enabled, staleTime: 30_000, placeholderData: keepPreviousData });
}

export function useContactOption(id: string | null | undefined) {
  return useQuery({ queryKey: dealKeys.contact(id ?? ''), queryFn: () => dealsApi.contact(id as string), enabled: Boolean(id), staleTime: 60_000 });
}

export function useCrmDashboard() {
  return useQuery({ queryKey: dealKeys.dashboard, queryFn: dealsApi.crmDashboard, refetchInterval: 60_000 });
}

/** Everything that shows deals: boards, lists, one deal, the dashboard. */
function useRefreshDeals() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: dealKeys.dashboard });
    return qc.invalidateQueries({ queryKey: dealKeys.all });
  };
}

export function useDealActions() {
  const refresh = useRefreshDeals();
  return {
    create: useMutation({ mutationFn: dealsApi.create, onSuccess: refresh }),
    update: useMutation({ mutationFn: dealsApi.update, onSuccess: refresh }),
    remove: useMutation({ mutationFn: dealsApi.remove, onSuccess: refresh }),
  };
}

export interface MoveVariables {
  dealId: string;
  stageId: string;
  beforeId: string | null;
}

/**
 * Moves a deal on the board of `pipelineId`: the cached board changes at once, goes back if the server refuses,
 * and is refetched either way.
 */
export function useMoveDeal(pipelineId: string | undefined) {
  const qc = useQueryClient();
  const session = useSession();
  const key = dealKeys.board(pipelineId);
  return useMutation({
    mutationFn: ({ dealId, stageId, beforeId }: MoveVariables) => dealsApi.move({ dealId, body: moveBody({ stageId, beforeId }) }),
    onMutate: async ({ dealId, stageId, beforeId }) => {
      await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<Board>(key);
      if (previous) {
        qc.setQueryData<Board>(key, moveDealInBoard(previous, dealId, stageId, beforeId, { actorId: session.user.id, actorName: session.user.name }));
      }
      return { previous };
    },
    onError: (_error, _vars, context) => {
      if (context?.previous) qc.setQueryData(key, context.previous);
    },
    onSuccess: (deal: Deal | undefined) => {
      if (deal && typeof deal === 'object' && 'id' in deal) {
        const current = qc.getQueryData<Board>(key);
        if (current) qc.setQueryData<Board>(key, replaceDeal(current, deal));
      }
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: dealKeys.lists });
      void qc.invalidateQueries({ queryKey: dealKeys.dashboard });
      return qc.invalidateQueries({ queryKey: key });
    },
  });
}

export function usePipelineActions() {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: dealKeys.boards });
    return qc.invalidateQueries({ queryKey: dealKeys.pipelines });
  };
  return {
    create: useMutation({ mutationFn: dealsApi.createPipeline, onSuccess: refresh }),
    update: useMutation({ mutationFn: dealsApi.updatePipeline, onSuccess: refresh }),
    remove: useMutation({ mutationFn: dealsApi.deletePipeline, onSuccess: refresh }),
  };
}
