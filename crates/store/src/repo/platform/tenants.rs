//! Tenant rows, seen from inside the tenant (row-level security shows a tenant only itself).

use crate::TenantTx;
use crate::entities::tenants::{ActiveModel, Entity, Model};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};

/// `settings`: the workspace's settings object (`{"locale": "en"}`).
pub async fn insert(tx: &TenantTx, name: &str, slug: &str, settings: serde_json::Value) -> Result<Model, DbErr> {
    let now = Utc::now();
    ActiveModel {
        id: Set(tx.tenant_id.0),
        name: Set(name.to_owned()),
        slug: Set(slug.to_owned()),
        status: Set("active".into()),
        settings: Set(settings),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&tx.tx)
    .await
}

pub async fn current(tx: &TenantTx) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(tx.tenant_id.0).one(&tx.tx).await
}

/// The workspace's IP allow-list (networks as PostgreSQL prints them); empty means no restriction.
pub async fn ip_allowlist(tx: &TenantTx) -> Result<Vec<String>, DbErr> {
    let row = tx
        .query_one_raw(crate::repo::stmt(
            "select ip_allowlist::text[] as list from tenants where id = $1",
            [tx.tenant_id.0.into()],
        ))
        .await?;
    Ok(match row {
        Some(r) => r.try_get("", "list")?,
        None => vec![],
    })
}

/// Replaces the allow-list; PostgreSQL's `cidr` refuses anything that is not a network.
pub async fn set_ip_allowlist(tx: &TenantTx, list: Vec<String>) -> Result<(), DbErr> {
    tx.execute_raw(crate::repo::stmt(
        "update tenants set ip_allowlist = $2::text[]::cidr[], updated_at = now() where id = $1",
        [tx.tenant_id.0.into(), list.into()],
    ))
    .await?;
    Ok(())
}
