//! An agent's inbox for the benches: a Socket.IO client (Engine.IO 4 over a websocket, the protocol
//! socket.io-client speaks) signed in to the workspace, so events published while a bench runs really travel
//! through the real-time layer to a connected socket, as they do when agents are at work. Counts what it hears.

use anyhow::Context;
use futures::{SinkExt, StreamExt};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio_tungstenite::tungstenite::Message;

/// A connected inbox and how many events it has received so far.
pub struct Live {
    pub events: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Live {
    pub fn received(&self) -> u64 {
        self.events.load(Ordering::Relaxed)
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Connects to `/` with the access token (the workspace's room and the user's are joined on connect) and keeps the
/// connection alive (pongs) until dropped. Returns once the namespace has accepted the socket.
pub async fn connect(base: &str, token: &str) -> anyhow::Result<Live> {
    let ws = base.replacen("http", "ws", 1);
    let (mut socket, _) = tokio_tungstenite::connect_async(format!("{ws}/socket.io/?EIO=4&transport=websocket"))
        .await
        .context("the Socket.IO endpoint")?;
    let open = next_text(&mut socket).await?;
    anyhow::ensure!(open.starts_with('0'), "no Engine.IO open packet: {open}");
    socket.send(Message::text(format!("40{}", serde_json::json!({ "token": token })))).await?;
    loop {
        let t = next_text(&mut socket).await?;
        match t.as_bytes() {
            [b'4', b'0', ..] => break,
            [b'4', b'4', ..] => anyhow::bail!("the socket was refused: {t}"),
            [b'2'] => socket.send(Message::text("3")).await?,
            _ => {}
        }
    }
    let events = Arc::new(AtomicU64::new(0));
    let counted = events.clone();
    let task = tokio::spawn(async move {
        while let Some(Ok(msg)) = socket.next().await {
            let Message::Text(t) = msg else { continue };
            if t.as_str() == "2" {
                if socket.send(Message::text("3")).await.is_err() {
                    return;
                }
            } else if t.starts_with("42") {
                counted.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
    Ok(Live { events, task })
}

async fn next_text<S>(socket: &mut S) -> anyhow::Result<String>
where
    S: futures::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    let wait = std::time::Duration::from_secs(10);
    loop {
        match tokio::time::timeout(wait, socket.next()).await.context("the socket went quiet")? {
            Some(Ok(Message::Text(t))) => return Ok(t.as_str().to_owned()),
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(e.into()),
            None => anyhow::bail!("the socket closed"),
        }
    }
}
