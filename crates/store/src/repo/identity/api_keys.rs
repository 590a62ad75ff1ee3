//! API keys: only a hash and a display prefix are stored.

use crate::TenantTx;
use crate::entities::api_keys::{ActiveModel, Entity, Model};
use crate::repo::stmt;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};
use uuid::Uuid;

pub async fn insert(
    tx: &TenantTx,
    name: &str,
    prefix: &str,
    key_hash: &str,
    created_by: Option<Uuid>,
) -> Result<Model, DbErr> {
    ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(tx.tenant_id.0),
        name: Set(name.to_owned()),
        prefix: Set(prefix.to_owned()),
        key_hash: Set(key_hash.to_owned()),
        created_by: Set(created_by),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(&tx.tx)
    .await
}

pub async fn list(tx: &TenantTx) -> Result<Vec<Model>, DbErr> {
    Entity::find().from_raw_sql(stmt("select * from api_keys order by created_at desc", [])).all(&tx.tx).await
}

pub async fn revoke(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt("update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1", [id.into()]))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// The live key with this hash; records its use at most once a minute to spare writes.
pub async fn authenticate(tx: &TenantTx, hash: &str) -> Result<Option<Model>, DbErr> {
    let key = Entity::find()
        .from_raw_sql(stmt("select * from api_keys where key_hash = $1 and revoked_at is null", [hash.into()]))
        .one(&tx.tx)
        .await?;
    if let Some(k) = &key
        && k.last_used_at.is_none_or(|t| Utc::now() - t > chrono::Duration::minutes(1))
    {
        tx.execute_raw(stmt("update api_keys set last_used_at = now() where id = $1", [k.id.into()])).await?;
    }
    Ok(key)
}
