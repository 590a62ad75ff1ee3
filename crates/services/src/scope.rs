//! The request's one transaction: opened for a tenant, with the caller's claim verified inside it.

use crate::billing::quota::Feature;
use crate::ctx::{Actor, Credential, TenantCtx};
use crate::errors::{invalid_api_key, workspace_suspended, workspace_unavailable};
use crate::{Core, DbResultExt, Result, Role, stored};
use parley_domain::{TenantStatus, UserId};
use parley_store::{TenantTx, repo};

impl Core {
    /// Begins the tenant transaction and verifies who is asking in the same round of statements:
    /// a person's membership (role and status, tenant active) or an API key (not revoked, not expired, tenant
    /// active; its scopes were checked by the HTTP layer's table before the handler ran). Answers the
    /// transaction and the verified actor, who has at least `min`.
    pub(crate) async fn begin(&self, t: &TenantCtx, min: Role) -> Result<(TenantTx, Actor)> {
        self.begin_with(t, min, false).await
    }

    /// `begin` for the billing pages, which stay open in a workspace suspended for an unpaid bill (so it can
    /// be paid).
    pub(crate) async fn begin_billing(&self, t: &TenantCtx, min: Role) -> Result<(TenantTx, Actor)> {
        self.begin_with(t, min, true).await
    }

    async fn begin_with(&self, t: &TenantCtx, min: Role, suspended_ok: bool) -> Result<(TenantTx, Actor)> {
        let tx = self.db.tenant_tx(t.tenant_id).await.db()?;
        let actor = match &t.credential {
            Credential::Person(user) => {
                let seat = repo::team::members::seat(&tx, user.0).await.db()?.ok_or_else(workspace_unavailable)?;
                if seat.status != "active" || stored(TenantStatus::parse, &seat.tenant_status)? != TenantStatus::Active
                {
                    return Err(workspace_unavailable());
                }
                if !suspended_ok && seat.access.as_deref() == Some("suspended") {
                    return Err(workspace_suspended());
                }
                Actor {
                    tenant_id: t.tenant_id,
                    user_id: Some(*user),
                    api_key_id: None,
                    role: stored(Role::parse, &seat.role)?,
                    client: t.client.clone(),
                }
            }
            Credential::ApiKey { hash } => {
                let key = repo::identity::api_keys::authenticate(&tx, hash).await.db()?.ok_or_else(invalid_api_key)?;
                let tenant = repo::platform::tenants::current(&tx).await.db()?.ok_or_else(invalid_api_key)?;
                // The workspace's IP allow-list, read fresh on every keyed request so a change applies at once.
                crate::identity::ip_allow::check(&repo::platform::tenants::ip_allowlist(&tx).await.db()?, &t.client)?;
                if stored(TenantStatus::parse, &tenant.status)? != TenantStatus::Active {
                    return Err(workspace_unavailable());
                }
                if !suspended_ok
                    && repo::billing::subscriptions::access(&tx).await.db()?.as_deref() == Some("suspended")
                {
                    return Err(workspace_suspended());
                }
                // A plan without API access turns existing keys off (no plan assigned: nothing is limited).
                self.require_feature(&tx, Feature::ApiAccess).await?;
                Actor {
                    tenant_id: t.tenant_id,
                    user_id: key.created_by.map(UserId),
                    api_key_id: Some(key.id),
                    role: Role::Manager,
                    client: t.client.clone(),
                }
            }
        };
        actor.require(min)?;
        Ok((tx, actor))
    }
}
