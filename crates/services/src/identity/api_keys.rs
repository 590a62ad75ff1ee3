//! API keys for integrations: created and revoked by owners and managers, when the plan includes API access;
//! the secret is shown once.

use crate::billing::quota::Feature;
use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::identity::dto::{ApiKey, CreateApiKeyInput, CreatedApiKey};
use crate::identity::tokens;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_store::entities::api_keys::Model;
use parley_store::repo;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct ApiKeyService(pub(crate) Arc<Core>);

fn dto(m: Model) -> ApiKey {
    ApiKey {
        id: m.id,
        name: m.name,
        prefix: m.prefix,
        created_at: m.created_at,
        last_used_at: m.last_used_at,
        revoked_at: m.revoked_at,
    }
}

impl ApiKeyService {
    pub async fn list(&self, t: &TenantCtx) -> Result<Vec<ApiKey>> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let rows = repo::identity::api_keys::list(&tx).await.db()?;
        tx.commit().await.db()?;
        Ok(rows.into_iter().map(dto).collect())
    }

    pub async fn create(&self, t: &TenantCtx, input: CreateApiKeyInput) -> Result<CreatedApiKey> {
        let mut c = Check::default();
        let name = c.text("name", &input.name, 1, 80);
        c.finish()?;
        let (tx, t) = self.0.begin(t, Role::Manager).await?;
        self.0.require_feature(&tx, Feature::ApiAccess).await?;
        let secret = format!("pk_{}", tokens::tenant_secret(t.tenant_id.0, '_'));
        let prefix = format!("{}…{}", &secret[..7], &secret[secret.len() - 4..]);
        let key = repo::identity::api_keys::insert(
            &tx,
            &checked(name)?,
            &prefix,
            &tokens::hash_secret(&secret),
            t.user_id.map(|u| u.0),
        )
        .await
        .db()?;
        self.0
            .audit_ctx(&tx, &t, "api_key.created", "api_key", key.id, serde_json::json!({ "name": key.name }))
            .await?;
        tx.commit().await.db()?;
        Ok(CreatedApiKey { api_key: dto(key), secret })
    }

    pub async fn revoke(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, t) = self.0.begin(t, Role::Manager).await?;
        if !repo::identity::api_keys::revoke(&tx, id).await.db()? {
            return Err(DomainError::NotFound("The API key"));
        }
        self.0.audit_ctx(&tx, &t, "api_key.revoked", "api_key", id, serde_json::json!({})).await?;
        tx.commit().await.db()
    }
}
