//! Refresh tokens and password-reset tokens: stored as SHA-256 hashes only.

use crate::entities::{password_resets, refresh_tokens};
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};
use uuid::Uuid;

pub struct NewRefresh<'a> {
    pub user_id: Uuid,
    pub tenant_id: Option<Uuid>,
    pub family_id: Uuid,
    pub token_hash: &'a str,
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<&'a str>,
    pub ip: Option<&'a str>,
}

pub async fn insert_refresh<C: ConnectionTrait>(c: &C, n: NewRefresh<'_>) -> Result<(), DbErr> {
    refresh_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(n.user_id),
        tenant_id: Set(n.tenant_id),
        family_id: Set(n.family_id),
        token_hash: Set(n.token_hash.to_owned()),
        expires_at: Set(n.expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
        user_agent: Set(n.user_agent.map(|s| s.chars().take(300).collect())),
        ip: Set(n.ip.map(str::to_owned)),
        created_at: Set(Utc::now()),
    }
    .insert(c)
    .await
    .map(|_| ())
}

pub async fn find_refresh<C: ConnectionTrait>(c: &C, hash: &str) -> Result<Option<refresh_tokens::Model>, DbErr> {
    refresh_tokens::Entity::find()
        .from_raw_sql(stmt("select * from refresh_tokens where token_hash = $1", [hash.into()]))
        .one(c)
        .await
}

/// Marks a token used, only if nobody else did first: of two concurrent refreshes, one wins and the
/// other is treated as reuse.
pub async fn claim_refresh<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<bool, DbErr> {
    let r = c
        .execute_raw(stmt(
            "update refresh_tokens set used_at = now() where id = $1 and used_at is null and revoked_at is null",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn revoke_family<C: ConnectionTrait>(c: &C, family_id: Uuid) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "update refresh_tokens set revoked_at = now() where family_id = $1 and revoked_at is null",
        [family_id.into()],
    ))
    .await
    .map(|_| ())
}

/// Ends every session in a tenant (it was suspended).
pub async fn revoke_tenant<C: ConnectionTrait>(c: &C, tenant_id: Uuid) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "update refresh_tokens set revoked_at = now() where tenant_id = $1 and revoked_at is null",
        [tenant_id.into()],
    ))
    .await
    .map(|_| ())
}

/// Ends every session of a user, or only their sessions in one tenant.
pub async fn revoke_user<C: ConnectionTrait>(c: &C, user_id: Uuid, tenant_id: Option<Uuid>) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "update refresh_tokens set revoked_at = now()
         where user_id = $1 and revoked_at is null and ($2::uuid is null or tenant_id = $2)",
        [user_id.into(), tenant_id.into()],
    ))
    .await
    .map(|_| ())
}

pub async fn insert_reset<C: ConnectionTrait>(
    c: &C,
    user_id: Uuid,
    hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    password_resets::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        token_hash: Set(hash.to_owned()),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(c)
    .await
    .map(|_| ())
}

/// Consumes a valid reset token and answers whose it was; a used or expired token answers `None`.
pub async fn claim_reset<C: ConnectionTrait>(c: &C, hash: &str) -> Result<Option<Uuid>, DbErr> {
    let row = c
        .query_one_raw(stmt(
            "update password_resets set used_at = now()
             where token_hash = $1 and used_at is null and expires_at > now() returning user_id",
            [hash.into()],
        ))
        .await?;
    row.map(|r| r.try_get::<Uuid>("", "user_id")).transpose()
}

/// A new reset link makes the older ones useless.
pub async fn expire_resets<C: ConnectionTrait>(c: &C, user_id: Uuid) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "update password_resets set used_at = now() where user_id = $1 and used_at is null",
        [user_id.into()],
    ))
    .await
    .map(|_| ())
}
