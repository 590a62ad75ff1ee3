//! The platform admin's view of agencies, on the system pool: marking a workspace as an agency with its caps,
//! unmarking it, and the agencies list with their clients' figures and revenue. Nothing else may use it; agencies
//! themselves reach their clients only through `agency_client_summaries()` (`repo::agency::clients`).

use crate::Db;
use crate::repo::agency::agencies::AgencyRow;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct TenantAgencyState {
    pub tenant_id: Uuid,
    pub tenant_name: String,
    /// The agency this workspace is a client of.
    pub agency_id: Option<Uuid>,
    pub agency_name: Option<String>,
    pub clients: i64,
}

/// Where a workspace stands: a client of an agency, an agency with clients, or neither. None: no such workspace.
pub async fn tenant_state(db: &Db, id: Uuid) -> Result<Option<TenantAgencyState>, DbErr> {
    TenantAgencyState::find_by_statement(stmt(
        "select t.id as tenant_id, t.name as tenant_name, t.agency_id, a.name as agency_name,
                (select count(*) from tenants c where c.agency_id = t.id) as clients
           from tenants t left join tenants a on a.id = t.agency_id where t.id = $1",
        [id.into()],
    ))
    .one(db.system())
    .await
}

pub async fn agency(db: &Db, id: Uuid) -> Result<Option<AgencyRow>, DbErr> {
    AgencyRow::find_by_statement(stmt(
        "select tenant_id, max_clients, may_remove_powered_by, may_use_custom_domains, may_use_own_sender, billing_mode,
                created_at, updated_at from agencies where tenant_id = $1",
        [id.into()],
    ))
    .one(db.system())
    .await
}

pub struct Caps {
    pub max_clients: Option<i32>,
    pub may_remove_powered_by: bool,
    pub may_use_custom_domains: bool,
    pub may_use_own_sender: bool,
}

/// Makes the workspace an agency, or changes its caps (its billing mode stays).
pub async fn mark(db: &Db, id: Uuid, c: &Caps) -> Result<(), DbErr> {
    db.system()
        .execute_raw(stmt(
            "insert into agencies (tenant_id, max_clients, may_remove_powered_by, may_use_custom_domains, may_use_own_sender)
             values ($1, $2, $3, $4, $5)
             on conflict (tenant_id) do update set max_clients = $2, may_remove_powered_by = $3,
                 may_use_custom_domains = $4, may_use_own_sender = $5, updated_at = now()",
            [
                id.into(),
                c.max_clients.into(),
                c.may_remove_powered_by.into(),
                c.may_use_custom_domains.into(),
                c.may_use_own_sender.into(),
            ],
        ))
        .await
        .map(|_| ())
}

/// Removes the agency row unless the workspace still has clients (the statement itself checks, so a client
/// created meanwhile keeps it); answers whether it was removed.
pub async fn unmark(db: &Db, id: Uuid) -> Result<bool, DbErr> {
    let r = db
        .system()
        .execute_raw(stmt(
            "delete from agencies where tenant_id = $1 and not exists (select 1 from tenants c where c.agency_id = $1)",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct AdminAgencyRow {
    pub tenant_id: Uuid,
    pub name: String,
    pub slug: String,
    pub status: String,
    pub max_clients: Option<i32>,
    pub may_remove_powered_by: bool,
    pub may_use_custom_domains: bool,
    pub may_use_own_sender: bool,
    pub billing_mode: String,
    pub created_at: DateTime<Utc>,
    pub clients: i64,
    pub active_clients: i64,
    pub suspended_clients: i64,
    /// Messages of the clients in their current monthly meters.
    pub messages_this_month: i64,
    pub numbers_connected: i64,
}

/// Every agency with its clients' figures, newest agency first.
pub async fn list(db: &Db) -> Result<Vec<AdminAgencyRow>, DbErr> {
    AdminAgencyRow::find_by_statement(stmt(
        "select a.tenant_id, t.name, t.slug, t.status, a.max_clients, a.may_remove_powered_by, a.may_use_custom_domains,
                a.may_use_own_sender, a.billing_mode, a.created_at,
                (select count(*) from tenants c where c.agency_id = a.tenant_id) as clients,
                (select count(*) from tenants c where c.agency_id = a.tenant_id and c.status = 'active') as active_clients,
                (select count(*) from tenants c where c.agency_id = a.tenant_id and c.status = 'suspended')
                  as suspended_clients,
                coalesce((select sum(u.used) from usage_meters u join tenants c on c.id = u.tenant_id
                           where c.agency_id = a.tenant_id and u.meter = 'messages' and u.period_start <= now()
                             and u.period_start > now() - interval '31 days'
                             and u.period_start = (select max(v.period_start) from usage_meters v
                                                    where v.tenant_id = u.tenant_id and v.meter = 'messages'
                                                      and v.period_start <= now())), 0)::bigint as messages_this_month,
                (select count(*) from whatsapp_connections w join tenants c on c.id = w.tenant_id
                  where c.agency_id = a.tenant_id and w.status = 'connected' and w.kind <> 'widget') as numbers_connected
           from agencies a join tenants t on t.id = a.tenant_id
          order by a.created_at desc",
        [],
    ))
    .all(db.system())
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct AgencyRevenueRow {
    pub agency_id: Uuid,
    pub currency: String,
    pub this_month: i64,
    pub all_time: i64,
}

/// Paid invoices of each agency and its clients, per currency: this calendar month (UTC) and all time.
pub async fn revenue(db: &Db) -> Result<Vec<AgencyRevenueRow>, DbErr> {
    AgencyRevenueRow::find_by_statement(stmt(
        "select a.tenant_id as agency_id, upper(i.currency) as currency,
                coalesce(sum(i.amount_paid) filter (where i.paid_at >= date_trunc('month', now() at time zone 'UTC')
                                                                         at time zone 'UTC'), 0)::bigint as this_month,
                coalesce(sum(i.amount_paid), 0)::bigint as all_time
           from agencies a
           join tenants t on t.id = a.tenant_id or t.agency_id = a.tenant_id
           join invoices i on i.tenant_id = t.id and i.status = 'paid'
          group by 1, 2 order by 1, 2",
        [],
    ))
    .all(db.system())
    .await
}
