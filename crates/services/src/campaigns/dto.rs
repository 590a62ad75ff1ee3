//! What campaigns, their recipients, checks, estimates and the suppression list take and give.

use crate::dto::cursor_page_type;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

/// How one template parameter is filled for each recipient, as stored: the API keys these by slot
/// (`variables: {"body.1": {...}}`, see `by_slot`), so a slot cannot be mapped twice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VariableMapping {
    /// `body.1`, `header.1`, or `button.<index>.1` (a URL button's dynamic suffix).
    pub slot: String,
    /// field (a contact field: name, first_name, phone, email, company or a custom field's key), constant, or csv
    /// (a column of the uploaded CSV).
    pub source: String,
    /// Required (1 character or more) unless the source is `constant`.
    pub value: String,
    /// Used when the recipient's value is empty; without one, such recipients are skipped, never sent an empty
    /// parameter.
    #[serde(default)]
    pub fallback: Option<String>,
}

/// A `VariableMapping` as the API gives it, under its slot's key. The document states it as a `oneOf` on
/// `source` (see its `PartialSchema`): a `field` or `csv` value names something, so it is not blank; a constant
/// may be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SlotMapping {
    pub source: String,
    pub value: String,
    #[serde(default)]
    pub fallback: Option<String>,
}

impl utoipa::PartialSchema for SlotMapping {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use crate::schema::text_json;
        let mapping = |sources: &[&str], min_value: usize, about: &str| {
            serde_json::json!({
                "type": "object",
                "additionalProperties": false,
                "required": ["source", "value"],
                "properties": {
                    "source": { "type": "string", "enum": sources, "description": about },
                    "value": text_json(min_value, 1024, false, false),
                    "fallback": text_json(0, 1024, false, true)
                }
            })
        };
        let o = crate::schema::keywords(serde_json::json!({
            "description": "How one template parameter is filled for each recipient. `fallback` is used when the \
                recipient's value is empty; without one, such recipients are skipped, never sent an empty parameter.",
            "oneOf": [
                mapping(
                    &["field", "csv"],
                    1,
                    "field (a contact field: name, first_name, phone, email, company or a custom field's key) or csv \
                     (a column of the uploaded CSV): `value` names it"
                ),
                mapping(&["constant"], 0, "constant: `value` is sent as it is"),
            ]
        }));
        utoipa::openapi::schema::Schema::Object(o).into()
    }
}

impl utoipa::ToSchema for SlotMapping {}

/// The API's form of a campaign's mappings: an object keyed by slot, kept in the slots' order. Stored (and used
/// everywhere past the API) as a list of `VariableMapping`.
pub(crate) mod by_slot {
    use super::{SlotMapping, VariableMapping};
    use serde::{Deserialize, Deserializer, Serializer, ser::SerializeMap};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(list: &[VariableMapping], s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(list.len()))?;
        for v in list {
            let m = SlotMapping { source: v.source.clone(), value: v.value.clone(), fallback: v.fallback.clone() };
            map.serialize_entry(&v.slot, &m)?;
        }
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<VariableMapping>, D::Error> {
        let map = BTreeMap::<String, SlotMapping>::deserialize(d)?;
        Ok(map
            .into_iter()
            .map(|(slot, m)| VariableMapping { slot, source: m.source, value: m.value, fallback: m.fallback })
            .collect())
    }
}

/// Who the campaign goes to. Contacts in any included segment or with any included label, minus those in an
/// excluded segment or with an excluded label; or, with `csv`, the uploaded CSV's numbers. Always minus
/// opted-out contacts and the suppression list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Audience {
    pub include_segments: Vec<Uuid>,
    pub exclude_segments: Vec<Uuid>,
    pub include_labels: Vec<Uuid>,
    pub exclude_labels: Vec<Uuid>,
    /// Everyone in the workspace (with the exclusions), when nothing is included.
    pub all_contacts: bool,
    pub csv: bool,
}

/// A draft as the wizard saves it; every field may still be incomplete (checks say what is missing).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CampaignInput {
    #[schema(schema_with = crate::schema::text::<1, 120>)]
    pub name: String,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub connection_ids: Vec<Uuid>,
    #[serde(default)]
    pub template_id: Option<Uuid>,
    /// At most 40, keyed by slot: `body.1`, `header.1`, or `button.<index>.1` (a URL button's dynamic suffix).
    #[serde(default, deserialize_with = "by_slot::deserialize")]
    #[schema(schema_with = variables_schema)]
    pub variables: Vec<VariableMapping>,
    /// The link of the media a template's image, video or document header shows: `https://` or `http://`, at
    /// most 2,048 characters once trimmed; blank or null for none.
    #[serde(default)]
    #[schema(schema_with = media_url_schema)]
    pub header_media_url: Option<String>,
    #[serde(default)]
    pub audience: Audience,
    #[serde(default)]
    pub schedule_at: Option<DateTime<Utc>>,
    /// IANA time zone the schedule was chosen in (shown back to the user).
    #[serde(default)]
    #[schema(schema_with = opt_timezone)]
    pub timezone: Option<String>,
    /// Send at the schedule's wall-clock time in each recipient's own time zone.
    #[serde(default)]
    pub recipient_timezone: bool,
    /// Quiet hours, "HH:MM" in the recipient's time zone: nothing is sent between start and end. Both or
    /// neither.
    #[serde(default)]
    #[schema(pattern = "^([01]?[0-9]|2[0-3]):[0-5][0-9]$")]
    pub quiet_start: Option<String>,
    #[serde(default)]
    #[schema(pattern = "^([01]?[0-9]|2[0-3]):[0-5][0-9]$")]
    pub quiet_end: Option<String>,
    /// Messages per second per number, below the number's own limit.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000)]
    pub rate_per_second: Option<i32>,
    /// A published flow a customer's reply starts.
    #[serde(default)]
    pub reply_flow_id: Option<Uuid>,
    /// Where a tracked URL button leads (an http(s) link): the template's button opens Parley's redirect, which
    /// counts the click and sends the person here.
    #[serde(default)]
    #[schema(schema_with = click_url_schema)]
    pub click_url: Option<String>,
}

/// Counters of a campaign's recipients by state.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignCounts {
    pub total: i64,
    pub pending: i64,
    pub sending: i64,
    /// Accepted by WhatsApp (and not delivered yet).
    pub sent: i64,
    pub delivered: i64,
    pub read: i64,
    pub replied: i64,
    pub failed: i64,
    pub skipped: i64,
    /// Interrupted mid-send with no word from WhatsApp since: never resent automatically.
    pub unknown: i64,
    /// Held by Meta for a template quality assessment.
    pub held: i64,
    pub clicked: i64,
    /// Failed recipients "retry failed" would send again.
    pub retryable: i64,
}

/// A campaign in the list, and its live progress (`campaign:progress` carries the same).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignProgress {
    pub id: Uuid,
    pub status: String,
    pub status_reason: Option<String>,
    pub counts: CampaignCounts,
    /// 0-1: recipients in a final state.
    pub progress: f64,
    /// Messages accepted per second over the last 10 seconds.
    pub rate_now: f64,
    /// Seconds until the queue is empty at the rate now; null when not sending.
    pub eta_seconds: Option<i64>,
    /// What the delivered messages cost, from Meta's pricing objects and the price table.
    pub actual_cost: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignSummary {
    pub id: Uuid,
    pub name: String,
    /// draft, scheduled, running, paused, completed, cancelled or failed.
    pub status: String,
    pub status_reason: Option<String>,
    pub template_name: Option<String>,
    pub audience_size: i32,
    pub progress: CampaignProgress,
    pub schedule_at: Option<DateTime<Utc>>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

cursor_page_type!(CampaignList, CampaignSummary);

/// Who was left out of the audience, and why.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct AudienceSummary {
    /// Everyone the audience names.
    pub matched: i64,
    pub no_phone: i64,
    pub opted_out: i64,
    pub suppressed: i64,
    /// +1 numbers a marketing template cannot reach (Meta paused them in April 2025).
    pub us_marketing: i64,
    /// Kept as skipped: a parameter has no value and no fallback.
    pub missing_variable: i64,
    /// Who will be messaged.
    pub final_count: i64,
    /// CSV rows that were not a phone number, and duplicates in it.
    pub csv_invalid: i64,
    pub csv_duplicates: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Campaign {
    pub id: Uuid,
    pub name: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub connection_ids: Vec<Uuid>,
    pub template_id: Option<Uuid>,
    /// The template as it was launched (name, language, category, components); the live one before launch.
    pub template: Option<Value>,
    /// Keyed by slot, as `CampaignInput` takes them.
    #[serde(serialize_with = "by_slot::serialize")]
    #[schema(schema_with = variables_schema)]
    pub variables: Vec<VariableMapping>,
    pub header_media_url: Option<String>,
    pub audience: Audience,
    pub schedule_at: Option<DateTime<Utc>>,
    pub timezone: String,
    pub recipient_timezone: bool,
    pub quiet_start: Option<String>,
    pub quiet_end: Option<String>,
    pub rate_per_second: Option<i32>,
    pub reply_flow_id: Option<Uuid>,
    pub click_url: Option<String>,
    /// The template's URL-button slots Parley tracks (filled with a click token per recipient, not mapped).
    pub tracked_slots: Vec<String>,
    pub estimated_cost: Option<f64>,
    pub audience_summary: Option<AudienceSummary>,
    /// The uploaded CSV: its rows and columns.
    pub csv_rows: i64,
    pub csv_columns: Vec<String>,
    pub progress: CampaignProgress,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

/// One pre-send check's finding. Errors block the launch; warnings do not.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignIssue {
    pub code: String,
    pub severity: String,
    /// The wizard step it belongs to: number, template, variables, audience, schedule.
    pub step: String,
    pub message: String,
}

/// The checks and the audience's final count, without launching.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignPreview {
    pub issues: Vec<CampaignIssue>,
    pub audience: AudienceSummary,
    pub estimate: CostEstimate,
    /// How long sending takes at the chosen pace, in seconds.
    pub duration_seconds: i64,
    /// Messages per second the campaign will send at (all its numbers together).
    pub rate_per_second: i64,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CostLine {
    pub country: String,
    pub recipients: i64,
    pub unit_price: f64,
    pub total: f64,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CostEstimate {
    pub category: String,
    pub currency: String,
    pub total: f64,
    pub lines: Vec<CostLine>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CsvUploadResult {
    pub rows: i64,
    pub invalid: i64,
    pub duplicates: i64,
    pub columns: Vec<String>,
    /// The first problems found (line and why), at most 20.
    pub problems: Vec<CsvProblem>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CsvProblem {
    pub line: i64,
    pub message: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleInput {
    pub schedule_at: DateTime<Utc>,
    #[serde(default)]
    #[schema(schema_with = opt_timezone)]
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TestSendInput {
    /// Where to send the test (the user's own WhatsApp number), E.164.
    #[schema(schema_with = crate::schema::phone)]
    pub phone: String,
    /// The number to send it from; the campaign's first when absent.
    #[serde(default)]
    pub connection_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestSendResult {
    pub wa_message_id: String,
    /// The parameters as sent (a contact's own values when the number is a contact; fallbacks otherwise).
    pub components: Value,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignRecipient {
    pub id: Uuid,
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub phone: String,
    /// pending, sending, sent, delivered, read, replied, failed, skipped or unknown.
    pub status: String,
    pub held: bool,
    pub connection_id: Option<Uuid>,
    pub message_id: Option<Uuid>,
    pub error_code: Option<String>,
    pub error_reason: Option<String>,
    pub retryable: bool,
    pub attempts: i16,
    pub cost: Option<f64>,
    /// Not sent before this time (quiet hours, the recipient's time zone, a deferral).
    pub not_before: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub read_at: Option<DateTime<Utc>>,
    pub replied_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    /// The first click on the tracked button, and how many clicks there were.
    pub clicked_at: Option<DateTime<Utc>>,
    pub click_count: i32,
}

cursor_page_type!(CampaignRecipientList, CampaignRecipient);

impl From<parley_store::repo::campaigns::recipients::RecipientRow> for CampaignRecipient {
    fn from(r: parley_store::repo::campaigns::recipients::RecipientRow) -> Self {
        Self {
            id: r.id,
            contact_id: r.contact_id,
            contact_name: r.contact_name,
            phone: r.phone,
            status: r.status,
            held: r.held,
            connection_id: r.connection_id,
            message_id: r.message_id,
            error_code: r.error_code,
            error_reason: r.error_reason,
            retryable: r.retryable,
            attempts: r.attempts,
            cost: r.cost,
            not_before: r.not_before,
            sent_at: r.sent_at,
            delivered_at: r.delivered_at,
            read_at: r.read_at,
            replied_at: r.replied_at,
            failed_at: r.failed_at,
            clicked_at: r.clicked_at,
            click_count: r.click_count,
        }
    }
}

/// A page of campaigns, newest first: optionally of one state, after a cursor.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatusPageQuery {
    /// A campaign's state (draft, scheduled, running…); another word matches no campaign.
    #[serde(default)]
    pub status: Option<String>,
    /// The `nextCursor` of the previous page.
    #[serde(default)]
    #[param(schema_with = crate::cursor::at_schema)]
    pub cursor: Option<String>,
    /// 1-100, default 25.
    #[serde(default)]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// A page of a campaign's recipients: optionally of one state, after a cursor.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecipientPageQuery {
    #[serde(default)]
    #[param(schema_with = recipient_state_schema)]
    pub status: Option<String>,
    /// The `nextCursor` of the previous page.
    #[serde(default)]
    #[param(schema_with = crate::cursor::key_schema)]
    pub cursor: Option<String>,
    /// 1-200, default 50.
    #[serde(default)]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

fn recipient_state_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&super::editor::RECIPIENT_STATES)
}

/// The funnel and costs once it ran (seed 004's `/campaigns/:id/stats`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CampaignStats {
    pub progress: CampaignProgress,
    pub funnel: Vec<FunnelStep>,
    pub estimated_cost: Option<f64>,
    pub actual_cost: f64,
    pub currency: String,
    /// Failures by error code, most frequent first.
    pub failures: Vec<FailureCount>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FunnelStep {
    /// sent, delivered, read, replied, clicked.
    pub step: String,
    pub count: i64,
    /// Of those sent, 0-1.
    pub rate: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FailureCount {
    pub code: String,
    pub reason: Option<String>,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Suppression {
    pub phone: String,
    pub reason: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

cursor_page_type!(SuppressionList, Suppression);

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddSuppressionsInput {
    /// Numbers in E.164 (or with the workspace's default country).
    pub phones: Vec<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AddSuppressionsResult {
    pub added: u64,
    pub invalid: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SuppressionQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    #[param(schema_with = crate::cursor::key_schema)]
    pub cursor: Option<String>,
    /// 1-200, default 50.
    #[serde(default)]
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessagePrice {
    pub country: String,
    pub category: String,
    pub price: f64,
    pub currency: String,
}

/// The platform's price table: one delivered template message by the recipient's country (ISO code, `*` for every
/// other country) and category, in one currency.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessagePriceTable {
    pub currency: String,
    pub prices: Vec<MessagePrice>,
}

/// The whole table as the platform admin saves it (it replaces the old one).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessagePriceTableInput {
    /// ISO 4217, e.g. USD or EUR: every price is in it.
    pub currency: String,
    pub prices: Vec<MessagePriceInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessagePriceInput {
    /// ISO 3166 alpha-2, or `*` for every country not listed.
    pub country: String,
    /// marketing, utility, authentication or service.
    pub category: String,
    /// 0-100, four decimals kept.
    pub price: f64,
}

/// Where a template parameter's value comes from (`SOURCES` in the editor).
/// What `validated` takes as a header media link: an http(s) link of at most 2,048 characters once trimmed, or
/// blank.
fn media_url_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let ws = crate::schema::TRIMMED;
    ObjectBuilder::new()
        .schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
        .pattern(Some(format!(
            r"^[{ws}]*(?:https://(?:[\s\S]{{0,2039}}[^{ws}])?|http://(?:[\s\S]{{0,2040}}[^{ws}])?)?[{ws}]*$"
        )))
        .build()
}

/// At most 40 mappings, keyed by slot.
fn variables_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::RefOr(
            utoipa::openapi::Ref::from_schema_name("SlotMapping").into(),
        )))
        .max_properties(Some(40))
        .build()
}

/// An IANA time zone, or null.
fn opt_timezone() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{SchemaType, Type};
    let mut o = crate::schema::timezone();
    o.schema_type = SchemaType::Array(vec![Type::String, Type::Null]);
    if let Some(names) = o.enum_values.as_mut() {
        names.push(Value::Null);
    }
    o
}

/// The document of a draft as POST and PATCH take it: `CampaignInput`'s fields, and quiet hours given as a pair
/// (a start needs an end and the reverse), which no single field's schema can say.
pub struct CampaignInputDoc;

impl utoipa::PartialSchema for CampaignInputDoc {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::RefOr;
        use utoipa::openapi::schema::Schema;
        let mut schema = <CampaignInput as utoipa::PartialSchema>::schema();
        if let RefOr::T(Schema::Object(o)) = &mut schema {
            let needs = |given: &str, other: &str| {
                serde_json::json!({
                    "if": { "required": [given], "properties": { given: { "type": "string" } } },
                    "then": { "required": [other], "properties": { other: { "type": "string" } } }
                })
            };
            let pair = serde_json::json!([needs("quietStart", "quietEnd"), needs("quietEnd", "quietStart")]);
            o.extensions.get_or_insert_with(Default::default).insert("allOf".into(), pair);
        }
        schema
    }
}

impl utoipa::ToSchema for CampaignInputDoc {
    fn name() -> std::borrow::Cow<'static, str> {
        "CampaignInput".into()
    }

    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        <CampaignInput as utoipa::ToSchema>::schemas(schemas);
    }
}

/// What `is_web_link` takes once trimmed (`http(s)://`, a host without `@`, no white space or control character),
/// at most 2,048 characters with any surrounding white space; blank or null for none.
fn click_url_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    let ws = crate::schema::TRIMMED;
    let cc = r"\u0000-\u001f\u007f-\u009f";
    ObjectBuilder::new()
        .schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
        .pattern(Some(format!(r"^[{ws}]*(?:https?://[^/?#@{ws}{cc}]+(?:[/?#][^{ws}{cc}]*)?)?[{ws}]*$")))
        .max_length(Some(2048))
        .build()
}
