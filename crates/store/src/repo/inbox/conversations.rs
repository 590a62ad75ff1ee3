//! One conversation per contact and number: reopened when the customer writes again.

use crate::TenantTx;
use crate::repo::{count, like_pattern, stmt};
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
    pub connection_kind: String,
    pub assignee_id: Option<Uuid>,
    pub assignee_name: Option<String>,
    pub team_id: Option<Uuid>,
    pub team_name: Option<String>,
    pub snoozed_until: Option<DateTime<Utc>>,
    pub away_sent_at: Option<DateTime<Utc>>,
    /// The campaign the conversation was started or answered for.
    pub campaign_id: Option<Uuid>,
    pub campaign_name: Option<String>,
    /// `[{id, name, color}]`, by name.
    pub labels: serde_json::Value,
    /// The inbox's sort key: the last message, else when the conversation started.
    pub activity_at: DateTime<Utc>,
}

impl ConversationRow {
    /// A reply can reach the customer: WhatsApp needs their number; a website widget's visitor is reached through
    /// their socket room, without one.
    pub fn addressable(&self) -> bool {
        self.contact_phone.is_some() || self.connection_kind == "widget"
    }
}

const SELECT: &str = "select v.id, v.contact_id, v.connection_id, v.status, v.last_inbound_at, v.last_message_at,
        v.last_message_preview, v.unread_count, v.created_at, v.updated_at,
        c.phone as contact_phone, coalesce(c.name, c.profile_name) as contact_name, w.name as connection_name,
        w.kind as connection_kind, v.assignee_id, au.name as assignee_name, v.team_id, tm.name as team_name,
        v.snoozed_until, v.away_sent_at, v.campaign_id, cp.name as campaign_name,
        coalesce((select jsonb_agg(jsonb_build_object('id', l.id, 'name', l.name, 'color', l.color) order by l.name)
                  from conversation_labels cl join labels l on l.id = cl.label_id
                  where cl.conversation_id = v.id), '[]'::jsonb) as labels,
        coalesce(v.last_message_at, v.created_at) as activity_at
    from conversations v join contacts c on c.id = v.contact_id join whatsapp_connections w on w.id = v.connection_id
        left join users au on au.id = v.assignee_id left join teams tm on tm.id = v.team_id
        left join campaigns cp on cp.id = v.campaign_id";

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

/// Locks the contacts of these conversations (in id order) ahead of an update of the conversations' last message:
/// the `conversations_last_message` trigger then updates those contacts, while the webhook batches lock contacts
/// before conversations. Taking the contacts first keeps every writer in that one order, so an agent's reply and
/// a webhook batch on the same customer cannot deadlock (seen under the multi-node load test).
pub async fn lock_contacts_of(tx: &TenantTx, conversations: &[Uuid]) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "select c.id from contacts c
          where c.id in (select contact_id from conversations where id = any($1))
          order by c.id for no key update",
        [conversations.to_vec().into()],
    ))
    .await?;
    Ok(())
}

pub async fn on_outbound(tx: &TenantTx, id: Uuid, at: DateTime<Utc>, preview: &str) -> Result<(), DbErr> {
    lock_contacts_of(tx, &[id]).await?;
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

/// Whose conversations an inbox list shows.
#[derive(Debug, Default, Clone, Copy)]
pub enum AssigneeFilter {
    #[default]
    All,
    Unassigned,
    User(Uuid),
}

#[derive(Debug, Default, Clone)]
pub struct ConversationFilter {
    pub status: Option<String>,
    pub connection_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub q: Option<String>,
    pub assignee: AssigneeFilter,
    pub label_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
}

/// Newest activity first, strictly after the cursor `(activity_at, id)` when one is given.
pub async fn list(
    tx: &TenantTx,
    f: &ConversationFilter,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<(Vec<ConversationRow>, u64), DbErr> {
    let pattern = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(like_pattern);
    let (unassigned, assignee) = match f.assignee {
        AssigneeFilter::All => (false, None),
        AssigneeFilter::Unassigned => (true, None),
        AssigneeFilter::User(u) => (false, Some(u)),
    };
    let filter = "($1::text is null or v.status = $1) and ($2::uuid is null or v.connection_id = $2)
        and ($3::uuid is null or v.contact_id = $3)
        and ($4::text is null or c.phone ilike $4 or c.name ilike $4 or c.profile_name ilike $4)
        and (not $5 or v.assignee_id is null) and ($6::uuid is null or v.assignee_id = $6)
        and ($7::uuid is null or exists (select 1 from conversation_labels cl
                                          where cl.conversation_id = v.id and cl.label_id = $7))
        and ($8::uuid is null or v.team_id = $8)";
    let values = || -> Vec<sea_orm::Value> {
        vec![
            f.status.clone().into(),
            f.connection_id.into(),
            f.contact_id.into(),
            pattern.clone().into(),
            unassigned.into(),
            assignee.into(),
            f.label_id.into(),
            f.team_id.into(),
        ]
    };
    let (at, id) = after.map(|(a, i)| (Some(a), Some(i))).unwrap_or((None, None));
    let mut with_page = values();
    with_page.extend([at.into(), id.into(), limit.into()]);
    let rows = ConversationRow::find_by_statement(stmt(
        &format!(
            "{SELECT} where {filter}
               and ($9::timestamptz is null or (coalesce(v.last_message_at, v.created_at), v.id) < ($9, $10))
             order by coalesce(v.last_message_at, v.created_at) desc, v.id desc limit $11"
        ),
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

#[derive(Debug, Clone, FromQueryResult)]
pub struct Counts {
    pub mine: i64,
    pub unassigned: i64,
    pub all: i64,
}

/// Conversations still being worked on (not resolved or closed), per inbox tab.
pub async fn counts(tx: &TenantTx, me: Option<Uuid>) -> Result<Counts, DbErr> {
    Counts::find_by_statement(stmt(
        "select count(*) filter (where assignee_id = $1) as mine,
                count(*) filter (where assignee_id is null) as unassigned, count(*) as all
         from conversations where status not in ('resolved', 'closed')",
        [me.into()],
    ))
    .one(&tx.tx)
    .await
    .map(|c| c.unwrap_or(Counts { mine: 0, unassigned: 0, all: 0 }))
}

pub async fn get_many(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<ConversationRow>, DbErr> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    ConversationRow::find_by_statement(stmt(&format!("{SELECT} where v.id = any($1)"), [ids.to_vec().into()]))
        .all(&tx.tx)
        .await
}

/// Sets the status; `snoozed_until` only with `snoozed` (a check constraint holds the pair together).
pub async fn set_status(
    tx: &TenantTx,
    id: Uuid,
    status: &str,
    snoozed_until: Option<DateTime<Utc>>,
) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update conversations set status = $2, snoozed_until = $3, updated_at = now() where id = $1",
            [id.into(), status.into(), snoozed_until.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn assign(tx: &TenantTx, id: Uuid, assignee: Option<Uuid>, team: Option<Uuid>) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update conversations set assignee_id = $2, team_id = $3, updated_at = now() where id = $1",
            [id.into(), assignee.into(), team.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Snoozed conversations whose time came, reopened; answers their ids.
pub async fn reopen_due(tx: &TenantTx) -> Result<Vec<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Ok(Id::find_by_statement(stmt(
        "update conversations set status = 'open', snoozed_until = null, updated_at = now()
         where status = 'snoozed' and snoozed_until <= now() returning id",
        [],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// Of these conversations, the ones open and assigned to nobody (candidates for routing).
pub async fn unassigned_open(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Ok(Id::find_by_statement(stmt(
        "select id from conversations where id = any($1) and assignee_id is null and status = 'open' order by id",
        [ids.to_vec().into()],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

pub async fn mark_away_sent(tx: &TenantTx, id: Uuid, at: DateTime<Utc>) -> Result<(), DbErr> {
    tx.execute_raw(stmt("update conversations set away_sent_at = $2 where id = $1", [id.into(), at.into()])).await?;
    Ok(())
}

pub async fn set_labels(tx: &TenantTx, id: Uuid, labels: &[Uuid]) -> Result<(), DbErr> {
    crate::repo::replace_links(
        tx,
        "conversation_labels",
        "conversation_id",
        "label_id",
        id,
        "select id from labels",
        labels,
    )
    .await
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
    pub created: bool,
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
         returning id, contact_id, connection_id, (xmax = 0) as created",
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
            status = case when a.inbound > 0 and v.status in ('resolved', 'closed', 'snoozed') then 'open' else v.status end,
            snoozed_until = case when a.inbound > 0 then null else v.snoozed_until end,
            updated_at = now()
         from jsonb_to_recordset($1) as a(id uuid, inbound int, last_inbound_at timestamptz, last_at timestamptz,
                                          preview text)
         where v.id = a.id",
        [rows.into()],
    ))
    .await?;
    Ok(())
}

/// Customers who wrote to a number since `since`: phone, name, when they last wrote (a demo's simulator learns
/// whose 24-hour window is open).
#[derive(Debug, Clone, FromQueryResult)]
pub struct RecentWriter {
    pub phone: String,
    pub name: Option<String>,
    pub last_inbound_at: DateTime<Utc>,
}

pub async fn recent_writers(
    tx: &TenantTx,
    connection_id: Uuid,
    since: DateTime<Utc>,
) -> Result<Vec<RecentWriter>, DbErr> {
    RecentWriter::find_by_statement(stmt(
        "select k.phone, coalesce(k.name, k.profile_name) as name, v.last_inbound_at
           from conversations v join contacts k on k.id = v.contact_id
          where v.connection_id = $1 and v.last_inbound_at > $2 and k.phone is not null",
        [connection_id.into(), since.into()],
    ))
    .all(&tx.tx)
    .await
}
