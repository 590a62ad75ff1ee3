//! Campaigns: template broadcasts to an audience. The wizard's drafts, checks and estimate (`editor`, `checks`,
//! `template`), launching and steering a campaign (`launch`), the sender that claims recipients in batches and paces
//! them by Meta's rules shared through Redis (`sender`, `pacing`), what status webhooks and replies change
//! (`statuses`), progress for the live page (`progress`), clicks on tracked buttons (`clicks`), and the price
//! table costs are counted with (`prices`).

pub mod checks;
mod clicks;
pub mod dto;
pub mod editor;
pub mod launch;
mod pacing;
pub(crate) mod prices;
pub mod progress;
pub mod sender;
pub(crate) mod statuses;
pub mod template;

use crate::DomainError;
use parley_store::repo::channel::connections::ConnectionRow;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::Notify;
use uuid::Uuid;

pub(crate) fn campaign_not_found() -> DomainError {
    DomainError::NotFound("Campaign")
}

/// Parley's click redirect: a template URL button whose link starts here and ends in a variable is tracked.
pub(crate) fn redirect_base(core: &crate::Core) -> String {
    format!("{}/r/", core.cfg.public_url.trim_end_matches('/'))
}

/// A short unguessable token for one recipient's tracked button: 96 random bits, URL-safe.
pub(crate) fn click_token() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 12];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The budget a number's messaging limit belongs to: its business portfolio, which Meta does not name to the Cloud
/// API; numbers of one WhatsApp Business Account share one.
pub(crate) fn portfolio(n: &ConnectionRow) -> String {
    n.waba_id.clone().unwrap_or_else(|| n.id.to_string())
}

/// Whether a number can send: connected, or added and not yet checked (`pending`); a disconnected number, one
/// whose token expired or a QR session waiting for a scan cannot.
pub(crate) fn usable(n: &ConnectionRow) -> bool {
    matches!(n.status.as_str(), "connected" | "pending")
}

/// How the sender behaves; tests and benchmarks shorten the waits.
#[derive(Debug, Clone)]
pub struct CampaignsConfig {
    /// A recipient left `sending` this long (the process died mid-call) with no status webhook becomes `unknown`.
    pub sending_timeout: Duration,
    /// Recipients claimed per round of a number (never more than its rate allows this second).
    pub batch: i64,
    /// Concurrent Graph API calls per number.
    pub concurrency: usize,
    /// A reply within this many days of a campaign's message counts as its reply.
    pub reply_days: i32,
    /// Seconds between two messages from a QR number (WasenderAPI), and its daily cap.
    pub qr_seconds_per_message: u64,
    pub qr_daily_cap: i64,
}

impl Default for CampaignsConfig {
    fn default() -> Self {
        Self {
            sending_timeout: Duration::from_secs(600),
            batch: 100,
            concurrency: 64,
            reply_days: 7,
            qr_seconds_per_message: checks::QR_SECONDS_PER_MESSAGE as u64,
            qr_daily_cap: 200,
        }
    }
}

/// Process-wide state of the sender.
#[derive(Default)]
pub struct CampaignsRuntime {
    pub cfg: CampaignsConfig,
    /// Wakes the sender when a campaign was started or resumed here.
    pub wakeup: Notify,
    /// (campaign, number) lanes sending on this node.
    pub(crate) lanes: Mutex<HashSet<(Uuid, Uuid)>>,
    /// When each campaign's progress was last published from this node, and how long until the next may be.
    pub(crate) published: Mutex<HashMap<Uuid, (Instant, Duration)>>,
    /// (tenant, campaign) whose last change was held back by that limit, to publish on the next round.
    pub(crate) dirty: Mutex<HashSet<(Uuid, Uuid)>>,
    /// The price table, kept while its stamp is unchanged.
    pub(crate) prices: prices::PriceCache,
}

impl CampaignsRuntime {
    pub fn new(cfg: CampaignsConfig) -> Self {
        Self { cfg, ..Default::default() }
    }
}
