//! Automations: what leaves Parley because something changed. The outbox of domain events written in the change's
//! transaction (`outbox`), the event catalogue (`catalog`), outbound webhook endpoints (`webhooks`) and the worker
//! that signs and delivers them in order with retries (`delivery`); automation rules (`model`, `rules`), the
//! worker that matches kept events against them and runs their actions, and the timer sweeper (`engine`, `cron`).

pub mod catalog;
pub mod cron;
pub mod delivery;
pub mod dto;
pub mod engine;
pub mod model;
pub(crate) mod outbox;
pub mod rules;
pub mod webhooks;

use crate::flows::guarded_http::{GuardConfig, GuardedClient};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;
use uuid::Uuid;

/// How outbound webhooks are delivered.
#[derive(Debug, Clone)]
pub struct WebhooksConfig {
    /// Per attempt: connect, send and read the answer.
    pub timeout: Duration,
    /// Deliveries in flight at once on one node.
    pub concurrency: usize,
    /// An endpoint failing for this long is turned off (and its owner mailed).
    pub disable_after: chrono::Duration,
    /// A delivery is given up this long after its event.
    pub give_up_after: chrono::Duration,
    /// The first retry's delay; each next one is three times longer, at most `max_backoff`.
    pub first_backoff: chrono::Duration,
    pub max_backoff: chrono::Duration,
    /// Settled deliveries and their events are kept this many days.
    pub keep_days: i64,
    /// How often the automation sweeper looks for timers (no reply for a while) and schedules that came due.
    pub automation_sweep: Duration,
}

impl Default for WebhooksConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            concurrency: 64,
            disable_after: chrono::Duration::hours(24),
            give_up_after: chrono::Duration::hours(24),
            first_backoff: chrono::Duration::seconds(10),
            max_backoff: chrono::Duration::hours(2),
            keep_days: 30,
            automation_sweep: Duration::from_secs(30),
        }
    }
}

/// How long a node trusts its copy of which event kinds a workspace listens to. A new endpoint (or rule) hears events
/// from at most this long after it is saved on another node (immediately on the node that saved it).
const LISTENED_TTL: Duration = Duration::from_secs(2);

/// When a workspace's listened kinds were read, and what they were.
type Listened = (Instant, Arc<HashSet<String>>);

/// The delivery worker's client and wake-up, and the per-workspace cache of listened kinds.
pub struct WebhooksRuntime {
    pub cfg: WebhooksConfig,
    pub(crate) client: GuardedClient,
    pub wakeup: Notify,
    /// Automation rules cached per workspace, and the automation worker's wake-up.
    pub automations: rules::RulesRuntime,
    listened: Mutex<HashMap<Uuid, Listened>>,
}

impl WebhooksRuntime {
    /// Webhooks reach what flows' HTTP nodes may reach (the same allow-list), never follow redirects (a 3xx is a
    /// failure the log shows) and read at most 64 KB of an answer.
    pub fn new(cfg: WebhooksConfig, guard: &GuardConfig) -> anyhow::Result<Self> {
        let client = GuardedClient::new(GuardConfig {
            allow: guard.allow.clone(),
            max_response_bytes: 64 * 1024,
            default_timeout: cfg.timeout,
            max_timeout: cfg.timeout,
            max_redirects: 0,
        })?;
        Ok(Self { cfg, client, wakeup: Notify::new(), automations: Default::default(), listened: Mutex::default() })
    }

    fn cached(&self, tenant: Uuid) -> Option<Arc<HashSet<String>>> {
        let map = self.listened.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(&tenant).filter(|(at, _)| at.elapsed() < LISTENED_TTL).map(|(_, k)| k.clone())
    }

    fn remember(&self, tenant: Uuid, kinds: HashSet<String>) -> Arc<HashSet<String>> {
        let kinds = Arc::new(kinds);
        let mut map = self.listened.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.insert(tenant, (Instant::now(), kinds.clone()));
        kinds
    }

    /// Forgets a workspace's listened kinds (its endpoints changed on this node).
    pub(crate) fn forget(&self, tenant: Uuid) {
        self.listened.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&tenant);
    }
}
