//! Meta's sending limits, shared through Redis by every node and every campaign of a number: messages per second
//! per number (the same window the inbox's sends count in), a campaign's own lower pace, and the portfolio's budget
//! of unique customers per rolling 24 hours (the messaging tier), which Meta does not enforce with an error: a
//! sender that overspends it just loses messages.

use redis::aio::ConnectionManager;
use std::time::Duration;
use uuid::Uuid;

/// Takes up to `want` sends from this second's window of `key` (at most `per_second` in all). Answers how many it
/// got and, when none, how long until the next window.
async fn take_from(r: &mut ConnectionManager, key: &str, per_second: i64, want: i64) -> redis::RedisResult<i64> {
    let (n,): (i64,) = redis::pipe().atomic().incr(key, want).expire(key, 2).ignore().query_async(r).await?;
    let before = n - want;
    let granted = (per_second - before).clamp(0, want);
    if granted < want {
        // Give back what was not granted, so a later taker in this window is not starved by our overshoot.
        let _: redis::RedisResult<i64> = redis::cmd("DECRBY").arg(key).arg(want - granted).query_async(r).await;
    }
    Ok(granted)
}

fn until_next_second() -> Duration {
    let ms = chrono::Utc::now().timestamp_subsec_millis() as u64;
    Duration::from_millis(1000u64.saturating_sub(ms).max(1))
}

/// Waits until the number (and the campaign's own pace) allows at least one send, then takes up to `want`.
/// Without Redis the limits cannot be shared; this node then paces itself alone.
pub(crate) async fn take_sends(
    redis: &ConnectionManager,
    connection_id: Uuid,
    number_rate: i32,
    campaign: Option<(Uuid, i32)>,
    want: i64,
) -> i64 {
    let mut r = redis.clone();
    loop {
        let second = chrono::Utc::now().timestamp();
        let number_key = format!("parley:rate:{connection_id}:{second}");
        let mut want = want;
        if let Some((id, rate)) = campaign {
            let key = format!("parley:crate:{id}:{connection_id}:{second}");
            match take_from(&mut r, &key, i64::from(rate.max(1)), want).await {
                Ok(0) => {
                    tokio::time::sleep(until_next_second()).await;
                    continue;
                }
                Ok(n) => want = n,
                Err(e) => {
                    tracing::warn!(error = %e, "campaign pacing unavailable");
                    tokio::time::sleep(Duration::from_millis(1000 / rate.max(1) as u64)).await;
                    return 1;
                }
            }
        }
        match take_from(&mut r, &number_key, i64::from(number_rate.max(1)), want).await {
            Ok(0) => tokio::time::sleep(until_next_second()).await,
            Ok(n) => return n,
            Err(e) => {
                tracing::warn!(error = %e, "number pacing unavailable");
                tokio::time::sleep(Duration::from_millis(1000 / number_rate.max(1) as u64)).await;
                return 1;
            }
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

/// How much of the portfolio's budget the last 24 hours used.
pub(crate) async fn used(redis: &ConnectionManager, portfolio: &str) -> i64 {
    let mut r = redis.clone();
    let key = format!("parley:tier:{portfolio}");
    let since = (chrono::Utc::now() - chrono::Duration::hours(24)).timestamp_millis();
    redis::cmd("ZCOUNT").arg(&key).arg(since).arg("+inf").query_async(&mut r).await.unwrap_or(0)
}
