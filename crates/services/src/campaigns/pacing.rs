//! Meta's sending limits, shared through Redis by every node and every campaign of a number: messages per second
//! per number (the same window the inbox's sends count in), a campaign's own lower pace, and the portfolio's budget
//! of unique customers per rolling 24 hours (the messaging tier), which Meta does not enforce with an error: a
//! sender that overspends it just loses messages. QR numbers (WasenderAPI) get a daily cap instead.

use crate::channel::limiter;
use redis::aio::ConnectionManager;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Whether a campaign's sends take their slot on the number's clock one by one as they leave (a campaign with a
/// pace of its own, below the number's) rather than in `book_sends`' batch.
pub(crate) fn number_slot_at_departure(number_rate: i32, campaign: Option<(Uuid, i32)>) -> bool {
    campaign.is_some_and(|(_, c)| c < number_rate)
}

/// Books departure times for `n` sends from a number that are ready to go (claimed and committed `sending`).
/// Without a pace of its own, on the number's slot clock (shared with every campaign and the inbox's sends). With
/// a lower pace of its own, on the campaign's clock (shared by every node's lanes), and each send then takes its
/// slot on the number's clock as it leaves (`number_slot_at_departure`): booking both clocks ahead and sending at
/// the later of two independent slots broke the campaign's pace whenever the number's clock ran ahead (sends
/// then left at the number's spacing). Booking after the claim, not before, keeps the slots from going stale while
/// the batch is prepared, which would send the overdue ones in a burst.
///
/// Answers exactly `n` times: when other senders (other nodes' lanes) have booked the clock further ahead than
/// this booking's horizon, it gets fewer slots than it asked for, waits for the clock to move and books the rest,
/// so no send is left without a slot. Without Redis the pace cannot be shared; this node then paces itself alone.
pub(crate) async fn book_sends(
    redis: &ConnectionManager,
    connection_id: Uuid,
    number_rate: i32,
    campaign: Option<(Uuid, i32)>,
    n: i64,
) -> Vec<Instant> {
    let mut r = redis.clone();
    let (key, rate) = match campaign.filter(|_| number_slot_at_departure(number_rate, campaign)) {
        Some((id, c)) => (format!("parley:pace:campaign:{id}:{connection_id}"), c),
        None => (limiter::number_key(connection_id), number_rate),
    };
    let mut out: Vec<Instant> = Vec::with_capacity(n.max(0) as usize);
    while (out.len() as i64) < n {
        let want = n - out.len() as i64;
        // Enough horizon for every one of them: the clock moves ahead, and other takers wait behind it.
        let horizon = (want as f64 + 1.0) * limiter::interval_ms(rate) + 1000.0;
        match limiter::book(&mut r, &key, rate, want, horizon).await {
            Ok(t) => out.extend(t),
            Err(e) => {
                tracing::warn!(error = %e, "campaign pacing unavailable");
                let step = Duration::from_micros((limiter::interval_ms(rate) * 1000.0) as u64);
                let start = out.last().copied().unwrap_or_else(Instant::now);
                out.extend((1..=want as u32).map(|i| start + step * i));
            }
        }
        if (out.len() as i64) < n {
            // The clock is booked past the horizon by other senders: let it move before asking again.
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn redis() -> ConnectionManager {
        let url = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
        let client = redis::Client::open(url).expect("redis url");
        ConnectionManager::new(client).await.expect("Redis for the pacing test")
    }

    fn gaps_ms(slots: &[Instant]) -> Vec<f64> {
        slots.windows(2).map(|p| p[1].duration_since(p[0]).as_secs_f64() * 1000.0).collect()
    }

    #[tokio::test]
    async fn every_send_gets_a_slot_when_other_senders_booked_the_number_far_ahead() {
        let mut r = redis().await;
        let number = Uuid::now_v7();
        // Another node's lanes have booked the number (80/s) 3 s ahead: past this booking's horizon (1.4 s).
        let theirs = limiter::book(&mut r, &limiter::number_key(number), 80, 240, 10_000.0).await.expect("book");
        assert_eq!(theirs.len(), 240);
        let slots = book_sends(&r, number, 80, None, 30).await;
        assert_eq!(slots.len(), 30, "a slot for every send of the batch");
        let last_theirs = *theirs.last().expect("slots");
        assert!(slots.iter().all(|at| *at > last_theirs), "after what the others booked");
        assert!(gaps_ms(&slots).iter().all(|g| *g >= limiter::interval_ms(80) - 1.0), "at the number's pace");
    }

    #[tokio::test]
    async fn a_short_booking_after_a_long_one_does_not_let_the_clock_expire_under_its_slots() {
        let mut r = redis().await;
        let key = limiter::number_key(Uuid::now_v7());
        // 200 slots at 20/s: the clock runs about 10 s ahead.
        let long = limiter::book(&mut r, &key, 20, 200, 20_000.0).await.expect("book");
        assert_eq!(long.len(), 200);
        // A taker asking for one slot within a second gets none, and must not shorten the clock's life.
        assert!(limiter::book(&mut r, &key, 20, 1, 1_000.0).await.expect("book").is_empty());
        let ttl: i64 = redis::cmd("PTTL").arg(&key).query_async(&mut r).await.expect("pttl");
        let ahead = long.last().expect("slots").duration_since(Instant::now()).as_millis() as i64;
        assert!(ttl > ahead, "the clock ({ahead} ms ahead) outlives its slots (expires in {ttl} ms)");
    }

    #[tokio::test]
    async fn a_campaign_with_its_own_pace_keeps_it_however_far_the_number_is_booked() {
        let mut r = redis().await;
        let (number, campaign) = (Uuid::now_v7(), Uuid::now_v7());
        limiter::book(&mut r, &limiter::number_key(number), 80, 240, 10_000.0).await.expect("book");
        assert!(number_slot_at_departure(80, Some((campaign, 20))));
        let slots = book_sends(&r, number, 80, Some((campaign, 20)), 30).await;
        assert_eq!(slots.len(), 30);
        // Another lane of the same campaign (another node) books behind these, on the same clock.
        let more = book_sends(&r, number, 80, Some((campaign, 20)), 10).await;
        assert!(more[0] >= *slots.last().expect("slots"), "one clock per campaign and number");
        let all: Vec<Instant> = slots.into_iter().chain(more).collect();
        assert!(
            gaps_ms(&all).iter().all(|g| *g >= limiter::interval_ms(20) - 1.0),
            "never two of its sends closer than its 20/s interval: {:?}",
            gaps_ms(&all)
        );
        assert!(!number_slot_at_departure(80, Some((campaign, 200))), "a pace above the number's is the number's");
    }
}
