//! A typed client for the WhatsApp Cloud API (Graph API): sending, marking read, media and templates.
//! Only the base URL decides whether it talks to Meta or to the simulator; it keeps no state of its own.

use crate::cloud::MediaType;
use crate::{GraphError, GraphErrorKind};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Value, json};
use std::fmt;
use std::time::Duration;
use url::Url;

/// Longest error body kept from a non-Graph answer (an HTML error page says little past this).
const MAX_ERROR_BODY: usize = 500;
/// Bound on `paging.next` hops, so a server that keeps answering with a next page cannot loop us forever.
const MAX_TEMPLATE_PAGES: usize = 100;

#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// A Graph API error body (`{"error": {...}}`); boxed because it is large and errors are rare.
    Graph { status: u16, error: Box<GraphError> },
    /// A non-2xx answer without a Graph error body (a proxy's 502 page ...), body cut to 500 characters.
    Http { status: u16, body: String },
    /// Could not connect, or the request timed out.
    Transport(String),
    /// A 2xx answer whose body is not what the endpoint returns.
    Decode(String),
    /// The media is larger than the caller allows.
    TooLarge,
    /// The request could not be built (a malformed base URL or MIME type); retrying cannot help.
    InvalidRequest(String),
}

impl ClientError {
    /// Whether retrying later may succeed: transport errors, 5xx, Graph Throttled/PairRateLimit, 429.
    pub fn is_retryable(&self) -> bool {
        let status_retryable = |status: u16| status >= 500 || status == 429;
        match self {
            Self::Graph { status, error } => status_retryable(*status) || error.kind().is_retryable(),
            Self::Http { status, .. } => status_retryable(*status),
            Self::Transport(_) => true,
            Self::Decode(_) | Self::TooLarge | Self::InvalidRequest(_) => false,
        }
    }

    pub fn graph_kind(&self) -> Option<GraphErrorKind> {
        match self {
            Self::Graph { error, .. } => Some(error.kind()),
            _ => None,
        }
    }

    /// A short reason to show to an agent, e.g. "(#131047) Re-engagement message" or "Graph API answered 502".
    pub fn reason(&self) -> String {
        match self {
            Self::Graph { status, error } if error.message.is_empty() => {
                format!("(#{}) Graph API answered {status}", error.code)
            }
            // Meta usually prefixes the code itself ("(#100) ..."); keep one copy of it.
            Self::Graph { error, .. } if error.message.starts_with("(#") => error.message.clone(),
            Self::Graph { error, .. } => format!("(#{}) {}", error.code, error.message),
            Self::Http { status, .. } => format!("Graph API answered {status}"),
            Self::Transport(e) => format!("Graph API unreachable: {e}"),
            Self::Decode(e) => format!("unexpected Graph API answer: {e}"),
            Self::TooLarge => "the media is larger than allowed".to_owned(),
            Self::InvalidRequest(e) => format!("invalid request: {e}"),
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason())
    }
}

impl std::error::Error for ClientError {}

/// Cuts `body` to at most `max` characters, on a character boundary.
pub(crate) fn truncate(body: &str, max: usize) -> String {
    match body.char_indices().nth(max) {
        Some((end, _)) => body[..end].to_owned(),
        None => body.to_owned(),
    }
}

pub(crate) fn transport(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        format!("connection failed: {e}")
    } else {
        e.to_string()
    }
}

/// Checks a base URL and returns it without a trailing slash, so paths can be appended.
pub(crate) fn parse_base(base_url: &str) -> Result<(String, Url), String> {
    let trimmed = base_url.trim().trim_end_matches('/').to_owned();
    let url = Url::parse(&trimmed).map_err(|e| format!("invalid base URL {base_url:?}: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(format!("base URL {base_url:?} is not an http(s) URL"));
    }
    Ok((trimmed, url))
}

/// `base` with `segments` appended, each percent-encoded so an id can never change the path.
pub(crate) fn join(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

pub(crate) fn build_http(timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("parley/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMessage {
    /// The `wamid...` that statuses and replies refer to.
    pub message_id: String,
    pub wa_id: Option<String>,
    /// `held_for_quality_assessment` when Meta holds a template message while it judges the template.
    pub message_status: Option<String>,
}

/// Reads the send answer: `{"contacts": [{"input", "wa_id"}], "messages": [{"id"}]}`.
impl<'de> Deserialize<'de> for SentMessage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Contact {
            #[serde(default)]
            wa_id: Option<String>,
        }
        #[derive(Deserialize)]
        struct Msg {
            id: String,
            #[serde(default)]
            message_status: Option<String>,
        }
        #[derive(Deserialize)]
        struct Answer {
            #[serde(default)]
            contacts: Vec<Contact>,
            messages: Vec<Msg>,
        }
        let answer = Answer::deserialize(d)?;
        let m = answer
            .messages
            .into_iter()
            .next()
            .ok_or_else(|| serde::de::Error::custom("no message id in the send answer"))?;
        Ok(Self {
            message_id: m.id,
            wa_id: answer.contacts.into_iter().next().and_then(|c| c.wa_id),
            message_status: m.message_status,
        })
    }
}

/// The answer to a media upload.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UploadedMedia {
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MediaInfo {
    pub id: String,
    /// Valid for a few minutes, and only with the access token.
    pub url: String,
    pub mime_type: String,
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(default, deserialize_with = "lenient_size")]
    pub file_size: Option<u64>,
}

/// Meta sends `file_size` as a number or as a string; a string that is not a number counts as unknown.
fn lenient_size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

fn empty_array() -> Value {
    Value::Array(Vec::new())
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TemplateInfo {
    pub id: String,
    pub name: String,
    pub language: String,
    /// APPROVED, PENDING, REJECTED, PAUSED, DISABLED ...
    pub status: String,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default = "empty_array")]
    pub components: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreatedTemplate {
    pub id: String,
    pub status: String,
    #[serde(default)]
    pub category: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PhoneNumberInfo {
    pub id: String,
    pub display_phone_number: String,
    #[serde(default)]
    pub verified_name: Option<String>,
    #[serde(default)]
    pub quality_rating: Option<String>,
    /// `{"level": "STANDARD" | "HIGH" | "NOT_APPLICABLE"}`: 80 or 1,000 messages per second.
    #[serde(default)]
    pub throughput: Option<Throughput>,
    /// TIER_250, TIER_2K, TIER_10K, TIER_100K or TIER_UNLIMITED: unique customers per rolling 24 hours.
    #[serde(default)]
    pub whatsapp_business_manager_messaging_limit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Throughput {
    pub level: String,
}

impl PhoneNumberInfo {
    /// The messaging limit as a number of unique customers per 24 hours (`None`: unlimited or not said).
    pub fn messaging_limit(&self) -> Option<Option<i32>> {
        Some(match self.whatsapp_business_manager_messaging_limit.as_deref()? {
            "TIER_250" => Some(250),
            "TIER_1K" => Some(1_000),
            "TIER_2K" => Some(2_000),
            "TIER_10K" => Some(10_000),
            "TIER_100K" => Some(100_000),
            "TIER_UNLIMITED" => None,
            _ => return None,
        })
    }

    /// Messages per second the number may send.
    pub fn rate_per_second(&self) -> Option<i32> {
        match self.throughput.as_ref()?.level.as_str() {
            "HIGH" => Some(1_000),
            "STANDARD" => Some(80),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaSource {
    /// A media id from `upload_media`.
    Id(String),
    /// A public HTTPS URL Meta fetches itself.
    Link(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSection {
    pub title: String,
    pub rows: Vec<ListRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OutboundMessage {
    Text {
        to: String,
        body: String,
        preview_url: bool,
        reply_to: Option<String>,
    },
    Media {
        to: String,
        kind: MediaType,
        source: MediaSource,
        /// Sent only for image, video and document: Meta rejects captions on audio and stickers.
        caption: Option<String>,
        /// Sent only for documents, the one type that shows a file name.
        filename: Option<String>,
        reply_to: Option<String>,
    },
    Template {
        to: String,
        name: String,
        language: String,
        /// The `components` array as Meta expects it; null or an empty array sends none.
        components: Value,
    },
    Buttons {
        to: String,
        body: String,
        /// (id, title) of up to three reply buttons.
        buttons: Vec<(String, String)>,
        header: Option<String>,
        footer: Option<String>,
        reply_to: Option<String>,
    },
    List {
        to: String,
        body: String,
        /// The label of the button that opens the list.
        button: String,
        sections: Vec<ListSection>,
        header: Option<String>,
        footer: Option<String>,
        reply_to: Option<String>,
    },
    Reaction {
        to: String,
        message_id: String,
        /// An empty string removes the reaction.
        emoji: String,
    },
    Location {
        to: String,
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
        reply_to: Option<String>,
    },
}

fn put(obj: &mut Value, key: &str, value: Option<&String>) {
    if let (Some(v), Some(map)) = (value, obj.as_object_mut()) {
        map.insert(key.to_owned(), Value::String(v.clone()));
    }
}

fn interactive(kind: &str, body: &str, header: Option<&String>, footer: Option<&String>, action: Value) -> Value {
    let mut i = json!({ "type": kind, "body": { "text": body }, "action": action });
    if let (Some(h), Some(map)) = (header, i.as_object_mut()) {
        map.insert("header".into(), json!({ "type": "text", "text": h }));
    }
    if let (Some(f), Some(map)) = (footer, i.as_object_mut()) {
        map.insert("footer".into(), json!({ "text": f }));
    }
    i
}

impl OutboundMessage {
    pub fn to(&self) -> &str {
        match self {
            Self::Text { to, .. }
            | Self::Media { to, .. }
            | Self::Template { to, .. }
            | Self::Buttons { to, .. }
            | Self::List { to, .. }
            | Self::Reaction { to, .. }
            | Self::Location { to, .. } => to,
        }
    }

    fn reply_to(&self) -> Option<&String> {
        match self {
            Self::Text { reply_to, .. }
            | Self::Media { reply_to, .. }
            | Self::Buttons { reply_to, .. }
            | Self::List { reply_to, .. }
            | Self::Location { reply_to, .. } => reply_to.as_ref(),
            Self::Template { .. } | Self::Reaction { .. } => None,
        }
    }

    /// The exact Graph API request body for `POST /{phone_number_id}/messages`.
    pub fn to_json(&self) -> Value {
        let (kind, content) = match self {
            Self::Text { body, preview_url, .. } => ("text", json!({ "body": body, "preview_url": preview_url })),
            Self::Media { kind, source, caption, filename, .. } => {
                let mut m = match source {
                    MediaSource::Id(id) => json!({ "id": id }),
                    MediaSource::Link(link) => json!({ "link": link }),
                };
                if matches!(kind, MediaType::Image | MediaType::Video | MediaType::Document) {
                    put(&mut m, "caption", caption.as_ref());
                }
                if *kind == MediaType::Document {
                    put(&mut m, "filename", filename.as_ref());
                }
                (kind.as_str(), m)
            }
            Self::Template { name, language, components, .. } => {
                let mut t = json!({ "name": name, "language": { "code": language } });
                let empty = components.is_null() || components.as_array().is_some_and(Vec::is_empty);
                if let (false, Some(map)) = (empty, t.as_object_mut()) {
                    map.insert("components".into(), components.clone());
                }
                ("template", t)
            }
            Self::Buttons { body, buttons, header, footer, .. } => {
                let buttons: Vec<Value> = buttons
                    .iter()
                    .map(|(id, title)| json!({ "type": "reply", "reply": { "id": id, "title": title } }))
                    .collect();
                (
                    "interactive",
                    interactive("button", body, header.as_ref(), footer.as_ref(), json!({ "buttons": buttons })),
                )
            }
            Self::List { body, button, sections, header, footer, .. } => (
                "interactive",
                interactive(
                    "list",
                    body,
                    header.as_ref(),
                    footer.as_ref(),
                    json!({ "button": button, "sections": sections }),
                ),
            ),
            Self::Reaction { message_id, emoji, .. } => {
                ("reaction", json!({ "message_id": message_id, "emoji": emoji }))
            }
            Self::Location { latitude, longitude, name, address, .. } => {
                let mut l = json!({ "latitude": latitude, "longitude": longitude });
                put(&mut l, "name", name.as_ref());
                put(&mut l, "address", address.as_ref());
                ("location", l)
            }
        };
        let mut body = json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": self.to(),
            "type": kind,
            kind: content,
        });
        if let (Some(id), Some(map)) = (self.reply_to(), body.as_object_mut()) {
            map.insert("context".into(), json!({ "message_id": id }));
        }
        body
    }
}

/// A Graph API client. Cheap to clone: the connection pool is shared.
#[derive(Debug, Clone)]
pub struct CloudClient {
    http: reqwest::Client,
    base_url: String,
    base: Url,
}

impl CloudClient {
    /// `base_url` includes the API version: `https://graph.facebook.com/v23.0`, or the simulator's
    /// `http://127.0.0.1:PORT/sim/graph/v23.0`.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, ClientError> {
        let (base_url, base) = parse_base(base_url).map_err(ClientError::InvalidRequest)?;
        let http = build_http(timeout).map_err(ClientError::InvalidRequest)?;
        Ok(Self { http, base_url, base })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub async fn send(
        &self,
        phone_number_id: &str,
        token: &str,
        msg: &OutboundMessage,
    ) -> Result<SentMessage, ClientError> {
        self.send_tagged(phone_number_id, token, msg, None).await
    }

    /// Sends with `biz_opaque_callback_data`, which Meta echoes in every status webhook of the message: a
    /// campaign finds its recipient row by it even when the send's answer was lost.
    pub async fn send_tagged(
        &self,
        phone_number_id: &str,
        token: &str,
        msg: &OutboundMessage,
        callback_data: Option<&str>,
    ) -> Result<SentMessage, ClientError> {
        let url = join(&self.base, &[phone_number_id, "messages"]);
        let mut body = msg.to_json();
        if let (Some(data), Some(map)) = (callback_data, body.as_object_mut()) {
            map.insert("biz_opaque_callback_data".into(), json!(data));
        }
        read(self.http.post(url).bearer_auth(token).json(&body).send().await).await
    }

    pub async fn mark_read(&self, phone_number_id: &str, token: &str, message_id: &str) -> Result<(), ClientError> {
        let url = join(&self.base, &[phone_number_id, "messages"]);
        let body = json!({ "messaging_product": "whatsapp", "status": "read", "message_id": message_id });
        success(read(self.http.post(url).bearer_auth(token).json(&body).send().await).await?)
    }

    pub async fn upload_media(
        &self,
        phone_number_id: &str,
        token: &str,
        bytes: Bytes,
        mime_type: &str,
        filename: &str,
    ) -> Result<String, ClientError> {
        let len = bytes.len() as u64;
        let file = reqwest::multipart::Part::stream_with_length(bytes, len)
            .file_name(filename.to_owned())
            .mime_str(mime_type)
            .map_err(|e| ClientError::InvalidRequest(format!("MIME type {mime_type:?}: {e}")))?;
        let form = reqwest::multipart::Form::new()
            .text("messaging_product", "whatsapp")
            .text("type", mime_type.to_owned())
            .part("file", file);
        let url = join(&self.base, &[phone_number_id, "media"]);
        let uploaded: UploadedMedia = read(self.http.post(url).bearer_auth(token).multipart(form).send().await).await?;
        Ok(uploaded.id)
    }

    pub async fn media_info(&self, token: &str, media_id: &str) -> Result<MediaInfo, ClientError> {
        let url = join(&self.base, &[media_id]);
        read(self.http.get(url).bearer_auth(token).send().await).await
    }

    /// Downloads from the URL media_info returned (Bearer token required by Meta); refuses bodies over `max_bytes`.
    pub async fn download_media(&self, token: &str, url: &str, max_bytes: u64) -> Result<Bytes, ClientError> {
        let url = Url::parse(url).map_err(|e| ClientError::InvalidRequest(format!("media URL {url:?}: {e}")))?;
        let mut resp =
            self.http.get(url).bearer_auth(token).send().await.map_err(|e| ClientError::Transport(transport(&e)))?;
        if !resp.status().is_success() {
            let status = resp.status().as_u16();
            let body = resp.bytes().await.map_err(|e| ClientError::Transport(transport(&e)))?;
            return Err(error_of(status, &body));
        }
        if resp.content_length().is_some_and(|len| len > max_bytes) {
            return Err(ClientError::TooLarge);
        }
        // The length header may be absent or wrong, so the limit is enforced on what actually arrives.
        let mut out = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| ClientError::Transport(transport(&e)))? {
            if (out.len() + chunk.len()) as u64 > max_bytes {
                return Err(ClientError::TooLarge);
            }
            out.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(out))
    }

    /// Every template of the business account, following `paging.next`.
    pub async fn list_templates(&self, waba_id: &str, token: &str) -> Result<Vec<TemplateInfo>, ClientError> {
        #[derive(Deserialize)]
        struct Paging {
            #[serde(default)]
            next: Option<String>,
        }
        #[derive(Deserialize)]
        struct Page {
            data: Vec<TemplateInfo>,
            #[serde(default)]
            paging: Option<Paging>,
        }
        let mut url = join(&self.base, &[waba_id, "message_templates"]);
        url.query_pairs_mut().append_pair("limit", "100");
        let mut out = Vec::new();
        for _ in 0..MAX_TEMPLATE_PAGES {
            let page: Page = read(self.http.get(url.clone()).bearer_auth(token).send().await).await?;
            out.extend(page.data);
            let Some(next) = page.paging.and_then(|p| p.next).filter(|n| !n.is_empty()) else {
                return Ok(out);
            };
            let next = Url::parse(&next).map_err(|e| ClientError::Decode(format!("paging.next {next:?}: {e}")))?;
            if next == url {
                return Ok(out);
            }
            url = next;
        }
        Err(ClientError::Decode(format!("more than {MAX_TEMPLATE_PAGES} pages of templates")))
    }

    /// Submits a template for review (`{"name", "language", "category", "components"}`).
    pub async fn create_template(
        &self,
        waba_id: &str,
        token: &str,
        template: &Value,
    ) -> Result<CreatedTemplate, ClientError> {
        let url = join(&self.base, &[waba_id, "message_templates"]);
        read(self.http.post(url).bearer_auth(token).json(template).send().await).await
    }

    pub async fn phone_number(&self, phone_number_id: &str, token: &str) -> Result<PhoneNumberInfo, ClientError> {
        let mut url = join(&self.base, &[phone_number_id]);
        url.query_pairs_mut().append_pair(
            "fields",
            "id,display_phone_number,verified_name,quality_rating,throughput,whatsapp_business_manager_messaging_limit",
        );
        read(self.http.get(url).bearer_auth(token).send().await).await
    }
}

fn error_of(status: u16, body: &[u8]) -> ClientError {
    match GraphError::from_body(body) {
        Some(error) => ClientError::Graph { status, error: Box::new(error) },
        None => ClientError::Http { status, body: truncate(&String::from_utf8_lossy(body), MAX_ERROR_BODY) },
    }
}

/// Reads a Graph answer: a Graph error, an HTTP error, or `T` from a 2xx body.
async fn read<T: DeserializeOwned>(sent: Result<reqwest::Response, reqwest::Error>) -> Result<T, ClientError> {
    let resp = sent.map_err(|e| ClientError::Transport(transport(&e)))?;
    let status = resp.status().as_u16();
    let body = resp.bytes().await.map_err(|e| ClientError::Transport(transport(&e)))?;
    if !(200..300).contains(&status) {
        return Err(error_of(status, &body));
    }
    serde_json::from_slice(&body).map_err(|e| {
        ClientError::Decode(format!("{e} in {}", truncate(&String::from_utf8_lossy(&body), MAX_ERROR_BODY)))
    })
}

/// `{"success": true}`, which mark-read answers; anything else means it was not done.
fn success(v: Value) -> Result<(), ClientError> {
    if v.get("success").and_then(Value::as_bool) == Some(true) {
        Ok(())
    } else {
        Err(ClientError::Decode(format!(
            "expected {{\"success\":true}}, got {}",
            truncate(&v.to_string(), MAX_ERROR_BODY)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_reply() -> OutboundMessage {
        OutboundMessage::Text {
            to: "15551234".into(),
            body: "hi".into(),
            preview_url: true,
            reply_to: Some("wamid.A".into()),
        }
    }

    #[test]
    fn text_carries_preview_and_reply_context() {
        assert_eq!(
            text_reply().to_json(),
            json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": "15551234", "type": "text",
                    "text": { "body": "hi", "preview_url": true }, "context": { "message_id": "wamid.A" } })
        );
        let plain = OutboundMessage::Text { to: "1".into(), body: "x".into(), preview_url: false, reply_to: None };
        assert!(plain.to_json().get("context").is_none(), "no context unless replying");
    }

    #[test]
    fn media_sends_caption_and_filename_only_where_meta_accepts_them() {
        let doc = OutboundMessage::Media {
            to: "1".into(),
            kind: MediaType::Document,
            source: MediaSource::Link("https://x.test/a.pdf".into()),
            caption: Some("invoice".into()),
            filename: Some("a.pdf".into()),
            reply_to: None,
        };
        assert_eq!(
            doc.to_json(),
            json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1", "type": "document",
                    "document": { "link": "https://x.test/a.pdf", "caption": "invoice", "filename": "a.pdf" } })
        );
        let audio = OutboundMessage::Media {
            to: "1".into(),
            kind: MediaType::Audio,
            source: MediaSource::Id("77".into()),
            caption: Some("ignored".into()),
            filename: Some("ignored.ogg".into()),
            reply_to: Some("wamid.B".into()),
        };
        assert_eq!(
            audio.to_json(),
            json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1", "type": "audio",
                    "audio": { "id": "77" }, "context": { "message_id": "wamid.B" } })
        );
        let image = OutboundMessage::Media {
            to: "1".into(),
            kind: MediaType::Image,
            source: MediaSource::Id("9".into()),
            caption: Some("look".into()),
            filename: Some("not-for-images.png".into()),
            reply_to: None,
        };
        assert_eq!(image.to_json()["image"], json!({ "id": "9", "caption": "look" }));
    }

    #[test]
    fn template_names_its_language_code_and_omits_empty_components() {
        let components = json!([{ "type": "body", "parameters": [{ "type": "text", "text": "Ana" }] }]);
        let t = OutboundMessage::Template {
            to: "1".into(),
            name: "hello_world".into(),
            language: "en_US".into(),
            components: components.clone(),
        };
        assert_eq!(
            t.to_json(),
            json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1", "type": "template",
                    "template": { "name": "hello_world", "language": { "code": "en_US" }, "components": components } })
        );
        let bare = OutboundMessage::Template {
            to: "1".into(),
            name: "n".into(),
            language: "en".into(),
            components: json!([]),
        };
        assert_eq!(bare.to_json()["template"], json!({ "name": "n", "language": { "code": "en" } }));
    }

    #[test]
    fn buttons_become_interactive_reply_buttons() {
        let b = OutboundMessage::Buttons {
            to: "1".into(),
            body: "Pick one".into(),
            buttons: vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
            header: Some("Question".into()),
            footer: Some("Parley".into()),
            reply_to: None,
        };
        assert_eq!(
            b.to_json(),
            json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1", "type": "interactive",
                    "interactive": {
                        "type": "button",
                        "header": { "type": "text", "text": "Question" },
                        "body": { "text": "Pick one" },
                        "footer": { "text": "Parley" },
                        "action": { "buttons": [
                            { "type": "reply", "reply": { "id": "yes", "title": "Yes" } },
                            { "type": "reply", "reply": { "id": "no", "title": "No" } }
                        ] } } })
        );
    }

    #[test]
    fn list_has_sections_rows_and_its_button_label() {
        let l = OutboundMessage::List {
            to: "1".into(),
            body: "Menu".into(),
            button: "Open".into(),
            sections: vec![ListSection {
                title: "Drinks".into(),
                rows: vec![
                    ListRow { id: "tea".into(), title: "Tea".into(), description: Some("hot".into()) },
                    ListRow { id: "water".into(), title: "Water".into(), description: None },
                ],
            }],
            header: None,
            footer: None,
            reply_to: Some("wamid.C".into()),
        };
        assert_eq!(
            l.to_json(),
            json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1", "type": "interactive",
                    "context": { "message_id": "wamid.C" },
                    "interactive": {
                        "type": "list",
                        "body": { "text": "Menu" },
                        "action": { "button": "Open", "sections": [{ "title": "Drinks", "rows": [
                            { "id": "tea", "title": "Tea", "description": "hot" },
                            { "id": "water", "title": "Water" }
                        ] }] } } })
        );
    }

    #[test]
    fn reaction_and_location_bodies() {
        let r = OutboundMessage::Reaction { to: "1".into(), message_id: "wamid.D".into(), emoji: String::new() };
        assert_eq!(
            r.to_json(),
            json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1", "type": "reaction",
                    "reaction": { "message_id": "wamid.D", "emoji": "" } })
        );
        let l = OutboundMessage::Location {
            to: "1".into(),
            latitude: 38.72,
            longitude: -9.14,
            name: Some("Office".into()),
            address: None,
            reply_to: None,
        };
        assert_eq!(
            l.to_json(),
            json!({ "messaging_product": "whatsapp", "recipient_type": "individual", "to": "1", "type": "location",
                    "location": { "latitude": 38.72, "longitude": -9.14, "name": "Office" } })
        );
    }

    #[test]
    fn errors_say_whether_a_retry_can_help() {
        let graph = |status, code| ClientError::Graph {
            status,
            error: Box::new(
                GraphError::from_body(format!(r#"{{"error":{{"code":{code},"message":"m"}}}}"#).as_bytes())
                    .expect("graph error"),
            ),
        };
        assert!(graph(400, 130429).is_retryable());
        assert!(graph(500, 1).is_retryable());
        assert!(!graph(400, 131047).is_retryable());
        assert_eq!(graph(400, 131047).graph_kind(), Some(GraphErrorKind::WindowClosed));
        assert_eq!(graph(400, 131047).reason(), "(#131047) m");
        assert!(ClientError::Http { status: 429, body: String::new() }.is_retryable());
        assert!(!ClientError::Http { status: 404, body: String::new() }.is_retryable());
        assert!(ClientError::Transport("timed out".into()).is_retryable());
        assert!(!ClientError::TooLarge.is_retryable());
        assert_eq!(ClientError::Http { status: 502, body: String::new() }.reason(), "Graph API answered 502");
    }

    #[test]
    fn non_graph_error_bodies_are_cut_on_a_character_boundary() {
        let long = "é".repeat(600);
        let ClientError::Http { body, .. } = error_of(502, long.as_bytes()) else { panic!("an HTML-ish error") };
        assert_eq!(body.chars().count(), 500);
    }

    #[test]
    fn file_size_is_read_from_numbers_and_strings() {
        let info = |size: &str| -> MediaInfo {
            serde_json::from_str(&format!(r#"{{"id":"1","url":"u","mime_type":"image/png","file_size":{size}}}"#))
                .expect("media info")
        };
        assert_eq!(info("12").file_size, Some(12));
        assert_eq!(info("\"12\"").file_size, Some(12));
        assert_eq!(info("\"SIZE\"").file_size, None);
        assert_eq!(info("null").file_size, None);
    }

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        let client = CloudClient::new("http://127.0.0.1:9/sim/graph/v23.0/", Duration::from_secs(1)).expect("client");
        assert_eq!(client.base_url(), "http://127.0.0.1:9/sim/graph/v23.0");
        assert_eq!(
            join(&client.base, &["../x", "messages"]).as_str(),
            "http://127.0.0.1:9/sim/graph/v23.0/..%2Fx/messages"
        );
        assert!(matches!(CloudClient::new("not a url", Duration::from_secs(1)), Err(ClientError::InvalidRequest(_))));
    }
}
