//! API keys: only a hash and a display prefix are stored, with the key's scopes, expiry, own rate cap and where
//! it was last used from.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct ApiKeyRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub name: String,
    pub prefix: String,
    pub scopes: Vec<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub requests_per_minute: Option<i32>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub last_used_ip: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, tenant_id, name, prefix, scopes, expires_at, requests_per_minute, created_by, created_at, \
                       last_used_at, last_used_ip, revoked_at";

pub struct NewApiKey<'a> {
    pub name: &'a str,
    pub prefix: &'a str,
    pub key_hash: &'a str,
    pub scopes: Vec<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub requests_per_minute: Option<i32>,
    pub created_by: Option<Uuid>,
}

pub async fn insert(tx: &TenantTx, k: NewApiKey<'_>) -> Result<ApiKeyRow, DbErr> {
    ApiKeyRow::find_by_statement(stmt(
        &format!(
            "insert into api_keys (id, tenant_id, name, prefix, key_hash, scopes, expires_at, requests_per_minute,
                created_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning {COLUMNS}"
        ),
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            k.name.into(),
            k.prefix.into(),
            k.key_hash.into(),
            k.scopes.into(),
            k.expires_at.into(),
            k.requests_per_minute.into(),
            k.created_by.into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn list(tx: &TenantTx) -> Result<Vec<ApiKeyRow>, DbErr> {
    ApiKeyRow::find_by_statement(stmt(&format!("select {COLUMNS} from api_keys order by created_at desc"), []))
        .all(&tx.tx)
        .await
}

pub async fn revoke(tx: &TenantTx, id: Uuid) -> Result<Option<String>, DbErr> {
    #[derive(FromQueryResult)]
    struct Hash {
        key_hash: String,
    }
    Ok(Hash::find_by_statement(stmt(
        "update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 returning key_hash",
        [id.into()],
    ))
    .one(&tx.tx)
    .await?
    .map(|h| h.key_hash))
}

/// The key with this hash, revoked or expired included (the caller says which refusal applies).
pub async fn by_hash(tx: &TenantTx, hash: &str) -> Result<Option<ApiKeyRow>, DbErr> {
    ApiKeyRow::find_by_statement(stmt(&format!("select {COLUMNS} from api_keys where key_hash = $1"), [hash.into()]))
        .one(&tx.tx)
        .await
}

/// The live key with this hash (not revoked, not expired).
pub async fn authenticate(tx: &TenantTx, hash: &str) -> Result<Option<ApiKeyRow>, DbErr> {
    ApiKeyRow::find_by_statement(stmt(
        &format!(
            "select {COLUMNS} from api_keys where key_hash = $1 and revoked_at is null
               and (expires_at is null or expires_at > now())"
        ),
        [hash.into()],
    ))
    .one(&tx.tx)
    .await
}

/// Records the key's use and address, at most once a minute whichever node asks (a busy integration would
/// otherwise write on every request).
pub async fn record_use(tx: &TenantTx, id: Uuid, ip: Option<&str>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update api_keys set last_used_at = now(), last_used_ip = coalesce($2, last_used_ip)
          where id = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')",
        [id.into(), ip.map(str::to_owned).into()],
    ))
    .await?;
    Ok(())
}
