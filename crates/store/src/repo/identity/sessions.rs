//! A person's sessions, read from their refresh-token families (one family per sign-in, one row per rotation):
//! which are alive, ending them, and whether a device (user agent and address) signed in before.

use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct FamilyRow {
    pub family_id: Uuid,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
}

/// Families with a token that can still be refreshed, the most recently used first; the device and address are
/// the newest rotation's.
pub async fn live_families<C: ConnectionTrait>(c: &C, user_id: Uuid) -> Result<Vec<FamilyRow>, DbErr> {
    FamilyRow::find_by_statement(stmt(
        "with live as (
           select distinct family_id from refresh_tokens
            where user_id = $1 and revoked_at is null and used_at is null and expires_at > now()
         )
         select f.family_id, f.user_agent, f.ip, f.first_at as created_at, f.last_at as last_used_at from (
           select distinct on (r.family_id) r.family_id, r.user_agent, r.ip,
                  min(r.created_at) over (partition by r.family_id) as first_at,
                  max(r.created_at) over (partition by r.family_id) as last_at
             from refresh_tokens r join live using (family_id)
            where r.user_id = $1
            order by r.family_id, r.created_at desc
         ) f order by f.last_at desc",
        [user_id.into()],
    ))
    .all(c)
    .await
}

/// Ends one of this person's sessions; false when it is not theirs or already ended.
pub async fn revoke_own_family<C: ConnectionTrait>(c: &C, user_id: Uuid, family_id: Uuid) -> Result<bool, DbErr> {
    let r = c
        .execute_raw(stmt(
            "update refresh_tokens set revoked_at = now()
             where user_id = $1 and family_id = $2 and revoked_at is null and expires_at > now()",
            [user_id.into(), family_id.into()],
        ))
        .await?;
    Ok(r.rows_affected() > 0)
}

/// Ends every session of this person but `keep` (the caller's own, when known).
pub async fn revoke_others<C: ConnectionTrait>(c: &C, user_id: Uuid, keep: Option<Uuid>) -> Result<u64, DbErr> {
    let r = c
        .execute_raw(stmt(
            "update refresh_tokens set revoked_at = now()
             where user_id = $1 and revoked_at is null and ($2::uuid is null or family_id <> $2)",
            [user_id.into(), keep.into()],
        ))
        .await?;
    Ok(r.rows_affected())
}

/// Whether the person had any session in the last 90 days, and one from this user agent and address.
pub async fn device_seen<C: ConnectionTrait>(
    c: &C,
    user_id: Uuid,
    user_agent: Option<&str>,
    ip: Option<&str>,
) -> Result<(bool, bool), DbErr> {
    let ua: Option<String> = user_agent.map(|s| s.chars().take(300).collect());
    let row = c
        .query_one_raw(stmt(
            "select exists(select 1 from refresh_tokens where user_id = $1 and created_at > now() - interval '90 days') as any,
                    exists(select 1 from refresh_tokens where user_id = $1 and created_at > now() - interval '90 days'
                             and user_agent is not distinct from $2 and ip is not distinct from $3) as seen",
            [user_id.into(), ua.into(), ip.map(str::to_owned).into()],
        ))
        .await?;
    match row {
        Some(r) => Ok((r.try_get("", "any")?, r.try_get("", "seen")?)),
        None => Ok((false, false)),
    }
}
