//! Cross-node cache invalidation through Redis pub/sub: a node that changes something cached clears its own copy and
//! announces the change on a channel; every other node clears its copy when it hears it. The brand cache and the
//! maintenance state use it; a missed announcement heals within each cache's TTL.

use futures::StreamExt;
use std::time::Duration;
use uuid::Uuid;

/// Tells the other nodes that what `channel` caches changed; `subject` (what changed) only names it in the log.
pub(crate) async fn announce(redis: &redis::aio::ConnectionManager, channel: &str, node_id: Uuid, subject: &str) {
    let mut redis = redis.clone();
    let sent: redis::RedisResult<i64> =
        redis::cmd("PUBLISH").arg(channel).arg(format!("{node_id} {subject}")).query_async(&mut redis).await;
    if let Err(e) = sent {
        // The other nodes' entries expire within their TTL anyway.
        tracing::warn!(error = %e, channel, subject, "change not announced");
    }
}

/// Calls `clear` whenever another node announces a change on `channel`; reconnects after a lost connection (and
/// clears then too, since announcements may have been missed). Runs for the life of the process.
pub async fn listen(client: redis::Client, channel: &'static str, node_id: Uuid, clear: impl Fn() + Send + 'static) {
    let own = node_id.to_string();
    loop {
        match client.get_async_pubsub().await {
            Ok(mut pubsub) => match pubsub.subscribe(channel).await {
                Ok(()) => {
                    clear();
                    let mut messages = pubsub.on_message();
                    while let Some(msg) = messages.next().await {
                        let payload: String = msg.get_payload().unwrap_or_default();
                        if payload.split(' ').next() != Some(own.as_str()) {
                            clear();
                        }
                    }
                    tracing::warn!(channel, "change subscription ended; reconnecting");
                }
                Err(e) => tracing::warn!(error = %e, channel, "change subscription failed"),
            },
            Err(e) => tracing::warn!(error = %e, channel, "change subscription cannot connect"),
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}
