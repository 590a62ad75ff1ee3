//! The shapes use cases take and give, as they appear in the API (camelCase JSON, OpenAPI schemas).
//! Inputs hold raw strings: the services validate them and report every bad field at once.

use chrono::{DateTime, Utc};
use parley_domain::{InvitationStatus, MemberStatus, Role, TenantStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

// ---- inputs ----

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterInput {
    pub business_name: String,
    pub name: String,
    pub email: String,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub tenant_id: Option<Uuid>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefreshInput {
    #[serde(default)]
    pub refresh_token: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForgotPasswordInput {
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResetPasswordInput {
    pub token: String,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateMeInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub locale: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangePasswordInput {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SwitchTenantInput {
    pub tenant_id: Uuid,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AcceptInvitationInput {
    #[serde(default)]
    pub name: Option<String>,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateUserInput {
    pub email: String,
    pub name: String,
    pub role: String,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateUserInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateUserStatusInput {
    pub status: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateInvitationInput {
    pub email: String,
    pub role: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateApiKeyInput {
    pub name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdminUpdateTenantInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PageOnlyQuery {
    /// 1-based page number.
    pub page: Option<u64>,
    /// Items per page (1-100, default 20).
    pub per_page: Option<u64>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page number.
    pub page: Option<u64>,
    /// Items per page (1-100, default 20).
    pub per_page: Option<u64>,
    /// Search text.
    pub q: Option<String>,
}

// ---- outputs ----

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub locale: String,
    pub is_platform_admin: bool,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub status: TenantStatus,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MembershipSummary {
    pub tenant_id: Uuid,
    pub tenant_name: String,
    pub role: Role,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub user: User,
    /// Null for a platform admin outside any tenant.
    #[schema(required = true)]
    pub tenant: Option<Tenant>,
    #[schema(required = true)]
    pub role: Option<Role>,
    pub memberships: Vec<MembershipSummary>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuthResponse {
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    pub session: Session,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub status: MemberStatus,
    pub joined_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub status: InvitationStatus,
    pub invited_by_name: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// Only in the answer that created (or re-sent) the invitation.
    pub accept_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvitationPreview {
    pub tenant_name: String,
    pub email: String,
    pub role: Role,
    pub existing_user: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiKey {
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiKey {
    pub api_key: ApiKey,
    /// The full key. Shown once; only its hash is stored.
    pub secret: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: Uuid,
    pub action: String,
    pub actor_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub metadata: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AdminTenant {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub status: TenantStatus,
    pub created_at: DateTime<Utc>,
    pub member_count: i64,
    pub owner_email: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlatformStats {
    pub tenants: i64,
    pub active_tenants: i64,
    pub users: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Mail {
    pub id: Uuid,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicConfig {
    pub demo: bool,
    pub dev_mailbox: bool,
    pub signup_enabled: bool,
    pub version: String,
}

/// One page of a list. Concrete types per item, so the OpenAPI schemas get plain names.
macro_rules! page_type {
    ($name:ident, $item:ty) => {
        #[derive(Debug, Clone, Serialize, ToSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            pub items: Vec<$item>,
            pub total: u64,
            pub page: u64,
            pub per_page: u64,
        }
    };
}

page_type!(MemberPage, Member);
page_type!(AuditPage, AuditEntry);
page_type!(AdminTenantPage, AdminTenant);

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TeamSummary {
    pub members: u64,
    pub pending_invitations: u64,
}

// ---- WhatsApp channel ----

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateConnectionInput {
    /// `cloud` (WhatsApp Cloud API) or `wasender` (QR session through WasenderAPI).
    pub kind: String,
    pub name: String,
    /// Cloud API: from Meta's WhatsApp > API Setup page.
    #[serde(default)]
    pub phone_number_id: Option<String>,
    #[serde(default)]
    pub waba_id: Option<String>,
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub app_secret: Option<String>,
    /// Generated when not given.
    #[serde(default)]
    pub verify_token: Option<String>,
    /// QR session: the number to link, in international format.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Messages per second this number may send (1-1000, default 80).
    #[serde(default)]
    pub rate_per_second: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateConnectionInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub app_secret: Option<String>,
    #[serde(default)]
    pub verify_token: Option<String>,
    #[serde(default)]
    pub rate_per_second: Option<i32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub id: Uuid,
    /// `cloud` or `wasender`.
    pub kind: String,
    pub name: String,
    /// `pending`, `connected`, `disconnected`, `need_scan` or `needs_attention`.
    pub status: String,
    pub phone_number_id: Option<String>,
    pub waba_id: Option<String>,
    pub display_phone_number: Option<String>,
    pub verified_name: Option<String>,
    /// Paste into Meta's webhook settings (Cloud API); set automatically for QR sessions.
    pub webhook_url: String,
    pub verify_token: String,
    /// The QR code to scan while `need_scan` (raw QR text, render it as a QR image).
    pub qr_code: Option<String>,
    /// Connected to the built-in simulator (demo mode).
    pub simulated: bool,
    pub rate_per_second: i32,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    pub ok: bool,
    pub display_phone_number: Option<String>,
    pub verified_name: Option<String>,
    pub quality_rating: Option<String>,
    /// Why the test failed, as the WhatsApp API said it.
    pub error: Option<String>,
    pub connection: Connection,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEventSummary {
    pub id: Uuid,
    pub provider: String,
    /// `received`, `processing`, `processed` or `failed`.
    pub status: String,
    pub attempts: i32,
    /// What could not be used inside the event (unknown types, missing fields, errors Meta reported).
    pub problems: serde_json::Value,
    pub size_bytes: i32,
    pub received_at: DateTime<Utc>,
    pub processed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub id: Uuid,
    pub connection_id: Uuid,
    pub wa_template_id: Option<String>,
    pub name: String,
    pub language: String,
    pub category: Option<String>,
    /// APPROVED, PENDING, REJECTED, PAUSED, DISABLED ...
    pub status: String,
    pub components: serde_json::Value,
    pub rejected_reason: Option<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTemplateInput {
    pub name: String,
    pub language: String,
    /// MARKETING, UTILITY or AUTHENTICATION.
    pub category: String,
    /// As in Meta's template creation API.
    pub components: serde_json::Value,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateContactInput {
    pub phone: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateContactInput {
    #[serde(default)]
    pub name: Option<String>,
    /// An empty string clears it.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub attributes: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: Uuid,
    /// E.164, or null when WhatsApp shared only a user id.
    pub phone: Option<String>,
    pub wa_user_id: Option<String>,
    pub name: Option<String>,
    /// The name the customer set in WhatsApp.
    pub profile_name: Option<String>,
    pub email: Option<String>,
    pub attributes: serde_json::Value,
    pub labels: Vec<LabelRef>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ConversationQuery {
    /// `me`, `unassigned`, `all` (default) or a member's user id.
    pub assignee: Option<String>,
    /// Search the contact's name or phone.
    pub q: Option<String>,
    /// open, pending, snoozed, resolved, closed, or all (default).
    pub status: Option<String>,
    pub connection_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub label_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    /// The `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// 1-200, default 50.
    pub limit: Option<u64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationList {
    /// Latest activity first.
    pub items: Vec<Conversation>,
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
    /// How many match the filters in all.
    pub total: u64,
}

/// Conversations still being worked on (not resolved or closed), per inbox tab.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InboxCounts {
    pub mine: i64,
    pub unassigned: i64,
    pub all: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LabelRef {
    pub id: Uuid,
    pub name: String,
    pub color: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartConversationInput {
    pub contact_id: Uuid,
    pub connection_id: Uuid,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateConversationInput {
    /// open, pending, snoozed, resolved or closed.
    pub status: String,
    /// Required with `snoozed`: when the conversation reopens by itself.
    #[serde(default)]
    pub snoozed_until: Option<DateTime<Utc>>,
}

/// Omitted fields stay as they are; null clears.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignInput {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    pub assignee_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    pub team_id: Option<Option<Uuid>>,
}

/// Tells a field sent as null (`Some(None)`) from one left out (`None`).
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NoteInput {
    pub text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetLabelsInput {
    pub label_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub connection_id: Uuid,
    pub status: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub connection_name: String,
    pub last_inbound_at: Option<DateTime<Utc>>,
    pub last_message_at: Option<DateTime<Utc>>,
    pub last_message_preview: Option<String>,
    pub unread_count: i32,
    /// Free-form messages may be sent until then (24 hours after the customer's last message);
    /// afterwards only templates. Null: the customer never wrote.
    pub window_expires_at: Option<DateTime<Utc>>,
    pub window_open: bool,
    /// `cloud` or `wasender` (QR numbers have no 24-hour window).
    pub connection_kind: String,
    pub assignee_id: Option<Uuid>,
    pub assignee_name: Option<String>,
    pub team_id: Option<Uuid>,
    pub team_name: Option<String>,
    pub snoozed_until: Option<DateTime<Utc>>,
    pub labels: Vec<LabelRef>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct MessageQuery {
    /// The `nextCursor` of the previous page.
    pub before: Option<String>,
    /// 1-100, default 50.
    pub limit: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ButtonInput {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListRowInput {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListSectionInput {
    pub title: String,
    pub rows: Vec<ListRowInput>,
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateRef {
    pub name: String,
    pub language: String,
    /// Header/body/button parameters, as in Meta's send API.
    #[serde(default)]
    pub components: Option<serde_json::Value>,
}

/// One outbound message. `type` decides which other fields are used.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendMessageInput {
    /// text, image, video, audio, document, sticker, template, buttons, list, reaction or location.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub text: Option<String>,
    /// An uploaded file (POST /media) for image, video, audio, document, sticker.
    #[serde(default)]
    pub media_id: Option<Uuid>,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub template: Option<TemplateRef>,
    #[serde(default)]
    pub buttons: Option<Vec<ButtonInput>>,
    /// The list's button label.
    #[serde(default)]
    pub list_button: Option<String>,
    #[serde(default)]
    pub sections: Option<Vec<ListSectionInput>>,
    #[serde(default)]
    pub header: Option<String>,
    #[serde(default)]
    pub footer: Option<String>,
    /// Reaction: the emoji (empty removes it) and the message reacted to.
    #[serde(default)]
    pub emoji: Option<String>,
    #[serde(default)]
    pub message_id: Option<Uuid>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    /// Quote an earlier message of the conversation.
    #[serde(default)]
    pub reply_to: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Media {
    pub id: Uuid,
    /// `pending` (being downloaded), `stored` or `failed`.
    pub status: String,
    pub mime_type: Option<String>,
    pub filename: Option<String>,
    pub size_bytes: Option<i64>,
    pub error: Option<String>,
    /// Where the file can be fetched (authenticated like the rest of the API).
    pub url: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: Uuid,
    pub conversation_id: Uuid,
    /// `inbound`, `outbound`, or `note` (internal, never sent to WhatsApp).
    pub direction: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Type-specific content: `text`, `caption`, `template`, `emoji`, `latitude` ...
    pub content: serde_json::Value,
    pub media: Option<Media>,
    /// received, queued, sending, sent, delivered, read or failed.
    pub status: String,
    /// Why sending failed (or why the last attempt failed while it is retried): `{code, reason}`.
    pub error: Option<serde_json::Value>,
    pub wa_message_id: Option<String>,
    pub sender_user_id: Option<Uuid>,
    /// The member who wrote it (outbound messages and notes).
    pub sender_name: Option<String>,
    pub reply_to_wa_id: Option<String>,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub read_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessagePage {
    /// Newest first.
    pub items: Vec<Message>,
    /// Pass as `before` for older messages; null at the start of the conversation.
    pub next_cursor: Option<String>,
}

page_type!(ContactPage, Contact);

// ---- the team inbox: labels, canned responses, teams, agents, settings ----

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Label {
    pub id: Uuid,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateLabelInput {
    pub name: String,
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateLabelInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub color: Option<String>,
    /// An empty string clears it.
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CannedResponse {
    pub id: Uuid,
    /// Typed after `/` in the composer.
    pub shortcut: String,
    pub title: String,
    /// May hold {{contact.name}}, {{contact.phone}}, {{contact.email}}, {{agent.name}}, {{business.name}}.
    pub content: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CannedQuery {
    /// Search shortcut, title and content.
    pub q: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCannedResponseInput {
    pub shortcut: String,
    pub title: String,
    pub content: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCannedResponseInput {
    #[serde(default)]
    pub shortcut: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub content: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub member_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTeamInput {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub member_ids: Option<Vec<Uuid>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateTeamInput {
    #[serde(default)]
    pub name: Option<String>,
    /// An empty string clears it.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub member_ids: Option<Vec<Uuid>>,
}

/// The availability a member chose; auto-assignment only picks members who are online (and connected).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    Online,
    Away,
    Busy,
    Offline,
}

impl AgentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Away => "away",
            Self::Busy => "busy",
            Self::Offline => "offline",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Online, Self::Away, Self::Busy, Self::Offline].into_iter().find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// The availability the member chose.
    pub status: AgentStatus,
    /// Has a live connection to the inbox right now.
    pub online: bool,
    /// Most open conversations auto-assignment gives them; null: the workspace default.
    pub capacity: Option<i32>,
    pub open_conversations: i64,
    pub last_seen_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateMyStatusInput {
    pub status: AgentStatus,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateAgentInput {
    /// 0-1000; null: the workspace default.
    pub capacity: Option<i32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BusinessHoursDay {
    /// 0 = Monday ... 6 = Sunday.
    pub day: u8,
    /// `HH:MM`, in the workspace's time zone.
    pub open: String,
    /// `HH:MM`; `24:00` for midnight.
    pub close: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InboxSettings {
    /// An IANA time zone, e.g. `Europe/Paris`.
    pub timezone: String,
    pub business_hours_enabled: bool,
    pub business_hours: Vec<BusinessHoursDay>,
    pub away_message_enabled: bool,
    pub away_message: String,
    /// off, round_robin or least_busy.
    pub auto_assign: String,
    pub default_capacity: i32,
    /// Within business hours right now (always true when business hours are off).
    pub open_now: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateInboxSettingsInput {
    pub timezone: String,
    pub business_hours_enabled: bool,
    pub business_hours: Vec<BusinessHoursDay>,
    pub away_message_enabled: bool,
    pub away_message: String,
    pub auto_assign: String,
    pub default_capacity: i32,
}
