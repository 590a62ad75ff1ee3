//! Conversations and messages as people use them: list, read, start, send, retry; media
//! upload and download. Sending writes the message and its job in one transaction, counted against the plan's
//! monthly messages in that same transaction.

use crate::billing::quota::Meter;
use crate::channel::jobs;
use crate::check::{Check, checked};
use crate::crm::dto::SetLabelsInput;
use crate::crm::labels::known_labels;
use crate::ctx::TenantCtx;
use crate::events::Event;
use crate::inbox::dto::*;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use chrono::{Duration as ChronoDuration, Utc};
use parley_store::TenantTx;
use parley_store::repo::{
    self,
    channel::media::MediaRow,
    inbox::conversations::{AssigneeFilter, ConversationFilter},
    inbox::messages::MessageRow,
};
use serde_json::{Value, json};
use std::sync::Arc;
use uuid::Uuid;

/// WhatsApp's customer service window.
pub const SERVICE_WINDOW: ChronoDuration = ChronoDuration::hours(24);

#[derive(Clone)]
pub struct InboxService(pub(crate) Arc<Core>);

fn conversation_not_found() -> DomainError {
    DomainError::NotFound("Conversation")
}

pub(crate) fn conversation_dto(r: repo::inbox::conversations::ConversationRow) -> Conversation {
    let expires = r.last_inbound_at.map(|t| t + SERVICE_WINDOW);
    Conversation {
        id: r.id,
        contact_id: r.contact_id,
        connection_id: r.connection_id,
        status: r.status,
        contact_name: r.contact_name,
        contact_phone: r.contact_phone,
        connection_name: r.connection_name,
        last_inbound_at: r.last_inbound_at,
        last_message_at: r.last_message_at,
        last_message_preview: r.last_message_preview,
        unread_count: r.unread_count,
        window_open: expires.is_some_and(|e| e > Utc::now()),
        window_expires_at: expires,
        connection_kind: r.connection_kind,
        assignee_id: r.assignee_id,
        assignee_name: r.assignee_name,
        team_id: r.team_id,
        team_name: r.team_name,
        snoozed_until: r.snoozed_until,
        labels: serde_json::from_value(r.labels).unwrap_or_default(),
        campaign_id: r.campaign_id,
        campaign_name: r.campaign_name,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

pub(crate) fn media_dto(m: MediaRow) -> Media {
    Media {
        url: format!("/api/v1/media/{}", m.id),
        id: m.id,
        status: m.status,
        mime_type: m.mime_type,
        filename: m.filename,
        size_bytes: m.size_bytes,
        error: m.error,
    }
}

pub(crate) fn message_dto(m: MessageRow, media: Option<MediaRow>) -> Message {
    Message {
        id: m.id,
        conversation_id: m.conversation_id,
        direction: m.direction,
        kind: m.r#type,
        content: m.content,
        media: media.map(media_dto),
        status: m.status,
        error: m.error,
        wa_message_id: m.wa_message_id,
        sender_user_id: m.sender_user_id,
        sender_name: m.sender_name,
        flow_run_id: m.flow_run_id,
        flow_name: m.flow_name,
        reply_to_wa_id: m.reply_to_wa_id,
        attempts: m.attempts,
        created_at: m.created_at,
        sent_at: m.sent_at,
        delivered_at: m.delivered_at,
        read_at: m.read_at,
        failed_at: m.failed_at,
    }
}

pub(crate) async fn with_media(tx: &TenantTx, m: MessageRow) -> Result<Message> {
    let media = match m.media_id {
        Some(id) => repo::channel::media::get(&tx.tx, id).await.db()?,
        None => None,
    };
    Ok(message_dto(m, media))
}

/// Messages with their media, read in one query for all of them.
pub(crate) async fn with_media_many(tx: &TenantTx, rows: Vec<MessageRow>) -> Result<Vec<Message>> {
    let media_ids: Vec<Uuid> = rows.iter().filter_map(|m| m.media_id).collect();
    let media = repo::channel::media::get_many(&tx.tx, &media_ids).await.db()?;
    Ok(rows
        .into_iter()
        .map(|m| {
            let md = m.media_id.and_then(|mid| media.iter().find(|x| x.id == mid).cloned());
            message_dto(m, md)
        })
        .collect())
}

/// Messages of these ids with their media, oldest first (for events).
pub(crate) async fn messages_with_media(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<Message>> {
    with_media_many(tx, repo::inbox::messages::get_many(&tx.tx, ids).await.db()?).await
}

use crate::inbox::dto::MEDIA_KINDS as MEDIA_TYPES;

impl Core {
    /// Records an inbound message's media and queues its download, in the message's transaction.
    pub(crate) async fn attach_inbound_media(
        &self,
        tx: &TenantTx,
        connection_id: Uuid,
        message_id: Uuid,
        wa_media_id: Option<&str>,
        mime_type: Option<&str>,
        filename: Option<&str>,
    ) -> Result<()> {
        let media = repo::channel::media::insert(
            tx,
            repo::channel::media::NewMedia {
                id: Uuid::now_v7(),
                connection_id: Some(connection_id),
                direction: "inbound",
                status: if wa_media_id.is_some() { "pending" } else { "failed" },
                wa_media_id,
                storage_key: None,
                mime_type,
                filename,
                size_bytes: None,
                sha256: None,
            },
        )
        .await
        .db()?;
        repo::inbox::messages::set_media(tx, message_id, media.id).await.db()?;
        if wa_media_id.is_some() {
            self.enqueue_download(tx, media.id).await?;
        }
        Ok(())
    }

    pub(crate) async fn enqueue_download(&self, tx: &TenantTx, media_id: Uuid) -> Result<()> {
        let job = jobs::DownloadMedia { tenant_id: tx.tenant_id.0, media_id };
        let key = format!("{media_id}:{}", Uuid::now_v7());
        repo::jobs::enqueue(&tx.tx, jobs::DOWNLOAD_MEDIA, &json!(job), &key, 3).await.db()
    }

    /// Writes an outbound message, moves its conversation's preview and queues the send: all in the caller's
    /// transaction, so the message exists exactly when its job does.
    pub(crate) async fn queue_outbound(
        &self,
        tx: &TenantTx,
        draft: repo::inbox::messages::NewMessage<'_>,
        preview: &str,
    ) -> Result<MessageRow> {
        let (conversation_id, at) = (draft.conversation_id, draft.created_at);
        let row = repo::inbox::messages::insert(tx, draft)
            .await
            .db()?
            .ok_or_else(|| DomainError::internal("outbound message not inserted"))?;
        repo::inbox::conversations::on_outbound(tx, conversation_id, at, preview).await.db()?;
        self.enqueue_send(tx, row.id, 0).await?;
        Ok(row)
    }

    pub(crate) async fn enqueue_send(&self, tx: &TenantTx, message_id: Uuid, attempt: i32) -> Result<()> {
        let job = jobs::SendMessage { tenant_id: tx.tenant_id.0, message_id };
        // One job per message and manual retry: a second enqueue of the same attempt is a no-op.
        repo::jobs::enqueue(&tx.tx, jobs::SEND_MESSAGE, &json!(job), &format!("{message_id}:{attempt}"), 3).await.db()
    }
}

impl InboxService {
    // ---- conversations ----

    pub async fn conversations(&self, t: &TenantCtx, q: ConversationQuery) -> Result<ConversationList> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let status = q.status.filter(|s| s != "all");
        if let Some(s) = status.as_deref()
            && !STATUSES.contains(&s)
        {
            return Err(DomainError::field("status", "must be one of: all, open, pending, snoozed, resolved, closed"));
        }
        let assignee = match q.assignee.as_deref().unwrap_or("all") {
            "all" => AssigneeFilter::All,
            "unassigned" => AssigneeFilter::Unassigned,
            "me" => AssigneeFilter::User(actor.user_id.map(|u| u.0).unwrap_or_default()),
            other => AssigneeFilter::User(
                Uuid::parse_str(other)
                    .map_err(|_| DomainError::field("assignee", "must be me, unassigned, all or a member's id"))?,
            ),
        };
        let after = q.cursor.as_deref().map(|c| crate::cursor::decode_at("cursor", c)).transpose()?;
        let limit = crate::check::in_range("limit", q.limit, 50, 200)? as i64;
        let f = ConversationFilter {
            status,
            connection_id: q.connection_id,
            contact_id: q.contact_id,
            q: q.q,
            assignee,
            label_id: q.label_id,
            team_id: q.team_id,
        };
        let (rows, total) = repo::inbox::conversations::list(&tx, &f, after, limit + 1).await.db()?;
        let more = rows.len() as i64 > limit;
        let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
        let next_cursor = if more { rows.last().map(|c| crate::cursor::encode_at(c.activity_at, c.id)) } else { None };
        Ok(ConversationList { items: rows.into_iter().map(conversation_dto).collect(), next_cursor, total })
    }

    pub async fn counts(&self, t: &TenantCtx) -> Result<InboxCounts> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let c = repo::inbox::conversations::counts(&tx, actor.user_id.map(|u| u.0)).await.db()?;
        Ok(InboxCounts { mine: c.mine, unassigned: c.unassigned, all: c.all })
    }

    pub async fn conversation(&self, t: &TenantCtx, id: Uuid) -> Result<Conversation> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::inbox::conversations::get(&tx.tx, id).await.db()?.map(conversation_dto).ok_or_else(conversation_not_found)
    }

    /// Opens (or finds) the conversation with a contact on a number, e.g. to send a template first.
    pub async fn start_conversation(&self, t: &TenantCtx, input: StartConversationInput) -> Result<Conversation> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let contact =
            repo::crm::contacts::get(&tx.tx, input.contact_id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        if contact.phone.is_none() {
            return Err(DomainError::Conflict {
                code: "contact_without_phone",
                message: "This contact has no phone number; wait for them to write first.".into(),
            });
        }
        self.0.connection(&tx, input.connection_id).await?;
        let (id, created) =
            repo::inbox::conversations::ensure(&tx, input.contact_id, input.connection_id).await.db()?;
        let row = repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        let out = conversation_dto(row);
        let events = if created { vec![Event::ConversationNew { conversation: out.clone() }] } else { vec![] };
        self.0.commit_events(tx, events).await?;
        Ok(out)
    }

    /// Changes the status; `snoozed` needs the time a sweeper reopens it (one already past reopens it at the next
    /// sweep), and no other status takes one.
    pub async fn update_conversation(
        &self,
        t: &TenantCtx,
        id: Uuid,
        input: UpdateConversationInput,
    ) -> Result<Conversation> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        if !STATUSES.contains(&input.status.as_str()) {
            return Err(DomainError::field("status", "must be one of: open, pending, snoozed, resolved, closed"));
        }
        let until = match (input.status.as_str(), input.snoozed_until) {
            ("snoozed", Some(at)) => Some(at),
            ("snoozed", None) => return Err(DomainError::field("snoozedUntil", "is required with snoozed")),
            (_, Some(_)) => return Err(DomainError::field("snoozedUntil", "is only taken with snoozed")),
            (_, None) => None,
        };
        let before = repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        if !repo::inbox::conversations::set_status(&tx, id, &input.status, until).await.db()? {
            return Err(conversation_not_found());
        }
        let row = repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        let out = conversation_dto(row);
        let events = status_events(&out, &before.status);
        self.0.commit_events(tx, events).await?;
        Ok(out)
    }

    /// Assigns to a member and/or a team (null clears, omitted keeps). The new assignee is notified.
    pub async fn assign(&self, t: &TenantCtx, id: Uuid, input: AssignInput) -> Result<Conversation> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let conv = repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        let assignee = input.assignee_id.unwrap_or(conv.assignee_id);
        let team = input.team_id.unwrap_or(conv.team_id);
        if let Some(u) = assignee
            && repo::team::agents::get(&tx, u).await.db()?.is_none()
        {
            return Err(DomainError::missing("assigneeId", "must be an active member of this workspace"));
        }
        if let Some(team) = team
            && repo::team::teams::get(&tx, team).await.db()?.is_none()
        {
            return Err(DomainError::missing("teamId", "must be a team of this workspace"));
        }
        repo::inbox::conversations::assign(&tx, id, assignee, team).await.db()?;
        let row = repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        let out = conversation_dto(row);
        let by = actor.user_id.map(|u| u.0);
        let mut events = vec![Event::ConversationAssigned { conversation: out.clone(), by }];
        if let Some(u) = assignee.filter(|u| Some(*u) != conv.assignee_id && Some(*u) != by) {
            events.push(assigned_notification(&out, u));
        }
        self.0.commit_events(tx, events).await?;
        Ok(out)
    }

    /// Replaces the conversation's labels.
    pub async fn set_labels(&self, t: &TenantCtx, id: Uuid, input: SetLabelsInput) -> Result<Conversation> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let before = repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        known_labels(&tx, &input.label_ids).await?;
        repo::inbox::conversations::set_labels(&tx, id, &input.label_ids).await.db()?;
        let row = repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        let out = conversation_dto(row);
        let had: Vec<Uuid> = conversation_dto(before).labels.iter().map(|l| l.id).collect();
        let added: Vec<Uuid> = input.label_ids.iter().filter(|l| !had.contains(l)).copied().collect();
        let removed: Vec<Uuid> = had.iter().filter(|l| !input.label_ids.contains(l)).copied().collect();
        let mut events = vec![Event::ConversationUpdated { conversation: out.clone() }];
        if !added.is_empty() || !removed.is_empty() {
            events.push(labels_changed(&out, &added, &removed));
        }
        self.0.commit_events(tx, events).await?;
        Ok(out)
    }

    /// An internal note: in the timeline for the team, never sent to the customer.
    pub async fn add_note(&self, t: &TenantCtx, id: Uuid, input: NoteInput) -> Result<Message> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let conv = repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        let mut c = Check::default();
        let text = c.multiline("text", &input.text, 1, 4096);
        c.finish()?;
        let note = repo::inbox::messages::NewMessage::authored(
            id,
            conv.connection_id,
            "note",
            "text",
            json!({"text": checked(text)?}),
            "received",
            actor.user_id.map(|u| u.0),
        );
        let row = repo::inbox::messages::insert(&tx, note)
            .await
            .db()?
            .ok_or_else(|| DomainError::internal("note not inserted"))?;
        tx.commit().await.db()?;
        let out = message_dto(row, None);
        self.0.events.publish(t.tenant_id.0, [Event::MessageNew { message: out.clone() }]);
        Ok(out)
    }

    /// Clears the unread count and tells WhatsApp the customer's last message was read (blue ticks).
    pub async fn mark_read(&self, t: &TenantCtx, id: Uuid) -> Result<Conversation> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let conv = repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        let had_unread = conv.unread_count > 0;
        repo::inbox::conversations::mark_read(&tx, id).await.db()?;
        let last_inbound =
            if had_unread { repo::inbox::messages::last_inbound_wa_id(&tx, id).await.db()? } else { None };
        let conn = self.0.connection(&tx, conv.connection_id).await?;
        // A website visitor sees their messages turn read, as a WhatsApp customer does (whose phone learns it from
        // the read receipt below): the newest of those just read are told to the widget.
        let seen = if conn.kind == "widget" {
            let ids = repo::widget::visitors::agent_read(&tx, id, 100).await.db()?;
            messages_with_media(&tx, &ids).await?
        } else {
            Vec::new()
        };
        let row = repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        tx.commit().await.db()?;
        let out = conversation_dto(row);
        if had_unread {
            self.0.events.publish(t.tenant_id.0, [Event::ConversationUpdated { conversation: out.clone() }]);
        }
        if !seen.is_empty() {
            self.0.events.publish(t.tenant_id.0, seen.into_iter().map(|message| Event::MessageStatus { message }));
        }
        if let (Some(wa_id), Some(pnid), Ok(crate::channel::Credentials::Cloud { access_token, .. })) =
            (last_inbound, conn.phone_number_id.as_deref(), self.0.channel.open(&conn.credentials))
            && let Ok(client) = self.0.channel.cloud(conn.simulated)
            && let Err(e) = client.mark_read(pnid, &access_token, &wa_id).await
        {
            // A missing read receipt costs the customer two blue ticks, not the agent's action.
            tracing::warn!(error = %e.reason(), "read receipt not sent");
        }
        Ok(out)
    }

    // ---- messages ----

    pub async fn messages(&self, t: &TenantCtx, id: Uuid, q: MessageQuery) -> Result<MessagePage> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        let before = q.before.as_deref().map(|c| crate::cursor::decode_at("before", c)).transpose()?;
        let limit = crate::check::in_range("limit", q.limit, 50, 100)? as i64;
        let rows = repo::inbox::messages::page(&tx, id, before, limit + 1).await.db()?;
        let more = rows.len() as i64 > limit;
        let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
        let next_cursor = if more { rows.last().map(|m| crate::cursor::encode_at(m.created_at, m.id)) } else { None };
        let items = with_media_many(&tx, rows).await?;
        Ok(MessagePage { items, next_cursor })
    }

    pub async fn message(&self, t: &TenantCtx, id: Uuid) -> Result<Message> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let m = repo::inbox::messages::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Message"))?;
        with_media(&tx, m).await
    }

    /// Validates and queues a message; the send job delivers it. Outside the 24-hour window only
    /// templates may go out (Cloud API numbers).
    pub async fn send(&self, t: &TenantCtx, conversation_id: Uuid, input: SendMessageInput) -> Result<Message> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let conv =
            repo::inbox::conversations::get(&tx.tx, conversation_id).await.db()?.ok_or_else(conversation_not_found)?;
        let conn = self.0.connection(&tx, conv.connection_id).await?;
        if repo::privacy::contact::erased_at(&tx.tx, conv.contact_id).await.db()?.is_some() {
            return Err(DomainError::Conflict {
                code: "contact_erased",
                message: "This contact was erased (GDPR): nothing can be sent to it.".into(),
            });
        }
        if !conv.addressable() {
            return Err(DomainError::Conflict {
                code: "contact_without_phone",
                message: "WhatsApp did not share this customer's number, so replies cannot be addressed.".into(),
            });
        }
        let (content, preview, media_id) = self.validate(&tx, &conn, &input).await?;
        let window_open = conv.last_inbound_at.is_some_and(|at| at + SERVICE_WINDOW > Utc::now());
        if conn.kind == "cloud" && input.kind != "template" && !window_open {
            return Err(DomainError::Conflict {
                code: "service_window_closed",
                message: "More than 24 hours passed since the customer last wrote: only an approved template can be sent until they reply.".into(),
            });
        }
        let reply_to = match input.reply_to {
            Some(r) => {
                let m =
                    repo::inbox::messages::get(&tx.tx, r).await.db()?.filter(|m| m.conversation_id == conversation_id);
                let m = m.ok_or_else(|| DomainError::missing("replyTo", "must be a message of this conversation"))?;
                Some(m.wa_message_id.ok_or_else(|| not_delivered("The quoted message has not reached WhatsApp yet."))?)
            }
            None => None,
        };
        let draft = repo::inbox::messages::NewMessage {
            media_id,
            reply_to_wa_id: reply_to.as_deref(),
            ..repo::inbox::messages::NewMessage::authored(
                conversation_id,
                conn.id,
                "outbound",
                &input.kind,
                content,
                "queued",
                actor.user_id.map(|u| u.0),
            )
        };
        let row = self.0.queue_outbound(&tx, draft, &preview).await?;
        let out = with_media(&tx, row).await?;
        let conv =
            repo::inbox::conversations::get(&tx.tx, conversation_id).await.db()?.ok_or_else(conversation_not_found)?;
        // Metered once the message is valid; the meter is applied at commit (a refusal stores none of the above).
        self.0.meter(&tx, Meter::Messages, 1).await?;
        let events = vec![
            Event::MessageNew { message: out.clone() },
            Event::ConversationUpdated { conversation: conversation_dto(conv) },
        ];
        let queued = self.0.record_events(&tx, &events).await?;
        self.0.commit_metered(tx, Meter::Messages, 1).await?;
        self.0.published(t.tenant_id.0, events, queued);
        Ok(out)
    }

    /// Validates the input for its type; answers the stored content, the preview and the media.
    async fn validate(
        &self,
        tx: &TenantTx,
        conn: &repo::channel::connections::ConnectionRow,
        i: &SendMessageInput,
    ) -> Result<(Value, String, Option<Uuid>)> {
        let mut c = Check::default();
        let text = |c: &mut Check, field: &str, v: &Option<String>, max: usize| {
            v.as_deref().and_then(|t| c.text(field, t, 1, max))
        };
        let qr = conn.kind == "wasender";
        let allowed: &[&str] = if conn.kind == "widget" {
            // A website visitor's panel shows text, images, files and buttons (lists become buttons).
            &["text", "image", "document", "buttons", "list"]
        } else if qr {
            // QR sessions take files by URL (a signed, expiring link to our copy); no templates or widgets.
            &["text", "image", "video", "audio", "document"]
        } else {
            &[
                "text", "image", "video", "audio", "document", "sticker", "template", "buttons", "list", "reaction",
                "location",
            ]
        };
        if !allowed.contains(&i.kind.as_str()) {
            // The kind is one the document lists; what refuses it is the number this conversation is on.
            if !(qr && QR_REFUSED.contains(&i.kind.as_str())) {
                return Err(DomainError::field("type", &format!("must be one of: {}", allowed.join(", "))));
            }
            return Err(DomainError::Conflict {
                code: "qr_number_type",
                message: format!("A QR number sends {} messages only.", allowed.join(", ")),
            });
        }
        let mut media_id = None;
        let (content, preview) = match i.kind.as_str() {
            "text" => {
                let body = c.multiline("text", i.text.as_deref().unwrap_or(""), 1, 4096);
                c.finish()?;
                let body = checked(body)?;
                (json!({"text": body}), body)
            }
            k if MEDIA_TYPES.contains(&k) => {
                let caption = text(&mut c, "caption", &i.caption, 1024);
                if i.media_id.is_none() {
                    c.push("mediaId", "is required: upload the file to /api/v1/media first");
                }
                c.finish()?;
                let mid = checked(i.media_id)?;
                let m = repo::channel::media::get(&tx.tx, mid)
                    .await
                    .db()?
                    .ok_or_else(|| DomainError::missing("mediaId", "must be a file of this workspace"))?;
                if m.status != "stored" {
                    return Err(DomainError::Conflict {
                        code: "media_not_available",
                        message: format!("This file is {}: only a stored file can be sent.", m.status),
                    });
                }
                media_id = Some(m.id);
                (
                    json!({"caption": caption, "filename": m.filename, "mimeType": m.mime_type}),
                    format!("[{k}] {}", caption.clone().or(m.filename.clone()).unwrap_or_default()).trim().to_owned(),
                )
            }
            "template" => {
                let Some(tpl) = &i.template else {
                    return Err(DomainError::field("template", "is required"));
                };
                let found = repo::channel::templates::find(tx, conn.id, &tpl.name, &tpl.language).await.db()?;
                if found.as_ref().map(|t| t.status.as_str()) != Some("APPROVED") {
                    return Err(DomainError::Conflict {
                        code: "template_not_approved",
                        message: format!(
                            "Template {:?} ({}) is not approved for this number; sync templates or pick another.",
                            tpl.name, tpl.language
                        ),
                    });
                }
                if tpl.components.as_ref().is_some_and(|v| !v.is_array()) {
                    return Err(DomainError::field("template.components", "must be an array"));
                }
                (json!({"template": tpl}), format!("[template] {}", tpl.name))
            }
            "buttons" => {
                let body = c.text("text", i.text.as_deref().unwrap_or(""), 1, 1024);
                let buttons = i.buttons.clone().unwrap_or_default();
                if buttons.is_empty() || buttons.len() > 3 {
                    c.push("buttons", "must have 1 to 3 buttons");
                }
                for (n, b) in buttons.iter().enumerate() {
                    c.text(&format!("buttons[{n}].title"), &b.title, 1, 20);
                    c.text(&format!("buttons[{n}].id"), &b.id, 1, 256);
                }
                c.finish()?;
                let body = checked(body)?;
                (json!({"text": body, "buttons": buttons, "header": i.header, "footer": i.footer}), body)
            }
            "list" => {
                let body = c.text("text", i.text.as_deref().unwrap_or(""), 1, 4096);
                let button = c.text("listButton", i.list_button.as_deref().unwrap_or(""), 1, 20);
                let sections = i.sections.clone().unwrap_or_default();
                let rows: usize = sections.iter().map(|s| s.rows.len()).sum();
                if sections.is_empty() || sections.iter().any(|s| s.rows.is_empty()) || rows > 10 {
                    c.push("sections", "must hold 1 to 10 rows in all, each section at least one");
                }
                c.finish()?;
                let body = checked(body)?;
                (
                    json!({"text": body, "listButton": button, "sections": sections, "header": i.header, "footer": i.footer}),
                    body,
                )
            }
            "reaction" => {
                let Some(id) = i.message_id else {
                    return Err(DomainError::field("messageId", "is required"));
                };
                let target = repo::inbox::messages::get(&tx.tx, id)
                    .await
                    .db()?
                    .ok_or_else(|| DomainError::missing("messageId", "must be a message of this workspace"))?
                    .wa_message_id
                    .ok_or_else(|| not_delivered("The message reacted to has not reached WhatsApp yet."))?;
                let emoji = i.emoji.clone().unwrap_or_default();
                if emoji.chars().count() > 8 {
                    return Err(DomainError::field("emoji", "must be one emoji (or empty to remove)"));
                }
                (json!({"emoji": emoji, "reactedTo": target}), format!("[reaction] {emoji}").trim().to_owned())
            }
            "location" => {
                let (Some(lat), Some(lon)) = (i.latitude, i.longitude) else {
                    return Err(DomainError::field("latitude", "latitude and longitude are required"));
                };
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    return Err(DomainError::field("latitude", "coordinates are out of range"));
                }
                (
                    json!({"latitude": lat, "longitude": lon, "name": i.name, "address": i.address}),
                    format!("[location] {}", i.name.clone().unwrap_or_default()).trim().to_owned(),
                )
            }
            _ => unreachable!("checked against the allowed types above"),
        };
        Ok((content, preview, media_id))
    }

    /// Sends a failed message again (a person decided to).
    pub async fn retry(&self, t: &TenantCtx, id: Uuid) -> Result<Message> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let m = repo::inbox::messages::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Message"))?;
        if !repo::inbox::messages::reset_for_retry(&tx, id).await.db()? {
            return Err(DomainError::Conflict {
                code: "not_failed",
                message: "Only a failed outbound message can be retried.".into(),
            });
        }
        self.0.enqueue_send(&tx, id, m.attempts + 1).await?;
        let m = repo::inbox::messages::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Message"))?;
        let out = with_media(&tx, m).await?;
        self.0.commit_events(tx, vec![Event::MessageStatus { message: out.clone() }]).await?;
        Ok(out)
    }

    // ---- media ----

    /// Stores an uploaded file for sending; it is uploaded to WhatsApp when a message uses it.
    pub async fn upload_media(
        &self,
        t: &TenantCtx,
        bytes: bytes::Bytes,
        mime_type: &str,
        filename: Option<&str>,
    ) -> Result<Media> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        if bytes.is_empty() {
            return Err(DomainError::field("file", "is empty"));
        }
        let id = Uuid::now_v7();
        let key = parley_media::object_key(tx.tenant_id.0, id, filename);
        let stored = self.0.channel.media.put(&key, bytes, mime_type).await.map_err(media_error)?;
        let row = repo::channel::media::insert(
            &tx,
            repo::channel::media::NewMedia {
                id,
                connection_id: None,
                direction: "outbound",
                status: "stored",
                wa_media_id: None,
                storage_key: Some(&stored.key),
                mime_type: Some(mime_type),
                filename,
                size_bytes: Some(stored.size as i64),
                sha256: Some(&stored.sha256),
            },
        )
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(media_dto(row))
    }

    /// The bytes of a stored file, its type and name.
    pub async fn media_content(&self, t: &TenantCtx, id: Uuid) -> Result<(bytes::Bytes, String, Option<String>)> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let m = repo::channel::media::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Media"))?;
        drop(tx);
        let (Some(key), "stored") = (m.storage_key.as_deref(), m.status.as_str()) else {
            return Err(DomainError::Rejected {
                code: "media_not_available",
                message: format!(
                    "This file is {}: {}",
                    m.status,
                    m.error.unwrap_or_else(|| "not downloaded yet".into())
                ),
            });
        };
        let (bytes, ct) = self.0.channel.media.get(key).await.map_err(media_error)?;
        Ok((bytes, ct.or(m.mime_type).unwrap_or_else(|| "application/octet-stream".into()), m.filename))
    }

    /// Tries a failed inbound download again.
    pub async fn retry_media(&self, t: &TenantCtx, id: Uuid) -> Result<Media> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::channel::media::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Media"))?;
        if !repo::channel::media::reset(&tx, id).await.db()? {
            // The media's state (stored, or downloading), not the request, is what refuses it.
            return Err(DomainError::Conflict {
                code: "not_failed",
                message: "Only a failed download can be retried.".into(),
            });
        }
        self.0.enqueue_download(&tx, id).await?;
        let m = repo::channel::media::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Media"))?;
        tx.commit().await.db()?;
        Ok(media_dto(m))
    }
}

const STATUSES: [&str; 5] = ["open", "pending", "snoozed", "resolved", "closed"];

/// Kinds a Cloud API number sends and a QR number does not.
const QR_REFUSED: [&str; 6] = ["sticker", "template", "buttons", "list", "reaction", "location"];

/// A message named in the body that WhatsApp has no id for yet (still queued, or failed): nothing to point at.
fn not_delivered(message: &str) -> DomainError {
    DomainError::Conflict { code: "not_delivered", message: message.into() }
}

/// What a person is told about a conversation, titled with the customer.
fn notification(c: &Conversation, user_id: Option<Uuid>, kind: &'static str, body: String) -> Event {
    let title = c.contact_name.clone().or(c.contact_phone.clone()).unwrap_or_else(|| "A conversation".into());
    Event::Notification { user_id, kind, title, body, conversation_id: c.id }
}

/// What a status change publishes: the conversation updated, `conversation.status_changed` (automations'
/// trigger: from and to) when it changed, and `conversation.resolved` when it was resolved.
pub(crate) fn status_events(c: &Conversation, from: &str) -> Vec<Event> {
    let mut events = vec![Event::ConversationUpdated { conversation: c.clone() }];
    if c.status != from {
        events.push(Event::Integration {
            kind: "conversation.status_changed",
            subject: Some(c.id),
            data: json!({ "conversation": c, "from": from, "to": c.status }),
        });
    }
    if c.status == "resolved" {
        events.push(Event::Integration { kind: "conversation.resolved", subject: Some(c.id), data: json!(c) });
    }
    events
}

/// `conversation.labels_changed` (automations' label added/removed triggers). Not in the webhook catalogue:
/// `conversation.updated` carries the labels to endpoints.
pub(crate) fn labels_changed(c: &Conversation, added: &[Uuid], removed: &[Uuid]) -> Event {
    Event::Integration {
        kind: "conversation.labels_changed",
        subject: Some(c.id),
        data: json!({ "conversation": c, "added": added, "removed": removed }),
    }
}

pub(crate) fn assigned_notification(c: &Conversation, user: Uuid) -> Event {
    notification(c, Some(user), "assigned", "was assigned to you".into())
}

/// A customer wrote: their assignee hears it, or everyone while nobody is assigned.
pub(crate) fn message_notification(c: &Conversation) -> Event {
    notification(c, c.assignee_id, "message", c.last_message_preview.clone().unwrap_or_default())
}

pub(crate) fn media_error(e: parley_media::MediaError) -> DomainError {
    match e {
        parley_media::MediaError::TooLarge { max } => DomainError::Rejected {
            code: "file_too_large",
            message: format!("The file is larger than {} MB.", max / (1024 * 1024)),
        },
        parley_media::MediaError::NotFound => DomainError::NotFound("Media"),
        other => DomainError::internal(other),
    }
}
