//! Tenant rows, seen from inside the tenant (row-level security shows a tenant only itself).

use crate::TenantTx;
use crate::entities::tenants::{ActiveModel, Entity, Model};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, DbErr, EntityTrait, Set};

pub async fn insert(tx: &TenantTx, name: &str, slug: &str) -> Result<Model, DbErr> {
    let now = Utc::now();
    ActiveModel {
        id: Set(tx.tenant_id.0),
        name: Set(name.to_owned()),
        slug: Set(slug.to_owned()),
        status: Set("active".into()),
        settings: Set(serde_json::json!({})),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&tx.tx)
    .await
}

pub async fn current(tx: &TenantTx) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(tx.tenant_id.0).one(&tx.tx).await
}
