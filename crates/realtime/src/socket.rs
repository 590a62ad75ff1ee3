//! One socket: authenticated on connect with an access token, put in its tenant's and user's rooms,
//! caught up on what it missed, then joining conversation rooms it may see, typing, and setting status.

use crate::events::{conversation_room, tenant_room, user_room};
use crate::journal::Replay;
use crate::{Adapter, Ctx, presence};
use parley_services::team::dto::{AgentStatus, UpdateMyStatusInput};
use parley_services::{ClientInfo, TenantCtx};
use serde::Deserialize;
use serde_json::{Value, json};
use socketioxide::adapter::Adapter as AdapterT;
use socketioxide::extract::{AckSender, SocketRef, State, TryData};
use socketioxide::handler::ConnectHandler;
use socketioxide::{SendError, SocketError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Who is behind a socket, kept in its extensions.
#[derive(Clone)]
struct Session {
    ctx: TenantCtx,
    tenant: Uuid,
    user: Uuid,
    name: String,
    since: Option<String>,
    typing: Arc<Mutex<Window>>,
}

/// At most `TYPING_PER_WINDOW` typing events per `TYPING_WINDOW` per socket; more are dropped.
const TYPING_PER_WINDOW: u32 = 4;
const TYPING_WINDOW: Duration = Duration::from_secs(1);

/// One socket's typing events in the current window (agents' and visitors' sockets alike).
pub(crate) struct Window {
    start: Instant,
    count: u32,
}

impl Window {
    pub(crate) fn new() -> Self {
        Window { start: Instant::now(), count: 0 }
    }

    pub(crate) fn allow(&mut self) -> bool {
        if self.start.elapsed() >= TYPING_WINDOW {
            self.start = Instant::now();
            self.count = 0;
        }
        self.count += 1;
        self.count <= TYPING_PER_WINDOW
    }
}

#[derive(Deserialize)]
struct Auth {
    token: Option<String>,
    since: Option<String>,
}

/// Why a connection is refused, as the client's `connect_error` says it (both namespaces).
#[derive(Debug)]
pub(crate) struct Unauthorized;

impl std::fmt::Display for Unauthorized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unauthorized")
    }
}

/// Refuses the connection (the client sees `connect_error`) unless the token names an active member.
async fn authenticate<A: AdapterT>(
    s: SocketRef<A>,
    TryData(auth): TryData<Auth>,
    State(ctx): State<Ctx>,
) -> Result<(), Unauthorized> {
    let auth = auth.map_err(|_| Unauthorized)?;
    let token = auth.token.ok_or(Unauthorized)?;
    let services = &ctx.services;
    let claims = services.auth.verify_access(&token).map_err(|_| Unauthorized)?;
    let tctx = services.auth.person_claim(&claims, ClientInfo::default()).map_err(|_| Unauthorized)?;
    let me = services.presence.whoami(&tctx).await.map_err(|_| Unauthorized)?;
    s.extensions.insert(Session {
        tenant: tctx.tenant_id.0,
        user: me.user_id,
        name: me.name,
        ctx: tctx,
        since: auth.since.filter(|s| !s.is_empty()),
        typing: Arc::new(Mutex::new(Window::new())),
    });
    Ok(())
}

pub(crate) fn handler() -> impl ConnectHandler<Adapter, (SocketRef<Adapter>, State<Ctx>)> {
    on_connect::<Adapter>.with(authenticate::<Adapter>)
}

fn session<A: AdapterT>(s: &SocketRef<A>) -> Option<Session> {
    s.extensions.get::<Session>()
}

async fn on_connect<A: AdapterT>(s: SocketRef<A>, State(ctx): State<Ctx>) {
    let Some(me) = session(&s) else {
        let _ = s.disconnect();
        return;
    };
    let rooms = vec![tenant_room(me.tenant), user_room(me.tenant, me.user)];
    s.join(rooms.clone());
    s.on("conversation:join", on_join::<A>);
    s.on("conversation:leave", on_leave::<A>);
    s.on("conversation:typing", on_typing::<A>);
    s.on("agent:status", on_status::<A>);
    let (tenant, user) = (me.tenant, me.user);
    s.on_disconnect(async move |State(ctx): State<Ctx>| presence::socket_closed(&ctx, tenant, user));
    presence::socket_opened(&ctx, tenant, user).await;
    if let Some(since) = &me.since {
        catch_up(&s, &ctx, me.tenant, since, &rooms).await;
    }
}

/// How long a catch-up waits for room in a socket's send buffer before it gives up and tells the client to reload.
const REPLAY_PATIENCE: Duration = Duration::from_secs(10);

/// Emits one event, waiting while the socket's send buffer (`max_buffer_size` packets) is full: a catch-up emits
/// faster than the websocket drains. False when the socket is gone or stayed full past `deadline`.
async fn emit_waiting<A: AdapterT>(s: &SocketRef<A>, event: &str, data: &Value, deadline: Instant) -> bool {
    loop {
        match s.emit(event, data) {
            Ok(()) => return true,
            Err(SendError::Socket(SocketError::InternalChannelFull)) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            Err(_) => return false,
        }
    }
}

/// Emits what the socket missed in `rooms` since `since`, then `sync` (or `sync {reset}`). Every replayed event
/// and the `sync` are delivered, or the client hears `reset` (it reloads): a catch-up never ends silently short.
async fn catch_up<A: AdapterT>(s: &SocketRef<A>, ctx: &Ctx, tenant: Uuid, since: &str, rooms: &[String]) {
    let deadline = Instant::now() + REPLAY_PATIENCE;
    let reset = json!({"reset": true, "rooms": rooms});
    match ctx.journal.replay(tenant, since, rooms).await {
        Ok(Replay::Events(entries)) => {
            let n = entries.len();
            let mut last = since.to_owned();
            for mut e in entries {
                e.data["eventId"] = Value::String(e.id.clone());
                if !emit_waiting(s, &e.event, &e.data, deadline).await {
                    tracing::warn!(replayed = n, "catch-up cut short; the client is told to reload");
                    emit_waiting(s, "sync", &reset, Instant::now() + REPLAY_PATIENCE).await;
                    return;
                }
                last = e.id;
            }
            emit_waiting(s, "sync", &json!({"eventId": last, "replayed": n, "rooms": rooms}), deadline).await;
        }
        Ok(Replay::Reset) => {
            emit_waiting(s, "sync", &reset, deadline).await;
        }
        Err(e) => {
            tracing::warn!(error = %e, "journal replay failed");
            emit_waiting(s, "sync", &reset, deadline).await;
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Join {
    conversation_id: Uuid,
    since: Option<String>,
}

fn reply<A: AdapterT>(ack: AckSender<A>, v: Value) {
    // A client that asked for no acknowledgement gets none.
    let _ = ack.send(&v);
}

/// Joins a conversation's room if the member may see the conversation (same rule as the REST API:
/// another workspace's id is not found).
async fn on_join<A: AdapterT>(s: SocketRef<A>, TryData(req): TryData<Join>, ack: AckSender<A>, State(ctx): State<Ctx>) {
    let (Some(me), Ok(req)) = (session(&s), req) else { return reply(ack, json!({"error": "invalid"})) };
    if ctx.services.inbox.conversation(&me.ctx, req.conversation_id).await.is_err() {
        return reply(ack, json!({"error": "not_found"}));
    }
    let room = conversation_room(req.conversation_id);
    s.join(room.clone());
    reply(ack, json!({"ok": true}));
    if let Some(since) = req.since.as_deref().filter(|s| !s.is_empty()) {
        catch_up(&s, &ctx, me.tenant, since, &[room]).await;
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Leave {
    conversation_id: Uuid,
}

async fn on_leave<A: AdapterT>(s: SocketRef<A>, TryData(req): TryData<Leave>, ack: AckSender<A>) {
    let Ok(req) = req else { return reply(ack, json!({"error": "invalid"})) };
    s.leave(conversation_room(req.conversation_id));
    reply(ack, json!({"ok": true}));
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Typing {
    conversation_id: Uuid,
    is_typing: bool,
}

/// Tells the others in the conversation's room, and the website visitor of a widget conversation; rate-limited per
/// socket, and only from inside the room.
async fn on_typing<A: AdapterT>(
    s: SocketRef<A>,
    TryData(req): TryData<Typing>,
    ack: AckSender<A>,
    State(ctx): State<Ctx>,
) {
    let (Some(me), Ok(req)) = (session(&s), req) else { return reply(ack, json!({"error": "invalid"})) };
    let allowed = me.typing.lock().map(|mut w| w.allow()).unwrap_or(false);
    if !allowed {
        return reply(ack, json!({"error": "rate_limited"}));
    }
    let room = conversation_room(req.conversation_id);
    if !s.rooms().contains(&room.clone().into()) {
        return reply(ack, json!({"error": "not_joined"}));
    }
    let payload = json!({"conversationId": req.conversation_id, "userId": me.user, "name": me.name,
                         "isTyping": req.is_typing});
    if let Err(e) = s.to(room).emit("conversation:typing", &payload).await {
        tracing::debug!(error = %e, "typing not delivered");
    }
    let visitors = ctx.visitors.of(&ctx, me.tenant, &[req.conversation_id]).await;
    let rooms: Vec<String> =
        visitors.get(&req.conversation_id).into_iter().flatten().map(|v| crate::widget::visitor_room(*v)).collect();
    if let (false, Some(ns)) = (rooms.is_empty(), ctx.io.get().and_then(|io| io.of("/widget"))) {
        let typing = json!({"on": req.is_typing, "name": me.name});
        if let Err(e) = ns.to(rooms).emit("typing", &typing).await {
            tracing::debug!(error = %e, "typing not delivered to the visitor");
        }
    }
    reply(ack, json!({"ok": true}));
}

#[derive(Deserialize)]
struct Status {
    status: AgentStatus,
}

async fn on_status<A: AdapterT>(
    s: SocketRef<A>,
    TryData(req): TryData<Status>,
    ack: AckSender<A>,
    State(ctx): State<Ctx>,
) {
    let (Some(me), Ok(req)) = (session(&s), req) else { return reply(ack, json!({"error": "invalid"})) };
    match ctx.services.presence.set_my_status(&me.ctx, UpdateMyStatusInput { status: req.status }).await {
        Ok(agent) => reply(ack, json!({"ok": true, "status": agent.status.as_str()})),
        Err(_) => reply(ack, json!({"error": "invalid"})),
    }
}
