//! Quotas and feature switches, enforced inside the transaction of the write they guard. Stock (contacts,
//! members, numbers) is counted under a per-workspace lock held until commit; monthly meters are one
//! conditional upsert. Either way, concurrent writers at the limit let exactly the allowed number through.
//! Inbound WhatsApp messages never pass through here: they are never refused for billing reasons.

use crate::billing::dto::{PlanFeatures, PlanLimits};
use crate::billing::entitlements::{Entitlements, features_of, limits_of};
use crate::{Core, DbResultExt, DomainError, Result};
use chrono::Utc;
use parley_store::TenantTx;
use parley_store::repo::billing::{plans, subscriptions, usage};
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stock {
    Contacts,
    Agents,
    WhatsAppNumbers,
    Flows,
    Webhooks,
}

impl Stock {
    pub(crate) const ALL: [Stock; 5] =
        [Stock::Contacts, Stock::Agents, Stock::WhatsAppNumbers, Stock::Flows, Stock::Webhooks];

    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::Contacts => "contacts",
            Self::Agents => "agents",
            Self::WhatsAppNumbers => "whatsAppNumbers",
            Self::Flows => "flows",
            Self::Webhooks => "webhooks",
        }
    }

    pub(crate) fn stored(self) -> &'static str {
        match self {
            Self::Contacts => "contacts",
            Self::Agents => "agents",
            Self::WhatsAppNumbers => "whatsapp_numbers",
            Self::Flows => "flows",
            Self::Webhooks => "webhooks",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Contacts => "contacts",
            Self::Agents => "team members",
            Self::WhatsAppNumbers => "WhatsApp numbers",
            Self::Flows => "chatbot flows",
            Self::Webhooks => "webhook endpoints",
        }
    }

    pub(crate) fn limit(self, l: &PlanLimits) -> Option<i64> {
        match self {
            Self::Contacts => l.max_contacts,
            Self::Agents => l.max_agents,
            Self::WhatsAppNumbers => l.max_whats_app_numbers,
            Self::Flows => l.max_flows,
            Self::Webhooks => l.max_webhooks,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meter {
    Messages,
    Campaigns,
}

impl Meter {
    pub(crate) const ALL: [Meter; 2] = [Meter::Messages, Meter::Campaigns];

    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::Messages => "messagesPerMonth",
            Self::Campaigns => "campaignsPerMonth",
        }
    }

    pub(crate) fn stored(self) -> &'static str {
        match self {
            Self::Messages => "messages",
            Self::Campaigns => "campaigns",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Messages => "messages this month",
            Self::Campaigns => "campaigns this month",
        }
    }

    pub(crate) fn limit(self, l: &PlanLimits) -> Option<i64> {
        match self {
            Self::Messages => l.max_messages_per_month,
            Self::Campaigns => l.max_campaigns_per_month,
        }
    }
}

/// The plan's feature switches that are enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Feature {
    ApiAccess,
    MultipleWhatsAppNumbers,
    ChatbotFlows,
    Campaigns,
    Webhooks,
}

impl Feature {
    pub(crate) fn key(self) -> &'static str {
        match self {
            Self::ApiAccess => "apiAccess",
            Self::MultipleWhatsAppNumbers => "multipleWhatsAppNumbers",
            Self::ChatbotFlows => "chatbotFlows",
            Self::Campaigns => "campaigns",
            Self::Webhooks => "webhooks",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::ApiAccess => "API access",
            Self::MultipleWhatsAppNumbers => "Several WhatsApp numbers",
            Self::ChatbotFlows => "Chatbot flows",
            Self::Campaigns => "Campaigns",
            Self::Webhooks => "Webhooks",
        }
    }

    pub(crate) fn of(self, f: &PlanFeatures) -> bool {
        match self {
            Self::ApiAccess => f.api_access,
            Self::MultipleWhatsAppNumbers => f.multiple_whats_app_numbers,
            Self::ChatbotFlows => f.chatbot_flows,
            Self::Campaigns => f.campaigns,
            Self::Webhooks => f.webhooks,
        }
    }
}

/// Active plans in display order, as (name, id, features, limits).
async fn active_plans(tx: &TenantTx) -> Result<Vec<plans::PlanRow>> {
    plans::list(&tx.tx, false).await.db()
}

/// The plan to suggest: among the other active plans whose limit allows `needed` (and that have `feature` when
/// one is needed too), the cheapest that costs at least the current plan per month, else the cheapest. Never a
/// step down dressed as an upgrade.
async fn plan_allowing(
    tx: &TenantTx,
    current: &Entitlements,
    needed: i64,
    limit: impl Fn(&PlanLimits) -> Option<i64>,
    feature: Option<Feature>,
) -> Result<serde_json::Value> {
    if current.agency_client {
        return Ok(serde_json::Value::Null);
    }
    let plans = active_plans(tx).await?;
    let ids: Vec<uuid::Uuid> = plans.iter().map(|p| p.id).collect();
    let prices = plans::prices(&tx.tx, &ids).await.db()?;
    // The cheapest way to hold the plan for a month, comparable across cycles.
    let monthly = |id: uuid::Uuid| -> f64 {
        prices
            .iter()
            .filter(|p| p.plan_id == id)
            .filter_map(|p| parley_billing::Cycle::parse(&p.cycle).map(|c| p.amount as f64 / f64::from(c.months())))
            .fold(f64::INFINITY, f64::min)
    };
    let floor = monthly(current.plan.id);
    let floor = if floor.is_finite() { floor } else { 0.0 };
    let best = plans
        .iter()
        .filter(|p| p.id != current.plan.id)
        .filter(|p| feature.is_none_or(|f| f.of(&features_of(&p.features))))
        .filter(|p| limit(&limits_of(&p.limits)).is_none_or(|l| l >= needed))
        .min_by(|a, b| {
            let (pa, pb) = (monthly(a.id), monthly(b.id));
            (pa < floor).cmp(&(pb < floor)).then(pa.total_cmp(&pb))
        });
    Ok(best.map(|p| json!({ "id": p.id, "name": p.name })).unwrap_or(serde_json::Value::Null))
}

/// How far past a warning threshold a use still tries to claim its notice: more than the uses one workspace can have
/// in flight at once, so a crossing is never missed while the meter read lags behind them.
const WARN_SLACK: i64 = 100;

fn over(label: &str, key: &str, limit: i64, used: i64, plan: &str, upgrade: serde_json::Value) -> DomainError {
    DomainError::QuotaExceeded {
        message: format!("Your {plan} plan allows {limit} {label}; you have {used}. Upgrade to add more."),
        details: json!({ "limit": key, "max": limit, "used": used, "plan": plan, "upgradeTo": upgrade }),
    }
}

impl Core {
    /// Refuses when the plan lacks the feature (403 `feature_not_in_plan`, naming the plans that have it).
    pub(crate) async fn require_feature(&self, tx: &TenantTx, feature: Feature) -> Result<()> {
        let Some(e) = Entitlements::load(tx).await? else { return Ok(()) };
        if feature.of(&e.features) {
            return Ok(());
        }
        // An agency's client gets its plans from the agency, never from the platform's catalogue.
        let catalogue = if e.agency_client { vec![] } else { active_plans(tx).await? };
        let having: Vec<serde_json::Value> = catalogue
            .iter()
            .filter(|p| feature.of(&features_of(&p.features)))
            .map(|p| json!({ "id": p.id, "name": p.name }))
            .collect();
        Err(DomainError::FeatureNotInPlan {
            message: format!("{} is not part of your {} plan.", feature.label(), e.plan.name),
            details: json!({ "feature": feature.key(), "plan": e.plan.name, "plansWithFeature": having }),
        })
    }

    /// Takes the workspace's lock for `stock` until the transaction ends (a check that counts it must not race
    /// a concurrent create).
    pub(crate) async fn lock_stock(&self, tx: &TenantTx, stock: Stock) -> Result<()> {
        usage::lock_stock(tx, stock.stored()).await.db()
    }

    /// Makes room for `n` more of `stock`, or refuses (402 `quota_exceeded`). Holds the workspace's lock for
    /// that stock until the transaction ends, so the caller's insert is counted by the next check.
    pub(crate) async fn reserve_stock(&self, tx: &TenantTx, stock: Stock, n: i64) -> Result<()> {
        let Some(e) = Entitlements::load(tx).await? else { return Ok(()) };
        let Some(limit) = stock.limit(&e.limits) else { return Ok(()) };
        usage::lock_stock(tx, stock.stored()).await.db()?;
        let used = usage::stock(tx, stock.stored()).await.db()?;
        if used + n <= limit {
            return Ok(());
        }
        // More than one number also takes the switch: a plan without it allows none of them.
        let feature = (stock == Stock::WhatsAppNumbers && used + n > 1).then_some(Feature::MultipleWhatsAppNumbers);
        let upgrade = plan_allowing(tx, &e, used + n, |l| stock.limit(l), feature).await?;
        Err(over(stock.label(), stock.key(), limit, used, &e.plan.name, upgrade))
    }

    /// How many more of `stock` fit (None: unlimited), under the same lock as `reserve_stock`: for imports,
    /// which take what fits and report the rest.
    pub(crate) async fn stock_room(&self, tx: &TenantTx, stock: Stock) -> Result<Option<i64>> {
        let Some(e) = Entitlements::load(tx).await? else { return Ok(None) };
        let Some(limit) = stock.limit(&e.limits) else { return Ok(None) };
        usage::lock_stock(tx, stock.stored()).await.db()?;
        let used = usage::stock(tx, stock.stored()).await.db()?;
        Ok(Some((limit - used).max(0)))
    }

    /// Counts `n` against this period's meter, or refuses without counting (402 `quota_exceeded`). Crossing
    /// 75%, 90% or 100% mails the owners once per period. The use is applied while the transaction commits (see
    /// `usage::meter`), so commit with [`Core::commit_metered`]: a concurrent use may have taken the last of the
    /// room by then, and the commit is refused the same way.
    pub(crate) async fn meter(&self, tx: &TenantTx, meter: Meter, n: i64) -> Result<()> {
        let Some(e) = Entitlements::load(tx).await? else { return Ok(()) };
        let period = e.period_start(Utc::now());
        let limit = meter.limit(&e.limits);
        let used = usage::meter(tx, meter.stored(), period, n, limit, e.agency_client).await.db()?;
        if let Some(limit) = limit.filter(|l| used + n > *l) {
            return Err(self.over_meter(tx, &e, meter, limit, used, n).await);
        }
        self.warn_usage(tx, &e, meter, used, used + n, period).await
    }

    /// Commits a transaction that metered `n` of `meter`; a commit refused because the room was taken meanwhile
    /// answers 402 `quota_exceeded` (nothing of the transaction is stored).
    pub(crate) async fn commit_metered(&self, tx: TenantTx, meter: Meter, n: i64) -> Result<()> {
        let tenant = tx.tenant_id;
        let err = match tx.commit().await {
            Ok(()) => return Ok(()),
            Err(err) if usage::over_limit(&err) || usage::pool_over_limit(&err) => err,
            Err(err) => return Err(DomainError::internal(err)),
        };
        let tx = self.db.tenant_tx(tenant).await.db()?;
        if usage::pool_over_limit(&err) {
            return Err(self.pool_refusal(&tx, meter).await);
        }
        let Some(e) = Entitlements::load(&tx).await? else { return Err(DomainError::internal(err)) };
        let Some(limit) = meter.limit(&e.limits) else { return Err(DomainError::internal(err)) };
        let used = usage::used(&tx, meter.stored(), e.period_start(Utc::now())).await.db()?;
        Err(self.over_meter(&tx, &e, meter, limit, used, n).await)
    }

    /// The refusal of `n` more of `meter` at `used` of `limit`, naming a plan that allows it.
    async fn over_meter(
        &self,
        tx: &TenantTx,
        e: &Entitlements,
        meter: Meter,
        limit: i64,
        used: i64,
        n: i64,
    ) -> DomainError {
        match plan_allowing(tx, e, used + n, |l| meter.limit(l), None).await {
            Ok(upgrade) => over(meter.label(), meter.key(), limit, used, &e.plan.name, upgrade),
            Err(err) => err,
        }
    }

    /// Mails the owners when this use took the meter across 75%, 90% or 100% of its limit (once per period).
    /// `before` is the meter as committed when this use was queued: concurrent uses may be missing from it, so a
    /// threshold counts as crossed by any use that reaches it from less than [`WARN_SLACK`] past it (the notice is
    /// claimed once), not only by the one use that stepped over it.
    async fn warn_usage(
        &self,
        tx: &TenantTx,
        e: &Entitlements,
        meter: Meter,
        before: i64,
        after: i64,
        period: chrono::DateTime<Utc>,
    ) -> Result<()> {
        let Some(limit) = meter.limit(&e.limits) else { return Ok(()) };
        for pct in [100, 90, 75] {
            let at = (limit * pct + 99) / 100;
            if limit > 0 && before < at + WARN_SLACK && after >= at {
                let key = format!("warn:{}:{pct}:{}", meter.stored(), period.format("%Y-%m-%d"));
                if subscriptions::claim_notice(tx, &key).await.db()? {
                    let t = crate::billing::mails::usage_warning(
                        &e.plan.name,
                        meter.label(),
                        pct,
                        after,
                        limit,
                        &self.cfg.public_url,
                    );
                    self.mail_owners(tx, &t).await?;
                }
                break;
            }
        }
        Ok(())
    }

    /// Refuses background and bulk work while the workspace is restricted or suspended for an unpaid bill
    /// (402 `workspace_restricted`); conversations keep working.
    pub(crate) async fn require_unrestricted(&self, tx: &TenantTx) -> Result<()> {
        match subscriptions::access(tx).await.db()?.as_deref() {
            Some("restricted") | Some("suspended") => {
                // A client its agency pays for is restricted for the agency's bill, not for one of its own.
                let whose = match self.paying_agency(tx).await? {
                    Some(a) => format!("{}'s bill", a.name),
                    None => "its bill".to_owned(),
                };
                Err(DomainError::PaymentRequired {
                    code: "workspace_restricted",
                    message: format!(
                        "This workspace is restricted until {whose} is paid: campaigns, automated flows and bulk \
                         actions are paused. Conversations keep working."
                    ),
                })
            }
            _ => Ok(()),
        }
    }

    /// Writes `t` to the outbox for every active owner of the workspace (inside the caller's transaction).
    pub(crate) async fn mail_owners(&self, tx: &TenantTx, m: &crate::mail::MailOf) -> Result<()> {
        for o in subscriptions::owners(tx).await.db()? {
            self.mail_in(tx, &o.email, m).await?;
        }
        Ok(())
    }
}
