//! An agency's clients. Seen from the agency: only the summaries `agency_client_summaries()` answers (the one
//! narrow path; it filters on the agency set as `app.tenant_id`). Seen from the client's own transaction: its tenant
//! row's agency columns and the copy of its agency plan on its subscription.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

/// One row of `agency_client_summaries()`: exactly the agency dashboard's columns.
#[derive(Debug, Clone, FromQueryResult)]
pub struct ClientSummaryRow {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub agency_plan_id: Option<Uuid>,
    pub plan_name: Option<String>,
    pub access: String,
    pub messages_this_month: i64,
    pub max_messages_per_month: Option<i64>,
    pub contacts: i64,
    pub max_contacts: Option<i64>,
    pub agents: i64,
    pub max_agents: Option<i64>,
    pub numbers_connected: i64,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub allow_agency_support: bool,
}

/// The agency's clients, oldest first (run in the agency's transaction).
pub async fn summaries(tx: &TenantTx) -> Result<Vec<ClientSummaryRow>, DbErr> {
    ClientSummaryRow::find_by_statement(stmt("select * from agency_client_summaries()", [])).all(&tx.tx).await
}

/// One client of the agency, or None: another agency's client and a made-up id alike.
pub async fn summary(tx: &TenantTx, id: Uuid) -> Result<Option<ClientSummaryRow>, DbErr> {
    ClientSummaryRow::find_by_statement(stmt("select * from agency_client_summaries() where id = $1", [id.into()]))
        .one(&tx.tx)
        .await
}

/// The client workspace itself, created in the client's own transaction (row-level security lets a transaction
/// write only the tenant it is set for).
pub async fn insert_tenant(
    tx: &TenantTx,
    name: &str,
    slug: &str,
    agency_id: Uuid,
    settings: &serde_json::Value,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into tenants (id, name, slug, status, settings, agency_id) values ($1, $2, $3, 'active', $5, $4)",
        [tx.tenant_id.0.into(), name.into(), slug.into(), agency_id.into(), settings.clone().into()],
    ))
    .await
    .map(|_| ())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct ClientSide {
    pub agency_id: Option<Uuid>,
    pub agency_name: Option<String>,
    pub allow_agency_support: bool,
    pub agency_plan_id: Option<Uuid>,
    pub agency_custom_limits: Option<serde_json::Value>,
}

/// The workspace's agency (None: not a client) as the client sees it: its agency's name comes from the rows the
/// agency wrote into the client's own audit log, never from the agency's tenant.
pub async fn client_side(tx: &TenantTx) -> Result<Option<ClientSide>, DbErr> {
    ClientSide::find_by_statement(stmt(
        "select t.agency_id,
                (select a.metadata ->> 'agencyName' from audit_logs a
                  where a.action in ('agency.client_created', 'support.opened') and a.metadata ? 'agencyName'
                  order by a.created_at desc limit 1) as agency_name,
                t.allow_agency_support, s.agency_plan_id, s.agency_custom_limits
           from tenants t left join subscriptions s on s.tenant_id = t.id where t.id = $1",
        [tx.tenant_id.0.into()],
    ))
    .one(&tx.tx)
    .await
}

pub async fn set_status(tx: &TenantTx, status: &str) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update tenants set status = $2, updated_at = now() where id = $1",
            [tx.tenant_id.0.into(), status.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_support_allowed(tx: &TenantTx, allowed: bool) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update tenants set allow_agency_support = $2, updated_at = now() where id = $1",
        [tx.tenant_id.0.into(), allowed.into()],
    ))
    .await
    .map(|_| ())
}

/// The agency plan copied onto the client's subscription (its requests read limits under their own tenant).
pub struct PlanCopy<'a> {
    pub plan_id: Uuid,
    pub plan_name: &'a str,
    pub features: &'a serde_json::Value,
    /// The plan's limits with the client's own laid over them.
    pub limits: &'a serde_json::Value,
    /// The limits the agency set for this client only (None: the plan's).
    pub custom_limits: Option<&'a serde_json::Value>,
}

/// Writes the copy, creating the subscription of a new client (no gateway: D's billing decides who pays).
pub async fn set_plan(tx: &TenantTx, p: PlanCopy<'_>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into subscriptions (tenant_id, gateway, status, access, agency_plan_id, agency_plan_name,
                                    agency_features, agency_limits, agency_custom_limits)
         values ($1, 'none', 'active', 'ok', $2, $3, $4, $5, $6)
         on conflict (tenant_id) do update set agency_plan_id = $2, agency_plan_name = $3, agency_features = $4,
             agency_limits = $5, agency_custom_limits = $6, updated_at = now()",
        [
            tx.tenant_id.0.into(),
            p.plan_id.into(),
            p.plan_name.into(),
            p.features.clone().into(),
            p.limits.clone().into(),
            p.custom_limits.cloned().into(),
        ],
    ))
    .await
    .map(|_| ())
}
