//! The audit log: written by every use case that changes who can do what; read by owners and managers.

use crate::ctx::{Actor, ClientInfo, TenantCtx};
use crate::dto::PageOnlyQuery;
use crate::platform::dto::{AuditEntry, AuditPage};
use crate::{Core, DbResultExt, Result, Role};
use parley_store::TenantTx;
use parley_store::repo::{self, platform::audit::NewAudit};
use std::sync::Arc;
use uuid::Uuid;

impl Core {
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn audit(
        &self,
        tx: &TenantTx,
        actor: Option<Uuid>,
        client: &ClientInfo,
        action: &str,
        target_type: Option<&str>,
        target_id: Option<String>,
        metadata: serde_json::Value,
    ) -> Result<()> {
        repo::platform::audit::insert(
            tx,
            NewAudit { actor_user_id: actor, action, target_type, target_id, ip: client.ip.as_deref(), metadata },
        )
        .await
        .db()
    }

    /// Audit entry for an action taken by a verified actor (records the API key when one was used).
    pub(crate) async fn audit_ctx(
        &self,
        tx: &TenantTx,
        t: &Actor,
        action: &str,
        target_type: &str,
        target_id: impl ToString,
        mut metadata: serde_json::Value,
    ) -> Result<()> {
        if let (Some(k), Some(obj)) = (t.api_key_id, metadata.as_object_mut()) {
            obj.insert("apiKeyId".into(), k.to_string().into());
        }
        self.audit(
            tx,
            t.user_id.map(|u| u.0),
            &t.client,
            action,
            Some(target_type),
            Some(target_id.to_string()),
            metadata,
        )
        .await
    }
}

#[derive(Clone)]
pub struct AuditService(pub(crate) Arc<Core>);

impl AuditService {
    pub async fn page(&self, t: &TenantCtx, q: PageOnlyQuery) -> Result<AuditPage> {
        let page = crate::dto::page_req(q.page, q.per_page)?;
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let (rows, total) = repo::platform::audit::page(&tx, page).await.db()?;
        tx.commit().await.db()?;
        Ok(AuditPage {
            items: rows
                .into_iter()
                .map(|r| AuditEntry {
                    id: r.id,
                    action: r.action,
                    actor_id: r.actor_user_id,
                    actor_name: r.actor_name,
                    target_type: r.target_type,
                    target_id: r.target_id,
                    ip: r.ip,
                    metadata: r.metadata,
                    created_at: r.created_at,
                })
                .collect(),
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }
}
