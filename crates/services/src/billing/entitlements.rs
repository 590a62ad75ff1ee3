//! What a workspace's plan allows right now: the plan's switches and limits plus the platform admin's extra
//! limits, and the billing period monthly meters count in.

use crate::billing::dto::{PlanFeatures, PlanLimits};
use crate::{DbResultExt, Result};
use chrono::{DateTime, Datelike, TimeZone, Utc};
use parley_store::TenantTx;
use parley_store::repo::billing::{plans, subscriptions};

pub(crate) struct Entitlements {
    pub sub: subscriptions::SubscriptionRow,
    /// The platform plan, or for an agency's client the copy of its agency plan (no prices, no gateway).
    pub plan: plans::PlanRow,
    pub features: PlanFeatures,
    pub limits: PlanLimits,
    /// The workspace is an agency's client: its plan comes from the agency's offer, so no platform plan is ever
    /// suggested as an upgrade (the agency decides).
    pub agency_client: bool,
}

/// The plan in force in the workspace of `tx`, as every quota and feature check reads it: an agency's client gets
/// the agency plan copied onto its subscription (`agency_features`, `agency_limits`), everyone else the platform
/// plan; the platform admin's extra limits are added either way. None: no plan, nothing limited.
pub(crate) async fn effective_plan(tx: &TenantTx) -> Result<Option<Entitlements>> {
    Entitlements::load(tx).await
}

/// A stored JSON column read as its DTO; stored values are written from the same types.
pub(crate) fn features_of(v: &serde_json::Value) -> PlanFeatures {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

pub(crate) fn limits_of(v: &serde_json::Value) -> PlanLimits {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

/// The plan's limits with `extra` added; unlimited stays unlimited.
pub(crate) fn with_extra(plan: PlanLimits, extra: PlanLimits) -> PlanLimits {
    let add = |a: Option<i64>, b: Option<i64>| a.map(|a| a + b.unwrap_or(0));
    PlanLimits {
        max_contacts: add(plan.max_contacts, extra.max_contacts),
        max_agents: add(plan.max_agents, extra.max_agents),
        max_whats_app_numbers: add(plan.max_whats_app_numbers, extra.max_whats_app_numbers),
        max_campaigns_per_month: add(plan.max_campaigns_per_month, extra.max_campaigns_per_month),
        max_messages_per_month: add(plan.max_messages_per_month, extra.max_messages_per_month),
        max_flows: add(plan.max_flows, extra.max_flows),
        max_webhooks: add(plan.max_webhooks, extra.max_webhooks),
        api_requests_per_minute: add(plan.api_requests_per_minute, extra.api_requests_per_minute),
        max_client_workspaces: add(plan.max_client_workspaces, extra.max_client_workspaces),
    }
}

impl Entitlements {
    /// The workspace's plan, or None: no plan assigned, so nothing is limited (billing off, or manual billing
    /// without an assignment).
    pub(crate) async fn load(tx: &TenantTx) -> Result<Option<Self>> {
        let Some((sub, plan)) = subscriptions::with_plan(tx).await.db()? else { return Ok(None) };
        if let Some(agency_limits) = sub.agency_limits.clone() {
            let plan = plans::PlanRow {
                id: sub.agency_plan_id.unwrap_or_default(),
                name: sub.agency_plan_name.clone().unwrap_or_else(|| "Agency".into()),
                description: None,
                currency: "usd".into(),
                trial_days: 0,
                features: sub.agency_features.clone().unwrap_or_else(|| serde_json::json!({})),
                limits: agency_limits,
                position: 0,
                is_default: false,
                archived_at: None,
                gateway_product_id: None,
                created_at: sub.created_at,
                updated_at: sub.updated_at,
            };
            let features = features_of(&plan.features);
            let limits = with_extra(limits_of(&plan.limits), limits_of(&sub.limit_overrides));
            return Ok(Some(Self { sub, plan, features, limits, agency_client: true }));
        }
        let Some(plan) = plan else { return Ok(None) };
        let features = features_of(&plan.features);
        let limits = with_extra(limits_of(&plan.limits), limits_of(&sub.limit_overrides));
        Ok(Some(Self { sub, plan, features, limits, agency_client: false }))
    }

    /// Where this billing period began: the subscription's period while it runs, else the calendar month.
    pub(crate) fn period_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match (self.sub.current_period_start, self.sub.current_period_end) {
            (Some(start), Some(end)) if start <= now && now < end => start,
            _ => month_start(now),
        }
    }
}

pub(crate) fn month_start(now: DateTime<Utc>) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0).single().unwrap_or(now)
}
