//! A workspace's subscription as its owner sees and changes it: the overview with usage meters, Checkout,
//! plan changes (upgrades now with proration, downgrades at the period end after listing what they would
//! break), cancel and resume, the customer portal and invoices. Also where gateway snapshots are stored, for
//! these use cases and for the webhooks alike.

use crate::billing::dto::*;
use crate::billing::entitlements::{Entitlements, limits_of, with_extra};
use crate::billing::mails;
use crate::billing::plans::{gateway_error, load_plans, plan_dto};
use crate::billing::quota::{Meter, Stock};
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use chrono::{DateTime, Duration, Utc};
use parley_billing::{CheckoutRequest, CustomerSpec, Cycle, SubscriptionSnapshot};
use parley_store::TenantTx;
use parley_store::repo::billing::subscriptions::SubscriptionRow;
use parley_store::repo::billing::{invoices, plans, subscriptions, usage};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct BillingService(pub(crate) Arc<Core>);

/// A subscription that a new Checkout must not duplicate.
fn is_live(s: &SubscriptionRow) -> bool {
    s.gateway == "stripe"
        && s.gateway_subscription_id.is_some()
        && !matches!(s.status.as_str(), "canceled" | "incomplete_expired")
}

pub(crate) fn invoice_dto(r: invoices::InvoiceRow) -> Invoice {
    Invoice {
        id: r.id,
        number: r.number,
        status: r.status,
        currency: r.currency,
        total: r.total,
        amount_due: r.amount_due,
        amount_paid: r.amount_paid,
        description: r.description,
        period_start: r.period_start,
        period_end: r.period_end,
        hosted_url: r.hosted_url,
        pdf_url: r.pdf_url,
        issued_at: r.issued_at,
        paid_at: r.paid_at,
        gateway: r.gateway,
    }
}

/// A price's amount per month, to tell an upgrade from a downgrade across cycles.
fn monthly(amount: i64, cycle: Cycle) -> f64 {
    amount as f64 / f64::from(cycle.months())
}

fn parse_cycle(raw: Option<&str>) -> Result<Cycle> {
    match raw {
        None => Ok(Cycle::Monthly),
        Some(s) => Cycle::parse(s).ok_or_else(|| DomainError::field("cycle", "must be monthly, quarterly or annual")),
    }
}

impl Core {
    /// Stores a gateway snapshot of the workspace's subscription (unless a newer one is stored) and derives
    /// the workspace's access from it. `at` is when the gateway reported it (its clock).
    pub(crate) async fn store_snapshot(
        &self,
        tx: &TenantTx,
        s: &SubscriptionSnapshot,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let plan = plans::plan_of_gateway_price(&tx.tx, &s.price_id).await.db()?;
        let scheduled = match &s.scheduled_price_id {
            Some(p) => plans::plan_of_gateway_price(&tx.tx, p).await.db()?.map(|(id, _)| id),
            None => None,
        };
        let stored = subscriptions::apply_snapshot(
            tx,
            &subscriptions::Snapshot {
                gateway: "stripe",
                customer_id: &s.customer_id,
                subscription_id: &s.id,
                price_id: &s.price_id,
                plan_id: plan.as_ref().map(|p| p.0),
                cycle: plan.as_ref().map(|p| p.1.as_str()),
                status: s.status.as_str(),
                trial_end: s.trial_end,
                current_period_start: s.current_period_start,
                current_period_end: s.current_period_end,
                cancel_at_period_end: s.cancel_at_period_end,
                canceled_at: s.canceled_at,
                scheduled_plan_id: scheduled,
                has_payment_method: s.has_payment_method,
                synced_at: Utc::now(),
            },
        )
        .await
        .db()?;
        if stored {
            self.copy_agency_plan_of_price(tx, &s.price_id).await?;
            self.derive_access(tx, at).await?;
        }
        Ok(stored)
    }

    /// Access follows the gateway's status: paid or trialing is fine; past due starts the grace period (the
    /// sweep restricts and suspends later); paused or canceled restricts at once, unless a free default plan
    /// can take the workspace over.
    pub(crate) async fn derive_access(&self, tx: &TenantTx, at: DateTime<Utc>) -> Result<()> {
        let Some(s) = subscriptions::get(tx).await.db()? else { return Ok(()) };
        if self.follow_paying_agency(tx, &s).await? {
            return Ok(());
        }
        match s.status.as_str() {
            "trialing" | "active" => subscriptions::set_access(tx, "ok", None).await.db()?,
            "past_due" | "unpaid" | "incomplete" => {
                if s.access == "ok" {
                    subscriptions::set_access(tx, "past_due", Some(at)).await.db()?;
                }
            }
            _ => {
                let free = plans::default_plan(&tx.tx).await.db()?;
                let prices = match &free {
                    Some(p) => plans::prices(&tx.tx, &[p.id]).await.db()?,
                    None => vec![],
                };
                match free {
                    Some(p) if s.status != "paused" && prices.iter().all(|x| x.amount == 0) => {
                        let end = Utc::now() + Duration::days(30);
                        subscriptions::assign_manual(tx, p.id, "monthly", true, end).await.db()?;
                    }
                    _ if s.access == "ok" || s.access == "past_due" => {
                        subscriptions::set_access(tx, "restricted", Some(s.past_due_since.unwrap_or(at))).await.db()?
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    /// The overview of the workspace in this transaction (also used by the platform admin's tenant page).
    pub(crate) async fn billing_overview(&self, tx: &TenantTx) -> Result<BillingOverview> {
        let now = Utc::now();
        let sub = subscriptions::get(tx).await.db()?;
        let ent = Entitlements::load(tx).await?;
        let prices = match &ent {
            Some(e) => plans::prices(&tx.tx, &[e.plan.id]).await.db()?,
            None => vec![],
        };
        let plan = ent.as_ref().map(|e| plan_dto(&e.plan, &prices));
        let scheduled_plan = match sub.as_ref().and_then(|s| s.scheduled_plan_id) {
            Some(id) => {
                let row = plans::get(&tx.tx, id).await.db()?;
                let p = plans::prices(&tx.tx, &[id]).await.db()?;
                row.map(|r| plan_dto(&r, &p))
            }
            None => None,
        };
        let mut usage_meters = Vec::new();
        for stock in Stock::ALL {
            let used = usage::stock(tx, stock.stored()).await.db()?;
            let limit = ent.as_ref().and_then(|e| stock.limit(&e.limits));
            usage_meters.push(UsageMeter { key: stock.key().into(), used, limit, monthly: false });
        }
        let period =
            ent.as_ref().map_or_else(|| crate::billing::entitlements::month_start(now), |e| e.period_start(now));
        for meter in Meter::ALL {
            let used = usage::used(tx, meter.stored(), period).await.db()?;
            let limit = ent.as_ref().and_then(|e| meter.limit(&e.limits));
            usage_meters.push(UsageMeter { key: meter.key().into(), used, limit, monthly: true });
        }
        let (restricts_at, suspends_at) = match sub.as_ref().and_then(|s| s.past_due_since) {
            Some(since) => {
                let grace = Duration::from_std(self.billing.grace).unwrap_or_default();
                let after = Duration::from_std(self.billing.suspend_after).unwrap_or_default();
                (Some(since + grace), Some(since + grace + after))
            }
            None => (None, None),
        };
        let trial_end = sub.as_ref().and_then(|s| s.trial_end);
        let status = match (&sub, &ent) {
            (Some(s), Some(_)) => s.status.clone(),
            _ => "none".into(),
        };
        Ok(BillingOverview {
            mode: self.billing.mode().into(),
            features: ent.as_ref().map(|e| e.features).unwrap_or(PlanFeatures {
                chatbot_flows: true,
                campaigns: true,
                api_access: true,
                webhooks: true,
                advanced_analytics: true,
                multiple_whats_app_numbers: true,
                custom_branding: true,
                priority_support: true,
                agency: false,
            }),
            plan,
            cycle: sub.as_ref().map_or_else(|| "monthly".into(), |s| s.cycle.clone()),
            trial_days_left: trial_end
                .filter(|_| status == "trialing")
                .map(|t| ((t - now).num_seconds().max(0) + 86_399) / 86_400),
            status,
            access: sub.as_ref().map_or_else(|| "ok".into(), |s| s.access.clone()),
            gateway: sub.as_ref().map_or_else(|| "none".into(), |s| s.gateway.clone()),
            trial_end,
            current_period_start: sub.as_ref().and_then(|s| s.current_period_start),
            current_period_end: sub.as_ref().and_then(|s| s.current_period_end),
            cancel_at_period_end: sub.as_ref().is_some_and(|s| s.cancel_at_period_end),
            scheduled_plan,
            has_payment_method: sub.as_ref().is_some_and(|s| s.has_payment_method),
            complimentary: sub.as_ref().is_some_and(|s| s.complimentary),
            restricts_at,
            suspends_at,
            usage: usage_meters,
            billed_through: parley_store::repo::billing::agency::client_agency(tx)
                .await
                .db()?
                .map(|a| BilledThrough { agency: a.name, billing_mode: a.billing_mode }),
        })
    }

    /// Starts a new workspace on the default plan's trial (nothing to do without one: unlimited).
    pub(crate) async fn start_trial(&self, tx: &TenantTx) -> Result<()> {
        let Some(plan) = plans::default_plan(&tx.tx).await.db()? else { return Ok(()) };
        if self.billing.gateway.is_none() {
            return Ok(());
        }
        let trial_end = (plan.trial_days > 0).then(|| Utc::now() + Duration::days(i64::from(plan.trial_days)));
        subscriptions::start_trial(tx, plan.id, trial_end).await.db()
    }
}

impl BillingService {
    pub async fn overview(&self, t: &TenantCtx) -> Result<BillingOverview> {
        let (tx, _) = self.0.begin_billing(t, Role::Agent).await?;
        let o = self.0.billing_overview(&tx).await?;
        tx.commit().await.db()?;
        Ok(o)
    }

    pub async fn plans(&self, t: &TenantCtx) -> Result<Vec<Plan>> {
        let (tx, _) = self.0.begin_billing(t, Role::Agent).await?;
        let plans = load_plans(&tx.tx, false).await?;
        tx.commit().await.db()?;
        Ok(plans)
    }

    pub async fn invoices(&self, t: &TenantCtx) -> Result<Vec<Invoice>> {
        let (tx, _) = self.0.begin_billing(t, Role::Owner).await?;
        let rows = invoices::list(&tx, 100).await.db()?;
        tx.commit().await.db()?;
        Ok(rows.into_iter().map(invoice_dto).collect())
    }

    pub(crate) fn gateway(&self) -> Result<&Arc<dyn parley_billing::BillingGateway>> {
        self.0.billing.gateway.as_ref().ok_or_else(|| DomainError::Rejected {
            code: "billing_manual",
            message: "Billing is handled by the platform administrator on this server.".into(),
        })
    }

    async fn price_of(&self, tx: &TenantTx, plan_id: Uuid, cycle: Cycle) -> Result<(plans::PlanRow, plans::PriceRow)> {
        let plan = plans::get(&tx.tx, plan_id).await.db()?.filter(|p| p.archived_at.is_none());
        let plan = plan.ok_or(DomainError::NotFound("The plan"))?;
        let price = plans::prices(&tx.tx, &[plan_id]).await.db()?.into_iter().find(|p| p.cycle == cycle.as_str());
        // Which cycles a plan is sold with is the catalogue's current state, not a rule of the request's shape.
        let price = price.ok_or_else(|| DomainError::Conflict {
            code: "cycle_not_sold",
            message: "This plan is not sold with that billing cycle.".into(),
        })?;
        Ok((plan, price))
    }

    /// A Stripe Checkout page for the plan (the first subscription of the workspace).
    pub async fn checkout(&self, t: &TenantCtx, input: ChoosePlanInput) -> Result<RedirectUrl> {
        let cycle = parse_cycle(input.cycle.as_deref())?;
        let (tx, actor) = self.0.begin_billing(t, Role::Owner).await?;
        self.0.refuse_platform_plans_to_clients(&tx).await?;
        let gateway = self.gateway()?.clone();
        let sub = subscriptions::lock(&tx).await.db()?;
        if sub.as_ref().is_some_and(is_live) {
            return Err(DomainError::Conflict {
                code: "already_subscribed",
                message: "This workspace already has a subscription: change its plan instead.".into(),
            });
        }
        let (plan, price) = self.price_of(&tx, input.plan_id, cycle).await?;
        let price_id = price.gateway_price_id.clone().ok_or_else(|| DomainError::Rejected {
            code: "plan_not_sold",
            message: "This plan is not on sale yet; ask the platform administrator.".into(),
        })?;
        let customer = self.customer(&tx, &actor, sub.as_ref()).await?;
        let trial_end = sub
            .as_ref()
            .filter(|s| s.status == "trialing")
            .and_then(|s| s.trial_end)
            .filter(|end| *end > Utc::now() + Duration::days(2));
        let base = format!("{}/app/billing", self.0.cfg.public_url);
        let session = gateway
            .checkout(&CheckoutRequest {
                customer_id: customer.clone(),
                tenant_id: t.tenant_id.0.to_string(),
                price_id,
                trial_end,
                success_url: format!("{base}?checkout=success&session_id={{CHECKOUT_SESSION_ID}}"),
                cancel_url: format!("{base}?checkout=cancelled"),
                idempotency_key: format!("checkout:{}:{}:{}", t.tenant_id.0, plan.id, Uuid::now_v7()),
                business_name: None,
            })
            .await
            .map_err(gateway_error)?;
        self.0
            .audit_ctx(
                &tx,
                &actor,
                "billing.checkout_started",
                "plan",
                plan.id,
                serde_json::json!({ "cycle": cycle.as_str() }),
            )
            .await?;
        tx.commit().await.db()?;
        Ok(RedirectUrl { url: session.url })
    }

    /// The gateway customer of the workspace, created once.
    pub(crate) async fn customer(
        &self,
        tx: &TenantTx,
        actor: &crate::Actor,
        sub: Option<&SubscriptionRow>,
    ) -> Result<String> {
        if let Some(id) = sub.and_then(|s| s.gateway_customer_id.clone()) {
            return Ok(id);
        }
        let tenant = parley_store::repo::platform::tenants::current(tx)
            .await
            .db()?
            .ok_or(DomainError::NotFound("The workspace"))?;
        let owner = subscriptions::owners(tx).await.db()?.into_iter().next();
        let email = owner.as_ref().map(|o| o.email.clone()).unwrap_or_default();
        let _ = actor;
        let id = self
            .gateway()?
            .ensure_customer(&CustomerSpec { tenant_id: tenant.id.to_string(), name: tenant.name, email }, None)
            .await
            .map_err(gateway_error)?;
        subscriptions::set_customer(tx, &id).await.db()?;
        Ok(id)
    }

    /// Reads the workspace's subscription from the gateway now (after Checkout, or when a webhook is late).
    pub async fn refresh(&self, t: &TenantCtx) -> Result<BillingOverview> {
        let (tx, _) = self.0.begin_billing(t, Role::Owner).await?;
        let gateway = self.gateway()?.clone();
        let sub = subscriptions::lock(&tx).await.db()?;
        if let Some(customer) = sub.as_ref().and_then(|s| s.gateway_customer_id.clone()) {
            let subs = gateway.customer_subscriptions(&customer).await.map_err(gateway_error)?;
            if let Some(s) = subs.iter().max_by_key(|s| s.created) {
                self.0.store_snapshot(&tx, s, Utc::now()).await?;
            }
        }
        let o = self.0.billing_overview(&tx).await?;
        tx.commit().await.db()?;
        Ok(o)
    }

    /// Usage the plan would not allow (a downgrade lists these first).
    async fn problems(
        &self,
        tx: &TenantTx,
        plan: &plans::PlanRow,
        sub: Option<&SubscriptionRow>,
    ) -> Result<Vec<DowngradeProblem>> {
        let extra = sub.map(|s| limits_of(&s.limit_overrides)).unwrap_or_default();
        let limits = with_extra(limits_of(&plan.limits), extra);
        let mut out = Vec::new();
        for stock in Stock::ALL {
            if let Some(limit) = stock.limit(&limits) {
                let used = usage::stock(tx, stock.stored()).await.db()?;
                if used > limit {
                    out.push(DowngradeProblem { key: stock.key().into(), used, limit });
                }
            }
        }
        Ok(out)
    }

    /// Whether moving to `price` is an upgrade (charged now) rather than a downgrade (at the period end).
    async fn is_upgrade(
        &self,
        tx: &TenantTx,
        sub: &SubscriptionRow,
        price: &plans::PriceRow,
        cycle: Cycle,
    ) -> Result<bool> {
        let current = match sub.plan_id {
            Some(id) => plans::prices(&tx.tx, &[id]).await.db()?.into_iter().find(|p| p.cycle == sub.cycle),
            None => None,
        };
        let cur_cycle = Cycle::parse(&sub.cycle).unwrap_or(Cycle::Monthly);
        Ok(current.is_none_or(|c| monthly(price.amount, cycle) >= monthly(c.amount, cur_cycle)))
    }

    pub async fn preview(&self, t: &TenantCtx, input: ChoosePlanInput) -> Result<PlanChangePreview> {
        let cycle = parse_cycle(input.cycle.as_deref())?;
        let (tx, _) = self.0.begin_billing(t, Role::Owner).await?;
        self.0.refuse_platform_plans_to_clients(&tx).await?;
        let sub = subscriptions::get(&tx).await.db()?;
        let (plan, price) = self.price_of(&tx, input.plan_id, cycle).await?;
        let problems = self.problems(&tx, &plan, sub.as_ref()).await?;
        let live = sub.as_ref().filter(|s| is_live(s));
        let mut preview = PlanChangePreview {
            effective: "now".into(),
            effective_at: Some(Utc::now()),
            currency: plan.currency.clone(),
            amount_due: 0,
            lines: vec![],
            problems,
        };
        if let Some(s) = live {
            if self.is_upgrade(&tx, s, &price, cycle).await? {
                let gateway = self.gateway()?;
                let snap = gateway
                    .subscription(s.gateway_subscription_id.as_deref().unwrap_or_default())
                    .await
                    .map_err(gateway_error)?;
                let price_id = price.gateway_price_id.clone().unwrap_or_default();
                let p = gateway.preview_change(&snap, &price_id).await.map_err(gateway_error)?;
                preview.amount_due = p.amount_due;
                preview.currency = p.currency;
                preview.lines =
                    p.lines.into_iter().map(|l| PreviewLine { description: l.description, amount: l.amount }).collect();
            } else {
                preview.effective = "period_end".into();
                preview.effective_at = s.current_period_end;
            }
        }
        tx.commit().await.db()?;
        Ok(preview)
    }

    /// Changes the plan: an upgrade at once (the prorated difference charged now), a downgrade at the end of
    /// the period, and only with `confirm` when it would break current usage. During a trial without a card
    /// the trial simply moves to the other plan.
    pub async fn change(&self, t: &TenantCtx, input: ChoosePlanInput) -> Result<BillingOverview> {
        let cycle = parse_cycle(input.cycle.as_deref())?;
        let (tx, actor) = self.0.begin_billing(t, Role::Owner).await?;
        self.0.refuse_platform_plans_to_clients(&tx).await?;
        let sub = subscriptions::lock(&tx).await.db()?.ok_or_else(|| DomainError::Rejected {
            code: "no_subscription",
            message: "This workspace has no subscription yet: choose a plan to subscribe.".into(),
        })?;
        let (plan, price) = self.price_of(&tx, input.plan_id, cycle).await?;
        let problems = self.problems(&tx, &plan, Some(&sub)).await?;
        let from = match sub.plan_id {
            Some(id) => plans::get(&tx.tx, id).await.db()?.map(|p| p.name),
            None => None,
        }
        .unwrap_or_else(|| "no plan".into());
        let upgrade = self.is_upgrade(&tx, &sub, &price, cycle).await?;
        if !upgrade && !problems.is_empty() && !input.confirm {
            let list: Vec<String> =
                problems.iter().map(|p| format!("{} {} (the plan allows {})", p.used, p.key, p.limit)).collect();
            // What the smaller plan would break depends on the workspace's current usage: a conflict with its state.
            return Err(DomainError::Conflict {
                code: "downgrade_needs_confirmation",
                message: format!(
                    "The {} plan would not cover what you use: {}. Confirm to change anyway.",
                    plan.name,
                    list.join(", ")
                ),
            });
        }
        let when;
        if is_live(&sub) {
            let gateway = self.gateway()?.clone();
            let price_id = price.gateway_price_id.clone().ok_or_else(|| DomainError::Rejected {
                code: "plan_not_sold",
                message: "This plan is not on sale yet; ask the platform administrator.".into(),
            })?;
            let snap = gateway
                .subscription(sub.gateway_subscription_id.as_deref().unwrap_or_default())
                .await
                .map_err(gateway_error)?;
            let key =
                format!("change:{}:{}:{}:{}", t.tenant_id.0, price_id, upgrade, sub.updated_at.timestamp_micros());
            let after = if snap.price_id == price_id {
                // Back to the current plan: drop a scheduled downgrade.
                when = "now".to_owned();
                gateway.change_at_period_end(&snap, None, &key).await
            } else if upgrade {
                when = "now".to_owned();
                gateway.change_now(&snap, &price_id, &key).await
            } else {
                when = format!("on {}", snap.current_period_end.format("%Y-%m-%d"));
                gateway.change_at_period_end(&snap, Some(&price_id), &key).await
            }
            .map_err(gateway_error)?;
            self.0.store_snapshot(&tx, &after, Utc::now()).await?;
        } else if sub.gateway == "none" && sub.status == "trialing" {
            when = "now (during your trial)".to_owned();
            subscriptions::apply_trial_plan(&tx, plan.id, cycle.as_str()).await.db()?;
        } else {
            return Err(DomainError::Rejected {
                code: "billing_manual",
                message: "This workspace's plan is managed by the platform administrator.".into(),
            });
        }
        self.0
            .audit_ctx(
                &tx,
                &actor,
                "billing.plan_changed",
                "plan",
                plan.id,
                serde_json::json!({ "from": from, "cycle": cycle.as_str(), "when": when }),
            )
            .await?;
        self.0.mail_owners(&tx, &mails::plan_changed(&from, &plan.name, &when, &self.0.cfg.public_url)).await?;
        let o = self.0.billing_overview(&tx).await?;
        tx.commit().await.db()?;
        self.0.wake_mailer();
        Ok(o)
    }

    /// Cancels at the end of the period (`cancel = true`) or resumes before it ends.
    pub async fn set_cancel(&self, t: &TenantCtx, cancel: bool) -> Result<BillingOverview> {
        let (tx, actor) = self.0.begin_billing(t, Role::Owner).await?;
        let gateway = self.gateway()?.clone();
        let sub = subscriptions::lock(&tx).await.db()?.filter(is_live).ok_or_else(|| DomainError::Rejected {
            code: "no_subscription",
            message: "This workspace has no paid subscription to cancel or resume.".into(),
        })?;
        let snap = gateway
            .subscription(sub.gateway_subscription_id.as_deref().unwrap_or_default())
            .await
            .map_err(gateway_error)?;
        let key = format!("cancel:{}:{cancel}:{}", t.tenant_id.0, sub.updated_at.timestamp_micros());
        let after = gateway.set_cancel_at_period_end(&snap, cancel, &key).await.map_err(gateway_error)?;
        self.0.store_snapshot(&tx, &after, Utc::now()).await?;
        let action = if cancel { "billing.cancelled" } else { "billing.resumed" };
        self.0.audit_ctx(&tx, &actor, action, "subscription", &after.id, serde_json::json!({})).await?;
        if cancel {
            let plan = match sub.plan_id {
                Some(id) => plans::get(&tx.tx, id).await.db()?.map(|p| p.name),
                None => None,
            }
            .unwrap_or_default();
            let until = format!("at the end of the period, on {}", after.current_period_end.format("%Y-%m-%d"));
            self.0.mail_owners(&tx, &mails::subscription_cancelled(&plan, &until, &self.0.cfg.public_url)).await?;
        }
        let o = self.0.billing_overview(&tx).await?;
        tx.commit().await.db()?;
        self.0.wake_mailer();
        Ok(o)
    }

    /// The gateway's customer portal (card, invoices, cancellation).
    pub async fn portal(&self, t: &TenantCtx) -> Result<RedirectUrl> {
        let (tx, _) = self.0.begin_billing(t, Role::Owner).await?;
        let gateway = self.gateway()?.clone();
        let customer = subscriptions::get(&tx).await.db()?.and_then(|s| s.gateway_customer_id).ok_or_else(|| {
            DomainError::Rejected { code: "no_subscription", message: "Subscribe to a plan first.".into() }
        })?;
        tx.commit().await.db()?;
        let url = gateway
            .portal(&customer, &format!("{}/app/billing", self.0.cfg.public_url))
            .await
            .map_err(gateway_error)?;
        Ok(RedirectUrl { url })
    }
}
