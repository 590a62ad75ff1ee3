//! What WhatsApp numbers, webhook events and templates take and give.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateConnectionInput {
    /// `cloud` (WhatsApp Cloud API) or `wasender` (QR session through WasenderAPI).
    #[schema(schema_with = kind_schema)]
    pub kind: String,
    #[schema(schema_with = crate::schema::text::<1, 80>)]
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
    #[schema(schema_with = crate::schema::opt_text::<8, 128>)]
    pub verify_token: Option<String>,
    /// QR session: the number to link, in international format.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Messages per second this number may send (1-1000, default 80).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000)]
    pub rate_per_second: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateConnectionInput {
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 80>)]
    pub name: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 2048>)]
    pub access_token: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 256>)]
    pub app_secret: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<8, 128>)]
    pub verify_token: Option<String>,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000)]
    pub rate_per_second: Option<i32>,
    /// Cloud numbers: the unique customers it may start conversations with per rolling 24 hours (Meta's messaging
    /// tier: 250, 2,000, 10,000, 100,000), null for unlimited. Campaigns check audiences against it. Meta's own
    /// figure replaces it when the connection test or the daily refresh reads one.
    #[serde(default, deserialize_with = "sent")]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 10_000_000)]
    pub messaging_limit: Option<Option<i32>>,
}

fn kind_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&["cloud", "wasender"])
}

/// Tells a field sent as null (`Some(None)`) from one left out (`None`).
fn sent<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
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
    /// Unique customers per rolling 24 hours it may start conversations with (null: unlimited).
    pub messaging_limit: Option<i32>,
    /// Meta's quality rating (GREEN, YELLOW, RED), when read.
    pub quality_rating: Option<String>,
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
