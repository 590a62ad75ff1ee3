//! Chatbot flows: the builder's drafts and published versions (`editor`), runs and their traces (`runs`), the
//! runner that feeds the pure engine (`parley_flow`) with a contact's events in order and applies its effects
//! (`runner`, `effects`), the editor's sandbox (`sandbox`) and the guarded HTTP client for HTTP nodes.

pub mod dto;
pub mod editor;
mod effects;
pub mod guarded_http;
pub mod jobs;
pub mod runner;
pub mod runs;
pub mod sandbox;

use crate::{DbResultExt, DomainError, Result};
use chrono::{DateTime, TimeZone, Utc};
use parley_flow::{Compiled, FlowGraph, Issue, Severity, Trigger};
use parley_store::TenantTx;
use parley_store::repo::flows::definitions::{LiveFlow, LiveStamp};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;
use uuid::Uuid;

pub(crate) fn flow_not_found() -> DomainError {
    DomainError::NotFound("Flow")
}

pub(crate) fn run_not_found() -> DomainError {
    DomainError::NotFound("Flow run")
}

/// A graph as stored (written by this code after the same checks), read back.
pub(crate) fn decode_graph(v: &Value) -> Result<FlowGraph> {
    serde_json::from_value(v.clone()).map_err(|e| DomainError::internal(format!("stored flow graph: {e}")))
}

pub(crate) fn decode_trigger(v: &Value) -> Result<Trigger> {
    serde_json::from_value(v.clone()).map_err(|e| DomainError::internal(format!("stored flow trigger: {e}")))
}

pub(crate) fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.severity == Severity::Error)
}

/// Midnight today in the workspace's time zone (the inbox settings'), for "runs today".
pub(crate) async fn workspace_midnight(tx: &TenantTx) -> Result<DateTime<Utc>> {
    let settings = parley_store::repo::inbox::inbox_settings::get(tx).await.db()?;
    let tz: chrono_tz::Tz = settings.timezone.parse().unwrap_or(chrono_tz::UTC);
    let today = Utc::now().with_timezone(&tz).date_naive();
    Ok(today
        .and_hms_opt(0, 0, 0)
        .and_then(|t| tz.from_local_datetime(&t).earliest())
        .map_or_else(|| Utc::now() - chrono::Duration::hours(24), |t| t.with_timezone(&Utc)))
}

/// A published version ready to run: versions never change, so a compiled one is kept for the process's life.
pub(crate) struct LiveVersion {
    pub compiled: Compiled,
}

/// A workspace's published flows' triggers, by priority, reloaded when a flow is published, paused or deleted
/// (here, or on another node: the stamp is compared on use).
pub(crate) struct TenantTriggers {
    pub stamp: LiveStamp,
    pub flows: Vec<LiveTrigger>,
}

pub(crate) struct LiveTrigger {
    pub flow: LiveFlow,
    pub trigger: parley_flow::CompiledTrigger,
    pub kind: &'static str,
}

/// A trigger kind's name, as runs record their origin.
pub(crate) fn trigger_kind(k: &parley_flow::TriggerKind) -> &'static str {
    use parley_flow::TriggerKind as K;
    match k {
        K::Keyword { .. } => "keyword",
        K::FirstMessage => "firstMessage",
        K::Unassigned => "unassigned",
        K::Manual => "manual",
        K::Api => "api",
    }
}

/// Process-wide state of the runner.
pub struct FlowsRuntime {
    versions: Mutex<HashMap<Uuid, Arc<LiveVersion>>>,
    triggers: Mutex<HashMap<Uuid, Arc<TenantTriggers>>>,
    /// Wakes this node's runner when an event was queued here.
    pub wakeup: Arc<Notify>,
    pub http: guarded_http::GuardedClient,
}

impl FlowsRuntime {
    pub fn new(http: guarded_http::GuardConfig) -> anyhow::Result<Self> {
        Ok(Self {
            versions: Mutex::default(),
            triggers: Mutex::default(),
            wakeup: Arc::new(Notify::new()),
            http: guarded_http::GuardedClient::new(http)?,
        })
    }

    pub(crate) fn forget_tenant(&self, tenant: Uuid) {
        if let Ok(mut m) = self.triggers.lock() {
            m.remove(&tenant);
        }
    }

    /// The compiled version, from the cache or the database.
    pub(crate) async fn version(&self, tx: &TenantTx, version_id: Uuid) -> Result<Arc<LiveVersion>> {
        if let Some(v) = self.versions.lock().ok().and_then(|m| m.get(&version_id).cloned()) {
            return Ok(v);
        }
        let row = parley_store::repo::flows::versions::by_id(tx, version_id)
            .await
            .db()?
            .ok_or(DomainError::NotFound("Flow version"))?;
        let compiled = Compiled::new(&decode_graph(&row.graph)?)
            .map_err(|e| DomainError::internal(format!("published flow does not compile: {e}")))?;
        let v = Arc::new(LiveVersion { compiled });
        if let Ok(mut m) = self.versions.lock() {
            // Bounded: a process that has seen very many versions starts over (they recompile on demand).
            if m.len() > 10_000 {
                m.clear();
            }
            m.insert(version_id, v.clone());
        }
        Ok(v)
    }

    /// The workspace's live triggers, reloaded when its flows changed since they were read.
    pub(crate) async fn triggers(&self, tx: &TenantTx) -> Result<Arc<TenantTriggers>> {
        let stamp = parley_store::repo::flows::definitions::live_stamp(tx).await.db()?;
        self.triggers_at(tx, stamp).await
    }

    /// The same, when the caller has read the stamp already.
    pub(crate) async fn triggers_at(&self, tx: &TenantTx, stamp: LiveStamp) -> Result<Arc<TenantTriggers>> {
        let tenant = tx.tenant_id.0;
        if let Some(t) = self.triggers.lock().ok().and_then(|m| m.get(&tenant).cloned())
            && t.stamp == stamp
        {
            return Ok(t);
        }
        let mut flows = Vec::new();
        for f in parley_store::repo::flows::definitions::live(tx).await.db()? {
            let trigger = decode_trigger(&f.trigger)?;
            let kind = trigger_kind(&trigger.kind);
            // A trigger that no longer compiles (it was valid when published) starts nothing rather than failing
            // every inbound message of the workspace.
            match parley_flow::CompiledTrigger::new(&trigger) {
                Ok(t) => flows.push(LiveTrigger { flow: f, trigger: t, kind }),
                Err(e) => tracing::warn!(flow = %f.flow_id, error = %e, "flow trigger does not compile"),
            }
        }
        let t = Arc::new(TenantTriggers { stamp, flows });
        if let Ok(mut m) = self.triggers.lock() {
            m.insert(tenant, t.clone());
        }
        Ok(t)
    }
}
