//! The `/widget` namespace: a website visitor's socket, authenticated with the widget's key, the visitor token and
//! the page's Origin (checked like the HTTP API), in the room `visitor:{id}`. It sends what `POST /messages` sends
//! (same rules and limits), acknowledges delivery and reading, reports pages, and types; agents' typing reaches it
//! as `typing`. What reaches the visitor's room from domain events is mapped in `events`.

use crate::events::conversation_room;
use crate::socket::{Unauthorized, Window};
use crate::{Adapter, Ctx};
use parley_services::DomainError;
use parley_services::widget::VisitorSession;
use parley_services::widget::dto::{PageInput, VisitorMessageInput};
use serde::Deserialize;
use serde_json::{Value, json};
use socketioxide::adapter::Adapter as AdapterT;
use socketioxide::extract::{AckSender, SocketRef, State, TryData};
use socketioxide::handler::ConnectHandler;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

pub(crate) fn visitor_room(v: Uuid) -> String {
    format!("visitor:{v}")
}

/// Every visitor socket of a workspace: told when someone is there to answer, or no longer.
pub(crate) fn visitors_room(tenant: Uuid) -> String {
    format!("visitors:{tenant}")
}

#[derive(Clone)]
struct Visitor {
    session: VisitorSession,
    /// At most 4 typing events a second per socket, as for agents.
    typing: Arc<Mutex<Window>>,
}

#[derive(Deserialize)]
struct Auth {
    key: String,
    token: String,
}

async fn authenticate<A: AdapterT>(
    s: SocketRef<A>,
    TryData(auth): TryData<Auth>,
    State(ctx): State<Ctx>,
) -> Result<(), Unauthorized> {
    let auth = auth.map_err(|_| Unauthorized)?;
    let origin = s.req_parts().headers.get("origin").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let session = ctx
        .services
        .widgets
        .authenticate(&auth.key, origin.as_deref(), Some(&auth.token))
        .await
        .map_err(|_| Unauthorized)?;
    s.extensions.insert(Visitor { session, typing: Arc::new(Mutex::new(Window::new())) });
    Ok(())
}

pub(crate) fn handler() -> impl ConnectHandler<Adapter, (SocketRef<Adapter>, State<Ctx>)> {
    on_connect::<Adapter>.with(authenticate::<Adapter>)
}

fn visitor<A: AdapterT>(s: &SocketRef<A>) -> Option<Visitor> {
    s.extensions.get::<Visitor>()
}

async fn on_connect<A: AdapterT>(s: SocketRef<A>, State(ctx): State<Ctx>) {
    let Some(v) = visitor(&s) else {
        let _ = s.disconnect();
        return;
    };
    s.join(vec![visitor_room(v.session.visitor_id), visitors_room(v.session.tenant_id)]);
    s.on("message:send", on_send::<A>);
    s.on("delivered", on_delivered::<A>);
    s.on("read", on_read::<A>);
    s.on("typing", on_typing::<A>);
    s.on("page", on_page::<A>);
    match ctx.services.widgets.online(v.session.tenant_id).await {
        Ok(online) => {
            let _ = s.emit("online", &json!({"online": online}));
        }
        Err(e) => tracing::warn!(error = %e, "widget online state not read"),
    }
}

fn reply<A: AdapterT>(ack: AckSender<A>, v: Value) {
    // A script that asked for no acknowledgement gets none.
    let _ = ack.send(&v);
}

/// The HTTP API's code for a refusal, so the script handles both transports alike.
fn refusal(e: &DomainError) -> Value {
    let code = match e {
        DomainError::Validation(_) => "validation_failed",
        DomainError::NotFound(_) | DomainError::Missing(_) => "not_found",
        DomainError::RateLimited { .. } => "rate_limited",
        DomainError::InvalidToken { code, .. } | DomainError::Blocked { code, .. } => code,
        DomainError::TooLarge { code, .. } | DomainError::UnsupportedType { code, .. } => code,
        DomainError::Internal(_) => "internal_error",
        _ => "rejected",
    };
    let message =
        if matches!(e, DomainError::Internal(_)) { "Something went wrong on our side.".into() } else { e.to_string() };
    let mut error = json!({"code": code, "message": message});
    if let DomainError::RateLimited { retry_after_secs } = e {
        error["retryAfter"] = json!(retry_after_secs);
    }
    json!({"ok": false, "error": error})
}

async fn on_send<A: AdapterT>(
    s: SocketRef<A>,
    TryData(req): TryData<VisitorMessageInput>,
    ack: AckSender<A>,
    State(ctx): State<Ctx>,
) {
    let Some(v) = visitor(&s) else { return reply(ack, json!({"ok": false, "error": {"code": "unauthorized"}})) };
    let Ok(req) = req else {
        return reply(
            ack,
            json!({"ok": false, "error": {"code": "validation_failed", "message": "Send {clientId, text?, mediaId?, reply?}."}}),
        );
    };
    match ctx.services.widgets.send(&v.session, req).await {
        Ok(sent) => reply(ack, json!({"ok": true, "message": sent.message})),
        Err(e) => {
            if matches!(e, DomainError::Internal(_)) {
                tracing::error!(error = %e, "widget message not stored");
            }
            reply(ack, refusal(&e))
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Delivered {
    message_ids: Vec<Uuid>,
}

async fn on_delivered<A: AdapterT>(
    s: SocketRef<A>,
    TryData(req): TryData<Delivered>,
    ack: AckSender<A>,
    State(ctx): State<Ctx>,
) {
    let (Some(v), Ok(req)) = (visitor(&s), req) else { return reply(ack, json!({"ok": false})) };
    match ctx.services.widgets.delivered(&v.session, &req.message_ids).await {
        Ok(()) => reply(ack, json!({"ok": true})),
        Err(e) => reply(ack, refusal(&e)),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Read {
    up_to: Uuid,
}

async fn on_read<A: AdapterT>(s: SocketRef<A>, TryData(req): TryData<Read>, ack: AckSender<A>, State(ctx): State<Ctx>) {
    let (Some(v), Ok(req)) = (visitor(&s), req) else { return reply(ack, json!({"ok": false})) };
    match ctx.services.widgets.read(&v.session, req.up_to).await {
        Ok(()) => reply(ack, json!({"ok": true})),
        Err(e) => reply(ack, refusal(&e)),
    }
}

async fn on_page<A: AdapterT>(
    s: SocketRef<A>,
    TryData(req): TryData<PageInput>,
    ack: AckSender<A>,
    State(ctx): State<Ctx>,
) {
    let (Some(v), Ok(req)) = (visitor(&s), req) else { return reply(ack, json!({"ok": false})) };
    match ctx.services.widgets.page(&v.session, req).await {
        Ok(()) => reply(ack, json!({"ok": true})),
        Err(e) => reply(ack, refusal(&e)),
    }
}

#[derive(Deserialize)]
struct Typing {
    on: bool,
}

/// Tells the agents in the conversation's room that the visitor types (with the visitor's name, or their reference).
async fn on_typing<A: AdapterT>(
    s: SocketRef<A>,
    TryData(req): TryData<Typing>,
    ack: AckSender<A>,
    State(ctx): State<Ctx>,
) {
    let (Some(v), Ok(req)) = (visitor(&s), req) else { return reply(ack, json!({"ok": false})) };
    let allowed = v.typing.lock().map(|mut w| w.allow()).unwrap_or(false);
    if !allowed {
        return reply(ack, json!({"ok": false, "error": {"code": "rate_limited"}}));
    }
    let Ok(Some(conversation)) = ctx.services.widgets.visitor_conversation(&v.session).await else {
        return reply(ack, json!({"ok": true}));
    };
    let payload = json!({"conversationId": conversation, "visitorId": v.session.visitor_id,
                         "name": v.session.name, "isTyping": req.on});
    // The agents' sockets are in the main namespace.
    if let Some(main) = ctx.io.get().and_then(|io| io.of("/"))
        && let Err(e) = main.to(conversation_room(conversation)).emit("conversation:typing", &payload).await
    {
        tracing::debug!(error = %e, "visitor typing not delivered");
    }
    reply(ack, json!({"ok": true}));
}

/// Which visitors' rooms hear a conversation: conversations on other channels are remembered as none for good (a
/// conversation never changes channel); widget conversations for a few seconds (a visitor may identify and join).
#[derive(Default)]
pub(crate) struct VisitorRooms(Mutex<HashMap<Uuid, Known>>);

/// A conversation's visitors, and when they were read (`None`: not a widget conversation, for good).
type Known = (Option<Instant>, Vec<Uuid>);

const WIDGET_TTL: Duration = Duration::from_secs(5);

impl VisitorRooms {
    pub(crate) async fn of(&self, ctx: &Ctx, tenant: Uuid, conversations: &[Uuid]) -> HashMap<Uuid, Vec<Uuid>> {
        let mut out = HashMap::new();
        let mut unknown = Vec::new();
        if let Ok(m) = self.0.lock() {
            for c in conversations {
                match m.get(c) {
                    Some((None, v)) => {
                        out.insert(*c, v.clone());
                    }
                    Some((Some(at), v)) if at.elapsed() < WIDGET_TTL => {
                        out.insert(*c, v.clone());
                    }
                    _ => unknown.push(*c),
                }
            }
        }
        unknown.sort_unstable();
        unknown.dedup();
        if unknown.is_empty() {
            return out;
        }
        let found = match ctx.services.widgets.visitors_of(tenant, &unknown).await {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(error = %e, "widget visitors not looked up");
                return out;
            }
        };
        let mut widget: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (c, v) in found {
            widget.entry(c).or_default().extend(v);
        }
        if let Ok(mut m) = self.0.lock() {
            if m.len() > 100_000 {
                m.clear();
            }
            for c in unknown {
                match widget.remove(&c) {
                    Some(v) => {
                        m.insert(c, (Some(Instant::now()), v.clone()));
                        out.insert(c, v);
                    }
                    None => {
                        m.insert(c, (None, vec![]));
                        out.insert(c, vec![]);
                    }
                }
            }
        }
        out
    }
}
