//! What contacts and labels take and give.

use crate::dto::page_type;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateContactInput {
    pub phone: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateContactInput {
    #[serde(default)]
    pub name: Option<String>,
    /// An empty string clears it.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub attributes: Option<serde_json::Value>,
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
    pub attributes: serde_json::Value,
    pub labels: Vec<LabelRef>,
    pub created_at: DateTime<Utc>,
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
    pub name: String,
    #[serde(default)]
    pub color: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateLabelInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub color: Option<String>,
    /// An empty string clears it.
    #[serde(default)]
    pub description: Option<String>,
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
    pub name: String,
    /// `#rrggbb`; default `#64748b`.
    #[serde(default)]
    pub color: Option<String>,
    /// 0-100; default 0.
    #[serde(default)]
    pub probability: Option<i32>,
    /// `open` (default), `won` or `lost`.
    #[serde(default)]
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePipelineInput {
    pub name: String,
    /// Default: Lead, Qualified, Proposal, Negotiation, Won, Lost.
    #[serde(default)]
    pub stages: Option<Vec<StageInput>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdatePipelineInput {
    #[serde(default)]
    pub name: Option<String>,
    /// `true` makes it the default pipeline (new deals go there).
    #[serde(default)]
    pub is_default: Option<bool>,
    /// The whole ordered list: stages left out are deleted (refused while they hold deals).
    #[serde(default)]
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
    pub title: String,
    pub contact_id: Uuid,
    /// Default: the stage's pipeline, else the default pipeline.
    #[serde(default)]
    pub pipeline_id: Option<Uuid>,
    /// Default: the pipeline's first stage.
    #[serde(default)]
    pub stage_id: Option<Uuid>,
    /// At least 0, at most two decimals; default 0.
    #[serde(default)]
    pub value: Option<f64>,
    /// Three capital letters; default `USD`.
    #[serde(default)]
    pub currency: Option<String>,
    /// `low`, `medium` (default), `high` or `urgent`.
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub expected_close_date: Option<chrono::NaiveDate>,
    /// An active member of the workspace.
    #[serde(default)]
    pub owner_id: Option<Uuid>,
    #[serde(default)]
    pub conversation_id: Option<Uuid>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Omitted fields stay as they are; null clears. A new `stageId` (or `pipelineId`) moves the deal last
/// in that stage (or the pipeline's first stage), with the same bookkeeping as a move.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateDealInput {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    #[serde(default)]
    pub pipeline_id: Option<Uuid>,
    #[serde(default)]
    pub stage_id: Option<Uuid>,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
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
    #[schema(value_type = Option<String>)]
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
    pub status: Option<String>,
    pub owner_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    /// `low`, `medium`, `high` or `urgent`.
    pub priority: Option<String>,
    /// Only open deals past their expected close date (or, with false, the others).
    pub overdue: Option<bool>,
    /// Searches the title and the contact's name and phone.
    pub q: Option<String>,
    /// The `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// 1-200, default 50.
    pub limit: Option<u64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DealPage {
    /// Newest first.
    pub items: Vec<Deal>,
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
}

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
    /// Deals in the stage (all of them, also beyond the 200 listed).
    pub count: i64,
    pub value: f64,
    /// The value times the stage's probability.
    pub weighted: f64,
    /// By position, at most 200.
    pub deals: Vec<Deal>,
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
    pub subject: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `low`, `medium` (default), `high` or `urgent`.
    #[serde(default)]
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
    pub subject: Option<String>,
    /// Null or an empty string clears.
    #[serde(default, deserialize_with = "sent")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// `open`, `pending`, `resolved` or `closed`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
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
    /// Conversations of this workspace; replaces the links.
    pub conversation_ids: Vec<Uuid>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct TicketQuery {
    /// `open`, `pending`, `resolved` or `closed`.
    pub status: Option<String>,
    pub priority: Option<String>,
    pub assignee_id: Option<Uuid>,
    /// Only tickets assigned to the caller.
    pub mine: Option<bool>,
    pub contact_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    /// Searches the subject and the contact's name and phone; a number finds that ticket.
    pub q: Option<String>,
    /// The `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// 1-200, default 50.
    pub limit: Option<u64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketPage {
    /// Newest first.
    pub items: Vec<Ticket>,
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
}

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
    pub body: String,
}

// ---- the CRM dashboard ----

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DealTotals {
    pub count: i64,
    pub value: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StageDeals {
    pub stage_id: Uuid,
    pub name: String,
    pub color: String,
    /// Open deals in the stage.
    pub count: i64,
    pub value: f64,
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
