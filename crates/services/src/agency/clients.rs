//! The agency dashboard: the agency's own settings and its clients. Reads go through `agency_client_summaries()`
//! in the agency's transaction; a write on a client first proves there, through the same function, that the
//! client is the agency's own, then opens the CLIENT's tenant transaction for the change (so row-level security
//! still holds every statement to one workspace). Client creation writes the new workspace in its own transaction.

use super::admin::{billing_mode, caps_dto};
use super::limits::{check_features_within, check_limits_within, overlay};
use super::{AgencyService, client_not_found, not_an_agency};
use crate::agency::dto::*;
use crate::billing::dto::{PlanLimits, UsageMeter};
use crate::billing::entitlements::{effective_plan, features_of, limits_of};
use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::events::Event;
use crate::identity::tokens;
use crate::{DbResultExt, DomainError, Result, mail, stored};
use chrono::Utc;
use parley_domain::{TenantId, TenantStatus};
use parley_store::repo::{self, agency::clients::ClientSummaryRow, agency::plans::AgencyPlanRow};
use serde_json::json;
use uuid::Uuid;

pub(crate) fn summary_dto(r: ClientSummaryRow) -> Result<ClientSummary> {
    Ok(ClientSummary {
        id: r.id,
        status: stored(TenantStatus::parse, &r.status)?,
        usage: vec![
            UsageMeter {
                key: "messagesPerMonth".into(),
                used: r.messages_this_month,
                limit: r.max_messages_per_month,
                monthly: true,
            },
            UsageMeter { key: "contacts".into(), used: r.contacts, limit: r.max_contacts, monthly: false },
            UsageMeter { key: "agents".into(), used: r.agents, limit: r.max_agents, monthly: false },
        ],
        name: r.name,
        slug: r.slug,
        created_at: r.created_at,
        plan_id: r.agency_plan_id,
        plan_name: r.plan_name,
        access: r.access,
        numbers_connected: r.numbers_connected,
        last_activity_at: r.last_activity_at,
        support_allowed: r.allow_agency_support,
    })
}

fn unknown_plan() -> DomainError {
    DomainError::field("planId", "is not an active plan of your offer")
}

/// No key set: the plan's limits, nothing of the client's own.
fn is_empty(l: &PlanLimits) -> bool {
    *l == PlanLimits::default()
}

impl AgencyService {
    pub async fn agency(&self, t: &TenantCtx) -> Result<Agency> {
        let (tx, _, row) = self.begin_agency(t).await?;
        let out = self.agency_dto(&tx, &row).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    async fn agency_dto(
        &self,
        tx: &parley_store::TenantTx,
        row: &parley_store::repo::agency::agencies::AgencyRow,
    ) -> Result<Agency> {
        let clients = repo::agency::clients::summaries(tx).await.db()?.len() as i64;
        let own = effective_plan(tx).await?;
        Ok(Agency {
            tenant_id: row.tenant_id,
            caps: caps_dto(row),
            billing_mode: billing_mode(row)?,
            clients,
            plan_name: own.as_ref().map(|e| e.plan.name.clone()),
            plan_features: own.as_ref().map(|e| e.features),
            plan_limits: own.as_ref().map(|e| e.limits),
        })
    }

    /// Who pays for the clients (owners): the same switch as `PUT /agency/billing/mode`, so a server without
    /// Stripe refuses card billing here too and every client is moved to the new mode at once.
    pub async fn update_agency(&self, t: &TenantCtx, input: UpdateAgencyInput) -> Result<Agency> {
        let mode = super::billing::BillingModeInput { billing_mode: input.billing_mode };
        super::billing::AgencyBillingService(self.0.clone()).set_mode(t, mode).await?;
        self.agency(t).await
    }

    /// Stores who pays (owners; audited when it changes); card billing only where the server has it
    /// (`card_billing`). `AgencyBillingService::set_mode` then moves the clients.
    pub(crate) async fn store_billing_mode(&self, t: &TenantCtx, mode: BillingMode, card_billing: bool) -> Result<()> {
        let (tx, actor, row) = self.begin_agency(t).await?;
        actor.require(crate::Role::Owner)?;
        if mode == BillingMode::Client && !card_billing {
            return Err(DomainError::Conflict {
                code: "card_billing_unavailable",
                message: "Clients can pay by card only when this server bills through Stripe; the agency pays for \
                          them here."
                    .into(),
            });
        }
        if row.billing_mode != mode.as_str() {
            repo::agency::agencies::set_billing_mode(&tx, mode.as_str()).await.db()?;
            self.0
                .audit_ctx(
                    &tx,
                    &actor,
                    "agency.billing_mode_changed",
                    "tenant",
                    actor.tenant_id,
                    json!({ "from": row.billing_mode, "to": mode }),
                )
                .await?;
        }
        tx.commit().await.db()?;
        Ok(())
    }

    pub async fn clients(&self, t: &TenantCtx) -> Result<Vec<ClientSummary>> {
        let (tx, _, _) = self.begin_agency(t).await?;
        let rows = repo::agency::clients::summaries(&tx).await.db()?;
        tx.commit().await.db()?;
        rows.into_iter().map(summary_dto).collect()
    }

    pub async fn client(&self, t: &TenantCtx, id: Uuid) -> Result<ClientSummary> {
        let (tx, _, _) = self.begin_agency(t).await?;
        let row = self.own_client(&tx, id).await?;
        tx.commit().await.db()?;
        summary_dto(row)
    }

    async fn offered_plan(&self, tx: &parley_store::TenantTx, id: Uuid) -> Result<AgencyPlanRow> {
        repo::agency::plans::get(tx, id).await.db()?.filter(|p| p.archived_at.is_none()).ok_or_else(unknown_plan)
    }

    /// Creates a client workspace on a plan of the offer and invites its owner by mail (an invitation with role
    /// owner: a new person chooses a password, someone with an account signs in to accept). Within the agency's
    /// `max_clients`, counted under the agency row's lock.
    pub async fn create_client(&self, t: &TenantCtx, input: CreateClientInput) -> Result<CreatedClient> {
        let core = self.core();
        let mut c = Check::default();
        let name = c.text("name", &input.name, 2, 100);
        let email = c.email("ownerEmail", &input.owner_email);
        let owner_name = input.owner_name.as_deref().map(|n| c.text("ownerName", n, 1, 100));
        c.finish()?;
        let (name, email, owner_name) = (checked(name)?, checked(email)?, owner_name.flatten());
        let (tx, actor, _) = self.begin_agency(t).await?;
        let agency = repo::agency::agencies::lock(&tx).await.db()?.ok_or_else(not_an_agency)?;
        let plan = self.offered_plan(&tx, input.plan_id).await?;
        let count = repo::agency::clients::summaries(&tx).await.db()?.len() as i64;
        if let Some(max) = agency.max_clients.filter(|m| count >= i64::from(*m)) {
            return Err(DomainError::Conflict {
                code: "max_clients_reached",
                message: format!(
                    "Your agency may have {max} client workspaces and has {count}. Ask the platform to allow more."
                ),
            });
        }
        let agency_tenant =
            repo::platform::tenants::current(&tx).await.db()?.ok_or(DomainError::NotFound("The workspace"))?;
        let client_id = TenantId::new();
        let slug = core.free_slug(&crate::identity::auth::slugify(&name), client_id).await?;
        let locale = input.locale.unwrap_or(core.cfg.site.language);

        let ctx = core.db.tenant_tx(client_id).await.db()?;
        repo::agency::clients::insert_tenant(&ctx, &name, &slug, agency.tenant_id, &json!({ "locale": locale }))
            .await
            .map_err(|e| match parley_store::unique_violation(&e).as_deref() {
                Some("tenants_slug_key") => DomainError::Conflict {
                    code: "slug_taken",
                    message: "A workspace with this name was just created; try again.".into(),
                },
                _ => DomainError::internal(e),
            })?;
        core.start_in_site_time_zone(&ctx).await?;
        let limits = limits_of(&plan.limits);
        repo::agency::clients::set_plan(
            &ctx,
            repo::agency::clients::PlanCopy {
                plan_id: plan.id,
                plan_name: &plan.name,
                features: &plan.features,
                limits: &serde_json::to_value(limits).map_err(DomainError::internal)?,
                custom_limits: None,
            },
        )
        .await
        .db()?;
        let token = tokens::tenant_secret(client_id.0, '.');
        let expires =
            Utc::now() + chrono::Duration::from_std(core.cfg.invitation_ttl).map_err(DomainError::internal)?;
        repo::team::invitations::insert(&ctx, email.as_str(), "owner", &tokens::hash_secret(&token), None, expires)
            .await
            .db()?;
        let link = format!("{}/invite/{token}", core.cfg.public_url);
        let days = core.cfg.invitation_ttl.as_secs() / 86_400;
        core.mail_in(&ctx, email.as_str(), &mail::invitation(&agency_tenant.name, &name, "owner", &link, days)).await?;
        let meta = json!({
            "agencyId": agency.tenant_id, "agencyName": agency_tenant.name, "name": name, "ownerEmail": email.as_str(),
            "ownerName": owner_name, "planId": plan.id, "planName": plan.name, "locale": locale,
        });
        core.audit(
            &ctx,
            actor.user_id.map(|u| u.0),
            &actor.client,
            "agency.client_created",
            Some("tenant"),
            Some(client_id.to_string()),
            meta.clone(),
        )
        .await?;
        ctx.commit().await.db()?;
        core.audit_ctx(&tx, &actor, "agency.client_created", "tenant", client_id, meta).await?;
        tx.commit().await.db()?;
        core.wake_mailer();
        tracing::info!(agency = %agency.tenant_id, client = %client_id, "client workspace created");
        Ok(CreatedClient {
            client: self.client(t, client_id.0).await?,
            invited_email: email.as_str().to_owned(),
            invitation_expires_at: expires,
        })
    }

    /// Suspends or reactivates a client, moves it to another plan of the offer, or sets its own limits, within
    /// the agency's own plan. Suspending ends the client's sessions, as the platform admin's suspension does.
    pub async fn update_client(&self, t: &TenantCtx, id: Uuid, input: UpdateClientInput) -> Result<ClientSummary> {
        let core = self.core();
        let (tx, actor, _) = self.begin_agency(t).await?;
        let row = self.own_client(&tx, id).await?;
        // A client's own limits are checked once laid over its plan (a key left empty follows the plan).
        let own = effective_plan(&tx).await?;
        let new_plan = match input.plan_id {
            Some(p) => Some(self.offered_plan(&tx, p).await?),
            None => None,
        };
        let agency_tenant =
            repo::platform::tenants::current(&tx).await.db()?.ok_or(DomainError::NotFound("The workspace"))?;

        let ctx = core.db.tenant_tx(TenantId(id)).await.db()?;
        let side = repo::agency::clients::client_side(&ctx).await.db()?.ok_or_else(client_not_found)?;
        let mut changes = serde_json::Map::new();
        if new_plan.is_some() || input.limits.is_some() {
            let plan = match new_plan {
                Some(p) => p,
                None => match side.agency_plan_id {
                    Some(p) => repo::agency::plans::get(&tx, p).await.db()?.ok_or_else(unknown_plan)?,
                    None => return Err(unknown_plan()),
                },
            };
            let custom = match &input.limits {
                Some(l) => *l,
                None => side.agency_custom_limits.as_ref().map(limits_of).unwrap_or_default(),
            };
            let effective = overlay(&limits_of(&plan.limits), &custom);
            let mut c = Check::default();
            check_limits_within(&mut c, &effective, own.as_ref());
            check_features_within(&mut c, &features_of(&plan.features), own.as_ref());
            c.finish()?;
            let custom_json = (!is_empty(&custom)).then(|| serde_json::to_value(custom)).transpose();
            repo::agency::clients::set_plan(
                &ctx,
                repo::agency::clients::PlanCopy {
                    plan_id: plan.id,
                    plan_name: &plan.name,
                    features: &plan.features,
                    limits: &serde_json::to_value(effective).map_err(DomainError::internal)?,
                    custom_limits: custom_json.map_err(DomainError::internal)?.as_ref(),
                },
            )
            .await
            .db()?;
            changes.insert("planId".into(), json!(plan.id));
            changes.insert("planName".into(), json!(plan.name));
            changes.insert("limits".into(), json!(effective));
        }
        let suspended = input.status == Some(ClientStatus::Suspended) && row.status != "suspended";
        if let Some(status) = input.status {
            let s = match status {
                ClientStatus::Active => "active",
                ClientStatus::Suspended => "suspended",
            };
            repo::agency::clients::set_status(&ctx, s).await.db()?;
            changes.insert("status".into(), json!(s));
        }
        if !changes.is_empty() {
            let mut meta = serde_json::Value::Object(changes);
            meta["agencyName"] = json!(agency_tenant.name);
            meta["agencyId"] = json!(actor.tenant_id);
            core.audit(
                &ctx,
                actor.user_id.map(|u| u.0),
                &actor.client,
                "agency.client_updated",
                Some("tenant"),
                Some(id.to_string()),
                meta.clone(),
            )
            .await?;
            core.audit_ctx(&tx, &actor, "agency.client_updated", "tenant", id, meta).await?;
        }
        ctx.commit().await.db()?;
        tx.commit().await.db()?;
        if suspended {
            repo::identity::tokens::revoke_tenant(&core.db.auth, id).await.db()?;
            core.events.publish(id, [Event::AccessRevoked { user_id: None }]);
        }
        self.client(t, id).await
    }
}
