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
    /// The owner asks every member to sign in with a second factor.
    pub require_two_factor: bool,
    /// The workspace resells Parley to clients (it has an `agencies` row).
    pub is_agency: bool,
    /// The agency this workspace is a client of.
    pub agency_id: Option<Uuid>,
    /// An agency's support entry (docs/agencies.md): the agency and when the entry ends by itself.
    pub support_agency_id: Option<Uuid>,
    pub support_agency_name: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Every tenant a person belongs to, oldest membership first, with what a session shows of each. A membership
/// that ran out (a support entry) is left out, so neither sign-in, a switch nor a refresh can pick it.
pub async fn memberships_of_user(db: &Db, user_id: Uuid) -> Result<Vec<MembershipOfUser>, DbErr> {
    MembershipOfUser::find_by_statement(stmt(
        "select m.tenant_id, t.name as tenant_name, t.slug as tenant_slug, t.status as tenant_status,
                t.created_at as tenant_created_at, m.role, m.status,
                t.require_two_factor, exists (select 1 from agencies a where a.tenant_id = t.id) as is_agency,
                t.agency_id, m.support_agency_id, sa.name as support_agency_name, m.expires_at
         from memberships m join tenants t on t.id = m.tenant_id left join tenants sa on sa.id = m.support_agency_id
         where m.user_id = $1 and (m.expires_at is null or m.expires_at > now()) order by m.created_at",
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

#[derive(Debug, Clone, FromQueryResult)]
pub struct TenantHour {
    pub tenant_id: Uuid,
    pub hour: DateTime<Utc>,
}

/// For analytics: the hours before `before` that messages inserted since `since` belong to, in every tenant (a
/// customer's message WhatsApp delivered late, history imported): the rollup redoes them. Message ids are
/// time-ordered (v7), so this reads only the newest entries of the primary key.
pub async fn late_message_hours(
    db: &Db,
    since: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Result<Vec<TenantHour>, DbErr> {
    // The smallest v7 id of `since`'s millisecond: its 48-bit timestamp, then zeros.
    let mut bytes = [0u8; 16];
    bytes[..6].copy_from_slice(&(since.timestamp_millis().max(0) as u64).to_be_bytes()[2..]);
    TenantHour::find_by_statement(stmt(
        "select distinct tenant_id, date_trunc('hour', created_at) as hour from messages
          where id >= $1 and created_at < $2",
        [Uuid::from_bytes(bytes).into(), before.into()],
    ))
    .all(db.system())
    .await
}

#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct PlatformFigures {
    pub tenants: i64,
    pub active_tenants: i64,
    pub suspended_tenants: i64,
    pub new_tenants_30d: i64,
    pub webhooks_24h: i64,
    pub webhook_errors_24h: i64,
    pub sends_24h: i64,
    pub send_errors_24h: i64,
}

/// For the platform admin's analytics: tenants, webhook events and sends (the latter from the rollups).
pub async fn platform_figures(db: &Db) -> Result<PlatformFigures, DbErr> {
    Ok(PlatformFigures::find_by_statement(stmt(
        "select (select count(*) from tenants) as tenants,
                (select count(*) from tenants where status = 'active') as active_tenants,
                (select count(*) from tenants where status = 'suspended') as suspended_tenants,
                (select count(*) from tenants where created_at > now() - interval '30 days') as new_tenants_30d,
                w.total as webhooks_24h, w.failed as webhook_errors_24h,
                coalesce(h.out, 0) as sends_24h, coalesce(h.failed, 0) as send_errors_24h
           from (select count(*) as total, count(*) filter (where status = 'failed') as failed
                   from webhook_events where received_at > now() - interval '24 hours') w,
                (select sum(messages_out)::bigint as out, sum(messages_failed)::bigint as failed
                   from analytics_hourly
                  where label_id = '00000000-0000-0000-0000-000000000000'
                    and hour >= date_trunc('hour', now()) - interval '24 hours') h",
        [],
    ))
    .one(db.system())
    .await?
    .unwrap_or_default())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct KeyAmount {
    pub key: String,
    pub amount: f64,
}

/// Monthly recurring revenue per currency (paying subscriptions; quarterly and annual prices spread per month).
pub async fn platform_mrr(db: &Db) -> Result<Vec<KeyAmount>, DbErr> {
    KeyAmount::find_by_statement(stmt(
        "select upper(p.currency) as key,
                (sum(case s.cycle when 'monthly' then pp.amount when 'quarterly' then pp.amount / 3.0
                                  else pp.amount / 12.0 end) / 100.0)::float8 as amount
           from subscriptions s join plans p on p.id = s.plan_id
           join plan_prices pp on pp.plan_id = s.plan_id and pp.cycle = s.cycle
          where s.status in ('active', 'past_due') and not s.complimentary
          group by 1 order by 1",
        [],
    ))
    .all(db.system())
    .await
}

/// Subscriptions (trialing, active, past due) per plan.
pub async fn platform_plan_mix(db: &Db) -> Result<Vec<KeyAmount>, DbErr> {
    KeyAmount::find_by_statement(stmt(
        "select p.name as key, count(*)::float8 as amount
           from subscriptions s join plans p on p.id = s.plan_id
          where s.status in ('trialing', 'active', 'past_due')
          group by p.name order by 2 desc, 1",
        [],
    ))
    .all(db.system())
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct DayVolume {
    pub day: chrono::NaiveDate,
    pub messages: i64,
}

/// Messages in and out per UTC day across the platform, the last `days` days (from the rollups).
pub async fn platform_messages_per_day(db: &Db, days: i32) -> Result<Vec<DayVolume>, DbErr> {
    DayVolume::find_by_statement(stmt(
        "select (hour at time zone 'UTC')::date as day, sum(messages_in + messages_out)::bigint as messages
           from analytics_hourly
          where label_id = '00000000-0000-0000-0000-000000000000'
            and hour >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' - make_interval(days => $1 - 1)
          group by 1 order by 1",
        [days.into()],
    ))
    .all(db.system())
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct TenantVolumeRow {
    pub tenant_id: Uuid,
    pub name: String,
    pub messages: i64,
}

/// The tenants with the most messages in the last 30 days.
pub async fn platform_top_tenants(db: &Db, limit: i64) -> Result<Vec<TenantVolumeRow>, DbErr> {
    TenantVolumeRow::find_by_statement(stmt(
        "select t.id as tenant_id, t.name, sum(h.messages_in + h.messages_out)::bigint as messages
           from analytics_hourly h join tenants t on t.id = h.tenant_id
          where h.label_id = '00000000-0000-0000-0000-000000000000' and h.hour >= now() - interval '30 days'
          group by t.id, t.name order by 3 desc, t.name limit $1",
        [limit.into()],
    ))
    .all(db.system())
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct WeeklyReportRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    pub tenant_name: String,
    pub timezone: String,
    pub weekday: i32,
    pub hour: i32,
    pub last_sent_at: Option<DateTime<Utc>>,
}

/// Weekly analytics mails not sent in the last six days, of active members of active tenants (the caller picks
/// the ones due at this hour of their time zone).
pub async fn weekly_reports(db: &Db) -> Result<Vec<WeeklyReportRow>, DbErr> {
    WeeklyReportRow::find_by_statement(stmt(
        "select r.id, r.tenant_id, r.user_id, u.email, u.name, t.name as tenant_name,
                coalesce(s.timezone, 'UTC') as timezone, r.weekday, r.hour, r.last_sent_at
           from analytics_reports r join users u on u.id = r.user_id join tenants t on t.id = r.tenant_id
           join memberships m on m.tenant_id = r.tenant_id and m.user_id = r.user_id and m.status = 'active'
           left join inbox_settings s on s.tenant_id = r.tenant_id
          where t.status = 'active' and (r.last_sent_at is null or r.last_sent_at < now() - interval '6 days')",
        [],
    ))
    .all(db.system())
    .await
}
