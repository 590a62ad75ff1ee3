//! What the privacy (GDPR) endpoints take and give.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Erasing cannot be undone: the caller types the contact's phone number (or its name when it has no number).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EraseContactInput {
    #[schema(min_length = 1, max_length = 200)]
    pub confirm: String,
}

/// What an erasure removed (figures only). `alreadyErased`: an earlier erasure did it, nothing changed.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EraseResult {
    pub contact_id: Uuid,
    pub erased_at: DateTime<Utc>,
    pub already_erased: bool,
    /// Messages whose content was removed (the rows stay, so analytics keep their counts).
    pub messages: i64,
    /// Files deleted from storage.
    pub media: i64,
    pub deals: i64,
    pub tickets: i64,
    /// Campaign recipients still waiting that were skipped.
    pub skipped_campaign_messages: i64,
}

/// The workspace's privacy settings.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrivacySettings {
    /// Messages' content and media older than this many days are deleted every hour; null keeps everything.
    pub retention_days: Option<i32>,
    /// When retention last ran for this workspace.
    pub retention_ran_at: Option<DateTime<Utc>>,
    pub min_retention_days: i32,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdatePrivacySettingsInput {
    /// Null (or absent) turns retention off; otherwise 30 to 3650 days.
    #[serde(default)]
    #[schema(minimum = 30, maximum = 3650)]
    pub retention_days: Option<i32>,
}

/// A ZIP of the whole workspace, built in the background.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceExport {
    pub id: Uuid,
    /// pending, running, ready or failed.
    pub status: String,
    pub size_bytes: Option<i64>,
    pub error: Option<String>,
    pub requested_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Where to download it (with the caller's token) once ready.
    pub download_url: Option<String>,
}

/// A file to download.
pub struct Download {
    pub filename: String,
    pub bytes: Vec<u8>,
}
