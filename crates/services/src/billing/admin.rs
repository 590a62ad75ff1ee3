//! The platform admin's side of billing: the subscriptions overview (MRR, states, churn) and one workspace's
//! billing: extra limits, a longer trial, a plan assigned by hand (manual or complimentary), manual invoices.
//! Callers must already have proven the platform-admin flag.

use crate::billing::dto::*;
use crate::billing::entitlements::limits_of;
use crate::billing::subscription::invoice_dto;
use crate::check::Check;
use crate::ctx::ClientInfo;
use crate::{Core, DbResultExt, DomainError, Result};
use chrono::{Duration, Utc};
use parley_billing::Cycle;
use parley_domain::TenantId;
use parley_store::TenantTx;
use parley_store::repo::billing::{invoices, plans, subscriptions};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct BillingAdminService(pub(crate) Arc<Core>);

fn reason(c: &mut Check, raw: &str) -> Option<String> {
    c.text("reason", raw, 3, 300)
}

impl BillingAdminService {
    pub async fn overview(&self) -> Result<SubscriptionsOverview> {
        let rows = subscriptions::overview(&self.0.db).await.db()?;
        let now = Utc::now();
        let month = crate::billing::entitlements::month_start(now);
        let mut mrr: BTreeMap<String, i64> = BTreeMap::new();
        let (mut active, mut trialing, mut past_due, mut canceled, mut canceled_this_month) = (0, 0, 0, 0, 0);
        let mut paying_at_month_start = 0;
        let mut list = Vec::with_capacity(rows.len());
        for r in rows {
            let paying = !r.complimentary && matches!(r.status.as_str(), "active" | "past_due") && r.plan_id.is_some();
            let months = Cycle::parse(&r.cycle).map_or(1, Cycle::months) as i64;
            let sub_mrr = if paying { r.amount.unwrap_or(0) / months } else { 0 };
            if let (true, Some(cur)) = (sub_mrr > 0, &r.currency) {
                *mrr.entry(cur.clone()).or_default() += sub_mrr;
            }
            match r.status.as_str() {
                "active" if r.plan_id.is_some() => active += 1,
                "trialing" if r.plan_id.is_some() => trialing += 1,
                "past_due" | "unpaid" => past_due += 1,
                "canceled" => canceled += 1,
                _ => {}
            }
            let canceled_now = r.canceled_at.is_some_and(|c| c >= month) && r.status == "canceled";
            if canceled_now {
                canceled_this_month += 1;
            }
            if paying || canceled_now {
                paying_at_month_start += 1;
            }
            list.push(SubscriptionSummary {
                tenant_id: r.tenant_id,
                tenant_name: r.tenant_name,
                plan_id: r.plan_id,
                plan_name: r.plan_name,
                cycle: r.cycle,
                gateway: r.gateway,
                status: if r.plan_id.is_some() { r.status } else { "none".into() },
                access: r.access,
                complimentary: r.complimentary,
                cancel_at_period_end: r.cancel_at_period_end,
                trial_end: r.trial_end,
                current_period_end: r.current_period_end,
                mrr: sub_mrr,
                currency: r.currency,
            });
        }
        let churn =
            if paying_at_month_start > 0 { canceled_this_month as f64 / paying_at_month_start as f64 } else { 0.0 };
        Ok(SubscriptionsOverview {
            mrr: mrr.into_iter().map(|(currency, amount)| MoneyAmount { currency, amount }).collect(),
            active,
            trialing,
            past_due,
            canceled,
            canceled_this_month,
            churn_this_month: churn,
            subscriptions: list,
        })
    }

    async fn tenant_tx(&self, tenant: Uuid) -> Result<TenantTx> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        if parley_store::repo::platform::tenants::current(&tx).await.db()?.is_none() {
            return Err(DomainError::NotFound("The tenant"));
        }
        Ok(tx)
    }

    async fn read(&self, tx: &TenantTx) -> Result<TenantBilling> {
        let sub = subscriptions::get(tx).await.db()?;
        Ok(TenantBilling {
            overview: self.0.billing_overview(tx).await?,
            limit_overrides: sub.as_ref().map(|s| limits_of(&s.limit_overrides)).unwrap_or_default(),
            override_reason: sub.and_then(|s| s.override_reason),
            invoices: invoices::list(tx, 100).await.db()?.into_iter().map(invoice_dto).collect(),
        })
    }

    pub async fn tenant(&self, tenant: Uuid) -> Result<TenantBilling> {
        let tx = self.tenant_tx(tenant).await?;
        let b = self.read(&tx).await?;
        tx.commit().await.db()?;
        Ok(b)
    }

    async fn audit(
        &self,
        tx: &TenantTx,
        admin: Uuid,
        client: &ClientInfo,
        action: &str,
        meta: serde_json::Value,
    ) -> Result<()> {
        self.0
            .audit(tx, Some(admin), client, action, Some("subscription"), Some(tx.tenant_id.0.to_string()), meta)
            .await
    }

    /// Extra limits on top of the plan's, with why.
    pub async fn set_overrides(
        &self,
        admin: Uuid,
        client: &ClientInfo,
        tenant: Uuid,
        input: TenantOverridesInput,
    ) -> Result<TenantBilling> {
        let mut c = Check::default();
        let why = reason(&mut c, &input.reason);
        crate::billing::plans::check_limits(&mut c, &input.limits);
        c.finish()?;
        let tx = self.tenant_tx(tenant).await?;
        if subscriptions::get(&tx).await.db()?.is_none() {
            return Err(DomainError::Rejected {
                code: "no_subscription",
                message: "Assign a plan first: extra limits add to a plan's.".into(),
            });
        }
        let limits = serde_json::to_value(input.limits).map_err(DomainError::internal)?;
        subscriptions::set_overrides(&tx, &limits, why.as_deref()).await.db()?;
        self.audit(&tx, admin, client, "billing.overrides_set", json!({ "limits": limits, "reason": why })).await?;
        let b = self.read(&tx).await?;
        tx.commit().await.db()?;
        Ok(b)
    }

    /// A longer trial for a workspace still trialing without a card (or whose trial just ended).
    pub async fn extend_trial(
        &self,
        admin: Uuid,
        client: &ClientInfo,
        tenant: Uuid,
        input: ExtendTrialInput,
    ) -> Result<TenantBilling> {
        let mut c = Check::default();
        let why = reason(&mut c, &input.reason);
        if !(1..=365).contains(&input.days) {
            c.push("days", "must be between 1 and 365");
        }
        c.finish()?;
        let tx = self.tenant_tx(tenant).await?;
        let sub = subscriptions::lock(&tx).await.db()?.filter(|s| s.gateway == "none");
        let sub = sub.ok_or_else(|| DomainError::Rejected {
            code: "not_trialing",
            message: "Only a trial without a paid subscription can be extended here.".into(),
        })?;
        let from = sub.trial_end.filter(|e| *e > Utc::now()).unwrap_or_else(Utc::now);
        let end = from + Duration::days(input.days);
        subscriptions::set_trial_end(&tx, end).await.db()?;
        self.audit(
            &tx,
            admin,
            client,
            "billing.trial_extended",
            json!({ "days": input.days, "until": end, "reason": why }),
        )
        .await?;
        let b = self.read(&tx).await?;
        tx.commit().await.db()?;
        Ok(b)
    }

    /// Puts the workspace on a plan by hand: billed by manual invoices, or complimentary.
    pub async fn assign(
        &self,
        admin: Uuid,
        client: &ClientInfo,
        tenant: Uuid,
        input: AssignPlanInput,
    ) -> Result<TenantBilling> {
        let mut c = Check::default();
        let why = reason(&mut c, &input.reason);
        let cycle = input.cycle.as_deref().unwrap_or("monthly");
        let cycle = c.one_of("cycle", cycle, Cycle::parse, "monthly, quarterly, annual");
        c.finish()?;
        let cycle = crate::check::checked(cycle)?;
        let tx = self.tenant_tx(tenant).await?;
        let plan = plans::get(&tx.tx, input.plan_id).await.db()?.filter(|p| p.archived_at.is_none());
        let plan = plan.ok_or(DomainError::NotFound("The plan"))?;
        if let Some(s) = subscriptions::lock(&tx).await.db()?
            && s.gateway == "stripe"
            && !matches!(s.status.as_str(), "canceled" | "incomplete_expired")
        {
            return Err(DomainError::Rejected {
                code: "has_paid_subscription",
                message: "This workspace pays through Stripe; it must cancel that subscription first.".into(),
            });
        }
        let end = Utc::now() + Duration::days(30 * i64::from(cycle.months()));
        subscriptions::assign_manual(&tx, plan.id, cycle.as_str(), input.complimentary, end).await.db()?;
        self.audit(
            &tx,
            admin,
            client,
            "billing.plan_assigned",
            json!({ "plan": plan.name, "cycle": cycle.as_str(), "complimentary": input.complimentary, "reason": why }),
        )
        .await?;
        let b = self.read(&tx).await?;
        tx.commit().await.db()?;
        Ok(b)
    }

    /// An open manual invoice (a workspace billed by hand); the admin marks it paid when the money arrives.
    pub async fn create_invoice(
        &self,
        admin: Uuid,
        client: &ClientInfo,
        tenant: Uuid,
        input: ManualInvoiceInput,
    ) -> Result<TenantBilling> {
        let mut c = Check::default();
        let description = c.text("description", &input.description, 2, 200);
        if !(0..=100_000_000).contains(&input.amount) {
            c.push("amount", "must be between 0 and 100000000 (minor units)");
        }
        let currency = input.currency.as_deref().unwrap_or("usd").to_lowercase();
        if currency.len() != 3 || !currency.chars().all(|ch| ch.is_ascii_lowercase()) {
            c.push("currency", "must be a three-letter ISO 4217 code");
        }
        c.finish()?;
        let tx = self.tenant_tx(tenant).await?;
        let number = invoices::next_manual_number(&tx).await.db()?;
        let now = Utc::now();
        let sub = subscriptions::get(&tx).await.db()?;
        invoices::upsert(
            &tx,
            &invoices::InvoiceWrite {
                gateway: "manual",
                gateway_invoice_id: Some(&format!("manual_{}", Uuid::now_v7().simple())),
                number: Some(&number),
                status: "open",
                currency: &currency,
                total: input.amount,
                amount_due: input.amount,
                amount_paid: 0,
                description: description.as_deref(),
                period_start: sub.as_ref().and_then(|s| s.current_period_start),
                period_end: sub.as_ref().and_then(|s| s.current_period_end),
                hosted_url: None,
                pdf_url: None,
                attempt_count: 0,
                next_payment_attempt: None,
                issued_at: now,
            },
        )
        .await
        .db()?;
        self.audit(
            &tx,
            admin,
            client,
            "billing.invoice_created",
            json!({ "number": number, "amount": input.amount, "currency": currency }),
        )
        .await?;
        let b = self.read(&tx).await?;
        tx.commit().await.db()?;
        Ok(b)
    }

    pub async fn mark_paid(
        &self,
        admin: Uuid,
        client: &ClientInfo,
        tenant: Uuid,
        invoice: Uuid,
    ) -> Result<TenantBilling> {
        let tx = self.tenant_tx(tenant).await?;
        let inv = invoices::get(&tx, invoice).await.db()?.ok_or(DomainError::NotFound("The invoice"))?;
        if inv.gateway != "manual" || inv.status != "open" {
            return Err(DomainError::Rejected {
                code: "invoice_not_open",
                message: "Only an open manual invoice can be marked paid.".into(),
            });
        }
        invoices::mark_paid(&tx, invoice).await.db()?;
        if let Some(s) = subscriptions::get(&tx).await.db()?
            && s.gateway == "manual"
            && s.access != "ok"
        {
            subscriptions::set_state(&tx, "active", "ok", None).await.db()?;
        }
        self.audit(&tx, admin, client, "billing.invoice_paid", json!({ "number": inv.number })).await?;
        let b = self.read(&tx).await?;
        tx.commit().await.db()?;
        Ok(b)
    }
}
