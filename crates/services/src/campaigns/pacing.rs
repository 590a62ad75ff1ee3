//! Meta's sending limits, shared through Redis by every node and every campaign of a number: messages per second
//! per number (the same window the inbox's sends count in), a campaign's own lower pace, and the portfolio's budget
//! of unique customers per rolling 24 hours (the messaging tier), which Meta does not enforce with an error: a
//! sender that overspends it just loses messages. QR numbers (WasenderAPI) get a daily cap instead.

use crate::channel::limiter;
use redis::aio::ConnectionManager;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Books departure times for `n` sends from a number that are ready to go (claimed and committed `sending`), on
/// the number's slot clock (shared with every campaign and the inbox's sends) and the campaign's own lower pace, if
/// any: a send leaves when both allow it. Booking after the claim, not before, keeps the slots from going stale
/// while the batch is prepared, which would send the overdue ones in a burst. Without Redis the pace cannot be
/// shared; this node then paces itself alone.
pub(crate) async fn book_sends(
    redis: &ConnectionManager,
    connection_id: Uuid,
    number_rate: i32,
    campaign: Option<(Uuid, i32)>,
    n: i64,
) -> Vec<Instant> {
    let mut r = redis.clone();
    let rate = campaign.map_or(number_rate, |(_, c)| c.min(number_rate));
    // Enough horizon for every one of them: the clock moves ahead, and other takers wait behind it.
    let horizon = (n as f64 + 1.0) * limiter::interval_ms(rate.min(number_rate)) + 1000.0;
    let mut own: Vec<Instant> = vec![];
    if let Some((id, c)) = campaign.filter(|(_, c)| *c < number_rate) {
        match limiter::book(&mut r, &format!("parley:pace:campaign:{id}:{connection_id}"), c, n, horizon).await {
            Ok(t) => own = t,
            Err(e) => tracing::warn!(error = %e, "campaign pacing unavailable"),
        }
    }
    match limiter::book(&mut r, &limiter::number_key(connection_id), number_rate, n, horizon).await {
        Ok(t) => t.into_iter().enumerate().map(|(i, at)| own.get(i).map_or(at, |o| at.max(*o))).collect(),
        Err(e) => {
            tracing::warn!(error = %e, "number pacing unavailable");
            let step = Duration::from_micros((limiter::interval_ms(rate) * 1000.0) as u64);
            (0..n.max(1) as u32).map(|i| Instant::now() + step * i).collect()
        }
    }
}

/// Counts `phones` against the portfolio's 24-hour budget of unique customers, atomically: a customer messaged in
/// the last 24 hours costs nothing again; a new one is admitted while the budget lasts. Answers, per phone, whether
/// it may be messaged now, and when the oldest admission expires (when room frees up).
const BUDGET: &str = r"
local key, now, window, limit = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local used = redis.call('ZCARD', key)
local out = {}
for i = 4, #ARGV do
  local phone = ARGV[i]
  if redis.call('ZSCORE', key, phone) then
    out[#out + 1] = 1
  elseif limit < 0 or used < limit then
    redis.call('ZADD', key, now, phone)
    used = used + 1
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
redis.call('PEXPIRE', key, window)
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
out[#out + 1] = tonumber(oldest[2] or now)
return out
";

pub(crate) struct Budget {
    pub allowed: Vec<bool>,
    /// When the oldest admission leaves the window.
    pub frees_at: chrono::DateTime<chrono::Utc>,
}

/// `limit` None is unlimited (nothing is counted). A Redis failure admits everyone: the tier is a soft limit of
/// Meta's, and stalling every campaign on a cache outage would be worse.
pub(crate) async fn admit(redis: &ConnectionManager, portfolio: &str, limit: Option<i32>, phones: &[String]) -> Budget {
    let window = chrono::Duration::hours(24);
    let now = chrono::Utc::now();
    let Some(limit) = limit else {
        return Budget { allowed: vec![true; phones.len()], frees_at: now };
    };
    let mut r = redis.clone();
    let mut cmd = redis::cmd("EVAL");
    cmd.arg(BUDGET).arg(1).arg(format!("parley:tier:{portfolio}"));
    cmd.arg(now.timestamp_millis()).arg(window.num_milliseconds()).arg(limit);
    for p in phones {
        cmd.arg(p);
    }
    match cmd.query_async::<Vec<i64>>(&mut r).await {
        Ok(mut out) if out.len() == phones.len() + 1 => {
            let oldest = out.pop().unwrap_or(now.timestamp_millis());
            let frees_at = chrono::DateTime::from_timestamp_millis(oldest).map_or(now, |t| t + window);
            Budget { allowed: out.into_iter().map(|a| a == 1).collect(), frees_at }
        }
        Ok(_) => Budget { allowed: vec![true; phones.len()], frees_at: now },
        Err(e) => {
            tracing::warn!(error = %e, "messaging-tier budget unavailable");
            Budget { allowed: vec![true; phones.len()], frees_at: now }
        }
    }
}

/// Takes up to `want` messages of a QR number's allowance for one local day, atomically: the count is shared by
/// every campaign and node sending from the number. Answers how many may go now.
const QR_DAY: &str = r"
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local cap, want, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local take = math.max(0, math.min(want, cap - used))
if take > 0 then
  redis.call('INCRBY', KEYS[1], take)
  redis.call('EXPIRE', KEYS[1], ttl)
end
return take
";

/// `day` is the number's local date (`2026-12-06`): the count starts again at its midnight. A Redis failure lets
/// the messages go, as with the tier budget (the lane's own pace still holds).
pub(crate) async fn qr_day(redis: &ConnectionManager, connection_id: Uuid, day: &str, cap: i64, want: i64) -> i64 {
    let mut r = redis.clone();
    let key = format!("parley:qrday:{connection_id}:{day}");
    // Kept two days: long enough for any time zone's day, then gone.
    match redis::cmd("EVAL").arg(QR_DAY).arg(1).arg(key).arg(cap).arg(want).arg(2 * 86_400).query_async(&mut r).await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "QR daily cap unavailable");
            want
        }
    }
}

/// How much of the portfolio's budget the last 24 hours used.
pub(crate) async fn used(redis: &ConnectionManager, portfolio: &str) -> i64 {
    let mut r = redis.clone();
    let key = format!("parley:tier:{portfolio}");
    let since = (chrono::Utc::now() - chrono::Duration::hours(24)).timestamp_millis();
    redis::cmd("ZCOUNT").arg(&key).arg(since).arg("+inf").query_async(&mut r).await.unwrap_or(0)
}
