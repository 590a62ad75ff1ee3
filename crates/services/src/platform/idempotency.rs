//! Idempotency keys (`Idempotency-Key` on creates and sends): the first answer is kept per (workspace,
//! credential, key) for 24 hours and replayed to a retry of the same request; the same key on another request,
//! or while the first is still running, is refused.

use crate::{Core, DbResultExt, DomainError, Result};
use parley_domain::TenantId;
use parley_store::repo::platform::idempotency;
use std::sync::Arc;

#[derive(Clone)]
pub struct IdempotencyService(pub(crate) Arc<Core>);

/// How long a claim holds before a retry may take over a request whose process died mid-way: longer than any
/// create or send takes (starting a large campaign included), so a slow first request is never run twice.
const LOCK_SECS: i64 = 300;

/// A stored answer.
#[derive(Debug, Clone)]
pub struct StoredResponse {
    pub status: u16,
    /// Headers worth replaying (content type, location).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What to do with a request carrying a key.
#[derive(Debug)]
pub enum Claim {
    /// The first: run it, then `complete` with a success (or `release` after a refusal or an error).
    Run,
    /// The same request again: answer this.
    Replay(StoredResponse),
}

/// What tells two requests apart: the method, the path with its query, and the body's bytes.
pub fn fingerprint(method: &str, path_and_query: &str, body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b" ");
    h.update(path_and_query.as_bytes());
    h.update(b"\n");
    h.update(body);
    hex::encode(h.finalize())
}

pub fn reused() -> DomainError {
    DomainError::Rejected {
        code: "idempotency_key_reused",
        message: "This Idempotency-Key was already used with another request. Use a new key for a new request.".into(),
    }
}

pub fn in_flight() -> DomainError {
    DomainError::Conflict {
        code: "idempotency_in_flight",
        message: "A request with this Idempotency-Key is still being processed. Retry in a moment.".into(),
    }
}

impl IdempotencyService {
    /// Claims `key` for the request hashed as `fingerprint` by `principal` (`key:<id>`, `user:<id>`).
    pub async fn claim(&self, tenant: TenantId, principal: &str, key: &str, fingerprint: &str) -> Result<Claim> {
        let tx = self.0.db.tenant_tx(tenant).await.db()?;
        let row = idempotency::claim(&tx, principal, key, fingerprint, LOCK_SECS).await.db()?;
        tx.commit().await.db()?;
        let Some(row) = row else { return Ok(Claim::Run) };
        if row.fingerprint != fingerprint {
            return Err(reused());
        }
        let (Some(status), Some(body)) = (row.response_status, row.response_body) else { return Err(in_flight()) };
        let headers = row
            .response_headers
            .as_object()
            .map(|o| o.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect())
            .unwrap_or_default();
        Ok(Claim::Replay(StoredResponse { status: status.clamp(100, 599) as u16, headers, body }))
    }

    pub async fn complete(&self, tenant: TenantId, principal: &str, key: &str, res: &StoredResponse) -> Result<()> {
        let tx = self.0.db.tenant_tx(tenant).await.db()?;
        let headers: serde_json::Map<String, serde_json::Value> =
            res.headers.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
        idempotency::complete(&tx, principal, key, i32::from(res.status), headers.into(), res.body.clone())
            .await
            .db()?;
        tx.commit().await.db()
    }

    pub async fn release(&self, tenant: TenantId, principal: &str, key: &str) -> Result<()> {
        let tx = self.0.db.tenant_tx(tenant).await.db()?;
        idempotency::release(&tx, principal, key).await.db()?;
        tx.commit().await.db()
    }
}
