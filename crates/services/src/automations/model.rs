//! What an automation rule is made of (trigger, AND/OR condition groups, ordered actions) and what the
//! automations API takes and answers. Stored as JSON in `automations`, read back with the same types.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

/// What starts a rule: a domain event (filtered by the optional fields) or a timer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Trigger {
    /// A customer's message; with keywords, only one containing one of them (case-insensitive).
    MessageReceived {
        #[serde(default)]
        #[schema(schema_with = keywords_schema)]
        keywords: Vec<String>,
    },
    ConversationCreated {},
    /// A conversation's status changed (to `status` only, when set).
    ConversationStatusChanged {
        #[serde(default)]
        #[schema(pattern = "^(open|pending|snoozed|resolved|closed)$")]
        status: Option<String>,
    },
    ConversationAssigned {},
    /// A label was put on a conversation (this label only, when set).
    #[serde(rename_all = "camelCase")]
    LabelAdded {
        #[serde(default)]
        #[schema(schema_with = crate::schema::opt_uuid)]
        label_id: Option<Uuid>,
    },
    #[serde(rename_all = "camelCase")]
    LabelRemoved {
        #[serde(default)]
        #[schema(schema_with = crate::schema::opt_uuid)]
        label_id: Option<Uuid>,
    },
    ContactCreated {},
    /// A contact's custom field changed (this field's key only, when set).
    ContactFieldChanged {
        #[serde(default)]
        field: Option<String>,
    },
    /// A deal moved stage (into this stage only, when set).
    #[serde(rename_all = "camelCase")]
    DealStageChanged {
        #[serde(default)]
        #[schema(schema_with = crate::schema::opt_uuid)]
        stage_id: Option<Uuid>,
    },
    TicketCreated {},
    /// An open conversation whose customer wrote last has had no answer for this many minutes.
    NoAgentReply {
        #[schema(minimum = 1, maximum = 10080)]
        minutes: i64,
    },
    /// An open conversation where the business wrote last has had no answer from the customer for this many hours.
    NoCustomerReply {
        #[schema(minimum = 1, maximum = 720)]
        hours: i64,
    },
    /// A cron schedule (minute hour day-of-month month day-of-week) in the workspace's time zone, at most every
    /// five minutes.
    Schedule {
        #[schema(schema_with = cron_schema)]
        cron: String,
    },
}

impl Trigger {
    /// The domain event kinds the trigger listens to; none for timers (the sweeper runs them).
    pub fn events(&self) -> &'static [&'static str] {
        match self {
            Self::MessageReceived { .. } => &["message.created"],
            Self::ConversationCreated {} => &["conversation.created"],
            Self::ConversationStatusChanged { .. } => &["conversation.status_changed"],
            Self::ConversationAssigned {} => &["conversation.assigned"],
            Self::LabelAdded { .. } | Self::LabelRemoved { .. } => &["conversation.labels_changed"],
            Self::ContactCreated {} => &["contact.created"],
            Self::ContactFieldChanged { .. } => &["contact.field_changed"],
            Self::DealStageChanged { .. } => &["deal.stage_changed"],
            Self::TicketCreated {} => &["ticket.created"],
            Self::NoAgentReply { .. } | Self::NoCustomerReply { .. } | Self::Schedule { .. } => &[],
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::MessageReceived { .. } => "messageReceived",
            Self::ConversationCreated {} => "conversationCreated",
            Self::ConversationStatusChanged { .. } => "conversationStatusChanged",
            Self::ConversationAssigned {} => "conversationAssigned",
            Self::LabelAdded { .. } => "labelAdded",
            Self::LabelRemoved { .. } => "labelRemoved",
            Self::ContactCreated {} => "contactCreated",
            Self::ContactFieldChanged { .. } => "contactFieldChanged",
            Self::DealStageChanged { .. } => "dealStageChanged",
            Self::TicketCreated {} => "ticketCreated",
            Self::NoAgentReply { .. } => "noAgentReply",
            Self::NoCustomerReply { .. } => "noCustomerReply",
            Self::Schedule { .. } => "schedule",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Match {
    /// Every item (AND).
    #[default]
    All,
    /// At least one item (OR).
    Any,
}

/// Groups of conditions: `match` says how the groups combine, each group's `match` how its items do. No group:
/// the rule always runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Conditions {
    #[serde(default, rename = "match")]
    pub match_: Match,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub groups: Vec<ConditionGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConditionGroup {
    #[serde(default, rename = "match")]
    pub match_: Match,
    #[schema(schema_with = condition_items_schema)]
    pub items: Vec<Condition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum TextOp {
    Contains,
    NotContains,
    Equals,
    StartsWith,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum FieldOp {
    Equals,
    NotEquals,
    Contains,
    IsSet,
    IsNotSet,
}

/// One test on what the event is about. Text comparisons ignore case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
// Named apart from the contact filter's `Condition` (crm), which would otherwise take its place in the document.
#[schema(as = AutomationCondition)]
pub enum Condition {
    /// The customer's message (no message: never true, except for `notContains`).
    MessageText {
        #[schema(inline)]
        op: TextOp,
        #[schema(min_length = 1, max_length = 500)]
        value: String,
    },
    /// A contact custom field by key (compared as text).
    ContactField {
        #[schema(schema_with = crate::schema::not_blank)]
        field: String,
        #[schema(inline)]
        op: FieldOp,
        #[serde(default)]
        value: Option<String>,
    },
    /// The conversation has (or has not) this label.
    #[serde(rename_all = "camelCase")]
    Label { has: bool, label_id: Uuid },
    /// The contact's consent: `opted_in`, `opted_out` or `unknown`.
    Consent {
        #[schema(pattern = "^(opted_in|opted_out|unknown)$")]
        status: String,
    },
    /// The conversation's status is one of these.
    ConversationStatus {
        #[schema(schema_with = statuses_schema)]
        statuses: Vec<String>,
    },
    /// The conversation is on one of these WhatsApp numbers.
    #[serde(rename_all = "camelCase")]
    Number {
        #[schema(min_items = 1)]
        connection_ids: Vec<Uuid>,
    },
    /// Inside (`open: true`) or outside the inbox's business hours (always inside when they are off).
    BusinessHours { open: bool },
    /// The workspace's local time is within `from`-`to` (`HH:MM`, `to` may be past midnight), on these weekdays
    /// (1 Monday .. 7 Sunday; none: every day).
    TimeOfDay {
        #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
        from: String,
        #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
        to: String,
        #[serde(default)]
        #[schema(schema_with = weekdays_schema)]
        weekdays: Vec<u8>,
    },
}

/// What a rule does, in order. Actions about a conversation use the event's (or the contact's latest).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Action {
    /// A text reply (inside the 24-hour window on the Cloud API).
    SendText {
        #[schema(schema_with = not_blank::<4096>)]
        text: String,
    },
    /// An approved template, with its components as the send API takes them.
    SendTemplate {
        #[schema(schema_with = crate::schema::not_blank)]
        name: String,
        #[schema(schema_with = crate::schema::not_blank)]
        language: String,
        #[serde(default)]
        #[schema(value_type = Option<Vec<Value>>)]
        components: Value,
    },
    /// Assigns to a member and/or a team.
    #[serde(rename_all = "camelCase")]
    Assign {
        #[serde(default)]
        #[schema(schema_with = crate::schema::opt_uuid)]
        user_id: Option<Uuid>,
        #[serde(default)]
        #[schema(schema_with = crate::schema::opt_uuid)]
        team_id: Option<Uuid>,
    },
    #[serde(rename_all = "camelCase")]
    AddLabel { label_id: Uuid },
    #[serde(rename_all = "camelCase")]
    RemoveLabel { label_id: Uuid },
    /// Sets a contact custom field (checked against the field's type).
    SetField {
        field: String,
        #[schema(value_type = Object)]
        value: Value,
    },
    /// Sets the conversation's status; `snoozed` needs `snoozeMinutes`.
    #[serde(rename_all = "camelCase")]
    SetStatus {
        #[schema(pattern = "^(open|pending|snoozed|resolved|closed)$")]
        status: String,
        #[serde(default)]
        #[schema(minimum = 1, maximum = 43200)]
        snooze_minutes: Option<i64>,
    },
    /// Starts a published chatbot flow for the contact (not when a flow already runs for them).
    #[serde(rename_all = "camelCase")]
    StartFlow { flow_id: Uuid },
    CreateTicket {
        #[schema(schema_with = not_blank::<200>)]
        subject: String,
        #[serde(default)]
        #[schema(pattern = "^(low|medium|high|urgent)$")]
        priority: Option<String>,
    },
    /// A deal for the contact in the default pipeline's first stage.
    CreateDeal {
        #[schema(schema_with = not_blank::<200>)]
        title: String,
        #[serde(default)]
        #[schema(minimum = 0, maximum = 1_000_000_000_000_f64)]
        value: Option<f64>,
    },
    /// Posts the event to one of the workspace's webhook endpoints, signed with its secret like a delivery.
    #[serde(rename_all = "camelCase")]
    Webhook { endpoint_id: Uuid },
    /// Mails a member of the workspace.
    #[serde(rename_all = "camelCase")]
    MailMember {
        user_id: Uuid,
        #[schema(schema_with = not_blank::<200>)]
        subject: String,
        #[schema(schema_with = not_blank::<5000>)]
        text: String,
    },
    /// Later rules do not run for this event.
    StopOtherRules {},
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Self::SendText { .. } => "sendText",
            Self::SendTemplate { .. } => "sendTemplate",
            Self::Assign { .. } => "assign",
            Self::AddLabel { .. } => "addLabel",
            Self::RemoveLabel { .. } => "removeLabel",
            Self::SetField { .. } => "setField",
            Self::SetStatus { .. } => "setStatus",
            Self::StartFlow { .. } => "startFlow",
            Self::CreateTicket { .. } => "createTicket",
            Self::CreateDeal { .. } => "createDeal",
            Self::Webhook { .. } => "webhook",
            Self::MailMember { .. } => "mailMember",
            Self::StopOtherRules {} => "stopOtherRules",
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Automation {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub enabled: bool,
    /// Rules run in this order (0 first).
    pub position: i32,
    pub trigger: Trigger,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_run_at: Option<DateTime<Utc>>,
    /// Runs whose actions ran, and runs that failed.
    pub run_count: i64,
    pub failure_count: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateAutomationInput {
    #[schema(schema_with = crate::schema::text::<1, 120>)]
    pub name: String,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub description: String,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[schema(schema_with = trigger_schema)]
    pub trigger: Trigger,
    #[serde(default)]
    pub conditions: Conditions,
    #[schema(schema_with = actions_schema)]
    pub actions: Vec<Action>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateAutomationInput {
    #[schema(schema_with = crate::schema::opt_text::<1, 120>)]
    pub name: Option<String>,
    #[schema(max_length = 500)]
    pub description: Option<String>,
    pub enabled: Option<bool>,
    #[schema(schema_with = opt_trigger_schema)]
    pub trigger: Option<Trigger>,
    pub conditions: Option<Conditions>,
    #[schema(schema_with = opt_actions_schema)]
    pub actions: Option<Vec<Action>>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutomationStatusInput {
    pub enabled: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReorderAutomationsInput {
    /// Rule ids in the wanted order; rules left out keep their order after these.
    #[schema(min_items = 1, max_items = 500)]
    pub ids: Vec<Uuid>,
}

/// One look of a rule at an event or a timer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AutomationRun {
    pub id: i64,
    /// The event (`evt_…`, as webhooks name it); null for timers and schedules.
    pub event_id: Option<String>,
    pub event_kind: String,
    pub conversation_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    /// matched (its actions ran), skipped (conditions not met), failed (an action failed) or loop_guarded (the
    /// event came from this rule's own actions, or from a chain of rules more than three deep).
    pub status: String,
    /// Each action's result: `{type, ok, error?, ...}`.
    #[schema(value_type = Vec<Object>)]
    pub actions: Value,
    pub error: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AutomationRunPage {
    pub items: Vec<AutomationRun>,
    /// Pass as `before` for the next (older) page; null on the last.
    pub next_before: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AutomationRunQuery {
    #[param(pattern = "^(matched|skipped|failed|loop_guarded)$")]
    pub status: Option<String>,
    #[param(minimum = 1)]
    pub before: Option<i64>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
}

/// Text with something besides white space, of at most `MAX` characters (the rule checks the raw length).
fn not_blank<const MAX: usize>() -> utoipa::openapi::schema::Object {
    let mut o = crate::schema::not_blank();
    o.max_length = Some(MAX);
    o
}

fn keywords_schema() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new().items(not_blank::<100>()).max_items(Some(20)).build()
}

fn statuses_schema() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(crate::schema::one_of(&["open", "pending", "snoozed", "resolved", "closed"]))
        .min_items(Some(1))
        .build()
}

/// 1 (Monday) to 7 (Sunday).
fn weekdays_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).maximum(Some(7)))
        .build()
}

/// 1 to 20 actions, with the rules across an action's fields the derived `oneOf` cannot carry, as an `anyOf` on
/// the variant: a `setStatus` to `snoozed` needs `snoozeMinutes`, an `assign` names a member, a team or both.
fn actions_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{AllOfBuilder, AnyOfBuilder, ArrayBuilder, ObjectBuilder, Schema, Type};
    let given = |field: &str, ty: Type| {
        ObjectBuilder::new().property(field, ObjectBuilder::new().schema_type(ty)).required(field)
    };
    let mut action = closed_variants::<Action>();
    if let RefOr::T(Schema::OneOf(one)) = &mut action {
        for item in &mut one.items {
            let RefOr::T(Schema::Object(o)) = item else { continue };
            let is = |kind: &str| {
                o.properties.get("type").is_some_and(|t| {
                    matches!(t, RefOr::T(Schema::Object(t))
                        if t.enum_values.as_ref().is_some_and(|v| v.iter().any(|x| x == kind)))
                })
            };
            let either = if is("setStatus") {
                AnyOfBuilder::new()
                    .item(
                        ObjectBuilder::new()
                            .property("status", crate::schema::one_of(&["open", "pending", "resolved", "closed"])),
                    )
                    .item(given("snoozeMinutes", Type::Integer))
            } else if is("assign") {
                AnyOfBuilder::new().item(given("userId", Type::String)).item(given("teamId", Type::String))
            } else {
                continue;
            };
            let variant = std::mem::replace(item, RefOr::T(Schema::Object(Default::default())));
            *item =
                RefOr::T(Schema::AllOf(AllOfBuilder::new().item(variant).item(Schema::AnyOf(either.build())).build()));
        }
    }
    ArrayBuilder::new().items(action).min_items(Some(1)).max_items(Some(20)).build()
}

/// `T`'s `oneOf`, each alternative closed (`additionalProperties: false`) as serde reads it: utoipa leaves an
/// enum's variants open even when the enum denies unknown fields.
fn closed_variants<T: utoipa::PartialSchema>() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{AdditionalProperties, Schema};
    let mut schema = T::schema();
    if let RefOr::T(Schema::OneOf(one)) = &mut schema {
        for item in &mut one.items {
            if let RefOr::T(Schema::Object(o)) = item {
                o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
        }
    }
    schema
}

fn trigger_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    closed_variants::<Trigger>()
}

fn opt_trigger_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
    let one = OneOfBuilder::new().item(ObjectBuilder::new().schema_type(Type::Null)).item(closed_variants::<Trigger>());
    RefOr::T(Schema::OneOf(one.build()))
}

fn condition_items_schema() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(closed_variants::<Condition>())
        .min_items(Some(1))
        .max_items(Some(20))
        .build()
}

fn opt_actions_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{SchemaType, Type};
    let mut a = actions_schema();
    a.schema_type = SchemaType::Array(vec![Type::Array, Type::Null]);
    a
}

/// The schedules every server takes, as a pattern: a single minute or a step dividing the hour (`*/5`, `*/15` ...),
/// then hour, day of month, month and day of week as lists of `*`, values and ranges, each with an optional step.
/// The server also takes other expressions that fire at most every five minutes (minute lists, `7/20`); what a
/// pattern cannot weigh, the gaps between a list's minutes, is why those are left out of it.
fn cron_schema() -> utoipa::openapi::schema::Object {
    let values = |lo: u32, hi: u32| (lo..=hi).rev().map(|n| n.to_string()).collect::<Vec<_>>().join("|");
    let ranges =
        |lo: u32, hi: u32| (lo..=hi).map(|a| format!("{a}-(?:{})", values(a, hi))).collect::<Vec<_>>().join("|");
    let list = |lo: u32, hi: u32| {
        let item = format!("(?:\\*|{}|{})(?:/[1-9][0-9]{{0,2}})?", ranges(lo, hi), values(lo, hi));
        format!("{item}(?:,{item})*")
    };
    let minute = format!("(?:{}|\\*/(?:30|20|15|12|10|6|5))", values(0, 59));
    let core =
        format!("{minute}[ \\t]+{}[ \\t]+{}[ \\t]+{}[ \\t]+{}", list(0, 23), list(1, 31), list(1, 12), list(0, 7));
    let mut o = crate::schema::trimmed_matching(
        &core,
        "Five fields (minute hour day-of-month month day-of-week), firing at most every five minutes",
    );
    o.examples = vec![serde_json::json!("0 9 * * 1-5")];
    o
}

#[cfg(test)]
mod tests {
    use super::cron_schema;
    use super::*;
    use crate::automations::cron::Cron;
    use serde_json::json;

    #[test]
    fn rules_read_back_as_they_were_written() {
        let trigger = Trigger::Schedule { cron: "0 9 * * 1-5".into() };
        let back: Trigger = serde_json::from_value(json!(trigger)).expect("trigger");
        assert_eq!(back, trigger);
        let conditions = Conditions::default();
        let back: Conditions = serde_json::from_value(json!(conditions)).expect("conditions");
        assert_eq!(back, conditions);
        let actions = vec![
            Action::MailMember { user_id: Uuid::nil(), subject: "s".into(), text: "t".into() },
            Action::StopOtherRules {},
        ];
        let back: Vec<Action> = serde_json::from_value(json!(actions)).expect("actions");
        assert_eq!(back, actions);
        // Variants without fields refuse unknown ones too (a unit variant would let them through).
        let extra = json!([{ "type": "stopOtherRules", "x": 1 }]);
        assert!(serde_json::from_value::<Vec<Action>>(extra).is_err());
        assert!(serde_json::from_value::<Trigger>(json!({ "kind": "contactCreated", "x": 1 })).is_err());
    }

    /// Whatever the document's pattern takes, the server takes; the forms it leaves out are the server's to judge.
    #[test]
    fn every_schedule_the_pattern_takes_parses() {
        let re = regex::Regex::new(&cron_schema().pattern.expect("a pattern")).expect("pattern compiles");
        let taken = [
            "0 9 * * 1-5",
            " 59 23 31 12 7 ",
            "*/5 * * * *",
            "*/30 0-23/2,5 1-31 1-12/3 0-7",
            "0 */1 */1 */1 */1",
            "15 9-17 1,15 * 1-5",
            "0\t0 1 1 0",
            "7 5/6 3/10 2/2 6/1",
        ];
        for cron in taken {
            assert!(re.is_match(cron), "{cron:?} matches");
            assert!(Cron::parse(cron).is_ok(), "{cron:?} parses");
        }
        for cron in
            ["", "* * * * *", "*/4 * * * *", "60 * * * *", "0 24 * * *", "0 9-8 * * *", "0 0 0 * *", "0 0 * 13 *"]
        {
            assert!(!re.is_match(cron), "{cron:?} does not match");
        }
        for minute in 0..60 {
            for hours in ["*", "0-23", "22-23,0-1", "*/1"] {
                let cron = format!("{minute} {hours} * * *");
                assert!(re.is_match(&cron) && Cron::parse(&cron).is_ok(), "{cron:?}");
            }
        }
    }
}
