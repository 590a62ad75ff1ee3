//! Durable jobs of flows: an HTTP node's call (its answer goes back to the contact's queue as an `http` event)
//! and a webhook node's delivery. They carry the request the engine rendered: that is the effect itself, fixed
//! when the step ran.

use super::guarded_http::OutboundRequest;
use crate::{Core, DbResultExt, Result};
use parley_domain::TenantId;
use parley_flow::HttpRequest;
use parley_store::repo::flows::events as queue;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use uuid::Uuid;

pub const FLOW_HTTP: &str = "parley::flow_http";
pub const FLOW_WEBHOOK: &str = "parley::flow_webhook";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowHttpJob {
    pub tenant_id: Uuid,
    pub run_id: Uuid,
    pub contact_id: Uuid,
    pub conversation_id: Option<Uuid>,
    pub token: u64,
    pub node: String,
    pub request: HttpRequest,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowWebhookJob {
    pub tenant_id: Uuid,
    pub run_id: Uuid,
    pub node: String,
    pub request: HttpRequest,
}

pub(crate) fn outbound(r: &HttpRequest) -> OutboundRequest {
    OutboundRequest {
        method: r.method.as_str().to_owned(),
        url: r.url.clone(),
        headers: r.headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect(),
        body: r.body.clone(),
        timeout_ms: Some(r.timeout_ms),
    }
}

/// The engine's view of an answer.
pub(crate) fn result_of(r: super::guarded_http::OutboundResult) -> parley_flow::HttpResult {
    parley_flow::HttpResult { status: r.status, body: r.body, error: r.error }
}

#[derive(Clone)]
pub struct FlowJobsService(pub(crate) Arc<Core>);

impl FlowJobsService {
    /// Calls out (through the address guard) and queues the answer for the run. A crash before the answer is
    /// queued calls again: HTTP nodes are at-least-once (docs/flows.md), and the run takes only the first answer
    /// for its token.
    pub async fn http(&self, job: FlowHttpJob) -> Result<()> {
        let result = result_of(self.0.flows.http.send(&outbound(&job.request)).await);
        let tx = self.0.db.tenant_tx(TenantId(job.tenant_id)).await.db()?;
        let payload = json!({ "token": job.token, "node": job.node, "result": result });
        queue::push(
            &tx,
            &queue::NewEvent {
                contact_id: job.contact_id,
                conversation_id: job.conversation_id,
                kind: "http",
                run_id: Some(job.run_id),
                payload: &payload,
            },
        )
        .await
        .db()?;
        tx.commit().await.db()?;
        self.0.flows.wakeup.notify_one();
        Ok(())
    }

    /// Delivers a webhook node's call; a failure (no answer, or a 5xx) is retried by the job queue.
    pub async fn webhook(&self, job: FlowWebhookJob) -> Result<()> {
        let r = self.0.flows.http.send(&outbound(&job.request)).await;
        match (r.status, r.error) {
            (Some(s), _) if s < 500 => Ok(()),
            (status, error) => Err(crate::DomainError::Upstream {
                code: "webhook_failed",
                message: format!(
                    "flow webhook from run {} (node {}) failed: {}",
                    job.run_id,
                    job.node,
                    error.unwrap_or_else(|| format!("HTTP {}", status.unwrap_or(0)))
                ),
            }),
        }
    }
}
