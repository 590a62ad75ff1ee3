//! Queries and mutations of flows, versions, runs and the inbox's bot, over ./api.ts.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { flowsApi } from './api';
import type { Flow, FlowSummary, RunFilter } from './types';

export const flowKeys = {
  all: ['flows'] as const,
  list: ['flows', 'list'] as const,
  templates: ['flows', 'templates'] as const,
  flow: (id: string) => ['flows', 'one', id] as const,
  versions: (id: string) => ['flows', 'one', id, 'versions'] as const,
  version: (id: string, v: number) => ['flows', 'one', id, 'versions', v] as const,
  runs: (id: string) => ['flows', 'one', id, 'runs'] as const,
  runList: (id: string, status: RunFilter | null) => ['flows', 'one', id, 'runs', status ?? 'all'] as const,
  analytics: (id: string, v: number | null) => ['flows', 'one', id, 'analytics', v ?? 'latest'] as const,
  run: (runId: string) => ['flows', 'run', runId] as const,
  bot: (conversationId: string) => ['flows', 'bot', conversationId] as const,
  // Shared with the CRM's contact fields page (same call, same answer).
  fields: ['crm', 'fields'] as const,
};

const RUNS_PAGE = 50;
const RUNNING = new Set(['active', 'waiting']);

export const isRunning = (status: string) => RUNNING.has(status);

export function useFlows(poll = false) {
  return useQuery({ queryKey: flowKeys.list, queryFn: flowsApi.list, refetchInterval: poll ? 30_000 : false });
}

export function useFlowTemplates(enabled = true) {
  return useQuery({ queryKey: flowKeys.templates, queryFn: flowsApi.templates, staleTime: Infinity, enabled });
}

/**
 * The flow as the builder opens it: fetched fresh on every opening (no cached copy, which the autosave would have
 * left behind), and never again while it is open, since the builder owns the draft from then on.
 */
export function useFlow(id: string) {
  return useQuery({ queryKey: flowKeys.flow(id), queryFn: () => flowsApi.get(id), staleTime: Infinity, gcTime: 0, refetchOnWindowFocus: false, refetchOnReconnect: false });
}

export function useContactFields() {
  return useQuery({ queryKey: flowKeys.fields, queryFn: flowsApi.contactFields, staleTime: 5 * 60_000 });
}

/** A flow answer (after publish, pause, resume, restore) into the list and the flow's own cache. */
function useApplyFlow() {
  const qc = useQueryClient();
  return (flow: Flow) => {
    qc.setQueryData<FlowSummary[]>(flowKeys.list, (list) =>
      list?.map((f) =>
        f.id === flow.id ? { ...f, status: flow.status, version: flow.version, unpublishedChanges: flow.unpublishedChanges, name: flow.name, trigger: flow.trigger } : f,
      ),
    );
    void qc.invalidateQueries({ queryKey: flowKeys.list });
  };
}

export function useFlowActions() {
  const qc = useQueryClient();
  const apply = useApplyFlow();
  const refreshList = () => qc.invalidateQueries({ queryKey: flowKeys.list });
  return {
    create: useMutation({ mutationFn: flowsApi.create, onSuccess: refreshList }),
    remove: useMutation({ mutationFn: flowsApi.remove, onSuccess: refreshList }),
    pause: useMutation({ mutationFn: flowsApi.pause, onSuccess: apply }),
    resume: useMutation({ mutationFn: flowsApi.resume, onSuccess: apply }),
  };
}

/** Publishing and restoring change the versions too. */
export function useVersionActions(id: string) {
  const qc = useQueryClient();
  const apply = useApplyFlow();
  const done = (flow: Flow) => {
    apply(flow);
    void qc.invalidateQueries({ queryKey: flowKeys.versions(id) });
  };
  return {
    publish: useMutation({ mutationFn: () => flowsApi.publish(id), onSuccess: done }),
    restore: useMutation({ mutationFn: (version: number) => flowsApi.restore({ id, version }), onSuccess: done }),
  };
}

export function useVersions(id: string, enabled = true) {
  return useQuery({ queryKey: flowKeys.versions(id), queryFn: () => flowsApi.versions(id), enabled });
}

export function useVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: flowKeys.version(id, version ?? 0),
    queryFn: () => flowsApi.version(id, version as number),
    enabled: version !== null,
    staleTime: Infinity,
  });
}

/** A flow's runs, newest first, page after page; refreshed every 10 s while shown. */
export function useRuns(id: string, status: RunFilter | null) {
  return useInfiniteQuery({
    queryKey: flowKeys.runList(id, status),
    queryFn: ({ pageParam }) => flowsApi.runs(id, { status: status ?? undefined, cursor: pageParam ?? undefined, limit: RUNS_PAGE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 10_000,
  });
}

/** One run with its trace; polled while it is going on. */
export function useRun(runId: string | null) {
  return useQuery({
    queryKey: flowKeys.run(runId ?? ''),
    queryFn: () => flowsApi.run(runId as string),
    enabled: runId !== null,
    refetchInterval: (q) => (q.state.data && isRunning(q.state.data.status) ? 5000 : false),
  });
}

export function useStopRun(flowId?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: flowsApi.stopRun,
    onSuccess: (run) => {
      qc.setQueryData(flowKeys.run(run.id), run);
      void qc.invalidateQueries({ queryKey: ['flows', 'bot'] });
      if (flowId) void qc.invalidateQueries({ queryKey: flowKeys.runs(flowId) });
    },
  });
}

export function useAnalytics(id: string, version: number | null, enabled: boolean) {
  return useQuery({ queryKey: flowKeys.analytics(id, version), queryFn: () => flowsApi.analytics(id, version ?? undefined), enabled, refetchInterval: enabled ? 30_000 : false });
}
