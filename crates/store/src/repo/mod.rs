//! Repository functions, one folder per domain (named as in `parley_services`): each takes the connection
//! or transaction to run on, so the caller decides the transaction boundary (and, through `TenantTx`, the
//! tenant).

pub mod agency;
pub mod analytics;
pub mod automations;
pub mod billing;
pub mod brand;
pub mod campaigns;
pub mod channel;
pub mod crm;
pub mod flows;
pub mod identity;
pub mod inbox;
pub mod operations;
pub mod platform;
pub mod privacy;
pub mod team;
pub mod widget;

// Cross-cutting: the job queue and the mail outbox.
pub mod jobs;
pub mod mail;

use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult, Statement, Value};

pub(crate) fn stmt<I: IntoIterator<Item = Value>>(sql: &str, values: I) -> Statement {
    Statement::from_sql_and_values(DbBackend::Postgres, sql, values)
}

/// Escapes LIKE wildcards so a search for `50%` finds "50%", not everything.
pub(crate) fn like_pattern(q: &str) -> String {
    let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Offset pagination that never asks the database for silly pages.
#[derive(Debug, Clone, Copy)]
pub struct PageReq {
    pub page: u64,
    pub per_page: u64,
}

impl PageReq {
    pub fn new(page: Option<u64>, per_page: Option<u64>) -> Self {
        Self { page: page.unwrap_or(1).clamp(1, 100_000), per_page: per_page.unwrap_or(20).clamp(1, 100) }
    }

    pub fn offset(self) -> i64 {
        ((self.page - 1) * self.per_page) as i64
    }

    pub fn limit(self) -> i64 {
        self.per_page as i64
    }
}

/// A `select count(*) as n ...` answered as a number.
#[derive(FromQueryResult)]
struct Count {
    n: i64,
}

pub(crate) async fn count<C: ConnectionTrait, I: IntoIterator<Item = Value>>(
    c: &C,
    sql: &str,
    values: I,
) -> Result<u64, DbErr> {
    Ok(Count::find_by_statement(stmt(sql, values)).one(c).await?.map(|c| c.n.max(0) as u64).unwrap_or(0))
}

/// Replaces the rows of a link table `(tenant_id, owner_col, item_col)` for one owner. Only ids the `known`
/// query (answering `id`) finds are linked, so an id of another workspace (hidden by row-level security) or a
/// made-up one is never stored.
pub(crate) async fn replace_links(
    tx: &crate::TenantTx,
    table: &str,
    owner_col: &str,
    item_col: &str,
    owner: uuid::Uuid,
    known: &str,
    items: &[uuid::Uuid],
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(&format!("delete from {table} where {owner_col} = $1"), [owner.into()])).await?;
    tx.execute_raw(stmt(
        &format!(
            "insert into {table} (tenant_id, {owner_col}, {item_col})
             select $1, $2, k.id from ({known}) k where k.id = any($3) on conflict do nothing"
        ),
        [tx.tenant_id.0.into(), owner.into(), items.to_vec().into()],
    ))
    .await?;
    Ok(())
}
