//! Message retention: a workspace may delete messages' content and media older than N days (off by default). The
//! rows stay (direction, type, status, times), so the analytics rollups, which count rows, keep their figures. An
//! hourly sweep runs it tenant by tenant, in batches, under row-level security, and retries storage deletions.

use super::PrivacyService;
use super::dto::{PrivacySettings, UpdatePrivacySettingsInput};
use crate::{DbResultExt, DomainError, Result, Role, TenantCtx};
use parley_domain::TenantId;
use parley_store::repo::privacy::{exports as repo_exports, retention as repo};
use serde_json::json;
use uuid::Uuid;

pub const MIN_RETENTION_DAYS: i32 = 30;
pub const MAX_RETENTION_DAYS: i32 = 3650;
/// Messages redacted per transaction: short transactions, so the inbox never waits on a sweep.
const BATCH: i64 = 1_000;

/// What one sweep did in one workspace.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub messages: i64,
    pub media: i64,
    pub objects_deleted: usize,
}

fn dto(r: repo::PrivacySettingsRow) -> PrivacySettings {
    PrivacySettings {
        retention_days: r.retention_days,
        retention_ran_at: r.retention_ran_at,
        min_retention_days: MIN_RETENTION_DAYS,
    }
}

impl PrivacyService {
    pub async fn settings(&self, t: &TenantCtx) -> Result<PrivacySettings> {
        let (tx, _) = self.0.begin(t, Role::Owner).await?;
        let s = repo::settings(&tx).await.db()?;
        tx.commit().await.db()?;
        Ok(dto(s))
    }

    pub async fn update_settings(&self, t: &TenantCtx, i: UpdatePrivacySettingsInput) -> Result<PrivacySettings> {
        let (tx, actor) = self.0.begin(t, Role::Owner).await?;
        if let Some(d) = i.retention_days
            && !(MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&d)
        {
            return Err(DomainError::field(
                "retentionDays",
                &format!(
                    "must be between {MIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS} days, or null to keep everything"
                ),
            ));
        }
        repo::set_retention(&tx, i.retention_days).await.db()?;
        let meta = json!({ "retentionDays": i.retention_days });
        self.0.audit_ctx(&tx, &actor, "privacy.retention_changed", "workspace", t.tenant_id.0, meta).await?;
        let s = repo::settings(&tx).await.db()?;
        tx.commit().await.db()?;
        Ok(dto(s))
    }

    /// One pass over one workspace: its retention (when set), expired workspace exports, and storage deletions
    /// still waiting.
    pub async fn sweep_tenant(&self, tenant_id: Uuid) -> Result<Swept> {
        let mut out = Swept::default();
        let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
        let days = repo::settings(&tx).await.db()?.retention_days;
        repo_exports::expire(&tx, chrono::Utc::now() - chrono::Duration::days(super::workspace::KEEP_DAYS))
            .await
            .db()?;
        tx.commit().await.db()?;
        if let Some(days) = days {
            let before = chrono::Utc::now() - chrono::Duration::days(days as i64);
            loop {
                let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
                let (m, f) = repo::redact_older(&tx, before, BATCH).await.db()?;
                if m < BATCH {
                    repo::mark_ran(&tx).await.db()?;
                }
                tx.commit().await.db()?;
                out.messages += m;
                out.media += f;
                if m < BATCH {
                    break;
                }
            }
        }
        out.objects_deleted = self.purge_objects(tenant_id).await?;
        if out.messages > 0 {
            tracing::info!(tenant = %tenant_id, messages = out.messages, media = out.media, "retention applied");
        }
        Ok(out)
    }

    /// The hourly pass over every workspace; one failing workspace does not stop the others.
    pub async fn sweep(&self) -> Result<()> {
        let tenants = parley_store::repo::platform::system::tenant_ids(&self.0.db).await.db()?;
        for t in tenants {
            if let Err(e) = self.sweep_tenant(t).await {
                tracing::error!(tenant = %t, error = %e, "privacy sweep failed for a workspace");
            }
        }
        Ok(())
    }
}
