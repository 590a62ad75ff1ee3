//! The narrow path around row-level security, on the BYPASSRLS pool. Only two kinds of caller:
//! sign-in (which tenants does this person belong to?) and the platform admin. Every function here
//! is read-mostly and named for its one purpose; nothing else may reach `Db::system`.

use crate::Db;
use crate::repo::automations::webhooks::Outgoing;
use crate::repo::{PageReq, like_pattern, stmt};
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
    let total = crate::repo::count(
        db.system(),
        &format!("select count(*) as n from tenants t where {filter}"),
        [pattern.into()],
    )
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
    Ok(crate::repo::count(db.system(), "select count(*) as n from tenants where slug = $1", [slug.into()]).await? > 0)
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

/// What the webhook endpoint needs to authenticate a delivery before any tenant is known.
#[derive(Debug, Clone, FromQueryResult)]
pub struct WebhookTarget {
    pub tenant_id: Uuid,
    pub kind: String,
    pub credentials: Vec<u8>,
    pub verify_token: String,
    pub tenant_status: String,
}

pub async fn webhook_target(db: &Db, connection_id: Uuid) -> Result<Option<WebhookTarget>, DbErr> {
    WebhookTarget::find_by_statement(stmt(
        "select c.tenant_id, c.kind, c.credentials, c.verify_token, t.status as tenant_status
         from whatsapp_connections c join tenants t on t.id = c.tenant_id where c.id = $1",
        [connection_id.into()],
    ))
    .one(db.system())
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct ClaimedEvent {
    pub id: Uuid,
    pub tenant_id: Uuid,
}

/// Claims up to `limit` webhook events due for processing, across tenants, for `lease_secs`. Processing
/// then happens per tenant under row-level security; an expired lease (a crashed node) makes the event
/// claimable again.
pub async fn claim_webhook_events(db: &Db, limit: i64, lease_secs: i64) -> Result<Vec<ClaimedEvent>, DbErr> {
    ClaimedEvent::find_by_statement(stmt(
        "update webhook_events e set status = 'processing', attempts = attempts + 1,
            locked_until = now() + make_interval(secs => $2)
         where e.id in (select id from webhook_events
                        where status in ('received', 'processing') and locked_until <= now()
                        order by locked_until, id limit $1 for update skip locked)
         returning e.id, e.tenant_id",
        [limit.into(), (lease_secs as f64).into()],
    ))
    .all(db.system())
    .await
}

/// Claims up to `limit` outbound webhook deliveries that are due, across tenants, for `lease_secs`, and answers
/// what sending them needs (endpoint, secrets, event) from the same statement: a delivery leaves one round trip
/// after it is claimed. A delivery waits while an earlier one of the same subject to the same endpoint is
/// unsettled (order per conversation). Settling happens per tenant under row-level security; an expired lease
/// makes a delivery claimable again.
pub async fn claim_webhook_deliveries(db: &Db, limit: i64, lease_secs: i64) -> Result<Vec<Outgoing>, DbErr> {
    Outgoing::find_by_statement(stmt(
        "with claimed as (
           update webhook_deliveries d set state = 'sending', attempts = attempts + 1,
               locked_until = now() + make_interval(secs => $2)
            where d.id in (
              select x.id from webhook_deliveries x
               where x.state in ('pending', 'sending') and x.next_attempt_at <= now()
                 and (x.locked_until is null or x.locked_until <= now())
                 and not exists (select 1 from webhook_deliveries y
                                  where y.endpoint_id = x.endpoint_id and y.subject_id = x.subject_id and y.id < x.id
                                    and y.state in ('pending', 'sending'))
               order by x.id limit $1 for update skip locked)
            returning d.id, d.tenant_id, d.attempts, d.created_at, d.endpoint_id, d.event_id)
         select c.id, c.tenant_id, c.attempts, c.created_at, w.id as endpoint_id, w.url, w.enabled, w.secret,
                w.previous_secret, w.previous_secret_until, e.id as event_id, e.kind, e.payload,
                e.created_at as event_at
           from claimed c
           join webhook_endpoints w on w.id = c.endpoint_id
           join domain_events e on e.id = c.event_id
          order by c.id",
        [limit.into(), (lease_secs as f64).into()],
    ))
    .all(db.system())
    .await
}

/// Events not processed yet, across tenants (for the ingest benchmark and health figures).
pub async fn pending_webhook_events(db: &Db) -> Result<u64, DbErr> {
    crate::repo::count(
        db.system(),
        "select count(*) as n from webhook_events where status in ('received', 'processing')",
        [],
    )
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
struct TenantIdRow {
    id: Uuid,
}

/// Every tenant's id, for maintenance that then works tenant by tenant under row-level security
/// (re-sealing credentials after a key rotation).
pub async fn tenant_ids(db: &Db) -> Result<Vec<Uuid>, DbErr> {
    Ok(TenantIdRow::find_by_statement(stmt("select id from tenants order by created_at", []))
        .all(db.system())
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

/// Tenants with a snoozed conversation whose time has come (the snooze sweeper reopens them).
pub async fn tenants_with_due_snoozes(db: &Db) -> Result<Vec<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct T {
        tenant_id: Uuid,
    }
    Ok(T::find_by_statement(stmt(
        "select distinct tenant_id from conversations where status = 'snoozed' and snoozed_until <= now() limit 500",
        [],
    ))
    .all(db.system())
    .await?
    .into_iter()
    .map(|t| t.tenant_id)
    .collect())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct ClaimedAutomationEvent {
    pub id: i64,
    pub tenant_id: Uuid,
}

/// Claims up to `limit` kept events the automation worker has to match, across tenants, for `lease_secs`
/// (an expired lease makes one claimable again; each claim counts an attempt). Matching then happens per tenant
/// under row-level security.
pub async fn claim_automation_events(
    db: &Db,
    limit: i64,
    lease_secs: i64,
) -> Result<Vec<ClaimedAutomationEvent>, DbErr> {
    ClaimedAutomationEvent::find_by_statement(stmt(
        "update automation_queue q set locked_until = now() + make_interval(secs => $2), attempts = attempts + 1
          where q.id in (
            select x.id from automation_queue x
             where x.locked_until is null or x.locked_until <= now()
             order by x.id limit $1 for update skip locked)
         returning q.id, q.tenant_id",
        [limit.into(), (lease_secs as f64).into()],
    ))
    .all(db.system())
    .await
}

/// Tenants with an enabled timer or schedule automation (the automation sweeper visits them).
pub async fn tenants_with_timed_automations(db: &Db) -> Result<Vec<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct T {
        tenant_id: Uuid,
    }
    Ok(T::find_by_statement(stmt(
        "select distinct tenant_id from automations
          where enabled and trigger->>'kind' in ('noAgentReply', 'noCustomerReply', 'schedule')",
        [],
    ))
    .all(db.system())
    .await?
    .into_iter()
    .map(|t| t.tenant_id)
    .collect())
}
