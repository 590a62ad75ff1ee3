//! Meta's throughput rules, shared by every worker through Redis (apalis limits are per worker only):
//! at most N messages per second per number (evenly spaced departures booked by every sender: the inbox, flows,
//! campaigns), and a gap between two messages to the same customer.

use redis::aio::ConnectionManager;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Shared slots, as a generic cell rate algorithm: one key per pace holds the time the next send may leave, and
/// each taker books evenly spaced departure times from it. Evenly spaced sends stay under the cap in every
/// one-second window, wherever Meta starts counting, which fixed per-second counters do not (ten at the end of one
/// second and ten at the start of the next are twenty in one second). The spacing leaves 3% to spare for network
/// jitter.
const BOOK: &str = r"
local now, interval, want, horizon = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local t = tonumber(redis.call('GET', KEYS[1]) or '0')
if t < now then t = now end
local first, n = t, 0
while n < want and t < now + horizon do
  t = t + interval
  n = n + 1
end
-- The clock lives until its last booked slot has passed: expiring earlier would start the next taker at `now`, on
-- top of slots already booked (a short booking after a long one set the expiry from its own, shorter horizon).
redis.call('SET', KEYS[1], tostring(t), 'PX', math.floor(math.max(horizon * 4, t - now + 1000)))
return {n, tostring(first)}
";

pub(crate) fn interval_ms(per_second: i32) -> f64 {
    1000.0 / (f64::from(per_second.max(1)) * 0.97)
}

/// Books up to `want` departures on `key` within the next `horizon_ms`; answers their times (the first may be now).
pub(crate) async fn book(
    r: &mut ConnectionManager,
    key: &str,
    per_second: i32,
    want: i64,
    horizon_ms: f64,
) -> redis::RedisResult<Vec<Instant>> {
    let now_ms = chrono::Utc::now().timestamp_millis() as f64;
    let interval = interval_ms(per_second);
    let (n, first): (i64, String) = redis::cmd("EVAL")
        .arg(BOOK)
        .arg(1)
        .arg(key)
        .arg(now_ms)
        .arg(interval)
        .arg(want)
        .arg(horizon_ms)
        .query_async(r)
        .await?;
    let first: f64 = first.parse().unwrap_or(now_ms);
    let base = Instant::now();
    Ok((0..n)
        .map(|i| base + Duration::from_micros((((first - now_ms) + i as f64 * interval).max(0.0) * 1000.0) as u64))
        .collect())
}

/// The number's pace, shared by campaigns and the inbox's sends.
pub(crate) fn number_key(connection_id: Uuid) -> String {
    format!("parley:pace:number:{connection_id}")
}

/// Waits for one slot of the number's pace (the inbox's single sends).
pub(crate) async fn take_rate_slot(redis: &ConnectionManager, connection_id: Uuid, per_second: i32) {
    let mut r = redis.clone();
    loop {
        match book(&mut r, &number_key(connection_id), per_second, 1, 1000.0).await {
            Ok(t) => match t.first() {
                Some(at) => return tokio::time::sleep_until((*at).into()).await,
                None => tokio::time::sleep(Duration::from_millis(interval_ms(per_second).max(20.0) as u64)).await,
            },
            // Without Redis the limit cannot be shared; sending on is better than stalling every send.
            Err(e) => {
                tracing::warn!(error = %e, "rate limiter unavailable");
                return;
            }
        }
    }
}

/// Waits until `gap` has passed since the last message to this customer from this number.
pub(crate) async fn take_recipient_gap(redis: &ConnectionManager, connection_id: Uuid, to: &str, gap: Duration) {
    if gap.is_zero() {
        return;
    }
    let mut r = redis.clone();
    let key = format!("parley:gap:{connection_id}:{to}");
    let ms = gap.as_millis().max(1) as u64;
    for _ in 0..600 {
        let set: redis::RedisResult<Option<String>> =
            redis::cmd("SET").arg(&key).arg(1).arg("PX").arg(ms).arg("NX").query_async(&mut r).await;
        match set {
            Ok(Some(_)) | Err(_) => return,
            Ok(None) => {
                let left: i64 = redis::cmd("PTTL").arg(&key).query_async(&mut r).await.unwrap_or(ms as i64);
                tokio::time::sleep(Duration::from_millis(left.clamp(1, ms as i64) as u64)).await;
            }
        }
    }
}
