//! Meta's throughput rules, shared by every worker through Redis (apalis limits are per worker only):
//! at most N messages per second per number, and a gap between two messages to the same customer.

use redis::aio::ConnectionManager;
use std::time::Duration;
use uuid::Uuid;

/// Waits until the number may send one more message this second, then takes the slot.
pub(crate) async fn take_rate_slot(redis: &ConnectionManager, connection_id: Uuid, per_second: i32) {
    let mut r = redis.clone();
    loop {
        let now = chrono::Utc::now();
        let key = format!("parley:rate:{connection_id}:{}", now.timestamp());
        let n: redis::RedisResult<i64> = redis::pipe()
            .atomic()
            .incr(&key, 1)
            .expire(&key, 2)
            .ignore()
            .query_async(&mut r)
            .await
            .map(|(n,): (i64,)| n);
        match n {
            Ok(n) if n <= i64::from(per_second.max(1)) => return,
            Ok(_) => {
                let into_second = now.timestamp_subsec_millis() as u64;
                tokio::time::sleep(Duration::from_millis(1000u64.saturating_sub(into_second).max(1))).await;
            }
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
