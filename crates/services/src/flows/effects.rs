//! Applies the engine's effects in the runner's transaction: messages through the send outbox (as the bot's),
//! HTTP calls and webhooks as durable jobs, and changes to the contact and the conversation. A sandbox run
//! records what it would have done instead of touching anything.

use super::jobs::{FLOW_HTTP, FLOW_WEBHOOK, FlowHttpJob, FlowWebhookJob};
use crate::billing::quota::Meter;
use crate::events::Event as DomainEvent;
use crate::inbox::conversations as inbox;
use crate::inbox::routing::Routed;
use crate::{Core, DbResultExt, DomainError, Result};
use parley_flow::{Effect, Out};
use parley_store::TenantTx;
use parley_store::repo::{self, flows::runs::RunRow};
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// Marks a sandbox run: effects are recorded for the test panel, never applied (its HTTP calls are answered by
/// the sandbox itself, with a sample or a real guarded call).
pub(crate) struct SandboxEnv;

/// What applying a step's effects did.
#[derive(Default)]
pub(crate) struct Applied {
    /// Published after the commit.
    pub events: Vec<DomainEvent>,
    /// Messages queued (metered at commit).
    pub sent: i64,
    /// Set when an effect failed in a way the run cannot go on from.
    pub failed: Option<String>,
    /// Another flow to start once this run is saved as ended.
    pub start_flow: Option<Uuid>,
    /// Notes for the trace, by the index of the effect's trace entry.
    pub notes: HashMap<usize, Value>,
    /// What a sandbox run did: messages for the phone panel, and what a real run would have changed.
    pub sandbox_out: Vec<Value>,
    pub sandbox_effects: Vec<Value>,
    /// HTTP calls a sandbox run must answer before the next step: (token, node, request).
    pub sandbox_http: Vec<(u64, String, parley_flow::HttpRequest)>,
}

/// The stored content, preview and message type of an outbound message, in the shapes the inbox already sends.
pub(crate) fn content_of(out: &Out) -> (Value, String, &'static str) {
    match out {
        Out::Text { text } => (json!({ "text": text }), text.clone(), "text"),
        Out::Media { kind, caption, .. } => {
            let k = match kind {
                parley_flow::schema::MediaKind::Image => "image",
                parley_flow::schema::MediaKind::Video => "video",
                parley_flow::schema::MediaKind::Audio => "audio",
                parley_flow::schema::MediaKind::Document => "document",
            };
            (json!({ "caption": caption }), format!("[{k}] {}", caption.clone().unwrap_or_default()).trim().into(), k)
        }
        Out::Buttons { body, buttons } => (json!({ "text": body, "buttons": buttons }), body.clone(), "buttons"),
        Out::List { body, button, sections } => {
            let sections: Vec<Value> = sections
                .iter()
                .map(|s| json!({ "title": s.title.clone().unwrap_or_default(), "rows": s.rows }))
                .collect();
            (json!({ "text": body, "listButton": button, "sections": sections }), body.clone(), "list")
        }
        Out::Template { name, language, components } => (
            json!({ "template": { "name": name, "language": language, "components": components } }),
            format!("[template] {name}"),
            "template",
        ),
    }
}

fn media_id(out: &Out) -> Option<Uuid> {
    match out {
        Out::Media { media_id, .. } => Some(*media_id),
        _ => None,
    }
}

/// Applies `effects` for `run`; a sandbox run (`sandbox` set) only records them.
pub(crate) async fn apply(
    core: &Core,
    tx: &TenantTx,
    run: &RunRow,
    effects: &[Effect],
    sandbox: Option<&SandboxEnv>,
) -> Result<Applied> {
    let mut a = Applied::default();
    if sandbox.is_some() {
        record_sandbox(&mut a, effects);
        return Ok(a);
    }
    let conv = match run.conversation_id {
        Some(id) => repo::inbox::conversations::get(&tx.tx, id).await.db()?,
        None => None,
    };
    let contact_id = run.contact_id;
    for e in effects {
        match e {
            Effect::Send { message, node } => {
                let Some(c) = conv.as_ref().filter(|c| c.addressable()) else {
                    a.failed = Some(format!("node {node}: the conversation is gone or has no phone number"));
                    break;
                };
                // Over the plan's messages the bot stops rather than queueing what cannot go out.
                if let Err(err) = core.meter(tx, Meter::Messages, 1).await {
                    a.failed = Some(format!("node {node}: {err}"));
                    break;
                }
                let (content, preview, kind) = content_of(message);
                let draft = repo::inbox::messages::NewMessage {
                    media_id: media_id(message),
                    flow_run_id: Some(run.id),
                    ..repo::inbox::messages::NewMessage::authored(
                        c.id,
                        c.connection_id,
                        "outbound",
                        kind,
                        content,
                        "queued",
                        None,
                    )
                };
                let row = core.queue_outbound(tx, draft, &preview).await?;
                a.sent += 1;
                a.events.push(DomainEvent::MessageNew { message: inbox::with_media(tx, row).await? });
            }
            Effect::ScheduleTimer { .. } => {} // stored on the run row by the runner
            Effect::Http { token, node, request } => {
                let job = FlowHttpJob {
                    tenant_id: tx.tenant_id.0,
                    run_id: run.id,
                    contact_id: contact_id.unwrap_or_default(),
                    conversation_id: run.conversation_id,
                    token: *token,
                    node: node.clone(),
                    request: request.clone(),
                };
                let key = format!("{}:{token}", run.id);
                repo::jobs::enqueue(&tx.tx, FLOW_HTTP, &json!(job), &key, 1).await.db()?;
            }
            Effect::Webhook { node, request } => {
                let job = FlowWebhookJob {
                    tenant_id: tx.tenant_id.0,
                    run_id: run.id,
                    node: node.clone(),
                    request: request.clone(),
                };
                let key = format!("{}:{node}:{}", run.id, Uuid::now_v7());
                repo::jobs::enqueue(&tx.tx, FLOW_WEBHOOK, &json!(job), &key, 5).await.db()?;
            }
            Effect::Assign { user_id, team_id } => {
                let Some(c) = conv.as_ref() else { continue };
                // A member or team removed since the flow was published is skipped, not assigned.
                let user = match user_id {
                    Some(u) => repo::team::members::find(tx, *u)
                        .await
                        .db()?
                        .filter(|m| m.status == "active")
                        .map(|m| m.user_id),
                    None => None,
                };
                let team = match team_id {
                    Some(t) => repo::team::teams::get(tx, *t).await.db()?.map(|t| t.id),
                    None => None,
                };
                if user.is_none() && team.is_none() {
                    continue;
                }
                repo::inbox::conversations::assign(tx, c.id, user, team).await.db()?;
                if let Some(row) = repo::inbox::conversations::get(&tx.tx, c.id).await.db()? {
                    let conversation = inbox::conversation_dto(row);
                    if let Some(u) = user {
                        a.events.push(inbox::assigned_notification(&conversation, u));
                    }
                    a.events.push(DomainEvent::ConversationAssigned { conversation, by: None });
                }
            }
            Effect::AddLabel { label } | Effect::RemoveLabel { label } => {
                let Some(contact) = contact_id else { continue };
                let add = matches!(e, Effect::AddLabel { .. });
                repo::crm::labels::toggle_for_contact_by_name(tx, contact, label, add).await.db()?;
            }
            Effect::SetField { key, value } => {
                let Some(contact) = contact_id else { continue };
                let Some(row) = repo::crm::contacts::get(&tx.tx, contact).await.db()? else { continue };
                let defs = crate::crm::fields::defs(tx).await?;
                match crate::crm::fields::apply(&defs, &row.attributes, &json!({ key: value }), false) {
                    Ok(attributes) => {
                        let patch =
                            repo::crm::contacts::ContactPatch { attributes: Some(attributes), ..Default::default() };
                        repo::crm::contacts::update(tx, contact, &patch).await.db()?;
                    }
                    Err(errors) => {
                        // A value the field refuses is left out; the trace says why.
                        let why: Vec<String> =
                            errors.into_iter().map(|f| format!("{}: {}", f.field, f.message)).collect();
                        tracing::info!(run = %run.id, field = %key, "flow set field refused: {}", why.join("; "));
                    }
                }
            }
            Effect::SetConsent { granted } => {
                let Some(contact) = contact_id else { continue };
                let status = if *granted { "opted_in" } else { "opted_out" };
                crate::crm::consent::record(tx, contact, status, "flow", Some("set by a chatbot flow"), None).await?;
            }
            Effect::StartFlow { flow_id } => a.start_flow = Some(*flow_id),
            Effect::Handoff { .. } => {
                // The inbox's routing decides who gets it, as for a customer's message no bot handles.
                if let Some(c) = conv.as_ref() {
                    let routed = core.after_inbound(tx, &[c.id]).await?;
                    a.events.extend(routed_events(tx, &routed).await?);
                    if routed.assigned.is_empty()
                        && let Some(row) = repo::inbox::conversations::get(&tx.tx, c.id).await.db()?
                    {
                        a.events.push(DomainEvent::ConversationUpdated { conversation: inbox::conversation_dto(row) });
                    }
                }
            }
        }
    }
    Ok(a)
}

/// Events for what routing did (assignments and away messages), as the ingest publishes them.
pub(crate) async fn routed_events(tx: &TenantTx, routed: &Routed) -> Result<Vec<DomainEvent>> {
    let mut out = Vec::new();
    for (conv, user) in &routed.assigned {
        if let Some(row) = repo::inbox::conversations::get(&tx.tx, *conv).await.db()? {
            let conversation = inbox::conversation_dto(row);
            out.push(inbox::assigned_notification(&conversation, *user));
            out.push(DomainEvent::ConversationAssigned { conversation, by: None });
        }
    }
    for message in inbox::messages_with_media(tx, &routed.away_messages).await? {
        out.push(DomainEvent::MessageNew { message });
    }
    Ok(out)
}

/// A sandbox run's effects, as the phone panel and the effects list show them.
fn record_sandbox(a: &mut Applied, effects: &[Effect]) {
    for e in effects {
        match e {
            Effect::Send { node, message } => {
                let (content, _, kind) = content_of(message);
                a.sandbox_out.push(json!({ "from": "bot", "node": node, "type": kind, "content": content }));
            }
            Effect::ScheduleTimer { .. } => {}
            Effect::Http { token, node, request } => {
                a.sandbox_http.push((*token, node.clone(), request.clone()));
            }
            Effect::StartFlow { flow_id } => {
                a.sandbox_effects.push(json!({ "type": "startFlow", "flowId": flow_id }));
            }
            other => {
                a.sandbox_effects.push(serde_json::to_value(other).unwrap_or(Value::Null));
            }
        }
    }
}

/// A run's conversation, checked to belong to its contact (for starts by hand or through the API).
pub(crate) async fn conversation_for(tx: &TenantTx, contact_id: Uuid, wanted: Option<Uuid>) -> Result<Uuid> {
    match wanted {
        Some(id) => {
            let c = repo::inbox::conversations::get(&tx.tx, id)
                .await
                .db()?
                .filter(|c| c.contact_id == contact_id)
                .ok_or_else(|| DomainError::missing("conversationId", "must be a conversation of this contact"))?;
            Ok(c.id)
        }
        None => {
            repo::flows::runs::latest_conversation(tx, contact_id).await.db()?.ok_or_else(|| DomainError::Conflict {
                code: "no_conversation",
                message: "This contact has no conversation yet: start one from the inbox first.".into(),
            })
        }
    }
}
