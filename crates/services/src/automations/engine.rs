//! The automation worker: claims kept events queued for rules (across workspaces, SKIP LOCKED), matches them in
//! Rust against the workspace's cached rules in order, checks each matching rule's conditions, runs its actions
//! in the event's workspace transaction and logs every look in `automation_runs`. A sweeper fires the timers (no
//! reply for a while) and schedules, once per rule and window. Events a rule's actions produce carry the rule and
//! the chain's depth: a rule never runs on its own actions' events, and a chain stops three rules deep.

use super::model::*;
use super::rules::{LiveRule, minutes_of};
use crate::billing::quota::Meter;
use crate::events::Event;
use crate::inbox::conversations as inbox;
use crate::{Core, DbResultExt, Result};
use chrono::{DateTime, Utc};
use parley_domain::TenantId;
use parley_store::TenantTx;
use parley_store::repo::automations::outbox::Cause;
use parley_store::repo::automations::rules::{self as repo, NewRun};
use parley_store::repo::inbox::conversations::ConversationRow;
use parley_store::repo::platform::system;
use parley_store::repo::{self as store, crm::contacts::ContactRow};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// A rule does not run on an event this many rules produced in a row (its actions would make the chain longer).
pub const MAX_DEPTH: i32 = 3;

/// The most queued events one claim takes.
const CLAIM: i64 = 100;

/// A queued event is given up after this many failed tries (each a minute's lease apart).
const MAX_ATTEMPTS: i32 = 5;

#[derive(Clone)]
pub struct AutomationWorker(pub(crate) Arc<Core>);

/// What a rule looks at: the event's kind and what it is about.
#[derive(Debug, Default, Clone)]
pub struct Subject {
    pub event_id: Option<i64>,
    pub event_at: Option<DateTime<Utc>>,
    pub kind: String,
    pub payload: Value,
    pub conversation_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub text: Option<String>,
    pub inbound: bool,
    pub added: Vec<Uuid>,
    pub removed: Vec<Uuid>,
    pub status_to: Option<String>,
    pub fields: Vec<String>,
    pub stage_id: Option<Uuid>,
}

fn id_at(v: &Value, ptr: &str) -> Option<Uuid> {
    v.pointer(ptr).and_then(Value::as_str).and_then(|s| s.parse().ok())
}

fn ids_at(v: &Value, ptr: &str) -> Vec<Uuid> {
    v.pointer(ptr)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| x.as_str().and_then(|s| s.parse().ok())).collect())
        .unwrap_or_default()
}

/// Reads what an event is about from its payload (the shapes `outbox::integration` writes).
pub fn subject(kind: &str, payload: Value) -> Subject {
    let p = &payload;
    let mut s = Subject { kind: kind.to_owned(), ..Default::default() };
    match kind {
        "message.created" => {
            s.conversation_id = id_at(p, "/conversationId");
            s.inbound = p["direction"] == "inbound";
            s.text = p
                .pointer("/content/text")
                .or_else(|| p.pointer("/content/caption"))
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        "conversation.created" | "conversation.updated" | "conversation.resolved" => {
            s.conversation_id = id_at(p, "/id");
            s.contact_id = id_at(p, "/contactId");
        }
        "conversation.assigned" | "conversation.status_changed" | "conversation.labels_changed" => {
            s.conversation_id = id_at(p, "/conversation/id");
            s.contact_id = id_at(p, "/conversation/contactId");
            s.status_to = p["to"].as_str().map(str::to_owned);
            s.added = ids_at(p, "/added");
            s.removed = ids_at(p, "/removed");
        }
        "contact.created" | "contact.updated" => s.contact_id = id_at(p, "/id"),
        "contact.field_changed" => {
            s.contact_id = id_at(p, "/contact/id");
            s.fields = p["fields"]
                .as_array()
                .map(|a| a.iter().filter_map(|f| f.as_str().map(str::to_owned)).collect())
                .unwrap_or_default();
        }
        "deal.stage_changed" => {
            s.contact_id = id_at(p, "/contactId");
            s.conversation_id = id_at(p, "/conversationId");
            s.stage_id = id_at(p, "/stageId");
        }
        "ticket.created" => s.contact_id = id_at(p, "/contactId"),
        _ => {}
    }
    s.payload = payload;
    s
}

/// Whether the trigger takes this event (its kind, and its optional filter).
pub fn trigger_matches(t: &Trigger, s: &Subject) -> bool {
    if !t.events().contains(&s.kind.as_str()) {
        return false;
    }
    match t {
        Trigger::MessageReceived { keywords } => {
            s.inbound
                && (keywords.is_empty() || {
                    let text = s.text.as_deref().unwrap_or_default().to_lowercase();
                    keywords.iter().any(|k| text.contains(&k.trim().to_lowercase()))
                })
        }
        Trigger::ConversationStatusChanged { status } => {
            status.as_deref().is_none_or(|want| s.status_to.as_deref() == Some(want))
        }
        Trigger::LabelAdded { label_id } => !s.added.is_empty() && label_id.is_none_or(|l| s.added.contains(&l)),
        Trigger::LabelRemoved { label_id } => !s.removed.is_empty() && label_id.is_none_or(|l| s.removed.contains(&l)),
        Trigger::ContactFieldChanged { field } => {
            !s.fields.is_empty() && field.as_ref().is_none_or(|f| s.fields.contains(f))
        }
        Trigger::DealStageChanged { stage_id } => stage_id.is_none_or(|want| s.stage_id == Some(want)),
        _ => true,
    }
}

/// What conditions are checked against, read once per event (and again after a rule changed things).
#[derive(Default)]
pub(crate) struct Facts {
    pub text: Option<String>,
    pub conversation: Option<ConversationRow>,
    pub contact: Option<ContactRow>,
    pub open: bool,
    /// 1 Monday .. 7 Sunday, and minutes since local midnight.
    pub weekday: u8,
    pub minutes: u16,
}

fn field_text(contact: Option<&ContactRow>, key: &str) -> Option<String> {
    match contact?.attributes.get(key)? {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn holds(c: &Condition, f: &Facts) -> bool {
    let lower = |s: &str| s.to_lowercase();
    match c {
        Condition::MessageText { op, value } => {
            let v = lower(value);
            match (f.text.as_deref().map(lower), op) {
                (None, TextOp::NotContains) => true,
                (None, _) => false,
                (Some(t), TextOp::Contains) => t.contains(&v),
                (Some(t), TextOp::NotContains) => !t.contains(&v),
                (Some(t), TextOp::Equals) => t.trim() == v.trim(),
                (Some(t), TextOp::StartsWith) => t.trim_start().starts_with(&v),
            }
        }
        Condition::ContactField { field, op, value } => {
            let have = field_text(f.contact.as_ref(), field).map(|s| lower(&s));
            let want = value.as_deref().map(lower).unwrap_or_default();
            match op {
                FieldOp::IsSet => have.is_some(),
                FieldOp::IsNotSet => have.is_none(),
                FieldOp::Equals => have.as_deref() == Some(want.as_str()),
                FieldOp::NotEquals => have.as_deref() != Some(want.as_str()),
                FieldOp::Contains => have.is_some_and(|h| h.contains(&want)),
            }
        }
        Condition::Label { has, label_id } => {
            let on = f.conversation.as_ref().is_some_and(|c| {
                c.labels.as_array().is_some_and(|a| a.iter().any(|l| id_at(l, "/id") == Some(*label_id)))
            });
            on == *has
        }
        Condition::Consent { status } => f.contact.as_ref().is_some_and(|c| c.consent_status == *status),
        Condition::ConversationStatus { statuses } => {
            f.conversation.as_ref().is_some_and(|c| statuses.contains(&c.status))
        }
        Condition::Number { connection_ids } => {
            f.conversation.as_ref().is_some_and(|c| connection_ids.contains(&c.connection_id))
        }
        Condition::BusinessHours { open } => f.open == *open,
        Condition::TimeOfDay { from, to, weekdays } => {
            let (from, to, m) = (minutes_of(from), minutes_of(to), f.minutes);
            let in_time = if from <= to { from <= m && m <= to } else { m >= from || m <= to };
            in_time && (weekdays.is_empty() || weekdays.contains(&f.weekday))
        }
    }
}

/// AND/OR groups; no group holds always.
pub(crate) fn conditions_hold(cs: &Conditions, f: &Facts) -> bool {
    let group = |g: &ConditionGroup| match g.match_ {
        Match::All => g.items.iter().all(|c| holds(c, f)),
        Match::Any => g.items.iter().any(|c| holds(c, f)),
    };
    if cs.groups.is_empty() {
        return true;
    }
    match cs.match_ {
        Match::All => cs.groups.iter().all(group),
        Match::Any => cs.groups.iter().any(group),
    }
}

/// What a round of rules leaves to do after its commit.
#[derive(Default)]
struct Done {
    events: Vec<Event>,
    deliveries: u64,
    sent: i64,
    mails: bool,
    flows: bool,
}

/// The conversation and contact an action works on.
struct Target {
    conversation: Option<ConversationRow>,
    contact_id: Option<Uuid>,
}

enum Step {
    Done(Value),
    Failed(String),
    Stop,
}

impl AutomationWorker {
    async fn facts(&self, tx: &TenantTx, s: &Subject) -> Result<Facts> {
        let conversation = match s.conversation_id {
            Some(id) => store::inbox::conversations::get(&tx.tx, id).await.db()?,
            None => match s.contact_id {
                Some(c) => match store::flows::runs::latest_conversation(tx, c).await.db()? {
                    Some(id) => store::inbox::conversations::get(&tx.tx, id).await.db()?,
                    None => None,
                },
                None => None,
            },
        };
        let contact_id = s.contact_id.or(conversation.as_ref().map(|c| c.contact_id));
        let contact = match contact_id {
            Some(id) => store::crm::contacts::get(&tx.tx, id).await.db()?,
            None => None,
        };
        let (open, local) = crate::flows::runner::workspace_clock(tx, Utc::now()).await?;
        Ok(Facts {
            text: s.text.clone(),
            conversation,
            contact,
            open,
            weekday: local.weekday + 1,
            minutes: local.minutes,
        })
    }

    /// Runs one rule's actions in order; answers each one's result, whether one failed, and whether later rules
    /// are stopped. The events they produce are recorded with the rule as their cause.
    async fn act(
        &self,
        tx: &TenantTx,
        rule: &LiveRule,
        s: &Subject,
        facts: &Facts,
        depth: i32,
        done: &mut Done,
    ) -> Result<(Vec<Value>, bool, bool)> {
        let mut target = Target {
            conversation: facts.conversation.clone(),
            contact_id: facts.contact.as_ref().map(|c| c.id).or(s.contact_id),
        };
        let mut events = Vec::new();
        let (mut results, mut failed, mut stop) = (Vec::new(), false, false);
        for a in &rule.actions {
            let r = match self.action(tx, a, s, &mut target, &mut events, done).await? {
                Step::Done(note) => {
                    let mut v = json!({ "type": a.name(), "ok": true });
                    if let (Some(o), Value::Object(n)) = (v.as_object_mut(), note) {
                        o.extend(n);
                    }
                    v
                }
                Step::Failed(why) => {
                    failed = true;
                    json!({ "type": a.name(), "ok": false, "error": why })
                }
                Step::Stop => {
                    stop = true;
                    json!({ "type": a.name(), "ok": true })
                }
            };
            results.push(r);
        }
        let cause = Cause { rule: rule.id, depth };
        done.deliveries += self.0.record_events_caused(tx, &events, Some(cause)).await?;
        done.events.extend(events);
        Ok((results, failed, stop))
    }

    async fn action(
        &self,
        tx: &TenantTx,
        a: &Action,
        s: &Subject,
        t: &mut Target,
        events: &mut Vec<Event>,
        done: &mut Done,
    ) -> Result<Step> {
        let core = &self.0;
        let need_conv = || Step::Failed("there is no conversation to act on".into());
        match a {
            Action::SendText { .. } | Action::SendTemplate { .. } => {
                let Some(c) = t.conversation.as_ref() else { return Ok(need_conv()) };
                if !c.addressable() {
                    return Ok(Step::Failed("WhatsApp did not share this customer's number".into()));
                }
                let (content, preview, kind) = match a {
                    Action::SendText { text } => (json!({ "text": text }), text.clone(), "text"),
                    Action::SendTemplate { name, language, components } => (
                        json!({ "template": { "name": name, "language": language,
                                "components": if components.is_null() { json!([]) } else { components.clone() } } }),
                        format!("[template] {name}"),
                        "template",
                    ),
                    _ => return Ok(Step::Stop),
                };
                let window_open = c.last_inbound_at.is_some_and(|at| at + chrono::Duration::hours(24) > Utc::now());
                if c.connection_kind == "cloud" && kind == "text" && !window_open {
                    return Ok(Step::Failed(
                        "more than 24 hours since the customer wrote: only a template can be sent".into(),
                    ));
                }
                if let Err(e) = core.meter(tx, Meter::Messages, 1).await {
                    return Ok(Step::Failed(e.to_string()));
                }
                let draft = store::inbox::messages::NewMessage::authored(
                    c.id,
                    c.connection_id,
                    "outbound",
                    kind,
                    content,
                    "queued",
                    None,
                );
                let row = core.queue_outbound(tx, draft, &preview).await?;
                done.sent += 1;
                let id = row.id;
                events.push(Event::MessageNew { message: inbox::with_media(tx, row).await? });
                Ok(Step::Done(json!({ "messageId": id })))
            }
            Action::Assign { user_id, team_id } => {
                let Some(c) = t.conversation.as_ref() else { return Ok(need_conv()) };
                let user = match user_id {
                    Some(u) => store::team::agents::get(tx, *u).await.db()?.map(|_| *u),
                    None => c.assignee_id,
                };
                let team = match team_id {
                    Some(id) => store::team::teams::get(tx, *id).await.db()?.map(|t| t.id),
                    None => c.team_id,
                };
                if user_id.is_some() && user.is_none() {
                    return Ok(Step::Failed("the member is no longer active".into()));
                }
                if team_id.is_some() && team.is_none() {
                    return Ok(Step::Failed("the team no longer exists".into()));
                }
                store::inbox::conversations::assign(tx, c.id, user, team).await.db()?;
                let Some(row) = store::inbox::conversations::get(&tx.tx, c.id).await.db()? else {
                    return Ok(need_conv());
                };
                let conversation = inbox::conversation_dto(row.clone());
                if let Some(u) = user.filter(|u| Some(*u) != c.assignee_id) {
                    events.push(inbox::assigned_notification(&conversation, u));
                }
                events.push(Event::ConversationAssigned { conversation, by: None });
                t.conversation = Some(row);
                Ok(Step::Done(json!({ "userId": user, "teamId": team })))
            }
            Action::AddLabel { label_id } | Action::RemoveLabel { label_id } => {
                let Some(c) = t.conversation.as_ref() else { return Ok(need_conv()) };
                let add = matches!(a, Action::AddLabel { .. });
                let mut ids: Vec<Uuid> =
                    c.labels.as_array().map(|a| a.iter().filter_map(|l| id_at(l, "/id")).collect()).unwrap_or_default();
                let had = ids.contains(label_id);
                if add == had {
                    return Ok(Step::Done(json!({ "changed": false })));
                }
                if crate::crm::labels::known_labels(tx, &[*label_id]).await.is_err() {
                    return Ok(Step::Failed("the label no longer exists".into()));
                }
                if add {
                    ids.push(*label_id);
                } else {
                    ids.retain(|l| l != label_id);
                }
                store::inbox::conversations::set_labels(tx, c.id, &ids).await.db()?;
                let Some(row) = store::inbox::conversations::get(&tx.tx, c.id).await.db()? else {
                    return Ok(need_conv());
                };
                let conversation = inbox::conversation_dto(row.clone());
                let (added, removed) = if add { (vec![*label_id], vec![]) } else { (vec![], vec![*label_id]) };
                events.push(inbox::labels_changed(&conversation, &added, &removed));
                events.push(Event::ConversationUpdated { conversation });
                t.conversation = Some(row);
                Ok(Step::Done(json!({ "changed": true })))
            }
            Action::SetField { field, value } => {
                let Some(contact) = t.contact_id else { return Ok(Step::Failed("there is no contact".into())) };
                let Some(row) = store::crm::contacts::get(&tx.tx, contact).await.db()? else {
                    return Ok(Step::Failed("the contact is gone".into()));
                };
                let defs = crate::crm::fields::defs(tx).await?;
                let attributes =
                    match crate::crm::fields::apply(&defs, &row.attributes, &json!({ field: value }), false) {
                        Ok(a) => a,
                        Err(errors) => {
                            let why: Vec<String> =
                                errors.into_iter().map(|f| format!("{}: {}", f.field, f.message)).collect();
                            return Ok(Step::Failed(why.join("; ")));
                        }
                    };
                let changed = crate::crm::contacts::changed_fields(&row.attributes, &attributes);
                if changed.is_empty() {
                    return Ok(Step::Done(json!({ "changed": false })));
                }
                let patch = store::crm::contacts::ContactPatch { attributes: Some(attributes), ..Default::default() };
                store::crm::contacts::update(tx, contact, &patch).await.db()?;
                let out = crate::crm::contacts::contact_with_labels(tx, contact).await?;
                events.push(crate::crm::contacts::contact_event("contact.updated", &out));
                events.push(crate::crm::contacts::field_changed(&out, &changed));
                Ok(Step::Done(json!({ "changed": true })))
            }
            Action::SetStatus { status, snooze_minutes } => {
                let Some(c) = t.conversation.as_ref() else { return Ok(need_conv()) };
                let until =
                    (status == "snoozed").then(|| Utc::now() + chrono::Duration::minutes(snooze_minutes.unwrap_or(60)));
                store::inbox::conversations::set_status(tx, c.id, status, until).await.db()?;
                let Some(row) = store::inbox::conversations::get(&tx.tx, c.id).await.db()? else {
                    return Ok(need_conv());
                };
                let conversation = inbox::conversation_dto(row.clone());
                events.extend(inbox::status_events(&conversation, &c.status));
                t.conversation = Some(row);
                Ok(Step::Done(json!({ "status": status })))
            }
            Action::StartFlow { flow_id } => {
                let Some(contact) = t.contact_id else { return Ok(Step::Failed("there is no contact".into())) };
                if store::flows::runs::active_for_contact(tx, contact).await.db()?.is_some() {
                    return Ok(Step::Failed("a flow is already running for this contact".into()));
                }
                let live = store::flows::definitions::live(tx).await.db()?;
                let Some(f) = live.into_iter().find(|f| f.flow_id == *flow_id) else {
                    return Ok(Step::Failed("the flow is not published".into()));
                };
                let conversation = t.conversation.as_ref().map(|c| c.id);
                let run = crate::flows::runner::insert_run(
                    tx,
                    &f,
                    contact,
                    conversation,
                    "automation",
                    None,
                    Default::default(),
                )
                .await?;
                store::flows::events::push(
                    tx,
                    &store::flows::events::NewEvent {
                        contact_id: contact,
                        conversation_id: conversation,
                        kind: "start",
                        run_id: Some(run.id),
                        payload: &json!({}),
                    },
                )
                .await
                .db()?;
                done.flows = true;
                Ok(Step::Done(json!({ "runId": run.id })))
            }
            Action::CreateTicket { subject, priority } => {
                let number = store::crm::tickets::next_number(tx, "ticket").await.db()?;
                let id = store::crm::tickets::insert(
                    tx,
                    store::crm::tickets::NewTicket {
                        number,
                        subject,
                        description: Some("Opened by an automation."),
                        priority: priority.as_deref().unwrap_or("medium"),
                        assignee_id: None,
                        contact_id: t.contact_id,
                        due_at: None,
                        created_by: None,
                    },
                )
                .await
                .db()?;
                if let Some(c) = t.conversation.as_ref() {
                    store::crm::tickets::set_conversations(tx, id, &[c.id]).await.db()?;
                }
                if let Some(row) = store::crm::tickets::get(tx, id).await.db()? {
                    let ticket = crate::crm::tickets::ticket_dto(row);
                    events.push(Event::Integration { kind: "ticket.created", subject: Some(id), data: json!(ticket) });
                }
                Ok(Step::Done(json!({ "ticketId": id, "number": number })))
            }
            Action::CreateDeal { title, value } => {
                let Some(contact) = t.contact_id else { return Ok(Step::Failed("there is no contact".into())) };
                let pipeline = core.default_pipeline(tx).await?;
                let Some(stage) = store::crm::pipelines::first_stage(tx, pipeline.id).await.db()? else {
                    return Ok(Step::Failed("the default pipeline has no stage".into()));
                };
                let id = store::crm::deals::insert(
                    tx,
                    store::crm::deals::NewDeal {
                        pipeline_id: pipeline.id,
                        stage_id: stage.id,
                        title,
                        value: value.unwrap_or(0.0),
                        currency: "USD",
                        priority: "medium",
                        expected_close_date: None,
                        owner_id: None,
                        contact_id: contact,
                        conversation_id: t.conversation.as_ref().map(|c| c.id),
                        notes: Some("Opened by an automation."),
                        created_by: None,
                    },
                )
                .await
                .db()?;
                Ok(Step::Done(json!({ "dealId": id })))
            }
            Action::Webhook { endpoint_id } => {
                let Some(ep) = store::automations::webhooks::get(tx, *endpoint_id).await.db()? else {
                    return Ok(Step::Failed("the webhook endpoint no longer exists".into()));
                };
                let Ok(secret) = core.channel.sealer.open(&ep.secret) else {
                    return Ok(Step::Failed("the endpoint's signing secret cannot be read".into()));
                };
                let body = match s.event_id {
                    Some(id) => super::catalog::envelope(
                        id,
                        &s.kind,
                        s.event_at.unwrap_or_else(Utc::now),
                        tx.tenant_id.0,
                        &s.payload,
                    ),
                    None => json!({ "type": s.kind, "createdAt": Utc::now(), "workspaceId": tx.tenant_id.0,
                                    "data": s.payload }),
                }
                .to_string();
                let ts = Utc::now().timestamp();
                let req = crate::flows::guarded_http::OutboundRequest {
                    method: "POST".into(),
                    url: ep.url.clone(),
                    headers: vec![
                        ("content-type".into(), "application/json".into()),
                        ("user-agent".into(), "Parley-Automations/1.0".into()),
                        ("parley-event".into(), s.kind.clone()),
                        (
                            "parley-signature".into(),
                            super::delivery::signature_header(&[secret.as_slice()], ts, body.as_bytes()),
                        ),
                    ],
                    body: Some(body),
                    timeout_ms: None,
                };
                let r = core.webhooks.client.send(&req).await;
                match (r.error, r.status) {
                    (None, Some(st)) if (200..300).contains(&st) => Ok(Step::Done(json!({ "status": st }))),
                    (Some(e), _) => Ok(Step::Failed(e)),
                    (None, st) => Ok(Step::Failed(format!("answered {}", st.unwrap_or_default()))),
                }
            }
            Action::MailMember { user_id, subject, text } => {
                let Some(m) = store::team::members::find(tx, *user_id).await.db()?.filter(|m| m.status == "active")
                else {
                    return Ok(Step::Failed("the member is no longer active".into()));
                };
                let link = match t.conversation.as_ref() {
                    Some(c) => format!("/inbox/{}", c.id),
                    None => "/automations".to_owned(),
                };
                let mail = crate::mail::MailOf::new("automation_mail", link)
                    .with("subject", subject.as_str())
                    .with("message", text.as_str());
                core.mail_in(tx, &m.email, &mail).await?;
                done.mails = true;
                Ok(Step::Done(json!({ "to": m.email })))
            }
            Action::StopOtherRules {} => Ok(Step::Stop),
        }
    }

    /// Matches one queued event against the workspace's rules, in order, and runs what matches.
    async fn process(&self, tenant: Uuid, queue_id: i64) -> Result<()> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        let Some(ev) = repo::queued(&tx, &[queue_id]).await.db()?.into_iter().next() else { return Ok(()) };
        if ev.attempts > MAX_ATTEMPTS {
            tracing::warn!(event = ev.event_id, %tenant, "automation event given up after repeated failures");
            repo::dequeue(&tx, queue_id).await.db()?;
            return tx.commit().await.db();
        }
        let rules = self.0.webhooks.automations.rules(&tx).await?;
        let mut s = subject(&ev.kind, ev.payload);
        s.event_id = Some(ev.event_id);
        s.event_at = Some(ev.event_at);
        let mut done = Done::default();
        let mut facts: Option<Facts> = None;
        for rule in &rules.rules {
            if !trigger_matches(&rule.trigger, &s) {
                continue;
            }
            let guarded = if ev.caused_by == Some(rule.id) {
                Some("this rule's own actions produced the event")
            } else if ev.depth >= MAX_DEPTH {
                Some("a chain of rules went more than three deep")
            } else {
                None
            };
            let mut run = NewRun {
                automation_id: rule.id,
                event_id: Some(ev.event_id),
                event_kind: &ev.kind,
                conversation_id: s.conversation_id,
                contact_id: s.contact_id,
                status: "loop_guarded",
                actions: &json!([]),
                error: guarded,
                dedupe_key: None,
            };
            if guarded.is_some() {
                repo::insert_run(&tx, &run).await.db()?;
                continue;
            }
            if facts.is_none() {
                facts = Some(self.facts(&tx, &s).await?);
            }
            let Some(f) = facts.as_ref() else { continue };
            run.conversation_id = f.conversation.as_ref().map(|c| c.id);
            run.contact_id = f.contact.as_ref().map(|c| c.id);
            if !conditions_hold(&rule.conditions, f) {
                run.status = "skipped";
                repo::insert_run(&tx, &run).await.db()?;
                continue;
            }
            let (results, failed, stop) = self.act(&tx, rule, &s, f, ev.depth + 1, &mut done).await?;
            let results = json!(results);
            run.status = if failed { "failed" } else { "matched" };
            run.error = failed.then_some("an action failed");
            run.actions = &results;
            repo::insert_run(&tx, &run).await.db()?;
            // What the next rule sees reflects what this one changed.
            facts = None;
            if stop {
                break;
            }
        }
        repo::dequeue(&tx, queue_id).await.db()?;
        self.finish(tenant, tx, done).await
    }

    async fn finish(&self, tenant: Uuid, tx: TenantTx, done: Done) -> Result<()> {
        if done.sent > 0 {
            self.0.commit_metered(tx, Meter::Messages, done.sent).await?;
        } else {
            tx.commit().await.db()?;
        }
        if done.mails {
            self.0.wake_mailer();
        }
        if done.flows {
            self.0.flows.wakeup.notify_one();
        }
        self.0.published(tenant, done.events, done.deliveries);
        Ok(())
    }

    /// Claims queued events across workspaces and matches them, each workspace's in order. Answers how many.
    async fn round(&self) -> Result<usize> {
        let claimed = system::claim_automation_events(&self.0.db, CLAIM, 60).await.db()?;
        let n = claimed.len();
        let mut by_tenant: HashMap<Uuid, Vec<i64>> = HashMap::new();
        for c in claimed {
            by_tenant.entry(c.tenant_id).or_default().push(c.id);
        }
        for (tenant, mut ids) in by_tenant {
            ids.sort_unstable();
            for id in ids {
                if let Err(e) = self.process(tenant, id).await {
                    // Left leased: tried again when the lease ends.
                    tracing::error!(error = %e, %tenant, queue = id, "automation event not processed");
                }
            }
        }
        Ok(n)
    }

    /// Matches queued events until none is left (tools and tests that run no worker); answers how many.
    pub async fn drain(&self) -> Result<usize> {
        let mut total = 0;
        loop {
            let n = self.round().await?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    /// Fires one timer or schedule window for a rule, once: the run's dedupe key claims it.
    async fn fire(&self, tx: &TenantTx, rule: &LiveRule, s: &Subject, key: &str, done: &mut Done) -> Result<bool> {
        let run = NewRun {
            automation_id: rule.id,
            event_id: None,
            event_kind: rule.trigger.name(),
            conversation_id: s.conversation_id,
            contact_id: s.contact_id,
            status: "matched",
            actions: &json!([]),
            error: None,
            dedupe_key: Some(key),
        };
        let Some(run_id) = repo::insert_run(tx, &run).await.db()? else { return Ok(false) };
        let f = self.facts(tx, s).await?;
        if !conditions_hold(&rule.conditions, &f) {
            repo::finish_run(tx, run_id, "skipped", &json!([]), None).await.db()?;
            return Ok(true);
        }
        let (results, failed, _) = self.act(tx, rule, s, &f, 1, done).await?;
        let status = if failed { "failed" } else { "matched" };
        repo::finish_run(tx, run_id, status, &json!(results), failed.then_some("an action failed")).await.db()?;
        Ok(true)
    }

    async fn sweep_tenant(&self, tenant: Uuid) -> Result<usize> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        let rules = self.0.webhooks.automations.rules(&tx).await?;
        let now = Utc::now();
        let mut done = Done::default();
        let mut fired = 0;
        for rule in &rules.rules {
            let waiting = match &rule.trigger {
                Trigger::NoAgentReply { minutes } => repo::awaiting_agent(&tx, *minutes, 100).await.db()?,
                Trigger::NoCustomerReply { hours } => repo::awaiting_customer(&tx, *hours, 100).await.db()?,
                Trigger::Schedule { .. } => {
                    let Some(cron) = rule.cron.as_ref() else { continue };
                    let settings = store::inbox::inbox_settings::get(&tx).await.db()?;
                    let tz: chrono_tz::Tz = settings.timezone.parse().unwrap_or(chrono_tz::UTC);
                    // Slots missed while no node ran are caught up for ten minutes, never before the rule was saved.
                    let after = rule.updated_at.max(now - chrono::Duration::minutes(10));
                    if let Some(slot) = cron.last_fire(tz, after, now) {
                        let s =
                            Subject { kind: "schedule".into(), payload: json!({ "slot": slot }), ..Default::default() };
                        if self.fire(&tx, rule, &s, &format!("cron:{}", slot.to_rfc3339()), &mut done).await? {
                            fired += 1;
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            for w in waiting {
                let s = Subject {
                    kind: rule.trigger.name().into(),
                    payload: json!({ "conversationId": w.conversation_id, "since": w.since }),
                    conversation_id: Some(w.conversation_id),
                    contact_id: Some(w.contact_id),
                    ..Default::default()
                };
                let key = format!("{}:{}", w.conversation_id, w.since.timestamp_micros());
                if self.fire(&tx, rule, &s, &key, &mut done).await? {
                    fired += 1;
                }
            }
        }
        self.finish(tenant, tx, done).await?;
        Ok(fired)
    }

    /// Fires due timers and schedules in every workspace that has some; answers how many fired.
    pub async fn sweep(&self) -> Result<usize> {
        let mut n = 0;
        for tenant in system::tenants_with_timed_automations(&self.0.db).await.db()? {
            match self.sweep_tenant(tenant).await {
                Ok(k) => n += k,
                Err(e) => tracing::error!(error = %e, %tenant, "automation timers not swept"),
            }
        }
        Ok(n)
    }
}

/// Runs the automation worker forever: woken when events were queued on this node, polling for other nodes'
/// (and for leases that ran out), and sweeping timers and schedules every `automation_sweep`.
pub async fn run_automations(w: AutomationWorker) {
    let every = w.0.webhooks.cfg.automation_sweep;
    let mut last_sweep: Option<Instant> = None;
    loop {
        if last_sweep.is_none_or(|t| t.elapsed() >= every) {
            last_sweep = Some(Instant::now());
            if let Err(e) = w.sweep().await {
                tracing::error!(error = %e, "automation sweep failed");
            }
        }
        match w.round().await {
            Ok(n) if n > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "automation round failed"),
        }
        tokio::select! {
            _ = w.0.webhooks.automations.wakeup.notified() => {
                // The queueing transaction commits right after it woke us.
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            _ = tokio::time::sleep(Duration::from_millis(300).min(every)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> Subject {
        subject(
            "message.created",
            json!({ "conversationId": Uuid::nil(), "direction": "inbound", "content": { "text": text } }),
        )
    }

    #[test]
    fn keywords_match_inbound_messages_ignoring_case() {
        let t = Trigger::MessageReceived { keywords: vec!["refund".into(), "Cancel".into()] };
        assert!(trigger_matches(&t, &message("I want a REFUND please")));
        assert!(trigger_matches(&t, &message("cancel my order")));
        assert!(!trigger_matches(&t, &message("where is my order")));
        let mut out = message("refund");
        out.inbound = false;
        assert!(!trigger_matches(&t, &out));
        assert!(!trigger_matches(&Trigger::ContactCreated {}, &message("refund")));
    }

    #[test]
    fn groups_combine_with_and_or() {
        let text = |v: &str| Condition::MessageText { op: TextOp::Contains, value: v.into() };
        let f = Facts { text: Some("hello world".into()), open: false, ..Default::default() };
        let any = ConditionGroup { match_: Match::Any, items: vec![text("nope"), text("world")] };
        let all =
            ConditionGroup { match_: Match::All, items: vec![text("hello"), Condition::BusinessHours { open: true }] };
        assert!(conditions_hold(&Conditions { match_: Match::All, groups: vec![any.clone()] }, &f));
        assert!(!conditions_hold(&Conditions { match_: Match::All, groups: vec![any.clone(), all.clone()] }, &f));
        assert!(conditions_hold(&Conditions { match_: Match::Any, groups: vec![any, all] }, &f));
        assert!(conditions_hold(&Conditions::default(), &f));
    }

    #[test]
    fn time_of_day_wraps_past_midnight() {
        let c = Condition::TimeOfDay { from: "22:00".into(), to: "06:00".into(), weekdays: vec![] };
        let at = |m: u16| Facts { minutes: m, weekday: 3, ..Default::default() };
        assert!(holds(&c, &at(23 * 60)));
        assert!(holds(&c, &at(5 * 60)));
        assert!(!holds(&c, &at(12 * 60)));
        let weekdays = Condition::TimeOfDay { from: "09:00".into(), to: "17:00".into(), weekdays: vec![1, 2] };
        assert!(!holds(&weekdays, &at(10 * 60)));
    }
}
