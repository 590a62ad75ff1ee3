//! Reports as the API answers them, for the analytics tests.
import type { AgentFigures, AgentReport, CampaignReport, ConversationReport, ConversationTotals, Durations, FlowReport } from '../types';

const range = { from: '2026-03-04', to: '2026-03-10', timezone: 'Europe/Paris', start: '2026-03-03T23:00:00Z', end: '2026-03-10T12:00:00Z' };

export const durations = (median: number | null, p90: number | null = null): Durations => ({ count: median === null ? 0 : 10, median, p90, mean: median });

export function makeTotals(overrides: Partial<ConversationTotals> = {}): ConversationTotals {
  return {
    opened: 120,
    resolved: 90,
    messagesIn: 1500,
    messagesOut: 1320,
    messagesAgent: 900,
    messagesBot: 300,
    messagesCampaign: 120,
    firstResponse: durations(45, 600),
    firstResponseBusiness: durations(30, 300),
    resolution: durations(11_520, 181_440),
    resolutionBusiness: durations(7200, 86_400),
    ...overrides,
  };
}

/** Monday 9:00 is the busiest hour (40 messages), Sunday 23:00 has 2. */
function heatmap(): number[][] {
  const rows = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  rows[0]![9] = 40;
  rows[6]![23] = 2;
  return rows;
}

export function makeConversationReport(overrides: Partial<ConversationReport> = {}): ConversationReport {
  return {
    range,
    totals: makeTotals(),
    previous: makeTotals({ opened: 100, resolved: 100, messagesIn: 1500, firstResponse: durations(90, 600), resolution: durations(10_000, 200_000) }),
    previousRange: { ...range, from: '2026-02-25', to: '2026-03-03' },
    series: [
      { at: '2026-03-08T23:00:00Z', label: '2026-03-09', opened: 20, resolved: 15, messagesIn: 250, messagesOut: 220, firstResponseMedian: 50 },
      { at: '2026-03-09T23:00:00Z', label: '2026-03-10', opened: 7, resolved: 3, messagesIn: 61, messagesOut: 58, firstResponseMedian: null },
    ],
    heatmap: heatmap(),
    openBacklog: 14,
    ...overrides,
  };
}

export function makeAgent(overrides: Partial<AgentFigures> = {}): AgentFigures {
  return {
    agentId: 'a-1',
    name: 'Ada',
    conversationsHandled: 10,
    messagesSent: 80,
    firstResponse: durations(60),
    resolution: durations(3600),
    resolutionRate: 0.8,
    onlineSeconds: 7200,
    awaySeconds: 600,
    busySeconds: 0,
    ...overrides,
  };
}

export function makeAgentReport(agents: AgentFigures[]): AgentReport {
  return { range, agents };
}

export function makeCampaignReport(): CampaignReport {
  return {
    range,
    currency: 'USD',
    campaigns: [
      {
        campaignId: 'c-1',
        name: 'Spring sale',
        status: 'completed',
        startedAt: '2026-03-05T09:00:00Z',
        recipients: 200,
        sent: 200,
        delivered: 180,
        read: 90,
        replied: 20,
        failed: 12,
        cost: 4.5,
        failures: [{ code: '131049', count: 12, reason: 'Not delivered to maintain healthy ecosystem engagement' }],
      },
      {
        campaignId: 'c-2',
        name: 'Restock',
        status: 'running',
        startedAt: '2026-03-09T09:00:00Z',
        recipients: 50,
        sent: 40,
        delivered: 40,
        read: 10,
        replied: 0,
        failed: 0,
        cost: 1,
        failures: [],
      },
    ],
  };
}

export function makeFlowReport(): FlowReport {
  return {
    range,
    flows: [
      {
        flowId: 'f-1',
        name: 'Welcome',
        version: 2,
        started: 74,
        completed: 50,
        handedOff: 17,
        failed: 0,
        stopped: 5,
        completionRate: 0.6944,
        duration: durations(263),
        dropOff: [
          { node: 'human', label: 'Talk to us', runs: 8 },
          { node: 'n-7', label: null, runs: 3 },
        ],
      },
    ],
  };
}
