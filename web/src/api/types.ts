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
