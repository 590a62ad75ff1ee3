//! The script's side: who may call (the key, the page's Origin, the visitor token), and what a visitor does. A
//! visitor's message goes through the inbound path WhatsApp's messages take (`Core::ingest_direct`), so flows,
//! automations, routing and analytics treat both alike.

use super::dto::*;
use super::settings::LANGUAGES;
use super::{WidgetService, limits, origin};
use crate::channel::ingest::DirectInbound;
use crate::check::Check;
use crate::ctx::TenantCtx;
use crate::events::Event;
use crate::inbox::dto::Message;
use crate::{DbResultExt, DomainError, Result, Role};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use parley_domain::TenantId;
use parley_store::TenantTx;
use parley_store::repo;
use parley_store::repo::widget::visitors::{VisitorPatch, VisitorRow};
use parley_store::repo::widget::widgets::{PublicWidget, WidgetRow};
use parley_whatsapp::cloud::{MediaType, MessageKind};
use rand::RngCore;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a key's lookup is reused. A change made on this node is seen at once (`forget`); on another node
/// within this time.
const KEY_TTL: Duration = Duration::from_secs(10);
/// Text of a visitor's message, in characters.
pub const MAX_TEXT: usize = 4096;
/// An attachment, in bytes.
pub const MAX_FILE: usize = 10 * 1024 * 1024;

/// A visitor whose token, widget key and page origin were checked.
#[derive(Debug, Clone)]
pub struct VisitorSession {
    pub tenant_id: Uuid,
    pub widget_id: Uuid,
    pub visitor_id: Uuid,
    pub name: Option<String>,
}

fn origin_refused() -> DomainError {
    DomainError::Blocked {
        code: "origin_not_allowed",
        message: "This widget is not allowed on this site: add its domain to the widget's allowed domains.".into(),
    }
}

fn invalid_visitor() -> DomainError {
    DomainError::InvalidToken { code: "invalid_visitor", message: "The visitor token is not valid.".into() }
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn clip(v: Option<&str>, max: usize) -> Option<String> {
    let v = v?.trim();
    if v.is_empty() {
        return None;
    }
    Some(v.chars().filter(|c| !c.is_control()).take(max).collect())
}

/// A readable browser and system from a User-Agent (what agents want to know, not a fingerprint).
pub(crate) fn browser_of(ua: &str) -> Option<String> {
    let browser = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome")]
        .iter()
        .find(|(needle, _)| ua.contains(needle))
        .map(|(_, name)| *name)
        .or_else(|| ua.contains("Safari/").then_some("Safari"))?;
    let os = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| *name);
    Some(match os {
        Some(os) => format!("{browser} on {os}"),
        None => browser.to_owned(),
    })
}

/// The country whose main time zone this is (a guess: a zone may span countries).
pub(crate) fn country_of_zone(zone: &str) -> Option<&'static str> {
    parley_domain::country::countries().find(|c| parley_domain::country::time_zone_of(c) == Some(zone))
}

/// The visitor's view of a stored message; internal notes have none.
pub fn public_message(m: &Message) -> Option<PublicMessage> {
    let c = &m.content;
    let s = |k: &str| c.get(k).and_then(Value::as_str).map(str::to_owned);
    let from = match m.direction.as_str() {
        "inbound" => "visitor",
        "outbound" if m.sender_user_id.is_some() => "agent",
        "outbound" => "bot",
        _ => return None,
    };
    let client_id =
        (from == "visitor").then(|| m.wa_message_id.as_deref()?.rsplit(':').next()?.parse::<Uuid>().ok()).flatten();
    let buttons: Option<Vec<PublicButton>> = match m.kind.as_str() {
        "buttons" => c.get("buttons").and_then(|b| serde_json::from_value(b.clone()).ok()),
        "list" => Some(
            c.get("sections")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .flat_map(|sec| sec.get("rows").and_then(Value::as_array).cloned().unwrap_or_default())
                .filter_map(|r| serde_json::from_value(r).ok())
                .collect(),
        ),
        _ => None,
    };
    let kind = match m.kind.as_str() {
        "buttons" | "list" => "interactive",
        "image" | "sticker" => "image",
        "document" | "video" | "audio" | "voice" => "document",
        _ => "text",
    };
    let text = s("text").or_else(|| s("caption")).or_else(|| {
        (kind == "text" && m.kind == "template")
            .then(|| "[template]".to_owned())
            .or_else(|| c.get("template").and_then(|t| t.get("name")).and_then(Value::as_str).map(|n| format!("[{n}]")))
    });
    // A visitor's message is delivered once it is in the team's inbox and read once an agent opened it.
    let status = match m.status.as_str() {
        "received" if m.read_at.is_some() => "read",
        "received" => "delivered",
        "delivered" => "delivered",
        "read" => "read",
        "failed" => "failed",
        _ => "sent",
    };
    Some(PublicMessage {
        id: m.id,
        client_id,
        from: from.to_owned(),
        author_name: if from == "agent" { m.sender_name.clone() } else { None },
        kind: kind.to_owned(),
        text,
        media: m.media.as_ref().map(|md| PublicMedia {
            id: md.id,
            mime: md.mime_type.clone(),
            filename: md.filename.clone(),
            size: md.size_bytes,
        }),
        buttons,
        status: status.to_owned(),
        created_at: m.created_at,
    })
}

/// What a file's first bytes say it is, among the types a visitor may send.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

impl WidgetService {
    /// Drops this node's copy of a key's lookup (the widget changed).
    pub(crate) fn forget(&self, key: &str) {
        if let Ok(mut m) = self.keys.lock() {
            m.remove(key);
        }
    }

    async fn lookup(&self, key: &str) -> Result<Option<PublicWidget>> {
        if let Some((at, w)) = self.keys.lock().ok().and_then(|m| m.get(key).cloned())
            && at.elapsed() < KEY_TTL
        {
            return Ok(w);
        }
        // Keys are 24 url-safe characters; anything else is not one and costs no query.
        let plausible =
            (22..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let found = if plausible { repo::widget::widgets::by_key(&self.core.db, key).await.db()? } else { None };
        if let Ok(mut m) = self.keys.lock() {
            if m.len() > 10_000 {
                m.clear();
            }
            m.insert(key.to_owned(), (Instant::now(), found.clone()));
        }
        Ok(found)
    }

    /// The widget a key names, if the page's origin may use it. Unknown, disabled or suspended: 404.
    async fn widget(&self, key: &str, origin: Option<&str>) -> Result<PublicWidget> {
        let w = self
            .lookup(key)
            .await?
            .filter(|w| w.enabled && w.tenant_status == "active")
            .ok_or(DomainError::NotFound("Widget"))?;
        if !origin::allowed(origin, &w.allowed_domains) {
            return Err(origin_refused());
        }
        Ok(w)
    }

    /// Whether a page of `origin` may call this widget (CORS answers only such origins).
    pub async fn origin_allowed(&self, key: &str, origin: &str) -> bool {
        self.widget(key, Some(origin)).await.is_ok()
    }

    async fn tx(&self, tenant: Uuid) -> Result<TenantTx> {
        self.core.db.tenant_tx(TenantId(tenant)).await.db()
    }

    async fn visitor_in(&self, tx: &TenantTx, w: &PublicWidget, token: Option<&str>) -> Result<VisitorRow> {
        let token = token.filter(|t| !t.is_empty() && t.len() <= 128).ok_or_else(invalid_visitor)?;
        repo::widget::visitors::by_token(tx, w.id, &token_hash(token)).await.db()?.ok_or_else(invalid_visitor)
    }

    /// Checks the key, the page's origin and the visitor token (socket connections and every visitor request).
    pub async fn authenticate(&self, key: &str, origin: Option<&str>, token: Option<&str>) -> Result<VisitorSession> {
        let w = self.widget(key, origin).await?;
        let tx = self.tx(w.tenant_id).await?;
        let v = self.visitor_in(&tx, &w, token).await?;
        tx.commit().await.db()?;
        Ok(VisitorSession { tenant_id: w.tenant_id, widget_id: w.id, visitor_id: v.id, name: v.name })
    }

    /// `authenticate` for a file fetched by `<img src>` or a link, which may come without an Origin: the token in
    /// the address is what proves the visitor; an Origin sent must still be allowed.
    pub async fn authenticate_media(
        &self,
        key: &str,
        origin: Option<&str>,
        token: Option<&str>,
    ) -> Result<VisitorSession> {
        let w = self.lookup(key).await?.filter(|w| w.enabled && w.tenant_status == "active");
        let w = w.ok_or(DomainError::NotFound("Widget"))?;
        if origin.is_some() && !origin::allowed(origin, &w.allowed_domains) {
            return Err(origin_refused());
        }
        let tx = self.tx(w.tenant_id).await?;
        let v = self.visitor_in(&tx, &w, token).await?;
        tx.commit().await.db()?;
        Ok(VisitorSession { tenant_id: w.tenant_id, widget_id: w.id, visitor_id: v.id, name: v.name })
    }

    async fn row(&self, tx: &TenantTx, widget_id: Uuid) -> Result<WidgetRow> {
        repo::widget::widgets::get(&tx.tx, widget_id).await.db()?.ok_or(DomainError::NotFound("Widget"))
    }

    async fn visitor_row(&self, tx: &TenantTx, s: &VisitorSession) -> Result<VisitorRow> {
        repo::widget::visitors::get(&tx.tx, s.visitor_id).await.db()?.ok_or_else(invalid_visitor)
    }

    /// What the script shows before anyone writes: texts in `lang`, colours, whether someone is there to answer.
    pub async fn config(&self, key: &str, origin: Option<&str>, lang: Option<&str>) -> Result<WidgetConfig> {
        let w = self.widget(key, origin).await?;
        let tx = self.tx(w.tenant_id).await?;
        let row = self.row(&tx, w.id).await?;
        let settings = repo::inbox::inbox_settings::get(&tx).await.db()?;
        let whatsapp = match row.whatsapp_connection_id {
            Some(id) => repo::channel::connections::get(&tx.tx, id).await.db()?.and_then(|c| c.display_phone_number),
            None => None,
        };
        drop(tx);
        let online = self.online_with(w.tenant_id, settings).await?;
        let brand = crate::brand::BrandService(self.core.clone()).for_tenant(w.tenant_id).await?;
        let greeting: std::collections::BTreeMap<String, String> =
            serde_json::from_value(row.greeting).unwrap_or_default();
        let away: std::collections::BTreeMap<String, String> =
            serde_json::from_value(row.away_text).unwrap_or_default();
        let prechat: Prechat = serde_json::from_value(row.prechat).unwrap_or_default();
        let mut languages: Vec<String> =
            greeting.keys().chain(away.keys()).chain(prechat.consent_text.keys()).cloned().collect();
        languages.sort_by_key(|l| LANGUAGES.iter().position(|x| x == l));
        languages.dedup();
        let lang = lang.map(|l| l.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase());
        let pick = |m: &std::collections::BTreeMap<String, String>| {
            lang.as_ref()
                .and_then(|l| m.get(l))
                .or_else(|| m.get("en"))
                .or_else(|| languages.iter().find_map(|l| m.get(l)))
                .cloned()
        };
        Ok(WidgetConfig {
            widget_id: row.id,
            name: row.name,
            color: row.color.unwrap_or(brand.primary_color),
            position: row.position,
            greeting: pick(&greeting),
            away_text: pick(&away),
            online,
            prechat: PublicPrechat {
                name: prechat.name,
                email: prechat.email,
                phone: prechat.phone,
                consent: prechat.consent,
                consent_text: pick(&prechat.consent_text),
            },
            whatsapp: whatsapp.map(|n| WhatsappLink {
                number: n.chars().filter(char::is_ascii_digit).collect(),
                text: row.whatsapp_text.unwrap_or_default(),
            }),
            brand: WidgetBrand {
                product_name: brand.product_name,
                logo_url: brand.logo_light_url,
                powered_by: brand.powered_by,
            },
            languages,
        })
    }

    /// Whether someone is there to answer: inside the inbox's business hours, with at least one agent connected.
    pub async fn online(&self, tenant: Uuid) -> Result<bool> {
        let tx = self.tx(tenant).await?;
        let settings = repo::inbox::inbox_settings::get(&tx).await.db()?;
        drop(tx);
        self.online_with(tenant, settings).await
    }

    async fn online_with(&self, tenant: Uuid, settings: repo::inbox::inbox_settings::InboxSettingsRow) -> Result<bool> {
        let open = crate::inbox::settings::settings_dto(settings).open_now;
        Ok(open && !self.core.online_users(tenant).await?.is_empty())
    }

    /// A new visitor with a fresh token (answered this once; only its hash is kept).
    pub async fn new_visitor(
        &self,
        key: &str,
        origin: Option<&str>,
        ip: Option<&str>,
        user_agent: Option<&str>,
        i: NewVisitorInput,
    ) -> Result<NewVisitor> {
        let w = self.widget(key, origin).await?;
        limits::check(&self.core.redis, &limits::new_visitors(w.id, ip.unwrap_or("unknown")))
            .await
            .map_err(|retry_after_secs| DomainError::RateLimited { retry_after_secs })?;
        let c = i.context;
        let zone = clip(c.time_zone.as_deref(), 64);
        let context = json!({
            "url": clip(c.url.as_deref(), 2048),
            "title": clip(c.title.as_deref(), 300),
            "referrer": clip(c.referrer.as_deref(), 2048),
            "utm": {
                "source": clip(c.utm.source.as_deref(), 200),
                "medium": clip(c.utm.medium.as_deref(), 200),
                "campaign": clip(c.utm.campaign.as_deref(), 200),
            },
            "browser": user_agent.and_then(browser_of),
            "language": clip(c.language.as_deref(), 35),
            "timeZone": zone,
            "country": zone.as_deref().and_then(country_of_zone),
        });
        let pages = match clip(c.url.as_deref(), 2048) {
            Some(url) => json!([{"url": url, "title": clip(c.title.as_deref(), 300), "at": chrono::Utc::now()}]),
            None => json!([]),
        };
        let mut raw = [0u8; 32];
        rand::rng().fill_bytes(&mut raw);
        let token = URL_SAFE_NO_PAD.encode(raw);
        let tx = self.tx(w.tenant_id).await?;
        let id = Uuid::now_v7();
        // Eight characters people can read out: no 0/O or 1/I/L.
        const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        let mut refb = [0u8; 8];
        rand::rng().fill_bytes(&mut refb);
        let r: String = refb.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
        let v = repo::widget::visitors::insert(&tx, id, w.id, &token_hash(&token), &r, context, pages).await.db()?;
        tx.commit().await.db()?;
        Ok(NewVisitor { visitor_id: v.id, r#ref: v.r#ref, token })
    }

    fn public_visitor(v: &VisitorRow) -> PublicVisitor {
        PublicVisitor {
            id: v.id,
            r#ref: v.r#ref.clone(),
            name: v.name.clone(),
            email: v.email.clone(),
            phone: v.phone.clone(),
            identified: v.identified,
        }
    }

    async fn public_messages(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<PublicMessage>> {
        let mut out: Vec<PublicMessage> = crate::inbox::conversations::messages_with_media(tx, ids)
            .await?
            .iter()
            .filter_map(public_message)
            .collect();
        out.sort_by_key(|m| (m.created_at, m.id));
        Ok(out)
    }

    /// The visitor, their conversation and its last 100 messages, oldest first.
    pub async fn session(&self, s: &VisitorSession) -> Result<WidgetSession> {
        let tx = self.tx(s.tenant_id).await?;
        let v = self.visitor_row(&tx, s).await?;
        let messages = match v.conversation_id {
            Some(conv) => {
                let ids = repo::widget::visitors::messages_before(&tx, conv, None, 100).await.db()?;
                Self::public_messages(&tx, &ids).await?
            }
            None => vec![],
        };
        Ok(WidgetSession {
            visitor: Self::public_visitor(&v),
            conversation_id: v.conversation_id,
            messages,
            agents_typing: false,
        })
    }

    /// Older history, before a message of the visitor's conversation.
    pub async fn history(&self, s: &VisitorSession, q: HistoryQuery) -> Result<PublicMessagePage> {
        let limit = q.limit.unwrap_or(50).clamp(1, 100);
        let tx = self.tx(s.tenant_id).await?;
        let v = self.visitor_row(&tx, s).await?;
        let Some(conv) = v.conversation_id else { return Ok(PublicMessagePage { items: vec![], has_more: false }) };
        let mut ids = repo::widget::visitors::messages_before(&tx, conv, q.before, limit + 1).await.db()?;
        let has_more = ids.len() as i64 > limit;
        ids.truncate(limit as usize);
        Ok(PublicMessagePage { items: Self::public_messages(&tx, &ids).await?, has_more })
    }

    /// The visitor's contact, made when first needed (a page view alone makes none).
    async fn ensure_contact(&self, tx: &TenantTx, v: &VisitorRow) -> Result<Uuid> {
        if let Some(c) = v.contact_id
            && repo::crm::contacts::get(&tx.tx, c).await.db()?.is_some()
        {
            return Ok(c);
        }
        // The contact went (merged into another, say) while the conversation stayed: follow the conversation.
        if let Some(conv) = v.conversation_id
            && let Some(row) = repo::inbox::conversations::get(&tx.tx, conv).await.db()?
        {
            repo::widget::visitors::set_links(tx, v.id, Some(row.contact_id), Some(conv)).await.db()?;
            return Ok(row.contact_id);
        }
        let name = v.name.clone().or_else(|| Some(format!("Visitor {}", v.r#ref)));
        let c = repo::widget::visitors::insert_contact(tx, name.as_deref(), v.email.as_deref(), None).await.db()?;
        repo::widget::visitors::set_links(tx, v.id, Some(c), v.conversation_id).await.db()?;
        Ok(c)
    }

    /// Stores a visitor's message once per `clientId`; `created` is false for a repeat.
    pub async fn send(&self, s: &VisitorSession, i: VisitorMessageInput) -> Result<Sent> {
        let text: Option<String> = i.text.as_deref().map(|t| t.replace('\0', "")).filter(|t| !t.trim().is_empty());
        if text.as_ref().is_some_and(|t| t.chars().count() > MAX_TEXT) {
            return Err(DomainError::field("text", &format!("must be at most {MAX_TEXT} characters")));
        }
        if let Some(r) = &i.reply
            && (r.id.is_empty() || r.id.len() > 256 || r.title.chars().count() > 256)
        {
            return Err(DomainError::field("reply", "must be a button's id and title"));
        }
        if text.is_none() && i.media_id.is_none() && i.reply.is_none() {
            return Err(DomainError::field("text", "is required when no file is sent"));
        }
        let key = format!("w:{}:{}", s.visitor_id, i.client_id);
        let tx = self.tx(s.tenant_id).await?;
        if let Some(id) = repo::widget::visitors::message_by_key(&tx, &key).await.db()? {
            let message = Self::public_messages(&tx, &[id]).await?.pop().ok_or(DomainError::NotFound("Message"))?;
            return Ok(Sent { message, created: false });
        }
        limits::check(&self.core.redis, &limits::messages(s.widget_id, s.visitor_id))
            .await
            .map_err(|retry_after_secs| DomainError::RateLimited { retry_after_secs })?;
        let v = self.visitor_row(&tx, s).await?;
        let w = self.row(&tx, s.widget_id).await?;
        let contact = self.ensure_contact(&tx, &v).await?;
        let media = match i.media_id {
            Some(mid) => {
                let m = repo::widget::visitors::media_for_visitor(&tx, mid, v.id, None).await.db()?;
                Some(
                    m.filter(|m| m.own)
                        .ok_or_else(|| DomainError::missing("mediaId", "must be a file you uploaded"))?,
                )
            }
            None => None,
        };
        let kind = match (&i.reply, &media) {
            (Some(r), _) => MessageKind::ButtonReply { id: Some(r.id.clone()), title: r.title.clone(), payload: None },
            (None, Some(m)) => MessageKind::Media {
                media_type: if m.mime_type.as_deref().is_some_and(|t| t.starts_with("image/")) {
                    MediaType::Image
                } else {
                    MediaType::Document
                },
                media_id: None,
                url: None,
                mime_type: m.mime_type.clone(),
                sha256: None,
                caption: text.clone(),
                filename: m.filename.clone(),
                voice: false,
            },
            (None, None) => MessageKind::Text { body: text.clone().unwrap_or_default() },
        };
        let mut stored = self
            .core
            .ingest_direct(
                &tx,
                vec![DirectInbound {
                    connection_id: w.connection_id,
                    contact_id: contact,
                    key: key.clone(),
                    name: v.name.clone(),
                    kind,
                    media_id: media.map(|m| m.id),
                    raw: json!({"widget": w.id, "visitor": v.id, "clientId": i.client_id}),
                }],
            )
            .await?;
        let conv = repo::widget::visitors::conversation_of(&tx, contact, w.connection_id).await.db()?;
        if conv != v.conversation_id {
            repo::widget::visitors::set_links(&tx, v.id, Some(contact), conv).await.db()?;
            if let (Some(conv), Some(team)) = (conv, w.team_id) {
                repo::widget::visitors::set_team_if_none(&tx, conv, team).await.db()?;
                // Told after `conversation:new`, which was made before the team was set.
                if let Some(row) = repo::inbox::conversations::get(&tx.tx, conv).await.db()? {
                    let conversation = crate::inbox::conversations::conversation_dto(row);
                    stored.events.push(Event::ConversationUpdated { conversation });
                }
            }
        }
        let id =
            repo::widget::visitors::message_by_key(&tx, &key).await.db()?.ok_or(DomainError::NotFound("Message"))?;
        let message = Self::public_messages(&tx, &[id]).await?.pop().ok_or(DomainError::NotFound("Message"))?;
        let queued = self.core.record_events(&tx, &stored.events).await?;
        tx.commit().await.db()?;
        self.core.published_direct(s.tenant_id, stored, queued).await?;
        Ok(Sent { message, created: true })
    }

    /// Stores a visitor's file (images and PDF, as their bytes say, at most 10 MB) for a message to use.
    pub async fn attach(&self, s: &VisitorSession, bytes: bytes::Bytes, filename: Option<&str>) -> Result<Attachment> {
        if bytes.len() > MAX_FILE {
            return Err(DomainError::TooLarge {
                code: "file_too_large",
                message: format!("Files may be at most {} MB.", MAX_FILE / 1024 / 1024),
            });
        }
        if bytes.is_empty() {
            return Err(DomainError::field("file", "is empty"));
        }
        let mime = sniff(&bytes).ok_or_else(|| DomainError::UnsupportedType {
            code: "unsupported_file_type",
            message: "Only images (JPEG, PNG, GIF, WebP) and PDF files can be sent.".into(),
        })?;
        limits::check(&self.core.redis, &limits::messages(s.widget_id, s.visitor_id))
            .await
            .map_err(|retry_after_secs| DomainError::RateLimited { retry_after_secs })?;
        let filename = filename.and_then(|f| f.rsplit(['/', '\\']).next()).and_then(|f| clip(Some(f), 200));
        let tx = self.tx(s.tenant_id).await?;
        let w = self.row(&tx, s.widget_id).await?;
        let id = Uuid::now_v7();
        let key = parley_media::object_key(s.tenant_id, id, filename.as_deref());
        let size = bytes.len() as i64;
        let stored =
            self.core.channel.media.put(&key, bytes, mime).await.map_err(crate::inbox::conversations::media_error)?;
        repo::widget::visitors::insert_media(
            &tx,
            id,
            s.visitor_id,
            w.connection_id,
            &stored.key,
            mime,
            filename.as_deref(),
            size,
            &stored.sha256,
        )
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(Attachment { media_id: id, mime: mime.to_owned(), filename, size })
    }

    /// A file of the visitor's conversation (or their own upload): bytes, type, name.
    pub async fn media(&self, s: &VisitorSession, media_id: Uuid) -> Result<(bytes::Bytes, String, Option<String>)> {
        let tx = self.tx(s.tenant_id).await?;
        let v = self.visitor_row(&tx, s).await?;
        let m = repo::widget::visitors::media_for_visitor(&tx, media_id, v.id, v.conversation_id)
            .await
            .db()?
            .ok_or(DomainError::NotFound("Media"))?;
        drop(tx);
        let (Some(key), "stored") = (m.storage_key.as_deref(), m.status.as_str()) else {
            return Err(DomainError::NotFound("Media"));
        };
        let (bytes, _) = self.core.channel.media.get(key).await.map_err(crate::inbox::conversations::media_error)?;
        Ok((bytes, m.mime_type.unwrap_or_else(|| "application/octet-stream".into()), m.filename))
    }

    /// The pre-chat form: what the widget requires must be there; the visitor's contact gets what they gave.
    pub async fn prechat(&self, s: &VisitorSession, i: PrechatInput) -> Result<PublicVisitor> {
        let tx = self.tx(s.tenant_id).await?;
        let w = self.row(&tx, s.widget_id).await?;
        let form: Prechat = serde_json::from_value(w.prechat).unwrap_or_default();
        let mut c = Check::default();
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let (name, email, phone) = (given(&i.name), given(&i.email), given(&i.phone));
        for (field, ask, present) in [
            ("name", form.name, name.is_some()),
            ("email", form.email, email.is_some()),
            ("phone", form.phone, phone.is_some()),
            ("consent", form.consent, i.consent == Some(true)),
        ] {
            if ask == Ask::Required && !present {
                c.push(field, "is required");
            }
        }
        let name = name.and_then(|n| c.text("name", &n, 1, 200));
        let email = email.and_then(|e| c.email("email", &e)).map(|e| e.as_str().to_owned());
        let phone = phone.and_then(|p| c.phone("phone", &p)).map(|p| p.as_str().to_owned());
        c.finish()?;
        let patch = VisitorPatch {
            name: name.clone(),
            email: email.clone(),
            phone: phone.clone(),
            consent: i.consent.filter(|_| form.consent != Ask::Off),
            identified: None,
        };
        let v = repo::widget::visitors::update(&tx, s.visitor_id, &patch).await.db()?.ok_or_else(invalid_visitor)?;
        // Unverified: filled into the visitor's own contact only, never matched to an existing one.
        let contact = self.ensure_contact(&tx, &v).await?;
        repo::widget::visitors::fill_contact(&tx, contact, name.as_deref(), email.as_deref(), phone.as_deref())
            .await
            .db()?;
        tx.commit().await.db()?;
        Ok(Self::public_visitor(&v))
    }

    /// `Parley.identify`: on a matching HMAC the visitor joins the workspace's contact with that email or phone (made
    /// if none), so their conversations share one timeline. A mismatch changes nothing.
    pub async fn identify(&self, s: &VisitorSession, i: IdentifyInput) -> Result<PublicVisitor> {
        let mismatch = || DomainError::Blocked {
            code: "identity_mismatch",
            message: "The identity hash does not match this email or phone.".into(),
        };
        let email = i.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
        let phone = i.phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
        let subject = email.or(phone).ok_or_else(|| DomainError::field("email", "an email or a phone is required"))?;
        let tx = self.tx(s.tenant_id).await?;
        let w = self.row(&tx, s.widget_id).await?;
        let secret = self.core.channel.sealer.open(&w.identity_secret).map_err(DomainError::internal)?;
        let given = hex::decode(i.hash.trim()).map_err(|_| mismatch())?;
        let mut mac = Hmac::<Sha256>::new_from_slice(&secret).map_err(DomainError::internal)?;
        mac.update(subject.as_bytes());
        // `verify_slice` compares in constant time.
        mac.verify_slice(&given).map_err(|_| mismatch())?;

        let mut c = Check::default();
        let email = email.and_then(|e| c.email("email", e)).map(|e| e.as_str().to_owned());
        let phone = phone.and_then(|p| c.phone("phone", p)).map(|p| p.as_str().to_owned());
        let name = i.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).and_then(|n| c.text("name", n, 1, 200));
        c.finish()?;
        let v = self.visitor_row(&tx, s).await?;
        let existing =
            repo::widget::visitors::contact_by_identity(&tx.tx, email.as_deref(), phone.as_deref()).await.db()?;
        let contact = match existing {
            Some(x) => x,
            None => self.ensure_contact(&tx, &v).await?,
        };
        repo::widget::visitors::fill_contact(&tx, contact, name.as_deref(), email.as_deref(), phone.as_deref())
            .await
            .db()?;
        let theirs = repo::widget::visitors::conversation_of(&tx, contact, w.connection_id).await.db()?;
        let conversation = match (v.conversation_id, theirs) {
            (Some(mine), Some(theirs)) if mine != theirs => {
                repo::widget::visitors::merge_conversation(&tx, mine, theirs).await.db()?;
                Some(theirs)
            }
            (Some(mine), None) => {
                repo::widget::visitors::move_conversation(&tx, mine, contact).await.db()?;
                Some(mine)
            }
            (mine, theirs) => theirs.or(mine),
        };
        repo::widget::visitors::set_links(&tx, v.id, Some(contact), conversation).await.db()?;
        if let Some(old) = v.contact_id.filter(|old| *old != contact) {
            repo::widget::visitors::drop_orphan_contact(&tx, old).await.db()?;
        }
        let patch = VisitorPatch { name, email, phone, consent: None, identified: Some(true) };
        let v = repo::widget::visitors::update(&tx, v.id, &patch).await.db()?.ok_or_else(invalid_visitor)?;
        let mut events = vec![];
        if let Some(conv) = conversation
            && let Some(row) = repo::inbox::conversations::get(&tx.tx, conv).await.db()?
        {
            events
                .push(Event::ConversationUpdated { conversation: crate::inbox::conversations::conversation_dto(row) });
        }
        self.core.commit_events(tx, events).await?;
        Ok(Self::public_visitor(&v))
    }

    /// A page the visitor opened (the last 50 are kept; the newest is their current page).
    pub async fn page(&self, s: &VisitorSession, i: PageInput) -> Result<()> {
        let url = clip(Some(&i.url), 2048).ok_or_else(|| DomainError::field("url", "is required"))?;
        let tx = self.tx(s.tenant_id).await?;
        repo::widget::visitors::add_page(&tx, s.visitor_id, &url, clip(i.title.as_deref(), 300).as_deref())
            .await
            .db()?;
        tx.commit().await.db()
    }

    /// The visitor has the panel open and saw the agents' messages up to `up_to`.
    pub async fn read(&self, s: &VisitorSession, up_to: Uuid) -> Result<()> {
        let tx = self.tx(s.tenant_id).await?;
        let v = self.visitor_row(&tx, s).await?;
        let Some(conv) = v.conversation_id else { return Ok(()) };
        let ids = repo::widget::visitors::read_up_to(&tx, conv, up_to).await.db()?;
        self.publish_statuses(tx, &ids).await
    }

    /// The visitor's script received these agent messages.
    pub async fn delivered(&self, s: &VisitorSession, message_ids: &[Uuid]) -> Result<()> {
        if message_ids.is_empty() || message_ids.len() > 200 {
            return Ok(());
        }
        let tx = self.tx(s.tenant_id).await?;
        let v = self.visitor_row(&tx, s).await?;
        let Some(conv) = v.conversation_id else { return Ok(()) };
        let ids = repo::widget::visitors::delivered(&tx, conv, message_ids).await.db()?;
        self.publish_statuses(tx, &ids).await
    }

    async fn publish_statuses(&self, tx: TenantTx, ids: &[Uuid]) -> Result<()> {
        let messages = crate::inbox::conversations::messages_with_media(&tx, ids).await?;
        let events = messages.into_iter().map(|message| Event::MessageStatus { message }).collect();
        self.core.commit_events(tx, events).await
    }

    /// For the agents' side panel: the visitor of a widget conversation (404 for other conversations).
    pub async fn conversation_visitor(&self, t: &TenantCtx, conversation_id: Uuid) -> Result<ConversationVisitor> {
        // The same rule as reading the conversation (an agent sees only what the inbox shows them).
        crate::inbox::conversations::InboxService(self.core.clone()).conversation(t, conversation_id).await?;
        let (tx, _) = self.core.begin(t, Role::Agent).await?;
        let v = repo::widget::visitors::of_conversation(&tx.tx, conversation_id)
            .await
            .db()?
            .ok_or(DomainError::NotFound("Visitor"))?;
        Ok(ConversationVisitor {
            id: v.id,
            r#ref: v.r#ref,
            widget_id: v.widget_id,
            name: v.name,
            email: v.email,
            phone: v.phone,
            context: v.context,
            pages: serde_json::from_value::<Vec<Value>>(v.pages)
                .unwrap_or_default()
                .into_iter()
                .map(|p| VisitorPage {
                    url: p.get("url").and_then(Value::as_str).unwrap_or_default().to_owned(),
                    title: p.get("title").and_then(Value::as_str).map(str::to_owned),
                    at: p.get("at").and_then(Value::as_str).map(str::to_owned),
                })
                .collect(),
            identified: v.identified,
            contact_id: v.contact_id,
            first_seen_at: v.first_seen_at,
            last_seen_at: v.last_seen_at,
        })
    }

    /// For the real-time layer: the visitors of those of `conversation_ids` that are widget conversations
    /// (`None` for a widget conversation no visitor is linked to); other conversations are left out.
    pub async fn visitors_of(&self, tenant: Uuid, conversation_ids: &[Uuid]) -> Result<Vec<(Uuid, Option<Uuid>)>> {
        let tx = self.tx(tenant).await?;
        let rows = repo::widget::visitors::of_conversations(&tx.tx, conversation_ids).await.db()?;
        Ok(rows.into_iter().map(|r| (r.conversation_id, r.visitor_id)).collect())
    }

    /// The conversation a visitor writes in, if any (for typing).
    pub async fn visitor_conversation(&self, s: &VisitorSession) -> Result<Option<Uuid>> {
        let tx = self.tx(s.tenant_id).await?;
        Ok(self.visitor_row(&tx, s).await?.conversation_id)
    }
}
