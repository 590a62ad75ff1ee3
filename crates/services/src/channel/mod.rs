//! The WhatsApp channel: numbers (Cloud API or QR sessions) and their templates, webhooks in (ingest,
//! acknowledgement), sending through a job queue, media. The clients talk to Meta, WasenderAPI or the built-in
//! simulator; only their base URLs differ.

mod ack;
pub mod connections;
pub mod dto;
pub mod ingest;
pub(crate) mod limiter;
mod public_media;
pub mod sender;

use crate::crypto::Sealer;
use crate::{DomainError, Result};
use parley_media::MediaStore;
use parley_whatsapp::client::CloudClient;
use parley_whatsapp::wasender_client::WasenderClient;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct ChannelConfig {
    /// Graph API base with version, e.g. `https://graph.facebook.com/v23.0`.
    pub graph_url: String,
    pub wasender_url: String,
    /// The platform's WasenderAPI personal access token: QR sessions are offered only when set.
    pub wasender_token: Option<String>,
    /// Base of the built-in simulator (demo mode), e.g. `http://127.0.0.1:8080/sim`.
    pub simulator_url: Option<String>,
    pub default_rate_per_second: i32,
    /// Least time between two messages to the same customer from one number (Meta's pair rate limit).
    pub recipient_gap: Duration,
    pub http_timeout: Duration,
    pub send_max_attempts: i32,
    pub media_max_attempts: i32,
    /// First retry delay; each next one doubles.
    pub retry_base: Duration,
    /// How many webhook events one processing round claims, and how many rounds run at once.
    pub ingest_batch: i64,
    pub ingest_workers: usize,
}

impl Default for ChannelConfig {
    fn default() -> Self {
        Self {
            graph_url: "https://graph.facebook.com/v23.0".into(),
            wasender_url: "https://www.wasenderapi.com".into(),
            wasender_token: None,
            simulator_url: None,
            default_rate_per_second: 80,
            recipient_gap: Duration::from_millis(500),
            http_timeout: Duration::from_secs(20),
            send_max_attempts: 5,
            media_max_attempts: 5,
            retry_base: Duration::from_secs(2),
            ingest_batch: 200,
            ingest_workers: 3,
        }
    }
}

/// Queue names and payloads of the channel's background jobs (run by `parley-jobs`).
pub mod jobs {
    use serde::{Deserialize, Serialize};
    use uuid::Uuid;

    pub const SEND_MESSAGE: &str = "parley::send_message";
    pub const DOWNLOAD_MEDIA: &str = "parley::download_media";

    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct SendMessage {
        pub tenant_id: Uuid,
        pub message_id: Uuid,
    }

    #[derive(Debug, Clone, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct DownloadMedia {
        pub tenant_id: Uuid,
        pub media_id: Uuid,
    }
}

/// What a number's sealed credentials hold.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Credentials {
    Cloud { access_token: String, app_secret: String },
    Wasender { api_key: String, webhook_secret: String },
}

/// A webhook target as the ingest path caches it: the tenant and what checks the signature.
#[derive(Clone)]
pub(crate) struct Target {
    pub tenant_id: Uuid,
    pub kind: String,
    pub verify_token: String,
    pub secret: String,
    pub active: bool,
}

/// The channel's clients, storage and in-process state, shared by every node's services.
pub struct Channel {
    pub cfg: ChannelConfig,
    pub(crate) cloud: CloudClient,
    pub(crate) sim_cloud: Option<CloudClient>,
    pub(crate) wasender: WasenderClient,
    pub(crate) sim_wasender: Option<WasenderClient>,
    pub media: MediaStore,
    pub(crate) sealer: Sealer,
    /// Wakes a webhook processor when an event was stored on this node.
    pub ingest_wakeup: Arc<Notify>,
    /// Webhook targets for a minute, so an acknowledgement costs one insert and no lookup.
    pub(crate) targets: Mutex<HashMap<Uuid, (Instant, Target)>>,
    pub(crate) acks: ack::AckWriter,
}

pub(crate) const TARGET_TTL: Duration = Duration::from_secs(60);

/// The account token the built-in simulator's WasenderAPI accepts.
const SIM_WASENDER_TOKEN: &str = "sim-wasender-token";

impl Channel {
    /// Starts the acknowledgement writers: call inside the runtime that serves requests.
    pub fn new(cfg: ChannelConfig, media: MediaStore, sealer: Sealer, db: parley_store::Db) -> anyhow::Result<Self> {
        let t = cfg.http_timeout;
        let sim = cfg.simulator_url.as_deref().map(|u| u.trim_end_matches('/').to_owned());
        Ok(Self {
            cloud: CloudClient::new(&cfg.graph_url, t)?,
            sim_cloud: sim.as_ref().map(|u| CloudClient::new(&format!("{u}/graph/v23.0"), t)).transpose()?,
            wasender: WasenderClient::new(&cfg.wasender_url, t)?,
            sim_wasender: sim.as_ref().map(|u| WasenderClient::new(&format!("{u}/wasender"), t)).transpose()?,
            media,
            sealer,
            ingest_wakeup: Arc::new(Notify::new()),
            targets: Mutex::new(HashMap::new()),
            acks: ack::AckWriter::start(db),
            cfg,
        })
    }

    pub(crate) fn cloud(&self, simulated: bool) -> Result<&CloudClient> {
        if simulated { self.sim_cloud.as_ref().ok_or_else(simulator_off) } else { Ok(&self.cloud) }
    }

    fn wasender(&self, simulated: bool) -> Result<&WasenderClient> {
        if simulated { self.sim_wasender.as_ref().ok_or_else(simulator_off) } else { Ok(&self.wasender) }
    }

    /// The WasenderAPI client and account token for a QR number: the simulator's in demo mode, else the
    /// platform's configured account.
    pub(crate) fn wasender_account(&self, simulated: bool) -> Result<(&WasenderClient, String)> {
        match (simulated, &self.cfg.wasender_token) {
            (true, _) => Ok((self.wasender(true)?, SIM_WASENDER_TOKEN.to_owned())),
            (false, Some(t)) => Ok((&self.wasender, t.clone())),
            (false, None) => Err(DomainError::Rejected {
                code: "qr_provider_not_configured",
                message: "QR numbers need a WasenderAPI token in the server configuration (whatsapp.wasender_token)."
                    .into(),
            }),
        }
    }

    pub(crate) fn seal(&self, c: &Credentials) -> Vec<u8> {
        // Serialising two strings cannot fail.
        self.sealer.seal(&serde_json::to_vec(c).unwrap_or_default())
    }

    pub(crate) fn open(&self, sealed: &[u8]) -> Result<Credentials> {
        let plain = self.sealer.open(sealed).map_err(DomainError::internal)?;
        serde_json::from_slice(&plain).map_err(DomainError::internal)
    }

    pub(crate) fn forget_target(&self, id: Uuid) {
        if let Ok(mut m) = self.targets.lock() {
            m.remove(&id);
        }
    }
}

fn simulator_off() -> DomainError {
    DomainError::Rejected {
        code: "simulator_unavailable",
        message: "This number uses the built-in simulator, which runs only in demo mode.".into(),
    }
}
