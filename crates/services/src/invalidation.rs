//! Per-node caches cleared across nodes through Redis pub/sub: a node that changes something cached clears its own
//! copy and announces the change on a channel; every other node clears its copy when it hears it. The brand cache
//! and the maintenance state use it (`TtlCache`); a missed announcement heals within each cache's TTL.

use futures::StreamExt;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Answers kept for `ttl`, at most `max` of them. A reader takes `generation()` before reading the source and
/// hands it back to `put`: an answer read before a `clear` is then not stored after it.
pub struct TtlCache<K, V> {
    ttl: Duration,
    max: usize,
    entries: Mutex<HashMap<K, (Instant, V)>>,
    generation: AtomicU64,
}

impl<K: Hash + Eq, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration, max: usize) -> Self {
        Self { ttl, max, entries: Mutex::new(HashMap::new()), generation: AtomicU64::new(0) }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.get(key).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, v)| v.clone())
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Keeps `value` unless the cache was cleared since `generation`, or is full of live answers (keys may come
    /// from requests, so the cache never grows past `max`).
    pub fn put(&self, key: K, generation: u64, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if self.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        if entries.len() >= self.max && !entries.contains_key(&key) {
            entries.retain(|_, (at, _)| at.elapsed() < self.ttl);
            if entries.len() >= self.max {
                return;
            }
        }
        entries.insert(key, (Instant::now(), value));
    }

    pub fn clear(&self) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        entries.clear();
    }
}

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

#[cfg(test)]
mod tests {
    use super::TtlCache;
    use std::time::Duration;

    #[test]
    fn an_answer_read_before_a_clear_is_not_kept_after_it() {
        let c = TtlCache::new(Duration::from_secs(60), 2);
        let before = c.generation();
        c.clear();
        c.put("a", before, 1);
        assert_eq!(c.get(&"a"), None);
        c.put("a", c.generation(), 1);
        assert_eq!(c.get(&"a"), Some(1));
    }

    #[test]
    fn it_never_holds_more_than_max_live_answers_and_answers_expire() {
        let c = TtlCache::new(Duration::from_secs(60), 2);
        for (k, v) in [("a", 1), ("b", 2), ("c", 3)] {
            c.put(k, c.generation(), v);
        }
        assert_eq!((c.get(&"a"), c.get(&"b"), c.get(&"c")), (Some(1), Some(2), None));
        c.put("a", c.generation(), 10);
        assert_eq!(c.get(&"a"), Some(10), "a key already kept is updated when full");
        let short = TtlCache::new(Duration::ZERO, 2);
        short.put("a", 0, 1);
        assert_eq!(short.get(&"a"), None);
    }
}
