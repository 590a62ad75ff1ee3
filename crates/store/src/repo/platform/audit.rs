//! The tenant's audit log: who did what, append-only.

use crate::TenantTx;
use crate::repo::{PageReq, stmt};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

pub struct NewAudit<'a> {
    pub actor_user_id: Option<Uuid>,
    pub action: &'a str,
    pub target_type: Option<&'a str>,
    pub target_id: Option<String>,
    pub ip: Option<&'a str>,
    pub metadata: serde_json::Value,
}

pub async fn insert(tx: &TenantTx, a: NewAudit<'_>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into audit_logs (id, tenant_id, actor_user_id, action, target_type, target_id, ip, metadata)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            a.actor_user_id.into(),
            a.action.into(),
            a.target_type.map(str::to_owned).into(),
            a.target_id.into(),
            a.ip.map(str::to_owned).into(),
            a.metadata.into(),
        ],
    ))
    .await
    .map(|_| ())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct AuditRow {
    pub id: Uuid,
    pub action: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub metadata: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

pub async fn page(tx: &TenantTx, page: PageReq) -> Result<(Vec<AuditRow>, u64), DbErr> {
    let rows = AuditRow::find_by_statement(stmt(
        "select a.id, a.action, a.actor_user_id, u.name as actor_name, a.target_type, a.target_id, a.ip,
                a.metadata, a.created_at
         from audit_logs a left join users u on u.id = a.actor_user_id
         order by a.created_at desc, a.id desc limit $1 offset $2",
        [page.limit().into(), page.offset().into()],
    ))
    .all(&tx.tx)
    .await?;
    let total = crate::repo::count(&tx.tx, "select count(*) as n from audit_logs", []).await?;
    Ok((rows, total))
}
