//! Privacy (GDPR): a contact's data exported or erased, the whole workspace exported, and message retention.
//! Talks to the store and the media store; never to axum or the job runner.

pub mod contact;
pub mod dto;
pub mod retention;
pub mod workspace;
mod zipper;

use crate::{Core, DbResultExt, Result};
use parley_domain::TenantId;
use parley_store::repo::privacy::retention as repo_retention;
use std::sync::Arc;
use uuid::Uuid;

pub use workspace::{EXPORT_WORKSPACE, ExportWorkspaceJob};

/// The GDPR use cases; built on demand from `Services::core` (it holds nothing else).
#[derive(Clone)]
pub struct PrivacyService(pub Arc<Core>);

impl PrivacyService {
    pub fn new(core: Arc<Core>) -> Self {
        Self(core)
    }

    /// Deletes the storage objects a committed transaction queued in `media_deletions` (an erasure, retention, an
    /// expired export). A failure is logged and stays queued; the hourly sweep tries again. Answers how many went.
    pub async fn purge_objects(&self, tenant_id: Uuid) -> Result<usize> {
        let mut total = 0;
        loop {
            let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
            let keys = repo_retention::pending_deletions(&tx, 200).await.db()?;
            if keys.is_empty() {
                tx.commit().await.db()?;
                return Ok(total);
            }
            let mut gone = Vec::with_capacity(keys.len());
            let mut failed = 0;
            for key in &keys {
                match self.0.channel.media.delete(key).await {
                    Ok(()) => gone.push(key.clone()),
                    Err(e) => {
                        failed += 1;
                        tracing::warn!(tenant = %tenant_id, key, error = %e, "media object not deleted; will retry");
                        repo_retention::deletion_failed(&tx, key, &e.to_string()).await.db()?;
                    }
                }
            }
            repo_retention::deleted(&tx, &gone).await.db()?;
            tx.commit().await.db()?;
            total += gone.len();
            // Storage is failing: leave the rest for the next sweep rather than loop on it.
            if failed > 0 || keys.len() < 200 {
                return Ok(total);
            }
        }
    }
}
