//! The widget's rate limits, shared by every node through Redis: a cell rate algorithm like the API's
//! (`identity::rate_limit`), but each bucket with its own window, since the widget's limits are per ten seconds,
//! per minute and per hour. All buckets are checked and booked in one script: a refused message is charged to none.

use redis::aio::ConnectionManager;
use std::time::Duration;

const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ok, wait = true, 0
local booked = {}
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  booked[i] = tat + window / limit
  if booked[i] - now > window then
    ok = false
    if booked[i] - now - window > wait then wait = booked[i] - now - window end
  end
end
if ok then
  for i = 1, #KEYS do
    redis.call('SET', KEYS[i], tostring(booked[i]), 'PX', math.ceil(booked[i] - now) + 1000)
  end
end
return { ok and 1 or 0, math.ceil(wait) }
";

/// `limit` events per `window`, with a burst of a whole window's worth.
pub(crate) struct Limit {
    pub key: String,
    pub limit: u32,
    pub window: Duration,
}

/// Per visitor: 20 messages in 10 seconds and 600 an hour; per widget 6,000 a minute.
pub(crate) fn messages(widget: uuid::Uuid, visitor: uuid::Uuid) -> Vec<Limit> {
    vec![
        Limit { key: format!("parley:wl:v10s:{visitor}"), limit: 20, window: Duration::from_secs(10) },
        Limit { key: format!("parley:wl:vh:{visitor}"), limit: 600, window: Duration::from_secs(3600) },
        Limit { key: format!("parley:wl:w:{widget}"), limit: 6000, window: Duration::from_secs(60) },
    ]
}

/// New visitors: 30 a minute per address per widget.
pub(crate) fn new_visitors(widget: uuid::Uuid, ip: &str) -> Vec<Limit> {
    vec![Limit { key: format!("parley:wl:nv:{widget}:{ip}"), limit: 30, window: Duration::from_secs(60) }]
}

/// `Err(seconds to wait)` when over a limit. Without Redis the limits cannot be shared; the event goes through
/// rather than the widget going down with Redis.
pub(crate) async fn check(redis: &ConnectionManager, limits: &[Limit]) -> Result<(), u64> {
    let mut r = redis.clone();
    let mut cmd = redis::cmd("EVAL");
    cmd.arg(GCRA).arg(limits.len());
    for l in limits {
        cmd.arg(&l.key);
    }
    for l in limits {
        cmd.arg(l.limit.max(1)).arg(l.window.as_millis() as u64);
    }
    match tokio::time::timeout(Duration::from_millis(300), cmd.query_async::<Vec<i64>>(&mut r)).await {
        Ok(Ok(out)) if out.first() == Some(&0) => {
            Err((out.get(1).copied().unwrap_or(1).max(0) as u64).div_ceil(1000).max(1))
        }
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "widget rate limiter unavailable");
            Ok(())
        }
        Err(_) => {
            tracing::warn!("widget rate limiter did not answer within 300 ms");
            Ok(())
        }
    }
}
