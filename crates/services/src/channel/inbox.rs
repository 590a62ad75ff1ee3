//! Contacts, conversations and messages as people use them: list, read, start, send, retry; media
//! upload and download. Sending writes the message and its job in one transaction.

use super::jobs;
use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::dto::*;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use parley_store::TenantTx;
use parley_store::repo::{self, PageReq, conversations::ConversationFilter, media::MediaRow, messages::MessageRow};
use parley_store::unique_violation;
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

pub(crate) fn contact_dto(r: repo::contacts::ContactRow) -> Contact {
    Contact {
        id: r.id,
        phone: r.phone,
        wa_user_id: r.wa_user_id,
        name: r.name,
        profile_name: r.profile_name,
        email: r.email,
        attributes: r.attributes,
        created_at: r.created_at,
    }
}

pub(crate) fn conversation_dto(r: repo::conversations::ConversationRow) -> Conversation {
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
        created_at: r.created_at,
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

fn message_dto(m: MessageRow, media: Option<MediaRow>) -> Message {
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
        reply_to_wa_id: m.reply_to_wa_id,
        attempts: m.attempts,
        created_at: m.created_at,
        sent_at: m.sent_at,
        delivered_at: m.delivered_at,
        read_at: m.read_at,
        failed_at: m.failed_at,
    }
}

async fn with_media(tx: &TenantTx, m: MessageRow) -> Result<Message> {
    let media = match m.media_id {
        Some(id) => repo::media::get(&tx.tx, id).await.db()?,
        None => None,
    };
    Ok(message_dto(m, media))
}

fn encode_cursor(m: &MessageRow) -> String {
    format!("{}_{}", m.created_at.timestamp_micros(), m.id)
}

fn decode_cursor(s: &str) -> Result<(DateTime<Utc>, Uuid)> {
    let bad = || DomainError::field("before", "is not a cursor this API gave");
    let (ts, id) = s.split_once('_').ok_or_else(bad)?;
    let at = DateTime::from_timestamp_micros(ts.parse().map_err(|_| bad())?).ok_or_else(bad)?;
    Ok((at, Uuid::parse_str(id).map_err(|_| bad())?))
}

const MEDIA_TYPES: [&str; 5] = ["image", "video", "audio", "document", "sticker"];

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
        let media = repo::media::insert(
            tx,
            repo::media::NewMedia {
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
        repo::messages::set_media(tx, message_id, media.id).await.db()?;
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

    pub(crate) async fn enqueue_send(&self, tx: &TenantTx, message_id: Uuid, attempt: i32) -> Result<()> {
        let job = jobs::SendMessage { tenant_id: tx.tenant_id.0, message_id };
        // One job per message and manual retry: a second enqueue of the same attempt is a no-op.
        repo::jobs::enqueue(&tx.tx, jobs::SEND_MESSAGE, &json!(job), &format!("{message_id}:{attempt}"), 3).await.db()
    }
}

impl InboxService {
    // ---- contacts ----

    pub async fn contacts(&self, t: &TenantCtx, q: PageQuery) -> Result<ContactPage> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let page = PageReq::new(q.page, q.per_page);
        let (rows, total) = repo::contacts::list(&tx, q.q.as_deref(), page).await.db()?;
        Ok(ContactPage {
            items: rows.into_iter().map(contact_dto).collect(),
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    pub async fn contact(&self, t: &TenantCtx, id: Uuid) -> Result<Contact> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::contacts::get(&tx.tx, id).await.db()?.map(contact_dto).ok_or(DomainError::NotFound("Contact"))
    }

    pub async fn create_contact(&self, t: &TenantCtx, input: CreateContactInput) -> Result<Contact> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let mut c = Check::default();
        let phone = c.phone("phone", &input.phone);
        let name = input.name.as_deref().map(|n| c.text("name", n, 1, 120));
        let email = input.email.as_deref().filter(|e| !e.trim().is_empty()).map(|e| c.email("email", e));
        c.finish()?;
        let phone = checked(phone)?;
        let row = repo::contacts::insert(
            &tx,
            phone.as_str(),
            name.flatten().as_deref(),
            email.flatten().as_ref().map(|e| e.as_str()),
        )
        .await
        .map_err(|e| match unique_violation(&e).as_deref() {
            Some("contacts_phone_key") => DomainError::Conflict {
                code: "contact_exists",
                message: "A contact with this phone number already exists.".into(),
            },
            _ => DomainError::internal(e),
        })?;
        tx.commit().await.db()?;
        Ok(contact_dto(row))
    }

    pub async fn update_contact(&self, t: &TenantCtx, id: Uuid, input: UpdateContactInput) -> Result<Contact> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let mut c = Check::default();
        let name = input.name.as_deref().map(|n| c.text("name", n, 1, 120));
        let email = input
            .email
            .as_deref()
            .map(|e| if e.trim().is_empty() { Some(None) } else { c.email("email", e).map(Some) });
        if input.attributes.as_ref().is_some_and(|a| !a.is_object()) {
            c.push("attributes", "must be an object");
        }
        c.finish()?;
        let email = email.flatten();
        let row = repo::contacts::update(
            &tx,
            id,
            name.flatten().as_deref(),
            email.as_ref().map(|e| e.as_ref().map(|e| e.as_str())),
            input.attributes.as_ref(),
        )
        .await
        .db()?
        .ok_or(DomainError::NotFound("Contact"))?;
        tx.commit().await.db()?;
        Ok(contact_dto(row))
    }

    // ---- conversations ----

    pub async fn conversations(&self, t: &TenantCtx, q: ConversationQuery) -> Result<ConversationPage> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        if let Some(s) = q.status.as_deref()
            && !["open", "pending", "resolved", "closed"].contains(&s)
        {
            return Err(DomainError::field("status", "must be one of: open, pending, resolved, closed"));
        }
        let page = PageReq::new(q.page, q.per_page);
        let f =
            ConversationFilter { status: q.status, connection_id: q.connection_id, contact_id: q.contact_id, q: q.q };
        let (rows, total) = repo::conversations::list(&tx, &f, page).await.db()?;
        Ok(ConversationPage {
            items: rows.into_iter().map(conversation_dto).collect(),
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    pub async fn conversation(&self, t: &TenantCtx, id: Uuid) -> Result<Conversation> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::conversations::get(&tx.tx, id).await.db()?.map(conversation_dto).ok_or_else(conversation_not_found)
    }

    /// Opens (or finds) the conversation with a contact on a number, e.g. to send a template first.
    pub async fn start_conversation(&self, t: &TenantCtx, input: StartConversationInput) -> Result<Conversation> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let contact =
            repo::contacts::get(&tx.tx, input.contact_id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        if contact.phone.is_none() {
            return Err(DomainError::Rejected {
                code: "contact_without_phone",
                message: "This contact has no phone number; wait for them to write first.".into(),
            });
        }
        self.0.connection(&tx, input.connection_id).await?;
        let (id, _) = repo::conversations::ensure(&tx, input.contact_id, input.connection_id).await.db()?;
        let row = repo::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        tx.commit().await.db()?;
        Ok(conversation_dto(row))
    }

    pub async fn update_conversation(
        &self,
        t: &TenantCtx,
        id: Uuid,
        input: UpdateConversationInput,
    ) -> Result<Conversation> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        if !["open", "pending", "resolved", "closed"].contains(&input.status.as_str()) {
            return Err(DomainError::field("status", "must be one of: open, pending, resolved, closed"));
        }
        if !repo::conversations::set_status(&tx, id, &input.status).await.db()? {
            return Err(conversation_not_found());
        }
        let row = repo::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        tx.commit().await.db()?;
        Ok(conversation_dto(row))
    }

    /// Clears the unread count and tells WhatsApp the customer's last message was read (blue ticks).
    pub async fn mark_read(&self, t: &TenantCtx, id: Uuid) -> Result<Conversation> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let conv = repo::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        let had_unread = conv.unread_count > 0;
        repo::conversations::mark_read(&tx, id).await.db()?;
        let last_inbound = if had_unread { repo::messages::last_inbound_wa_id(&tx, id).await.db()? } else { None };
        let conn = self.0.connection(&tx, conv.connection_id).await?;
        let row = repo::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        tx.commit().await.db()?;
        if let (Some(wa_id), Some(pnid), Ok(super::Credentials::Cloud { access_token, .. })) =
            (last_inbound, conn.phone_number_id.as_deref(), self.0.channel.open(&conn.credentials))
            && let Ok(client) = self.0.channel.cloud(conn.simulated)
            && let Err(e) = client.mark_read(pnid, &access_token, &wa_id).await
        {
            // A missing read receipt costs the customer two blue ticks, not the agent's action.
            tracing::warn!(error = %e.reason(), "read receipt not sent");
        }
        Ok(conversation_dto(row))
    }

    // ---- messages ----

    pub async fn messages(&self, t: &TenantCtx, id: Uuid, q: MessageQuery) -> Result<MessagePage> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::conversations::get(&tx.tx, id).await.db()?.ok_or_else(conversation_not_found)?;
        let before = q.before.as_deref().map(decode_cursor).transpose()?;
        let limit = q.limit.unwrap_or(50).clamp(1, 100) as i64;
        let rows = repo::messages::page(&tx, id, before, limit + 1).await.db()?;
        let more = rows.len() as i64 > limit;
        let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
        let next_cursor = if more { rows.last().map(encode_cursor) } else { None };
        let media_ids: Vec<Uuid> = rows.iter().filter_map(|m| m.media_id).collect();
        let media = repo::media::get_many(&tx.tx, &media_ids).await.db()?;
        let items = rows
            .into_iter()
            .map(|m| {
                let md = m.media_id.and_then(|mid| media.iter().find(|x| x.id == mid).cloned());
                message_dto(m, md)
            })
            .collect();
        Ok(MessagePage { items, next_cursor })
    }

    pub async fn message(&self, t: &TenantCtx, id: Uuid) -> Result<Message> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let m = repo::messages::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Message"))?;
        with_media(&tx, m).await
    }

    /// Validates and queues a message; the send job delivers it. Outside the 24-hour window only
    /// templates may go out (Cloud API numbers).
    pub async fn send(&self, t: &TenantCtx, conversation_id: Uuid, input: SendMessageInput) -> Result<Message> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let conv = repo::conversations::get(&tx.tx, conversation_id).await.db()?.ok_or_else(conversation_not_found)?;
        let conn = self.0.connection(&tx, conv.connection_id).await?;
        if conv.contact_phone.is_none() {
            return Err(DomainError::Rejected {
                code: "contact_without_phone",
                message: "WhatsApp did not share this customer's number, so replies cannot be addressed.".into(),
            });
        }
        let (content, preview, media_id) = self.validate(&tx, &conn, &input).await?;
        let window_open = conv.last_inbound_at.is_some_and(|at| at + SERVICE_WINDOW > Utc::now());
        if conn.kind == "cloud" && input.kind != "template" && !window_open {
            return Err(DomainError::Rejected {
                code: "service_window_closed",
                message: "More than 24 hours passed since the customer last wrote: only an approved template can be sent until they reply.".into(),
            });
        }
        let reply_to = match input.reply_to {
            Some(r) => {
                let m = repo::messages::get(&tx.tx, r).await.db()?.filter(|m| m.conversation_id == conversation_id);
                let m = m.ok_or_else(|| DomainError::field("replyTo", "must be a message of this conversation"))?;
                Some(m.wa_message_id.ok_or_else(|| DomainError::field("replyTo", "has not reached WhatsApp yet"))?)
            }
            None => None,
        };
        let now = Utc::now();
        let row = repo::messages::insert(
            &tx,
            repo::messages::NewMessage {
                id: Uuid::now_v7(),
                conversation_id,
                connection_id: conn.id,
                direction: "outbound",
                wa_message_id: None,
                kind: &input.kind,
                content,
                raw: None,
                media_id,
                status: "queued",
                sender_user_id: actor.user_id.map(|u| u.0),
                reply_to_wa_id: reply_to.as_deref(),
                created_at: now,
            },
        )
        .await
        .db()?
        .ok_or_else(|| DomainError::internal("outbound message not inserted"))?;
        repo::conversations::on_outbound(&tx, conversation_id, now, &preview).await.db()?;
        self.0.enqueue_send(&tx, row.id, 0).await?;
        let out = with_media(&tx, row).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    /// Validates the input for its type; answers the stored content, the preview and the media.
    async fn validate(
        &self,
        tx: &TenantTx,
        conn: &repo::connections::ConnectionRow,
        i: &SendMessageInput,
    ) -> Result<(Value, String, Option<Uuid>)> {
        let mut c = Check::default();
        let text = |c: &mut Check, field: &str, v: &Option<String>, max: usize| {
            v.as_deref().and_then(|t| c.text(field, t, 1, max))
        };
        let qr = conn.kind == "wasender";
        let allowed: &[&str] = if qr {
            // QR sessions take files by URL (a signed, expiring link to our copy); no templates or widgets.
            &["text", "image", "video", "audio", "document"]
        } else {
            &[
                "text", "image", "video", "audio", "document", "sticker", "template", "buttons", "list", "reaction",
                "location",
            ]
        };
        if !allowed.contains(&i.kind.as_str()) {
            return Err(DomainError::field("type", &format!("must be one of: {}", allowed.join(", "))));
        }
        let mut media_id = None;
        let (content, preview) = match i.kind.as_str() {
            "text" => {
                let body = c.text("text", i.text.as_deref().unwrap_or(""), 1, 4096);
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
                let m = repo::media::get(&tx.tx, mid).await.db()?.filter(|m| m.status == "stored");
                let m = m.ok_or_else(|| DomainError::field("mediaId", "must be a stored file of this workspace"))?;
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
                let found = repo::templates::find(tx, conn.id, &tpl.name, &tpl.language).await.db()?;
                if found.as_ref().map(|t| t.status.as_str()) != Some("APPROVED") {
                    return Err(DomainError::Rejected {
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
                if sections.is_empty() || rows == 0 || rows > 10 {
                    c.push("sections", "must hold 1 to 10 rows in all");
                }
                c.finish()?;
                let body = checked(body)?;
                (
                    json!({"text": body, "listButton": button, "sections": sections, "header": i.header, "footer": i.footer}),
                    body,
                )
            }
            "reaction" => {
                let target = match i.message_id {
                    Some(id) => repo::messages::get(&tx.tx, id).await.db()?.and_then(|m| m.wa_message_id),
                    None => None,
                };
                let target = target.ok_or_else(|| DomainError::field("messageId", "must be a delivered message"))?;
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
        let m = repo::messages::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Message"))?;
        if !repo::messages::reset_for_retry(&tx, id).await.db()? {
            return Err(DomainError::Rejected {
                code: "not_failed",
                message: "Only a failed outbound message can be retried.".into(),
            });
        }
        self.0.enqueue_send(&tx, id, m.attempts + 1).await?;
        let m = repo::messages::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Message"))?;
        let out = with_media(&tx, m).await?;
        tx.commit().await.db()?;
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
        let row = repo::media::insert(
            &tx,
            repo::media::NewMedia {
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
        let m = repo::media::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Media"))?;
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
        repo::media::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Media"))?;
        if !repo::media::reset(&tx, id).await.db()? {
            return Err(DomainError::Rejected {
                code: "not_failed",
                message: "Only a failed download can be retried.".into(),
            });
        }
        self.0.enqueue_download(&tx, id).await?;
        let m = repo::media::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Media"))?;
        tx.commit().await.db()?;
        Ok(media_dto(m))
    }
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
