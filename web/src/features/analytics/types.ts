//! Analytics shapes from the API contract (generated from openapi.json, from crates/services/src/analytics/dto.rs) and
//! the closed lists the pages walk over: the tabs and the reports each one reads.
import type { components } from '../../api/generated/schema';

type Schemas = components['schemas'];

export type ConversationReport = Schemas['ConversationReport'];
export type ConversationTotals = Schemas['ConversationTotals'];
export type Durations = Schemas['Durations'];
export type SeriesPoint = Schemas['SeriesPoint'];
export type AgentReport = Schemas['AgentReport'];
export type AgentFigures = Schemas['AgentFigures'];
export type CampaignReport = Schemas['CampaignReport'];
export type CampaignFigures = Schemas['CampaignFigures'];
export type FlowReport = Schemas['FlowReport'];
export type FlowFigures = Schemas['FlowFigures'];
export type NodeDropOff = Schemas['NodeDropOff'];
export type ContactReport = Schemas['ContactReport'];
export type StageFigures = Schemas['StageFigures'];
export type KeyCount = Schemas['KeyCount'];
export type ReportSchedule = Schemas['ReportSchedule'];

export const TABS = ['overview', 'agents', 'campaigns', 'flows', 'contacts'] as const;
export type Tab = (typeof TABS)[number];
export const isTab = (v: unknown): v is Tab => TABS.includes(v as Tab);

/** The report (and export) behind each tab. */
export const REPORT_OF: Record<Tab, 'conversations' | 'agents' | 'campaigns' | 'flows' | 'contacts'> = {
  overview: 'conversations',
  agents: 'agents',
  campaigns: 'campaigns',
  flows: 'flows',
  contacts: 'contacts',
};
export type ReportName = (typeof REPORT_OF)[Tab];

/** What each report answers. */
export interface Reports {
  conversations: ConversationReport;
  agents: AgentReport;
  campaigns: CampaignReport;
  flows: FlowReport;
  contacts: ContactReport;
}
