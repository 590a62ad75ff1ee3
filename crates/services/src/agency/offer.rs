//! The agency's offer: plans it sells to its clients, each within its own plan's limits and features. A change of
//! a plan is copied onto the subscriptions of the clients on it (each in its own transaction); a plan in use is
//! archived rather than deleted.

use super::AgencyService;
use super::limits::{check_features_within, check_limits_within, overlay};
use crate::agency::dto::*;
use crate::billing::entitlements::{effective_plan, features_of, limits_of};
use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::{DbResultExt, DomainError, Result};
use parley_domain::TenantId;
use parley_store::repo::{self, agency::plans::AgencyPlanRow};
use serde_json::json;
use uuid::Uuid;

fn plan_dto(r: AgencyPlanRow, clients: i64) -> AgencyPlan {
    AgencyPlan {
        id: r.id,
        features: features_of(&r.features),
        limits: limits_of(&r.limits),
        name: r.name,
        description: r.description,
        currency: r.currency,
        monthly_amount: r.monthly_amount,
        position: r.position,
        is_active: r.archived_at.is_none(),
        clients,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

struct Valid {
    name: String,
    description: Option<String>,
    currency: String,
    features: serde_json::Value,
    limits: serde_json::Value,
}

fn plan_missing() -> DomainError {
    DomainError::NotFound("The plan")
}

impl AgencyService {
    /// The plans of the offer (archived ones too, after the active), with how many clients each has.
    pub async fn plans(&self, t: &TenantCtx) -> Result<Vec<AgencyPlan>> {
        let (tx, _, _) = self.begin_agency(t).await?;
        let rows = repo::agency::plans::list(&tx, true).await.db()?;
        let clients = repo::agency::clients::summaries(&tx).await.db()?;
        tx.commit().await.db()?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let n = clients.iter().filter(|c| c.agency_plan_id == Some(r.id)).count() as i64;
                plan_dto(r, n)
            })
            .collect())
    }

    async fn validate_plan(&self, tx: &parley_store::TenantTx, input: &AgencyPlanInput) -> Result<Valid> {
        let own = effective_plan(tx).await?;
        let mut c = Check::default();
        let name = c.text("name", &input.name, 1, 80);
        let description = input
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| c.multiline("description", d, 1, 500));
        let currency = input.currency.as_deref().unwrap_or("usd").trim().to_lowercase();
        if currency.len() != 3 || !currency.chars().all(|ch| ch.is_ascii_lowercase()) {
            c.push("currency", "must be a three-letter ISO 4217 code, e.g. usd");
        }
        if !(0..=100_000_000).contains(&input.monthly_amount) {
            c.push("monthlyAmount", "must be between 0 and 100000000 (minor units)");
        }
        check_limits_within(&mut c, &input.limits, own.as_ref());
        check_features_within(&mut c, &input.features, own.as_ref());
        c.finish()?;
        Ok(Valid {
            name: checked(name)?,
            description: description.flatten(),
            currency,
            features: serde_json::to_value(input.features).map_err(DomainError::internal)?,
            limits: serde_json::to_value(input.limits).map_err(DomainError::internal)?,
        })
    }

    pub async fn create_plan(&self, t: &TenantCtx, input: AgencyPlanInput) -> Result<AgencyPlan> {
        let (tx, actor, _) = self.begin_agency(t).await?;
        let v = self.validate_plan(&tx, &input).await?;
        let id = repo::agency::plans::insert(
            &tx,
            repo::agency::plans::PlanWrite {
                name: &v.name,
                description: v.description.as_deref(),
                currency: &v.currency,
                monthly_amount: input.monthly_amount,
                features: &v.features,
                limits: &v.limits,
            },
        )
        .await
        .db()?;
        self.0.audit_ctx(&tx, &actor, "agency.plan_created", "agency_plan", id, json!({ "name": v.name })).await?;
        let row = repo::agency::plans::get(&tx, id).await.db()?.ok_or_else(plan_missing)?;
        tx.commit().await.db()?;
        Ok(plan_dto(row, 0))
    }

    /// Changes a plan and copies it onto its clients' subscriptions (their own limits stay laid over it).
    pub async fn update_plan(&self, t: &TenantCtx, id: Uuid, input: AgencyPlanInput) -> Result<AgencyPlan> {
        let core = self.core();
        let (tx, actor, _) = self.begin_agency(t).await?;
        repo::agency::plans::get(&tx, id).await.db()?.ok_or_else(plan_missing)?;
        let v = self.validate_plan(&tx, &input).await?;
        repo::agency::plans::update(
            &tx,
            id,
            repo::agency::plans::PlanWrite {
                name: &v.name,
                description: v.description.as_deref(),
                currency: &v.currency,
                monthly_amount: input.monthly_amount,
                features: &v.features,
                limits: &v.limits,
            },
        )
        .await
        .db()?;
        let on_plan: Vec<Uuid> = repo::agency::clients::summaries(&tx)
            .await
            .db()?
            .into_iter()
            .filter(|c| c.agency_plan_id == Some(id))
            .map(|c| c.id)
            .collect();
        core.audit_ctx(
            &tx,
            &actor,
            "agency.plan_updated",
            "agency_plan",
            id,
            json!({ "name": v.name, "clients": on_plan.len() }),
        )
        .await?;
        let row = repo::agency::plans::get(&tx, id).await.db()?.ok_or_else(plan_missing)?;
        tx.commit().await.db()?;
        // Each client's copy in the client's own transaction. The plan is committed first: a client that fails here
        // keeps its previous copy until the next change of the plan or of the client (logged, not answered).
        for client in &on_plan {
            if let Err(e) = self.copy_plan_to(*client, &row).await {
                tracing::error!(client = %client, plan = %id, error = %e, "a client kept its previous copy of the plan");
            }
        }
        Ok(plan_dto(row, on_plan.len() as i64))
    }

    async fn copy_plan_to(&self, client: Uuid, plan: &AgencyPlanRow) -> Result<()> {
        let ctx = self.core().db.tenant_tx(TenantId(client)).await.db()?;
        let Some(side) = repo::agency::clients::client_side(&ctx).await.db()? else { return Ok(()) };
        if side.agency_plan_id != Some(plan.id) {
            return Ok(());
        }
        let custom = side.agency_custom_limits.as_ref().map(limits_of).unwrap_or_default();
        let effective = overlay(&limits_of(&plan.limits), &custom);
        repo::agency::clients::set_plan(
            &ctx,
            repo::agency::clients::PlanCopy {
                plan_id: plan.id,
                plan_name: &plan.name,
                features: &plan.features,
                limits: &serde_json::to_value(effective).map_err(DomainError::internal)?,
                custom_limits: side.agency_custom_limits.as_ref(),
            },
        )
        .await
        .db()?;
        ctx.commit().await.db()
    }

    /// Deletes a plan no client is on; archives one in use (its clients keep it, new clients cannot take it).
    pub async fn delete_plan(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, actor, _) = self.begin_agency(t).await?;
        let plan = repo::agency::plans::get(&tx, id).await.db()?.ok_or_else(plan_missing)?;
        let in_use = repo::agency::clients::summaries(&tx).await.db()?.iter().any(|c| c.agency_plan_id == Some(id));
        if in_use {
            repo::agency::plans::archive(&tx, id).await.db()?;
        } else {
            repo::agency::plans::delete(&tx, id).await.db()?;
        }
        let action = if in_use { "agency.plan_archived" } else { "agency.plan_deleted" };
        self.0.audit_ctx(&tx, &actor, action, "agency_plan", id, json!({ "name": plan.name })).await?;
        tx.commit().await.db()
    }
}
