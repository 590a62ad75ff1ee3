//! Memberships (a user's role in one tenant), read joined with the user for the team pages.

use crate::TenantTx;
use crate::entities::memberships::{ActiveModel, Model};
use crate::repo::{PageReq, count, like_pattern, stmt};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, FromQueryResult, Set};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct MemberRow {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub role: String,
    pub status: String,
    pub joined_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// An agency's support entry (docs/agencies.md): when it ends by itself.
    pub support_until: Option<DateTime<Utc>>,
}

const MEMBER_SELECT: &str =
    "select m.user_id, u.email, u.name, m.role, m.status, m.created_at as joined_at, u.last_login_at,
            case when m.support_agency_id is not null then m.expires_at end as support_until
    from memberships m join users u on u.id = m.user_id";

/// A membership that has not run out (support entries end by themselves; an expired one is nobody).
const CURRENT: &str = "(m.expires_at is null or m.expires_at > now())";

pub async fn insert(tx: &TenantTx, user_id: Uuid, role: &str) -> Result<Model, DbErr> {
    let now = Utc::now();
    ActiveModel {
        tenant_id: Set(tx.tenant_id.0),
        user_id: Set(user_id),
        role: Set(role.to_owned()),
        status: Set("active".into()),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&tx.tx)
    .await
}

pub async fn find(tx: &TenantTx, user_id: Uuid) -> Result<Option<MemberRow>, DbErr> {
    MemberRow::find_by_statement(stmt(&format!("{MEMBER_SELECT} where m.user_id = $1 and {CURRENT}"), [user_id.into()]))
        .one(&tx.tx)
        .await
}

/// The member with this address, if the person belongs to this tenant.
pub async fn find_by_email(tx: &TenantTx, email: &str) -> Result<Option<MemberRow>, DbErr> {
    MemberRow::find_by_statement(stmt(&format!("{MEMBER_SELECT} where lower(u.email) = lower($1)"), [email.into()]))
        .one(&tx.tx)
        .await
}

pub async fn page(tx: &TenantTx, q: Option<&str>, page: PageReq) -> Result<(Vec<MemberRow>, u64), DbErr> {
    let pattern = q.filter(|s| !s.trim().is_empty()).map(|s| like_pattern(s.trim()));
    let filter = format!("($1::text is null or u.email ilike $1 or u.name ilike $1) and {CURRENT}");
    let rows = MemberRow::find_by_statement(stmt(
        &format!("{MEMBER_SELECT} where {filter} order by m.created_at, u.email limit $2 offset $3"),
        [pattern.clone().into(), page.limit().into(), page.offset().into()],
    ))
    .all(&tx.tx)
    .await?;
    let total = count(
        &tx.tx,
        &format!("select count(*) as n from memberships m join users u on u.id = m.user_id where {filter}"),
        [pattern.into()],
    )
    .await?;
    Ok((rows, total))
}

pub async fn set_role(tx: &TenantTx, user_id: Uuid, role: &str) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update memberships set role = $2, updated_at = now() where user_id = $1",
            [user_id.into(), role.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_status(tx: &TenantTx, user_id: Uuid, status: &str) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update memberships set status = $2, updated_at = now() where user_id = $1",
            [user_id.into(), status.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete(tx: &TenantTx, user_id: Uuid) -> Result<bool, DbErr> {
    let r = tx.execute_raw(stmt("delete from memberships where user_id = $1", [user_id.into()])).await?;
    Ok(r.rows_affected() == 1)
}

pub async fn count_active_owners(tx: &TenantTx) -> Result<u64, DbErr> {
    count(&tx.tx, "select count(*) as n from memberships where role = 'owner' and status = 'active'", []).await
}

pub async fn count_all(tx: &TenantTx) -> Result<u64, DbErr> {
    count(&tx.tx, "select count(*) as n from memberships", []).await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Seat {
    pub role: String,
    pub status: String,
    pub tenant_status: String,
    /// The subscription's dunning state (`ok` .. `suspended`); None without a subscription.
    pub access: Option<String>,
}

/// A member's current role and standing, read on every tenant request so that a change of role or a
/// disabled account takes effect at once rather than when the access token expires. A support entry that ran out
/// is no seat: its next request is refused, whatever its access token says.
pub async fn seat(tx: &TenantTx, user_id: Uuid) -> Result<Option<Seat>, DbErr> {
    Seat::find_by_statement(stmt(
        "select m.role, m.status, t.status as tenant_status, s.access
         from memberships m join tenants t on t.id = m.tenant_id left join subscriptions s on s.tenant_id = t.id
         where m.user_id = $1 and (m.expires_at is null or m.expires_at > now())",
        [user_id.into()],
    ))
    .one(&tx.tx)
    .await
}
