//! Media files: metadata here, bytes in the media store.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct MediaRow {
    pub id: Uuid,
    pub connection_id: Option<Uuid>,
    pub direction: String,
    pub status: String,
    pub wa_media_id: Option<String>,
    pub storage_key: Option<String>,
    pub mime_type: Option<String>,
    pub filename: Option<String>,
    pub size_bytes: Option<i64>,
    pub sha256: Option<String>,
    pub attempts: i32,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, connection_id, direction, status, wa_media_id, storage_key, mime_type, filename, size_bytes,
    sha256, attempts, error, created_at";

pub struct NewMedia<'a> {
    pub id: Uuid,
    pub connection_id: Option<Uuid>,
    pub direction: &'a str,
    pub status: &'a str,
    pub wa_media_id: Option<&'a str>,
    pub storage_key: Option<&'a str>,
    pub mime_type: Option<&'a str>,
    pub filename: Option<&'a str>,
    pub size_bytes: Option<i64>,
    pub sha256: Option<&'a str>,
}

pub async fn insert(tx: &TenantTx, m: NewMedia<'_>) -> Result<MediaRow, DbErr> {
    let own = |s: Option<&str>| s.map(str::to_owned);
    MediaRow::find_by_statement(stmt(
        &format!(
            "insert into media_files (id, tenant_id, connection_id, direction, status, wa_media_id, storage_key,
                mime_type, filename, size_bytes, sha256)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning {COLUMNS}"
        ),
        [
            m.id.into(),
            tx.tenant_id.0.into(),
            m.connection_id.into(),
            m.direction.into(),
            m.status.into(),
            own(m.wa_media_id).into(),
            own(m.storage_key).into(),
            own(m.mime_type).into(),
            own(m.filename).into(),
            m.size_bytes.into(),
            own(m.sha256).into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn get<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Option<MediaRow>, DbErr> {
    MediaRow::find_by_statement(stmt(&format!("select {COLUMNS} from media_files where id = $1"), [id.into()]))
        .one(c)
        .await
}

pub async fn mark_stored(
    tx: &TenantTx,
    id: Uuid,
    key: &str,
    mime_type: &str,
    size: i64,
    sha256: &str,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update media_files set status = 'stored', storage_key = $2, mime_type = $3, size_bytes = $4, sha256 = $5,
            error = null, updated_at = now() where id = $1",
        [id.into(), key.into(), mime_type.into(), size.into(), sha256.into()],
    ))
    .await?;
    Ok(())
}

/// Records a failed attempt; `failed` once no more attempts will be made, else still `pending`.
pub async fn record_failure(tx: &TenantTx, id: Uuid, error: &str, give_up: bool) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update media_files set attempts = attempts + 1, error = $2,
            status = case when $3 then 'failed' else status end, updated_at = now() where id = $1",
        [id.into(), error.into(), give_up.into()],
    ))
    .await?;
    Ok(())
}

pub async fn set_wa_media_id(tx: &TenantTx, id: Uuid, wa_media_id: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update media_files set wa_media_id = $2, updated_at = now() where id = $1",
        [id.into(), wa_media_id.into()],
    ))
    .await?;
    Ok(())
}

/// Back to pending so a new download can be tried (an agent asked for it).
pub async fn reset(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update media_files set status = 'pending', attempts = 0, error = null, updated_at = now()
             where id = $1 and status = 'failed' and direction = 'inbound'",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn get_many<C: ConnectionTrait>(c: &C, ids: &[Uuid]) -> Result<Vec<MediaRow>, DbErr> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    MediaRow::find_by_statement(stmt(
        &format!("select {COLUMNS} from media_files where id = any($1)"),
        [ids.to_vec().into()],
    ))
    .all(c)
    .await
}
