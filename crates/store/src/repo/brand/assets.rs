//! A workspace's brand images (logo light and dark, favicon, login image), stored in the database: they are
//! small (at most 1 MB, checked by the service) and few, and a backup then holds the whole brand.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(Debug, Clone, FromQueryResult)]
pub struct AssetInfo {
    pub kind: String,
    pub content_type: String,
    pub size: i32,
    pub sha256: String,
    pub updated_at: DateTime<Utc>,
}

pub async fn list(tx: &TenantTx) -> Result<Vec<AssetInfo>, DbErr> {
    AssetInfo::find_by_statement(stmt(
        "select kind, content_type, octet_length(bytes) as size, sha256, updated_at from brand_assets order by kind",
        [],
    ))
    .all(&tx.tx)
    .await
}

pub async fn put(tx: &TenantTx, kind: &str, content_type: &str, bytes: &[u8], sha256: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into brand_assets (tenant_id, kind, content_type, bytes, sha256) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, kind) do update set content_type = excluded.content_type, bytes = excluded.bytes,
           sha256 = excluded.sha256, updated_at = now()",
        [
            tx.tenant_id.0.into(),
            kind.to_owned().into(),
            content_type.to_owned().into(),
            bytes.to_vec().into(),
            sha256.to_owned().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Answers whether there was one.
pub async fn delete(tx: &TenantTx, kind: &str) -> Result<bool, DbErr> {
    let r = tx.execute_raw(stmt("delete from brand_assets where kind = $1", [kind.to_owned().into()])).await?;
    Ok(r.rows_affected() > 0)
}
