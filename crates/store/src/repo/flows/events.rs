//! The per-contact queue of what flows must react to. Writers append; the runner takes a contact under a
//! transaction-level advisory lock and applies its events oldest first, deleting each in the transaction that
//! applied it, so no event is lost, none is applied twice, and one contact's events never run side by side.

use crate::repo::stmt;
use crate::{Db, TenantTx};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct EventRow {
    pub id: i64,
    pub contact_id: Uuid,
    pub conversation_id: Option<Uuid>,
    pub kind: String,
    pub run_id: Option<Uuid>,
    pub payload: Value,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

pub struct NewEvent<'a> {
    pub contact_id: Uuid,
    pub conversation_id: Option<Uuid>,
    pub kind: &'a str,
    pub run_id: Option<Uuid>,
    pub payload: &'a Value,
}

pub async fn push(tx: &TenantTx, e: &NewEvent<'_>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into flow_events (tenant_id, contact_id, conversation_id, kind, run_id, payload)
         values ($1, $2, $3, $4, $5, $6)",
        [
            tx.tenant_id.0.into(),
            e.contact_id.into(),
            e.conversation_id.into(),
            e.kind.into(),
            e.run_id.into(),
            e.payload.clone().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Appends one inbound event per message (a batch of webhooks in one statement).
pub async fn push_inbound(
    tx: &TenantTx,
    contacts: &[Uuid],
    conversations: &[Uuid],
    payloads: &[Value],
) -> Result<(), DbErr> {
    if contacts.is_empty() {
        return Ok(());
    }
    tx.execute_raw(stmt(
        "insert into flow_events (tenant_id, contact_id, conversation_id, kind, payload)
         select $1, c, v, 'inbound', p from unnest($2::uuid[], $3::uuid[], $4::jsonb[]) with ordinality as e(c, v, p, o)
          order by o",
        [tx.tenant_id.0.into(), contacts.to_vec().into(), conversations.to_vec().into(), payloads.to_vec().into()],
    ))
    .await?;
    Ok(())
}

/// Contacts with events due, across tenants, oldest first (the system pool: the runner then works in each
/// tenant's own transaction).
#[derive(Debug, Clone, FromQueryResult)]
pub struct DueContact {
    pub tenant_id: Uuid,
    pub contact_id: Uuid,
}

pub async fn due_contacts(db: &Db, limit: i64) -> Result<Vec<DueContact>, DbErr> {
    DueContact::find_by_statement(stmt(
        "select tenant_id, contact_id from flow_events where available_at <= now()
          group by tenant_id, contact_id order by min(id) limit $1",
        [limit.into()],
    ))
    .all(db.system())
    .await
}

/// Takes the contact for this transaction; false when another worker holds it (it will apply the events).
pub async fn try_lock_contact(tx: &TenantTx, contact_id: Uuid) -> Result<bool, DbErr> {
    #[derive(FromQueryResult)]
    struct Locked {
        locked: bool,
    }
    Ok(Locked::find_by_statement(stmt(
        "select pg_try_advisory_xact_lock(7411, hashtext($1::text)) as locked",
        [contact_id.to_string().into()],
    ))
    .one(&tx.tx)
    .await?
    .is_some_and(|l| l.locked))
}

/// The contact's oldest event, due or not: a later event never overtakes an earlier one waiting for a retry.
pub async fn oldest(tx: &TenantTx, contact_id: Uuid) -> Result<Option<(EventRow, bool)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        id: i64,
        contact_id: Uuid,
        conversation_id: Option<Uuid>,
        kind: String,
        run_id: Option<Uuid>,
        payload: Value,
        attempts: i32,
        created_at: DateTime<Utc>,
        due: bool,
    }
    Ok(Row::find_by_statement(stmt(
        "select id, contact_id, conversation_id, kind, run_id, payload, attempts, created_at, available_at <= now() as due
           from flow_events where contact_id = $1 order by id limit 1",
        [contact_id.into()],
    ))
    .one(&tx.tx)
    .await?
    .map(|r| {
        (
            EventRow {
                id: r.id,
                contact_id: r.contact_id,
                conversation_id: r.conversation_id,
                kind: r.kind,
                run_id: r.run_id,
                payload: r.payload,
                attempts: r.attempts,
                created_at: r.created_at,
            },
            r.due,
        )
    }))
}

pub async fn delete(tx: &TenantTx, id: i64) -> Result<(), DbErr> {
    tx.execute_raw(stmt("delete from flow_events where id = $1", [id.into()])).await?;
    Ok(())
}

/// A failed event waits `secs` before it is tried again (its contact's later events wait behind it).
pub async fn defer(tx: &TenantTx, id: i64, secs: i64) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update flow_events set attempts = attempts + 1, available_at = now() + make_interval(secs => $2)
          where id = $1",
        [id.into(), (secs as f64).into()],
    ))
    .await?;
    Ok(())
}

/// Turns every due wait and reply timeout into a timer event on its contact's queue, in one statement (the
/// run's wake is cleared in the same statement, so a timer fires once). Answers how many fired.
pub async fn fire_due_timers(db: &Db, limit: i64) -> Result<u64, DbErr> {
    Ok(db
        .system()
        .execute_raw(stmt(
            "with due as (
               update flow_runs r set wake_at = null
                where r.id in (select id from flow_runs where wake_at <= now() and not sandbox
                                order by wake_at limit $1 for update skip locked)
                returning r.tenant_id, r.id, r.contact_id, r.conversation_id, r.wake_token)
             insert into flow_events (tenant_id, contact_id, conversation_id, kind, run_id, payload)
             select tenant_id, contact_id, conversation_id, 'timer', id, jsonb_build_object('token', wake_token)
               from due where contact_id is not null",
            [limit.into()],
        ))
        .await?
        .rows_affected())
}

/// Events waiting, across tenants (the flows benchmark watches this reach zero).
pub async fn pending(db: &Db) -> Result<u64, DbErr> {
    crate::repo::count(db.system(), "select count(*) as n from flow_events", []).await
}
