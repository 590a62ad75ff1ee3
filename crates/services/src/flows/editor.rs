//! The builder's side of flows: the list, drafts (autosaved, validated by the engine's own rules), ready
//! templates, publishing an immutable version, pausing, version history with diffs and restore.

use super::dto::*;
use super::{decode_graph, decode_trigger, flow_not_found, has_errors, workspace_midnight};
use crate::billing::quota::{Feature, Stock};
use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_domain::FieldError;
use parley_flow::{FlowGraph, Issue, NodeKind, Severity, Trigger, TriggerKind, ValidationContext};
use parley_store::repo::flows::{definitions as repo_flows, runs as repo_runs, versions as repo_versions};
use parley_store::{TenantTx, unique_violation};
use serde_json::Value;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct FlowService(pub(crate) Arc<Core>);

fn name_taken(e: sea_orm::DbErr) -> DomainError {
    match unique_violation(&e).as_deref() {
        Some("flows_name_key") => {
            DomainError::Conflict { code: "flow_exists", message: "A flow with this name already exists.".into() }
        }
        _ => DomainError::internal(e),
    }
}

/// A draft that cannot be published: its errors as fields on `nodes.<id>` (or `flow`), so the API's 409 names the node.
fn issues_error(issues: &[Issue]) -> DomainError {
    DomainError::NotReady {
        code: "flow_invalid",
        message: "The flow cannot be published: fix the nodes listed.".into(),
        fields: issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .map(|i| FieldError::new(i.node.as_deref().map_or("flow".to_owned(), |n| format!("nodes.{n}")), &i.message))
            .collect(),
    }
}

/// What validation needs to know about the workspace: its contact fields and flows.
pub(crate) async fn validation_context(tx: &TenantTx) -> Result<ValidationContext> {
    let fields = crate::crm::fields::defs(tx).await?.into_iter().map(|f| f.key).collect();
    let flows = repo_flows::names(tx).await.db()?.into_iter().map(|f| f.id).collect();
    Ok(ValidationContext { contact_fields: fields, flow_ids: flows })
}

fn summary(r: repo_flows::FlowListRow) -> Result<FlowSummary> {
    Ok(FlowSummary {
        trigger: decode_trigger(&r.trigger)?,
        completion_rate: (r.runs_today > 0).then(|| r.completed_today as f64 / r.runs_today as f64),
        id: r.id,
        name: r.name,
        description: r.description,
        status: r.status,
        priority: r.priority,
        version: r.published_version,
        unpublished_changes: r.draft_dirty,
        template_key: r.template_key,
        runs_today: r.runs_today,
        completed_today: r.completed_today,
        running: r.running,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// The engine's validation, except that a private address the operator allowed (`flows.http_allow`: an
/// internal service on a self-hosted network) is not an error.
pub(crate) fn validate(core: &Core, graph: &FlowGraph, cx: &ValidationContext) -> Vec<Issue> {
    let mut issues = parley_flow::validate(graph, cx);
    issues.retain(|i| {
        if i.code != "private_address" {
            return true;
        }
        let url = graph.nodes.iter().find(|n| Some(&n.id) == i.node.as_ref()).and_then(|n| match &n.kind {
            NodeKind::Http(h) => Some(h.url.as_str()),
            NodeKind::Webhook(w) => Some(w.url.as_str()),
            _ => None,
        });
        url.is_none_or(|u| core.flows.http.check_url(u).is_err())
    });
    issues
}

async fn flow_dto(core: &Core, tx: &TenantTx, r: repo_flows::FlowRow) -> Result<Flow> {
    let draft = decode_graph(&r.draft)?;
    let issues = validate(core, &draft, &validation_context(tx).await?);
    Ok(Flow {
        trigger: decode_trigger(&r.trigger)?,
        id: r.id,
        name: r.name,
        description: r.description,
        status: r.status,
        priority: r.priority,
        version: r.published_version,
        unpublished_changes: r.draft_dirty,
        template_key: r.template_key,
        draft,
        issues,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// A new flow: a start, one message and an end, so the canvas is not empty and the first publish works.
fn starter_graph() -> FlowGraph {
    serde_json::from_value(serde_json::json!({
        "nodes": [
            { "id": "start", "type": "start", "position": { "x": 0, "y": 0 }, "data": {} },
            { "id": "hello", "type": "sendMessage", "position": { "x": 0, "y": 140 },
              "data": { "text": "Hi {{contact.name}}! How can we help?" } },
            { "id": "end", "type": "end", "position": { "x": 0, "y": 300 }, "data": {} }
        ],
        "edges": [
            { "id": "e1", "source": "start", "sourceHandle": "next", "target": "hello" },
            { "id": "e2", "source": "hello", "sourceHandle": "next", "target": "end" }
        ]
    }))
    .unwrap_or_default()
}

/// Name and description, checked.
fn texts(name: &str, description: Option<&str>) -> Result<(String, Option<String>)> {
    let mut c = Check::default();
    let name = c.text("name", name, 1, 80);
    let description = description.filter(|d| !d.trim().is_empty()).and_then(|d| c.multiline("description", d, 1, 500));
    c.finish()?;
    Ok((checked(name)?, description))
}

/// The graph as stored: structurally sound (within the size limits, ids unique), but possibly still invalid
/// for publishing. Anything larger than the engine accepts is refused at save, not at publish.
fn storable(graph: &FlowGraph) -> Result<Value> {
    use parley_flow::limits::{MAX_EDGES, MAX_NODES};
    if graph.nodes.len() > MAX_NODES || graph.edges.len() > MAX_EDGES {
        return Err(DomainError::field(
            "draft",
            &format!("a flow holds at most {MAX_NODES} nodes and {MAX_EDGES} connections"),
        ));
    }
    let json = serde_json::to_vec(graph).map_err(DomainError::internal)?;
    if let Err(issue) = parley_flow::check_size(&json) {
        return Err(DomainError::field("draft", &issue.message));
    }
    serde_json::from_slice(&json).map_err(DomainError::internal)
}

fn trigger_value(t: &Trigger) -> Result<Value> {
    if let TriggerKind::Keyword { keywords, .. } = &t.kind
        && (keywords.len() > 50 || keywords.iter().any(|k| k.chars().count() > 200))
    {
        return Err(DomainError::field("trigger.keywords", "must be at most 50 keywords of 200 characters"));
    }
    let problems: Vec<FieldError> = parley_flow::validate::validate_trigger(t)
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| FieldError::new("trigger", &i.message))
        .collect();
    if !problems.is_empty() {
        return Err(DomainError::Validation(problems));
    }
    serde_json::to_value(t).map_err(DomainError::internal)
}

impl FlowService {
    pub async fn list(&self, t: &TenantCtx) -> Result<Vec<FlowSummary>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let since = workspace_midnight(&tx).await?;
        repo_flows::list(&tx, since).await.db()?.into_iter().map(summary).collect()
    }

    pub fn templates(&self) -> Vec<FlowTemplate> {
        parley_flow::templates::all()
            .into_iter()
            .map(|t| FlowTemplate {
                node_count: t.graph.nodes.len(),
                key: t.key,
                name: t.name,
                description: t.description,
                trigger: t.trigger,
                contact_fields: t.contact_fields,
            })
            .collect()
    }

    pub async fn create(&self, t: &TenantCtx, i: CreateFlowInput) -> Result<Flow> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let (name, description) = texts(&i.name, i.description.as_deref())?;
        let (graph, trigger, key) = match i.template_key.as_deref() {
            Some(key) => {
                let tpl = parley_flow::templates::all()
                    .into_iter()
                    .find(|tp| tp.key == key)
                    .ok_or_else(|| DomainError::field("templateKey", "is not a flow template"))?;
                // The template's answers land in contact fields: make the ones this workspace lacks.
                crate::crm::fields::ensure(&tx, &tpl.contact_fields).await?;
                (tpl.graph, i.trigger.unwrap_or(tpl.trigger), Some(key.to_owned()))
            }
            None => (
                i.graph.unwrap_or_else(starter_graph),
                i.trigger.unwrap_or(Trigger { kind: TriggerKind::Manual, connection_ids: vec![], priority: 0 }),
                None,
            ),
        };
        self.0.require_feature(&tx, Feature::ChatbotFlows).await?;
        self.0.reserve_stock(&tx, Stock::Flows, 1).await?;
        let draft = storable(&graph)?;
        let trig = trigger_value(&trigger)?;
        let w = repo_flows::FlowWrite {
            name: &name,
            description: description.as_deref(),
            trigger: &trig,
            priority: trigger.priority,
            draft: &draft,
            template_key: key.as_deref(),
        };
        let row = repo_flows::insert(&tx, Uuid::now_v7(), &w, actor.user_id.map(|u| u.0)).await.map_err(name_taken)?;
        let out = flow_dto(&self.0, &tx, row).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    pub async fn get(&self, t: &TenantCtx, id: Uuid) -> Result<Flow> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let row = repo_flows::get(&tx, id).await.db()?.ok_or_else(flow_not_found)?;
        flow_dto(&self.0, &tx, row).await
    }

    /// Saves the draft. Structural limits are enforced; validation issues are answered, not refused.
    pub async fn save(&self, t: &TenantCtx, id: Uuid, i: SaveFlowInput) -> Result<Flow> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let (name, description) = texts(&i.name, i.description.as_deref())?;
        let draft = storable(&i.draft)?;
        let trig = trigger_value(&i.trigger)?;
        let w = repo_flows::FlowWrite {
            name: &name,
            description: description.as_deref(),
            trigger: &trig,
            priority: i.trigger.priority,
            draft: &draft,
            template_key: None,
        };
        let row = repo_flows::update(&tx, id, &w).await.map_err(name_taken)?.ok_or_else(flow_not_found)?;
        let out = flow_dto(&self.0, &tx, row).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    /// Freezes the draft as the next version, if validation finds no error; from now on new runs start on it,
    /// while runs already going finish on the version they started on.
    pub async fn publish(&self, t: &TenantCtx, id: Uuid) -> Result<Flow> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        self.0.require_feature(&tx, Feature::ChatbotFlows).await?;
        let row = repo_flows::lock(&tx, id).await.db()?.ok_or_else(flow_not_found)?;
        let graph = decode_graph(&row.draft)?;
        let issues = validate(&self.0, &graph, &validation_context(&tx).await?);
        if has_errors(&issues) {
            return Err(issues_error(&issues));
        }
        let (_, version) =
            repo_versions::insert(&tx, id, &row.draft, &row.trigger, actor.user_id.map(|u| u.0)).await.db()?;
        repo_flows::mark_published(&tx, id, version).await.db()?;
        let row = repo_flows::get(&tx, id).await.db()?.ok_or_else(flow_not_found)?;
        let out = flow_dto(&self.0, &tx, row).await?;
        tx.commit().await.db()?;
        self.0.flows.forget_tenant(t.tenant_id.0);
        Ok(out)
    }

    /// Paused: triggers start nothing; runs going on finish (or are stopped with `stop_runs`).
    pub async fn pause(&self, t: &TenantCtx, id: Uuid, stop_runs: bool) -> Result<Flow> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo_flows::lock(&tx, id).await.db()?.ok_or_else(flow_not_found)?;
        if row.published_version.is_none() {
            return Err(DomainError::Conflict {
                code: "flow_not_published",
                message: "Only a published flow can be paused.".into(),
            });
        }
        repo_flows::set_status(&tx, id, "paused").await.db()?;
        if stop_runs {
            repo_runs::stop_all(&tx, id, "the flow was paused").await.db()?;
        }
        let row = repo_flows::get(&tx, id).await.db()?.ok_or_else(flow_not_found)?;
        let out = flow_dto(&self.0, &tx, row).await?;
        tx.commit().await.db()?;
        self.0.flows.forget_tenant(t.tenant_id.0);
        Ok(out)
    }

    pub async fn resume(&self, t: &TenantCtx, id: Uuid) -> Result<Flow> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        self.0.require_feature(&tx, Feature::ChatbotFlows).await?;
        let row = repo_flows::lock(&tx, id).await.db()?.ok_or_else(flow_not_found)?;
        if row.published_version.is_none() {
            return Err(DomainError::Conflict {
                code: "flow_not_published",
                message: "Publish the flow first: a draft never runs.".into(),
            });
        }
        repo_flows::set_status(&tx, id, "published").await.db()?;
        let row = repo_flows::get(&tx, id).await.db()?.ok_or_else(flow_not_found)?;
        let out = flow_dto(&self.0, &tx, row).await?;
        tx.commit().await.db()?;
        self.0.flows.forget_tenant(t.tenant_id.0);
        Ok(out)
    }

    /// Deletes the flow, its versions and its runs (runs going on stop at once).
    pub async fn delete(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        if !repo_flows::delete(&tx, id).await.db()? {
            return Err(flow_not_found());
        }
        tx.commit().await.db()?;
        self.0.flows.forget_tenant(t.tenant_id.0);
        Ok(())
    }

    pub async fn versions(&self, t: &TenantCtx, id: Uuid) -> Result<Vec<FlowVersion>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo_flows::get(&tx, id).await.db()?.ok_or_else(flow_not_found)?;
        let rows = repo_versions::list(&tx, id).await.db()?;
        let graphs: Vec<FlowGraph> = rows.iter().map(|r| decode_graph(&r.graph)).collect::<Result<_>>()?;
        Ok(rows
            .iter()
            .enumerate()
            .map(|(n, r)| FlowVersion {
                version: r.version,
                published_at: r.published_at,
                published_by: r.published_by_name.clone(),
                node_count: graphs[n].nodes.len(),
                // Newest first: the version before is the next one in the list.
                changes: graphs.get(n + 1).map(|older| parley_flow::diff(older, &graphs[n])),
            })
            .collect())
    }

    pub async fn version(&self, t: &TenantCtx, id: Uuid, version: i32) -> Result<FlowVersionDetail> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let v = repo_versions::get(&tx, id, version).await.db()?.ok_or(DomainError::NotFound("Flow version"))?;
        Ok(FlowVersionDetail {
            version: v.version,
            published_at: v.published_at,
            published_by: v.published_by_name,
            trigger: decode_trigger(&v.trigger)?,
            graph: decode_graph(&v.graph)?,
        })
    }

    /// What changed from `version` to `against` (another version, or the draft when absent).
    pub async fn diff(&self, t: &TenantCtx, id: Uuid, version: i32, q: DiffQuery) -> Result<parley_flow::GraphDiff> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let row = repo_flows::get(&tx, id).await.db()?.ok_or_else(flow_not_found)?;
        let v = repo_versions::get(&tx, id, version).await.db()?.ok_or(DomainError::NotFound("Flow version"))?;
        let new = match q.against {
            Some(other) => {
                repo_versions::get(&tx, id, other).await.db()?.ok_or(DomainError::NotFound("Flow version"))?.graph
            }
            None => row.draft,
        };
        Ok(parley_flow::diff(&decode_graph(&v.graph)?, &decode_graph(&new)?))
    }

    /// Makes a version the draft again (to edit and publish as the next version).
    pub async fn restore(&self, t: &TenantCtx, id: Uuid, version: i32) -> Result<Flow> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        repo_flows::lock(&tx, id).await.db()?.ok_or_else(flow_not_found)?;
        let v = repo_versions::get(&tx, id, version).await.db()?.ok_or(DomainError::NotFound("Flow version"))?;
        repo_flows::set_draft(&tx, id, &v.graph, &v.trigger).await.db()?;
        let row = repo_flows::get(&tx, id).await.db()?.ok_or_else(flow_not_found)?;
        let out = flow_dto(&self.0, &tx, row).await?;
        tx.commit().await.db()?;
        Ok(out)
    }
}
