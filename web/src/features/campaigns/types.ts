//! Campaign shapes from the API contract (generated from openapi.json, from crates/services/src/campaigns/dto.rs) and
//! the closed lists the screens walk over (the schema types statuses as plain strings).
import type { components } from '../../api/generated/schema';

type Schemas = components['schemas'];

export type Campaign = Schemas['Campaign'];
export type CampaignSummary = Schemas['CampaignSummary'];
export type CampaignList = Schemas['CampaignList'];
export type CampaignInput = Schemas['CampaignInput'];
export type CampaignProgress = Schemas['CampaignProgress'];
export type CampaignCounts = Schemas['CampaignCounts'];
export type CampaignPreview = Schemas['CampaignPreview'];
export type CampaignIssue = Schemas['CampaignIssue'];
export type CampaignStats = Schemas['CampaignStats'];
export type CampaignRecipient = Schemas['CampaignRecipient'];
export type CampaignRecipientList = Schemas['CampaignRecipientList'];
export type Audience = Schemas['Audience'];
export type AudienceSummary = Schemas['AudienceSummary'];
export type CostEstimate = Schemas['CostEstimate'];
export type CostLine = Schemas['CostLine'];
export type CsvUploadResult = Schemas['CsvUploadResult'];
export type SlotMapping = Schemas['SlotMapping'];
/** A mapping as the wizard edits it: the API keys mappings by slot (`Campaign.variables`), the form lists them in the
 * template's order. */
export type VariableMapping = SlotMapping & { slot: string };
export type ScheduleInput = Schemas['ScheduleInput'];
export type TestSendInput = Schemas['TestSendInput'];
export type TestSendResult = Schemas['TestSendResult'];
export type Suppression = Schemas['Suppression'];
export type SuppressionList = Schemas['SuppressionList'];
export type AddSuppressionsInput = Schemas['AddSuppressionsInput'];
export type AddSuppressionsResult = Schemas['AddSuppressionsResult'];
export type FunnelStep = Schemas['FunnelStep'];
export type FailureCount = Schemas['FailureCount'];

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const isCampaignStatus = (v: unknown): v is CampaignStatus => CAMPAIGN_STATUSES.includes(v as CampaignStatus);

/** A recipient's states, in the order the recipients table offers them as filters. */
export const RECIPIENT_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'unknown'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];
export const isRecipientStatus = (v: unknown): v is RecipientStatus => RECIPIENT_STATUSES.includes(v as RecipientStatus);

/** The wizard's steps, in order; the API's checks name the same steps (`CampaignIssue.step`, the start's 422 fields). */
export const WIZARD_STEPS = ['name', 'number', 'template', 'variables', 'audience', 'schedule', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
export const isWizardStep = (v: unknown): v is WizardStep => WIZARD_STEPS.includes(v as WizardStep);

/** Where a variable's value comes from. */
export const VARIABLE_SOURCES = ['field', 'constant', 'csv'] as const;
export type VariableSource = (typeof VARIABLE_SOURCES)[number];

/** Contact columns a parameter may come from besides custom fields (crates/services/src/campaigns/checks.rs). */
export const CONTACT_COLUMNS = ['name', 'first_name', 'phone', 'email', 'company'] as const;
