//! API keys for integrations: created and revoked by owners and managers, when the plan includes API access;
//! the secret is shown once. Each key holds scopes (what it may touch), an optional expiry and rate cap, and
//! remembers when and from where it was last used. `gate` answers what the HTTP layer checks before a keyed
//! request runs (scopes, rate limits); `Core::begin` still verifies the key inside the request's transaction.

use crate::billing::entitlements::Entitlements;
use crate::billing::quota::Feature;
use crate::check::{Check, checked};
use crate::ctx::{Credential, TenantCtx};
use crate::identity::dto::{ApiKey, CreateApiKeyInput, CreatedApiKey};
use crate::identity::scopes::{self, ApiScope};
use crate::identity::tokens;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use chrono::{DateTime, Utc};
use parley_domain::TenantId;
use parley_store::repo;
use parley_store::repo::identity::api_keys::{ApiKeyRow, NewApiKey};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

#[derive(Clone)]
pub struct ApiKeyService(pub(crate) Arc<Core>, Arc<GateCache>);

/// What a keyed request is checked against before its handler runs.
#[derive(Debug, Clone)]
pub struct KeyGate {
    pub key_id: Uuid,
    pub tenant_id: TenantId,
    pub scopes: Vec<ApiScope>,
    /// The key's own cap (its `requestsPerMinute`, else the workspace's rate).
    pub key_per_minute: u32,
    /// The workspace's rate, shared by all its keys: the plan's `apiRequestsPerMinute`, else the server's default.
    pub tenant_per_minute: u32,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Gates by key hash, kept briefly so a busy key costs no query per request. Scopes and caps never change after a
/// key is made; a revocation or expiry still stops the key at once, because `Core::begin` checks the key again
/// inside every request's transaction (this node also forgets a key it revokes). A plan's new rate applies within
/// the keep time. `used` remembers when this node last recorded each key's use, so recording costs a write a
/// minute per key, not one per request.
#[derive(Default)]
struct GateCache {
    gates: Mutex<HashMap<String, (Instant, KeyGate)>>,
    used: Mutex<HashMap<Uuid, Instant>>,
}

const GATE_KEEP: Duration = Duration::from_secs(30);
const GATE_CACHE_MAX: usize = 10_000;
const USE_EVERY: Duration = Duration::from_secs(60);

impl GateCache {
    fn get(&self, hash: &str) -> Option<KeyGate> {
        let map = self.gates.lock().ok()?;
        map.get(hash).filter(|(at, _)| at.elapsed() < GATE_KEEP).map(|(_, g)| g.clone())
    }

    fn put(&self, hash: &str, gate: KeyGate) {
        if let Ok(mut map) = self.gates.lock() {
            if map.len() >= GATE_CACHE_MAX {
                map.retain(|_, (at, _)| at.elapsed() < GATE_KEEP);
                if map.len() >= GATE_CACHE_MAX {
                    map.clear();
                }
            }
            map.insert(hash.to_owned(), (Instant::now(), gate));
        }
    }

    fn forget(&self, hash: &str) {
        if let Ok(mut map) = self.gates.lock() {
            map.remove(hash);
        }
    }

    /// Whether this key's use is due to be recorded (then it counts as recorded now).
    fn use_due(&self, key: Uuid) -> bool {
        let Ok(mut map) = self.used.lock() else { return false };
        if map.get(&key).is_some_and(|at| at.elapsed() < USE_EVERY) {
            return false;
        }
        if map.len() >= GATE_CACHE_MAX {
            map.retain(|_, at| at.elapsed() < USE_EVERY);
        }
        map.insert(key, Instant::now());
        true
    }
}

fn dto(m: ApiKeyRow) -> ApiKey {
    ApiKey {
        id: m.id,
        name: m.name,
        prefix: m.prefix,
        scopes: m.scopes.iter().filter_map(|s| ApiScope::parse(s)).collect(),
        expires_at: m.expires_at,
        requests_per_minute: m.requests_per_minute,
        created_at: m.created_at,
        last_used_at: m.last_used_at,
        last_used_ip: m.last_used_ip,
        revoked_at: m.revoked_at,
    }
}

pub(crate) fn expired_api_key() -> DomainError {
    DomainError::InvalidToken { code: "invalid_api_key", message: "The API key has expired.".into() }
}

impl ApiKeyService {
    pub(crate) fn new(core: Arc<Core>) -> Self {
        Self(core, Arc::default())
    }

    pub async fn list(&self, t: &TenantCtx) -> Result<Vec<ApiKey>> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let rows = repo::identity::api_keys::list(&tx).await.db()?;
        tx.commit().await.db()?;
        Ok(rows.into_iter().map(dto).collect())
    }

    pub async fn create(&self, t: &TenantCtx, input: CreateApiKeyInput) -> Result<CreatedApiKey> {
        let mut c = Check::default();
        let name = c.text("name", &input.name, 1, 80);
        if input.scopes.is_empty() {
            c.push("scopes", "choose at least one scope");
        }
        if input.expires_in_days.is_some_and(|d| !(1..=3650).contains(&d)) {
            c.push("expiresInDays", "must be between 1 and 3650");
        }
        if input.requests_per_minute.is_some_and(|r| !(1..=1_000_000).contains(&r)) {
            c.push("requestsPerMinute", "must be between 1 and 1000000");
        }
        let (tx, t) = self.0.begin(t, Role::Manager).await?;
        self.0.require_feature(&tx, Feature::ApiAccess).await?;
        c.finish()?;
        let secret = format!("pk_{}", tokens::tenant_secret(t.tenant_id.0, '_'));
        let prefix = format!("{}…{}", &secret[..7], &secret[secret.len() - 4..]);
        let scopes: Vec<String> = scopes::normalize(&input.scopes).iter().map(|s| s.as_str().to_owned()).collect();
        let key = repo::identity::api_keys::insert(
            &tx,
            NewApiKey {
                name: &checked(name)?,
                prefix: &prefix,
                key_hash: &tokens::hash_secret(&secret),
                scopes: scopes.clone(),
                expires_at: input.expires_in_days.map(|d| Utc::now() + chrono::Duration::days(i64::from(d))),
                requests_per_minute: input.requests_per_minute,
                created_by: t.user_id.map(|u| u.0),
            },
        )
        .await
        .db()?;
        self.0
            .audit_ctx(
                &tx,
                &t,
                "api_key.created",
                "api_key",
                key.id,
                serde_json::json!({ "name": key.name, "scopes": scopes, "expiresAt": key.expires_at }),
            )
            .await?;
        tx.commit().await.db()?;
        Ok(CreatedApiKey { api_key: dto(key), secret })
    }

    pub async fn revoke(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, t) = self.0.begin(t, Role::Manager).await?;
        let Some(hash) = repo::identity::api_keys::revoke(&tx, id).await.db()? else {
            return Err(DomainError::NotFound("The API key"));
        };
        self.0.audit_ctx(&tx, &t, "api_key.revoked", "api_key", id, serde_json::json!({})).await?;
        tx.commit().await.db()?;
        self.1.forget(&hash);
        Ok(())
    }

    /// The key's scopes and rate caps, for the checks made before a keyed request runs; records the key's use
    /// and address (at most once a minute). A revoked, expired or unknown key answers 401 `invalid_api_key`.
    pub async fn gate(&self, t: &TenantCtx) -> Result<KeyGate> {
        let Credential::ApiKey { hash } = &t.credential else { return Err(crate::errors::invalid_api_key()) };
        let gate = match self.1.get(hash) {
            Some(g) => g,
            None => {
                let g = self.load_gate(t.tenant_id, hash).await?;
                self.1.put(hash, g.clone());
                g
            }
        };
        if gate.tenant_id != t.tenant_id {
            return Err(crate::errors::invalid_api_key());
        }
        if gate.expires_at.is_some_and(|e| e <= Utc::now()) {
            return Err(expired_api_key());
        }
        if self.1.use_due(gate.key_id) {
            // The request goes on whether or not its use could be written down.
            if let Err(e) = self.record_use(&gate, t.client.ip.as_deref()).await {
                tracing::warn!(error = %e, key = %gate.key_id, "API key use not recorded");
            }
        }
        Ok(gate)
    }

    async fn record_use(&self, gate: &KeyGate, ip: Option<&str>) -> Result<()> {
        let tx = self.0.db.tenant_tx(gate.tenant_id).await.db()?;
        repo::identity::api_keys::record_use(&tx, gate.key_id, ip).await.db()?;
        tx.commit().await.db()
    }

    async fn load_gate(&self, tenant: TenantId, hash: &str) -> Result<KeyGate> {
        let tx = self.0.db.tenant_tx(tenant).await.db()?;
        let key = repo::identity::api_keys::by_hash(&tx, hash).await.db()?;
        let Some(key) = key.filter(|k| k.revoked_at.is_none()) else {
            return Err(crate::errors::invalid_api_key());
        };
        let plan = Entitlements::load(&tx).await?.and_then(|e| e.limits.api_requests_per_minute);
        tx.commit().await.db()?;
        let tenant_per_minute = match plan {
            Some(n) => n.clamp(1, i64::from(u32::MAX)) as u32,
            None => self.0.cfg.api_requests_per_minute,
        };
        Ok(KeyGate {
            key_id: key.id,
            tenant_id: tenant,
            scopes: key.scopes.iter().filter_map(|s| ApiScope::parse(s)).collect(),
            key_per_minute: key
                .requests_per_minute
                .map_or(tenant_per_minute, |r| (r.max(1) as u32).min(tenant_per_minute)),
            tenant_per_minute,
            expires_at: key.expires_at,
        })
    }
}
