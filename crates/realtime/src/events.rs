//! Domain events to rooms: which room hears what, under which name, with which payload.

use crate::widget::{visitor_room, visitors_room};
use crate::{Ctx, Io};
use parley_services::events::{Event, Published};
use parley_services::widget::public_message;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

pub(crate) fn tenant_room(t: Uuid) -> String {
    format!("tenant:{t}")
}
/// Per workspace: a person in two workspaces must not hear one's notifications in the other.
pub(crate) fn user_room(tenant: Uuid, u: Uuid) -> String {
    format!("user:{tenant}:{u}")
}
pub(crate) fn conversation_room(c: Uuid) -> String {
    format!("conversation:{c}")
}

/// The room, socket event name and payload (without `eventId`) of a domain event; `None` for events that
/// are not sent to clients.
pub(crate) fn route(tenant: Uuid, e: &Event) -> Option<(String, &'static str, Value)> {
    Some(match e {
        Event::AccessRevoked { .. } | Event::Integration { .. } => return None,
        Event::MessageNew { message } => (
            conversation_room(message.conversation_id),
            "message:new",
            json!({"conversationId": message.conversation_id, "message": message}),
        ),
        Event::MessageStatus { message } => (
            conversation_room(message.conversation_id),
            "message:status",
            json!({
                "conversationId": message.conversation_id, "messageId": message.id, "status": message.status,
                "error": message.error, "sentAt": message.sent_at, "deliveredAt": message.delivered_at,
                "readAt": message.read_at, "failedAt": message.failed_at, "message": message,
            }),
        ),
        Event::ConversationNew { conversation } => {
            (tenant_room(tenant), "conversation:new", json!({"conversation": conversation}))
        }
        Event::ConversationUpdated { conversation } => {
            (tenant_room(tenant), "conversation:updated", json!({"conversation": conversation}))
        }
        Event::ConversationAssigned { conversation, by } => (
            tenant_room(tenant),
            "conversation:assigned",
            json!({"conversation": conversation, "assigneeId": conversation.assignee_id,
                   "teamId": conversation.team_id, "byUserId": by}),
        ),
        Event::AgentPresence { user_id, status, online } => {
            (tenant_room(tenant), "agent:presence", json!({"userId": user_id, "status": status, "online": online}))
        }
        Event::ImportProgress { progress } => (tenant_room(tenant), "import:progress", json!(progress)),
        Event::CampaignProgress { progress } => (tenant_room(tenant), "campaign:progress", json!(progress)),
        Event::Notification { user_id, kind, title, body, conversation_id } => (
            user_id.map(|u| user_room(tenant, u)).unwrap_or_else(|| tenant_room(tenant)),
            "notification",
            json!({"kind": kind, "title": title, "body": body, "conversationId": conversation_id}),
        ),
    })
}

/// What website visitors hear of a batch: their conversation's messages as they see them (never notes), and the
/// status changes of those messages. Not journaled: a reconnecting script reads its session over HTTP.
async fn to_visitors(io: &Io, ctx: &Ctx, batch: &[Arc<Published>]) {
    let mut by_tenant: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    let mut presence: Vec<Uuid> = Vec::new();
    for p in batch {
        match &p.event {
            Event::MessageNew { message } | Event::MessageStatus { message } => {
                by_tenant.entry(p.tenant_id).or_default().push(message.conversation_id);
            }
            Event::AgentPresence { .. } => presence.push(p.tenant_id),
            _ => {}
        }
    }
    presence.sort_unstable();
    presence.dedup();
    // An agent came or went: the workspace's visitors hear whether someone is there to answer now.
    for tenant in presence {
        let Some(ns) = io.of("/widget") else { break };
        match ctx.services.widgets.online(tenant).await {
            Ok(online) => {
                if let Err(e) = ns.to(visitors_room(tenant)).emit("online", &json!({"online": online})).await {
                    tracing::warn!(error = %e, "online state not delivered to visitors");
                }
            }
            Err(e) => tracing::warn!(error = %e, "widget online state not read"),
        }
    }
    let mut rooms = HashMap::new();
    for (tenant, conversations) in by_tenant {
        rooms.extend(ctx.visitors.of(ctx, tenant, &conversations).await);
    }
    for p in batch {
        let (name, message) = match &p.event {
            Event::MessageNew { message } => ("message:new", message),
            Event::MessageStatus { message } => ("message:status", message),
            _ => continue,
        };
        let Some(visitors) = rooms.get(&message.conversation_id).filter(|v| !v.is_empty()) else { continue };
        let Some(public) = public_message(message) else { continue };
        let payload = if name == "message:new" {
            json!({"message": public})
        } else {
            json!({"messageId": public.id, "status": public.status, "message": public})
        };
        for v in visitors {
            if let Some(ns) = io.of("/widget")
                && let Err(e) = ns.to(visitor_room(*v)).emit(name, &payload).await
            {
                tracing::warn!(error = %e, event = name, "visitor event not delivered");
            }
        }
    }
}

/// Ends the sockets of a member who lost access, or of a whole suspended workspace, on every node.
async fn revoke(io: &Io, tenant: Uuid, user: Option<Uuid>) {
    let room = user.map(|u| user_room(tenant, u)).unwrap_or_else(|| tenant_room(tenant));
    if let Err(e) = io.to(room).disconnect().await {
        tracing::warn!(error = %e, "sockets of a revoked member not disconnected");
    }
}

/// Most events journaled in one Redis round trip.
const BATCH: usize = 256;

/// Delivers committed events in order: journal first (so a client that connects meanwhile can replay
/// them), then the room, on every node through the adapter. Whatever queued up meanwhile is journaled
/// in one pipelined round trip, so a burst of webhooks costs a few trips, not one per event.
pub(crate) async fn deliver(io: Io, ctx: Ctx) {
    let mut rx = ctx.services.core.events.subscribe();
    let mut batch: Vec<Arc<Published>> = Vec::with_capacity(BATCH);
    loop {
        match rx.recv().await {
            Ok(p) => batch.push(p),
            Err(RecvError::Lagged(n)) => {
                tracing::error!(missed = n, "real-time delivery fell behind; clients will catch up on reconnect");
                continue;
            }
            Err(RecvError::Closed) => return,
        }
        while batch.len() < BATCH
            && let Ok(p) = rx.try_recv()
        {
            batch.push(p);
        }
        for p in &batch {
            if let Event::AccessRevoked { user_id } = p.event {
                revoke(&io, p.tenant_id, user_id).await;
            }
        }
        let routed: Vec<(Uuid, String, &'static str, Value)> = batch
            .iter()
            .filter_map(|p| {
                let (room, name, payload) = route(p.tenant_id, &p.event)?;
                Some((p.tenant_id, room, name, payload))
            })
            .collect();
        let ids = match ctx.journal.append_many(&routed).await {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!(error = %e, "events not journaled");
                vec![]
            }
        };
        for (i, (_, room, name, mut payload)) in routed.into_iter().enumerate() {
            if let Some(id) = ids.get(i) {
                payload["eventId"] = Value::String(id.clone());
            }
            if let Err(e) = io.to(room).emit(name, &payload).await {
                tracing::warn!(error = %e, event = name, "event not delivered");
            }
        }
        to_visitors(&io, &ctx, &batch).await;
        batch.clear();
    }
}
