//! Agents and their presence: what `agent:presence` changes in the agents list, and how a status is shown.
import type { Agent } from '../../api/types';
import type { AgentStatus, PresenceEvent } from '../realtime';

/** The list with one agent's status and connection replaced; unchanged (same array) when the agent is not in it. */
export function applyPresence(agents: Agent[] | undefined, event: Pick<PresenceEvent, 'userId' | 'status' | 'online'>): Agent[] | undefined {
  if (!agents) return agents;
  const i = agents.findIndex((a) => a.userId === event.userId);
  const current = agents[i];
  if (!current) return agents;
  if (current.status === event.status && current.online === event.online) return agents;
  const next = [...agents];
  next[i] = { ...current, status: event.status, online: event.online };
  return next;
}

/** Available for work: connected and "online" (what auto-assignment looks for). */
export function isAvailable(agent: Pick<Agent, 'online' | 'status'>): boolean {
  return agent.online && agent.status === 'online';
}

/** The dot next to a person: their chosen status while connected, grey when not connected. */
export function presenceTone(agent: Pick<Agent, 'online' | 'status'>): AgentStatus {
  return agent.online ? agent.status : 'offline';
}

export const PRESENCE_DOT: Record<AgentStatus, string> = {
  online: 'bg-success-500',
  away: 'bg-accent-500',
  busy: 'bg-danger-500',
  offline: 'bg-slate-300',
};
