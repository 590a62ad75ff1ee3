//! Real time: Socket.IO (socketioxide) on the API's port. Owns socket authentication, rooms
//! (`tenant:{id}`, `user:{id}`, `conversation:{id}`), the mapping of domain events to rooms, the event
//! journal that lets a reconnecting client catch up, presence bookkeeping per node and typing limits.
//! Fans out across nodes through the socketioxide Redis adapter. Knows the services, not axum handlers. The `/widget`
//! namespace is the website chat widget's visitors (`widget`).

mod events;
mod journal;
mod presence;
mod socket;
mod widget;

use parley_services::Services;
use socketioxide::SocketIo;
use socketioxide::adapter::Emitter;
use socketioxide::layer::SocketIoLayer;
use socketioxide_redis::{RedisAdapter, RedisAdapterCtr};
use std::sync::Arc;
use std::time::Duration;

pub use journal::JOURNAL_LEN;

/// The one adapter type: every node fans out through Redis (Parley always has Redis).
pub type Adapter = RedisAdapter<Emitter>;
pub type Io = SocketIo<Adapter>;
pub type Layer = SocketIoLayer<Adapter>;

/// Shared by every socket handler of this node.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub services: Services,
    pub journal: journal::Journal,
    pub local: Arc<presence::LocalPresence>,
    /// Which website visitors hear a conversation.
    pub visitors: Arc<widget::VisitorRooms>,
    /// This node's Socket.IO, to reach another namespace than the socket's own (an agent typing to a visitor).
    pub io: Arc<std::sync::OnceLock<Io>>,
}

/// socketioxide's Redis driver speaks RESP3, which must be asked for in the URL.
fn resp3(url: &str) -> String {
    if url.contains("protocol=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&protocol=resp3")
    } else {
        format!("{url}?protocol=resp3")
    }
}

async fn build(services: &Services, redis_url: &str) -> anyhow::Result<(Layer, Io, Ctx)> {
    let client = redis::Client::open(resp3(redis_url))?;
    let adapter = RedisAdapterCtr::new_with_redis(&client).await?;
    let ctx = Ctx {
        services: services.clone(),
        journal: journal::Journal::new(services.core.redis.clone()),
        local: Arc::new(presence::LocalPresence::default()),
        visitors: Arc::new(widget::VisitorRooms::default()),
        io: Arc::new(std::sync::OnceLock::new()),
    };
    let (layer, io) = SocketIo::builder()
        .with_state(ctx.clone())
        .ping_interval(Duration::from_secs(20))
        .ping_timeout(Duration::from_secs(20))
        .max_payload(64 * 1024)
        .with_adapter::<Adapter>(adapter)
        .build_layer();
    io.ns("/", socket::handler()).await?;
    io.ns("/widget", widget::handler()).await?;
    let _ = ctx.io.set(io.clone());
    Ok((layer, io, ctx))
}

/// For `parley serve`: the layer to wrap the HTTP router with, and the background tasks that deliver
/// committed events to rooms and keep this node's presence fresh.
pub async fn serve(services: &Services, redis_url: &str) -> anyhow::Result<Layer> {
    let (layer, io, ctx) = build(services, redis_url).await?;
    tokio::spawn(events::deliver(io, ctx.clone()));
    tokio::spawn(presence::heartbeat(ctx));
    Ok(layer)
}

/// For `parley worker`: no sockets of its own, but the events its jobs cause still reach every node's
/// clients through the adapter.
pub async fn emit_only(services: &Services, redis_url: &str) -> anyhow::Result<()> {
    let (_layer, io, ctx) = build(services, redis_url).await?;
    tokio::spawn(events::deliver(io, ctx));
    Ok(())
}
