//! The narrow path around row-level security, on the BYPASSRLS pool. Only two kinds of caller:
//! sign-in (which tenants does this person belong to?) and the platform admin. Every function here
//! is read-mostly and named for its one purpose; nothing else may reach `Db::system`.

use super::{PageReq, like_pattern, stmt};
use crate::Db;
use chrono::{DateTime, Utc};
use sea_orm::{DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct MembershipOfUser {
    pub tenant_id: Uuid,
    pub tenant_name: String,
    pub tenant_slug: String,
    pub tenant_status: String,
    pub tenant_created_at: DateTime<Utc>,
    pub role: String,
    pub status: String,
}

/// Every tenant a person belongs to, oldest membership first, with what a session shows of each.
pub async fn memberships_of_user(db: &Db, user_id: Uuid) -> Result<Vec<MembershipOfUser>, DbErr> {
    MembershipOfUser::find_by_statement(stmt(
        "select m.tenant_id, t.name as tenant_name, t.slug as tenant_slug, t.status as tenant_status,
                t.created_at as tenant_created_at, m.role, m.status
         from memberships m join tenants t on t.id = m.tenant_id
         where m.user_id = $1 order by m.created_at",
        [user_id.into()],
    ))
    .all(db.system())
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct AdminTenantRow {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub member_count: i64,
    pub owner_email: Option<String>,
}

const ADMIN_TENANT_SELECT: &str = "select t.id, t.name, t.slug, t.status, t.created_at,
        (select count(*) from memberships m where m.tenant_id = t.id) as member_count,
        (select u.email from memberships m join users u on u.id = m.user_id
          where m.tenant_id = t.id and m.role = 'owner' order by m.created_at limit 1) as owner_email
    from tenants t";

pub async fn admin_tenants(db: &Db, q: Option<&str>, page: PageReq) -> Result<(Vec<AdminTenantRow>, u64), DbErr> {
    let pattern = q.filter(|s| !s.trim().is_empty()).map(|s| like_pattern(s.trim()));
    let filter = "($1::text is null or t.name ilike $1 or t.slug ilike $1)";
    let rows = AdminTenantRow::find_by_statement(stmt(
        &format!("{ADMIN_TENANT_SELECT} where {filter} order by t.created_at desc limit $2 offset $3"),
        [pattern.clone().into(), page.limit().into(), page.offset().into()],
    ))
    .all(db.system())
    .await?;
    let total =
        super::count(db.system(), &format!("select count(*) as n from tenants t where {filter}"), [pattern.into()])
            .await?;
    Ok((rows, total))
}

pub async fn admin_tenant(db: &Db, id: Uuid) -> Result<Option<AdminTenantRow>, DbErr> {
    AdminTenantRow::find_by_statement(stmt(&format!("{ADMIN_TENANT_SELECT} where t.id = $1"), [id.into()]))
        .one(db.system())
        .await
}

pub async fn admin_update_tenant(db: &Db, id: Uuid, name: Option<&str>, status: Option<&str>) -> Result<bool, DbErr> {
    use sea_orm::ConnectionTrait;
    let r = db
        .system()
        .execute_raw(stmt(
            "update tenants set name = coalesce($2, name), status = coalesce($3, status), updated_at = now() where id = $1",
            [id.into(), name.map(str::to_owned).into(), status.map(str::to_owned).into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct PlatformStats {
    pub tenants: i64,
    pub active_tenants: i64,
    pub users: i64,
}

pub async fn stats(db: &Db) -> Result<PlatformStats, DbErr> {
    let row = PlatformStats::find_by_statement(stmt(
        "select (select count(*) from tenants) as tenants,
                (select count(*) from tenants where status = 'active') as active_tenants,
                (select count(*) from users) as users",
        [],
    ))
    .one(db.system())
    .await?;
    row.ok_or_else(|| DbErr::RecordNotFound("stats".into()))
}

/// Whether any tenant uses this slug (sign-up picks another if so).
pub async fn slug_taken(db: &Db, slug: &str) -> Result<bool, DbErr> {
    Ok(super::count(db.system(), "select count(*) as n from tenants where slug = $1", [slug.into()]).await? > 0)
}

pub async fn revoke_tenant_sessions(db: &Db, tenant_id: Uuid) -> Result<(), DbErr> {
    use sea_orm::ConnectionTrait;
    db.system()
        .execute_raw(stmt(
            "update refresh_tokens set revoked_at = now() where tenant_id = $1 and revoked_at is null",
            [tenant_id.into()],
        ))
        .await
        .map(|_| ())
}
