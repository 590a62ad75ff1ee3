//! Members as the inbox sees them: chosen availability, capacity, open conversations, and the pick
//! that routes a conversation to one of them.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct AgentRow {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: String,
    pub availability: String,
    pub capacity: Option<i32>,
    pub open_conversations: i64,
    pub last_seen_at: Option<DateTime<Utc>>,
}

const SELECT: &str = "select m.user_id, u.name, u.email, m.role, m.availability, m.capacity, m.last_seen_at,
        (select count(*) from conversations c where c.assignee_id = m.user_id and c.status in ('open', 'pending'))
            as open_conversations
    from memberships m join users u on u.id = m.user_id";

/// A membership that has not run out (support entries end by themselves).
const CURRENT: &str = "(m.expires_at is null or m.expires_at > now())";

/// Active members, by name.
pub async fn list(tx: &TenantTx) -> Result<Vec<AgentRow>, DbErr> {
    AgentRow::find_by_statement(stmt(
        &format!("{SELECT} where m.status = 'active' and {CURRENT} order by lower(u.name)"),
        [],
    ))
    .all(&tx.tx)
    .await
}

pub async fn get(tx: &TenantTx, user_id: Uuid) -> Result<Option<AgentRow>, DbErr> {
    AgentRow::find_by_statement(stmt(
        &format!("{SELECT} where m.user_id = $1 and m.status = 'active'"),
        [user_id.into()],
    ))
    .one(&tx.tx)
    .await
}

pub async fn set_availability(tx: &TenantTx, user_id: Uuid, availability: &str) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update memberships set availability = $2, last_seen_at = now(), updated_at = now() where user_id = $1",
            [user_id.into(), availability.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_capacity(tx: &TenantTx, user_id: Uuid, capacity: Option<i32>) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update memberships set capacity = $2, updated_at = now() where user_id = $1 and status = 'active'",
            [user_id.into(), capacity.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Appends to the availability history analytics counts time online, away and busy from.
pub async fn log_status(tx: &TenantTx, user_id: Uuid, status: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into agent_status_changes (tenant_id, user_id, status) values ($1, $2, $3)",
        [tx.tenant_id.0.into(), user_id.into(), status.into()],
    ))
    .await?;
    Ok(())
}

pub async fn touch(tx: &TenantTx, user_id: Uuid) -> Result<(), DbErr> {
    tx.execute_raw(stmt("update memberships set last_seen_at = now() where user_id = $1", [user_id.into()])).await?;
    Ok(())
}

#[derive(FromQueryResult)]
struct Picked {
    user_id: Uuid,
}

/// Picks who gets the next conversation among `online` members who chose to be online and are below
/// capacity, and records the pick: round-robin takes the one routed to least recently, least-busy the
/// one with the fewest open conversations. The row lock serialises concurrent picks.
pub async fn pick(
    tx: &TenantTx,
    online: &[Uuid],
    least_busy: bool,
    default_capacity: i32,
) -> Result<Option<Uuid>, DbErr> {
    if online.is_empty() {
        return Ok(None);
    }
    let order = if least_busy {
        "open_count, m.last_assigned_at nulls first, m.user_id"
    } else {
        "m.last_assigned_at nulls first, m.user_id"
    };
    let picked = Picked::find_by_statement(stmt(
        &format!(
            "with candidates as (
                select m.user_id, m.last_assigned_at,
                    (select count(*) from conversations c where c.assignee_id = m.user_id
                        and c.status in ('open', 'pending')) as open_count,
                    coalesce(m.capacity, $2) as cap
                from memberships m
                -- An agency's support entry is a visit, not a seat: it is never routed conversations.
                where m.status = 'active' and m.availability = 'online' and m.user_id = any($1)
                  and m.support_agency_id is null)
             select m.user_id from candidates m where m.open_count < m.cap order by {order} limit 1"
        ),
        [online.to_vec().into(), default_capacity.into()],
    ))
    .one(&tx.tx)
    .await?;
    let Some(p) = picked else { return Ok(None) };
    // Taking the row lock here orders two concurrent routings: the second waits, then sees this one.
    tx.execute_raw(stmt(
        "update memberships set last_assigned_at = clock_timestamp() where user_id = $1",
        [p.user_id.into()],
    ))
    .await?;
    Ok(Some(p.user_id))
}
