//! Published versions of a flow: immutable once written; runs are pinned to one.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{DbErr, FromQueryResult};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct VersionRow {
    pub id: Uuid,
    pub flow_id: Uuid,
    pub version: i32,
    pub graph: Value,
    pub trigger: Value,
    pub published_by: Option<Uuid>,
    pub published_by_name: Option<String>,
    pub published_at: DateTime<Utc>,
}

const SELECT: &str =
    "select v.id, v.flow_id, v.version, v.graph, v.trigger, v.published_by, u.name as published_by_name,
                             v.published_at
                        from flow_versions v left join users u on u.id = v.published_by";

/// Versions of a flow, newest first (graphs included: a flow keeps few versions and the history shows diffs).
pub async fn list(tx: &TenantTx, flow_id: Uuid) -> Result<Vec<VersionRow>, DbErr> {
    VersionRow::find_by_statement(stmt(
        &format!("{SELECT} where v.flow_id = $1 order by v.version desc"),
        [flow_id.into()],
    ))
    .all(&tx.tx)
    .await
}

pub async fn get(tx: &TenantTx, flow_id: Uuid, version: i32) -> Result<Option<VersionRow>, DbErr> {
    VersionRow::find_by_statement(stmt(
        &format!("{SELECT} where v.flow_id = $1 and v.version = $2"),
        [flow_id.into(), version.into()],
    ))
    .one(&tx.tx)
    .await
}

pub async fn by_id(tx: &TenantTx, id: Uuid) -> Result<Option<VersionRow>, DbErr> {
    VersionRow::find_by_statement(stmt(&format!("{SELECT} where v.id = $1"), [id.into()])).one(&tx.tx).await
}

/// Freezes the next version (the flow row is locked by the caller, so numbers never collide).
pub async fn insert(
    tx: &TenantTx,
    flow_id: Uuid,
    graph: &Value,
    trigger: &Value,
    by: Option<Uuid>,
) -> Result<(Uuid, i32), DbErr> {
    #[derive(FromQueryResult)]
    struct Inserted {
        id: Uuid,
        version: i32,
    }
    let row = Inserted::find_by_statement(stmt(
        "insert into flow_versions (id, tenant_id, flow_id, version, graph, trigger, published_by)
         select $1, $2, $3, coalesce(max(version), 0) + 1, $4, $5, $6 from flow_versions where flow_id = $3
         returning id, version",
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            flow_id.into(),
            graph.clone().into(),
            trigger.clone().into(),
            by.into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)?;
    Ok((row.id, row.version))
}
