//! Request rate limits shared by every node through Redis: per API key, per workspace (all its keys together,
//! from the plan) and per signed-in person (generous: a runaway script with a session token must not flood).
//!
//! A generic cell rate algorithm, like the senders' pacing (`channel::limiter`), but that one books future
//! departures and waits for them; a request cannot wait, so here a request that would start before its slot is
//! refused with the time to wait. Each bucket allows `limit` requests a minute with a burst of a whole minute's
//! worth, and refills evenly (`limit / 60` a second), so there is no cliff at a window's edge. All buckets of a
//! request are checked and booked in one script, atomically: a request refused by one bucket is charged to none.

use redis::aio::ConnectionManager;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = 60000
local ok, wait = true, 0
local base, booked = {}, {}
for i = 1, #KEYS do
  local interval = window / tonumber(ARGV[i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  base[i] = tat
  booked[i] = tat + interval
  if booked[i] - now > window then
    ok = false
    if booked[i] - now - window > wait then wait = booked[i] - now - window end
  end
end
local out = { ok and 1 or 0, math.ceil(wait) }
for i = 1, #KEYS do
  local interval = window / tonumber(ARGV[i])
  local tat = base[i]
  if ok then
    tat = booked[i]
    redis.call('SET', KEYS[i], tostring(tat), 'PX', math.ceil(tat - now) + 1000)
  end
  local remaining = math.floor((window - (tat - now)) / interval)
  if remaining < 0 then remaining = 0 end
  out[#out + 1] = remaining
  out[#out + 1] = math.ceil(tat - now)
end
return out
";

/// One limit a request counts against.
#[derive(Debug, Clone)]
pub struct Bucket {
    /// The Redis key (`parley:rl:key:<id>`, `parley:rl:tenant:<id>`, `parley:rl:user:<id>`).
    pub key: String,
    /// Requests per minute (at least 1).
    pub per_minute: u32,
}

impl Bucket {
    pub fn api_key(id: uuid::Uuid, per_minute: u32) -> Self {
        Self { key: format!("parley:rl:key:{id}"), per_minute: per_minute.max(1) }
    }

    pub fn tenant(id: uuid::Uuid, per_minute: u32) -> Self {
        Self { key: format!("parley:rl:tenant:{id}"), per_minute: per_minute.max(1) }
    }

    pub fn person(id: uuid::Uuid, per_minute: u32) -> Self {
        Self { key: format!("parley:rl:user:{id}"), per_minute: per_minute.max(1) }
    }
}

/// Where a request stands against its tightest bucket (what the `RateLimit-*` headers say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    /// Seconds to wait before retrying (refused requests only).
    pub retry_after_secs: u64,
    pub limit: u32,
    pub remaining: u64,
    /// Seconds until the bucket is full again.
    pub reset_secs: u64,
}

/// Counts one request against `buckets`. `None` when Redis could not answer: the limit cannot be shared then, and
/// refusing every request would take the API down with it, so the request goes through (logged, at most every
/// ten seconds).
pub async fn check(redis: &ConnectionManager, buckets: &[Bucket]) -> Option<Decision> {
    if buckets.is_empty() {
        return None;
    }
    let mut r = redis.clone();
    let mut cmd = redis::cmd("EVAL");
    cmd.arg(GCRA).arg(buckets.len());
    for b in buckets {
        cmd.arg(&b.key);
    }
    for b in buckets {
        cmd.arg(b.per_minute.max(1));
    }
    let answer: Result<redis::RedisResult<Vec<i64>>, _> =
        tokio::time::timeout(Duration::from_millis(300), cmd.query_async(&mut r)).await;
    let out = match answer {
        Ok(Ok(out)) if out.len() == 2 + 2 * buckets.len() => out,
        Ok(Ok(out)) => return unavailable(&format!("unexpected answer of {} values", out.len())),
        Ok(Err(e)) => return unavailable(&e.to_string()),
        Err(_) => return unavailable("no answer within 300 ms"),
    };
    let allowed = out[0] == 1;
    // The tightest bucket: fewest requests left, then the longest to refill.
    let (i, _) = (0..buckets.len())
        .map(|i| (i, (out[2 + 2 * i], -out[3 + 2 * i])))
        .min_by_key(|(_, k)| *k)
        .unwrap_or((0, (0, 0)));
    let secs = |ms: i64| (ms.max(0) as u64).div_ceil(1000);
    Some(Decision {
        allowed,
        retry_after_secs: if allowed { 0 } else { secs(out[1]).max(1) },
        limit: buckets[i].per_minute,
        remaining: out[2 + 2 * i].max(0) as u64,
        reset_secs: secs(out[3 + 2 * i]),
    })
}

static LAST_WARNED: AtomicI64 = AtomicI64::new(0);

fn unavailable(why: &str) -> Option<Decision> {
    let now = chrono::Utc::now().timestamp();
    let last = LAST_WARNED.load(Ordering::Relaxed);
    if now - last >= 10 && LAST_WARNED.compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed).is_ok() {
        tracing::warn!(error = why, "rate limiter unavailable (Redis); requests are let through unlimited");
    }
    None
}
