import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Agent, CannedResponse, Label, Team } from '../../../api/types';
import { useRealtime, type AgentStatus } from '../../realtime';
import { inboxApi } from '../api';

export const inboxKeys = {
  all: ['inbox'] as const,
  labels: ['inbox', 'labels'] as const,
  canned: ['inbox', 'canned'] as const,
  teams: ['inbox', 'teams'] as const,
  agents: ['inbox', 'agents'] as const,
  settings: ['inbox', 'settings'] as const,
};

// What the inbox is set up with changes rarely; live presence reaches the agents list through the socket.
const SETUP_STALE_MS = 5 * 60_000;

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

export function useLabels() {
  return useQuery({ queryKey: inboxKeys.labels, queryFn: inboxApi.labels, staleTime: SETUP_STALE_MS, select: (l: Label[]) => [...l].sort(byName) });
}

export function useCannedResponses(enabled = true) {
  return useQuery({
    queryKey: inboxKeys.canned,
    queryFn: inboxApi.canned,
    staleTime: SETUP_STALE_MS,
    enabled,
    select: (list: CannedResponse[]) => [...list].sort((a, b) => a.shortcut.localeCompare(b.shortcut)),
  });
}

export function useTeams() {
  return useQuery({ queryKey: inboxKeys.teams, queryFn: inboxApi.teams, staleTime: SETUP_STALE_MS, select: (t: Team[]) => [...t].sort(byName) });
}

export function useAgents() {
  return useQuery({ queryKey: inboxKeys.agents, queryFn: inboxApi.agents, staleTime: 60_000, select: (a: Agent[]) => [...a].sort(byName) });
}

export function useInboxSettings() {
  return useQuery({ queryKey: inboxKeys.settings, queryFn: inboxApi.settings });
}

function useRefetch(key: readonly unknown[]) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: key });
}

export function useLabelActions() {
  const refetch = useRefetch(inboxKeys.labels);
  const qc = useQueryClient();
  // Conversations and contacts carry label names and colours: refresh them after a change.
  const refetchAll = () => {
    void qc.invalidateQueries({ queryKey: ['conversations'] });
    return refetch();
  };
  return {
    create: useMutation({ mutationFn: inboxApi.createLabel, onSuccess: refetch }),
    update: useMutation({ mutationFn: inboxApi.updateLabel, onSuccess: refetchAll }),
    remove: useMutation({ mutationFn: inboxApi.deleteLabel, onSuccess: refetchAll }),
  };
}

export function useCannedActions() {
  const refetch = useRefetch(inboxKeys.canned);
  return {
    create: useMutation({ mutationFn: inboxApi.createCanned, onSuccess: refetch }),
    update: useMutation({ mutationFn: inboxApi.updateCanned, onSuccess: refetch }),
    remove: useMutation({ mutationFn: inboxApi.deleteCanned, onSuccess: refetch }),
  };
}

export function useTeamActions() {
  const refetch = useRefetch(inboxKeys.teams);
  return {
    create: useMutation({ mutationFn: inboxApi.createTeam, onSuccess: refetch }),
    update: useMutation({ mutationFn: inboxApi.updateTeam, onSuccess: refetch }),
    remove: useMutation({ mutationFn: inboxApi.deleteTeam, onSuccess: refetch }),
  };
}

function replaceAgent(qc: ReturnType<typeof useQueryClient>, agent: Agent) {
  qc.setQueryData(inboxKeys.agents, (old: Agent[] | undefined) => old?.map((a) => (a.userId === agent.userId ? agent : a)));
}

export function useSetCapacity() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: inboxApi.setCapacity, onSuccess: (agent) => replaceAgent(qc, agent) });
}

/**
 * Sets this person's availability: over the socket (`agent:status`) while connected, else PATCH /agents/me.
 * Either way the agents list shows it at once.
 */
export function useSetMyStatus(userId: string) {
  const qc = useQueryClient();
  const rt = useRealtime();
  return useMutation({
    mutationFn: async (status: AgentStatus) => {
      const ack = await rt?.client.setAgentStatus(status);
      if (ack?.ok === true) return status;
      const agent = await inboxApi.setMyStatus(status);
      return agent.status;
    },
    onSuccess: (status) =>
      qc.setQueryData(inboxKeys.agents, (old: Agent[] | undefined) => old?.map((a) => (a.userId === userId ? { ...a, status } : a))),
  });
}

export function useSaveInboxSettings() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: inboxApi.saveSettings, onSuccess: (s) => qc.setQueryData(inboxKeys.settings, s) });
}
