//! Saved segments: a name and the criteria (JSON) that pick their contacts.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct SegmentRow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub criteria: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLS: &str = "id, name, description, criteria, created_at, updated_at";

pub async fn list(tx: &TenantTx) -> Result<Vec<SegmentRow>, DbErr> {
    SegmentRow::find_by_statement(stmt(&format!("select {COLS} from segments order by lower(name)"), []))
        .all(&tx.tx)
        .await
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<SegmentRow>, DbErr> {
    SegmentRow::find_by_statement(stmt(&format!("select {COLS} from segments where id = $1"), [id.into()]))
        .one(&tx.tx)
        .await
}

pub async fn insert(
    tx: &TenantTx,
    name: &str,
    description: Option<&str>,
    criteria: &serde_json::Value,
    created_by: Option<Uuid>,
) -> Result<SegmentRow, DbErr> {
    SegmentRow::find_by_statement(stmt(
        &format!(
            "insert into segments (id, tenant_id, name, description, criteria, created_by)
             values ($1, $2, $3, $4, $5, $6) returning {COLS}"
        ),
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            name.into(),
            description.map(str::to_owned).into(),
            criteria.clone().into(),
            created_by.into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn update(
    tx: &TenantTx,
    id: Uuid,
    name: Option<&str>,
    description: Option<Option<&str>>,
    criteria: Option<&serde_json::Value>,
) -> Result<Option<SegmentRow>, DbErr> {
    let (set_desc, desc) = match description {
        Some(d) => (true, d.map(str::to_owned)),
        None => (false, None),
    };
    SegmentRow::find_by_statement(stmt(
        &format!(
            "update segments set name = coalesce($2, name), description = case when $3 then $4 else description end,
                criteria = coalesce($5, criteria), updated_at = now()
             where id = $1 returning {COLS}"
        ),
        [id.into(), name.map(str::to_owned).into(), set_desc.into(), desc.into(), criteria.cloned().into()],
    ))
    .one(&tx.tx)
    .await
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    Ok(tx.execute_raw(stmt("delete from segments where id = $1", [id.into()])).await?.rows_affected() > 0)
}
