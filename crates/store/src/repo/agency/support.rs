//! Support entries into a client: ordinary memberships (role manager) that carry an expiry and the agency that
//! opened them, written in the client's own transaction. Their history is the client's audit log.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(FromQueryResult)]
struct UserIdRow {
    user_id: Uuid,
}

/// Opens (or extends) the person's support entry until `expires_at`. False when the person already belongs to the
/// workspace as an ordinary member, whose membership is left as it is.
pub async fn open(tx: &TenantTx, user_id: Uuid, agency_id: Uuid, expires_at: DateTime<Utc>) -> Result<bool, DbErr> {
    Ok(UserIdRow::find_by_statement(stmt(
        "insert into memberships (tenant_id, user_id, role, status, expires_at, support_agency_id)
         values ($1, $2, 'manager', 'active', $3, $4)
         on conflict (tenant_id, user_id) do update set expires_at = excluded.expires_at, role = 'manager',
             status = 'active', updated_at = now()
          where memberships.support_agency_id = excluded.support_agency_id
         returning user_id",
        [tx.tenant_id.0.into(), user_id.into(), expires_at.into(), agency_id.into()],
    ))
    .one(&tx.tx)
    .await?
    .is_some())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct SupportMemberRow {
    pub user_id: Uuid,
    pub expires_at: DateTime<Utc>,
}

/// The person's support entry, expired or not.
pub async fn find(tx: &TenantTx, user_id: Uuid) -> Result<Option<SupportMemberRow>, DbErr> {
    SupportMemberRow::find_by_statement(stmt(
        "select user_id, expires_at from memberships where user_id = $1 and support_agency_id is not null",
        [user_id.into()],
    ))
    .one(&tx.tx)
    .await
}

/// Ends one person's entry; false when they had none.
pub async fn end(tx: &TenantTx, user_id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "delete from memberships where user_id = $1 and support_agency_id is not null",
            [user_id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Ends every entry, and answers whose were still running (their sessions must end too).
pub async fn end_all(tx: &TenantTx) -> Result<Vec<Uuid>, DbErr> {
    Ok(UserIdRow::find_by_statement(stmt(
        "with gone as (delete from memberships where support_agency_id is not null returning user_id, expires_at)
         select user_id from gone where expires_at > now()",
        [],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|r| r.user_id)
    .collect())
}

/// Forgets entries that ran out: they already reach nothing, and a later entry starts fresh.
pub async fn purge_expired(tx: &TenantTx) -> Result<(), DbErr> {
    tx.execute_raw(stmt("delete from memberships where support_agency_id is not null and expires_at <= now()", []))
        .await
        .map(|_| ())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct SupportEventRow {
    pub id: Uuid,
    pub action: String,
    pub actor_user_id: Option<Uuid>,
    pub metadata: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// The workspace's support openings and endings from its audit log, newest first.
pub async fn events(tx: &TenantTx, limit: i64) -> Result<Vec<SupportEventRow>, DbErr> {
    SupportEventRow::find_by_statement(stmt(
        "select id, action, actor_user_id, metadata, created_at from audit_logs
          where action in ('support.opened', 'support.ended') order by created_at desc, id desc limit $1",
        [limit.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Every support membership still stored (running, or run out and not purged yet), with its end.
pub async fn members(tx: &TenantTx) -> Result<Vec<SupportMemberRow>, DbErr> {
    SupportMemberRow::find_by_statement(stmt(
        "select user_id, expires_at from memberships where support_agency_id is not null",
        [],
    ))
    .all(&tx.tx)
    .await
}
