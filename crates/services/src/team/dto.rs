//! What members, invitations, teams and presence take and give.

use crate::dto::page_type;
use chrono::{DateTime, Utc};
use parley_domain::{InvitationStatus, MemberStatus, Role};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateUserInput {
    #[schema(schema_with = email_schema)]
    pub email: String,
    #[schema(schema_with = crate::schema::text::<1, 100>)]
    pub name: String,
    #[schema(schema_with = role_schema)]
    pub role: String,
    #[schema(schema_with = password_schema)]
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateUserInput {
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 100>)]
    pub name: Option<String>,
    #[serde(default)]
    #[schema(schema_with = opt_role_schema)]
    pub role: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateUserStatusInput {
    #[schema(schema_with = member_status_schema)]
    pub status: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateInvitationInput {
    #[schema(schema_with = email_schema)]
    pub email: String,
    /// The owner is never invited: ownership is handed over by the owner.
    #[schema(schema_with = invite_role_schema)]
    pub role: String,
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
    /// Set for an agency's support entry (a visit, not a seat): when it ends by itself.
    pub support_until: Option<DateTime<Utc>>,
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

page_type!(MemberPage, Member);

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TeamSummary {
    pub members: u64,
    pub pending_invitations: u64,
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
    #[schema(schema_with = crate::schema::text::<1, 80>)]
    pub name: String,
    /// Blank means none.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 300>)]
    pub description: Option<String>,
    #[serde(default)]
    pub member_ids: Option<Vec<Uuid>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateTeamInput {
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 80>)]
    pub name: Option<String>,
    /// An empty string clears it.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 300>)]
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
    #[schema(minimum = 0, maximum = 1000)]
    pub capacity: Option<i32>,
}

fn role_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&["owner", "manager", "agent"])
}

fn opt_role_schema() -> utoipa::openapi::schema::Object {
    crate::schema::opt_one_of(&["owner", "manager", "agent"])
}

fn invite_role_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&["manager", "agent"])
}

fn member_status_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&["active", "disabled"])
}

fn email_schema() -> utoipa::openapi::schema::Object {
    crate::schema::email()
}

fn password_schema() -> utoipa::openapi::schema::Object {
    crate::schema::password()
}

/// The workspace's language: what its mails to people without an account (an invitation) are written in.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceLanguage {
    pub language: parley_domain::Locale,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetWorkspaceLanguageInput {
    #[schema(schema_with = language_schema)]
    pub language: String,
}

fn language_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&parley_domain::Locale::CODES)
}
