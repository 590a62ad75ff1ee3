//! The durable outbox of domain events: written in the change's own transaction, and only for kinds an enabled
//! endpoint listens to, each with one delivery per listening endpoint.

use crate::TenantTx;
use crate::repo::stmt;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
struct Kind {
    kind: String,
}

/// The event kinds the workspace's enabled endpoints listen to.
pub async fn listened(tx: &TenantTx) -> Result<Vec<String>, DbErr> {
    Ok(Kind::find_by_statement(stmt("select distinct unnest(events) as kind from webhook_endpoints where enabled", []))
        .all(&tx.tx)
        .await?
        .into_iter()
        .map(|k| k.kind)
        .collect())
}

/// Records events (in order) that an enabled endpoint listens to, with their deliveries; answers how many
/// deliveries were queued. A nil subject is none (no order to keep). One statement whatever the number of events and endpoints.
pub async fn record(tx: &TenantTx, kinds: &[String], subjects: &[Uuid], payloads: &[Value]) -> Result<u64, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "with ev as (
               insert into domain_events (tenant_id, kind, subject_id, payload)
               select $4, e.kind, nullif(e.subject, '00000000-0000-0000-0000-000000000000'::uuid), e.payload
                 from unnest($1::text[], $2::uuid[], $3::jsonb[]) with ordinality as e(kind, subject, payload, n)
                where exists (select 1 from webhook_endpoints w where w.enabled and w.events @> array[e.kind])
                order by e.n
               returning id, kind, subject_id
             )
             insert into webhook_deliveries (tenant_id, endpoint_id, event_id, subject_id)
             select $4, w.id, ev.id, ev.subject_id
               from ev join webhook_endpoints w on w.enabled and w.events @> array[ev.kind]
              order by ev.id, w.id",
            [kinds.to_vec().into(), subjects.to_vec().into(), payloads.to_vec().into(), tx.tenant_id.0.into()],
        ))
        .await?;
    Ok(r.rows_affected())
}
