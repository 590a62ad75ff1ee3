//! What WhatsApp numbers, webhook events and templates take and give.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A number to connect; `kind` says which fields it needs, and no others are taken.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct CreateConnectionInput(pub ConnectionKindInput);

/// The document's `oneOf` on `kind`, each alternative closed (`additionalProperties: false`) as the server reads
/// it: utoipa leaves an enum's variants open even when the enum denies unknown fields.
impl utoipa::PartialSchema for CreateConnectionInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::RefOr;
        use utoipa::openapi::schema::{AdditionalProperties, Schema};
        let mut schema = <ConnectionKindInput as utoipa::PartialSchema>::schema();
        if let RefOr::T(Schema::OneOf(one)) = &mut schema {
            for item in &mut one.items {
                if let RefOr::T(Schema::Object(o)) = item {
                    o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
                }
            }
        }
        schema
    }
}

impl ToSchema for CreateConnectionInput {}

/// The fields of each kind of number.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum ConnectionKindInput {
    /// WhatsApp Cloud API: the ids and secrets from Meta's WhatsApp > API Setup page.
    #[serde(rename_all = "camelCase")]
    Cloud {
        #[schema(schema_with = crate::schema::text::<1, 80>)]
        name: String,
        #[schema(schema_with = meta_id)]
        phone_number_id: String,
        #[schema(schema_with = meta_id)]
        waba_id: String,
        #[schema(schema_with = crate::schema::text::<1, 2048>)]
        access_token: String,
        #[schema(schema_with = crate::schema::text::<1, 256>)]
        app_secret: String,
        /// Generated when not given.
        #[serde(default)]
        #[schema(schema_with = crate::schema::opt_text::<8, 128>)]
        verify_token: Option<String>,
        /// Messages per second this number may send (1-1000, default 80).
        #[serde(default)]
        #[schema(minimum = 1, maximum = 1000)]
        rate_per_second: Option<i32>,
    },
    /// A QR session through WasenderAPI.
    #[serde(rename_all = "camelCase")]
    Wasender {
        #[schema(schema_with = crate::schema::text::<1, 80>)]
        name: String,
        /// The number to link, in international format.
        #[schema(schema_with = phone_schema)]
        phone_number: String,
        /// Messages per second this number may send (1-1000, default 80).
        #[serde(default)]
        #[schema(minimum = 1, maximum = 1000)]
        rate_per_second: Option<i32>,
    },
}

/// A numeric id as Meta shows it (phone number id, WhatsApp Business Account id).
fn meta_id() -> utoipa::openapi::schema::Object {
    crate::schema::trimmed_matching("[0-9]{1,64}", "The numeric id Meta shows (1 to 64 digits)")
}

/// What `Phone::parse` takes: an optional `+`, then 8 to 15 digits not starting with 0, with the spaces, dashes,
/// dots and brackets people type.
fn phone_schema() -> utoipa::openapi::schema::Object {
    crate::schema::trimmed_matching(
        r"\+?[ \-.()]*[1-9](?:[ \-.()]*[0-9]){7,14}[ \-.()]*",
        "A phone number in international format, like +14155550123",
    )
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
    /// Lowercase letters, digits and underscores.
    #[schema(schema_with = template_name)]
    pub name: String,
    /// A language code as Meta takes it (`en`, `pt_BR`).
    #[schema(schema_with = crate::schema::text::<2, 15>)]
    pub language: String,
    #[schema(schema_with = template_category)]
    pub category: String,
    /// As in Meta's template creation API.
    #[schema(value_type = Vec<serde_json::Value>, min_items = 1)]
    pub components: serde_json::Value,
}

fn template_name() -> utoipa::openapi::schema::Object {
    crate::schema::trimmed_matching("[a-z0-9_]{1,512}", "1 to 512 lowercase letters, digits and underscores")
}

fn template_category() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&["MARKETING", "UTILITY", "AUTHENTICATION"])
}
