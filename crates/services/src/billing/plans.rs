//! The platform's plans: listed to every workspace (the plan picker), managed by the platform admin and kept
//! in sync with the payment gateway (a product per plan, a price per cycle; a new amount makes a new price and
//! never moves existing subscribers).

use crate::billing::dto::{Plan, PlanInput, PlanLimits, PlanPrice};
use crate::billing::entitlements::{features_of, limits_of};
use crate::check::Check;
use crate::{Core, DbResultExt, DomainError, Result};
use parley_billing::{Cycle, GatewayError, PlanSpec, PriceSpec};
use parley_store::repo::billing::plans::{self, PlanRow, PlanWrite, PriceRow};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct PlanService(pub(crate) Arc<Core>);

pub(crate) fn plan_dto(r: &PlanRow, prices: &[PriceRow]) -> Plan {
    let prices: Vec<PlanPrice> = prices
        .iter()
        .filter(|p| p.plan_id == r.id)
        .map(|p| PlanPrice { cycle: p.cycle.clone(), amount: p.amount })
        .collect();
    let synced = r.gateway_product_id.is_some();
    Plan {
        id: r.id,
        name: r.name.clone(),
        description: r.description.clone(),
        currency: r.currency.clone(),
        is_free: prices.iter().all(|p| p.amount == 0),
        prices,
        trial_days: r.trial_days,
        features: features_of(&r.features),
        limits: limits_of(&r.limits),
        position: r.position,
        is_default: r.is_default,
        is_active: r.archived_at.is_none(),
        synced,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// Plans with their prices, in display order.
pub(crate) async fn load_plans<C: parley_store::ConnectionTrait>(c: &C, archived: bool) -> Result<Vec<Plan>> {
    let rows = plans::list(c, archived).await.db()?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let prices = plans::prices(c, &ids).await.db()?;
    Ok(rows.iter().map(|r| plan_dto(r, &prices)).collect())
}

pub(crate) fn gateway_error(e: GatewayError) -> DomainError {
    match e {
        GatewayError::Unavailable(m) => DomainError::Upstream {
            code: "payment_gateway_unavailable",
            message: format!("The payment provider could not be reached; nothing was changed. Try again. ({m})"),
        },
        GatewayError::Refused(m) | GatewayError::NotFound(m) => DomainError::Upstream {
            code: "payment_gateway_refused",
            message: format!("The payment provider refused: {m}"),
        },
        GatewayError::Unsupported(_) => DomainError::Rejected {
            code: "billing_manual",
            message: "Billing is handled by the platform administrator on this server.".into(),
        },
    }
}

struct Validated {
    name: String,
    description: Option<String>,
    currency: String,
    trial_days: i32,
    features: serde_json::Value,
    limits: serde_json::Value,
    prices: Vec<(Cycle, i64)>,
}

/// Limits are counts: none may be negative (empty is unlimited).
pub(crate) fn check_limits(c: &mut Check, l: &PlanLimits) {
    // The API rate has its own range, below.
    for (key, v) in l.named().into_iter().filter(|(key, _)| *key != "apiRequestsPerMinute") {
        if v.is_some_and(|v| v < 0) {
            c.push(&format!("limits.{key}"), "cannot be negative (leave empty for unlimited)");
        }
    }
    // A rate of zero would lock every key out; a workspace without API access is the switch's job.
    if l.api_requests_per_minute.is_some_and(|v| !(1..=1_000_000).contains(&v)) {
        c.push("limits.apiRequestsPerMinute", "must be between 1 and 1000000 (leave empty for the server's default)");
    }
    if l.max_client_workspaces.is_some_and(|v| !(0..=100_000).contains(&v)) {
        c.push("limits.maxClientWorkspaces", "must be between 0 and 100000 (leave empty for unlimited)");
    }
}

/// A stored plan as `sync` takes it.
fn stored(row: &PlanRow, prices: &[PriceRow]) -> Validated {
    Validated {
        name: row.name.clone(),
        description: row.description.clone(),
        currency: row.currency.clone(),
        trial_days: row.trial_days,
        features: row.features.clone(),
        limits: row.limits.clone(),
        prices: prices.iter().filter_map(|p| Cycle::parse(&p.cycle).map(|c| (c, p.amount))).collect(),
    }
}

fn validate(input: &PlanInput) -> Result<Validated> {
    let mut c = Check::default();
    let name = c.text("name", &input.name, 1, 80);
    let description =
        input.description.as_deref().filter(|d| !d.trim().is_empty()).map(|d| c.multiline("description", d, 1, 500));
    let currency = input.currency.as_deref().unwrap_or("usd").trim().to_lowercase();
    if currency.len() != 3 || !currency.chars().all(|ch| ch.is_ascii_lowercase()) {
        c.push("currency", "must be a three-letter ISO 4217 code, e.g. usd");
    }
    let trial_days = input.trial_days.unwrap_or(14);
    if !(0..=365).contains(&trial_days) {
        c.push("trialDays", "must be between 0 and 365");
    }
    let mut prices = Vec::new();
    if input.prices.is_empty() {
        c.push("prices", "give at least one price");
    }
    for (i, p) in input.prices.iter().enumerate() {
        match Cycle::parse(&p.cycle) {
            None => c.push(&format!("prices[{i}].cycle"), "must be monthly, quarterly or annual"),
            Some(cycle) if prices.iter().any(|(c2, _)| *c2 == cycle) => {
                c.push(&format!("prices[{i}].cycle"), "is given twice")
            }
            Some(cycle) => prices.push((cycle, p.amount)),
        }
        if p.amount < 0 {
            c.push(&format!("prices[{i}].amount"), "cannot be negative");
        } else if p.amount > 100_000_000 {
            c.push(&format!("prices[{i}].amount"), "is too large");
        }
    }
    check_limits(&mut c, &input.limits);
    c.finish()?;
    Ok(Validated {
        name: crate::check::checked(name)?,
        description: description.flatten(),
        currency,
        trial_days,
        features: serde_json::to_value(input.features).map_err(DomainError::internal)?,
        limits: serde_json::to_value(input.limits).map_err(DomainError::internal)?,
        prices,
    })
}

impl PlanService {
    /// Active plans, for the plan picker.
    pub async fn list(&self) -> Result<Vec<Plan>> {
        load_plans(&self.0.db.app, false).await
    }

    /// Every plan, archived ones last (platform admin).
    pub async fn list_all(&self) -> Result<Vec<Plan>> {
        load_plans(&self.0.db.app, true).await
    }

    pub async fn get(&self, id: Uuid) -> Result<Plan> {
        let row = plans::get(&self.0.db.app, id).await.db()?.ok_or(DomainError::NotFound("The plan"))?;
        let prices = plans::prices(&self.0.db.app, &[id]).await.db()?;
        Ok(plan_dto(&row, &prices))
    }

    /// Creates the plan at the gateway first, so a gateway failure leaves nothing behind.
    pub async fn create(&self, input: PlanInput) -> Result<Plan> {
        let v = validate(&input)?;
        let id = Uuid::now_v7();
        let synced = self.sync(id, &v, None, &[], true).await?;
        let prices: Vec<(&str, i64)> = v.prices.iter().map(|(c, a)| (c.as_str(), *a)).collect();
        plans::insert(&self.0.db, id, &write(&v), &prices).await.db()?;
        if let Some((product, ids)) = synced {
            plans::set_gateway(&self.0.db, id, &product, &ids).await.db()?;
        }
        // Whether its subscribers may brand (custom branding) shows at once, not after the brand cache's minute.
        self.0.invalidate_brand(id).await;
        self.get(id).await
    }

    /// Updates the plan. A new amount makes a new gateway price; subscribers of the old one keep it.
    pub async fn update(&self, id: Uuid, input: PlanInput) -> Result<Plan> {
        let row = plans::get(&self.0.db.app, id).await.db()?.ok_or(DomainError::NotFound("The plan"))?;
        if row.archived_at.is_some() {
            return Err(DomainError::Rejected {
                code: "plan_archived",
                message: "An archived plan cannot be changed.".into(),
            });
        }
        let v = validate(&input)?;
        if v.currency != row.currency && row.gateway_product_id.is_some() {
            return Err(DomainError::field("currency", "cannot change once the plan is sold; create a new plan"));
        }
        let existing = plans::prices(&self.0.db.app, &[id]).await.db()?;
        let synced = self.sync(id, &v, row.gateway_product_id.clone(), &existing, true).await?;
        let prices: Vec<(&str, i64)> = v.prices.iter().map(|(c, a)| (c.as_str(), *a)).collect();
        plans::update(&self.0.db, id, &write(&v), &prices).await.db()?;
        if let Some((product, ids)) = synced {
            plans::set_gateway(&self.0.db, id, &product, &ids).await.db()?;
        }
        // Whether its subscribers may brand (custom branding) shows at once, not after the brand cache's minute.
        self.0.invalidate_brand(id).await;
        self.get(id).await
    }

    /// Stops selling the plan (its subscribers keep it until they change).
    pub async fn archive(&self, id: Uuid) -> Result<Plan> {
        let row = plans::get(&self.0.db.app, id).await.db()?.ok_or(DomainError::NotFound("The plan"))?;
        if row.archived_at.is_none() {
            let existing = plans::prices(&self.0.db.app, &[id]).await.db()?;
            let v = stored(&row, &existing);
            if row.gateway_product_id.is_some() {
                self.sync(id, &v, row.gateway_product_id.clone(), &existing, false).await?;
            }
            plans::archive(&self.0.db, id).await.db()?;
        }
        self.get(id).await
    }

    pub async fn set_default(&self, id: Uuid) -> Result<Plan> {
        if !plans::set_default(&self.0.db, id).await.db()? {
            return Err(DomainError::NotFound("The plan"));
        }
        self.get(id).await
    }

    pub async fn reorder(&self, ids: Vec<Uuid>) -> Result<Vec<Plan>> {
        plans::reorder(&self.0.db, &ids).await.db()?;
        self.list_all().await
    }

    /// Creates at the gateway the active plans it does not know yet: all of them with `fresh` (a new,
    /// empty account such as demo mode's simulator), else those never synced (made while billing was manual).
    pub async fn sync_to_gateway(&self, fresh: bool) -> Result<usize> {
        if self.0.billing.gateway.is_none() {
            return Ok(0);
        }
        let mut n = 0;
        for row in plans::list(&self.0.db.app, false).await.db()? {
            if !fresh && row.gateway_product_id.is_some() {
                continue;
            }
            let existing = plans::prices(&self.0.db.app, &[row.id]).await.db()?;
            let v = stored(&row, &existing);
            if let Some((product, ids)) = self.sync(row.id, &v, None, &[], true).await? {
                plans::set_gateway(&self.0.db, row.id, &product, &ids).await.db()?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// Pushes the plan to the gateway; None without one (manual billing).
    async fn sync(
        &self,
        id: Uuid,
        v: &Validated,
        product_id: Option<String>,
        existing: &[PriceRow],
        active: bool,
    ) -> Result<Option<(String, Vec<(String, String, i64)>)>> {
        let Some(gateway) = &self.0.billing.gateway else { return Ok(None) };
        let old: HashMap<&str, &PriceRow> = existing.iter().map(|p| (p.cycle.as_str(), p)).collect();
        let spec = PlanSpec {
            plan_id: id.to_string(),
            name: v.name.clone(),
            description: v.description.clone(),
            active,
            currency: v.currency.clone(),
            product_id,
            prices: v
                .prices
                .iter()
                .map(|(cycle, amount)| {
                    let prev = old.get(cycle.as_str());
                    PriceSpec {
                        cycle: *cycle,
                        amount: *amount,
                        price_id: prev.and_then(|p| p.gateway_price_id.clone()),
                        price_amount: prev.and_then(|p| p.gateway_amount),
                    }
                })
                .collect(),
            metadata: vec![],
        };
        let synced = gateway.sync_plan(&spec).await.map_err(gateway_error)?;
        let ids = synced
            .prices
            .iter()
            .filter_map(|(cycle, price)| {
                v.prices.iter().find(|(c, _)| c == cycle).map(|(c, a)| (c.as_str().to_owned(), price.clone(), *a))
            })
            .collect();
        Ok(Some((synced.product_id, ids)))
    }
}

fn write(v: &Validated) -> PlanWrite<'_> {
    PlanWrite {
        name: &v.name,
        description: v.description.as_deref(),
        currency: &v.currency,
        trial_days: v.trial_days,
        features: &v.features,
        limits: &v.limits,
    }
}
