//! The work behind the channel's jobs: delivering a queued message (rate limits, media upload, retries
//! with back-off) and downloading inbound media. Both are safe to run twice: a message is claimed
//! (`queued` → `sending`) before the API call, so a second run never sends it again.

use super::{Credentials, limiter};
use crate::{Core, DbResultExt, DomainError, Result};
use parley_domain::TenantId;
use parley_store::repo::{self, channel::connections::ConnectionRow, inbox::messages::MessageRow};
use parley_whatsapp::GraphErrorKind;
use parley_whatsapp::client::{ClientError, ListRow, ListSection, MediaSource, OutboundMessage};
use parley_whatsapp::cloud::MediaType;
use parley_whatsapp::wasender_client::{WasenderMedia, WasenderSend};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

#[derive(Clone)]
pub struct SenderService(pub(crate) Arc<Core>);

/// What one send attempt came to.
enum Attempt {
    /// Temporary (throttled, 5xx, timeout): try again after a pause.
    Retry(Value),
    Failed(Value),
}

fn error_json(e: &ClientError) -> Value {
    let code = match e {
        ClientError::Graph { error, .. } => json!(error.code),
        ClientError::Http { status, .. } => json!(format!("http_{status}")),
        ClientError::Transport(_) => json!("network"),
        ClientError::Decode(_) => json!("bad_response"),
        _ => json!("request"),
    };
    json!({"code": code, "reason": e.reason()})
}

fn s(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_owned)
}

/// A Graph API failure as an attempt's outcome: temporary ones are retried.
fn classify(e: ClientError) -> (Attempt, Option<ClientError>) {
    let err = error_json(&e);
    if e.is_retryable() { (Attempt::Retry(err), Some(e)) } else { (Attempt::Failed(err), Some(e)) }
}

/// The API request for a stored outbound message.
fn outbound(m: &MessageRow, to: &str, media: Option<MediaSource>) -> Result<OutboundMessage> {
    let c = &m.content;
    let to = to.to_owned();
    let reply_to = m.reply_to_wa_id.clone();
    let media_type = |k: &str| match k {
        "image" => Some(MediaType::Image),
        "video" => Some(MediaType::Video),
        "audio" => Some(MediaType::Audio),
        "document" => Some(MediaType::Document),
        "sticker" => Some(MediaType::Sticker),
        _ => None,
    };
    Ok(match m.r#type.as_str() {
        "text" => OutboundMessage::Text { to, body: s(c, "text").unwrap_or_default(), preview_url: true, reply_to },
        k if media_type(k).is_some() => OutboundMessage::Media {
            to,
            kind: media_type(k).unwrap_or(MediaType::Document),
            source: media.ok_or_else(|| DomainError::internal("media message without media"))?,
            caption: s(c, "caption"),
            filename: s(c, "filename"),
            reply_to,
        },
        "template" => {
            let t = c.get("template").cloned().unwrap_or_default();
            OutboundMessage::Template {
                to,
                name: s(&t, "name").unwrap_or_default(),
                language: s(&t, "language").unwrap_or_default(),
                components: t.get("components").cloned().filter(|v| !v.is_null()).unwrap_or_else(|| json!([])),
            }
        }
        "buttons" => OutboundMessage::Buttons {
            to,
            body: s(c, "text").unwrap_or_default(),
            buttons: c
                .get("buttons")
                .and_then(Value::as_array)
                .map(|bs| {
                    bs.iter().map(|b| (s(b, "id").unwrap_or_default(), s(b, "title").unwrap_or_default())).collect()
                })
                .unwrap_or_default(),
            header: s(c, "header"),
            footer: s(c, "footer"),
            reply_to,
        },
        "list" => OutboundMessage::List {
            to,
            body: s(c, "text").unwrap_or_default(),
            button: s(c, "listButton").unwrap_or_default(),
            sections: c
                .get("sections")
                .and_then(Value::as_array)
                .map(|ss| {
                    ss.iter()
                        .map(|sec| ListSection {
                            title: s(sec, "title").unwrap_or_default(),
                            rows: sec
                                .get("rows")
                                .and_then(Value::as_array)
                                .map(|rs| {
                                    rs.iter()
                                        .map(|r| ListRow {
                                            id: s(r, "id").unwrap_or_default(),
                                            title: s(r, "title").unwrap_or_default(),
                                            description: s(r, "description"),
                                        })
                                        .collect()
                                })
                                .unwrap_or_default(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            header: s(c, "header"),
            footer: s(c, "footer"),
            reply_to,
        },
        "reaction" => OutboundMessage::Reaction {
            to,
            message_id: s(c, "reactedTo").unwrap_or_default(),
            emoji: s(c, "emoji").unwrap_or_default(),
        },
        "location" => OutboundMessage::Location {
            to,
            latitude: c.get("latitude").and_then(Value::as_f64).unwrap_or_default(),
            longitude: c.get("longitude").and_then(Value::as_f64).unwrap_or_default(),
            name: s(c, "name"),
            address: s(c, "address"),
            reply_to,
        },
        other => return Err(DomainError::internal(format!("cannot send a {other} message"))),
    })
}

impl SenderService {
    fn backoff(&self, attempt: i32) -> Duration {
        self.0.channel.cfg.retry_base * 2u32.saturating_pow(attempt.clamp(0, 10) as u32)
    }

    /// Delivers one queued message, retrying temporary failures in place (so a crash resumes from
    /// `queued`); stops when it is sent, failed for good, or no longer queued.
    pub async fn send_message(&self, tenant_id: Uuid, message_id: Uuid) -> Result<()> {
        let max = self.0.channel.cfg.send_max_attempts;
        loop {
            let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
            let Some(m) = repo::inbox::messages::get(&tx.tx, message_id).await.db()? else { return Ok(()) };
            if m.status == "sending" {
                // An earlier run claimed it and stopped mid-call: WhatsApp may or may not have it.
                // Sending again could duplicate it; a person decides (retry button).
                let err = json!({"code": "send_interrupted", "reason": "Sending was interrupted; it was not resent to avoid a duplicate. Retry if the customer did not get it."});
                repo::inbox::messages::mark_failed(&tx, message_id, err).await.db()?;
                self.0.commit_publishing(tx, &[message_id]).await?;
                return Ok(());
            }
            if m.status != "queued" {
                return Ok(());
            }
            let conn = self.0.connection(&tx, m.connection_id).await?;
            if conn.kind == "widget" {
                // No API to call: the visitor's socket room gets it from the status event; `sent` at once,
                // `delivered` and `read` when the visitor's script says so.
                if repo::inbox::messages::begin_send(&tx, message_id).await.db()? {
                    repo::inbox::messages::mark_accepted(&tx, message_id, &format!("widget:{message_id}"))
                        .await
                        .db()?;
                }
                self.0.commit_publishing(tx, &[message_id]).await?;
                return Ok(());
            }
            let conv = repo::inbox::conversations::get(&tx.tx, m.conversation_id).await.db()?;
            let to = conv.and_then(|c| c.contact_phone).unwrap_or_default();
            drop(tx);
            // Wait for Meta's limits before claiming the message: a crash while waiting leaves it queued.
            limiter::take_rate_slot(&self.0.redis, conn.id, conn.rate_per_second).await;
            let gap = self.0.channel.cfg.recipient_gap;
            limiter::take_recipient_gap(&self.0.redis, conn.id, to.trim_start_matches('+'), gap).await;
            let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
            if !repo::inbox::messages::begin_send(&tx, message_id).await.db()? {
                return Ok(());
            }
            tx.commit().await.db()?;
            let attempt = m.attempts + 1;

            let outcome = self.attempt(tenant_id, &m, &conn, &to).await;
            let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
            match outcome {
                Ok(wa_id) => {
                    repo::inbox::messages::mark_accepted(&tx, message_id, &wa_id).await.db()?;
                    self.0.commit_publishing(tx, &[message_id]).await?;
                    return Ok(());
                }
                Err((Attempt::Retry(err), _)) if attempt < max => {
                    repo::inbox::messages::requeue(&tx, message_id, err).await.db()?;
                    self.0.commit_publishing(tx, &[message_id]).await?;
                    tokio::time::sleep(self.backoff(attempt - 1)).await;
                }
                Err((Attempt::Retry(err) | Attempt::Failed(err), client_err)) => {
                    if let Some(e) = &client_err {
                        let connection_level = matches!(e.graph_kind(), Some(GraphErrorKind::TokenExpired));
                        if connection_level {
                            self.0.note_connection_error(&tx, conn.id, e).await?;
                        }
                    }
                    repo::inbox::messages::mark_failed(&tx, message_id, err).await.db()?;
                    self.0.commit_publishing(tx, &[message_id]).await?;
                    return Ok(());
                }
            }
        }
    }

    /// One call to the provider; answers WhatsApp's message id.
    async fn attempt(
        &self,
        tenant_id: Uuid,
        m: &MessageRow,
        conn: &ConnectionRow,
        to: &str,
    ) -> std::result::Result<String, (Attempt, Option<ClientError>)> {
        let fail = |reason: &str| (Attempt::Failed(json!({"code": "internal", "reason": reason})), None);
        let creds = self.0.channel.open(&conn.credentials).map_err(|e| fail(&e.to_string()))?;
        let to_digits = to.trim_start_matches('+');
        match creds {
            Credentials::Cloud { access_token, .. } => {
                let client = self.0.channel.cloud(conn.simulated).map_err(|e| fail(&e.to_string()))?;
                let pnid = conn.phone_number_id.clone().unwrap_or_default();
                let media = match m.media_id {
                    Some(mid) => Some(self.cloud_media(tenant_id, mid, &pnid, &access_token, client).await?),
                    None => None,
                };
                let req = outbound(m, to_digits, media).map_err(|e| fail(&e.to_string()))?;
                client.send(&pnid, &access_token, &req).await.map(|r| r.message_id).map_err(classify)
            }
            Credentials::Wasender { api_key, .. } => {
                let (client, _) = self.0.channel.wasender_account(conn.simulated).map_err(|e| fail(&e.to_string()))?;
                // WasenderAPI fetches files itself: it gets a signed, expiring link to our copy.
                let media = m.media_id.map(|id| {
                    let url = self.0.public_media_url(tenant_id, id);
                    match m.r#type.as_str() {
                        "image" => WasenderMedia::Image { url },
                        "video" => WasenderMedia::Video { url },
                        "audio" => WasenderMedia::Audio { url },
                        _ => WasenderMedia::Document { url, filename: s(&m.content, "filename") },
                    }
                });
                let msg =
                    WasenderSend { to: to.to_owned(), text: s(&m.content, "text").or(s(&m.content, "caption")), media };
                client.send(&api_key, &msg).await.map_err(|e| {
                    let err = json!({"code": "wasender_error", "reason": e.reason()});
                    if e.is_retryable() { (Attempt::Retry(err), None) } else { (Attempt::Failed(err), None) }
                })
            }
        }
    }

    /// Outbound media go to WhatsApp first and are then sent by id; the id is kept for reuse.
    async fn cloud_media(
        &self,
        tenant_id: Uuid,
        media_id: Uuid,
        pnid: &str,
        token: &str,
        client: &parley_whatsapp::client::CloudClient,
    ) -> std::result::Result<MediaSource, (Attempt, Option<ClientError>)> {
        let fail = |reason: String| (Attempt::Failed(json!({"code": "media", "reason": reason})), None);
        let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.map_err(|e| fail(e.to_string()))?;
        let media = repo::channel::media::get(&tx.tx, media_id).await.map_err(|e| fail(e.to_string()))?;
        let media = media.ok_or_else(|| fail("the file was deleted".into()))?;
        if let Some(id) = media.wa_media_id.clone() {
            return Ok(MediaSource::Id(id));
        }
        let key = media.storage_key.clone().ok_or_else(|| fail("the file is not stored".into()))?;
        let (bytes, _) = self.0.channel.media.get(&key).await.map_err(|e| fail(e.to_string()))?;
        let mime = media.mime_type.clone().unwrap_or_else(|| "application/octet-stream".into());
        let name = media.filename.clone().unwrap_or_else(|| "file".into());
        let id = client.upload_media(pnid, token, bytes, &mime, &name).await.map_err(classify)?;
        repo::channel::media::set_wa_media_id(&tx, media_id, &id).await.map_err(|e| fail(e.to_string()))?;
        tx.commit().await.map_err(|e| fail(e.to_string()))?;
        Ok(MediaSource::Id(id))
    }

    /// Downloads an inbound file into media storage, retrying with back-off; the message stays
    /// readable whatever happens, and a failed file can be retried by an agent.
    pub async fn download_media(&self, tenant_id: Uuid, media_id: Uuid) -> Result<()> {
        let max = self.0.channel.cfg.media_max_attempts;
        loop {
            let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
            let Some(media) = repo::channel::media::get(&tx.tx, media_id).await.db()? else { return Ok(()) };
            if media.status != "pending" {
                return Ok(());
            }
            let conn = match media.connection_id {
                Some(c) => repo::channel::connections::get(&tx.tx, c).await.db()?,
                None => None,
            };
            drop(tx);
            let result = match conn {
                Some(conn) => self.fetch(tenant_id, &media, &conn).await,
                None => Err((false, "the number was removed".to_owned())),
            };
            let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
            match result {
                Ok((key, mime, size, sha)) => {
                    repo::channel::media::mark_stored(&tx, media_id, &key, &mime, size, &sha).await.db()?;
                    let messages = repo::inbox::messages::ids_with_media(&tx, media_id).await.db()?;
                    self.0.commit_publishing(tx, &messages).await?;
                    return Ok(());
                }
                Err((retryable, reason)) => {
                    let give_up = !retryable || media.attempts + 1 >= max;
                    repo::channel::media::record_failure(&tx, media_id, &reason, give_up).await.db()?;
                    if give_up {
                        let messages = repo::inbox::messages::ids_with_media(&tx, media_id).await.db()?;
                        self.0.commit_publishing(tx, &messages).await?;
                        return Ok(());
                    }
                    tx.commit().await.db()?;
                    tokio::time::sleep(self.backoff(media.attempts)).await;
                }
            }
        }
    }

    async fn fetch(
        &self,
        tenant_id: Uuid,
        media: &repo::channel::media::MediaRow,
        conn: &ConnectionRow,
    ) -> std::result::Result<(String, String, i64, String), (bool, String)> {
        let ch = &self.0.channel;
        let Ok(Credentials::Cloud { access_token, .. }) = ch.open(&conn.credentials) else {
            return Err((false, "only Cloud API media can be downloaded".into()));
        };
        let client = ch.cloud(conn.simulated).map_err(|e| (false, e.to_string()))?;
        let wa_id = media.wa_media_id.clone().unwrap_or_default();
        let ce = |e: ClientError| (e.is_retryable(), e.reason());
        // Some payloads carry the download URL itself; otherwise ask for it (it expires in minutes).
        let (url, mime) = if wa_id.starts_with("http") {
            (wa_id.clone(), media.mime_type.clone())
        } else {
            let info = client.media_info(&access_token, &wa_id).await.map_err(ce)?;
            (info.url, Some(info.mime_type))
        };
        let bytes = client.download_media(&access_token, &url, ch.media.max_bytes()).await.map_err(ce)?;
        let mime = mime.unwrap_or_else(|| "application/octet-stream".into());
        let key = parley_media::object_key(tenant_id, media.id, media.filename.as_deref().or(ext_hint(&mime)));
        let stored = ch.media.put(&key, bytes, &mime).await.map_err(|e| (true, e.to_string()))?;
        Ok((stored.key, mime, stored.size as i64, stored.sha256))
    }
}

/// A file name whose extension names the type, for keys of files that came without a name.
fn ext_hint(mime: &str) -> Option<&'static str> {
    Some(match mime.split(';').next().unwrap_or_default().trim() {
        "image/jpeg" => "f.jpg",
        "image/png" => "f.png",
        "image/webp" => "f.webp",
        "video/mp4" => "f.mp4",
        "audio/ogg" => "f.ogg",
        "audio/mpeg" => "f.mp3",
        "application/pdf" => "f.pdf",
        _ => return None,
    })
}

impl Core {
    /// Commits a background job's change to messages and publishes their new state, read in the same
    /// transaction (so the event costs no second one).
    async fn commit_publishing(&self, tx: parley_store::TenantTx, ids: &[Uuid]) -> Result<()> {
        let messages = crate::inbox::conversations::messages_with_media(&tx, ids).await?;
        let events = messages.into_iter().map(|message| crate::events::Event::MessageStatus { message }).collect();
        self.commit_events(tx, events).await
    }
}
