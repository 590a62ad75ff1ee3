//! The runner: feeds the pure engine a contact's events strictly in order and applies what it answers.
//!
//! Customers' messages, fired timers, HTTP answers and manual or API starts are queued per contact
//! (`flow_events`). A worker takes a contact under a transaction-level advisory lock, applies its oldest event
//! and deletes it in that same transaction, together with the run's new state, its trace and its effects
//! (messages go through the existing send outbox). A crash before the commit leaves the event queued and
//! nothing sent; after it, the event is gone and the messages are queued exactly once. One running flow per
//! contact is the database's unique index, not a flag.

use super::decode_graph;
use super::effects::{self, Applied};
use crate::events::Event as DomainEvent;
use crate::inbox::dto::BusinessHoursDay;
use crate::inbox::hours::Schedule;
use crate::{Core, DbResultExt, DomainError, Result};
use chrono::{DateTime, Datelike, Timelike, Utc};
use parley_domain::TenantId;
use parley_flow::{Compiled, ContactSnapshot, Context, Event, EventKind, LocalTime, RunState, RunStatus, Wait};
use parley_store::TenantTx;
use parley_store::repo::{self, flows::events as queue, flows::runs as repo_runs};
use parley_whatsapp::cloud::MessageKind;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// After this many failed attempts an event is dropped and its run failed, so one poisoned event cannot hold
/// a contact's queue forever.
const MAX_ATTEMPTS: i32 = 5;

/// A customer's message as the ingest hands it over.
pub(crate) struct InboundForFlow<'a> {
    pub message_id: Uuid,
    pub contact_id: Uuid,
    pub conversation_id: Uuid,
    pub connection_id: Uuid,
    pub kind: &'a MessageKind,
    pub type_name: &'a str,
}

/// The text and tapped button or row of a message, as the engine reads it.
fn text_and_reply(kind: &MessageKind) -> (Option<String>, Option<String>) {
    match kind {
        MessageKind::Text { body } => (Some(body.clone()), None),
        MessageKind::ButtonReply { id, title, payload } => (Some(title.clone()), id.clone().or(payload.clone())),
        MessageKind::ListReply { id, title, .. } => (Some(title.clone()), Some(id.clone())),
        MessageKind::Media { caption, .. } => (caption.clone(), None),
        _ => (None, None),
    }
}

impl Core {
    /// Queues, in the ingest's transaction, the customers' messages that flows may take: those of contacts a
    /// flow has already (a run going, or events queued before) and those a live trigger could start on. The
    /// rest, usually nearly all, are routed by the ingest as if there were no flows, so a workspace with many
    /// flows pays one small read per batch and an in-memory match per message. Answers the conversations handed
    /// to the runner: their routing and away message wait until it knows whether a flow took the message.
    pub(crate) async fn queue_for_flows(&self, tx: &TenantTx, items: &[InboundForFlow<'_>]) -> Result<HashSet<Uuid>> {
        if items.is_empty() {
            return Ok(HashSet::new());
        }
        let contacts: Vec<Uuid> = items.iter().map(|i| i.contact_id).collect();
        let facts = repo::flows::definitions::ingest_facts(tx, &contacts).await.db()?;
        let busy: HashSet<Uuid> = facts.busy.into_iter().collect();
        let triggers = if facts.stamp.n == 0 { None } else { Some(self.flows.triggers_at(tx, facts.stamp).await?) };
        let triggers = triggers.as_deref().map_or(&[][..], |t| &t.flows[..]);
        if busy.is_empty() && triggers.is_empty() {
            return Ok(HashSet::new());
        }
        let candidates = trigger_candidates(tx, items, &busy, triggers).await?;
        let mut taken: HashSet<Uuid> = HashSet::new();
        let (mut contacts, mut conversations, mut payloads) = (vec![], vec![], vec![]);
        for i in items {
            // Once one of a contact's messages goes to the runner, its later ones in the batch follow it there.
            let (text, reply_id) = text_and_reply(i.kind);
            let take = busy.contains(&i.contact_id)
                || taken.contains(&i.contact_id)
                || candidates.matches(i, text.as_deref(), triggers);
            if !take {
                continue;
            }
            taken.insert(i.contact_id);
            contacts.push(i.contact_id);
            conversations.push(i.conversation_id);
            payloads.push(json!({ "messageId": i.message_id, "connectionId": i.connection_id, "text": text,
                                  "replyId": reply_id, "messageType": i.type_name }));
        }
        queue::push_inbound(tx, &contacts, &conversations, &payloads).await.db()?;
        Ok(conversations.into_iter().collect())
    }
}

/// The facts "first message" and "unassigned" triggers need, read for the whole batch and only when such a
/// trigger is live. They over-approximate (a contact's second message in its first batch counts as a possible
/// first): the runner decides exactly, this only keeps the messages no trigger can take away from it.
struct Candidates {
    maybe_new: Option<HashSet<Uuid>>,
    unassigned: Option<HashSet<Uuid>>,
}

async fn trigger_candidates(
    tx: &TenantTx,
    items: &[InboundForFlow<'_>],
    busy: &HashSet<Uuid>,
    triggers: &[super::LiveTrigger],
) -> Result<Candidates> {
    let open: Vec<&InboundForFlow<'_>> = items.iter().filter(|i| !busy.contains(&i.contact_id)).collect();
    let mut out = Candidates { maybe_new: None, unassigned: None };
    if open.is_empty() {
        return Ok(out);
    }
    if triggers.iter().any(|t| t.kind == "firstMessage") {
        let contacts: Vec<Uuid> = open.iter().map(|i| i.contact_id).collect();
        let batch: Vec<Uuid> = items.iter().map(|i| i.message_id).collect();
        let before: HashSet<Uuid> =
            repo::flows::definitions::wrote_before(tx, &contacts, &batch).await.db()?.into_iter().collect();
        out.maybe_new = Some(contacts.into_iter().filter(|c| !before.contains(c)).collect());
    }
    if triggers.iter().any(|t| t.kind == "unassigned") {
        let ids: Vec<Uuid> = open.iter().map(|i| i.conversation_id).collect();
        let rows = repo::inbox::conversations::get_many(tx, &ids).await.db()?;
        out.unassigned =
            Some(rows.into_iter().filter(|c| c.assignee_id.is_none() && c.team_id.is_none()).map(|c| c.id).collect());
    }
    Ok(out)
}

impl Candidates {
    fn matches(&self, i: &InboundForFlow<'_>, text: Option<&str>, triggers: &[super::LiveTrigger]) -> bool {
        let input = parley_flow::TriggerInput {
            text,
            connection_id: i.connection_id,
            new_contact: self.maybe_new.as_ref().is_some_and(|s| s.contains(&i.contact_id)),
            assigned: !self.unassigned.as_ref().is_some_and(|s| s.contains(&i.conversation_id)),
        };
        triggers.iter().any(|t| t.trigger.matches(&input))
    }
}

/// What the engine needs to know about the contact and the workspace at the moment of an event.
pub(crate) async fn context(
    tx: &TenantTx,
    contact_id: Uuid,
    conversation_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Context> {
    let c = repo::crm::contacts::get(&tx.tx, contact_id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
    let labels = repo::crm::labels::of_contacts(tx, &[contact_id]).await.db()?;
    let labels = labels.get(&contact_id).map(|l| l.iter().map(|(_, n, _)| n.clone()).collect()).unwrap_or_default();
    let fields: BTreeMap<String, Value> =
        c.attributes.as_object().map(|m| m.clone().into_iter().collect()).unwrap_or_default();
    let window_open = match conversation_id {
        Some(id) => repo::inbox::conversations::get(&tx.tx, id)
            .await
            .db()?
            .and_then(|c| c.last_inbound_at)
            .is_some_and(|at| at + chrono::Duration::hours(24) > now),
        None => false,
    };
    let (open_now, local) = workspace_clock(tx, now).await?;
    Ok(Context {
        contact: ContactSnapshot {
            id: Some(c.id),
            name: c.name.or(c.profile_name),
            phone: c.phone,
            email: c.email,
            fields,
            labels,
            consent: match c.consent_status.as_str() {
                "opted_in" => Some(true),
                "opted_out" => Some(false),
                _ => None,
            },
        },
        open_now,
        window_open,
        local,
    })
}

/// Whether the business is open now (the inbox's business hours; always open when they are off), and the
/// local weekday and time in the workspace's time zone.
pub(crate) async fn workspace_clock(tx: &TenantTx, now: DateTime<Utc>) -> Result<(bool, LocalTime)> {
    let s = repo::inbox::inbox_settings::get(tx).await.db()?;
    let days: Vec<BusinessHoursDay> = serde_json::from_value(s.business_hours).unwrap_or_default();
    let schedule = Schedule::parse(&s.timezone, &days).ok();
    let open = !s.business_hours_enabled || schedule.as_ref().is_none_or(|sc| sc.is_open(now));
    let tz: chrono_tz::Tz = s.timezone.parse().unwrap_or(chrono_tz::UTC);
    let local = now.with_timezone(&tz);
    Ok((
        open,
        LocalTime {
            weekday: local.weekday().num_days_from_monday() as u8,
            minutes: (local.hour() * 60 + local.minute()) as u16,
        },
    ))
}

pub(crate) fn status_name(s: RunStatus) -> &'static str {
    match s {
        RunStatus::Active => "active",
        RunStatus::Waiting => "waiting",
        RunStatus::Completed => "completed",
        RunStatus::HandedOff => "handed_off",
        RunStatus::Failed => "failed",
    }
}

pub(crate) fn decode_state(v: &Value) -> Result<RunState> {
    serde_json::from_value(v.clone()).map_err(|e| DomainError::internal(format!("stored run state: {e}")))
}

/// What an event is, for the trace's first step of it.
fn describe(kind: &EventKind) -> Value {
    match kind {
        EventKind::Start { text } => json!({ "event": "start", "text": text }),
        EventKind::Inbound { text, reply_id, message_type } => {
            json!({ "event": "message", "text": text, "replyId": reply_id, "messageType": message_type })
        }
        EventKind::Timer { token } => json!({ "event": "timer", "token": token }),
        EventKind::Http { result, .. } => json!({ "event": "http", "status": result.status, "error": result.error }),
    }
}

/// An event for the engine at `now`, with its random draw (random splits): the engine has no randomness of its
/// own, so a trace can be replayed.
pub(crate) fn event(kind: EventKind, context: Context, now: DateTime<Utc>) -> Event {
    Event { now, random: rand::random(), context, kind }
}

/// The wait a step left, as the run row stores it for the timer sweeper.
fn wake_of(state: &RunState, effects: &[parley_flow::Effect]) -> (Option<DateTime<Utc>>, Option<i64>) {
    let token = match &state.wait {
        Some(Wait::Timer { token, .. }) => Some(*token),
        Some(Wait::Reply { timeout_token, .. }) => *timeout_token,
        _ => None,
    };
    let Some(token) = token else { return (None, None) };
    let at = effects.iter().rev().find_map(|e| match e {
        parley_flow::Effect::ScheduleTimer { token: t, at } if *t == token => Some(*at),
        _ => None,
    });
    match (at, &state.wait) {
        (Some(at), _) => (Some(at), Some(token as i64)),
        (None, Some(Wait::Timer { until, .. })) => (Some(*until), Some(token as i64)),
        // A timeout scheduled by an earlier step is still pending: keep it (the caller keeps the row's value).
        _ => (None, Some(token as i64)),
    }
}

/// One step of a run, persisted with its trace and effects in the caller's transaction.
pub(crate) struct Stepped {
    pub state: RunState,
    pub applied: Applied,
}

/// Steps `run` with `kind` on `compiled`, applies the effects and saves state and trace. The run row must be
/// locked by the caller (or just inserted).
pub(crate) async fn step_run(
    core: &Core,
    tx: &TenantTx,
    run: &repo_runs::RunRow,
    compiled: &Compiled,
    event: Event,
    sandbox: Option<&effects::SandboxEnv>,
) -> Result<Stepped> {
    let state = decode_state(&run.state)?;
    let now = event.now;
    let step = parley_flow::step(compiled, &state, &event);
    let applied = effects::apply(core, tx, run, &step.effects, sandbox).await?;
    let mut next = step.state;
    if let Some(reason) = &applied.failed {
        // An effect the engine could not know would fail (a quota, a deleted conversation) ends the run.
        next.status = RunStatus::Failed;
        next.reason = Some(reason.clone());
        next.wait = None;
    }
    let (mut wake_at, wake_token) = wake_of(&next, &step.effects);
    if wake_at.is_none() && wake_token.is_some() && wake_token == run.wake_token {
        wake_at = run.wake_at;
    }
    let state_json = serde_json::to_value(&next).map_err(DomainError::internal)?;
    let ended = next.status.is_terminal();
    repo_runs::update(
        tx,
        run.id,
        &repo_runs::RunUpdate {
            status: status_name(next.status),
            state: &state_json,
            current_node: next.node.as_deref(),
            wake_at: if ended { None } else { wake_at },
            wake_token: if ended { None } else { wake_token },
            reason: next.reason.as_deref(),
            steps: step.trace.len() as i32,
            ended,
        },
    )
    .await
    .db()?;
    // The trace: the event on the first node, the variables after the last.
    let vars = serde_json::to_value(&next.vars).map_err(DomainError::internal)?;
    let last = step.trace.len().saturating_sub(1);
    let details: Vec<Value> = step
        .trace
        .iter()
        .enumerate()
        .map(|(n, t)| {
            let mut d = t.detail.clone();
            if n == 0
                && let Some(o) = d.as_object_mut()
            {
                o.insert("on".into(), describe(&event.kind));
            }
            if let (Some(o), Some(extra)) = (d.as_object_mut(), applied.notes.get(&n)) {
                o.insert("effect".into(), extra.clone());
            }
            d
        })
        .collect();
    let rows: Vec<repo_runs::NewStep<'_>> = step
        .trace
        .iter()
        .enumerate()
        .map(|(n, t)| repo_runs::NewStep {
            node: &t.node,
            node_type: &t.node_type,
            outcome: t.outcome.as_deref(),
            detail: &details[n],
            vars: (n == last).then_some(&vars),
        })
        .collect();
    repo_runs::append_steps(tx, run.id, run.version_id, now, &rows).await.db()?;
    Ok(Stepped { state: next, applied })
}

#[derive(Clone)]
pub struct RunnerService(pub(crate) Arc<Core>);

impl RunnerService {
    /// Fires due timers and applies every due event; answers how many events were applied.
    pub async fn drain(&self) -> Result<usize> {
        queue::fire_due_timers(&self.0.db, 500).await.db()?;
        let mut total = 0;
        loop {
            let due = queue::due_contacts(&self.0.db, 64).await.db()?;
            if due.is_empty() {
                return Ok(total);
            }
            let mut set = tokio::task::JoinSet::new();
            for d in due {
                let me = self.clone();
                set.spawn(async move { me.contact(TenantId(d.tenant_id), d.contact_id).await });
            }
            let mut applied = 0;
            while let Some(r) = set.join_next().await {
                match r {
                    Ok(Ok(n)) => applied += n,
                    Ok(Err(e)) => tracing::error!(error = %e, "flow events failed"),
                    Err(e) => tracing::error!(error = %e, "flow worker task failed"),
                }
            }
            total += applied;
            if applied == 0 {
                // Every due contact is held by another worker or waits for a retry.
                return Ok(total);
            }
        }
    }

    /// Applies the contact's due events oldest first, one transaction each, while this worker holds it.
    async fn contact(&self, tenant: TenantId, contact_id: Uuid) -> Result<usize> {
        let mut n = 0;
        loop {
            let tx = self.0.db.tenant_tx(tenant).await.db()?;
            if !queue::try_lock_contact(&tx, contact_id).await.db()? {
                return Ok(n);
            }
            let Some((ev, due)) = queue::oldest(&tx, contact_id).await.db()? else { return Ok(n) };
            if !due {
                return Ok(n);
            }
            match self.apply(&tx, &ev).await {
                Ok(out) => {
                    queue::delete(&tx, ev.id).await.db()?;
                    let queued = self.0.record_events(&tx, &out.events).await?;
                    self.commit(tx, out.metered).await?;
                    self.0.published(tenant.0, out.events, queued);
                    n += 1;
                }
                Err(e) => {
                    drop(tx);
                    tracing::warn!(error = %e, event = ev.id, attempts = ev.attempts, "flow event failed");
                    self.failed(tenant, &ev, &e).await?;
                    return Ok(n);
                }
            }
        }
    }

    async fn commit(&self, tx: TenantTx, metered: i64) -> Result<()> {
        if metered > 0 {
            self.0.commit_metered(tx, crate::billing::quota::Meter::Messages, metered).await
        } else {
            tx.commit().await.db()
        }
    }

    /// A failed event is retried with back-off; after the last attempt it is dropped and its run failed with
    /// the reason, so the contact's later events go on.
    async fn failed(&self, tenant: TenantId, ev: &queue::EventRow, e: &DomainError) -> Result<()> {
        let tx = self.0.db.tenant_tx(tenant).await.db()?;
        if ev.attempts + 1 < MAX_ATTEMPTS {
            queue::defer(&tx, ev.id, 1 << (ev.attempts + 1).clamp(0, 6)).await.db()?;
        } else {
            queue::delete(&tx, ev.id).await.db()?;
            if let Some(run) = repo_runs::active_for_contact(&tx, ev.contact_id).await.db()? {
                let reason = format!("an event could not be applied: {e}");
                repo_runs::stop(&tx, run.id, &reason).await.db()?;
            }
        }
        tx.commit().await.db()
    }

    /// Applies one event; answers what to publish after the commit.
    async fn apply(&self, tx: &TenantTx, ev: &queue::EventRow) -> Result<Outcome> {
        let now = Utc::now();
        match ev.kind.as_str() {
            "inbound" => self.inbound(tx, ev, now).await,
            "timer" | "http" => {
                let Some(run) = (match ev.run_id {
                    Some(id) => repo_runs::lock(tx, id).await.db()?,
                    None => None,
                }) else {
                    return Ok(Outcome::default());
                };
                if !matches!(run.status.as_str(), "active" | "waiting") {
                    return Ok(Outcome::default());
                }
                let token = ev.payload["token"].as_u64().unwrap_or(0);
                let kind = if ev.kind == "timer" {
                    EventKind::Timer { token }
                } else {
                    EventKind::Http {
                        token,
                        result: serde_json::from_value(ev.payload["result"].clone()).unwrap_or_default(),
                    }
                };
                self.advance(tx, &run, kind, now).await
            }
            "start" => {
                let Some(run) = (match ev.run_id {
                    Some(id) => repo_runs::lock(tx, id).await.db()?,
                    None => None,
                }) else {
                    return Ok(Outcome::default());
                };
                if run.status != "active" || run.steps > 0 {
                    return Ok(Outcome::default());
                }
                let text = ev.payload["text"].as_str().map(str::to_owned);
                self.advance(tx, &run, EventKind::Start { text }, now).await
            }
            other => Err(DomainError::internal(format!("unknown flow event kind {other}"))),
        }
    }

    /// Steps a stored run and follows up on how it ended (another flow to start, a handoff to route).
    async fn advance(
        &self,
        tx: &TenantTx,
        run: &repo_runs::RunRow,
        kind: EventKind,
        now: DateTime<Utc>,
    ) -> Result<Outcome> {
        let (Some(version_id), Some(contact_id)) = (run.version_id, run.contact_id) else {
            return Ok(Outcome::default());
        };
        let v = self.0.flows.version(tx, version_id).await?;
        let ctx = context(tx, contact_id, run.conversation_id, now).await?;
        let s = step_run(&self.0, tx, run, &v.compiled, event(kind, ctx, now), None).await?;
        let mut out = Outcome { events: s.applied.events, metered: s.applied.sent };
        // The inbox shows whether a bot is running in a conversation: tell it when one starts or ends.
        if (run.steps == 0 || s.state.status.is_terminal())
            && let Some(conv) = run.conversation_id
        {
            out.events.extend(conversation_changed(tx, conv).await?);
        }
        if s.state.status.is_terminal() {
            out.events.push(DomainEvent::Integration {
                kind: "flow.completed",
                subject: run.conversation_id.or(run.contact_id),
                data: serde_json::json!(crate::automations::dto::FlowRunEnded {
                    run_id: run.id,
                    flow_id: run.flow_id,
                    version: run.version,
                    contact_id: run.contact_id,
                    conversation_id: run.conversation_id,
                    status: status_name(s.state.status).to_owned(),
                    reason: s.state.reason.clone(),
                }),
            });
        }
        if let Some(next_flow) = s.applied.start_flow {
            out.events.extend(self.start_next(tx, run, next_flow).await?);
        }
        Ok(out)
    }

    /// "Start another flow": the run that asked has ended, so the contact is free for the other one's live
    /// version (a draft or paused flow starts nothing, and says so in the trace of the run that asked).
    async fn start_next(&self, tx: &TenantTx, from: &repo_runs::RunRow, flow_id: Uuid) -> Result<Vec<DomainEvent>> {
        let Some(contact_id) = from.contact_id else { return Ok(vec![]) };
        let live = repo::flows::definitions::live(tx).await.db()?;
        let Some(f) = live.into_iter().find(|f| f.flow_id == flow_id) else {
            tracing::info!(flow = %flow_id, "start flow: the flow is not published; nothing started");
            return Ok(vec![]);
        };
        let run = insert_run(tx, &f, contact_id, from.conversation_id, "flow", None, BTreeMap::new()).await?;
        let payload = json!({});
        queue::push(
            tx,
            &queue::NewEvent {
                contact_id,
                conversation_id: from.conversation_id,
                kind: "start",
                run_id: Some(run.id),
                payload: &payload,
            },
        )
        .await
        .db()?;
        self.0.flows.wakeup.notify_one();
        Ok(vec![])
    }

    /// A customer's message: to the contact's running flow, else to the flow whose trigger matches first,
    /// else to the inbox's routing (which the ingest left to this point).
    async fn inbound(&self, tx: &TenantTx, ev: &queue::EventRow, now: DateTime<Utc>) -> Result<Outcome> {
        let p = &ev.payload;
        let text = p["text"].as_str().map(str::to_owned);
        let kind = EventKind::Inbound {
            text: text.clone(),
            reply_id: p["replyId"].as_str().map(str::to_owned),
            message_type: p["messageType"].as_str().unwrap_or("text").to_owned(),
        };
        if let Some(run) = repo_runs::active_for_contact(tx, ev.contact_id).await.db()? {
            // A run created for this message (a campaign's reply flow) starts on it, as a trigger's would.
            let kind = if run.steps == 0 { EventKind::Start { text } } else { kind };
            return self.advance(tx, &run, kind, now).await;
        }
        let conversation_id = ev.conversation_id;
        let connection_id: Option<Uuid> = p["connectionId"].as_str().and_then(|s| s.parse().ok());
        if let Some(f) = self.matching_flow(tx, ev, text.as_deref(), connection_id).await? {
            let origin = f.1;
            let run = insert_run(tx, &f.0, ev.contact_id, conversation_id, origin, None, BTreeMap::new()).await?;
            return self.advance(tx, &run, EventKind::Start { text }, now).await;
        }
        // No flow took it: route it as the ingest would have.
        let Some(conv) = conversation_id else { return Ok(Outcome::default()) };
        let routed = self.0.after_inbound(tx, &[conv]).await?;
        Ok(Outcome { events: effects::routed_events(tx, &routed).await?, ..Default::default() })
    }

    /// The live flow whose trigger takes this message: highest priority first, then the oldest flow.
    async fn matching_flow(
        &self,
        tx: &TenantTx,
        ev: &queue::EventRow,
        text: Option<&str>,
        connection_id: Option<Uuid>,
    ) -> Result<Option<(repo::flows::definitions::LiveFlow, &'static str)>> {
        let triggers = self.0.flows.triggers(tx).await?;
        if triggers.flows.is_empty() {
            return Ok(None);
        }
        // Facts that cost a query are read only when some trigger needs them.
        let mut new_contact = None;
        let mut assigned = None;
        for t in &triggers.flows {
            let needs_new = t.kind == "firstMessage";
            let needs_assigned = t.kind == "unassigned";
            if needs_new && new_contact.is_none() {
                let message_id: Option<Uuid> = ev.payload["messageId"].as_str().and_then(|s| s.parse().ok());
                new_contact = Some(repo::flows::definitions::first_message(tx, ev.contact_id, message_id).await.db()?);
            }
            if needs_assigned && assigned.is_none() {
                assigned = Some(match ev.conversation_id {
                    Some(c) => repo::inbox::conversations::get(&tx.tx, c)
                        .await
                        .db()?
                        .is_some_and(|c| c.assignee_id.is_some() || c.team_id.is_some()),
                    None => false,
                });
            }
            let input = parley_flow::TriggerInput {
                text,
                connection_id: connection_id.unwrap_or_default(),
                new_contact: new_contact.unwrap_or(false),
                assigned: assigned.unwrap_or(false),
            };
            if t.trigger.matches(&input) {
                return Ok(Some((t.flow.clone(), t.kind)));
            }
        }
        Ok(None)
    }
}

/// `conversation:updated` for a conversation (its bot started or ended).
pub(crate) async fn conversation_changed(tx: &TenantTx, id: Uuid) -> Result<Option<DomainEvent>> {
    Ok(repo::inbox::conversations::get(&tx.tx, id).await.db()?.map(|row| DomainEvent::ConversationUpdated {
        conversation: crate::inbox::conversations::conversation_dto(row),
    }))
}

/// What an applied event leaves to do after its commit.
#[derive(Default)]
pub(crate) struct Outcome {
    pub events: Vec<DomainEvent>,
    /// Messages sent (metered against the plan at commit).
    pub metered: i64,
}

/// A campaign's reply flow for a contact who answered it: a run on the flow's live version, started by the
/// message itself when the runner applies it (the ingest queues the message: the contact is taken by a run). A
/// draft or paused flow, or a flow already running for the contact, starts nothing.
pub(crate) async fn start_for_reply(tx: &TenantTx, flow_id: Uuid, contact_id: Uuid) -> Result<()> {
    if repo_runs::active_for_contact(tx, contact_id).await.db()?.is_some() {
        return Ok(());
    }
    let live = repo::flows::definitions::live(tx).await.db()?;
    let Some(f) = live.into_iter().find(|f| f.flow_id == flow_id) else { return Ok(()) };
    let conversation = repo_runs::latest_conversation(tx, contact_id).await.db()?;
    insert_run(tx, &f, contact_id, conversation, "campaign", None, BTreeMap::new()).await.map(|_| ())
}

/// A new run on a flow's live version, not started yet (its start event or the caller steps it).
pub(crate) async fn insert_run(
    tx: &TenantTx,
    f: &repo::flows::definitions::LiveFlow,
    contact_id: Uuid,
    conversation_id: Option<Uuid>,
    origin: &str,
    started_by: Option<Uuid>,
    vars: BTreeMap<String, Value>,
) -> Result<repo_runs::RunRow> {
    let state = RunState { vars, ..RunState::new() };
    let state = serde_json::to_value(&state).map_err(DomainError::internal)?;
    repo_runs::insert(
        tx,
        &repo_runs::NewRun {
            id: Uuid::now_v7(),
            flow_id: f.flow_id,
            version_id: Some(f.version_id),
            version: Some(f.version),
            graph: None,
            sandbox_env: None,
            contact_id: Some(contact_id),
            conversation_id,
            origin,
            sandbox: false,
            state: &state,
            started_by,
        },
    )
    .await
    .map_err(|e| match parley_store::unique_violation(&e).as_deref() {
        Some(repo_runs::ONE_PER_CONTACT) => DomainError::Conflict {
            code: "flow_already_running",
            message: "A flow is already running for this contact; stop it first.".into(),
        },
        _ => DomainError::internal(e),
    })
}

/// Runs the runner forever: woken by this node's ingest and API, polling every half second for timers and
/// other nodes' events.
pub async fn run_runner(svc: RunnerService) {
    let wake = svc.0.flows.wakeup.clone();
    loop {
        if let Err(e) = svc.drain().await {
            tracing::error!(error = %e, "flow runner round failed");
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}

/// Events waiting across tenants (benchmarks watch this reach zero).
pub async fn pending(db: &parley_store::Db) -> Result<u64> {
    queue::pending(db).await.db()
}

/// Compiles a draft for a sandbox run; a stored draft that cannot run is the flow's state (409), not the request's.
pub(crate) fn compile_draft(graph: &Value) -> Result<Compiled> {
    Compiled::new(&decode_graph(graph)?)
        .map_err(|e| DomainError::Conflict { code: "flow_invalid", message: format!("The draft cannot run: {e}") })
}
