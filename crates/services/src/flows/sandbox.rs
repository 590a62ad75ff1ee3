//! The builder's "Test" panel: the real engine and the runner's own step code on the draft, with a pretend
//! contact, a clock that can be skipped forward, and HTTP nodes that call for real (through the same guard) or
//! answer with their saved sample. Nothing reaches a customer: effects on the contact and the inbox are listed,
//! not applied.

use super::dto::*;
use super::effects::SandboxEnv;
use super::runner::{decode_state, status_name, step_run, workspace_clock};
use super::runs::{step_dto, waiting_for};
use super::{flow_not_found, run_not_found};
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use chrono::{DateTime, Duration, Utc};
use parley_flow::{Compiled, ContactSnapshot, Context, EventKind, NodeKind, Wait};
use parley_store::TenantTx;
use parley_store::repo::flows::{definitions as repo_flows, runs as repo_runs};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::sync::Arc;
use uuid::Uuid;

/// HTTP answers followed within one action (an HTTP node answered, the next one called ...).
const MAX_HTTP_HOPS: usize = 10;

#[derive(Clone)]
pub struct SandboxService(pub(crate) Arc<Core>);

/// The pretend world of one test, stored on its run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct World {
    contact: SandboxContact,
    window_open: bool,
    open_now: Option<bool>,
    use_samples: bool,
    /// Seconds the clock was skipped forward.
    offset_secs: i64,
    transcript: Vec<Value>,
    effects: Vec<Value>,
}

impl World {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_secs)
    }
}

async fn context(tx: &TenantTx, w: &World, now: DateTime<Utc>) -> Result<Context> {
    let (open, local) = workspace_clock(tx, now).await?;
    let c = &w.contact;
    Ok(Context {
        contact: ContactSnapshot {
            id: None,
            name: c.name.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            fields: c.fields.as_ref().map(|m| m.clone().into_iter().collect()).unwrap_or_default(),
            labels: c.labels.clone(),
            consent: c.consent,
        },
        open_now: w.open_now.unwrap_or(open),
        window_open: w.window_open,
        local,
    })
}

fn world_of(run: &repo_runs::RunRow) -> Result<World> {
    serde_json::from_value(run.sandbox_env.clone().unwrap_or(Value::Null)).map_err(DomainError::internal)
}

impl SandboxService {
    async fn session(&self, tx: &TenantTx, run_id: Uuid) -> Result<SandboxSession> {
        let run = repo_runs::get(tx, run_id).await.db()?.filter(|r| r.sandbox).ok_or_else(run_not_found)?;
        let w = world_of(&run)?;
        let state = decode_state(&run.state)?;
        Ok(SandboxSession {
            run_id: run.id,
            status: run.status.clone(),
            reason: run.reason.clone(),
            transcript: w.transcript.clone(),
            path: repo_runs::steps(tx, run.id).await.db()?.into_iter().map(step_dto).collect(),
            current_node: run.current_node.clone(),
            waiting_for: if run.status == "waiting" { waiting_for(&run.state) } else { None },
            variables: serde_json::to_value(&state.vars).map_err(DomainError::internal)?,
            clock: w.now(),
            effects: w.effects,
        })
    }

    /// A sandbox run of this tester on this flow, locked.
    async fn mine(&self, tx: &TenantTx, flow_id: Uuid, run_id: Uuid, user: Option<Uuid>) -> Result<repo_runs::RunRow> {
        repo_runs::lock(tx, run_id)
            .await
            .db()?
            .filter(|r| r.sandbox && r.flow_id == flow_id && r.started_by == user)
            .ok_or_else(run_not_found)
    }

    /// Steps the run, then answers its HTTP calls (a sample or a real, guarded call) until it waits for
    /// something else; the chat and the listed effects grow as it goes.
    async fn drive(&self, tx: &TenantTx, run_id: Uuid, compiled: &Compiled, mut kind: EventKind) -> Result<()> {
        for _ in 0..MAX_HTTP_HOPS {
            let run = repo_runs::lock(tx, run_id).await.db()?.ok_or_else(run_not_found)?;
            let mut w = world_of(&run)?;
            let now = w.now();
            let ctx = context(tx, &w, now).await?;
            let s =
                step_run(&self.0, tx, &run, compiled, super::runner::event(kind, ctx, now), Some(&SandboxEnv)).await?;
            for mut m in s.applied.sandbox_out {
                if let Some(o) = m.as_object_mut() {
                    o.insert("at".into(), json!(now));
                }
                w.transcript.push(m);
            }
            w.effects.extend(s.applied.sandbox_effects);
            if s.state.status.is_terminal() {
                let text = match &s.state.reason {
                    Some(r) => format!("{}: {r}", status_name(s.state.status)),
                    None => status_name(s.state.status).to_owned(),
                };
                w.transcript.push(json!({ "from": "system", "text": text, "at": now }));
            }
            let Some((token, node, request)) = s.applied.sandbox_http.into_iter().next() else {
                repo_runs::set_sandbox_env(tx, run_id, &serde_json::to_value(&w).map_err(DomainError::internal)?)
                    .await
                    .db()?;
                return Ok(());
            };
            let sample = match compiled.node(&node).map(|n| &n.kind) {
                Some(NodeKind::Http(h)) if w.use_samples => h.sample_response.clone(),
                _ => None,
            };
            let result = match sample {
                Some(body) => parley_flow::HttpResult { status: Some(200), body: Some(body), error: None },
                None => super::jobs::result_of(self.0.flows.http.send(&super::jobs::outbound(&request)).await),
            };
            w.transcript.push(json!({ "from": "system", "node": node, "at": now,
                "text": match (&result.status, &result.error) {
                    (_, Some(e)) => format!("HTTP {} {}: {e}", request.method.as_str(), request.url),
                    (Some(st), None) => format!("HTTP {} {} → {st}", request.method.as_str(), request.url),
                    (None, None) => format!("HTTP {} {}", request.method.as_str(), request.url),
                } }));
            repo_runs::set_sandbox_env(tx, run_id, &serde_json::to_value(&w).map_err(DomainError::internal)?)
                .await
                .db()?;
            kind = EventKind::Http { token, result };
        }
        Ok(())
    }

    async fn compiled(&self, run: &repo_runs::RunRow) -> Result<Compiled> {
        super::runner::compile_draft(
            run.graph.as_ref().ok_or_else(|| DomainError::internal("sandbox run without graph"))?,
        )
    }

    /// Starts a test of the current draft (ending this tester's previous test of the flow).
    pub async fn start(&self, t: &TenantCtx, flow_id: Uuid, i: SandboxStartInput) -> Result<SandboxSession> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let user = actor.user_id.map(|u| u.0);
        let flow = repo_flows::get(&tx, flow_id).await.db()?.ok_or_else(flow_not_found)?;
        let compiled = super::runner::compile_draft(&flow.draft)?;
        if let Some(old) = repo_runs::sandbox_for(&tx, flow_id, user.unwrap_or_default()).await.db()? {
            repo_runs::stop(&tx, old.id, "a new test started").await.db()?;
        }
        let me = match user {
            Some(u) => parley_store::repo::team::members::find(&tx, u).await.db()?.map(|m| m.name),
            None => None,
        };
        let mut contact = i.contact.unwrap_or_default();
        contact.name = contact.name.or(me).or(Some("Test customer".into()));
        contact.phone = contact.phone.or(Some("+15550000000".into()));
        let world = World {
            contact,
            window_open: i.window_open.unwrap_or(true),
            open_now: i.open_now,
            use_samples: i.use_samples,
            ..Default::default()
        };
        let mut world_json = serde_json::to_value(&world).map_err(DomainError::internal)?;
        if let Some(text) = &i.text {
            let w = &mut world_json["transcript"];
            if let Some(a) = w.as_array_mut() {
                a.push(json!({ "from": "customer", "type": "text", "content": { "text": text }, "at": Utc::now() }));
            }
        }
        let state = serde_json::to_value(parley_flow::RunState::new()).map_err(DomainError::internal)?;
        let run = repo_runs::insert(
            &tx,
            &repo_runs::NewRun {
                id: Uuid::now_v7(),
                flow_id,
                version_id: None,
                version: None,
                graph: Some(&flow.draft),
                sandbox_env: Some(&world_json),
                contact_id: None,
                conversation_id: None,
                origin: "sandbox",
                sandbox: true,
                state: &state,
                started_by: user,
            },
        )
        .await
        .db()?;
        self.drive(&tx, run.id, &compiled, EventKind::Start { text: i.text }).await?;
        let out = self.session(&tx, run.id).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    pub async fn get(&self, t: &TenantCtx, flow_id: Uuid, run_id: Uuid) -> Result<SandboxSession> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        self.mine(&tx, flow_id, run_id, actor.user_id.map(|u| u.0)).await?;
        self.session(&tx, run_id).await
    }

    /// The pretend customer writes or taps a button or row.
    pub async fn reply(
        &self,
        t: &TenantCtx,
        flow_id: Uuid,
        run_id: Uuid,
        i: SandboxReplyInput,
    ) -> Result<SandboxSession> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let run = self.mine(&tx, flow_id, run_id, actor.user_id.map(|u| u.0)).await?;
        let text = i.text.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
        if text.is_none() && i.reply_id.is_none() {
            return Err(DomainError::field("text", "write something or tap a button"));
        }
        if text.as_ref().is_some_and(|t| t.chars().count() > 4096) {
            return Err(DomainError::field("text", "must be at most 4096 characters"));
        }
        let compiled = self.compiled(&run).await?;
        // A tap shows as the button's or row's title, as WhatsApp shows it.
        let world = world_of(&run)?;
        let title = i.reply_id.as_deref().and_then(|id| tapped_title(&world, id));
        let shown = text.clone().or(title.clone());
        let mut w = world_of(&run)?;
        w.transcript
            .push(json!({ "from": "customer", "type": "text", "content": { "text": shown }, "replyId": i.reply_id,
                                  "at": w.now() }));
        // The customer wrote: the 24-hour window is open again.
        w.window_open = true;
        repo_runs::set_sandbox_env(&tx, run.id, &serde_json::to_value(&w).map_err(DomainError::internal)?)
            .await
            .db()?;
        let kind = EventKind::Inbound { text: text.or(title), reply_id: i.reply_id, message_type: "text".into() };
        self.drive(&tx, run.id, &compiled, kind).await?;
        let out = self.session(&tx, run.id).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    /// Skips the clock to the run's next timer (a wait, or a reply's timeout) and fires it.
    pub async fn skip(&self, t: &TenantCtx, flow_id: Uuid, run_id: Uuid) -> Result<SandboxSession> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let run = self.mine(&tx, flow_id, run_id, actor.user_id.map(|u| u.0)).await?;
        let state = decode_state(&run.state)?;
        let token = match &state.wait {
            Some(Wait::Timer { token, .. }) => Some(*token),
            Some(Wait::Reply { timeout_token, .. }) => *timeout_token,
            _ => None,
        };
        let (Some(token), Some(at)) = (token, run.wake_at) else {
            return Err(DomainError::Conflict {
                code: "nothing_to_skip",
                message: "The flow is not waiting on a timer.".into(),
            });
        };
        let compiled = self.compiled(&run).await?;
        let mut w = world_of(&run)?;
        let ahead = (at - w.now()).num_seconds().max(0);
        w.offset_secs += ahead;
        w.transcript
            .push(json!({ "from": "system", "text": format!("clock skipped {}", human(ahead)), "at": w.now() }));
        repo_runs::set_sandbox_env(&tx, run.id, &serde_json::to_value(&w).map_err(DomainError::internal)?)
            .await
            .db()?;
        self.drive(&tx, run.id, &compiled, EventKind::Timer { token }).await?;
        let out = self.session(&tx, run.id).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    pub async fn stop(&self, t: &TenantCtx, flow_id: Uuid, run_id: Uuid) -> Result<()> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let run = self.mine(&tx, flow_id, run_id, actor.user_id.map(|u| u.0)).await?;
        repo_runs::stop(&tx, run.id, "the test was ended").await.db()?;
        tx.commit().await.db()
    }
}

/// The title of the button or row with this id in the bot's last interactive message.
fn tapped_title(w: &World, id: &str) -> Option<String> {
    let last = w.transcript.iter().rev().find(|m| m["from"] == "bot")?;
    let c = &last["content"];
    let buttons = c["buttons"].as_array().into_iter().flatten();
    let rows = c["sections"].as_array().into_iter().flatten().flat_map(|s| s["rows"].as_array().into_iter().flatten());
    buttons.chain(rows).find(|b| b["id"] == id).and_then(|b| b["title"].as_str()).map(str::to_owned)
}

fn human(secs: i64) -> String {
    match secs {
        s if s >= 86_400 => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
        s if s >= 3600 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        s if s >= 60 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}
