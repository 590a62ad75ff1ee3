//! What the pages compute from a report: the overview's headline figures, the agents' columns and order, a
//! campaign's funnel, a node's name, and whether a report has anything to show.
import { share } from '../../lib/figures';
import type { AgentFigures, AgentReport, CampaignFigures, ContactReport, ConversationReport, ConversationTotals, NodeDropOff } from './types';

export type Kind = 'count' | 'duration';

/** The headline figures, in the order the cards show them. */
export const METRICS: { metric: string; kind: Kind; pick: (t: ConversationTotals, business: boolean) => number | null | undefined }[] = [
  { metric: 'opened', kind: 'count', pick: (t) => t.opened },
  { metric: 'resolved', kind: 'count', pick: (t) => t.resolved },
  { metric: 'messagesIn', kind: 'count', pick: (t) => t.messagesIn },
  { metric: 'messagesOut', kind: 'count', pick: (t) => t.messagesOut },
  { metric: 'firstResponseMedian', kind: 'duration', pick: (t, b) => (b ? t.firstResponseBusiness : t.firstResponse).median },
  { metric: 'firstResponseP90', kind: 'duration', pick: (t, b) => (b ? t.firstResponseBusiness : t.firstResponse).p90 },
  { metric: 'resolutionMedian', kind: 'duration', pick: (t, b) => (b ? t.resolutionBusiness : t.resolution).median },
  { metric: 'resolutionP90', kind: 'duration', pick: (t, b) => (b ? t.resolutionBusiness : t.resolution).p90 },
];

/** Whether a conversations report has nothing to show. */
export function overviewIsEmpty(r: ConversationReport): boolean {
  const t = r.totals;
  return t.opened + t.resolved + t.messagesIn + t.messagesOut === 0 && r.openBacklog === 0;
}

export type Column = {
  key: string;
  kind: 'text' | 'count' | 'duration' | 'ratio';
  value: (a: AgentFigures) => string | number | null | undefined;
};

export const AGENT_COLUMNS: Column[] = [
  { key: 'name', kind: 'text', value: (a) => a.name },
  { key: 'handled', kind: 'count', value: (a) => a.conversationsHandled },
  { key: 'sent', kind: 'count', value: (a) => a.messagesSent },
  { key: 'firstResponse', kind: 'duration', value: (a) => a.firstResponse.median },
  { key: 'resolution', kind: 'duration', value: (a) => a.resolution.median },
  { key: 'rate', kind: 'ratio', value: (a) => a.resolutionRate },
  { key: 'online', kind: 'duration', value: (a) => a.onlineSeconds },
  { key: 'away', kind: 'duration', value: (a) => a.awaySeconds },
  { key: 'busy', kind: 'duration', value: (a) => a.busySeconds },
];

export interface Sort {
  key: string;
  desc: boolean;
}

/** Agents in a column's order; unknown figures (no response yet) always last, whichever the direction. */
export function sortAgents(agents: AgentFigures[], sort: Sort, locale: string): AgentFigures[] {
  const col = AGENT_COLUMNS.find((c) => c.key === sort.key) ?? AGENT_COLUMNS[1];
  if (!col) return agents;
  return [...agents].sort((a, b) => {
    const x = col.value(a);
    const y = col.value(b);
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    const c = typeof x === 'string' || typeof y === 'string' ? String(x).localeCompare(String(y), locale) : x - y;
    return sort.desc ? -c : c;
  });
}

export function agentsAreEmpty(r: AgentReport): boolean {
  return r.agents.every((a) => a.conversationsHandled + a.messagesSent + a.onlineSeconds + a.awaySeconds + a.busySeconds === 0);
}

export const STEPS = ['sent', 'delivered', 'read', 'replied'] as const;

/** A campaign's funnel: each step's count and its share of those sent. */
export function funnel(c: CampaignFigures) {
  return STEPS.map((step) => ({ step, count: c[step], rate: share(c[step], c.sent) }));
}

/** A node as people know it: its label in that version's graph, else its id. */
export const nodeName = (d: NodeDropOff) => d.label?.trim() || d.node;

export const SOURCES = ['whatsapp', 'manual', 'api', 'import', 'campaign', 'widget'];

export function contactsAreEmpty(r: ContactReport): boolean {
  const stages = r.stages.some((s) => s.openDeals > 0 || s.left > 0);
  return r.newContacts + r.optIns + r.optOuts + r.dealsWon + r.dealsLost === 0 && !stages;
}
