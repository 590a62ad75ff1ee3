//! The event journal: every delivered event is also appended to a capped Redis stream per tenant, so a
//! client that was away (a reload, a lost network) replays what it missed since the last id it saw.

use redis::aio::ConnectionManager;
use serde_json::Value;
use uuid::Uuid;

/// Events kept per tenant; older ones are trimmed and a client that far behind refetches instead.
pub const JOURNAL_LEN: usize = 10_000;
/// A workspace with no activity for this long forgets its journal.
const TTL_SECS: i64 = 2 * 24 * 3600;

#[derive(Clone)]
pub(crate) struct Journal {
    redis: ConnectionManager,
}

pub(crate) struct Entry {
    pub id: String,
    pub event: String,
    pub data: Value,
}

pub(crate) enum Replay {
    /// What was missed, oldest first.
    Events(Vec<Entry>),
    /// Too far behind (or an id we never gave): the client must refetch.
    Reset,
}

fn key(tenant: Uuid) -> String {
    format!("parley:journal:{tenant}")
}

/// Stream ids are `<ms>-<seq>`; compared as numbers, not text.
fn parse_id(id: &str) -> Option<(u64, u64)> {
    let (ms, seq) = id.split_once('-')?;
    Some((ms.parse().ok()?, seq.parse().ok()?))
}

/// The id clients see: zero-padded, so that comparing two ids as text orders them in time.
pub(crate) fn public_id(stream_id: &str) -> String {
    match parse_id(stream_id) {
        Some((ms, seq)) => format!("{ms:015}-{seq:06}"),
        None => stream_id.to_owned(),
    }
}

impl Journal {
    pub fn new(redis: ConnectionManager) -> Self {
        Self { redis }
    }

    /// Appends events `(tenant, room, name, payload)` in one round trip; answers their ids in order.
    pub async fn append_many(&self, events: &[(Uuid, String, &'static str, Value)]) -> redis::RedisResult<Vec<String>> {
        if events.is_empty() {
            return Ok(vec![]);
        }
        let mut pipe = redis::pipe();
        for (tenant, room, event, data) in events {
            pipe.cmd("XADD")
                .arg(key(*tenant))
                .arg("MAXLEN")
                .arg("~")
                .arg(JOURNAL_LEN)
                .arg("*")
                .arg("room")
                .arg(room)
                .arg("event")
                .arg(*event)
                .arg("data")
                .arg(data.to_string());
            pipe.cmd("EXPIRE").arg(key(*tenant)).arg(TTL_SECS).ignore();
        }
        let mut r = self.redis.clone();
        let ids: Vec<String> = pipe.query_async(&mut r).await?;
        Ok(ids.iter().map(|id| public_id(id)).collect())
    }

    /// The events after `since` addressed to one of `rooms`.
    pub async fn replay(&self, tenant: Uuid, since: &str, rooms: &[String]) -> redis::RedisResult<Replay> {
        let Some(since_id) = parse_id(since) else { return Ok(Replay::Reset) };
        let since = format!("{}-{}", since_id.0, since_id.1);
        let mut r = self.redis.clone();
        let first: Vec<(String, Vec<String>)> =
            redis::cmd("XRANGE").arg(key(tenant)).arg("-").arg("+").arg("COUNT").arg(1).query_async(&mut r).await?;
        let len: usize = redis::cmd("XLEN").arg(key(tenant)).query_async(&mut r).await?;
        if let Some((first_id, _)) = first.first()
            && parse_id(first_id).is_some_and(|f| f > since_id)
            && len >= JOURNAL_LEN * 9 / 10
        {
            // Trimmed past `since`: some events are gone.
            return Ok(Replay::Reset);
        }
        let rows: Vec<(String, Vec<String>)> = redis::cmd("XRANGE")
            .arg(key(tenant))
            .arg(format!("({since}"))
            .arg("+")
            .arg("COUNT")
            .arg(JOURNAL_LEN)
            .query_async(&mut r)
            .await?;
        let mut out = Vec::new();
        for (id, fields) in rows {
            let mut room = String::new();
            let mut event = String::new();
            let mut data = Value::Null;
            for pair in fields.chunks(2) {
                if let [k, v] = pair {
                    match k.as_str() {
                        "room" => room = v.clone(),
                        "event" => event = v.clone(),
                        "data" => data = serde_json::from_str(v).unwrap_or(Value::Null),
                        _ => {}
                    }
                }
            }
            if rooms.contains(&room) {
                out.push(Entry { id: public_id(&id), event, data });
            }
        }
        Ok(Replay::Events(out))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_id;

    #[test]
    fn stream_ids_compare_as_numbers() {
        assert!(parse_id("1700000000000-10") > parse_id("1700000000000-9"));
        assert!(parse_id("999-0") < parse_id("1000-0"));
        assert_eq!(parse_id("garbage"), None);
        assert_eq!(parse_id("12-x"), None);
    }

    #[test]
    fn public_ids_sort_as_text_and_read_back() {
        let (a, b) = (super::public_id("1700000000000-9"), super::public_id("1700000000000-10"));
        assert!(a < b, "{a} sorts before {b}");
        assert!(super::public_id("999-0") < super::public_id("1000-0"));
        assert_eq!(parse_id(&b), Some((1_700_000_000_000, 10)));
    }
}
