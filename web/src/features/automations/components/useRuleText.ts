//! The translate function the pure summaries take, and the names of what rules point at (labels, people, flows ...).
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgents, useLabels, useTeams } from '../../inbox';
import { useConnections } from '../../whatsapp';
import { useEndpointOptions, useFieldOptions, useFlowOptions, usePipelineOptions } from '../hooks';
import type { Names, Translate } from '../summary';

/** `t` for keys built at run time (a kind, a status): the summaries and pickers name their keys from data. */
export function useTranslate(): Translate {
  const { t } = useTranslation();
  return useCallback((key: string, params?: Record<string, unknown>) => String(t(key as never, params as never)), [t]);
}

/** Names of everything a rule may point at, from the lists the pickers load (shared, cached queries). */
export function useNames(): Names {
  const labels = useLabels().data;
  const agents = useAgents().data;
  const teams = useTeams().data;
  const flows = useFlowOptions().data;
  const fields = useFieldOptions().data;
  const pipelines = usePipelineOptions().data;
  const endpoints = useEndpointOptions().data;
  const connections = useConnections().data;
  return useMemo(() => {
    const find = <T>(list: T[] | undefined, match: (x: T) => boolean, name: (x: T) => string) => {
      const x = list?.find(match);
      return x === undefined ? undefined : name(x);
    };
    const stages = pipelines?.flatMap((p) => p.stages.map((s) => ({ id: s.id, name: pipelines.length > 1 ? `${p.name} · ${s.name}` : s.name })));
    return {
      label: (id) => find(labels, (l) => l.id === id, (l) => l.name),
      member: (id) => find(agents, (a) => a.userId === id, (a) => a.name),
      team: (id) => find(teams, (x) => x.id === id, (x) => x.name),
      flow: (id) => find(flows, (f) => f.id === id, (f) => f.name),
      stage: (id) => find(stages, (s) => s.id === id, (s) => s.name),
      endpoint: (id) => find(endpoints, (e) => e.id === id, (e) => e.description || e.url),
      field: (key) => find(fields, (f) => f.key === key, (f) => f.label),
      connection: (id) => find(connections, (c) => c.id === id, (c) => c.name),
    };
  }, [labels, agents, teams, flows, fields, pipelines, endpoints, connections]);
}
