//! Support tickets: numbered per workspace, linked to a contact and conversations, with internal comments.

use crate::TenantTx;
use crate::repo::{like_pattern, replace_links, stmt};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Value};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct TicketRow {
    pub id: Uuid,
    pub number: i64,
    pub subject: String,
    pub description: Option<String>,
    pub status: String,
    pub priority: String,
    pub assignee_id: Option<Uuid>,
    pub assignee_name: Option<String>,
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub conversation_ids: Vec<Uuid>,
    pub due_at: Option<DateTime<Utc>>,
    /// Still open or pending after its due time.
    pub overdue: bool,
    pub created_by: Option<Uuid>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

const SELECT: &str = "select t.id, t.number, t.subject, t.description, t.status, t.priority, t.assignee_id,
        au.name as assignee_name, t.contact_id, coalesce(c.name, c.profile_name) as contact_name,
        c.phone as contact_phone,
        coalesce(array(select tc.conversation_id from ticket_conversations tc where tc.ticket_id = t.id
                       order by tc.conversation_id), '{}') as conversation_ids,
        t.due_at, coalesce(t.status in ('open', 'pending') and t.due_at < now(), false) as overdue, t.created_by,
        cu.name as created_by_name, t.created_at, t.updated_at, t.resolved_at
    from tickets t left join contacts c on c.id = t.contact_id left join users au on au.id = t.assignee_id
        left join users cu on cu.id = t.created_by";

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<TicketRow>, DbErr> {
    TicketRow::find_by_statement(stmt(&format!("{SELECT} where t.id = $1"), [id.into()])).one(&tx.tx).await
}

#[derive(Debug, Default, Clone)]
pub struct TicketFilter {
    pub status: Option<String>,
    pub priority: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    /// Searches the subject and the contact's name and phone; `42` or `#42` also finds ticket 42.
    pub q: Option<String>,
}

/// Newest first, strictly after the cursor `(created_at, id)` when one is given.
pub async fn list(
    tx: &TenantTx,
    f: &TicketFilter,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<TicketRow>, DbErr> {
    let q = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let number = q.and_then(|q| q.trim_start_matches('#').parse::<i64>().ok());
    let (at, id) = after.map(|(a, i)| (Some(a), Some(i))).unwrap_or((None, None));
    let values: Vec<Value> = vec![
        f.status.clone().into(),
        f.priority.clone().into(),
        f.assignee_id.into(),
        f.contact_id.into(),
        f.conversation_id.into(),
        q.map(like_pattern).into(),
        number.into(),
        at.into(),
        id.into(),
        limit.into(),
    ];
    TicketRow::find_by_statement(stmt(
        &format!(
            "{SELECT} where ($1::text is null or t.status = $1) and ($2::text is null or t.priority = $2)
               and ($3::uuid is null or t.assignee_id = $3) and ($4::uuid is null or t.contact_id = $4)
               and ($5::uuid is null or exists (select 1 from ticket_conversations tc
                                                where tc.ticket_id = t.id and tc.conversation_id = $5))
               and ($6::text is null or t.subject ilike $6 or c.name ilike $6 or c.profile_name ilike $6
                    or c.phone ilike $6 or t.number = $7)
               and ($8::timestamptz is null or (t.created_at, t.id) < ($8, $9))
             order by t.created_at desc, t.id desc limit $10"
        ),
        values,
    ))
    .all(&tx.tx)
    .await
}

#[derive(FromQueryResult)]
struct Counter {
    value: i64,
}

/// The next value of a per-workspace counter (1 first).
pub async fn next_number(tx: &TenantTx, name: &str) -> Result<i64, DbErr> {
    Counter::find_by_statement(stmt(
        "insert into tenant_counters (tenant_id, name, value) values ($1, $2, 1)
         on conflict (tenant_id, name) do update set value = tenant_counters.value + 1 returning value",
        [tx.tenant_id.0.into(), name.into()],
    ))
    .one(&tx.tx)
    .await?
    .map(|c| c.value)
    .ok_or(DbErr::RecordNotInserted)
}

pub struct NewTicket<'a> {
    pub number: i64,
    pub subject: &'a str,
    pub description: Option<&'a str>,
    pub priority: &'a str,
    pub assignee_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub due_at: Option<DateTime<Utc>>,
    pub created_by: Option<Uuid>,
}

pub async fn insert(tx: &TenantTx, t: NewTicket<'_>) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    tx.execute_raw(stmt(
        "insert into tickets (id, tenant_id, number, subject, description, priority, assignee_id, contact_id,
            due_at, created_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        [
            id.into(),
            tx.tenant_id.0.into(),
            t.number.into(),
            t.subject.into(),
            t.description.map(str::to_owned).into(),
            t.priority.into(),
            t.assignee_id.into(),
            t.contact_id.into(),
            t.due_at.into(),
            t.created_by.into(),
        ],
    ))
    .await?;
    Ok(id)
}

/// What a PATCH changes: `None` keeps, `Some(None)` clears a nullable column.
#[derive(Debug, Default)]
pub struct TicketPatch {
    pub subject: Option<String>,
    pub description: Option<Option<String>>,
    pub status: Option<String>,
    pub priority: Option<String>,
    pub assignee_id: Option<Option<Uuid>>,
    pub due_at: Option<Option<DateTime<Utc>>>,
}

/// Applies a patch. Resolving or closing records when (once); reopening clears it.
pub async fn update(tx: &TenantTx, id: Uuid, p: TicketPatch) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update tickets set subject = coalesce($2, subject),
                description = case when $3 then $4 else description end, status = coalesce($5, status),
                resolved_at = case when coalesce($5, status) in ('resolved', 'closed')
                                   then coalesce(resolved_at, now()) end,
                priority = coalesce($6, priority), assignee_id = case when $7 then $8 else assignee_id end,
                due_at = case when $9 then $10 else due_at end, updated_at = now()
             where id = $1",
            [
                id.into(),
                p.subject.into(),
                p.description.is_some().into(),
                p.description.flatten().into(),
                p.status.into(),
                p.priority.into(),
                p.assignee_id.is_some().into(),
                p.assignee_id.flatten().into(),
                p.due_at.is_some().into(),
                p.due_at.flatten().into(),
            ],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Replaces the linked conversations; ids the workspace does not have are left out.
pub async fn set_conversations(tx: &TenantTx, id: Uuid, conversation_ids: &[Uuid]) -> Result<(), DbErr> {
    let known = "select id from conversations";
    replace_links(tx, "ticket_conversations", "ticket_id", "conversation_id", id, known, conversation_ids).await
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    Ok(tx.execute_raw(stmt("delete from tickets where id = $1", [id.into()])).await?.rows_affected() == 1)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct CommentRow {
    pub id: Uuid,
    pub ticket_id: Uuid,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

const COMMENT: &str = "select k.id, k.ticket_id, k.author_id, coalesce(u.name, 'Former member') as author_name,
        k.body, k.created_at
    from ticket_comments k left join users u on u.id = k.author_id";

/// A ticket's comments, oldest first.
pub async fn comments(tx: &TenantTx, ticket_id: Uuid) -> Result<Vec<CommentRow>, DbErr> {
    CommentRow::find_by_statement(stmt(
        &format!("{COMMENT} where k.ticket_id = $1 order by k.created_at, k.id"),
        [ticket_id.into()],
    ))
    .all(&tx.tx)
    .await
}

pub async fn add_comment(
    tx: &TenantTx,
    ticket_id: Uuid,
    author_id: Option<Uuid>,
    body: &str,
) -> Result<Option<CommentRow>, DbErr> {
    let id = Uuid::now_v7();
    tx.execute_raw(stmt(
        "insert into ticket_comments (id, tenant_id, ticket_id, author_id, body) values ($1, $2, $3, $4, $5)",
        [id.into(), tx.tenant_id.0.into(), ticket_id.into(), author_id.into(), body.into()],
    ))
    .await?;
    tx.execute_raw(stmt("update tickets set updated_at = now() where id = $1", [ticket_id.into()])).await?;
    CommentRow::find_by_statement(stmt(&format!("{COMMENT} where k.id = $1"), [id.into()])).one(&tx.tx).await
}
