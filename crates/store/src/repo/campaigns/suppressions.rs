//! Numbers a workspace never messages in a campaign (people who asked by other means, legal holds).

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct SuppressionRow {
    pub phone: String,
    pub reason: Option<String>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub async fn page(
    tx: &TenantTx,
    q: Option<&str>,
    after: Option<&str>,
    limit: u64,
) -> Result<Vec<SuppressionRow>, DbErr> {
    SuppressionRow::find_by_statement(stmt(
        "select s.phone, s.reason, u.name as created_by_name, s.created_at
           from suppressions s left join users u on u.id = s.created_by
          where ($1::text is null or s.phone like '%' || $1 || '%') and ($2::text is null or s.phone > $2)
          order by s.phone limit $3",
        [q.map(str::to_owned).into(), after.map(str::to_owned).into(), (limit as i64).into()],
    ))
    .all(&tx.tx)
    .await
}

/// Adds numbers (already E.164); answers how many were new.
pub async fn add(tx: &TenantTx, phones: &[String], reason: Option<&str>, by: Option<Uuid>) -> Result<u64, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "insert into suppressions (tenant_id, phone, reason, created_by)
             select $1, p, $3, $4 from unnest($2::text[]) p
             on conflict do nothing",
            [tx.tenant_id.0.into(), phones.to_vec().into(), reason.map(str::to_owned).into(), by.into()],
        ))
        .await?;
    Ok(r.rows_affected())
}

pub async fn remove(tx: &TenantTx, phone: &str) -> Result<bool, DbErr> {
    let r = tx.execute_raw(stmt("delete from suppressions where phone = $1", [phone.into()])).await?;
    Ok(r.rows_affected() == 1)
}

pub async fn count(tx: &TenantTx) -> Result<u64, DbErr> {
    crate::repo::count(&tx.tx, "select count(*) as n from suppressions", []).await
}
