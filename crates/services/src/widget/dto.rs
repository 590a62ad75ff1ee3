//! What the widget's settings API and its public (visitor) API take and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Whether the pre-chat form asks for a value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    #[default]
    Off,
    Optional,
    Required,
}

/// The pre-chat form: each value off, optional or required, and the consent checkbox's text per language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Prechat {
    pub name: Ask,
    pub email: Ask,
    pub phone: Ask,
    pub consent: Ask,
    /// Language code (en es fr de pt ar hi zh ja ru) → text.
    #[schema(schema_with = crate::schema::language_texts)]
    pub consent_text: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Widget {
    pub id: Uuid,
    /// The public id the snippet carries.
    pub key: String,
    pub name: String,
    /// Host names the widget may be embedded on (`shop.example.com`, `*.example.com` for subdomains).
    pub allowed_domains: Vec<String>,
    /// `#rrggbb`; null: the brand's primary colour.
    pub color: Option<String>,
    /// `right` or `left`.
    pub position: String,
    /// Language code → text.
    pub greeting: BTreeMap<String, String>,
    pub away_text: BTreeMap<String, String>,
    pub prechat: Prechat,
    /// The team new conversations go to.
    pub team_id: Option<Uuid>,
    /// "Continue on WhatsApp": a WhatsApp number of the workspace and the prefilled text.
    pub whatsapp_connection_id: Option<Uuid>,
    pub whatsapp_text: Option<String>,
    pub enabled: bool,
    /// The widget's own channel: its conversations are on this connection.
    pub channel_id: Uuid,
    /// The one `<script>` tag to paste into the site.
    pub snippet: String,
    /// The HMAC key of `Parley.identify`, only in the answer that made it (creation or rotation).
    pub identity_secret: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateWidgetInput {
    #[schema(schema_with = crate::schema::text::<1, 100>)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = crate::schema::domain_list)]
    pub allowed_domains: Vec<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_colour)]
    pub color: Option<String>,
    #[serde(default)]
    #[schema(schema_with = position_schema)]
    pub position: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::language_texts)]
    pub greeting: BTreeMap<String, String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::language_texts)]
    pub away_text: BTreeMap<String, String>,
    #[serde(default)]
    pub prechat: Prechat,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_uuid)]
    pub team_id: Option<Uuid>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_uuid)]
    pub whatsapp_connection_id: Option<Uuid>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 500>)]
    pub whatsapp_text: Option<String>,
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// Fields left out stay as they are; nullable ones sent as null are cleared.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateWidgetInput {
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 100>)]
    pub name: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_domain_list)]
    pub allowed_domains: Option<Vec<String>>,
    #[serde(default, deserialize_with = "sent")]
    #[schema(schema_with = crate::schema::opt_colour)]
    pub color: Option<Option<String>>,
    #[serde(default)]
    #[schema(schema_with = position_schema)]
    pub position: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_language_texts)]
    pub greeting: Option<BTreeMap<String, String>>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_language_texts)]
    pub away_text: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub prechat: Option<Prechat>,
    #[serde(default, deserialize_with = "sent")]
    #[schema(schema_with = crate::schema::opt_uuid)]
    pub team_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "sent")]
    #[schema(schema_with = crate::schema::opt_uuid)]
    pub whatsapp_connection_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "sent")]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 500>)]
    pub whatsapp_text: Option<Option<String>>,
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// Tells a field sent as null (`Some(None)`) from one left out (`None`).
fn sent<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentitySecret {
    /// Shown once: keep it on the site's server, never in the page.
    pub secret: String,
}

// ---- the public API (the script's) ----

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConfigQuery {
    /// A language code; texts fall back to the widget's first language.
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicPrechat {
    pub name: Ask,
    pub email: Ask,
    pub phone: Ask,
    pub consent: Ask,
    pub consent_text: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WhatsappLink {
    /// Digits only, as `wa.me` takes them.
    pub number: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WidgetBrand {
    pub product_name: String,
    pub logo_url: Option<String>,
    pub powered_by: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WidgetConfig {
    pub widget_id: Uuid,
    pub name: String,
    pub color: String,
    pub position: String,
    pub greeting: Option<String>,
    pub away_text: Option<String>,
    /// Inside the inbox's business hours, with at least one agent available.
    pub online: bool,
    pub prechat: PublicPrechat,
    pub whatsapp: Option<WhatsappLink>,
    pub brand: WidgetBrand,
    /// The languages the widget has texts in.
    pub languages: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Utm {
    pub source: Option<String>,
    pub medium: Option<String>,
    pub campaign: Option<String>,
}

/// Where the visitor is, as the script sees it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct VisitorContextInput {
    pub url: Option<String>,
    pub title: Option<String>,
    pub referrer: Option<String>,
    pub utm: Utm,
    pub language: Option<String>,
    pub time_zone: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct NewVisitorInput {
    pub context: VisitorContextInput,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewVisitor {
    pub visitor_id: Uuid,
    pub r#ref: String,
    /// Keep it in `localStorage`; send it as `X-Visitor-Token`.
    pub token: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicVisitor {
    pub id: Uuid,
    pub r#ref: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub identified: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicMedia {
    pub id: Uuid,
    pub mime: Option<String>,
    pub filename: Option<String>,
    pub size: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicButton {
    pub id: String,
    pub title: String,
}

/// A message as the visitor sees it. `text` is text: the script never renders it as HTML.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicMessage {
    pub id: Uuid,
    pub client_id: Option<Uuid>,
    /// `visitor`, `agent` or `bot`.
    pub from: String,
    pub author_name: Option<String>,
    /// `text`, `image`, `document` or `interactive`.
    #[serde(rename = "type")]
    pub kind: String,
    pub text: Option<String>,
    pub media: Option<PublicMedia>,
    pub buttons: Option<Vec<PublicButton>>,
    /// `sent`, `delivered`, `read` or `failed`.
    pub status: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WidgetSession {
    pub visitor: PublicVisitor,
    pub conversation_id: Option<Uuid>,
    /// The last 100, oldest first.
    pub messages: Vec<PublicMessage>,
    pub agents_typing: bool,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// A message id: older ones are answered.
    pub before: Option<Uuid>,
    /// 1 to 100 (default 50).
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicMessagePage {
    /// Oldest first.
    pub items: Vec<PublicMessage>,
    pub has_more: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VisitorMessageInput {
    /// Made by the script: sending the same one twice stores one message.
    pub client_id: Uuid,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_uuid)]
    pub media_id: Option<Uuid>,
    /// A click on a button of an agent's or bot's message.
    #[serde(default)]
    pub reply: Option<PublicButton>,
}

/// The message and whether this call stored it (false: the `clientId` was already stored).
#[derive(Debug, Clone)]
pub struct Sent {
    pub message: PublicMessage,
    pub created: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub media_id: Uuid,
    pub mime: String,
    pub filename: Option<String>,
    pub size: i64,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MediaQuery {
    /// The visitor token (an `<img src>` cannot send headers).
    pub token: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct PrechatInput {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct IdentifyInput {
    pub email: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    /// Hex HMAC-SHA256 of the email (else the phone) with the widget's identity secret, made on the site's server.
    pub hash: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PageInput {
    pub url: String,
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReadInput {
    pub up_to: Uuid,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveredInput {
    pub message_ids: Vec<Uuid>,
}

// ---- agents ----

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VisitorPage {
    pub url: String,
    pub title: Option<String>,
    pub at: Option<String>,
}

/// A widget conversation's visitor, for the inbox's side panel.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationVisitor {
    pub id: Uuid,
    pub r#ref: String,
    pub widget_id: Uuid,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// url, title, referrer, utm {source, medium, campaign}, browser, language, timeZone, country.
    #[schema(value_type = Object)]
    pub context: serde_json::Value,
    /// This visitor's last 50 pages, oldest first.
    pub pages: Vec<VisitorPage>,
    pub identified: bool,
    pub contact_id: Option<Uuid>,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

/// Where the button sits: `right` or `left` (or null: unchanged, or right for a new widget).
fn position_schema() -> utoipa::openapi::schema::Object {
    crate::schema::opt_one_of(&["right", "left"])
}
