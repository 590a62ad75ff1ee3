//! One contact's data for its export (everything about it, read where it lives) and its erasure (every personal
//! value removed in one transaction, the rows analytics count kept).

use super::json_rows;
use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

/// The JSON files of a contact's export, each an array of rows.
pub struct ContactHistory {
    pub events: serde_json::Value,
    pub conversations: serde_json::Value,
    pub messages: serde_json::Value,
    pub deals: serde_json::Value,
    pub tickets: serde_json::Value,
    /// The website widget's records of the contact as a visitor: what they gave, where they came from and browsed.
    pub website_visits: serde_json::Value,
}

pub async fn history(tx: &TenantTx, contact_id: Uuid) -> Result<ContactHistory, DbErr> {
    let c = [contact_id.into()];
    let events = json_rows(
        &tx.tx,
        "select e.id, e.kind, e.title, e.detail, e.created_at from contact_events e
          where e.contact_id = $1 order by e.created_at, e.id",
        c.clone(),
    )
    .await?;
    let conversations = json_rows(
        &tx.tx,
        "select v.id, v.connection_id, w.name as number_name, w.display_phone_number as number, v.status,
                v.created_at, v.last_message_at
           from conversations v join whatsapp_connections w on w.id = v.connection_id
          where v.contact_id = $1 order by v.created_at, v.id",
        c.clone(),
    )
    .await?;
    let messages = json_rows(
        &tx.tx,
        "select m.id, m.conversation_id, m.direction, m.type, m.content ->> 'text' as text, m.content, m.status,
                m.media_id, m.wa_message_id, m.reply_to_wa_id, m.created_at, m.sent_at, m.delivered_at, m.read_at,
                m.failed_at, m.redacted_at
           from messages m join conversations v on v.id = m.conversation_id
          where v.contact_id = $1 order by m.created_at, m.id",
        c.clone(),
    )
    .await?;
    let deals = json_rows(
        &tx.tx,
        "select d.id, d.title, d.value::text as value, d.currency, d.priority, d.status, p.name as pipeline,
                s.name as stage, d.expected_close_date, d.notes, d.conversation_id, d.created_at, d.updated_at,
                d.closed_at
           from deals d join pipelines p on p.id = d.pipeline_id join pipeline_stages s on s.id = d.stage_id
          where d.contact_id = $1 order by d.created_at, d.id",
        c.clone(),
    )
    .await?;
    let tickets = json_rows(
        &tx.tx,
        "select t.id, t.number, t.subject, t.description, t.status, t.priority, t.due_at, t.created_at,
                t.updated_at, t.resolved_at,
                coalesce((select jsonb_agg(jsonb_build_object('id', k.id, 'body', k.body, 'createdAt', k.created_at)
                                           order by k.created_at, k.id)
                            from ticket_comments k where k.ticket_id = t.id), '[]'::jsonb) as comments
           from tickets t where t.contact_id = $1 order by t.created_at, t.id",
        c.clone(),
    )
    .await?;
    let website_visits = json_rows(
        &tx.tx,
        "select v.id, v.ref, w.name as widget, v.name, v.email, v.phone, v.consent, v.context, v.pages,
                v.identified, v.first_seen_at, v.last_seen_at
           from widget_visitors v join widgets w on w.id = v.widget_id
          where v.contact_id = $1 order by v.first_seen_at, v.id",
        c,
    )
    .await?;
    Ok(ContactHistory { events, conversations, messages, deals, tickets, website_visits })
}

/// A stored file one of the contact's messages carries.
#[derive(Debug, Clone, FromQueryResult)]
pub struct MediaObject {
    pub id: Uuid,
    pub storage_key: String,
    pub mime_type: Option<String>,
    pub filename: Option<String>,
    pub size_bytes: Option<i64>,
}

pub async fn media(tx: &TenantTx, contact_id: Uuid) -> Result<Vec<MediaObject>, DbErr> {
    MediaObject::find_by_statement(stmt(
        "select distinct f.id, f.storage_key, f.mime_type, f.filename, f.size_bytes
           from messages m join conversations v on v.id = m.conversation_id join media_files f on f.id = m.media_id
          where v.contact_id = $1 and f.storage_key is not null and f.deleted_at is null
          order by f.id",
        [contact_id.into()],
    ))
    .all(&tx.tx)
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Locked {
    pub erased_at: Option<DateTime<Utc>>,
    pub phone: Option<String>,
    pub name: Option<String>,
    pub profile_name: Option<String>,
}

/// The contact, locked until the transaction ends (two erasures, or an erasure and an edit, go one after the other).
pub async fn lock(tx: &TenantTx, contact_id: Uuid) -> Result<Option<Locked>, DbErr> {
    Locked::find_by_statement(stmt(
        "select erased_at, phone, name, profile_name from contacts where id = $1 for update",
        [contact_id.into()],
    ))
    .one(&tx.tx)
    .await
}

pub async fn erased_at<C: ConnectionTrait>(c: &C, contact_id: Uuid) -> Result<Option<DateTime<Utc>>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        erased_at: Option<DateTime<Utc>>,
    }
    Ok(Row::find_by_statement(stmt("select erased_at from contacts where id = $1", [contact_id.into()]))
        .one(c)
        .await?
        .and_then(|r| r.erased_at))
}

/// How much an erasure changed (the audit entry's figures; no personal data).
#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct Erased {
    pub messages: i64,
    pub media: i64,
    pub deals: i64,
    pub tickets: i64,
    pub campaign_recipients: i64,
    pub skipped_recipients: i64,
}

/// Removes every personal value of a contact, in the caller's transaction (after `lock`). Message rows stay with
/// their direction, type, status and times (analytics count them); their content goes. Stored files are detached
/// and their keys queued in `media_deletions` for deletion once the transaction commits.
pub async fn erase(tx: &TenantTx, contact_id: Uuid, old_phone: Option<&str>) -> Result<Erased, DbErr> {
    let c = contact_id;
    let placeholder = format!("erased-{c}");
    let redacted = redact_messages(
        tx,
        "select m.id from messages m join conversations v on v.id = m.conversation_id
          where v.contact_id = $1 and m.redacted_at is null",
        [c.into()],
    )
    .await?;
    tx.execute_raw(stmt("update conversations set last_message_preview = null where contact_id = $1", [c.into()]))
        .await?;
    let deals = tx
        .execute_raw(stmt(
            "update deals set title = 'Erased contact', notes = null, updated_at = now() where contact_id = $1",
            [c.into()],
        ))
        .await?
        .rows_affected() as i64;
    tx.execute_raw(stmt(
        "update ticket_comments k set body = '[erased]' from tickets t where t.id = k.ticket_id and t.contact_id = $1",
        [c.into()],
    ))
    .await?;
    let tickets = tx
        .execute_raw(stmt(
            "update tickets set subject = 'Erased contact', description = null, updated_at = now() where contact_id = $1",
            [c.into()],
        ))
        .await?
        .rows_affected() as i64;
    // A running campaign skips the person (the sender only claims pending rows); every row forgets the number and
    // the template values (names, order numbers) it was to carry.
    let skipped = tx
        .execute_raw(stmt(
            "update campaign_recipients set status = 'skipped', error_code = 'contact_erased',
                    error_reason = 'The contact was erased before the message was sent.'
              where contact_id = $1 and status = 'pending'",
            [c.into()],
        ))
        .await?
        .rows_affected() as i64;
    let recipients = tx
        .execute_raw(stmt(
            "update campaign_recipients set phone = $2, vars = '{}' where contact_id = $1",
            [c.into(), placeholder.clone().into()],
        ))
        .await?
        .rows_affected() as i64;
    if let Some(p) = old_phone {
        tx.execute_raw(stmt("delete from campaign_csv_rows where phone = $1", [p.to_owned().into()])).await?;
    }
    // A flow talking to the person stops; what its steps saw and collected goes.
    tx.execute_raw(stmt(
        "update flow_runs set status = 'stopped', reason = 'contact_erased', wake_at = null, ended_at = coalesce(ended_at, now())
          where contact_id = $1 and status in ('active', 'waiting')",
        [c.into()],
    ))
    .await?;
    tx.execute_raw(stmt(
        "update flow_run_steps s set detail = '{}', vars = null from flow_runs r
          where r.id = s.run_id and r.contact_id = $1",
        [c.into()],
    ))
    .await?;
    tx.execute_raw(stmt("delete from contact_labels where contact_id = $1", [c.into()])).await?;
    tx.execute_raw(stmt("delete from contact_events where contact_id = $1", [c.into()])).await?;
    // A website visitor's record holds what they typed about themselves, where they browsed, and their token: gone,
    // so the browser that held the token starts over as a stranger.
    tx.execute_raw(stmt("delete from widget_visitors where contact_id = $1", [c.into()])).await?;
    tx.execute_raw(stmt(
        "update contacts set name = 'Erased contact', phone = null, wa_user_id = $2, profile_name = null, email = null,
                company = null, notes = null, avatar_url = null, attributes = '{}', consent_status = 'opted_out',
                consent_source = 'erasure', consent_at = now(), erased_at = now(), updated_at = now()
          where id = $1",
        [c.into(), placeholder.into()],
    ))
    .await?;
    Ok(Erased {
        messages: redacted.0,
        media: redacted.1,
        deals,
        tickets,
        campaign_recipients: recipients,
        skipped_recipients: skipped,
    })
}

/// Removes the content of the messages `select` names (a query answering `id`): text, captions, locations,
/// reactions, template values and WhatsApp's raw payload go, the row stays. Their files are detached and queued
/// for deletion. Answers (messages, files).
pub async fn redact_messages<I: IntoIterator<Item = sea_orm::Value>>(
    tx: &TenantTx,
    select: &str,
    values: I,
) -> Result<(i64, i64), DbErr> {
    #[derive(FromQueryResult)]
    struct Counts {
        messages: i64,
        media: i64,
    }
    let values: Vec<sea_orm::Value> = values.into_iter().collect();
    let tenant_param = values.len() + 1;
    let sql = format!(
        "with target as ({select}),
              msgs as (
                update messages m set content = jsonb_build_object('redacted', true), raw = null,
                       reply_to_wa_id = null, redacted_at = now(), updated_at = now()
                  from target t where m.id = t.id and m.redacted_at is null
                returning m.media_id),
              files as (
                select f.id, f.storage_key from media_files f
                 where f.id in (select media_id from msgs where media_id is not null) and f.deleted_at is null
                   for update),
              detached as (
                update media_files f set storage_key = null, filename = null, sha256 = null, wa_media_id = null,
                       deleted_at = now(), updated_at = now()
                  from files where f.id = files.id returning f.id),
              queued as (
                insert into media_deletions (tenant_id, storage_key)
                select ${tenant_param}, storage_key from files where storage_key is not null
                on conflict do nothing returning 1)
         select (select count(*) from msgs) as messages, (select count(*) from detached) as media,
                (select count(*) from queued) as queued"
    );
    let mut all = values;
    all.push(tx.tenant_id.0.into());
    let c = Counts::find_by_statement(stmt(&sql, all)).one(&tx.tx).await?;
    Ok(c.map(|c| (c.messages, c.media)).unwrap_or_default())
}
