//! Visitors of a tenant's widgets: found by the hash of their token, linked to a contact and a conversation
//! once they write or say who they are.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct VisitorRow {
    pub id: Uuid,
    pub widget_id: Uuid,
    pub r#ref: String,
    pub contact_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent: Option<bool>,
    pub context: serde_json::Value,
    pub pages: serde_json::Value,
    pub identified: bool,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, widget_id, ref, contact_id, conversation_id, name, email, phone, consent, context, pages,
    identified, first_seen_at, last_seen_at";

pub async fn insert(
    tx: &TenantTx,
    id: Uuid,
    widget_id: Uuid,
    token_hash: &[u8],
    r#ref: &str,
    context: serde_json::Value,
    pages: serde_json::Value,
) -> Result<VisitorRow, DbErr> {
    VisitorRow::find_by_statement(stmt(
        &format!(
            "insert into widget_visitors (id, tenant_id, widget_id, token_hash, ref, context, pages)
             values ($1, $2, $3, $4, $5, $6, $7) returning {COLUMNS}"
        ),
        [
            id.into(),
            tx.tenant_id.0.into(),
            widget_id.into(),
            token_hash.to_vec().into(),
            r#ref.into(),
            context.into(),
            pages.into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

/// The visitor holding this token on this widget, marked seen.
pub async fn by_token(tx: &TenantTx, widget_id: Uuid, token_hash: &[u8]) -> Result<Option<VisitorRow>, DbErr> {
    VisitorRow::find_by_statement(stmt(
        &format!(
            "update widget_visitors set last_seen_at = now()
             where token_hash = $1 and widget_id = $2 returning {COLUMNS}"
        ),
        [token_hash.to_vec().into(), widget_id.into()],
    ))
    .one(&tx.tx)
    .await
}

pub async fn get<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Option<VisitorRow>, DbErr> {
    VisitorRow::find_by_statement(stmt(&format!("select {COLUMNS} from widget_visitors where id = $1"), [id.into()]))
        .one(c)
        .await
}

/// The visitor most recently seen in a conversation (an identified contact may write from several browsers).
pub async fn of_conversation<C: ConnectionTrait>(c: &C, conversation_id: Uuid) -> Result<Option<VisitorRow>, DbErr> {
    VisitorRow::find_by_statement(stmt(
        &format!("select {COLUMNS} from widget_visitors where conversation_id = $1 order by last_seen_at desc limit 1"),
        [conversation_id.into()],
    ))
    .one(c)
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct ConversationVisitor {
    pub conversation_id: Uuid,
    pub visitor_id: Option<Uuid>,
}

/// For each of `conversation_ids` on a widget's channel, its visitors (`visitor_id` null when none is linked);
/// conversations on other channels are left out.
pub async fn of_conversations<C: ConnectionTrait>(
    c: &C,
    conversation_ids: &[Uuid],
) -> Result<Vec<ConversationVisitor>, DbErr> {
    ConversationVisitor::find_by_statement(stmt(
        "select c.id as conversation_id, v.id as visitor_id
         from conversations c
         join whatsapp_connections w on w.id = c.connection_id and w.kind = 'widget'
         left join widget_visitors v on v.conversation_id = c.id
         where c.id = any($1)",
        [conversation_ids.to_vec().into()],
    ))
    .all(c)
    .await
}

pub async fn set_links(
    tx: &TenantTx,
    id: Uuid,
    contact_id: Option<Uuid>,
    conversation_id: Option<Uuid>,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update widget_visitors set contact_id = $2, conversation_id = $3 where id = $1",
        [id.into(), contact_id.into(), conversation_id.into()],
    ))
    .await?;
    Ok(())
}

/// What a visitor said about themselves; `None` leaves a value as it is.
#[derive(Debug, Clone, Default)]
pub struct VisitorPatch {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent: Option<bool>,
    pub identified: Option<bool>,
}

pub async fn update(tx: &TenantTx, id: Uuid, p: &VisitorPatch) -> Result<Option<VisitorRow>, DbErr> {
    VisitorRow::find_by_statement(stmt(
        &format!(
            "update widget_visitors set name = coalesce($2, name), email = coalesce($3, email),
                phone = coalesce($4, phone), consent = coalesce($5, consent), identified = coalesce($6, identified)
             where id = $1 returning {COLUMNS}"
        ),
        [
            id.into(),
            p.name.clone().into(),
            p.email.clone().into(),
            p.phone.clone().into(),
            p.consent.into(),
            p.identified.into(),
        ],
    ))
    .one(&tx.tx)
    .await
}

/// Records a page view, keeping the last 50, and makes it the visitor's current page.
pub async fn add_page(tx: &TenantTx, id: Uuid, url: &str, title: Option<&str>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update widget_visitors set
            pages = (select coalesce(jsonb_agg(p order by n), '[]')
                     from (select p, n from jsonb_array_elements(pages || jsonb_build_array(
                               jsonb_build_object('url', $2::text, 'title', $3::text, 'at', now())))
                                with ordinality as e(p, n)
                           order by n desc limit 50) last),
            context = context || jsonb_build_object('url', $2::text, 'title', $3::text),
            last_seen_at = now()
         where id = $1",
        [id.into(), url.into(), title.map(str::to_owned).into()],
    ))
    .await?;
    Ok(())
}

/// Moves a conversation's messages into another of the same contact (an identified visitor whose contact already
/// had a widget conversation), then drops the emptied one.
pub async fn merge_conversation(tx: &TenantTx, from: Uuid, into: Uuid) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update messages set conversation_id = $2 where conversation_id = $1",
        [from.into(), into.into()],
    ))
    .await?;
    tx.execute_raw(stmt(
        "update widget_visitors set conversation_id = $2 where conversation_id = $1",
        [from.into(), into.into()],
    ))
    .await?;
    tx.execute_raw(stmt("delete from conversations where id = $1", [from.into()])).await?;
    Ok(())
}

/// Points a conversation at another contact (a visitor who said who they are).
pub async fn move_conversation(tx: &TenantTx, conversation_id: Uuid, contact_id: Uuid) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update conversations set contact_id = $2, updated_at = now() where id = $1",
        [conversation_id.into(), contact_id.into()],
    ))
    .await?;
    Ok(())
}

/// The workspace's contact with this email (lower-cased) or phone, oldest first.
pub async fn contact_by_identity<C: ConnectionTrait>(
    c: &C,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<Option<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Ok(Id::find_by_statement(stmt(
        "select id from contacts
         where erased_at is null
           and (($1::text is not null and lower(email) = lower($1)) or ($2::text is not null and phone = $2))
         order by ($1::text is not null and lower(email) = lower($1)) desc, created_at limit 1",
        [email.map(str::to_owned).into(), phone.map(str::to_owned).into()],
    ))
    .one(c)
    .await?
    .map(|r| r.id))
}

/// A contact for a widget visitor: no phone unless they gave one.
pub async fn insert_contact(
    tx: &TenantTx,
    name: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<Uuid, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Id::find_by_statement(stmt(
        "insert into contacts (id, tenant_id, name, email, phone, source) values ($1, $2, $3, $4, $5, 'widget')
         returning id",
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            name.map(str::to_owned).into(),
            email.map(str::to_owned).into(),
            phone.map(str::to_owned).into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .map(|r| r.id)
    .ok_or(DbErr::RecordNotInserted)
}

/// Fills a widget contact's name, email and phone where they are empty (never overwrites what a person wrote).
pub async fn fill_contact(
    tx: &TenantTx,
    contact_id: Uuid,
    name: Option<&str>,
    email: Option<&str>,
    phone: Option<&str>,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update contacts set name = coalesce(name, $2), email = coalesce(email, $3),
            phone = case when phone is null and not exists (select 1 from contacts o where o.phone = $4)
                         then $4 else phone end,
            updated_at = now()
         where id = $1",
        [
            contact_id.into(),
            name.map(str::to_owned).into(),
            email.map(str::to_owned).into(),
            phone.map(str::to_owned).into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Marks the agents' messages of a conversation up to (and including) `up_to` read; answers those changed.
pub async fn read_up_to(tx: &TenantTx, conversation_id: Uuid, up_to: Uuid) -> Result<Vec<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Ok(Id::find_by_statement(stmt(
        "update messages m set status = 'read', read_at = now(), delivered_at = coalesce(m.delivered_at, now()),
            updated_at = now()
         from messages upto
         where upto.id = $2 and upto.conversation_id = $1
           and m.conversation_id = $1 and m.direction = 'outbound' and m.status in ('sent', 'delivered')
           and (m.created_at, m.id) <= (upto.created_at, upto.id)
         returning m.id",
        [conversation_id.into(), up_to.into()],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// An agent read a widget conversation: its visitor messages not read yet are read now. Answers the newest `limit`
/// of those changed (what an open widget shows), all of them marked.
pub async fn agent_read(tx: &TenantTx, conversation_id: Uuid, limit: u64) -> Result<Vec<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Ok(Id::find_by_statement(stmt(
        "with seen as (
             update messages set read_at = now(), updated_at = now()
             where conversation_id = $1 and direction = 'inbound' and read_at is null
             returning id, created_at)
         select id from seen order by created_at desc, id desc limit $2",
        [conversation_id.into(), (limit as i64).into()],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// Marks these agent messages of a conversation delivered; answers those changed.
pub async fn delivered(tx: &TenantTx, conversation_id: Uuid, ids: &[Uuid]) -> Result<Vec<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Ok(Id::find_by_statement(stmt(
        "update messages set status = 'delivered', delivered_at = now(), updated_at = now()
         where conversation_id = $1 and id = any($2) and direction = 'outbound' and status = 'sent'
         returning id",
        [conversation_id.into(), ids.to_vec().into()],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

/// A page of a conversation for the visitor, newest first, strictly older than `before` (a message of it);
/// internal notes are never among them.
pub async fn messages_before(
    tx: &TenantTx,
    conversation_id: Uuid,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Ok(Id::find_by_statement(stmt(
        "select m.id from messages m
         where m.conversation_id = $1 and m.direction in ('inbound', 'outbound')
           and ($2::uuid is null or (m.created_at, m.id) <
                (select b.created_at, b.id from messages b where b.id = $2 and b.conversation_id = $1))
         order by m.created_at desc, m.id desc limit $3",
        [conversation_id.into(), before.into(), limit.into()],
    ))
    .all(&tx.tx)
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect())
}

#[derive(FromQueryResult)]
struct IdOnly {
    id: Uuid,
}

/// The message stored under this key (the visitor and their `clientId`), if any.
pub async fn message_by_key(tx: &TenantTx, key: &str) -> Result<Option<Uuid>, DbErr> {
    Ok(IdOnly::find_by_statement(stmt("select id from messages where wa_message_id = $1", [key.into()]))
        .one(&tx.tx)
        .await?
        .map(|r| r.id))
}

/// The conversation of a contact on a channel.
pub async fn conversation_of(tx: &TenantTx, contact_id: Uuid, connection_id: Uuid) -> Result<Option<Uuid>, DbErr> {
    Ok(IdOnly::find_by_statement(stmt(
        "select id from conversations where contact_id = $1 and connection_id = $2",
        [contact_id.into(), connection_id.into()],
    ))
    .one(&tx.tx)
    .await?
    .map(|r| r.id))
}

/// Gives a new conversation to the widget's team, unless routing already chose one.
pub async fn set_team_if_none(tx: &TenantTx, conversation_id: Uuid, team_id: Uuid) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update conversations set team_id = $2, updated_at = now() where id = $1 and team_id is null",
        [conversation_id.into(), team_id.into()],
    ))
    .await?;
    Ok(())
}

/// Drops a visitor's anonymous contact once nothing refers to it any more (they said who they are).
pub async fn drop_orphan_contact(tx: &TenantTx, contact_id: Uuid) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "delete from contacts c where c.id = $1 and c.source = 'widget' and c.phone is null and c.email is null
           and not exists (select 1 from conversations v where v.contact_id = c.id)",
        [contact_id.into()],
    ))
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_media(
    tx: &TenantTx,
    id: Uuid,
    visitor_id: Uuid,
    connection_id: Uuid,
    storage_key: &str,
    mime: &str,
    filename: Option<&str>,
    size: i64,
    sha256: &str,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into media_files (id, tenant_id, connection_id, direction, status, storage_key, mime_type, filename,
            size_bytes, sha256, visitor_id)
         values ($1, $2, $3, 'inbound', 'stored', $4, $5, $6, $7, $8, $9)",
        [
            id.into(),
            tx.tenant_id.0.into(),
            connection_id.into(),
            storage_key.into(),
            mime.into(),
            filename.map(str::to_owned).into(),
            size.into(),
            sha256.into(),
            visitor_id.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// A file the visitor may use or fetch: their own upload, or one of a message of their conversation.
#[derive(Debug, Clone, FromQueryResult)]
pub struct VisitorMedia {
    pub id: Uuid,
    pub status: String,
    pub storage_key: Option<String>,
    pub mime_type: Option<String>,
    pub filename: Option<String>,
    pub size_bytes: Option<i64>,
    /// Uploaded by this visitor (and so may be sent by them).
    pub own: bool,
}

pub async fn media_for_visitor(
    tx: &TenantTx,
    media_id: Uuid,
    visitor_id: Uuid,
    conversation_id: Option<Uuid>,
) -> Result<Option<VisitorMedia>, DbErr> {
    VisitorMedia::find_by_statement(stmt(
        "select f.id, f.status, f.storage_key, f.mime_type, f.filename, f.size_bytes,
                coalesce(f.visitor_id = $2, false) as own
         from media_files f
         where f.id = $1
           and (f.visitor_id = $2
                or ($3::uuid is not null and exists (
                      select 1 from messages m where m.media_id = f.id and m.conversation_id = $3
                        and m.direction in ('inbound', 'outbound'))))",
        [media_id.into(), visitor_id.into(), conversation_id.into()],
    ))
    .one(&tx.tx)
    .await
}
