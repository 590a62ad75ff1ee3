//! Invitations to join a tenant. The token hash is unique; the token itself names its tenant, so
//! lookups by token run inside that tenant's transaction like everything else.

use crate::TenantTx;
use crate::entities::invitations::{ActiveModel, Entity, Model};
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, Set};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct InvitationRow {
    pub id: Uuid,
    pub email: String,
    pub role: String,
    pub status: String,
    pub invited_by_name: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "select i.id, i.email, i.role, i.status, u.name as invited_by_name, i.expires_at, i.created_at
    from invitations i left join users u on u.id = i.invited_by";

pub async fn insert(
    tx: &TenantTx,
    email: &str,
    role: &str,
    token_hash: &str,
    invited_by: Option<Uuid>,
    expires_at: DateTime<Utc>,
) -> Result<Model, DbErr> {
    ActiveModel {
        id: Set(Uuid::now_v7()),
        tenant_id: Set(tx.tenant_id.0),
        email: Set(email.to_owned()),
        role: Set(role.to_owned()),
        token_hash: Set(token_hash.to_owned()),
        invited_by: Set(invited_by),
        status: Set("pending".into()),
        expires_at: Set(expires_at),
        accepted_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(&tx.tx)
    .await
}

pub async fn list(tx: &TenantTx) -> Result<Vec<InvitationRow>, DbErr> {
    InvitationRow::find_by_statement(stmt(&format!("{SELECT} order by i.created_at desc limit 500"), []))
        .all(&tx.tx)
        .await
}

pub async fn find_row(tx: &TenantTx, id: Uuid) -> Result<Option<InvitationRow>, DbErr> {
    InvitationRow::find_by_statement(stmt(&format!("{SELECT} where i.id = $1"), [id.into()])).one(&tx.tx).await
}

pub async fn find_by_hash(tx: &TenantTx, hash: &str) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .from_raw_sql(stmt("select * from invitations where token_hash = $1", [hash.into()]))
        .one(&tx.tx)
        .await
}

/// Re-arms a pending invitation with a new token and expiry (resend).
pub async fn rearm(tx: &TenantTx, id: Uuid, hash: &str, expires_at: DateTime<Utc>) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update invitations set token_hash = $2, expires_at = $3 where id = $1 and status = 'pending'",
            [id.into(), hash.into(), expires_at.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Moves a pending invitation to `accepted` or `revoked`; false if it was no longer pending.
pub async fn close(tx: &TenantTx, id: Uuid, status: &str) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update invitations set status = $2,
                 accepted_at = case when $2 = 'accepted' then now() else accepted_at end
             where id = $1 and status = 'pending'",
            [id.into(), status.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn count_pending(tx: &TenantTx) -> Result<u64, DbErr> {
    crate::repo::count(
        &tx.tx,
        "select count(*) as n from invitations where status = 'pending' and expires_at > now()",
        [],
    )
    .await
}
