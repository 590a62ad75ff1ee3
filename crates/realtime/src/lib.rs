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
    // Events from other nodes wait in this channel for the node to fan them out; when it is full they are dropped
    // (with a warning), and a socket that stayed connected never hears them. 1,024 (the default) overflowed under
    // CPU pressure in the multi-node load test; a larger channel only costs memory while it is used.
    let config = socketioxide_redis::RedisAdapterConfig::new().with_stream_buffer(16 * 1024);
    let adapter = RedisAdapterCtr::new_with_redis_config(&client, config).await?;
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
        // An agent's socket sends a few small frames (join, typing, status); the websocket layer zero-fills its
        // whole read buffer on every read, so 4 KiB (the default) stay resident per idle connection. Larger frames
        // still arrive: the buffer grows for them.
        .ws_read_buffer_size(1024)
        .with_adapter::<Adapter>(adapter)
        .build_layer();
    io.ns("/", socket::handler()).await?;
    io.ns("/widget", widget::handler()).await?;
    let _ = ctx.io.set(io.clone());
    Ok((layer, io, ctx))
}

/// Socket.IO keeps the request that opened a session (its URI, headers and extensions) for the session's life.
/// hyper parses the URI and header values as slices of the connection's read buffer (16 KiB), and the router
/// adds a copy of the URI to the extensions, so the kept request kept that whole buffer alive: half of an idle
/// connection's memory (docs/benchmarks.md). A copy of what the request says, with only the extension the
/// websocket upgrade needs, made before Socket.IO sees it, lets the buffer go. Other paths pass untouched.
pub fn detach_request<B>(req: http::Request<B>) -> http::Request<B> {
    if !req.uri().path().starts_with("/socket.io") {
        return req;
    }
    let (mut parts, body) = req.into_parts();
    if let Ok(uri) = http::Uri::try_from(parts.uri.to_string()) {
        parts.uri = uri;
    }
    let upgrade = parts.extensions.remove::<hyper::upgrade::OnUpgrade>();
    parts.extensions = http::Extensions::new();
    if let Some(upgrade) = upgrade {
        parts.extensions.insert(upgrade);
    }
    parts.headers = parts
        .headers
        .iter()
        .filter_map(|(k, v)| {
            let name = http::HeaderName::from_bytes(k.as_str().as_bytes()).ok()?;
            Some((name, http::HeaderValue::from_bytes(v.as_bytes()).ok()?))
        })
        .collect();
    http::Request::from_parts(parts, body)
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

#[cfg(test)]
mod tests {
    use super::detach_request;

    /// A request as hyper gives it: URI and header values are slices of one read buffer.
    fn parsed(buf: &bytes::Bytes, path: &str) -> http::Request<()> {
        let text = std::str::from_utf8(buf).expect("utf-8");
        let at = |s: &str| buf.slice_ref(&buf[text.find(s).expect("in buffer")..][..s.len()]);
        let mut req = http::Request::builder()
            .uri(http::Uri::from_maybe_shared(at(path)).expect("uri"))
            .body(())
            .expect("request");
        for (name, value) in [("host", "chat.example.com"), ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")] {
            let value = http::HeaderValue::from_maybe_shared(at(value)).expect("value");
            req.headers_mut().append(http::HeaderName::from_static(name), value);
        }
        req
    }

    fn inside(buf: &bytes::Bytes, s: &[u8]) -> bool {
        buf.as_ptr_range().contains(&s.as_ptr())
    }

    #[test]
    fn a_socket_io_request_no_longer_points_into_the_read_buffer() {
        let buf = bytes::Bytes::from(
            "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: chat.example.com\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        );
        let mut req = parsed(&buf, "/socket.io/?EIO=4&transport=websocket");
        assert!(req.headers().values().all(|v| inside(&buf, v.as_bytes())), "the fixture shares the buffer");
        // As the router's `OriginalUri` does: another handle on the same bytes.
        let uri = req.uri().clone();
        req.extensions_mut().insert(uri);
        let out = detach_request(req);
        assert!(out.extensions().get::<http::Uri>().is_none(), "no extension keeps the buffer");
        assert_eq!(out.uri(), "/socket.io/?EIO=4&transport=websocket");
        assert_eq!(out.headers()["host"], "chat.example.com");
        assert_eq!(out.headers()["sec-websocket-key"], "dGhlIHNhbXBsZSBub25jZQ==");
        assert!(out.headers().values().all(|v| !inside(&buf, v.as_bytes())), "values are copies");
        assert!(!inside(&buf, out.uri().path().as_bytes()), "the URI is a copy");
    }

    #[test]
    fn other_paths_pass_untouched() {
        let buf = bytes::Bytes::from(
            "GET /api/v1/auth/me HTTP/1.1\r\nHost: chat.example.com\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
        );
        let out = detach_request(parsed(&buf, "/api/v1/auth/me"));
        assert!(inside(&buf, out.headers()["host"].as_bytes()));
    }
}
