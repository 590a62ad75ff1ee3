//! Messages in and out. Inbound copies are deduplicated by WhatsApp's message id; delivery states only
//! ever move forward (`message_status_rank`).

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct MessageRow {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub connection_id: Uuid,
    pub direction: String,
    pub wa_message_id: Option<String>,
    pub r#type: String,
    pub content: serde_json::Value,
    pub media_id: Option<Uuid>,
    pub status: String,
    pub error: Option<serde_json::Value>,
    pub attempts: i32,
    pub sender_user_id: Option<Uuid>,
    pub reply_to_wa_id: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub read_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub sender_name: Option<String>,
    /// The flow run that sent it (a bot message).
    pub flow_run_id: Option<Uuid>,
    pub flow_name: Option<String>,
}

const COLUMNS: &str = "id, conversation_id, connection_id, direction, wa_message_id, type, content, media_id, status,
    error, attempts, sender_user_id, reply_to_wa_id, sent_at, delivered_at, read_at, failed_at, created_at, updated_at,
    (select u.name from users u where u.id = messages.sender_user_id) as sender_name, flow_run_id,
    (select f.name from flow_runs r join flows f on f.id = r.flow_id where r.id = messages.flow_run_id) as flow_name";

pub struct NewMessage<'a> {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub connection_id: Uuid,
    pub direction: &'a str,
    pub wa_message_id: Option<&'a str>,
    pub kind: &'a str,
    pub content: serde_json::Value,
    pub raw: Option<serde_json::Value>,
    pub media_id: Option<Uuid>,
    pub status: &'a str,
    pub sender_user_id: Option<Uuid>,
    pub reply_to_wa_id: Option<&'a str>,
    pub created_at: DateTime<Utc>,
    pub flow_run_id: Option<Uuid>,
}

impl<'a> NewMessage<'a> {
    /// A message written here (by a member or by the business itself): no WhatsApp id or raw payload yet,
    /// no file, no quote, dated now. Fill the rest with struct update syntax.
    pub fn authored(
        conversation_id: Uuid,
        connection_id: Uuid,
        direction: &'a str,
        kind: &'a str,
        content: serde_json::Value,
        status: &'a str,
        sender_user_id: Option<Uuid>,
    ) -> Self {
        Self {
            id: Uuid::now_v7(),
            conversation_id,
            connection_id,
            direction,
            wa_message_id: None,
            kind,
            content,
            raw: None,
            media_id: None,
            status,
            sender_user_id,
            reply_to_wa_id: None,
            created_at: Utc::now(),
            flow_run_id: None,
        }
    }
}

/// Inserts a message; `None` when one with the same WhatsApp id is already stored (a retried webhook).
pub async fn insert(tx: &TenantTx, m: NewMessage<'_>) -> Result<Option<MessageRow>, DbErr> {
    MessageRow::find_by_statement(stmt(
        &format!(
            "insert into messages (id, tenant_id, conversation_id, connection_id, direction, wa_message_id, type,
                content, raw, media_id, status, sender_user_id, reply_to_wa_id, created_at, flow_run_id)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
             on conflict (tenant_id, wa_message_id) where wa_message_id is not null do nothing
             returning {COLUMNS}"
        ),
        [
            m.id.into(),
            tx.tenant_id.0.into(),
            m.conversation_id.into(),
            m.connection_id.into(),
            m.direction.into(),
            m.wa_message_id.map(str::to_owned).into(),
            m.kind.into(),
            m.content.into(),
            m.raw.into(),
            m.media_id.into(),
            m.status.into(),
            m.sender_user_id.into(),
            m.reply_to_wa_id.map(str::to_owned).into(),
            m.created_at.into(),
            m.flow_run_id.into(),
        ],
    ))
    .one(&tx.tx)
    .await
}

pub async fn get_many<C: ConnectionTrait>(c: &C, ids: &[Uuid]) -> Result<Vec<MessageRow>, DbErr> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    MessageRow::find_by_statement(stmt(
        &format!("select {COLUMNS} from messages where id = any($1) order by created_at, id"),
        [ids.to_vec().into()],
    ))
    .all(c)
    .await
}

pub async fn get<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Option<MessageRow>, DbErr> {
    MessageRow::find_by_statement(stmt(&format!("select {COLUMNS} from messages where id = $1"), [id.into()]))
        .one(c)
        .await
}

/// A page of a conversation, newest first, strictly older than the cursor `(created_at, id)`.
pub async fn page(
    tx: &TenantTx,
    conversation_id: Uuid,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<MessageRow>, DbErr> {
    let (at, id) = before.map(|(a, i)| (Some(a), Some(i))).unwrap_or((None, None));
    MessageRow::find_by_statement(stmt(
        &format!(
            "select {COLUMNS} from messages where conversation_id = $1
               and ($2::timestamptz is null or (created_at, id) < ($2, $3))
             order by created_at desc, id desc limit $4"
        ),
        [conversation_id.into(), at.into(), id.into(), limit.into()],
    ))
    .all(&tx.tx)
    .await
}

/// A delivery status WhatsApp reported for one of our messages.
pub struct StatusIn {
    pub wa_message_id: String,
    /// sent, delivered, read, failed.
    pub status: &'static str,
    pub at: DateTime<Utc>,
    pub error: Option<serde_json::Value>,
}

/// Applies statuses to the messages they name, in one statement; a state only ever moves forward. At most one status
/// per message in a call (the caller applies a webhook naming one message twice in rounds). Answers the messages
/// found; a status whose message is not stored yet (it raced its send) finds none.
pub async fn apply_statuses(tx: &TenantTx, statuses: &[StatusIn]) -> Result<Vec<MessageRow>, DbErr> {
    if statuses.is_empty() {
        return Ok(vec![]);
    }
    let wa: Vec<String> = statuses.iter().map(|s| s.wa_message_id.clone()).collect();
    let st: Vec<String> = statuses.iter().map(|s| s.status.to_owned()).collect();
    let at: Vec<DateTime<Utc>> = statuses.iter().map(|s| s.at).collect();
    let errors: Vec<serde_json::Value> =
        statuses.iter().map(|s| s.error.clone().unwrap_or(serde_json::Value::Null)).collect();
    MessageRow::find_by_statement(stmt(
        &format!(
            "update messages set
            status = case when message_status_rank(d.st) > message_status_rank(messages.status) then d.st else messages.status end,
            sent_at = case when d.st in ('sent', 'delivered', 'read') then least(coalesce(messages.sent_at, d.at), d.at)
                           else messages.sent_at end,
            delivered_at = case when d.st in ('delivered', 'read') then least(coalesce(messages.delivered_at, d.at), d.at)
                                else messages.delivered_at end,
            read_at = case when d.st = 'read' then coalesce(messages.read_at, d.at) else messages.read_at end,
            failed_at = case when d.st = 'failed' then coalesce(messages.failed_at, d.at) else messages.failed_at end,
            error = case when d.st = 'failed' then nullif(d.err, 'null'::jsonb) else messages.error end,
            updated_at = now()
           from unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[]) as d(wa, st, at, err)
          where messages.wa_message_id = d.wa
          returning {COLUMNS}"
        ),
        [wa.into(), st.into(), at.into(), errors.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Claims a queued message for its one send attempt; `false` if it is not queued (already sent,
/// failed, or being sent by an earlier run of the job).
pub async fn begin_send(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update messages set status = 'sending', attempts = attempts + 1, updated_at = now()
             where id = $1 and status = 'queued'",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// WhatsApp accepted the message. A status webhook may not have arrived yet: it will find the id.
pub async fn mark_accepted(tx: &TenantTx, id: Uuid, wa_message_id: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update messages set wa_message_id = $2,
            status = case when status in ('queued', 'sending') then 'sent' else status end,
            sent_at = coalesce(sent_at, now()), error = null, updated_at = now()
         where id = $1",
        [id.into(), wa_message_id.into()],
    ))
    .await?;
    Ok(())
}

pub async fn mark_failed(tx: &TenantTx, id: Uuid, error: serde_json::Value) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update messages set status = 'failed', error = $2, failed_at = now(), updated_at = now() where id = $1",
        [id.into(), error.into()],
    ))
    .await?;
    Ok(())
}

/// Back to the queue after a temporary failure, keeping the reason for the agent to see meanwhile.
pub async fn requeue(tx: &TenantTx, id: Uuid, error: serde_json::Value) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update messages set status = 'queued', error = $2, updated_at = now() where id = $1",
        [id.into(), error.into()],
    ))
    .await?;
    Ok(())
}

/// Lets a failed message be sent again (an agent's retry).
pub async fn reset_for_retry(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update messages set status = 'queued', error = null, failed_at = null, attempts = 0, updated_at = now()
             where id = $1 and status = 'failed' and direction = 'outbound'",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_media(tx: &TenantTx, id: Uuid, media_id: Uuid) -> Result<(), DbErr> {
    tx.execute_raw(stmt("update messages set media_id = $2 where id = $1", [id.into(), media_id.into()])).await?;
    Ok(())
}

#[derive(FromQueryResult)]
struct WaId {
    wa_message_id: String,
}

/// The customer's latest message in a conversation (the one a read receipt names).
pub async fn last_inbound_wa_id(tx: &TenantTx, conversation_id: Uuid) -> Result<Option<String>, DbErr> {
    Ok(WaId::find_by_statement(stmt(
        "select wa_message_id from messages where conversation_id = $1 and direction = 'inbound'
           and wa_message_id is not null order by created_at desc limit 1",
        [conversation_id.into()],
    ))
    .one(&tx.tx)
    .await?
    .map(|r| r.wa_message_id))
}

/// Messages of the tenant (the ingest benchmark's check).
pub async fn count(tx: &TenantTx) -> Result<u64, DbErr> {
    crate::repo::count(&tx.tx, "select count(*) as n from messages", []).await
}

/// A message a webhook brought, for `insert_many`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IncomingMessage {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub connection_id: Uuid,
    pub direction: String,
    pub wa_message_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub content: serde_json::Value,
    pub raw: serde_json::Value,
    pub status: String,
    pub reply_to_wa_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Inserted {
    pub id: Uuid,
    pub wa_message_id: String,
}

/// Inserts a batch in one statement; answers the rows that were new (a retried delivery's are not).
pub async fn insert_many(tx: &TenantTx, msgs: &[IncomingMessage]) -> Result<Vec<Inserted>, DbErr> {
    if msgs.is_empty() {
        return Ok(vec![]);
    }
    let rows = serde_json::to_value(msgs).map_err(|e| DbErr::Custom(e.to_string()))?;
    Inserted::find_by_statement(stmt(
        "insert into messages (id, tenant_id, conversation_id, connection_id, direction, wa_message_id, type, content,
            raw, status, reply_to_wa_id, created_at)
         select r.id, $2, r.conversation_id, r.connection_id, r.direction, r.wa_message_id, r.type, r.content, r.raw,
                r.status, r.reply_to_wa_id, r.created_at
         from jsonb_to_recordset($1) as r(id uuid, conversation_id uuid, connection_id uuid, direction text,
              wa_message_id text, type text, content jsonb, raw jsonb, status text, reply_to_wa_id text,
              created_at timestamptz)
         on conflict (tenant_id, wa_message_id) where wa_message_id is not null do nothing
         returning id, wa_message_id",
        [rows.into(), tx.tenant_id.0.into()],
    ))
    .all(&tx.tx)
    .await
}

/// The messages carrying a file (normally one).
pub async fn ids_with_media(tx: &TenantTx, media_id: Uuid) -> Result<Vec<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Ok(Id::find_by_statement(stmt("select id from messages where media_id = $1", [media_id.into()]))
        .all(&tx.tx)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect())
}
