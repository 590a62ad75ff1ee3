//! What contacts and labels take and give.

use crate::dto::{cursor_page_type, page_type};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateContactInput {
    #[schema(schema_with = crate::schema::phone)]
    pub phone: String,
    /// Blank means none (as for every text below).
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 120>)]
    pub name: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_email_or_blank)]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 200>)]
    pub company: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 5000>)]
    pub notes: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_link_or_blank)]
    pub avatar_url: Option<String>,
    /// Custom field values by key (docs/crm.md); required fields must be given.
    #[serde(default)]
    #[schema(value_type = Option<std::collections::HashMap<String, serde_json::Value>>)]
    pub custom_fields: Option<serde_json::Value>,
    #[serde(default)]
    pub label_ids: Vec<Uuid>,
    /// opted_in, opted_out or unknown (default).
    #[serde(default)]
    #[schema(schema_with = opt_consent_status_schema)]
    pub consent: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateContactInput {
    /// An empty string clears it (as for every text below).
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 120>)]
    pub name: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_email_or_blank)]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 200>)]
    pub company: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 5000>)]
    pub notes: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_link_or_blank)]
    pub avatar_url: Option<String>,
    /// Merged into the stored values; a key set to null is cleared.
    #[serde(default)]
    #[schema(value_type = Option<std::collections::HashMap<String, serde_json::Value>>)]
    pub custom_fields: Option<serde_json::Value>,
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
    pub company: Option<String>,
    pub notes: Option<String>,
    pub avatar_url: Option<String>,
    /// Custom field values by key.
    #[schema(value_type = std::collections::HashMap<String, serde_json::Value>)]
    pub custom_fields: serde_json::Value,
    pub labels: Vec<LabelRef>,
    pub consent: ConsentState,
    pub last_message_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set when the contact was erased (GDPR): every personal value is gone and nothing can be sent to it.
    pub erased_at: Option<DateTime<Utc>>,
}

/// A contact's marketing opt-in: its state, how it was set and when.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsentState {
    /// opted_in, opted_out or unknown.
    #[schema(schema_with = consent_status_schema)]
    pub status: String,
    /// manual, api, import, keyword or meta.
    pub source: Option<String>,
    pub at: Option<DateTime<Utc>>,
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
pub struct SetLabelsInput {
    pub label_ids: Vec<Uuid>,
}

page_type!(ContactPage, Contact);

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
    #[schema(schema_with = crate::schema::text::<1, 50>)]
    pub name: String,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_colour)]
    pub color: Option<String>,
    /// Blank means none.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 200>)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateLabelInput {
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 50>)]
    pub name: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_colour)]
    pub color: Option<String>,
    /// An empty string clears it.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 200>)]
    pub description: Option<String>,
}

// ---- custom fields ----

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactField {
    pub id: Uuid,
    /// `[a-z][a-z0-9_]{0,39}`, fixed once created: values are stored under it.
    pub key: String,
    pub label: String,
    /// text, number, date, boolean, select, multi_select, url, email or phone.
    pub kind: String,
    pub required: bool,
    pub options: Vec<String>,
    pub position: i32,
    pub created_at: DateTime<Utc>,
}

/// A new custom field: a `oneOf` by `kind`, select kinds needing options (`create_field_schema`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateContactFieldInput {
    pub key: String,
    pub label: String,
    pub kind: String,
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    pub options: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateContactFieldInput {
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 80>)]
    pub label: Option<String>,
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
    #[schema(schema_with = option_list_schema)]
    pub options: Option<Vec<String>>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10_000)]
    pub position: Option<i32>,
}

// ---- criteria and segments ----

/// A group of conditions joined by `and` or `or`; groups nest (at most 4 levels, 50 conditions).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Criteria {
    /// `and` or `or`.
    #[schema(schema_with = criteria_op_schema)]
    pub op: String,
    #[schema(no_recursion)]
    pub conditions: Vec<CriteriaNode>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum CriteriaNode {
    Condition(Condition),
    #[schema(no_recursion)]
    Group(Criteria),
}

/// One test on a contact; docs/crm.md lists the fields and the operators of each. The schema (a `oneOf` by
/// `field` and `operator`, `condition_schema`) states which value each takes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Condition {
    /// `name`, `phone`, `email`, `company`, `label`, `consent`, `createdAt`, `lastMessageAt`,
    /// `hasOpenConversation`, `hasOpenDeal` or `field.<key>`.
    pub field: String,
    pub operator: String,
    #[serde(default)]
    pub value: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub criteria: Criteria,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateSegmentInput {
    #[schema(schema_with = crate::schema::text::<1, 80>)]
    pub name: String,
    /// Blank means none.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 500>)]
    pub description: Option<String>,
    pub criteria: Criteria,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateSegmentInput {
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 80>)]
    pub name: Option<String>,
    /// Blank clears it.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 500>)]
    pub description: Option<String>,
    #[serde(default)]
    pub criteria: Option<Criteria>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CountResult {
    pub count: u64,
}

/// Which contacts a list, count or export covers: a search, criteria (JSON) and a saved segment, all
/// together (AND).
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ContactFilterQuery {
    pub q: Option<String>,
    /// A `Criteria` as JSON.
    pub criteria: Option<String>,
    pub segment_id: Option<Uuid>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ContactListQuery {
    pub q: Option<String>,
    /// A `Criteria` as JSON.
    pub criteria: Option<String>,
    pub segment_id: Option<Uuid>,
    /// createdAt (default), updatedAt, name, phone, email or company.
    #[param(schema_with = sort_schema)]
    pub sort: Option<String>,
    /// desc (default) or asc.
    #[param(schema_with = order_schema)]
    pub order: Option<String>,
    #[param(schema_with = crate::cursor::key_schema)]
    pub cursor: Option<String>,
    /// 1-200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ContactExportQuery {
    pub q: Option<String>,
    /// A `Criteria` as JSON.
    pub criteria: Option<String>,
    pub segment_id: Option<Uuid>,
    /// Comma-separated contact ids (a selection); blank means none.
    #[param(schema_with = crate::schema::uuid_list)]
    pub ids: Option<String>,
}

cursor_page_type!(ContactList, Contact);

// ---- bulk, merge, consent, timeline ----

/// Which contacts a bulk action changes: `ids`, or `all` that match `q`, `criteria` and `segmentId`
/// (`bulk_selection_schema` states it as a `oneOf`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BulkSelection {
    #[serde(default)]
    pub ids: Option<Vec<Uuid>>,
    /// Every contact that matches `q`, `criteria` and `segmentId`.
    #[serde(default)]
    pub all: Option<bool>,
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub criteria: Option<Criteria>,
    #[serde(default)]
    pub segment_id: Option<Uuid>,
}

/// A bulk action: a `oneOf` by `action`, each with the fields it needs (`bulk_contacts_schema`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BulkContactsInput {
    pub selection: BulkSelection,
    /// add_label, remove_label, set_field or delete.
    pub action: String,
    #[serde(default)]
    pub label_id: Option<Uuid>,
    #[serde(default)]
    pub field_key: Option<String>,
    #[serde(default)]
    pub value: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BulkResult {
    pub affected: u64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MergeContactsInput {
    /// The contact folded into this one, then deleted.
    pub other_id: Uuid,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetConsentInput {
    /// opted_in, opted_out or unknown.
    #[schema(schema_with = consent_status_schema)]
    pub status: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddLabelsInput {
    pub label_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    /// created, conversation, note, deal, ticket, imported, field_changed, consent, label or merged.
    pub kind: String,
    pub at: DateTime<Utc>,
    pub title: String,
    pub detail: Option<String>,
    pub actor_name: Option<String>,
    /// The conversation, deal or ticket it is about.
    pub ref_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsentSettings {
    #[schema(schema_with = crate::schema::consent_keywords)]
    pub opt_out_keywords: Vec<String>,
    /// None may also be an opt-out keyword.
    #[schema(schema_with = crate::schema::consent_keywords)]
    pub opt_in_keywords: Vec<String>,
}

// ---- imports ----

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Import {
    pub id: Uuid,
    /// draft, queued, running, done or failed.
    pub status: String,
    pub file_name: String,
    pub delimiter: String,
    pub headers: Vec<String>,
    /// The first rows, as read.
    pub sample: Vec<Vec<String>>,
    pub row_count: i32,
    /// Column header → target (`skip`, `phone`, `name`, `email`, `company`, `notes`, `labels`, `field.<key>`);
    /// on a draft, a suggestion.
    pub mapping: std::collections::BTreeMap<String, String>,
    pub processed: i32,
    pub created: i32,
    pub updated: i32,
    pub skipped: i32,
    pub failed: i32,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// The multipart body of `POST /contacts/import` (read by the route, not deserialized into this).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)] // `extract::upload` refuses any other part.
#[allow(dead_code)] // Documents the upload.
pub struct ImportUpload {
    #[schema(schema_with = crate::schema::csv_text)]
    pub file: String,
}

/// The consent imported contacts get: `opted_in` with how they agreed (`basis`, not blank), or `unknown`
/// (`import_consent_schema` states it as a `oneOf` by status).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportConsentInput {
    /// opted_in or unknown.
    pub status: String,
    /// How these people agreed to be contacted: at most 500 characters, not blank with opted_in.
    #[serde(default)]
    pub basis: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartImportInput {
    /// Column header → target. Headers must be columns of the file and `field.<key>` targets fields of the
    /// workspace (404 otherwise); exactly one column must be the phone (409 `phone_column_required`).
    #[schema(schema_with = import_mapping_schema)]
    pub mapping: std::collections::BTreeMap<String, String>,
    /// ISO 3166-1 alpha-2, for numbers written without `+`.
    #[serde(default)]
    #[schema(schema_with = opt_country_schema)]
    pub default_country: Option<String>,
    /// skip (default), fill (only empty fields) or overwrite.
    #[serde(default)]
    #[schema(schema_with = opt_duplicates_schema)]
    pub duplicates: Option<String>,
    #[serde(default)]
    pub label_ids: Vec<Uuid>,
    pub consent: ImportConsentInput,
}

/// The socket event `import:progress`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    pub import_id: Uuid,
    pub status: String,
    pub row_count: i32,
    pub processed: i32,
    pub created: i32,
    pub updated: i32,
    pub skipped: i32,
    pub failed: i32,
}

// ---- deals: pipelines, stages, deals, the board ----

/// Tells a field sent as null (`Some(None)`) from one left out (`None`).
fn sent<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    pub id: Uuid,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    pub position: i32,
    /// 0-100: how likely a deal here is to be won.
    pub probability: i32,
    /// `open`, `won` or `lost`: entering a won or lost stage closes the deal.
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Pipeline {
    pub id: Uuid,
    pub name: String,
    pub is_default: bool,
    pub position: i32,
    /// In board order.
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StageInput {
    /// An existing stage of this pipeline (kept and updated); without it, a new stage.
    #[serde(default)]
    pub id: Option<Uuid>,
    #[schema(schema_with = crate::schema::text::<1, 60>)]
    pub name: String,
    /// `#rrggbb`; default `#64748b`.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_colour)]
    pub color: Option<String>,
    /// 0-100; default 0.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub probability: Option<i32>,
    /// `open` (default), `won` or `lost`.
    #[serde(default)]
    #[schema(schema_with = opt_stage_kind_schema)]
    pub kind: Option<String>,
}

/// A stage of a new pipeline: every one is new, so none has an id.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewStageInput {
    #[schema(schema_with = crate::schema::text::<1, 60>)]
    pub name: String,
    /// `#rrggbb`; default `#64748b`.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_colour)]
    pub color: Option<String>,
    /// 0-100; default 0.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub probability: Option<i32>,
    /// `open` (default), `won` or `lost`.
    #[serde(default)]
    #[schema(schema_with = opt_stage_kind_schema)]
    pub kind: Option<String>,
}

impl From<NewStageInput> for StageInput {
    fn from(s: NewStageInput) -> Self {
        Self { id: None, name: s.name, color: s.color, probability: s.probability, kind: s.kind }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePipelineInput {
    #[schema(schema_with = crate::schema::text::<1, 80>)]
    pub name: String,
    /// Default: Lead, Qualified, Proposal, Negotiation, Won, Lost.
    #[serde(default)]
    #[schema(min_items = 1, max_items = 30)]
    pub stages: Option<Vec<NewStageInput>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdatePipelineInput {
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 80>)]
    pub name: Option<String>,
    /// `true` makes it the default pipeline (new deals go there).
    #[serde(default)]
    pub is_default: Option<bool>,
    /// The whole ordered list: stages left out are deleted (refused while they hold deals).
    #[serde(default)]
    #[schema(min_items = 1, max_items = 30)]
    pub stages: Option<Vec<StageInput>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deal {
    pub id: Uuid,
    pub pipeline_id: Uuid,
    pub stage_id: Uuid,
    pub title: String,
    pub value: f64,
    /// ISO 4217, e.g. `USD`.
    pub currency: String,
    /// `low`, `medium`, `high` or `urgent`.
    pub priority: String,
    pub expected_close_date: Option<chrono::NaiveDate>,
    /// Open and expected to close before today.
    pub overdue: bool,
    /// `open`, `won` or `lost` (follows the stage's kind).
    pub status: String,
    pub owner_id: Option<Uuid>,
    pub owner_name: Option<String>,
    pub contact_id: Uuid,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub conversation_id: Option<Uuid>,
    pub notes: Option<String>,
    /// Order inside the stage (ascending).
    pub position: f64,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by_id: Option<Uuid>,
    pub closed_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateDealInput {
    #[schema(schema_with = crate::schema::text::<1, 200>)]
    pub title: String,
    pub contact_id: Uuid,
    /// Default: the stage's pipeline, else the default pipeline.
    #[serde(default)]
    pub pipeline_id: Option<Uuid>,
    /// Default: the pipeline's first stage.
    #[serde(default)]
    pub stage_id: Option<Uuid>,
    /// At least 0 (rounded to two decimals); default 0.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 999_999_999_999.99)]
    pub value: Option<f64>,
    /// Three capital letters; default `USD`.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_currency)]
    pub currency: Option<String>,
    /// `low`, `medium` (default), `high` or `urgent`.
    #[serde(default)]
    #[schema(schema_with = opt_priority_schema)]
    pub priority: Option<String>,
    #[serde(default)]
    pub expected_close_date: Option<chrono::NaiveDate>,
    /// An active member of the workspace.
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub conversation_id: Option<Uuid>,
    /// Blank means none.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 10000>)]
    pub notes: Option<String>,
}

/// Omitted fields stay as they are; null clears. A new `stageId` (or `pipelineId`) moves the deal last
/// in that stage (or the pipeline's first stage), with the same bookkeeping as a move.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateDealInput {
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 200>)]
    pub title: Option<String>,
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    #[serde(default)]
    pub pipeline_id: Option<Uuid>,
    #[serde(default)]
    pub stage_id: Option<Uuid>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 999_999_999_999.99)]
    pub value: Option<f64>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_currency)]
    pub currency: Option<String>,
    #[serde(default)]
    #[schema(schema_with = opt_priority_schema)]
    pub priority: Option<String>,
    #[serde(default, deserialize_with = "sent")]
    #[schema(value_type = Option<chrono::NaiveDate>)]
    pub expected_close_date: Option<Option<chrono::NaiveDate>>,
    #[serde(default, deserialize_with = "sent")]
    #[schema(value_type = Option<Uuid>)]
    pub owner_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "sent")]
    #[schema(value_type = Option<Uuid>)]
    pub conversation_id: Option<Option<Uuid>>,
    /// Null or an empty string clears.
    #[serde(default, deserialize_with = "sent")]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 10000>)]
    pub notes: Option<Option<String>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MoveDealInput {
    /// A stage of the deal's pipeline.
    pub stage_id: Uuid,
    /// A deal of that stage to go before; without it, last.
    #[serde(default)]
    pub before_id: Option<Uuid>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct DealQuery {
    pub pipeline_id: Option<Uuid>,
    pub stage_id: Option<Uuid>,
    /// `open`, `won` or `lost`.
    #[param(schema_with = deal_status_schema)]
    pub status: Option<String>,
    pub owner_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    /// `low`, `medium`, `high` or `urgent`.
    #[param(value_type = Option<PriorityName>, inline)]
    pub priority: Option<String>,
    /// Only open deals past their expected close date (or, with false, the others).
    pub overdue: Option<bool>,
    /// Searches the title and the contact's name and phone.
    pub q: Option<String>,
    /// The `nextCursor` of the previous page.
    #[param(schema_with = crate::cursor::at_schema)]
    pub cursor: Option<String>,
    /// 1-200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

cursor_page_type!(DealPage, Deal);

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// Default: the default pipeline.
    pub pipeline_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BoardColumn {
    pub stage: Stage,
    /// Deals in the stage (all of them, also beyond the 200 listed), whatever their currency.
    pub count: i64,
    /// Their value per currency (all of them too), the largest first; empty without deals.
    pub amounts: Vec<Amount>,
    /// By position, at most 200.
    pub deals: Vec<Deal>,
}

/// Deals' value in one currency. Totals are kept per currency and never added across currencies.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Amount {
    /// ISO 4217, e.g. `USD`.
    pub currency: String,
    pub value: f64,
    /// Each deal's value times its stage's probability, added up.
    pub weighted: f64,
}

impl Amount {
    /// Amounts in the order they are listed: the largest value first, then by currency.
    pub fn sorted(mut amounts: Vec<Amount>) -> Vec<Amount> {
        amounts.sort_by(|a, b| b.value.total_cmp(&a.value).then_with(|| a.currency.cmp(&b.currency)));
        amounts
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Board {
    pub pipeline: Pipeline,
    pub columns: Vec<BoardColumn>,
}

// ---- tickets ----

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    pub id: Uuid,
    /// Per workspace, from 1: "ticket #42".
    pub number: i64,
    pub subject: String,
    pub description: Option<String>,
    /// `open`, `pending`, `resolved` or `closed`.
    pub status: String,
    /// `low`, `medium`, `high` or `urgent`.
    pub priority: String,
    pub assignee_id: Option<Uuid>,
    pub assignee_name: Option<String>,
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub conversation_ids: Vec<Uuid>,
    pub due_at: Option<DateTime<Utc>>,
    /// Open or pending past its due time.
    pub overdue: bool,
    pub created_by_id: Option<Uuid>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When it was resolved or closed; cleared when reopened.
    pub resolved_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTicketInput {
    #[schema(schema_with = crate::schema::text::<1, 200>)]
    pub subject: String,
    /// Blank means none.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 10000>)]
    pub description: Option<String>,
    /// `low`, `medium` (default), `high` or `urgent`.
    #[serde(default)]
    #[schema(schema_with = opt_priority_schema)]
    pub priority: Option<String>,
    /// An active member of the workspace.
    #[serde(default)]
    pub assignee_id: Option<Uuid>,
    /// Default: the conversation's contact.
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    /// Linked to the ticket.
    #[serde(default)]
    pub conversation_id: Option<Uuid>,
    #[serde(default)]
    pub due_at: Option<DateTime<Utc>>,
}

/// Omitted fields stay as they are; null clears.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateTicketInput {
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<1, 200>)]
    pub subject: Option<String>,
    /// Null or an empty string clears.
    #[serde(default, deserialize_with = "sent")]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 10000>)]
    pub description: Option<Option<String>>,
    /// `open`, `pending`, `resolved` or `closed`.
    #[serde(default)]
    #[schema(schema_with = opt_ticket_status_schema)]
    pub status: Option<String>,
    #[serde(default)]
    #[schema(schema_with = opt_priority_schema)]
    pub priority: Option<String>,
    #[serde(default, deserialize_with = "sent")]
    #[schema(value_type = Option<Uuid>)]
    pub assignee_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "sent")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub due_at: Option<Option<DateTime<Utc>>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetTicketConversationsInput {
    /// Conversations of this workspace (at most 100); replaces the links.
    #[schema(max_items = 100)]
    pub conversation_ids: Vec<Uuid>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// `open`, `pending`, `resolved` or `closed`.
    #[param(schema_with = ticket_status_schema)]
    pub status: Option<String>,
    #[param(value_type = Option<PriorityName>, inline)]
    pub priority: Option<String>,
    pub assignee_id: Option<Uuid>,
    /// Only tickets assigned to the caller.
    pub mine: Option<bool>,
    pub contact_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    /// Searches the subject and the contact's name and phone; a number finds that ticket.
    pub q: Option<String>,
    /// The `nextCursor` of the previous page.
    #[param(schema_with = crate::cursor::at_schema)]
    pub cursor: Option<String>,
    /// 1-200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

cursor_page_type!(TicketPage, Ticket);

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketComment {
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTicketCommentInput {
    /// 1-5000 characters; internal, never sent to the customer.
    #[schema(schema_with = crate::schema::multiline::<1, 5000>)]
    pub body: String,
}

// ---- the CRM dashboard ----

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DealTotals {
    pub count: i64,
    /// Their value per currency, the largest first; empty without open deals.
    pub amounts: Vec<Amount>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StageDeals {
    pub stage_id: Uuid,
    pub name: String,
    pub color: String,
    /// Open deals in the stage, whatever their currency.
    pub count: i64,
    /// Their value per currency, the largest first; empty without open deals.
    pub amounts: Vec<Amount>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrmDashboard {
    pub contacts: i64,
    /// Contacts created in the last seven days.
    #[serde(rename = "newContacts7d")]
    pub new_contacts_7d: i64,
    /// Conversations not resolved or closed.
    pub open_conversations: i64,
    /// Of those, the ones with unread messages.
    pub unread: i64,
    /// Open or pending.
    pub open_tickets: i64,
    /// Open or pending and assigned to the caller.
    pub my_open_tickets: i64,
    pub open_deals: DealTotals,
    /// Open deals per open stage of every pipeline (the default pipeline first).
    pub deals_by_stage: Vec<StageDeals>,
    /// Up to 8 open conversations with unread messages, the one waiting longest first.
    pub attention: Vec<crate::inbox::dto::Conversation>,
}

/// A deal's or ticket's priority, as the query filters name it (the bodies use the same four values).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // Documents the query parameter; the value is parsed with `pick`.
pub enum PriorityName {
    Low,
    Medium,
    High,
    Urgent,
}

fn opt_priority_schema() -> utoipa::openapi::schema::Object {
    crate::schema::opt_one_of(&crate::crm::deals::PRIORITIES)
}

fn ticket_status_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&crate::crm::tickets::STATUSES)
}

fn deal_status_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&crate::crm::deals::KINDS)
}

/// What the contact list's `order` takes; empty is the default.
fn order_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&["", "desc", "asc"])
}

fn opt_consent_status_schema() -> utoipa::openapi::schema::Object {
    crate::schema::opt_one_of(&["opted_in", "opted_out", "unknown"])
}

fn opt_ticket_status_schema() -> utoipa::openapi::schema::Object {
    crate::schema::opt_one_of(&crate::crm::tickets::STATUSES)
}

fn consent_status_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&["opted_in", "opted_out", "unknown"])
}

/// `key` once trimmed: a lower-case letter, then up to 39 of a-z, 0-9 and `_`.
fn field_key_schema() -> utoipa::openapi::schema::Object {
    crate::schema::trimmed_matching("[a-z][a-z0-9_]{0,39}", "A lower-case letter, then a-z, 0-9 and _ (at most 40)")
}

fn criteria_op_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&["and", "or"])
}

fn opt_stage_kind_schema() -> utoipa::openapi::schema::Object {
    crate::schema::opt_one_of(&["open", "won", "lost"])
}

/// What `SortCol::parse` takes; empty is the default.
fn sort_schema() -> utoipa::openapi::schema::Object {
    crate::schema::one_of(&["", "createdAt", "updatedAt", "name", "phone", "email", "company"])
}

// ---- the schemas of conditions, contact filters, bulk actions and custom fields ----

use utoipa::openapi::schema::{
    AdditionalProperties, AnyOfBuilder, ArrayBuilder, KnownFormat, Object, ObjectBuilder, OneOfBuilder, Schema,
    SchemaFormat, Type,
};
use utoipa::openapi::{RefOr, Required};

/// Any JSON value.
fn any_value() -> Schema {
    ObjectBuilder::new().schema_type(utoipa::openapi::schema::SchemaType::AnyValue).build().into()
}

fn closed_object() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Object).additional_properties(Some(AdditionalProperties::FreeForm(false)))
}

/// Conditions on `field` (a schema) with one of `operators`; `value` required when given, else anything.
fn condition_branch(field: Object, operators: &[&str], value: Option<Schema>) -> Schema {
    let b = closed_object()
        .property("field", field)
        .required("field")
        .property("operator", crate::schema::one_of(operators))
        .required("operator");
    match value {
        Some(v) => b.property("value", v).required("value"),
        None => b.property("value", any_value()),
    }
    .build()
    .into()
}

/// A date (`YYYY-MM-DD`, midnight UTC) or a date-time, as the time conditions read them.
fn instant_schema() -> Schema {
    let string = |f| ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(f)));
    AnyOfBuilder::new().item(string(KnownFormat::Date)).item(string(KnownFormat::DateTime)).build().into()
}

fn pair_of(item: Schema) -> Schema {
    ArrayBuilder::new().items(RefOr::T(item)).min_items(Some(2)).max_items(Some(2)).build().into()
}

fn condition_schema() -> Schema {
    let fields = |names: &[&str]| crate::schema::one_of(names);
    let text_value: Schema = AnyOfBuilder::new()
        .item(crate::schema::not_blank())
        .item(ObjectBuilder::new().schema_type(Type::Number))
        .build()
        .into();
    let texts = ["name", "phone", "email", "company"];
    let times = ["createdAt", "lastMessageAt"];
    let days: Schema =
        ObjectBuilder::new().schema_type(Type::Number).minimum(Some(0)).maximum(Some(36_500)).build().into();
    let custom = ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"^field\.[a-z][a-z0-9_]{0,39}$"))
        .description(Some(
            "`field.<key>`: a custom field of the workspace (404 when none has the key); the operator and value \
             must suit its kind and options (409 `unsuited_condition` otherwise)",
        ))
        .build();
    OneOfBuilder::new()
        .item(condition_branch(
            fields(&texts),
            &["contains", "not_contains", "equals", "not_equals", "starts_with"],
            Some(text_value),
        ))
        .item(condition_branch(fields(&texts), &["is_set", "is_not_set"], None))
        .item(condition_branch(
            fields(&["label"]),
            &["has", "has_not"],
            Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                    .build()
                    .into(),
            ),
        ))
        .item(condition_branch(
            fields(&["consent"]),
            &["equals", "not_equals"],
            Some(crate::schema::one_of(&["opted_in", "opted_out", "unknown"]).into()),
        ))
        .item(condition_branch(fields(&times), &["before", "after"], Some(instant_schema())))
        .item(condition_branch(fields(&times), &["between"], Some(pair_of(instant_schema()))))
        .item(condition_branch(fields(&times), &["within_days", "not_within_days"], Some(days)))
        .item(condition_branch(fields(&times), &["is_set", "is_not_set"], None))
        .item(condition_branch(fields(&["hasOpenConversation", "hasOpenDeal"]), &["is_true", "is_false"], None))
        .item(condition_branch(
            custom,
            &[
                "contains",
                "not_contains",
                "equals",
                "not_equals",
                "starts_with",
                "is_set",
                "is_not_set",
                "gt",
                "gte",
                "lt",
                "lte",
                "between",
                "before",
                "after",
                "is_true",
                "is_false",
                "in",
                "has",
                "has_not",
            ],
            None,
        ))
        .description(Some("One test on a contact: `field`, `operator` and, for most operators, `value`"))
        .build()
        .into()
}

impl utoipa::PartialSchema for Condition {
    fn schema() -> RefOr<Schema> {
        condition_schema().into()
    }
}

impl ToSchema for Condition {}

fn nullable_ref(name: &str) -> Schema {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .item(utoipa::openapi::Ref::from_schema_name(name))
        .build()
        .into()
}

fn uuid_schema(nullable: bool) -> Object {
    let ty = if nullable {
        utoipa::openapi::schema::SchemaType::Array(vec![Type::String, Type::Null])
    } else {
        utoipa::openapi::schema::SchemaType::Type(Type::String)
    };
    ObjectBuilder::new().schema_type(ty).format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid))).build()
}

fn nullable_of(ty: Type) -> Object {
    ObjectBuilder::new().schema_type(utoipa::openapi::schema::SchemaType::Array(vec![ty, Type::Null])).build()
}

/// A branch of the selection: `filters` says whether `q`, `criteria` and `segmentId` belong to it.
fn selection_branch(ids: Schema, all: Schema, required: &str, filters: bool) -> Schema {
    let b = closed_object().property("ids", ids).property("all", all).required(required);
    if filters {
        b.property("q", nullable_of(Type::String))
            .property("criteria", nullable_ref("Criteria"))
            .property("segmentId", uuid_schema(true))
    } else {
        b
    }
    .build()
    .into()
}

fn bulk_selection_schema() -> Schema {
    let uuids = |min: usize, max: usize| {
        ArrayBuilder::new().items(uuid_schema(false)).min_items(Some(min)).max_items(Some(max))
    };
    let named = uuids(1, 10_000).build();
    let none_named = ArrayBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::Array(vec![Type::Array, Type::Null]))
        .items(uuid_schema(false))
        .max_items(Some(0))
        .build();
    let all_true = ObjectBuilder::new().schema_type(Type::Boolean).enum_values(Some([true])).build();
    let not_all = ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::Array(vec![Type::Boolean, Type::Null]))
        .enum_values(Some([serde_json::Value::Bool(false), serde_json::Value::Null]))
        .build();
    OneOfBuilder::new()
        .item(selection_branch(named.into(), not_all.into(), "ids", false))
        .item(selection_branch(none_named.into(), all_true.into(), "all", true))
        .description(Some(
            "The contacts named by `ids` (1 to 10000, nothing else), or, with `all: true` and no ids, every contact \
             that matches `q`, `criteria` and `segmentId` together",
        ))
        .build()
        .into()
}

impl utoipa::PartialSchema for BulkSelection {
    fn schema() -> RefOr<Schema> {
        bulk_selection_schema().into()
    }
}

impl ToSchema for BulkSelection {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push(("Criteria".into(), <Criteria as utoipa::PartialSchema>::schema()));
        <Criteria as ToSchema>::schemas(schemas);
    }
}

fn bulk_branch(actions: &[&str], required: Option<&str>, label: Object, field_key: Object) -> Schema {
    let b = closed_object()
        .property("selection", utoipa::openapi::Ref::from_schema_name("BulkSelection"))
        .required("selection")
        .property("action", crate::schema::one_of(actions))
        .required("action")
        .property("labelId", label)
        .property("fieldKey", field_key)
        .property("value", any_value());
    match required {
        Some(r) => b.required(r),
        None => b,
    }
    .build()
    .into()
}

fn bulk_contacts_schema() -> Schema {
    let key = || ObjectBuilder::new().schema_type(Type::String).build();
    let opt_key = || nullable_of(Type::String);
    OneOfBuilder::new()
        .item(bulk_branch(&["add_label", "remove_label"], Some("labelId"), uuid_schema(false), opt_key()))
        .item(bulk_branch(&["set_field"], Some("fieldKey"), uuid_schema(true), key()))
        .item(bulk_branch(&["delete"], None, uuid_schema(true), opt_key()))
        .description(Some(
            "`add_label`/`remove_label` need `labelId` (a label of the workspace, else 404); `set_field` needs \
             `fieldKey` (a custom field, else 404) and takes `value` (null clears; 409 `invalid_field_value` when it \
             does not suit the field); `delete` needs a manager",
        ))
        .build()
        .into()
}

impl utoipa::PartialSchema for BulkContactsInput {
    fn schema() -> RefOr<Schema> {
        bulk_contacts_schema().into()
    }
}

impl ToSchema for BulkContactsInput {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push(("BulkSelection".into(), <BulkSelection as utoipa::PartialSchema>::schema()));
        <BulkSelection as ToSchema>::schemas(schemas);
    }
}

const FIELD_KINDS: [&str; 7] = ["text", "number", "date", "boolean", "url", "email", "phone"];
const SELECT_KINDS: [&str; 2] = ["select", "multi_select"];

fn create_field_branch(kinds: &[&str], options: Schema, options_required: bool) -> Schema {
    let b = closed_object()
        .property("key", field_key_schema())
        .required("key")
        .property("label", crate::schema::text::<1, 80>())
        .required("label")
        .property("kind", crate::schema::one_of(kinds))
        .required("kind")
        .property("required", nullable_of(Type::Boolean))
        .property("options", options);
    if options_required { b.required("options") } else { b }.build().into()
}

fn create_field_schema() -> Schema {
    let plain = option_list_schema();
    let select = ArrayBuilder::new()
        .items(crate::schema::bare_text::<100>())
        .min_items(Some(1))
        .max_items(Some(200))
        .unique_items(true)
        .build();
    OneOfBuilder::new()
        .item(create_field_branch(&FIELD_KINDS, plain.into(), false))
        .item(create_field_branch(&SELECT_KINDS, select.into(), true))
        .description(Some("A custom contact field; `select` and `multi_select` need 1 to 200 options, all different"))
        .build()
        .into()
}

impl utoipa::PartialSchema for CreateContactFieldInput {
    fn schema() -> RefOr<Schema> {
        create_field_schema().into()
    }
}

impl ToSchema for CreateContactFieldInput {}

/// `criteria` travels in the query as JSON text: the document says so (`content: application/json` with the
/// `Criteria` schema) instead of calling it a plain string.
fn with_json_criteria(mut params: Vec<utoipa::openapi::path::Parameter>) -> Vec<utoipa::openapi::path::Parameter> {
    for p in params.iter_mut().filter(|p| p.name == "criteria") {
        p.schema = None;
        p.required = Required::False;
        p.content = std::collections::BTreeMap::from([(
            "application/json".to_owned(),
            utoipa::openapi::content::Content::new(Some(utoipa::openapi::Ref::from_schema_name("Criteria"))).into(),
        )]);
    }
    params
}

/// The query parameters of `GET /contacts` as documented (`ContactListQuery` with JSON criteria).
pub struct ContactListParams;
/// The query parameters of `GET /contacts/count` as documented.
pub struct ContactFilterParams;
/// The query parameters of `GET /contacts/export` as documented.
pub struct ContactExportParams;

impl utoipa::IntoParams for ContactListParams {
    fn into_params(
        parameter_in: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        with_json_criteria(<ContactListQuery as utoipa::IntoParams>::into_params(parameter_in))
    }
}

impl utoipa::IntoParams for ContactFilterParams {
    fn into_params(
        parameter_in: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        with_json_criteria(<ContactFilterQuery as utoipa::IntoParams>::into_params(parameter_in))
    }
}

impl utoipa::IntoParams for ContactExportParams {
    fn into_params(
        parameter_in: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        with_json_criteria(<ContactExportQuery as utoipa::IntoParams>::into_params(parameter_in))
    }
}

/// At most 500 characters once trimmed (required with `opted_in`, which the service checks across fields).
fn import_basis_schema() -> Object {
    ObjectBuilder::new().schema_type(Type::String).max_length(Some(500)).build()
}

fn opt_duplicates_schema() -> Object {
    crate::schema::opt_one_of(&["skip", "fill", "overwrite"])
}

/// A supported country code in any case, blank, or null.
fn opt_country_schema() -> Object {
    let codes: Vec<String> = parley_domain::country::countries()
        .map(|c| c.chars().map(|ch| format!("[{}{}]", ch.to_ascii_uppercase(), ch.to_ascii_lowercase())).collect())
        .collect();
    let mut o = crate::schema::trimmed_matching(
        &format!("(?:{})?", codes.join("|")),
        "An ISO 3166-1 alpha-2 code with a known calling code (any case), or blank",
    );
    o.schema_type = utoipa::openapi::schema::SchemaType::Array(vec![Type::String, Type::Null]);
    o
}

/// Targets as `target` reads them: a fixed name or `field.<key>`.
fn import_mapping_schema() -> Object {
    let target = ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"^(?:skip|phone|name|email|company|notes|labels|field\.[a-z][a-z0-9_]{0,39})$"))
        .build();
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::RefOr(RefOr::T(Schema::Object(target)))))
        .build()
}

/// `ImportConsentInput` as a `oneOf` by status: `opted_in` needs a basis that is not blank.
fn import_consent_schema() -> Schema {
    let branch = |status: &str, basis: Object, required: bool| -> Schema {
        let b = closed_object()
            .property("status", crate::schema::one_of(&[status]))
            .required("status")
            .property("basis", basis);
        if required { b.required("basis") } else { b }.build().into()
    };
    let mut said = crate::schema::not_blank();
    said.max_length = Some(500);
    OneOfBuilder::new()
        .item(branch("opted_in", said, true))
        .item(branch("unknown", import_basis_schema(), false))
        .description(Some("The consent the imported contacts get: opted_in with how they agreed, or unknown"))
        .build()
        .into()
}

/// A field's options, or null: at most 200, each 1-100 characters without surrounding white space, all different.
fn option_list_schema() -> utoipa::openapi::schema::Array {
    ArrayBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::Array(vec![Type::Array, Type::Null]))
        .items(crate::schema::bare_text::<100>())
        .max_items(Some(200))
        .unique_items(true)
        .build()
}

impl utoipa::PartialSchema for ImportConsentInput {
    fn schema() -> RefOr<Schema> {
        import_consent_schema().into()
    }
}

impl ToSchema for ImportConsentInput {}
