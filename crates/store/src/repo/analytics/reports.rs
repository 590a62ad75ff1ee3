//! The weekly analytics mail's schedule, one per member who asked for it.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct ScheduleRow {
    pub weekday: i32,
    pub hour: i32,
    pub last_sent_at: Option<DateTime<Utc>>,
}

pub async fn get(tx: &TenantTx, user_id: Uuid) -> Result<Option<ScheduleRow>, DbErr> {
    ScheduleRow::find_by_statement(stmt(
        "select weekday, hour, last_sent_at from analytics_reports where user_id = $1",
        [user_id.into()],
    ))
    .one(&tx.tx)
    .await
}

pub async fn put(tx: &TenantTx, user_id: Uuid, weekday: i32, hour: i32) -> Result<ScheduleRow, DbErr> {
    ScheduleRow::find_by_statement(stmt(
        "insert into analytics_reports (id, tenant_id, user_id, weekday, hour) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, user_id) do update set weekday = excluded.weekday, hour = excluded.hour
         returning weekday, hour, last_sent_at",
        [Uuid::now_v7().into(), tx.tenant_id.0.into(), user_id.into(), weekday.into(), hour.into()],
    ))
    .one(&tx.tx)
    .await?
    .ok_or_else(|| DbErr::RecordNotInserted)
}

pub async fn delete(tx: &TenantTx, user_id: Uuid) -> Result<bool, DbErr> {
    let r = tx.execute_raw(stmt("delete from analytics_reports where user_id = $1", [user_id.into()])).await?;
    Ok(r.rows_affected() > 0)
}

/// Marks the week's mail sent unless another node just did (then false: it is not written twice).
pub async fn claim_week(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update analytics_reports set last_sent_at = now()
              where id = $1 and (last_sent_at is null or last_sent_at < now() - interval '6 days')",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}
