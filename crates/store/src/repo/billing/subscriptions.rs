//! A workspace's subscription (one row per workspace) and, through the system pool, the few questions asked
//! across workspaces: which workspace a gateway customer is, which subscriptions need the dunning sweep, and
//! the platform admin's overview.

use crate::repo::stmt;
use crate::{Db, TenantTx};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult, serde::Deserialize)]
pub struct SubscriptionRow {
    pub tenant_id: Uuid,
    pub plan_id: Option<Uuid>,
    pub cycle: String,
    pub gateway: String,
    pub gateway_customer_id: Option<String>,
    pub gateway_subscription_id: Option<String>,
    pub gateway_price_id: Option<String>,
    pub status: String,
    pub access: String,
    pub past_due_since: Option<DateTime<Utc>>,
    pub trial_end: Option<DateTime<Utc>>,
    pub current_period_start: Option<DateTime<Utc>>,
    pub current_period_end: Option<DateTime<Utc>>,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<DateTime<Utc>>,
    pub scheduled_plan_id: Option<Uuid>,
    pub has_payment_method: bool,
    pub complimentary: bool,
    pub limit_overrides: serde_json::Value,
    pub override_reason: Option<String>,
    pub synced_at: Option<DateTime<Utc>>,
    pub notices: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// A client of an agency: the plan of the agency's offer, copied here by the agency (docs/agencies.md).
    #[serde(default)]
    pub agency_plan_id: Option<Uuid>,
    #[serde(default)]
    pub agency_plan_name: Option<String>,
    #[serde(default)]
    pub agency_features: Option<serde_json::Value>,
    #[serde(default)]
    pub agency_limits: Option<serde_json::Value>,
}

pub async fn get(tx: &TenantTx) -> Result<Option<SubscriptionRow>, DbErr> {
    SubscriptionRow::find_by_statement(stmt("select * from subscriptions", [])).one(&tx.tx).await
}

/// The row locked until the transaction ends: plan changes of one workspace happen one at a time.
pub async fn lock(tx: &TenantTx) -> Result<Option<SubscriptionRow>, DbErr> {
    SubscriptionRow::find_by_statement(stmt("select * from subscriptions for update", [])).one(&tx.tx).await
}

/// A new workspace's trial of `plan_id` (no gateway yet: the card comes with the first Checkout).
pub async fn start_trial(tx: &TenantTx, plan_id: Uuid, trial_end: Option<DateTime<Utc>>) -> Result<(), DbErr> {
    let status = if trial_end.is_some() { "trialing" } else { "active" };
    tx.execute_raw(stmt(
        "insert into subscriptions (tenant_id, plan_id, status, trial_end, current_period_start, current_period_end)
         values ($1, $2, $3, $4, now(), coalesce($4, now() + interval '1 month')) on conflict (tenant_id) do nothing",
        [tx.tenant_id.0.into(), plan_id.into(), status.into(), trial_end.into()],
    ))
    .await
    .map(|_| ())
}

pub async fn set_customer(tx: &TenantTx, customer_id: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into subscriptions (tenant_id, gateway_customer_id) values ($1, $2)
         on conflict (tenant_id) do update set gateway_customer_id = excluded.gateway_customer_id, updated_at = now()",
        [tx.tenant_id.0.into(), customer_id.into()],
    ))
    .await
    .map(|_| ())
}

/// The gateway's view of the subscription, as read at `synced_at`.
pub struct Snapshot<'a> {
    pub gateway: &'a str,
    pub customer_id: &'a str,
    pub subscription_id: &'a str,
    pub price_id: &'a str,
    pub plan_id: Option<Uuid>,
    pub cycle: Option<&'a str>,
    pub status: &'a str,
    pub trial_end: Option<DateTime<Utc>>,
    pub current_period_start: DateTime<Utc>,
    pub current_period_end: DateTime<Utc>,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<DateTime<Utc>>,
    pub scheduled_plan_id: Option<Uuid>,
    pub has_payment_method: bool,
    pub synced_at: DateTime<Utc>,
}

/// Stores the snapshot unless a newer one is already stored; answers whether it was stored. A canceled
/// subscription never replaces a live one with another id (an old Checkout's leftovers).
pub async fn apply_snapshot(tx: &TenantTx, s: &Snapshot<'_>) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update subscriptions set gateway = $1, gateway_customer_id = $2, gateway_subscription_id = $3,
                    gateway_price_id = $4, plan_id = coalesce($5, plan_id), cycle = coalesce($6, cycle), status = $7,
                    trial_end = $8, current_period_start = $9, current_period_end = $10, cancel_at_period_end = $11,
                    canceled_at = $12, scheduled_plan_id = $13, has_payment_method = $14, synced_at = $15,
                    complimentary = false, updated_at = now()
             where tenant_id = $16 and (synced_at is null or synced_at <= $15)
               and not ($7 = 'canceled' and gateway_subscription_id is not null and gateway_subscription_id <> $3
                        and status <> 'canceled')",
            [
                s.gateway.into(),
                s.customer_id.into(),
                s.subscription_id.into(),
                s.price_id.into(),
                s.plan_id.into(),
                s.cycle.map(str::to_owned).into(),
                s.status.into(),
                s.trial_end.into(),
                s.current_period_start.into(),
                s.current_period_end.into(),
                s.cancel_at_period_end.into(),
                s.canceled_at.into(),
                s.scheduled_plan_id.into(),
                s.has_payment_method.into(),
                s.synced_at.into(),
                tx.tenant_id.0.into(),
            ],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// The local state changes Parley makes itself: trial expiry without a card, dunning steps.
pub async fn set_state(
    tx: &TenantTx,
    status: &str,
    access: &str,
    past_due_since: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update subscriptions set status = $1, access = $2, past_due_since = $3, updated_at = now()",
        [status.into(), access.into(), past_due_since.into()],
    ))
    .await
    .map(|_| ())
}

pub async fn set_access(tx: &TenantTx, access: &str, past_due_since: Option<DateTime<Utc>>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update subscriptions set access = $1, past_due_since = $2, updated_at = now()",
        [access.into(), past_due_since.into()],
    ))
    .await
    .map(|_| ())
}

pub async fn set_overrides(tx: &TenantTx, limits: &serde_json::Value, reason: Option<&str>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update subscriptions set limit_overrides = $1, override_reason = $2, updated_at = now()",
        [limits.clone().into(), reason.map(str::to_owned).into()],
    ))
    .await
    .map(|_| ())
}

pub async fn set_trial_end(tx: &TenantTx, trial_end: DateTime<Utc>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update subscriptions set trial_end = $1, current_period_end = greatest(current_period_end, $1),
                status = case when status in ('trialing', 'paused') and gateway <> 'stripe' then 'trialing' else status end,
                access = case when status in ('trialing', 'paused') and gateway <> 'stripe' then 'ok' else access end,
                updated_at = now()",
        [trial_end.into()],
    ))
    .await
    .map(|_| ())
}

/// A plan assigned by the platform admin (the manual gateway, or complimentary): active for `months`.
pub async fn assign_manual(
    tx: &TenantTx,
    plan_id: Uuid,
    cycle: &str,
    complimentary: bool,
    period_end: DateTime<Utc>,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into subscriptions (tenant_id, plan_id, cycle, gateway, status, access, complimentary,
                                    current_period_start, current_period_end)
         values ($1, $2, $3, 'manual', 'active', 'ok', $4, now(), $5)
         on conflict (tenant_id) do update set plan_id = $2, cycle = $3, gateway = 'manual', status = 'active',
             access = 'ok', past_due_since = null, complimentary = $4, current_period_start = now(),
             current_period_end = $5, cancel_at_period_end = false, canceled_at = null, scheduled_plan_id = null,
             trial_end = null, updated_at = now()",
        [tx.tenant_id.0.into(), plan_id.into(), cycle.into(), complimentary.into(), period_end.into()],
    ))
    .await
    .map(|_| ())
}

/// Records that the notice `key` was sent; false when it already was (so it is sent once).
pub async fn claim_notice(tx: &TenantTx, key: &str) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update subscriptions set notices = notices || jsonb_build_object($1::text, now()) where not notices ? $1",
            [key.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(FromQueryResult)]
struct TenantOf {
    tenant_id: Uuid,
}

/// Which workspace a gateway customer or subscription belongs to (a webhook names only those).
pub async fn tenant_of_gateway(
    db: &Db,
    customer: Option<&str>,
    subscription: Option<&str>,
) -> Result<Option<Uuid>, DbErr> {
    Ok(TenantOf::find_by_statement(stmt(
        "select tenant_id from subscriptions
          where ($1::text is not null and gateway_customer_id = $1) or ($2::text is not null and gateway_subscription_id = $2)
          limit 1",
        [customer.map(str::to_owned).into(), subscription.map(str::to_owned).into()],
    ))
    .one(db.system())
    .await?
    .map(|r| r.tenant_id))
}

/// Workspaces the dunning sweep must look at: trials near or past their end, payments overdue, paused or
/// unpaid subscriptions, and periods that ended (meters roll, manual periods renew).
pub async fn due_for_sweep(db: &Db, now: DateTime<Utc>) -> Result<Vec<Uuid>, DbErr> {
    Ok(TenantOf::find_by_statement(stmt(
        "select s.tenant_id from subscriptions s join tenants t on t.id = s.tenant_id
          where (s.status = 'trialing' and s.trial_end < $1 + interval '3 days')
             or s.status in ('past_due', 'unpaid', 'paused', 'incomplete') or s.access <> 'ok'
             or (s.gateway <> 'stripe' and s.current_period_end < $1)",
        [now.into()],
    ))
    .all(db.system())
    .await?
    .into_iter()
    .map(|r| r.tenant_id)
    .collect())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct OverviewRow {
    pub tenant_id: Uuid,
    pub tenant_name: String,
    pub plan_id: Option<Uuid>,
    pub plan_name: Option<String>,
    pub cycle: String,
    pub gateway: String,
    pub status: String,
    pub access: String,
    pub complimentary: bool,
    pub cancel_at_period_end: bool,
    pub trial_end: Option<DateTime<Utc>>,
    pub current_period_end: Option<DateTime<Utc>>,
    pub canceled_at: Option<DateTime<Utc>>,
    /// What the subscription pays (its gateway price, else the plan's current price), minor units.
    pub amount: Option<i64>,
    pub currency: Option<String>,
}

/// Every workspace's subscription for the platform admin, newest workspace first.
pub async fn overview(db: &Db) -> Result<Vec<OverviewRow>, DbErr> {
    OverviewRow::find_by_statement(stmt(
        "select t.id as tenant_id, t.name as tenant_name, s.plan_id, p.name as plan_name,
                coalesce(s.cycle, 'monthly') as cycle, coalesce(s.gateway, 'none') as gateway,
                coalesce(s.status, 'active') as status, coalesce(s.access, 'ok') as access,
                coalesce(s.complimentary, false) as complimentary, coalesce(s.cancel_at_period_end, false) as cancel_at_period_end,
                s.trial_end, s.current_period_end, s.canceled_at, coalesce(gp.amount, pp.amount) as amount, p.currency
           from tenants t left join subscriptions s on s.tenant_id = t.id
           left join plans p on p.id = s.plan_id
           left join plan_prices pp on pp.plan_id = s.plan_id and pp.cycle = s.cycle
           left join plan_gateway_prices gp on gp.gateway_price_id = s.gateway_price_id
          order by t.created_at desc",
        [],
    ))
    .all(db.system())
    .await
}

pub async fn by_tenant(db: &Db, tenant_id: Uuid) -> Result<Option<SubscriptionRow>, DbErr> {
    SubscriptionRow::find_by_statement(stmt("select * from subscriptions where tenant_id = $1", [tenant_id.into()]))
        .one(db.system())
        .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Owner {
    pub email: String,
    pub name: String,
}

/// The workspace's active owners: who billing mails go to.
pub async fn owners(tx: &TenantTx) -> Result<Vec<Owner>, DbErr> {
    Owner::find_by_statement(stmt(
        "select u.email, u.name from memberships m join users u on u.id = m.user_id
          where m.role = 'owner' and m.status = 'active' order by m.created_at",
        [],
    ))
    .all(&tx.tx)
    .await
}

#[derive(FromQueryResult)]
struct Access {
    access: String,
}

pub async fn access(tx: &TenantTx) -> Result<Option<String>, DbErr> {
    Ok(Access::find_by_statement(stmt("select access from subscriptions", [])).one(&tx.tx).await?.map(|a| a.access))
}

/// Moves a card-less trial to another plan (the trial's end stays).
pub async fn apply_trial_plan(tx: &TenantTx, plan_id: Uuid, cycle: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update subscriptions set plan_id = $1, cycle = $2, updated_at = now() where gateway = 'none'",
        [plan_id.into(), cycle.into()],
    ))
    .await
    .map(|_| ())
}

/// Forgets the gateway's subscription (demo mode: the in-memory simulator restarted empty) and puts the
/// workspace back on a trial of its plan until `trial_end`.
pub async fn forget_gateway(tx: &TenantTx, trial_end: DateTime<Utc>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update subscriptions set gateway = 'none', gateway_customer_id = null, gateway_subscription_id = null,
                gateway_price_id = null, status = 'trialing', access = 'ok', past_due_since = null, trial_end = $1,
                current_period_start = now(), current_period_end = $1, cancel_at_period_end = false, canceled_at = null,
                scheduled_plan_id = null, has_payment_method = false, synced_at = null, updated_at = now()",
        [trial_end.into()],
    ))
    .await
    .map(|_| ())
}

#[derive(FromQueryResult)]
struct WithPlan {
    sub: serde_json::Value,
    plan: Option<serde_json::Value>,
}

/// The subscription and its platform plan in one round trip (quotas read them on every metered write); None
/// without a plan. An agency's client has no platform plan but the copy of its agency plan (`agency_limits`): its
/// subscription is answered with no platform plan.
pub async fn with_plan(tx: &TenantTx) -> Result<Option<(SubscriptionRow, Option<super::plans::PlanRow>)>, DbErr> {
    let Some(r) = WithPlan::find_by_statement(stmt(
        "select to_jsonb(s) as sub, to_jsonb(p) as plan from subscriptions s left join plans p on p.id = s.plan_id
          where p.id is not null or s.agency_limits is not null",
        [],
    ))
    .one(&tx.tx)
    .await?
    else {
        return Ok(None);
    };
    let sub = serde_json::from_value(r.sub).map_err(|e| DbErr::Custom(format!("subscription row: {e}")))?;
    let plan = match r.plan {
        None | Some(serde_json::Value::Null) => None,
        Some(p) => Some(serde_json::from_value(p).map_err(|e| DbErr::Custom(format!("plan row: {e}")))?),
    };
    Ok(Some((sub, plan)))
}
