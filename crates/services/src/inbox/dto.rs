//! What conversations, messages, canned responses and inbox settings take and give.

use crate::crm::dto::LabelRef;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ConversationQuery {
    /// `me`, `unassigned`, `all` (default) or a member's user id.
    #[param(
        pattern = "^(me|unassigned|all|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$"
    )]
    pub assignee: Option<String>,
    /// Search the contact's name or phone.
    pub q: Option<String>,
    /// open, pending, snoozed, resolved, closed, or all (default).
    #[param(schema_with = status_filter_schema)]
    pub status: Option<String>,
    pub connection_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub label_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    /// The `nextCursor` of the previous page.
    #[param(schema_with = crate::cursor::at_schema)]
    pub cursor: Option<String>,
    /// 1-200, default 50.
    #[param(minimum = 1, maximum = 200)]
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

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartConversationInput {
    pub contact_id: Uuid,
    pub connection_id: Uuid,
}

/// The document states it as a `oneOf` on `status` (see its `PartialSchema`): `snoozedUntil` comes with `snoozed`
/// and only with it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateConversationInput {
    /// open, pending, snoozed, resolved or closed.
    pub status: String,
    /// Required with `snoozed`: when the conversation reopens by itself.
    #[serde(default)]
    pub snoozed_until: Option<DateTime<Utc>>,
}

impl utoipa::PartialSchema for UpdateConversationInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let others: Vec<&str> = STATUSES.iter().copied().filter(|s| *s != "snoozed").collect();
        let o = crate::schema::keywords(json!({
            "description": "The new status; `snoozed` needs `snoozedUntil`, when the conversation reopens by itself \
                (a time already past reopens it at the next sweep).",
            "oneOf": [
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["status", "snoozedUntil"],
                    "properties": {
                        "status": { "type": "string", "enum": ["snoozed"] },
                        "snoozedUntil": { "type": "string", "format": "date-time" }
                    }
                },
                {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["status"],
                    "properties": {
                        "status": { "type": "string", "enum": others },
                        "snoozedUntil": { "type": "null" }
                    }
                }
            ]
        }));
        utoipa::openapi::schema::Schema::Object(o).into()
    }
}

impl utoipa::ToSchema for UpdateConversationInput {}

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
    #[schema(schema_with = crate::schema::multiline::<1, 4096>)]
    pub text: String,
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
    /// The campaign this conversation was started or answered for (the inbox tags it).
    pub campaign_id: Option<Uuid>,
    pub campaign_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct MessageQuery {
    /// The `nextCursor` of the previous page.
    #[param(schema_with = crate::cursor::at_schema)]
    pub before: Option<String>,
    /// 1-100, default 50.
    #[param(minimum = 1, maximum = 100)]
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

/// One outbound message. `type` decides which other fields are used: the document states it as a `oneOf` on
/// `type` (see its `PartialSchema`), each kind with the fields it needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendMessageInput {
    /// text, image, video, audio, document, sticker, template, buttons, list, reaction or location (a QR number
    /// sends text, image, video, audio and document only).
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
    /// Sent by a chatbot flow: the run, and the flow's name (shown as the sender).
    pub flow_run_id: Option<Uuid>,
    pub flow_name: Option<String>,
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
    #[schema(schema_with = shortcut_schema)]
    pub shortcut: String,
    #[schema(schema_with = crate::schema::text::<1, 100>)]
    pub title: String,
    #[schema(schema_with = crate::schema::multiline::<1, 4096>)]
    pub content: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateCannedResponseInput {
    #[serde(default)]
    #[schema(schema_with = opt_shortcut_schema)]
    pub shortcut: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 100>)]
    pub title: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_multiline::<1, 4096>)]
    pub content: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BusinessHoursDay {
    /// 0 = Monday ... 6 = Sunday.
    #[schema(maximum = 6)]
    pub day: u8,
    /// `HH:MM`, in the workspace's time zone.
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub open: String,
    /// `HH:MM`; `24:00` for midnight. At or before `open` it is the next day's (open past midnight); equal to
    /// `open`, 24 hours from `open`.
    #[schema(pattern = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")]
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

/// The document states it as a `oneOf` on `awayMessageEnabled` (see its `PartialSchema`): an away message that is
/// on is not blank.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateInboxSettingsInput {
    pub timezone: String,
    pub business_hours_enabled: bool,
    pub business_hours: Vec<BusinessHoursDay>,
    pub away_message_enabled: bool,
    /// Required (not blank) when `awayMessageEnabled`.
    pub away_message: String,
    pub auto_assign: String,
    pub default_capacity: i32,
}

impl utoipa::PartialSchema for UpdateInboxSettingsInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let settings = |enabled: bool| {
            let mut away = json!({ "type": "string", "maxLength": 1024 });
            if enabled {
                away["pattern"] = json!(crate::schema::not_blank_pattern());
                away["description"] = json!("Sent while closed: not blank when the away message is on.");
            }
            json!({
                "type": "object",
                "additionalProperties": false,
                "required": [
                    "timezone", "businessHoursEnabled", "businessHours", "awayMessageEnabled", "awayMessage",
                    "autoAssign", "defaultCapacity"
                ],
                "properties": {
                    "timezone": crate::schema::timezone(),
                    "businessHoursEnabled": { "type": "boolean" },
                    "businessHours": { "type": "array", "items": { "$ref": "#/components/schemas/BusinessHoursDay" } },
                    "awayMessageEnabled": { "type": "boolean", "enum": [enabled] },
                    "awayMessage": away,
                    "autoAssign": { "type": "string", "enum": ["off", "round_robin", "least_busy"] },
                    "defaultCapacity": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 1000 }
                }
            })
        };
        let o = crate::schema::keywords(json!({ "oneOf": [settings(true), settings(false)] }));
        utoipa::openapi::schema::Schema::Object(o).into()
    }
}

impl utoipa::ToSchema for UpdateInboxSettingsInput {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        schemas.push((BusinessHoursDay::name().into(), <BusinessHoursDay as utoipa::PartialSchema>::schema()));
    }
}

/// A shortcut once trimmed: optional leading slashes, then 1 to 32 letters, digits, `_` or `-` (kept lower-case).
fn shortcut_schema() -> utoipa::openapi::schema::Object {
    crate::schema::trimmed_matching("/*[A-Za-z0-9_-]{1,32}", "1 to 32 letters, digits, _ or -; a leading / is dropped")
}

fn opt_shortcut_schema() -> utoipa::openapi::schema::Object {
    let mut o = shortcut_schema();
    o.schema_type = utoipa::openapi::schema::SchemaType::Array(vec![
        utoipa::openapi::schema::Type::String,
        utoipa::openapi::schema::Type::Null,
    ]);
    o
}

/// A conversation's statuses (`STATUSES` in the conversations service).
const STATUSES: [&str; 5] = ["open", "pending", "snoozed", "resolved", "closed"];

fn status_filter_schema() -> utoipa::openapi::schema::Object {
    let all: Vec<&str> = std::iter::once("all").chain(STATUSES).collect();
    crate::schema::one_of(&all)
}

/// The media kinds a message carries as an uploaded file (`mediaId`).
pub(crate) const MEDIA_KINDS: [&str; 5] = ["image", "video", "audio", "document", "sticker"];

impl utoipa::PartialSchema for SendMessageInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use crate::schema::text_json;
        let id = json!({ "type": "string", "format": "uuid" });
        let opt_id = json!({ "type": ["string", "null"], "format": "uuid" });
        let opt_text = json!({ "type": ["string", "null"] });
        let opt_number = json!({ "type": ["number", "null"] });
        let button = |strict: bool| {
            let (id, title) = if strict {
                (text_json(1, 256, false, false), text_json(1, 20, false, false))
            } else {
                (json!({ "type": "string" }), json!({ "type": "string" }))
            };
            json!({
                "type": "object", "additionalProperties": false, "required": ["id", "title"],
                "properties": { "id": id, "title": title }
            })
        };
        let row = json!({
            "type": "object", "additionalProperties": false, "required": ["id", "title"],
            "properties": { "id": { "type": "string" }, "title": { "type": "string" }, "description": opt_text }
        });
        let section = |rows: Value| {
            json!({
                "type": "object", "additionalProperties": false, "required": ["title", "rows"],
                "properties": { "title": { "type": "string" }, "rows": rows }
            })
        };
        let template = |components: Value| {
            json!({
                "type": "object", "additionalProperties": false, "required": ["name", "language"],
                "properties": {
                    "name": { "type": "string" },
                    "language": { "type": "string" },
                    "components": components
                }
            })
        };
        // Every field in the shape serde reads; each kind then tightens the ones it uses.
        let base = json!({
            "text": opt_text,
            "mediaId": opt_id,
            "caption": opt_text,
            "template": { "anyOf": [template(json!({})), { "type": "null" }] },
            "buttons": { "type": ["array", "null"], "items": button(false) },
            "listButton": opt_text,
            "sections": {
                "type": ["array", "null"],
                "items": section(json!({ "type": "array", "items": row }))
            },
            "header": opt_text,
            "footer": opt_text,
            "emoji": opt_text,
            "messageId": opt_id,
            "latitude": opt_number,
            "longitude": opt_number,
            "name": opt_text,
            "address": opt_text,
            "replyTo": opt_id,
        });
        let kind = |types: &[&str], required: &[&str], fields: Value| {
            let mut properties = base.as_object().cloned().unwrap_or_default();
            properties.insert("type".into(), json!({ "type": "string", "enum": types }));
            properties.extend(fields.as_object().cloned().unwrap_or_default());
            let required: Vec<&str> = std::iter::once("type").chain(required.iter().copied()).collect();
            json!({ "type": "object", "additionalProperties": false, "required": required, "properties": properties })
        };
        let o = crate::schema::keywords(json!({
            "description": "One outbound message; `type` decides which other fields it needs. A QR number sends \
                text, image, video, audio and document only (409 `qr_number_type` otherwise).",
            "oneOf": [
                kind(&["text"], &["text"], json!({ "text": text_json(1, 4096, true, false) })),
                kind(&MEDIA_KINDS, &["mediaId"], json!({ "mediaId": id, "caption": text_json(1, 1024, false, true) })),
                kind(&["template"], &["template"], json!({
                    "template": template(json!({
                        "type": ["array", "null"],
                        "description": "Header/body/button parameters, as in Meta's send API."
                    }))
                })),
                kind(&["buttons"], &["text", "buttons"], json!({
                    "text": text_json(1, 1024, false, false),
                    "buttons": { "type": "array", "items": button(true), "minItems": 1, "maxItems": 3 }
                })),
                kind(&["list"], &["text", "listButton", "sections"], json!({
                    "text": text_json(1, 4096, false, false),
                    "listButton": text_json(1, 20, false, false),
                    "sections": {
                        "type": "array",
                        "description": "1 to 10 rows in all",
                        "minItems": 1,
                        "maxItems": 10,
                        "items": section(json!({ "type": "array", "items": row, "minItems": 1, "maxItems": 10 }))
                    }
                })),
                kind(&["reaction"], &["messageId"], json!({
                    "messageId": id,
                    "emoji": { "type": ["string", "null"], "maxLength": 8, "description": "Empty removes the reaction" }
                })),
                kind(&["location"], &["latitude", "longitude"], json!({
                    "latitude": { "type": "number", "minimum": -90, "maximum": 90 },
                    "longitude": { "type": "number", "minimum": -180, "maximum": 180 }
                })),
            ]
        }));
        utoipa::openapi::schema::Schema::Object(o).into()
    }
}

impl utoipa::ToSchema for SendMessageInput {}
