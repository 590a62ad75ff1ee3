//! A contact's history: its own events (created, imported, fields, consent, labels, merges) and, read
//! where they live, its conversations, notes, deals and tickets — one query, newest first.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct TimelineRow {
    pub kind: String,
    pub at: DateTime<Utc>,
    pub title: String,
    pub detail: Option<String>,
    pub actor_name: Option<String>,
    pub ref_id: Option<Uuid>,
}

/// Records something that happened to contacts (one row each), in the caller's transaction.
pub async fn record(
    tx: &TenantTx,
    contact_ids: &[Uuid],
    kind: &str,
    title: &str,
    detail: Option<&str>,
    actor: Option<Uuid>,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into contact_events (id, tenant_id, contact_id, kind, title, detail, actor_id)
         select parley_uuid_v7(), $1, c, $2, $3, $4, $5 from unnest($6::uuid[]) c",
        [
            tx.tenant_id.0.into(),
            kind.into(),
            title.into(),
            detail.map(str::to_owned).into(),
            actor.into(),
            contact_ids.to_vec().into(),
        ],
    ))
    .await?;
    Ok(())
}

pub async fn of_contact(tx: &TenantTx, contact_id: Uuid, limit: i64) -> Result<Vec<TimelineRow>, DbErr> {
    TimelineRow::find_by_statement(stmt(
        "select * from (
           select e.kind, e.created_at as at, e.title, e.detail, u.name as actor_name, null::uuid as ref_id
             from contact_events e left join users u on u.id = e.actor_id where e.contact_id = $1
           union all
           select 'conversation', v.created_at, w.name, v.last_message_preview, null, v.id
             from conversations v join whatsapp_connections w on w.id = v.connection_id where v.contact_id = $1
           union all
           select 'note', m.created_at, 'note', m.content ->> 'text', u.name, m.conversation_id
             from messages m join conversations v on v.id = m.conversation_id
             left join users u on u.id = m.sender_user_id
            where v.contact_id = $1 and m.direction = 'note'
           union all
           select 'deal', d.created_at, d.title, s.name || ' · ' || d.value::text || ' ' || d.currency, u.name, d.id
             from deals d join pipeline_stages s on s.id = d.stage_id left join users u on u.id = d.created_by
            where d.contact_id = $1
           union all
           select 'ticket', t.created_at, '#' || t.number || ' ' || t.subject, t.status, u.name, t.id
             from tickets t left join users u on u.id = t.created_by where t.contact_id = $1
         ) x order by at desc limit $2",
        [contact_id.into(), limit.into()],
    ))
    .all(&tx.tx)
    .await
}
