//! Runs seen from outside: a flow's executions with their traces, per-version figures for the canvas, and the
//! starts and stops people make (an agent from a conversation, an integrator through the API).

use super::dto::*;
use super::runner::{decode_state, insert_run};
use super::{flow_not_found, run_not_found};
use crate::billing::quota::Feature;
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role, cursor};
use parley_flow::Wait;
use parley_store::repo::{self, flows::definitions as repo_flows, flows::events as queue, flows::runs as repo_runs};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct RunService(pub(crate) Arc<Core>);

fn summary(r: repo_runs::RunListRow, flow_id: Uuid) -> FlowRunSummary {
    FlowRunSummary {
        id: r.id,
        flow_id,
        version: r.version,
        contact_id: r.contact_id,
        contact_name: r.contact_name,
        contact_phone: r.contact_phone,
        conversation_id: r.conversation_id,
        origin: r.origin,
        status: r.status,
        current_node: r.current_node,
        reason: r.reason,
        steps: r.steps,
        started_at: r.started_at,
        updated_at: r.updated_at,
        ended_at: r.ended_at,
    }
}

/// A stored run as the executions list shows it, with its contact's name and number.
fn run_summary(r: repo_runs::RunRow, contact: (Option<String>, Option<String>)) -> FlowRunSummary {
    FlowRunSummary {
        id: r.id,
        flow_id: r.flow_id,
        version: r.version,
        contact_id: r.contact_id,
        contact_name: contact.0,
        contact_phone: contact.1,
        conversation_id: r.conversation_id,
        origin: r.origin,
        status: r.status,
        current_node: r.current_node,
        reason: r.reason,
        steps: r.steps,
        started_at: r.started_at,
        updated_at: r.updated_at,
        ended_at: r.ended_at,
    }
}

/// A contact's name and number, for a run's summary.
async fn contact_names(tx: &parley_store::TenantTx, contact: Option<Uuid>) -> Result<(Option<String>, Option<String>)> {
    Ok(match contact {
        Some(c) => repo::crm::contacts::get(&tx.tx, c)
            .await
            .db()?
            .map_or((None, None), |c| (c.name.or(c.profile_name), c.phone)),
        None => (None, None),
    })
}

pub(crate) fn step_dto(s: repo_runs::StepRow) -> TraceStep {
    TraceStep {
        seq: s.seq,
        node: s.node,
        node_type: s.node_type,
        outcome: s.outcome,
        detail: s.detail,
        vars: s.vars,
        at: s.at,
    }
}

/// What a stored run waits for, in the API's words.
pub(crate) fn waiting_for(state: &Value) -> Option<Value> {
    let wait: Wait = serde_json::from_value(state.get("wait")?.clone()).ok()?;
    Some(match wait {
        Wait::Reply { node, timeout_token } => {
            json!({ "kind": "reply", "node": node, "timeout": timeout_token.is_some() })
        }
        Wait::Timer { node, until, .. } => json!({ "kind": "timer", "node": node, "until": until }),
        Wait::Http { node, .. } => json!({ "kind": "http", "node": node }),
    })
}

const RUN_STATUSES: [&str; 5] = ["running", "completed", "handed_off", "failed", "stopped"];

impl RunService {
    pub async fn list(&self, t: &TenantCtx, flow_id: Uuid, q: RunQuery) -> Result<FlowRunPage> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo_flows::get(&tx, flow_id).await.db()?.ok_or_else(flow_not_found)?;
        if let Some(s) = q.status.as_deref()
            && !RUN_STATUSES.contains(&s)
        {
            return Err(DomainError::field("status", &format!("must be one of: {}", RUN_STATUSES.join(", "))));
        }
        let before = q.cursor.as_deref().map(|c| cursor::decode_at("cursor", c)).transpose()?;
        let limit = crate::check::in_range("limit", q.limit, 50, 100)?;
        let mut rows = repo_runs::page(&tx, flow_id, q.status.as_deref(), before, limit + 1).await.db()?;
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = more.then(|| rows.last().map(|r| cursor::encode_at(r.started_at, r.id))).flatten();
        Ok(FlowRunPage { items: rows.into_iter().map(|r| summary(r, flow_id)).collect(), next_cursor })
    }

    pub async fn get(&self, t: &TenantCtx, run_id: Uuid) -> Result<FlowRun> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let run = repo_runs::get(&tx, run_id).await.db()?.filter(|r| !r.sandbox).ok_or_else(run_not_found)?;
        let flow = repo_flows::get(&tx, run.flow_id).await.db()?.ok_or_else(flow_not_found)?;
        let contact = contact_names(&tx, run.contact_id).await?;
        let trace = repo_runs::steps(&tx, run_id).await.db()?.into_iter().map(step_dto).collect();
        let state = decode_state(&run.state)?;
        Ok(FlowRun {
            waiting_for: if run.status == "waiting" { waiting_for(&run.state) } else { None },
            variables: serde_json::to_value(&state.vars).map_err(DomainError::internal)?,
            flow_name: flow.name,
            trace,
            run: run_summary(run, contact),
        })
    }

    /// Stops a run (an agent takes over). Its pending timer and any late HTTP answer become no-ops.
    pub async fn stop(&self, t: &TenantCtx, run_id: Uuid) -> Result<FlowRun> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let run = repo_runs::lock(&tx, run_id).await.db()?.filter(|r| !r.sandbox).ok_or_else(run_not_found)?;
        let who = actor.user_id.map_or("the API".to_owned(), |_| "an agent".to_owned());
        if !repo_runs::stop(&tx, run.id, &format!("stopped by {who}")).await.db()? {
            return Err(DomainError::Conflict {
                code: "run_not_running",
                message: "This run has already ended.".into(),
            });
        }
        let changed = match run.conversation_id {
            Some(c) => super::runner::conversation_changed(&tx, c).await?,
            None => None,
        };
        tx.commit().await.db()?;
        self.0.events.publish(t.tenant_id.0, changed);
        self.get(t, run_id).await
    }

    /// Starts a flow's live version for a contact: an agent from a conversation (manual) or the API. The first
    /// step runs on the runner, after anything the contact already queued.
    pub async fn start(&self, t: &TenantCtx, flow_id: Uuid, i: StartRunInput) -> Result<FlowRunSummary> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        self.0.require_feature(&tx, Feature::ChatbotFlows).await?;
        let flow = repo_flows::get(&tx, flow_id).await.db()?.ok_or_else(flow_not_found)?;
        let live = repo_flows::live(&tx).await.db()?.into_iter().find(|f| f.flow_id == flow_id);
        let Some(live) = live else {
            return Err(DomainError::Conflict {
                code: "flow_not_published",
                message: if flow.status == "paused" {
                    "This flow is paused: resume it to start runs.".into()
                } else {
                    "Publish the flow first: a draft never runs.".into()
                },
            });
        };
        let contact_id = match (i.contact_id, i.phone.as_deref()) {
            (Some(id), _) => {
                repo::crm::contacts::get(&tx.tx, id)
                    .await
                    .db()?
                    .ok_or_else(|| DomainError::missing("contactId", "must be a contact of this workspace"))?
                    .id
            }
            (None, Some(raw)) => {
                let phone = parley_domain::Phone::parse(raw)
                    .map_err(|_| DomainError::field("phone", "must be a phone number in international format"))?;
                repo::flows::runs::contact_by_phone(&tx, phone.as_str())
                    .await
                    .db()?
                    .ok_or_else(|| DomainError::missing("phone", "is not the number of a contact of this workspace"))?
            }
            (None, None) => return Err(DomainError::field("contactId", "contactId or phone is required")),
        };
        let conversation_id = super::effects::conversation_for(&tx, contact_id, i.conversation_id).await?;
        let vars: BTreeMap<String, Value> = match i.variables {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Object(m)) if m.len() <= 50 => m.into_iter().collect(),
            Some(_) => return Err(DomainError::field("variables", "must be an object of at most 50 values")),
        };
        if serde_json::to_vec(&vars).map_err(DomainError::internal)?.len() > 16 * 1024 {
            return Err(DomainError::field("variables", "must be at most 16 KB"));
        }
        let origin = if actor.user_id.is_some() { "manual" } else { "api" };
        let run =
            insert_run(&tx, &live, contact_id, Some(conversation_id), origin, actor.user_id.map(|u| u.0), vars).await?;
        let payload = json!({});
        queue::push(
            &tx,
            &queue::NewEvent {
                contact_id,
                conversation_id: Some(conversation_id),
                kind: "start",
                run_id: Some(run.id),
                payload: &payload,
            },
        )
        .await
        .db()?;
        let contact = contact_names(&tx, Some(contact_id)).await?;
        tx.commit().await.db()?;
        self.0.flows.wakeup.notify_one();
        Ok(run_summary(run, contact))
    }

    /// The bot running for a conversation's contact, if any (the inbox's "bot running" bar).
    pub async fn bot_of_conversation(&self, t: &TenantCtx, conversation_id: Uuid) -> Result<Option<BotRun>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let conv = repo::inbox::conversations::get(&tx.tx, conversation_id)
            .await
            .db()?
            .ok_or(DomainError::NotFound("Conversation"))?;
        let runs = repo_runs::active_for_contacts(&tx, &[conv.contact_id]).await.db()?;
        Ok(runs.into_iter().next().map(|r| BotRun {
            run_id: r.run_id,
            flow_id: r.flow_id,
            flow_name: r.flow_name,
            status: r.status,
            current_node: r.current_node,
        }))
    }

    /// Entered, ended and waiting per node and passes per outcome, for one version (the latest by default).
    pub async fn analytics(&self, t: &TenantCtx, flow_id: Uuid, q: AnalyticsQuery) -> Result<FlowAnalytics> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let flow = repo_flows::get(&tx, flow_id).await.db()?.ok_or_else(flow_not_found)?;
        let Some(version) = q.version.or(flow.published_version) else {
            return Err(DomainError::Conflict {
                code: "flow_not_published",
                message: "This flow has no published version yet.".into(),
            });
        };
        let v = repo::flows::versions::get(&tx, flow_id, version)
            .await
            .db()?
            .ok_or(DomainError::NotFound("Flow version"))?;
        let counts = repo_runs::node_counts(&tx, v.id).await.db()?;
        let statuses = repo_runs::status_counts(&tx, v.id).await.db()?;
        let mut nodes: HashMap<String, NodeFigures> = HashMap::new();
        let mut edges = Vec::new();
        for c in counts {
            let n = nodes.entry(c.node.clone()).or_insert_with(|| NodeFigures {
                node: c.node.clone(),
                entered: 0,
                waiting: 0,
                dropped: 0,
            });
            n.entered += c.n;
            if let Some(o) = c.outcome {
                edges.push(EdgeFigure { source: c.node, source_handle: o, count: c.n });
            }
        }
        let mut a = FlowAnalytics {
            version,
            entered: 0,
            completed: 0,
            handed_off: 0,
            failed: 0,
            stopped: 0,
            running: 0,
            nodes: vec![],
            edges,
        };
        for s in statuses {
            a.entered += s.n;
            match s.status.as_str() {
                "completed" => a.completed += s.n,
                "handed_off" => a.handed_off += s.n,
                "failed" | "stopped" => {
                    if s.status == "failed" {
                        a.failed += s.n
                    } else {
                        a.stopped += s.n
                    }
                    if let Some(node) = s.current_node {
                        nodes
                            .entry(node.clone())
                            .or_insert_with(|| NodeFigures { node, entered: 0, waiting: 0, dropped: 0 })
                            .dropped += s.n;
                    }
                }
                _ => {
                    a.running += s.n;
                    if let Some(node) = s.current_node {
                        nodes
                            .entry(node.clone())
                            .or_insert_with(|| NodeFigures { node, entered: 0, waiting: 0, dropped: 0 })
                            .waiting += s.n;
                    }
                }
            }
        }
        let mut nodes: Vec<NodeFigures> = nodes.into_values().collect();
        nodes.sort_by(|a, b| b.entered.cmp(&a.entered).then(a.node.cmp(&b.node)));
        a.nodes = nodes;
        Ok(a)
    }
}
