//! Two-factor sign-in data of a person (global, auth pool only): the sealed TOTP secret with the last step a code
//! was accepted for, hashed one-time recovery codes, and remembered devices (hashed tokens).

use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct TotpRow {
    pub secret_sealed: Vec<u8>,
    pub enabled_at: Option<DateTime<Utc>>,
    pub last_step: i64,
}

pub async fn find<C: ConnectionTrait>(c: &C, user_id: Uuid) -> Result<Option<TotpRow>, DbErr> {
    TotpRow::find_by_statement(stmt(
        "select secret_sealed, enabled_at, last_step from user_totp where user_id = $1",
        [user_id.into()],
    ))
    .one(c)
    .await
}

/// Starts (or restarts) an enrolment with a new secret; never replaces an enabled one (answers false then).
pub async fn set_pending<C: ConnectionTrait>(c: &C, user_id: Uuid, sealed: Vec<u8>) -> Result<bool, DbErr> {
    let r = c
        .execute_raw(stmt(
            "insert into user_totp (user_id, secret_sealed) values ($1, $2)
             on conflict (user_id) do update set secret_sealed = excluded.secret_sealed, last_step = 0, created_at = now()
             where user_totp.enabled_at is null",
            [user_id.into(), sealed.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Turns a pending enrolment on with the step of the code that confirmed it.
pub async fn enable<C: ConnectionTrait>(c: &C, user_id: Uuid, step: i64) -> Result<bool, DbErr> {
    let r = c
        .execute_raw(stmt(
            "update user_totp set enabled_at = now(), last_step = $2 where user_id = $1 and enabled_at is null",
            [user_id.into(), step.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Records that a code of `step` was used; false when that step (or a later one) already was: a code works once.
pub async fn claim_step<C: ConnectionTrait>(c: &C, user_id: Uuid, step: i64) -> Result<bool, DbErr> {
    let r = c
        .execute_raw(stmt(
            "update user_totp set last_step = $2 where user_id = $1 and enabled_at is not null and last_step < $2",
            [user_id.into(), step.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Whether the person signs in with a second factor.
pub async fn is_enabled<C: ConnectionTrait>(c: &C, user_id: Uuid) -> Result<bool, DbErr> {
    Ok(find(c, user_id).await?.is_some_and(|t| t.enabled_at.is_some()))
}

/// Removes the secret, the recovery codes and every remembered device.
pub async fn disable<C: ConnectionTrait>(c: &C, user_id: Uuid) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "with a as (delete from recovery_codes where user_id = $1),
              b as (delete from trusted_devices where user_id = $1)
         delete from user_totp where user_id = $1",
        [user_id.into()],
    ))
    .await
    .map(|_| ())
}

/// Replaces every recovery code of a person with new ones (hashes).
pub async fn replace_recovery_codes<C: ConnectionTrait>(c: &C, user_id: Uuid, hashes: &[String]) -> Result<(), DbErr> {
    c.execute_raw(stmt("delete from recovery_codes where user_id = $1", [user_id.into()])).await?;
    let ids: Vec<Uuid> = hashes.iter().map(|_| Uuid::now_v7()).collect();
    c.execute_raw(stmt(
        "insert into recovery_codes (id, user_id, code_hash) select i, $2, h from unnest($1::uuid[], $3::text[]) as x(i, h)",
        [ids.into(), user_id.into(), hashes.to_vec().into()],
    ))
    .await
    .map(|_| ())
}

/// Consumes a recovery code; false when it is unknown or was used.
pub async fn claim_recovery_code<C: ConnectionTrait>(c: &C, user_id: Uuid, hash: &str) -> Result<bool, DbErr> {
    let r = c
        .execute_raw(stmt(
            "update recovery_codes set used_at = now() where user_id = $1 and code_hash = $2 and used_at is null",
            [user_id.into(), hash.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn recovery_codes_left<C: ConnectionTrait>(c: &C, user_id: Uuid) -> Result<i64, DbErr> {
    let row = c
        .query_one_raw(stmt(
            "select count(*) as n from recovery_codes where user_id = $1 and used_at is null",
            [user_id.into()],
        ))
        .await?;
    row.map(|r| r.try_get::<i64>("", "n")).transpose().map(|n| n.unwrap_or(0))
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct DeviceRow {
    pub id: Uuid,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert_device<C: ConnectionTrait>(
    c: &C,
    user_id: Uuid,
    hash: &str,
    user_agent: Option<&str>,
    ip: Option<&str>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "insert into trusted_devices (id, user_id, token_hash, user_agent, ip, expires_at) values ($1, $2, $3, $4, $5, $6)",
        [
            Uuid::now_v7().into(),
            user_id.into(),
            hash.into(),
            user_agent.map(|s| s.chars().take(300).collect::<String>()).into(),
            ip.map(str::to_owned).into(),
            expires_at.into(),
        ],
    ))
    .await
    .map(|_| ())
}

/// Whether `hash` is a live remembered device of this person (and notes its use).
pub async fn use_device<C: ConnectionTrait>(c: &C, user_id: Uuid, hash: &str) -> Result<bool, DbErr> {
    let r = c
        .execute_raw(stmt(
            "update trusted_devices set last_used_at = now()
             where user_id = $1 and token_hash = $2 and revoked_at is null and expires_at > now()",
            [user_id.into(), hash.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn list_devices<C: ConnectionTrait>(c: &C, user_id: Uuid) -> Result<Vec<DeviceRow>, DbErr> {
    DeviceRow::find_by_statement(stmt(
        "select id, user_agent, ip, created_at, last_used_at, expires_at from trusted_devices
         where user_id = $1 and revoked_at is null and expires_at > now() order by last_used_at desc",
        [user_id.into()],
    ))
    .all(c)
    .await
}

/// Forgets one remembered device of this person; false when it is not theirs or already forgotten.
pub async fn revoke_device<C: ConnectionTrait>(c: &C, user_id: Uuid, id: Uuid) -> Result<bool, DbErr> {
    let r = c
        .execute_raw(stmt(
            "update trusted_devices set revoked_at = now() where id = $1 and user_id = $2 and revoked_at is null",
            [id.into(), user_id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Whether the workspace asks every member for a second factor (tenant data, under the tenant's policy).
pub async fn tenant_requires(tx: &crate::TenantTx) -> Result<bool, DbErr> {
    let row =
        tx.query_one_raw(stmt("select require_two_factor from tenants where id = $1", [tx.tenant_id.0.into()])).await?;
    row.map(|r| r.try_get::<bool>("", "require_two_factor")).transpose().map(|v| v.unwrap_or(false))
}

pub async fn set_tenant_requires(tx: &crate::TenantTx, require: bool) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update tenants set require_two_factor = $2, updated_at = now() where id = $1",
        [tx.tenant_id.0.into(), require.into()],
    ))
    .await
    .map(|_| ())
}
