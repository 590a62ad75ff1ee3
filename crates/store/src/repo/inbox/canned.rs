//! Canned responses: reusable replies an agent picks by shortcut.

use crate::TenantTx;
use crate::repo::{like_pattern, stmt};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct CannedRow {
    pub id: Uuid,
    pub shortcut: String,
    pub title: String,
    pub content: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, shortcut, title, content, created_at, updated_at";

pub async fn list(tx: &TenantTx, q: Option<&str>) -> Result<Vec<CannedRow>, DbErr> {
    let pattern = q.map(str::trim).filter(|s| !s.is_empty()).map(like_pattern);
    CannedRow::find_by_statement(stmt(
        &format!(
            "select {COLUMNS} from canned_responses
             where $1::text is null or shortcut ilike $1 or title ilike $1 or content ilike $1
             order by shortcut"
        ),
        [pattern.into()],
    ))
    .all(&tx.tx)
    .await
}

pub async fn insert(
    tx: &TenantTx,
    shortcut: &str,
    title: &str,
    content: &str,
    created_by: Option<Uuid>,
) -> Result<CannedRow, DbErr> {
    CannedRow::find_by_statement(stmt(
        &format!(
            "insert into canned_responses (id, tenant_id, shortcut, title, content, created_by)
             values ($1, $2, $3, $4, $5, $6) returning {COLUMNS}"
        ),
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            shortcut.into(),
            title.into(),
            content.into(),
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
    shortcut: Option<&str>,
    title: Option<&str>,
    content: Option<&str>,
) -> Result<Option<CannedRow>, DbErr> {
    CannedRow::find_by_statement(stmt(
        &format!(
            "update canned_responses set shortcut = coalesce($2, shortcut), title = coalesce($3, title),
                content = coalesce($4, content), updated_at = now()
             where id = $1 returning {COLUMNS}"
        ),
        [
            id.into(),
            shortcut.map(str::to_owned).into(),
            title.map(str::to_owned).into(),
            content.map(str::to_owned).into(),
        ],
    ))
    .one(&tx.tx)
    .await
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    Ok(tx.execute_raw(stmt("delete from canned_responses where id = $1", [id.into()])).await?.rows_affected() == 1)
}
