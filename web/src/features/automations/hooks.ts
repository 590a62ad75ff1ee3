//! TanStack Query hooks over `automationsApi`: the rules in run order, one rule, a rule's run log by cursor, the
//! pickers' lists, and the mutations (a reorder shows at once and is put back if the server refuses it).
import { keepPreviousData, useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { automationsApi } from './api';
import type { Automation, RunStatus } from './types';

export const automationKeys = {
  all: ['automations'] as const,
  list: ['automations', 'list'] as const,
  one: (id: string) => ['automations', 'one', id] as const,
  runs: (id: string) => ['automations', 'runs', id] as const,
  runList: (id: string, status: RunStatus | null) => ['automations', 'runs', id, status ?? 'all'] as const,
  contact: (id: string) => ['automations', 'contact', id] as const,
  // Shared with the pages that own these lists (same call, same answer).
  flows: ['flows', 'list'] as const,
  fields: ['crm', 'fields'] as const,
  pipelines: ['deals', 'pipelines'] as const,
  endpoints: ['webhooks', 'list'] as const,
};

const RUNS_PAGE = 25;
const PICKER_STALE_MS = 60_000;

const byPosition = (list: Automation[]) => [...list].sort((a, b) => a.position - b.position);

export function useAutomations() {
  // Run counts move while the page is open: refreshed every half minute.
  return useQuery({ queryKey: automationKeys.list, queryFn: automationsApi.list, select: byPosition, refetchInterval: 30_000 });
}

export function useAutomation(id: string | null) {
  return useQuery({ queryKey: automationKeys.one(id ?? ''), queryFn: () => automationsApi.get(id ?? ''), enabled: id !== null });
}

export function useRuns(id: string, status: RunStatus | null) {
  return useInfiniteQuery({
    queryKey: automationKeys.runList(id, status),
    queryFn: ({ pageParam }) => automationsApi.runs(id, { status: status ?? undefined, before: pageParam ?? undefined, limit: RUNS_PAGE }),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    placeholderData: keepPreviousData,
    // New runs show up without a reload.
    refetchInterval: 5_000,
  });
}

/** Names of the contacts a page of runs is about (one call per contact, cached). */
export function useContactNames(ids: string[]): Record<string, string> {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: automationKeys.contact(id),
      queryFn: () => automationsApi.contact(id),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const names: Record<string, string> = {};
  ids.forEach((id, i) => {
    const c = results[i]?.data;
    const name = c ? c.name || c.profileName || c.phone : null;
    if (name) names[id] = name;
  });
  return names;
}

export function useFlowOptions() {
  return useQuery({ queryKey: automationKeys.flows, queryFn: automationsApi.flows, staleTime: PICKER_STALE_MS });
}

export function useFieldOptions() {
  return useQuery({ queryKey: automationKeys.fields, queryFn: automationsApi.contactFields, staleTime: PICKER_STALE_MS });
}

export function usePipelineOptions() {
  return useQuery({ queryKey: automationKeys.pipelines, queryFn: automationsApi.pipelines, staleTime: PICKER_STALE_MS });
}

export function useEndpointOptions() {
  return useQuery({ queryKey: automationKeys.endpoints, queryFn: automationsApi.endpoints, staleTime: PICKER_STALE_MS });
}

export function useAutomationActions() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: automationKeys.all });
  const put = (rule: Automation) => {
    qc.setQueryData<Automation[]>(automationKeys.list, (list) => list?.map((r) => (r.id === rule.id ? rule : r)));
    qc.setQueryData(automationKeys.one(rule.id), rule);
  };
  return {
    create: useMutation({ mutationFn: automationsApi.create, onSuccess: refresh }),
    update: useMutation({ mutationFn: automationsApi.update, onSuccess: (rule) => (put(rule), refresh()) }),
    remove: useMutation({ mutationFn: automationsApi.remove, onSettled: refresh }),
    setEnabled: useMutation({
      mutationFn: automationsApi.setEnabled,
      onSuccess: put,
      onSettled: refresh,
    }),
    reorder: useMutation({
      mutationFn: automationsApi.reorder,
      // The list moves as soon as the rule is dropped; the server's answer (or the old order) replaces it.
      onMutate: async (ids: string[]) => {
        await qc.cancelQueries({ queryKey: automationKeys.list });
        const before = qc.getQueryData<Automation[]>(automationKeys.list);
        qc.setQueryData<Automation[]>(automationKeys.list, (list) =>
          list ? ids.flatMap((id, position) => list.filter((r) => r.id === id).map((r) => ({ ...r, position }))) : list,
        );
        return { before };
      },
      onError: (_e, _ids, ctx) => qc.setQueryData(automationKeys.list, ctx?.before),
      onSuccess: (list) => qc.setQueryData(automationKeys.list, list),
    }),
  };
}
