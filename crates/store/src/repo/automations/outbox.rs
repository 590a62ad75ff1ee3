//! The durable outbox of domain events: written in the change's own transaction, and only for kinds an enabled
//! webhook endpoint or automation listens to, each with one delivery per listening endpoint and, when a rule
//! listens, one entry in the automation queue.

use crate::TenantTx;
use crate::repo::stmt;
use sea_orm::{DbErr, FromQueryResult};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
struct Kind {
    kind: String,
}

/// The event kinds the workspace's enabled endpoints and enabled automations listen to.
pub async fn listened(tx: &TenantTx) -> Result<Vec<String>, DbErr> {
    Ok(Kind::find_by_statement(stmt(
        "select unnest(events) as kind from webhook_endpoints where enabled
         union select unnest(events) as kind from automations where enabled",
        [],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|k| k.kind)
    .collect())
}

/// What one `record` queued.
#[derive(Debug, Clone, Copy, Default, FromQueryResult)]
pub struct Recorded {
    pub deliveries: i64,
    pub automations: i64,
}

/// Why events were produced: an automation's actions (`rule`) at `depth` rules down a chain.
#[derive(Debug, Clone, Copy)]
pub struct Cause {
    pub rule: Uuid,
    pub depth: i32,
}

/// Records events (in order) that an enabled endpoint or rule listens to, with their deliveries and automation
/// queue entries. A nil subject is none (no order to keep). One statement whatever the number of events,
/// endpoints and rules.
pub async fn record(
    tx: &TenantTx,
    kinds: &[String],
    subjects: &[Uuid],
    payloads: &[Value],
    cause: Option<Cause>,
) -> Result<Recorded, DbErr> {
    let r = Recorded::find_by_statement(stmt(
        "with ev as (
           insert into domain_events (tenant_id, kind, subject_id, payload)
           select $4, e.kind, nullif(e.subject, '00000000-0000-0000-0000-000000000000'::uuid), e.payload
             from unnest($1::text[], $2::uuid[], $3::jsonb[]) with ordinality as e(kind, subject, payload, n)
            where exists (select 1 from webhook_endpoints w where w.enabled and w.events @> array[e.kind])
               or exists (select 1 from automations a where a.enabled and a.events @> array[e.kind])
            order by e.n
           returning id, kind, subject_id
         ), d as (
           insert into webhook_deliveries (tenant_id, endpoint_id, event_id, subject_id)
           select $4, w.id, ev.id, ev.subject_id
             from ev join webhook_endpoints w on w.enabled and w.events @> array[ev.kind]
            order by ev.id, w.id
           returning 1
         ), q as (
           insert into automation_queue (tenant_id, event_id, caused_by, depth)
           select $4, ev.id, $5, $6 from ev
            where exists (select 1 from automations a where a.enabled and a.events @> array[ev.kind])
            order by ev.id
           returning 1
         )
         select (select count(*) from d) as deliveries, (select count(*) from q) as automations",
        [
            kinds.to_vec().into(),
            subjects.to_vec().into(),
            payloads.to_vec().into(),
            tx.tenant_id.0.into(),
            cause.map(|c| c.rule).into(),
            cause.map_or(0, |c| c.depth).into(),
        ],
    ))
    .one(&tx.tx)
    .await?;
    Ok(r.unwrap_or_default())
}
