//! Login throttling in Redis, shared by every node: failures are counted per email and per client
//! address in a 15-minute window. If Redis is unreachable, logins are allowed (and logged): an
//! outage of the cache must not lock every user out.

use crate::{Core, DomainError, Result};
use redis::AsyncCommands;

const WINDOW_SECS: i64 = 15 * 60;
const IP_FACTOR: u32 = 6;

fn keys(email: &str, ip: Option<&str>) -> (String, Option<String>) {
    (format!("parley:login-fail:email:{email}"), ip.map(|ip| format!("parley:login-fail:ip:{ip}")))
}

impl Core {
    pub(crate) async fn login_allowed(&self, email: &str, ip: Option<&str>) -> Result<()> {
        let (ek, ik) = keys(email, ip);
        let mut r = self.redis.clone();
        let max = i64::from(self.cfg.login_max_failures);
        let checks = [(Some(ek), max), (ik, max * i64::from(IP_FACTOR))];
        for (key, limit) in checks {
            let Some(key) = key else { continue };
            let count: redis::RedisResult<Option<i64>> = r.get(&key).await;
            match count {
                Ok(Some(n)) if n >= limit => {
                    let ttl: i64 = r.ttl(&key).await.unwrap_or(WINDOW_SECS);
                    return Err(DomainError::TooManyAttempts { retry_after_secs: ttl.max(1) as u64 });
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "login throttle unavailable"),
            }
        }
        Ok(())
    }

    pub(crate) async fn login_failed(&self, email: &str, ip: Option<&str>) {
        let (ek, ik) = keys(email, ip);
        let mut r = self.redis.clone();
        for key in [Some(ek), ik].into_iter().flatten() {
            let res: redis::RedisResult<()> =
                redis::pipe().atomic().incr(&key, 1).expire(&key, WINDOW_SECS).ignore().query_async(&mut r).await;
            if let Err(e) = res {
                tracing::warn!(error = %e, "login throttle unavailable");
            }
        }
    }

    pub(crate) async fn login_succeeded(&self, email: &str) {
        let (ek, _) = keys(email, None);
        let mut r = self.redis.clone();
        let res: redis::RedisResult<()> = r.del(&ek).await;
        if let Err(e) = res {
            tracing::warn!(error = %e, "login throttle unavailable");
        }
    }
}
