//! Agency billing as the tenants see it. A client reads its agency's facts (who pays, the agency's access, the
//! plans it sells) and records an agency plan's Stripe ids only through the named functions of migration 0027,
//! which answer for the calling workspace's own agency; its own subscription row is written here. The agency reads
//! the per-client breakdown of its pooled usage, its own rows.

use crate::repo::stmt;
use crate::{Db, TenantTx};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

/// The calling workspace's agency.
#[derive(Debug, Clone, FromQueryResult)]
pub struct ClientAgencyRow {
    pub agency_id: Uuid,
    pub name: String,
    /// The agency brand's product name, when it set one.
    pub product_name: Option<String>,
    /// agency (the agency pays, usage pooled) or client (the client pays by card).
    pub billing_mode: String,
    /// The agency's own access (ok, past_due, restricted, suspended).
    pub access: String,
}

/// None for a workspace that is not an agency's client.
pub async fn client_agency(tx: &TenantTx) -> Result<Option<ClientAgencyRow>, DbErr> {
    ClientAgencyRow::find_by_statement(stmt("select * from client_agency()", [])).one(&tx.tx).await
}

/// A plan of the agency's offer, as its client sees it.
#[derive(Debug, Clone, FromQueryResult)]
pub struct OfferedPlanRow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub currency: String,
    pub monthly_amount: i64,
    pub features: serde_json::Value,
    pub limits: serde_json::Value,
    pub gateway_product_id: Option<String>,
    pub gateway_price_id: Option<String>,
    /// The amount and currency `gateway_price_id` was made with: another amount or currency needs a new price.
    pub gateway_amount: Option<i64>,
    pub gateway_currency: Option<String>,
}

/// The plans the calling workspace's agency sells (archived ones left out).
pub async fn offer(tx: &TenantTx) -> Result<Vec<OfferedPlanRow>, DbErr> {
    OfferedPlanRow::find_by_statement(stmt("select * from client_agency_plans()", [])).all(&tx.tx).await
}

#[derive(FromQueryResult)]
struct Done {
    done: bool,
}

/// Records the Stripe product and current price made for one of the agency's plans; false when the plan is not
/// the calling workspace's agency's.
pub async fn plan_synced(
    tx: &TenantTx,
    plan_id: Uuid,
    product_id: &str,
    price_id: &str,
    amount: i64,
    currency: &str,
) -> Result<bool, DbErr> {
    Ok(Done::find_by_statement(stmt(
        "select client_agency_plan_synced($1, $2, $3, $4, $5) as done",
        [plan_id.into(), product_id.into(), price_id.into(), amount.into(), currency.into()],
    ))
    .one(&tx.tx)
    .await?
    .is_some_and(|d| d.done))
}

/// The agency plan a Stripe price (current or replaced) was made for.
#[derive(Debug, Clone, FromQueryResult)]
pub struct PlanOfPriceRow {
    pub id: Uuid,
    pub name: String,
    pub features: serde_json::Value,
    pub limits: serde_json::Value,
}

pub async fn plan_of_price(tx: &TenantTx, price_id: &str) -> Result<Option<PlanOfPriceRow>, DbErr> {
    PlanOfPriceRow::find_by_statement(stmt("select * from client_agency_plan_of_price($1)", [price_id.into()]))
        .one(&tx.tx)
        .await
}

/// The client's copy of the agency plan it now pays for (a Checkout of another plan of the offer): the plan's
/// limits with the ones the agency set for this client laid over them, as the agency's own plan changes write it.
pub async fn set_plan_copy(tx: &TenantTx, p: &PlanOfPriceRow) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update subscriptions set agency_plan_id = $1, agency_plan_name = $2, agency_features = $3,
                agency_limits = $4::jsonb || jsonb_strip_nulls(coalesce(agency_custom_limits, '{}'::jsonb)),
                updated_at = now()
          where agency_plan_id is distinct from $1 or agency_plan_name is distinct from $2",
        [p.id.into(), p.name.clone().into(), p.features.clone().into(), p.limits.clone().into()],
    ))
    .await
    .map(|_| ())
}

/// The client now pays for itself: a card-less trial until `trial_end` (the dunning sweep reminds and, without a
/// card by then, restricts), unless a subscription of its own still runs at Stripe.
pub async fn start_paying_trial(tx: &TenantTx, trial_end: DateTime<Utc>) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update subscriptions set gateway = 'none', gateway_subscription_id = null, gateway_price_id = null,
                    status = 'trialing', access = 'ok', past_due_since = null, trial_end = $1,
                    current_period_start = now(), current_period_end = $1, cancel_at_period_end = false,
                    canceled_at = null, scheduled_plan_id = null, synced_at = null, updated_at = now()
              where not (gateway = 'stripe' and gateway_subscription_id is not null
                         and status not in ('canceled', 'incomplete_expired'))",
            [trial_end.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// The agency pays for the client again: no bill of its own (no trial, never past due for itself) and the
/// agency's access (`access`, already mapped). A subscription of its own that still runs at Stripe keeps its row
/// until it ends (it was set to cancel at the period end).
pub async fn set_agency_paid(tx: &TenantTx, access: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update subscriptions set access = $1, past_due_since = null, updated_at = now(),
                gateway = case when live then gateway else 'none' end,
                gateway_subscription_id = case when live then gateway_subscription_id end,
                gateway_price_id = case when live then gateway_price_id end,
                status = case when live then status else 'active' end,
                trial_end = case when live then trial_end end,
                current_period_start = case when live then current_period_start end,
                current_period_end = case when live then current_period_end end,
                cancel_at_period_end = live and cancel_at_period_end,
                canceled_at = null, scheduled_plan_id = null
           from (select gateway = 'stripe' and gateway_subscription_id is not null
                        and status not in ('canceled', 'incomplete_expired') as live
                   from subscriptions) s",
        [access.into()],
    ))
    .await
    .map(|_| ())
}

/// Sets the client's access (the agency's, mapped): a client the agency pays for has no dunning of its own.
pub async fn follow_agency_access(tx: &TenantTx, access: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update subscriptions set access = $1, past_due_since = null, updated_at = now() where access is distinct from $1",
        [access.into()],
    ))
    .await
    .map(|_| ())
}

/// What an agency that pays hands down to its clients (the SQL function of the same name, for the same rule).
pub fn access_for_clients(agency_access: &str) -> &'static str {
    match agency_access {
        "restricted" => "restricted",
        "suspended" => "suspended",
        _ => "ok",
    }
}

/// One client's share of the agency's pooled meter in one period.
#[derive(Debug, Clone, FromQueryResult)]
pub struct PoolShareRow {
    pub client_id: Uuid,
    pub meter: String,
    pub used: i64,
}

/// The clients' shares of the agency's pool in the period beginning at `period_start` (the agency's rows).
pub async fn pool_shares(tx: &TenantTx, period_start: DateTime<Utc>) -> Result<Vec<PoolShareRow>, DbErr> {
    PoolShareRow::find_by_statement(stmt(
        "select client_id, meter, used from agency_usage where period_start = $1 order by client_id, meter",
        [period_start.into()],
    ))
    .all(&tx.tx)
    .await
}

/// A client's billing state as its agency sees it (`agency_client_billing()`, in the agency's transaction).
#[derive(Debug, Clone, FromQueryResult)]
pub struct ClientBillingRow {
    pub id: Uuid,
    pub status: String,
    pub access: String,
    pub gateway: String,
    pub trial_end: Option<DateTime<Utc>>,
    pub current_period_end: Option<DateTime<Utc>>,
    pub cancel_at_period_end: bool,
    pub has_payment_method: bool,
}

pub async fn clients_billing(tx: &TenantTx) -> Result<Vec<ClientBillingRow>, DbErr> {
    ClientBillingRow::find_by_statement(stmt("select * from agency_client_billing()", [])).all(&tx.tx).await
}

#[derive(FromQueryResult)]
struct Id {
    id: Uuid,
}

/// Clients whose subscription does not yet match who pays for them (the billing sweep's cross-workspace question,
/// on the system pool): a paying agency's client still paying its own Stripe subscription, or left in a state of
/// its own (a trial, a paused or ended subscription); a client that now pays itself still in the agency-paid
/// state (active, no gateway, no trial). Subscriptions the platform admin assigned by hand are left alone.
pub async fn clients_to_converge(db: &Db) -> Result<Vec<Uuid>, DbErr> {
    Ok(Id::find_by_statement(stmt(
        "select c.id from tenants c
           join agencies a on a.tenant_id = c.agency_id
           join subscriptions s on s.tenant_id = c.id
          where (a.billing_mode = 'agency' and s.gateway in ('none', 'stripe')
                 and case when s.gateway = 'stripe' and s.gateway_subscription_id is not null
                                and s.status not in ('canceled', 'incomplete_expired')
                          then not s.cancel_at_period_end
                          else s.gateway <> 'none' or s.status <> 'active' or s.trial_end is not null end)
             or (a.billing_mode = 'client' and s.gateway = 'none' and s.status = 'active' and s.trial_end is null)
          limit 500",
        [],
    ))
    .all(db.system())
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}
