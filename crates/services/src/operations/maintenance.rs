//! Maintenance mode (docs/upgrade.md): while it is on, every signed-in user sees a banner and writes under
//! `/api/v1` answer 503 (the HTTP layer's `maintenance` middleware decides which), while WhatsApp webhooks keep
//! being received and stored. The state is one PostgreSQL row (it survives a restart and is shared by every node);
//! each node caches it for a few seconds, a toggle clears this node's cache at once and the other nodes' through
//! Redis pub/sub (as `brand::resolve` does for brands).

use crate::invalidation::TtlCache;
use crate::{Core, DbResultExt, DomainError, Result};
use chrono::{DateTime, Utc};
use parley_store::repo::operations::maintenance as repo;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use utoipa::ToSchema;
use uuid::Uuid;

/// How long a node trusts its cached state without hearing of a change (a missed announcement heals by then).
const TTL: Duration = Duration::from_secs(5);
/// The Redis channel announcing a toggle: `<node id>`.
pub const CHANNEL: &str = "parley:maintenance:changed";
/// What clients are told to wait before retrying a write (`Retry-After`).
pub const RETRY_AFTER_SECS: u64 = 120;
/// The default banner and 503 message when the admin gave none.
pub const DEFAULT_MESSAGE: &str =
    "Parley is being upgraded. You can read everything; changes are paused for a few minutes.";
const MAX_MESSAGE: usize = 500;

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MaintenanceState {
    pub enabled: bool,
    /// What users are told (the banner and the 503's message); the default when none was given.
    pub message: String,
    /// When it was last turned on or off.
    pub changed_at: Option<DateTime<Utc>>,
}

impl MaintenanceState {
    fn off() -> Self {
        Self { enabled: false, message: DEFAULT_MESSAGE.into(), changed_at: None }
    }

    fn from_row(row: Option<repo::MaintenanceRow>) -> Self {
        match row {
            Some(r) => Self {
                enabled: r.enabled,
                message: r.message.filter(|m| !m.trim().is_empty()).unwrap_or_else(|| DEFAULT_MESSAGE.into()),
                changed_at: Some(r.changed_at),
            },
            None => Self::off(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MaintenanceInput {
    pub enabled: bool,
    /// Shown to users while on (at most 500 characters); none: the default message.
    #[serde(default)]
    pub message: Option<String>,
}

/// This node's cached state (one entry).
pub struct MaintenanceCache(TtlCache<(), MaintenanceState>);

impl Default for MaintenanceCache {
    fn default() -> Self {
        Self(TtlCache::new(TTL, 1))
    }
}

impl MaintenanceCache {
    pub fn clear(&self) {
        self.0.clear();
    }
}

#[derive(Clone)]
pub struct MaintenanceService(pub Arc<Core>);

impl MaintenanceService {
    /// The state as this node knows it (at most a few seconds old, and a toggle anywhere clears it). When the
    /// database cannot be read the product stays usable: maintenance reads as off, and the error is logged.
    pub async fn state(&self) -> MaintenanceState {
        let cache = &self.0.operations.maintenance.0;
        if let Some(s) = cache.get(&()) {
            return s;
        }
        let generation = cache.generation();
        match repo::get(&self.0.db).await {
            Ok(row) => {
                let state = MaintenanceState::from_row(row);
                cache.put((), generation, state.clone());
                state
            }
            Err(e) => {
                tracing::warn!(error = %e, "maintenance mode not readable; treating it as off");
                MaintenanceState::off()
            }
        }
    }

    /// Turns maintenance mode on or off (a platform admin, or `None` from the command line) and tells every node.
    pub async fn set(&self, by: Option<Uuid>, input: MaintenanceInput) -> Result<MaintenanceState> {
        let message = match input.message.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) if m.chars().count() > MAX_MESSAGE => {
                return Err(DomainError::field("message", &format!("must be at most {MAX_MESSAGE} characters")));
            }
            Some(m) if m.chars().any(|c| c.is_control() && c != '\n') => {
                return Err(DomainError::field("message", "must not contain control characters"));
            }
            other => other.map(str::to_owned),
        };
        let row = repo::set(&self.0.db, input.enabled, message.as_deref(), by).await.db()?;
        let state = MaintenanceState::from_row(row);
        tracing::info!(enabled = state.enabled, by = ?by, "maintenance mode changed");
        self.announce().await;
        Ok(state)
    }

    /// Clears this node's cache and tells the other nodes to clear theirs.
    async fn announce(&self) {
        self.0.operations.maintenance.clear();
        crate::invalidation::announce(&self.0.redis, CHANNEL, self.0.node_id, "maintenance").await;
    }
}
