//! Support tickets: numbered per workspace, tied to a contact and the conversations they came from,
//! assigned, resolved and reopened, with internal comments. Agents work tickets; managers delete them.

use crate::check::{Check, checked};
use crate::crm::deals::{PRIORITIES, pick};
use crate::crm::dto::*;
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_store::TenantTx;
use parley_store::repo;
use parley_store::repo::crm::tickets::{
    self as repo_tickets, CommentRow, NewTicket, TicketFilter, TicketPatch, TicketRow,
};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct TicketService(pub(crate) Arc<Core>);

pub(crate) const STATUSES: [&str; 4] = ["open", "pending", "resolved", "closed"];

fn ticket_not_found() -> DomainError {
    DomainError::NotFound("Ticket")
}

pub(crate) fn ticket_dto(r: TicketRow) -> Ticket {
    Ticket {
        id: r.id,
        number: r.number,
        subject: r.subject,
        description: r.description,
        status: r.status,
        priority: r.priority,
        assignee_id: r.assignee_id,
        assignee_name: r.assignee_name,
        contact_id: r.contact_id,
        contact_name: r.contact_name,
        contact_phone: r.contact_phone,
        conversation_ids: r.conversation_ids,
        due_at: r.due_at,
        overdue: r.overdue,
        created_by_id: r.created_by,
        created_by_name: r.created_by_name,
        created_at: r.created_at,
        updated_at: r.updated_at,
        resolved_at: r.resolved_at,
    }
}

fn comment_dto(r: CommentRow) -> TicketComment {
    TicketComment {
        id: r.id,
        ticket_id: r.ticket_id,
        author_id: r.author_id,
        author_name: r.author_name,
        body: r.body,
        created_at: r.created_at,
    }
}

/// Optional text: blank means none.
fn optional_text(c: &mut Check, field: &str, raw: Option<&str>, max: usize) -> Option<String> {
    raw.filter(|v| !v.trim().is_empty()).and_then(|v| c.multiline(field, v, 1, max))
}

async fn active_member(tx: &TenantTx, user: Option<Uuid>) -> Result<()> {
    if let Some(u) = user
        && repo::team::agents::get(tx, u).await.db()?.is_none()
    {
        return Err(DomainError::missing("assigneeId", "must be an active member of this workspace"));
    }
    Ok(())
}

impl TicketService {
    pub async fn tickets(&self, t: &TenantCtx, q: TicketQuery) -> Result<TicketPage> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let mut c = Check::default();
        let status = q.status.as_deref().map(|s| pick(&mut c, "status", s, &STATUSES));
        let priority = q.priority.as_deref().map(|p| pick(&mut c, "priority", p, &PRIORITIES));
        if q.mine == Some(true) && actor.user_id.is_none() {
            c.push("mine", "needs a person: this API key's creator is no longer known");
        }
        let limit = crate::crm::deals::page_limit(&mut c, q.limit) as i64;
        c.finish()?;
        let assignee_id = if q.mine == Some(true) { actor.user_id.map(|u| u.0) } else { q.assignee_id };
        let after = q.cursor.as_deref().map(|s| crate::cursor::decode_at("cursor", s)).transpose()?;
        let f = TicketFilter {
            status: status.flatten(),
            priority: priority.flatten(),
            assignee_id,
            contact_id: q.contact_id,
            conversation_id: q.conversation_id,
            q: q.q,
        };
        let rows = repo_tickets::list(&tx, &f, after, limit + 1).await.db()?;
        let more = rows.len() as i64 > limit;
        let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
        let next_cursor = if more { rows.last().map(|r| crate::cursor::encode_at(r.created_at, r.id)) } else { None };
        Ok(TicketPage { items: rows.into_iter().map(ticket_dto).collect(), next_cursor })
    }

    pub async fn ticket(&self, t: &TenantCtx, id: Uuid) -> Result<Ticket> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo_tickets::get(&tx, id).await.db()?.map(ticket_dto).ok_or_else(ticket_not_found)
    }

    /// Opens a ticket with the next number; from a conversation, it takes the conversation's contact
    /// (unless one is named) and is linked to it.
    pub async fn create_ticket(&self, t: &TenantCtx, i: CreateTicketInput) -> Result<Ticket> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let mut c = Check::default();
        let subject = c.text("subject", &i.subject, 1, 200);
        let description = optional_text(&mut c, "description", i.description.as_deref(), 10_000);
        let priority = pick(&mut c, "priority", i.priority.as_deref().unwrap_or("medium"), &PRIORITIES);
        c.finish()?;
        let conversation = match i.conversation_id {
            Some(id) => Some(
                repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Conversation"))?,
            ),
            None => None,
        };
        if let Some(id) = i.contact_id {
            repo::crm::contacts::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        }
        active_member(&tx, i.assignee_id).await?;
        let number = repo_tickets::next_number(&tx, "ticket").await.db()?;
        let id = repo_tickets::insert(
            &tx,
            NewTicket {
                number,
                subject: &checked(subject)?,
                description: description.as_deref(),
                priority: &checked(priority)?,
                assignee_id: i.assignee_id,
                contact_id: i.contact_id.or(conversation.as_ref().map(|c| c.contact_id)),
                due_at: i.due_at,
                created_by: actor.user_id.map(|u| u.0),
            },
        )
        .await
        .db()?;
        if let Some(conv) = &conversation {
            repo_tickets::set_conversations(&tx, id, &[conv.id]).await.db()?;
        }
        let row = repo_tickets::get(&tx, id).await.db()?.ok_or_else(ticket_not_found)?;
        let out = ticket_dto(row);
        self.0.commit_events(tx, vec![ticket_event("ticket.created", &out)]).await?;
        Ok(out)
    }

    pub async fn update_ticket(&self, t: &TenantCtx, id: Uuid, i: UpdateTicketInput) -> Result<Ticket> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo_tickets::get(&tx, id).await.db()?.ok_or_else(ticket_not_found)?;
        let mut c = Check::default();
        let subject = i.subject.as_deref().map(|v| c.text("subject", v, 1, 200));
        let description = i.description.as_ref().map(|d| optional_text(&mut c, "description", d.as_deref(), 10_000));
        let status = i.status.as_deref().map(|s| pick(&mut c, "status", s, &STATUSES));
        let priority = i.priority.as_deref().map(|p| pick(&mut c, "priority", p, &PRIORITIES));
        c.finish()?;
        active_member(&tx, i.assignee_id.flatten()).await?;
        let patch = TicketPatch {
            subject: subject.flatten(),
            description,
            status: status.flatten(),
            priority: priority.flatten(),
            assignee_id: i.assignee_id,
            due_at: i.due_at,
        };
        repo_tickets::update(&tx, id, patch).await.db()?;
        let row = repo_tickets::get(&tx, id).await.db()?.ok_or_else(ticket_not_found)?;
        let out = ticket_dto(row);
        self.0.commit_events(tx, vec![ticket_event("ticket.updated", &out)]).await?;
        Ok(out)
    }

    pub async fn delete_ticket(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        if !repo_tickets::delete(&tx, id).await.db()? {
            return Err(ticket_not_found());
        }
        tx.commit().await.db()
    }

    /// Replaces the linked conversations; each must be a conversation of the workspace.
    pub async fn set_conversations(&self, t: &TenantCtx, id: Uuid, i: SetTicketConversationsInput) -> Result<Ticket> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo_tickets::get(&tx, id).await.db()?.ok_or_else(ticket_not_found)?;
        if i.conversation_ids.len() > 100 {
            return Err(DomainError::field("conversationIds", "must list at most 100 conversations"));
        }
        let found = repo::inbox::conversations::get_many(&tx, &i.conversation_ids).await.db()?;
        if let Some(n) = i.conversation_ids.iter().position(|c| !found.iter().any(|f| f.id == *c)) {
            return Err(DomainError::missing(
                &format!("conversationIds.{n}"),
                "must be a conversation of this workspace",
            ));
        }
        repo_tickets::set_conversations(&tx, id, &i.conversation_ids).await.db()?;
        let row = repo_tickets::get(&tx, id).await.db()?.ok_or_else(ticket_not_found)?;
        tx.commit().await.db()?;
        Ok(ticket_dto(row))
    }

    pub async fn comments(&self, t: &TenantCtx, id: Uuid) -> Result<Vec<TicketComment>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo_tickets::get(&tx, id).await.db()?.ok_or_else(ticket_not_found)?;
        Ok(repo_tickets::comments(&tx, id).await.db()?.into_iter().map(comment_dto).collect())
    }

    pub async fn add_comment(&self, t: &TenantCtx, id: Uuid, i: CreateTicketCommentInput) -> Result<TicketComment> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        repo_tickets::get(&tx, id).await.db()?.ok_or_else(ticket_not_found)?;
        let mut c = Check::default();
        let body = c.multiline("body", &i.body, 1, 5000);
        c.finish()?;
        let row = repo_tickets::add_comment(&tx, id, actor.user_id.map(|u| u.0), &checked(body)?)
            .await
            .db()?
            .ok_or_else(|| DomainError::internal("comment not inserted"))?;
        tx.commit().await.db()?;
        Ok(comment_dto(row))
    }
}

/// `ticket.created` / `ticket.updated` for integrations.
fn ticket_event(kind: &'static str, t: &Ticket) -> crate::events::Event {
    crate::events::Event::Integration { kind, subject: Some(t.id), data: serde_json::json!(t) }
}
