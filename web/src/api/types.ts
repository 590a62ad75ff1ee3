//! Named shapes from the API contract (docs/api.md), taken from the generated OpenAPI types.
import type { components, paths } from './generated/schema';

type Schemas = components['schemas'];

export type AuthResponse = Schemas['AuthResponse'];
export type Session = Schemas['Session'];
export type User = Schemas['User'];
export type Tenant = Schemas['Tenant'];
export type Member = Schemas['Member'];
export type Invitation = Schemas['Invitation'];
export type InvitationPreview = Schemas['InvitationPreview'];
export type ApiKey = Schemas['ApiKey'];
export type AuditEntry = Schemas['AuditEntry'];
export type AdminTenant = Schemas['AdminTenant'];
export type ErrorBody = Schemas['ErrorBody'];
export type Connection = Schemas['Connection'];
export type ConnectionTest = Schemas['ConnectionTest'];
export type CreateConnectionInput = Schemas['CreateConnectionInput'];
export type UpdateConnectionInput = Schemas['UpdateConnectionInput'];
export type Template = Schemas['Template'];
export type CreateTemplateInput = Schemas['CreateTemplateInput'];
export type WebhookEvent = Schemas['WebhookEventSummary'];
export type Conversation = Schemas['Conversation'];
export type ConversationList = Schemas['ConversationList'];
export type InboxCounts = Schemas['InboxCounts'];
export type Contact = Schemas['Contact'];
export type Label = Schemas['Label'];
export type LabelRef = Schemas['LabelRef'];
export type CannedResponse = Schemas['CannedResponse'];
export type Team = Schemas['Team'];
export type Agent = Schemas['Agent'];
export type InboxSettings = Schemas['InboxSettings'];
export type BusinessHoursDay = Schemas['BusinessHoursDay'];
export type AssignInput = Schemas['AssignInput'];
export type CreateLabelInput = Schemas['CreateLabelInput'];
export type UpdateLabelInput = Schemas['UpdateLabelInput'];
export type CreateCannedResponseInput = Schemas['CreateCannedResponseInput'];
export type UpdateCannedResponseInput = Schemas['UpdateCannedResponseInput'];
export type CreateTeamInput = Schemas['CreateTeamInput'];
export type UpdateTeamInput = Schemas['UpdateTeamInput'];
export type UpdateInboxSettingsInput = Schemas['UpdateInboxSettingsInput'];
export type Message = Schemas['Message'];
export type MessagePage = Schemas['MessagePage'];
export type Media = Schemas['Media'];
export type SendMessageInput = Schemas['SendMessageInput'];

// CRM (docs/crm.md): contacts, custom fields, segments, import, consent.
export type ContactList = Schemas['ContactList'];
export type ConsentState = Schemas['ConsentState'];
export type CreateContactInput = Schemas['CreateContactInput'];
export type UpdateContactInput = Schemas['UpdateContactInput'];
export type SetConsentInput = Schemas['SetConsentInput'];
export type SetLabelsInput = Schemas['SetLabelsInput'];
export type MergeContactsInput = Schemas['MergeContactsInput'];
export type TimelineEntry = Schemas['TimelineEntry'];
export type CountResult = Schemas['CountResult'];
export type BulkContactsInput = Schemas['BulkContactsInput'];
export type BulkSelection = Schemas['BulkSelection'];
export type BulkResult = Schemas['BulkResult'];
export type ConsentSettings = Schemas['ConsentSettings'];
export type ContactField = Schemas['ContactField'];
export type CreateContactFieldInput = Schemas['CreateContactFieldInput'];
export type UpdateContactFieldInput = Schemas['UpdateContactFieldInput'];
export type Criteria = Schemas['Criteria'];
export type CriteriaNode = Schemas['CriteriaNode'];
export type Condition = Schemas['Condition'];
export type Segment = Schemas['Segment'];
export type CreateSegmentInput = Schemas['CreateSegmentInput'];
export type UpdateSegmentInput = Schemas['UpdateSegmentInput'];
export type ContactImport = Schemas['Import'];
export type StartImportInput = Schemas['StartImportInput'];
export type ImportConsentInput = Schemas['ImportConsentInput'];
export type ImportProgress = Schemas['ImportProgress'];

// Sales (docs/crm.md): pipelines, deals, tickets, the CRM dashboard.
export type Stage = Schemas['Stage'];
export type StageInput = Schemas['StageInput'];
export type Pipeline = Schemas['Pipeline'];
export type CreatePipelineInput = Schemas['CreatePipelineInput'];
export type UpdatePipelineInput = Schemas['UpdatePipelineInput'];
export type Deal = Schemas['Deal'];
export type DealPage = Schemas['DealPage'];
export type CreateDealInput = Schemas['CreateDealInput'];
export type UpdateDealInput = Schemas['UpdateDealInput'];
export type MoveDealInput = Schemas['MoveDealInput'];
export type Board = Schemas['Board'];
export type BoardColumn = Schemas['BoardColumn'];
export type Amount = Schemas['Amount'];
export type Ticket = Schemas['Ticket'];
export type TicketPage = Schemas['TicketPage'];
export type CreateTicketInput = Schemas['CreateTicketInput'];
export type UpdateTicketInput = Schemas['UpdateTicketInput'];
export type TicketComment = Schemas['TicketComment'];
export type CreateTicketCommentInput = Schemas['CreateTicketCommentInput'];
export type SetTicketConversationsInput = Schemas['SetTicketConversationsInput'];
export type CrmDashboard = Schemas['CrmDashboard'];
export type StageDeals = Schemas['StageDeals'];
export type DealTotals = Schemas['DealTotals'];

export type Role = NonNullable<Session['role']>;
export type Membership = Session['memberships'][number];

/** The JSON body of a path's successful GET answer (200). */
export type GetOk<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer T } } } };
}
  ? T
  : never;

export type Config = GetOk<'/api/v1/config'>;
export type Mail = GetOk<'/api/v1/dev/mailbox'>[number];
export type AdminStats = GetOk<'/api/v1/admin/stats'>;
export type MemberPage = GetOk<'/api/v1/users'>;
export type AuditPage = GetOk<'/api/v1/audit-logs'>;
export type AdminTenantPage = GetOk<'/api/v1/admin/tenants'>;

// Values the document lists (enums): what the forms send is narrowed to them where it leaves the form.
export type Locale = NonNullable<Schemas['UpdateMeInput']['locale']>;
export type BillingCycle = Schemas['PlanPrice']['cycle'];
export type VariableSource = Schemas['SlotMapping']['source'];
export type WebhookEventKind = Schemas['CreateWebhookInput']['events'][number];
export type TimeZone = Schemas['UpdateInboxSettingsInput']['timezone'];
export type ConversationStatusFilter = NonNullable<paths['/api/v1/conversations']['get']['parameters']['query']>['status'];
export type FlowRunStatus = NonNullable<paths['/api/v1/flows/{id}/executions']['get']['parameters']['query']>['status'];

// Two-factor sign-in and sessions (docs/security.md, "Authentication").
export type LoginOutcome = Schemas['LoginOutcome'];
export type TwoFactorChallenge = Schemas['TwoFactorChallenge'];
export type TwoFactorSetup = Schemas['TwoFactorSetup'];
export type TwoFactorStatus = Schemas['TwoFactorStatus'];
export type ActiveSession = Schemas['ActiveSession'];
export type TrustedDevice = Schemas['TrustedDevice'];
export type SessionList = Schemas['SessionList'];
