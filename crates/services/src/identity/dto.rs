//! What sign-up, sign-in, sessions, passwords and API keys take and give.

pub use crate::identity::scopes::ApiScope;
use chrono::{DateTime, Utc};
use parley_domain::{Role, TenantStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterInput {
    #[schema(schema_with = crate::schema::text::<2, 100>)]
    pub business_name: String,
    #[schema(schema_with = crate::schema::text::<1, 100>)]
    pub name: String,
    #[schema(schema_with = crate::schema::email)]
    pub email: String,
    #[schema(schema_with = crate::schema::password)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginInput {
    #[schema(schema_with = crate::schema::email)]
    pub email: String,
    #[schema(min_length = 1)]
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
    #[schema(schema_with = crate::schema::email)]
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResetPasswordInput {
    pub token: String,
    #[schema(schema_with = crate::schema::password)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateMeInput {
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 100>)]
    pub name: Option<String>,
    #[serde(default)]
    #[schema(schema_with = locale_schema)]
    pub locale: Option<String>,
}

fn locale_schema() -> utoipa::openapi::schema::Object {
    crate::schema::opt_one_of(&parley_domain::Locale::CODES)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangePasswordInput {
    pub current_password: String,
    #[schema(schema_with = crate::schema::password)]
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
pub struct CreateApiKeyInput {
    #[schema(schema_with = crate::schema::text::<1, 80>)]
    pub name: String,
    /// What the key may touch; `x:write` includes `x:read`. At least one (checked after the caller's role, so
    /// someone who may not make keys is told that first).
    #[serde(default)]
    #[schema(required = true, min_items = 1)]
    pub scopes: Vec<ApiScope>,
    /// Days from now until the key stops working (answers 401 `invalid_api_key` afterwards; the answer's
    /// `expiresAt` says when); omitted or null: never. A lifetime rather than a date, so no valid request can name
    /// a moment already past.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 3650)]
    pub expires_in_days: Option<i32>,
    /// This key's own cap, below the plan's per-workspace rate; omitted or null: the plan's rate.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1_000_000)]
    pub requests_per_minute: Option<i32>,
}

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
    /// The workspace resells Parley to client workspaces (docs/agencies.md).
    pub is_agency: bool,
    /// The workspace is a client of this agency.
    pub agency_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MembershipSummary {
    pub tenant_id: Uuid,
    pub tenant_name: String,
    pub role: Role,
    /// A support entry of the person's agency: when it ends by itself.
    pub support_until: Option<DateTime<Utc>>,
}

/// The session acts in a client workspace through a support entry of the person's agency: audited, ending by itself
/// at `expiresAt` (the access token never outlives it).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupportAccess {
    pub agency_id: Uuid,
    pub agency_name: String,
    pub expires_at: DateTime<Utc>,
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
    /// The person signs in with a second factor.
    pub two_factor_enabled: bool,
    /// Two-factor sign-in is required here and not set up yet: this session reaches only the enrolment endpoints
    /// and /auth/me (others answer 403 `two_factor_enrolment_required`) until it is.
    #[serde(rename = "mustEnrol2fa")]
    pub must_enrol_2fa: bool,
    /// Set while the session acts through an agency's support entry.
    pub support: Option<SupportAccess>,
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
    pub scopes: Vec<ApiScope>,
    pub expires_at: Option<DateTime<Utc>>,
    pub requests_per_minute: Option<i32>,
    pub created_at: DateTime<Utc>,
    /// Recorded at most once a minute.
    pub last_used_at: Option<DateTime<Utc>>,
    pub last_used_ip: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiKey {
    pub api_key: ApiKey,
    /// The full key. Shown once; only its hash is stored.
    pub secret: String,
}

/// What `POST /auth/login` answers: a signed-in session, or (for someone with two-factor sign-in on a device it
/// does not remember) a challenge to complete with a code at `POST /auth/login/2fa`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum LoginOutcome {
    SignedIn(Box<AuthResponse>),
    TwoFactor(TwoFactorChallenge),
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorChallenge {
    /// Always true: no tokens yet, a code is owed.
    pub two_factor_required: bool,
    /// Short-lived (5 minutes), signed; send it back with the code.
    pub challenge: String,
    pub expires_in: u64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginTwoFactorInput {
    pub challenge: String,
    /// The 6-digit code of the authenticator app; or send `recoveryCode`.
    #[serde(default)]
    pub code: Option<String>,
    /// One of the ten one-time recovery codes.
    #[serde(default)]
    pub recovery_code: Option<String>,
    /// Skip the code on this browser for 30 days (an HttpOnly cookie).
    #[serde(default)]
    pub remember_device: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorStatus {
    pub enabled: bool,
    /// Unused recovery codes left (0 when two-factor is off).
    pub recovery_codes_left: i64,
    /// Whether this account must use two-factor sign-in (a platform admin, or the workspace's owner asks it).
    pub required: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorSetup {
    /// The shared secret in base32, for typing into an app that cannot scan.
    pub secret: String,
    pub otpauth_uri: String,
    /// The URI as a QR code (an SVG document).
    pub qr_svg: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TwoFactorCodeInput {
    /// A current 6-digit code of the authenticator app.
    pub code: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DisableTwoFactorInput {
    pub password: String,
    /// A current code of the authenticator app, or an unused recovery code.
    pub code: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodes {
    /// Ten one-time codes. Shown once; only their hashes are stored.
    pub recovery_codes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TwoFactorPolicy {
    /// Every member of the workspace must sign in with a second factor (members without one enrol at next sign-in).
    pub require_two_factor: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActiveSession {
    /// The session's id (to end it).
    pub id: Uuid,
    /// Browser and system, read from the user agent ("Firefox on Linux").
    pub device: String,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    /// The session this request was made with.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrustedDevice {
    pub id: Uuid,
    pub device: String,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionList {
    pub sessions: Vec<ActiveSession>,
    /// Browsers remembered for two-factor sign-in (they skip the code until they expire or are forgotten).
    pub trusted_devices: Vec<TrustedDevice>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DemoCode {
    pub email: String,
    /// The demo admin's current code (demo mode only).
    pub code: String,
}
