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
    crate::schema::opt_one_of(&["en", "ar"])
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
