//! One conversation per contact and number: reopened when the customer writes again.

use super::{PageReq, count, like_pattern, stmt};
use crate::TenantTx;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct ConversationRow {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub connection_id: Uuid,
    pub status: String,
    pub last_inbound_at: Option<DateTime<Utc>>,
    pub last_message_at: Option<DateTime<Utc>>,
    pub last_message_preview: Option<String>,
    pub unread_count: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub contact_phone: Option<String>,
    pub contact_name: Option<String>,
    pub connection_name: String,
}

const SELECT: &str = "select v.id, v.contact_id, v.connection_id, v.status, v.last_inbound_at, v.last_message_at,
        v.last_message_preview, v.unread_count, v.created_at, v.updated_at,
        c.phone as contact_phone, coalesce(c.name, c.profile_name) as contact_name, w.name as connection_name
    from conversations v join contacts c on c.id = v.contact_id join whatsapp_connections w on w.id = v.connection_id";

#[derive(FromQueryResult)]
struct Ensured {
    id: Uuid,
    created: bool,
}

/// The conversation of a contact on a number, created if needed; answers whether it is new.
pub async fn ensure(tx: &TenantTx, contact_id: Uuid, connection_id: Uuid) -> Result<(Uuid, bool), DbErr> {
    let row = Ensured::find_by_statement(stmt(
        "insert into conversations (id, tenant_id, contact_id, connection_id) values ($1, $2, $3, $4)
         on conflict (tenant_id, contact_id, connection_id) do update set updated_at = conversations.updated_at
         returning id, (xmax = 0) as created",
        [Uuid::now_v7().into(), tx.tenant_id.0.into(), contact_id.into(), connection_id.into()],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)?;
    Ok((row.id, row.created))
}

pub async fn on_outbound(tx: &TenantTx, id: Uuid, at: DateTime<Utc>, preview: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update conversations set last_message_preview = $3, last_message_at = greatest(last_message_at, $2),
            updated_at = now() where id = $1",
        [id.into(), at.into(), preview.into()],
    ))
    .await?;
    Ok(())
}

pub async fn get<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Option<ConversationRow>, DbErr> {
    ConversationRow::find_by_statement(stmt(&format!("{SELECT} where v.id = $1"), [id.into()])).one(c).await
}

#[derive(Debug, Default, Clone)]
pub struct ConversationFilter {
    pub status: Option<String>,
    pub connection_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub q: Option<String>,
}

pub async fn list(tx: &TenantTx, f: &ConversationFilter, page: PageReq) -> Result<(Vec<ConversationRow>, u64), DbErr> {
    let pattern = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(like_pattern);
    let filter = "($1::text is null or v.status = $1) and ($2::uuid is null or v.connection_id = $2)
        and ($3::uuid is null or v.contact_id = $3)
        and ($4::text is null or c.phone ilike $4 or c.name ilike $4 or c.profile_name ilike $4)";
    let values = || [f.status.clone().into(), f.connection_id.into(), f.contact_id.into(), pattern.clone().into()];
    let mut with_page: Vec<sea_orm::Value> = values().into();
    with_page.push(page.limit().into());
    with_page.push(page.offset().into());
    let rows = ConversationRow::find_by_statement(stmt(
        &format!("{SELECT} where {filter} order by v.last_message_at desc nulls last, v.id desc limit $5 offset $6"),
        with_page,
    ))
    .all(&tx.tx)
    .await?;
    let total = count(
        &tx.tx,
        &format!("select count(*) as n from conversations v join contacts c on c.id = v.contact_id where {filter}"),
        values(),
    )
    .await?;
    Ok((rows, total))
}

pub async fn set_status(tx: &TenantTx, id: Uuid, status: &str) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update conversations set status = $2, updated_at = now() where id = $1",
            [id.into(), status.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn mark_read(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt("update conversations set unread_count = 0, updated_at = now() where id = $1", [id.into()]))
        .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct ConversationKey {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub connection_id: Uuid,
}

/// `ensure` for distinct (contact, number) pairs in one statement.
pub async fn ensure_many(tx: &TenantTx, pairs: &[(Uuid, Uuid)]) -> Result<Vec<ConversationKey>, DbErr> {
    if pairs.is_empty() {
        return Ok(vec![]);
    }
    let rows: Vec<_> = pairs
        .iter()
        .map(
            |(contact, conn)| serde_json::json!({ "id": Uuid::now_v7(), "contact_id": contact, "connection_id": conn }),
        )
        .collect();
    ConversationKey::find_by_statement(stmt(
        "insert into conversations (id, tenant_id, contact_id, connection_id)
         select r.id, $2, r.contact_id, r.connection_id
         from jsonb_to_recordset($1) as r(id uuid, contact_id uuid, connection_id uuid)
         on conflict (tenant_id, contact_id, connection_id) do update set updated_at = conversations.updated_at
         returning id, contact_id, connection_id",
        [serde_json::Value::Array(rows).into(), tx.tenant_id.0.into()],
    ))
    .all(&tx.tx)
    .await
}

/// What a batch of newly stored messages changes on one conversation.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Activity {
    pub id: Uuid,
    /// Customer messages among them (unread, window, reopening).
    pub inbound: i32,
    pub last_inbound_at: Option<DateTime<Utc>>,
    pub last_at: DateTime<Utc>,
    pub preview: String,
}

/// Records newly stored webhook messages on their conversations in one statement: opens the service
/// window, counts customer messages unread, reopens a finished conversation, moves the preview.
pub async fn record_activity(tx: &TenantTx, activity: &[Activity]) -> Result<(), DbErr> {
    if activity.is_empty() {
        return Ok(());
    }
    let rows = serde_json::to_value(activity).map_err(|e| DbErr::Custom(e.to_string()))?;
    tx.execute_raw(stmt(
        "update conversations v set
            last_inbound_at = greatest(v.last_inbound_at, a.last_inbound_at),
            last_message_preview = case when v.last_message_at is null or a.last_at >= v.last_message_at
                                        then a.preview else v.last_message_preview end,
            last_message_at = greatest(v.last_message_at, a.last_at),
            unread_count = v.unread_count + a.inbound,
            status = case when a.inbound > 0 and v.status in ('resolved', 'closed') then 'open' else v.status end,
            updated_at = now()
         from jsonb_to_recordset($1) as a(id uuid, inbound int, last_inbound_at timestamptz, last_at timestamptz,
                                          preview text)
         where v.id = a.id",
        [rows.into()],
    ))
    .await?;
    Ok(())
}
