//! Custom domains (docs/agencies.md, "Custom domains"): an agency, or a workspace whose plan has custom branding,
//! adds `app.agency.com`, is shown the two records to create (a CNAME to the platform's `target_host` and a TXT
//! token under `_parley-challenge.`), and the domain becomes active once DNS shows both. Every domain is checked
//! again periodically: records that break make an active domain `failing` at once (no grace period: the records
//! are the proof), and it is active again when they are fixed; a lookup that gets no answer decides nothing.
//!
//! Also here: the in-process set of active domains that answers Caddy's on-demand TLS question without waiting on
//! DNS (refreshed on change and every minute), its per-address rate limit, and the demo's DNS records (`/dev/dns`).

use super::dns::{LookupError, Nameserver};
use crate::ctx::{Actor, ClientInfo, TenantCtx};
use crate::{Core, DbResultExt, DomainError, Result, Role};
use chrono::{DateTime, Utc};
use parley_domain::{FieldError, TenantId};
use parley_store::repo::brand::domains::{self as repo, DomainRow};
use parley_store::repo::platform::custom_domains as system;
use parley_store::{TenantTx, unique_violation};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use utoipa::ToSchema;
use uuid::Uuid;

/// Domains one workspace may hold (pending ones count: each is a standing DNS check).
pub const MAX_DOMAINS: u64 = 5;
/// The label under the domain where the verification TXT record lives.
pub const CHALLENGE_LABEL: &str = "_parley-challenge";
const TOKEN_PREFIX: &str = "parley-verify=";
/// How stale the TLS question's set may get on a node that saw no change itself.
const ACTIVE_SET_TTL: Duration = Duration::from_secs(60);
/// TLS questions a second from one address.
pub const ASK_PER_SECOND: u32 = 20;
/// Domains one recheck round claims; the rest wait for the next minute.
const RECHECK_BATCH: i64 = 100;
/// Longest error text kept (a TXT record may hold anything).
const MAX_ERROR: usize = 1000;

/// How custom domains are checked (`[domains]` in configuration).
#[derive(Debug, Clone)]
pub struct DomainsConfig {
    /// The host customers point their CNAME at; None: the host of `public_url`.
    pub target_host: Option<String>,
    /// Where DNS questions go.
    pub nameserver: Nameserver,
    /// How often every domain is checked again.
    pub recheck_every: Duration,
    /// The demo's DNS server, whose records `/dev/dns` edits (demo mode only).
    pub dev_dns: Option<parley_dns_sim::DnsSim>,
}

impl Default for DomainsConfig {
    fn default() -> Self {
        Self {
            target_host: None,
            nameserver: Nameserver::System,
            recheck_every: Duration::from_secs(3600),
            dev_dns: None,
        }
    }
}

/// Custom domains' per-node state: the settings, the set of active domains, and the TLS question's rate limit.
pub struct DomainsRuntime {
    pub cfg: DomainsConfig,
    active: RwLock<ActiveSet>,
    /// One refresh of the set at a time; the others keep answering from the current set.
    refreshing: tokio::sync::Mutex<()>,
    asks: Mutex<AskWindow>,
}

#[derive(Default)]
struct ActiveSet {
    domains: HashSet<String>,
    loaded: Option<Instant>,
}

/// Questions per address in the current second (a fixed window: cheap, and 20 a second is no precise budget).
#[derive(Default)]
struct AskWindow {
    second: u64,
    counts: HashMap<IpAddr, u32>,
}

impl Default for DomainsRuntime {
    fn default() -> Self {
        Self::new(DomainsConfig::default())
    }
}

impl DomainsRuntime {
    pub fn new(cfg: DomainsConfig) -> Self {
        Self { cfg, active: Default::default(), refreshing: Default::default(), asks: Default::default() }
    }

    /// Counts one TLS question from `ip`; false when the address is over its rate this second.
    pub fn take_ask(&self, ip: Option<IpAddr>) -> bool {
        let Some(ip) = ip else { return true };
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let mut w = self.asks.lock().unwrap_or_else(|e| e.into_inner());
        if w.second != now {
            w.second = now;
            w.counts.clear();
        }
        let n = w.counts.entry(ip).or_insert(0);
        *n += 1;
        *n <= ASK_PER_SECOND
    }

    fn contains(&self, domain: &str) -> Option<bool> {
        let set = self.active.read().unwrap_or_else(|e| e.into_inner());
        let fresh = set.loaded.is_some_and(|t| t.elapsed() < ACTIVE_SET_TTL);
        fresh.then(|| set.domains.contains(domain))
    }

    fn mark_stale(&self) {
        self.active.write().unwrap_or_else(|e| e.into_inner()).loaded = None;
    }
}

/// Where customers point their domain: a host name (a CNAME to it) or an address (an A or AAAA record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Name(String),
    Ip(IpAddr),
}

impl Target {
    fn of(core: &Core) -> Self {
        let raw = core.domains.cfg.target_host.clone().unwrap_or_else(|| platform_host(&core.cfg.public_url));
        let raw = raw.trim().trim_start_matches('[').trim_end_matches(']').trim_end_matches('.').to_ascii_lowercase();
        match raw.parse::<IpAddr>() {
            Ok(ip) => Self::Ip(ip),
            Err(_) => Self::Name(raw),
        }
    }

    fn show(&self) -> String {
        match self {
            Self::Name(n) => n.clone(),
            Self::Ip(ip) => ip.to_string(),
        }
    }
}

/// The host of the platform's own address (`public_url`), lower-case.
fn platform_host(public_url: &str) -> String {
    url::Url::parse(public_url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase()))
        .unwrap_or_default()
}

/// A domain's state: `pending` until its records are first seen right, then `active`, and `failing` when a later
/// check finds them wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DomainStatus {
    Pending,
    Active,
    Failing,
}

impl DomainStatus {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "active" => Some(Self::Active),
            "failing" => Some(Self::Failing),
            _ => None,
        }
    }

    fn stored(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Failing => "failing",
        }
    }
}

/// A DNS record the customer creates at their DNS provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecordToCreate {
    /// `CNAME`, `A`, `AAAA` or `TXT`.
    #[serde(rename = "type")]
    #[schema(example = "CNAME")]
    pub kind: String,
    /// The record's full name.
    pub name: String,
    pub value: String,
    /// `routing` (sends the domain's visitors to Parley) or `verification` (proves the domain is yours).
    #[schema(example = "routing")]
    pub purpose: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomDomain {
    pub id: Uuid,
    /// Lower-case ASCII (an internationalised name in its `xn--` form).
    pub domain: String,
    pub status: DomainStatus,
    /// The records to create: the routing record and the verification TXT.
    pub records: Vec<RecordToCreate>,
    /// When the records were first seen right.
    pub verified_at: Option<DateTime<Utc>>,
    pub last_checked_at: Option<DateTime<Utc>>,
    /// What the last check found wrong (which record, and what it holds or points at), or why it got no answer.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DomainList {
    pub domains: Vec<CustomDomain>,
    /// Where domains point (a host name for a CNAME, or an address for an A/AAAA record).
    pub target_host: String,
    pub max_domains: u64,
    /// Whether this workspace may add domains (an agency the platform allows, or a plan with custom branding).
    pub allowed: bool,
    /// Why not, when not allowed: `custom_domains_not_allowed` or `feature_not_in_plan`.
    pub not_allowed_code: Option<String>,
}

/// The pattern a domain in ASCII matches: two or more labels of letters, digits and inner hyphens, the last one
/// starting with a letter (so no address), an optional final dot. Internationalised names typed in Unicode are
/// accepted too and stored in their `xn--` form.
pub const DOMAIN_PATTERN: &str =
    r"^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$";

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddDomainInput {
    /// A host name such as `app.agency.com`: not a wildcard, not an address, not the platform's own host or a name
    /// under it.
    #[schema(
        min_length = 4,
        max_length = 253,
        pattern = r"^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$"
    )]
    pub domain: String,
}

/// Why a string is not a domain name that can be added; the message completes "The domain ...".
pub fn parse_domain(raw: &str) -> std::result::Result<String, &'static str> {
    let t = raw.trim();
    let t = t.strip_suffix('.').unwrap_or(t);
    if t.is_empty() {
        return Err("is required");
    }
    if t.contains('*') {
        return Err("must not be a wildcard; add each host name on its own");
    }
    let bare = t.trim_start_matches('[').trim_end_matches(']');
    if bare.parse::<IpAddr>().is_ok() {
        return Err("must be a host name, not an IP address");
    }
    if t.contains("://") || t.contains(['/', ':', '@', '?', '#', ' ']) {
        return Err("must be a host name only, without scheme, port or path (like app.example.com)");
    }
    let ascii = if t.is_ascii() {
        t.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii_strict(t).map_err(|_| "is not a valid internationalised domain name")?
    };
    if ascii.len() > 253 {
        return Err("must be at most 253 characters");
    }
    let labels: Vec<&str> = ascii.split('.').collect();
    if labels.len() < 2 {
        return Err("must have at least two labels (like app.example.com)");
    }
    let ldh = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if !labels.iter().all(|l| ldh(l)) {
        return Err("must be letters, digits and hyphens in dot-separated labels of at most 63 characters");
    }
    if labels.last().is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit())) {
        return Err("must be a host name, not an IP address");
    }
    Ok(ascii)
}

fn under(domain: &str, host: &str) -> bool {
    !host.is_empty() && (domain == host || domain.ends_with(&format!(".{host}")))
}

fn challenge_name(domain: &str) -> String {
    format!("{CHALLENGE_LABEL}.{domain}")
}

fn expected_txt(token: &str) -> String {
    format!("{TOKEN_PREFIX}{token}")
}

fn records_for(domain: &str, token: &str, target: &Target) -> Vec<RecordToCreate> {
    let routing = match target {
        Target::Name(n) => ("CNAME", n.clone()),
        Target::Ip(IpAddr::V4(ip)) => ("A", ip.to_string()),
        Target::Ip(IpAddr::V6(ip)) => ("AAAA", ip.to_string()),
    };
    vec![
        RecordToCreate { kind: routing.0.into(), name: domain.to_owned(), value: routing.1, purpose: "routing".into() },
        RecordToCreate {
            kind: "TXT".into(),
            name: challenge_name(domain),
            value: expected_txt(token),
            purpose: "verification".into(),
        },
    ]
}

fn dto(r: DomainRow, target: &Target) -> Result<CustomDomain> {
    Ok(CustomDomain {
        records: records_for(&r.domain, &r.token, target),
        status: crate::stored(DomainStatus::parse, &r.status)?,
        id: r.id,
        domain: r.domain,
        verified_at: r.verified_at,
        last_checked_at: r.last_checked_at,
        last_error: r.last_error,
        created_at: r.created_at,
    })
}

/// What DNS showed for a domain.
#[derive(Debug, Clone, Default)]
struct Observed {
    txt: Vec<String>,
    cname: Vec<String>,
    ips: Vec<IpAddr>,
    target_ips: Vec<IpAddr>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    Verified,
    /// The records are wrong; the message says which and what they hold.
    Wrong(String),
    /// DNS gave no answer; nothing is decided.
    Unanswered(String),
}

fn list_of<T: ToString>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

fn quoted(values: &[String]) -> String {
    let shown: Vec<String> =
        values.iter().take(5).map(|v| format!("\"{}\"", v.chars().take(120).collect::<String>())).collect();
    shown.join(", ")
}

/// Judges what DNS showed: the TXT token must be there, and the domain must reach the target (a CNAME to it, or
/// addresses that are all the target's).
fn judge(domain: &str, token: &str, target: &Target, seen: &Observed) -> Verdict {
    let mut wrong = Vec::new();
    let want = expected_txt(token);
    let challenge = challenge_name(domain);
    if seen.txt.is_empty() {
        wrong.push(format!("There is no TXT record at {challenge}: create one with the value {want}."));
    } else if !seen.txt.iter().any(|v| v.trim() == want) {
        wrong.push(format!("The TXT record at {challenge} holds {}, not {want}.", quoted(&seen.txt)));
    }
    let target_ips: Vec<IpAddr> = match target {
        Target::Ip(ip) => vec![*ip],
        Target::Name(_) => seen.target_ips.clone(),
    };
    let cname_ok = matches!(target, Target::Name(n) if seen.cname.iter().any(|c| c == n));
    let ips_ok = !seen.ips.is_empty() && !target_ips.is_empty() && seen.ips.iter().all(|ip| target_ips.contains(ip));
    if !cname_ok && !ips_ok {
        let shown = target.show();
        wrong.push(if !seen.cname.is_empty() {
            format!("{domain} is a CNAME to {}, not to {shown}.", list_of(&seen.cname))
        } else if !seen.ips.is_empty() {
            let theirs = if target_ips.is_empty() || matches!(target, Target::Ip(_)) {
                String::new()
            } else {
                format!(" ({})", list_of(&target_ips))
            };
            format!("{domain} points at {}, not at {shown}{theirs}.", list_of(&seen.ips))
        } else {
            match target {
                Target::Name(n) => format!("{domain} has no CNAME, A or AAAA record: create a CNAME to {n}."),
                Target::Ip(IpAddr::V4(ip)) => format!("{domain} has no A record: create one with the address {ip}."),
                Target::Ip(IpAddr::V6(ip)) => {
                    format!("{domain} has no AAAA record: create one with the address {ip}.")
                }
            }
        });
    }
    if wrong.is_empty() { Verdict::Verified } else { Verdict::Wrong(wrong.join(" ")) }
}

fn clip(s: String) -> String {
    if s.len() <= MAX_ERROR {
        return s;
    }
    let mut end = MAX_ERROR;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

#[derive(Clone)]
pub struct DomainService(pub Arc<Core>);

impl DomainService {
    pub async fn list(&self, t: &TenantCtx) -> Result<DomainList> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let refusal = refusal(&self.0, &tx).await?;
        let rows = repo::list(&tx).await.db()?;
        tx.commit().await.db()?;
        let target = Target::of(&self.0);
        Ok(DomainList {
            domains: rows.into_iter().map(|r| dto(r, &target)).collect::<Result<_>>()?,
            target_host: target.show(),
            max_domains: MAX_DOMAINS,
            allowed: refusal.is_none(),
            not_allowed_code: refusal.map(|e| error_code(&e).to_owned()),
        })
    }

    pub async fn add(&self, t: &TenantCtx, input: AddDomainInput) -> Result<CustomDomain> {
        let target = Target::of(&self.0);
        let domain = parse_domain(&input.domain).map_err(|m| DomainError::field("domain", m))?;
        let own = platform_host(&self.0.cfg.public_url);
        let target_name = match &target {
            Target::Name(n) => n.clone(),
            Target::Ip(_) => String::new(),
        };
        if under(&domain, &own) || under(&domain, &target_name) {
            return Err(DomainError::field("domain", "must not be the platform's own address or a name under it"));
        }
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        if let Some(refused) = refusal(&self.0, &tx).await? {
            return Err(refused);
        }
        if repo::count_locked(&tx).await.db()? >= MAX_DOMAINS {
            return Err(DomainError::Conflict {
                code: "domain_limit",
                message: format!("A workspace can have at most {MAX_DOMAINS} custom domains; remove one first."),
            });
        }
        if let Some(holder) = system::verified_holder(&self.0.db, &domain).await.db()?
            && holder.tenant_id != actor.tenant_id.0
            && holder.status != "failing"
        {
            return Err(taken(&domain));
        }
        let token = new_token();
        let row = repo::insert(&tx, Uuid::now_v7(), &domain, &token).await.map_err(|e| {
            match unique_violation(&e).as_deref() {
                Some("custom_domains_tenant_domain_key") => DomainError::Conflict {
                    code: "domain_exists",
                    message: format!("{domain} is already one of this workspace's domains."),
                },
                _ => DomainError::internal(e),
            }
        })?;
        self.0
            .audit_ctx(&tx, &actor, "domain.added", "custom_domain", row.id, serde_json::json!({ "domain": domain }))
            .await?;
        tx.commit().await.db()?;
        dto(row, &target)
    }

    /// Checks the domain's records now and answers what was found.
    pub async fn check(&self, t: &TenantCtx, id: Uuid) -> Result<CustomDomain> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let row = repo::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Domain"))?;
        // No transaction stays open while DNS answers (up to a few seconds).
        tx.commit().await.db()?;
        let row = self.check_row(row, Some(&actor)).await?;
        dto(row, &Target::of(&self.0))
    }

    pub async fn remove(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let row = repo::delete(&tx, id).await.db()?.ok_or(DomainError::NotFound("Domain"))?;
        self.0
            .audit_ctx(
                &tx,
                &actor,
                "domain.removed",
                "custom_domain",
                row.id,
                serde_json::json!({ "domain": row.domain, "status": row.status }),
            )
            .await?;
        tx.commit().await.db()?;
        if row.status == "active" {
            self.changed(actor.tenant_id.0).await;
        }
        Ok(())
    }

    /// The periodic check: every domain last checked longer than `recheck_every` ago, in rounds (a cron calls this
    /// every minute on every node; claims keep nodes from checking the same domain). Answers how many it checked.
    pub async fn recheck_due(&self) -> Result<usize> {
        let every = chrono::Duration::from_std(self.0.domains.cfg.recheck_every).unwrap_or(chrono::Duration::hours(1));
        self.recheck(Utc::now() - every).await
    }

    /// Checks every domain last checked before `before` (tests pass a time ahead to check them all).
    pub async fn recheck(&self, before: DateTime<Utc>) -> Result<usize> {
        use futures::StreamExt;
        let mut total = 0;
        loop {
            let due = system::claim_due(&self.0.db, before, RECHECK_BATCH).await.db()?;
            let n = due.len();
            total += n;
            futures::stream::iter(due)
                .for_each_concurrent(8, |d| async move {
                    if let Err(e) = self.recheck_one(d.tenant_id, d.id).await {
                        tracing::warn!(domain_id = %d.id, tenant = %d.tenant_id, error = %e, "domain recheck failed");
                    }
                })
                .await;
            if (n as i64) < RECHECK_BATCH {
                return Ok(total);
            }
        }
    }

    async fn recheck_one(&self, tenant: Uuid, id: Uuid) -> Result<()> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        let row = repo::get(&tx, id).await.db()?;
        tx.commit().await.db()?;
        if let Some(row) = row {
            self.check_row(row, None).await?;
        }
        Ok(())
    }

    /// Asks DNS about the domain, then records the verdict: the status, the error, the audit entry of a change.
    async fn check_row(&self, row: DomainRow, actor: Option<&Actor>) -> Result<DomainRow> {
        let target = Target::of(&self.0);
        let verdict = match observe(&self.0, &row.domain, &target).await {
            Ok(seen) => judge(&row.domain, &row.token, &target, &seen),
            Err(e) => Verdict::Unanswered(format!("No verdict this time: {e} The domain keeps its status.")),
        };
        let before = crate::stored(DomainStatus::parse, &row.status)?;
        let tenant = row.tenant_id;
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        let updated = match verdict {
            Verdict::Verified => match self.claim(&row).await? {
                Ok(()) => match repo::mark_active(&tx, row.id, &row.token).await {
                    Ok(r) => r,
                    Err(e) if unique_violation(&e).as_deref() == Some("custom_domains_verified_key") => {
                        // Another workspace verified it between our look and our write.
                        drop(tx);
                        return self.record_taken(row).await;
                    }
                    Err(e) => return Err(DomainError::internal(e)),
                },
                Err(message) => {
                    let status = if row.verified_at.is_some() { DomainStatus::Failing } else { DomainStatus::Pending };
                    repo::mark_wrong(&tx, row.id, &row.token, status.stored(), &message).await.db()?
                }
            },
            Verdict::Wrong(message) => {
                let status = if row.verified_at.is_some() { DomainStatus::Failing } else { DomainStatus::Pending };
                repo::mark_wrong(&tx, row.id, &row.token, status.stored(), &clip(message)).await.db()?
            }
            Verdict::Unanswered(message) => {
                repo::mark_unanswered(&tx, row.id, &row.token, &clip(message)).await.db()?
            }
        };
        // Removed (or its token changed) while DNS answered: nothing to record.
        let Some(updated) = updated else {
            tx.commit().await.db()?;
            return Err(DomainError::NotFound("Domain"));
        };
        let after = crate::stored(DomainStatus::parse, &updated.status)?;
        if after != before && (after == DomainStatus::Active || after == DomainStatus::Failing) {
            let action = if after == DomainStatus::Active { "domain.verified" } else { "domain.failing" };
            let meta =
                serde_json::json!({ "domain": updated.domain, "from": before.stored(), "error": updated.last_error });
            match actor {
                Some(a) => self.0.audit_ctx(&tx, a, action, "custom_domain", updated.id, meta).await?,
                None => {
                    self.0
                        .audit(
                            &tx,
                            None,
                            &ClientInfo::default(),
                            action,
                            Some("custom_domain"),
                            Some(updated.id.to_string()),
                            meta,
                        )
                        .await?
                }
            }
        }
        tx.commit().await.db()?;
        if after != before {
            self.changed(tenant).await;
        }
        Ok(updated)
    }

    /// Makes sure no other workspace holds the domain before this one takes it: a holder whose records no longer
    /// verify (failing) loses it to the workspace that just proved control; any other holder keeps it.
    async fn claim(&self, row: &DomainRow) -> Result<std::result::Result<(), String>> {
        let Some(holder) = system::verified_holder(&self.0.db, &row.domain).await.db()? else { return Ok(Ok(())) };
        if holder.tenant_id == row.tenant_id {
            return Ok(Ok(()));
        }
        let reason =
            format!("Another workspace proved control of {} while this one's records were failing.", row.domain);
        if holder.status == "failing" && system::release_failing(&self.0.db, holder.id, &reason).await.db()? {
            tracing::info!(domain = %row.domain, from = %holder.tenant_id, to = %row.tenant_id, "custom domain changed hands");
            self.changed(holder.tenant_id).await;
            return Ok(Ok(()));
        }
        Ok(Err(taken(&row.domain).to_string()))
    }

    async fn record_taken(&self, row: DomainRow) -> Result<DomainRow> {
        let tx = self.0.db.tenant_tx(TenantId(row.tenant_id)).await.db()?;
        let status = if row.verified_at.is_some() { DomainStatus::Failing } else { DomainStatus::Pending };
        let updated = repo::mark_wrong(&tx, row.id, &row.token, status.stored(), &taken(&row.domain).to_string())
            .await
            .db()?
            .ok_or(DomainError::NotFound("Domain"))?;
        tx.commit().await.db()?;
        Ok(updated)
    }

    /// After a domain's status changed: the brand by host and the TLS set must not serve the old state.
    async fn changed(&self, tenant: Uuid) {
        self.0.domains.mark_stale();
        super::BrandService(self.0.clone()).invalidate(tenant).await;
    }

    /// Caddy's on-demand TLS question: may a certificate be requested for `domain`? Only for an active, verified
    /// domain. Answered from this node's set (at most a minute old, or fresher after a change here).
    pub async fn tls_allowed(&self, domain: &str) -> bool {
        let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
        if let Some(known) = self.0.domains.contains(&domain) {
            return known;
        }
        let rt = &self.0.domains;
        let _one = rt.refreshing.lock().await;
        // Someone else may have refreshed it while this one waited.
        if let Some(known) = rt.contains(&domain) {
            return known;
        }
        match system::active_domains(&self.0.db).await {
            Ok(list) => {
                let mut set = rt.active.write().unwrap_or_else(|e| e.into_inner());
                set.domains = list.into_iter().collect();
                set.loaded = Some(Instant::now());
                set.domains.contains(&domain)
            }
            Err(e) => {
                tracing::warn!(error = %e, "active domains not refreshed; answering from the last set");
                let set = rt.active.read().unwrap_or_else(|e| e.into_inner());
                set.domains.contains(&domain)
            }
        }
    }

    /// Counts a TLS question from `ip` against its rate (false: refuse it).
    pub fn take_ask(&self, ip: Option<IpAddr>) -> bool {
        self.0.domains.take_ask(ip)
    }
}

fn taken(domain: &str) -> DomainError {
    DomainError::Conflict {
        code: "domain_taken",
        message: format!("Another workspace already verified {domain}; it cannot be added here."),
    }
}

fn error_code(e: &DomainError) -> &'static str {
    match e {
        DomainError::Blocked { code, .. } => code,
        DomainError::FeatureNotInPlan { .. } => "feature_not_in_plan",
        _ => "forbidden",
    }
}

/// Why this workspace may not use custom domains (None: it may). An agency needs the platform's permission
/// (`agencies.may_use_custom_domains`); any other workspace needs the right to brand itself (`brand::resolve::
/// may_brand`: custom branding in its plan; no plan limits nothing, except for an agency's client).
async fn refusal(core: &Arc<Core>, tx: &TenantTx) -> Result<Option<DomainError>> {
    match repo::agency_may_use_domains(tx).await.db()? {
        Some(true) => return Ok(None),
        Some(false) => {
            return Ok(Some(DomainError::Blocked {
                code: "custom_domains_not_allowed",
                message: "The platform has not allowed this agency to use custom domains.".into(),
            }));
        }
        None => {}
    }
    let facts = super::BrandService(core.clone()).facts(tx.tenant_id.0).await?;
    if super::resolve::may_brand(&facts) {
        return Ok(None);
    }
    Ok(Some(DomainError::FeatureNotInPlan {
        message: "Custom domains come with custom branding, which is not part of this workspace's plan.".into(),
        details: serde_json::json!({ "feature": "customBranding" }),
    }))
}

/// Asks DNS everything a verdict needs, all at once.
async fn observe(core: &Core, domain: &str, target: &Target) -> std::result::Result<Observed, LookupError> {
    let dns = &core.dns;
    let challenge = challenge_name(domain);
    let target_ips = async {
        match target {
            Target::Name(n) => dns.ips(n).await,
            Target::Ip(_) => Ok(vec![]),
        }
    };
    let (txt, cname, ips, target_ips) =
        tokio::join!(dns.txt(&challenge), dns.cname(domain), dns.ips(domain), target_ips);
    Ok(Observed { txt: txt?, cname: cname?, ips: ips?, target_ips: target_ips? })
}

/// 128 random bits, hex: safe in any DNS provider's TXT field.
fn new_token() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// One record of the demo's DNS server, as `/dev/dns` shows and edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DevDnsRecord {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: DevDnsType,
    /// An IPv4 address (A), an IPv6 address (AAAA), a host name (CNAME) or any text (TXT).
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum DevDnsType {
    A,
    #[allow(clippy::upper_case_acronyms)]
    AAAA,
    #[allow(clippy::upper_case_acronyms)]
    CNAME,
    #[allow(clippy::upper_case_acronyms)]
    TXT,
}

impl DevDnsType {
    fn as_str(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::AAAA => "AAAA",
            Self::CNAME => "CNAME",
            Self::TXT => "TXT",
        }
    }
}

/// A DNS name as the demo server keys it (underscores allowed, as in `_parley-challenge`).
const DEV_NAME_PATTERN: &str =
    r"^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$";

/// The document's `oneOf` on `type`, each alternative stating exactly the value the server takes for that type (an
/// IPv4 address; an IPv6 address, written in full here though compressed ones are taken too; a host name; text
/// without control characters), so a request the document calls valid is one the server accepts.
impl utoipa::PartialSchema for DevDnsRecord {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, OneOfBuilder, Type};
        let variant = |kind: &str, pattern: &str, max: usize, about: &str| {
            ObjectBuilder::new()
                .property(
                    "name",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .max_length(Some(253))
                        .pattern(Some(DEV_NAME_PATTERN)),
                )
                .required("name")
                .property("type", ObjectBuilder::new().schema_type(Type::String).enum_values(Some([kind])))
                .required("type")
                .property(
                    "value",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .max_length(Some(max))
                        .pattern(Some(pattern))
                        .description(Some(about)),
                )
                .required("value")
                .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        };
        OneOfBuilder::new()
            .item(variant(
                "A",
                r"^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$",
                15,
                "An IPv4 address",
            ))
            .item(variant("AAAA", r"^([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}$", 39, "An IPv6 address"))
            .item(variant(
                "CNAME",
                r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$",
                253,
                "The host name this name is an alias of",
            ))
            .item(variant("TXT", r"^[^\u0000-\u001f\u007f-\u009f]*$", 1000, "Any text without control characters"))
            .description(Some("One record of the demo DNS server: its name, its type and a value of that type's form."))
            .into()
    }
}

impl ToSchema for DevDnsRecord {}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DevDnsRecords {
    #[schema(max_items = 500)]
    pub records: Vec<DevDnsRecord>,
}

const MAX_DEV_RECORDS: usize = 500;

impl DomainService {
    fn dev_dns(&self) -> Result<&parley_dns_sim::DnsSim> {
        match (&self.0.domains.cfg.dev_dns, self.0.cfg.demo) {
            (Some(sim), true) => Ok(sim),
            _ => Err(DomainError::NotFound("The demo DNS server")),
        }
    }

    /// The demo DNS server's records (404 outside demo mode).
    pub fn dev_dns_records(&self) -> Result<DevDnsRecords> {
        let sim = self.dev_dns()?;
        let mut records = Vec::new();
        for (name, list) in sim.records() {
            for r in list {
                let kind = match r.kind() {
                    "A" => DevDnsType::A,
                    "AAAA" => DevDnsType::AAAA,
                    "CNAME" => DevDnsType::CNAME,
                    _ => DevDnsType::TXT,
                };
                let value = match (kind, r.value().parse::<std::net::Ipv6Addr>()) {
                    // Written in full, as the document's pattern for AAAA states it (`::` would not match it).
                    (DevDnsType::AAAA, Ok(ip)) => {
                        ip.segments().iter().map(|s| format!("{s:x}")).collect::<Vec<_>>().join(":")
                    }
                    _ => r.value(),
                };
                records.push(DevDnsRecord { name: name.clone(), kind, value });
            }
        }
        Ok(DevDnsRecords { records })
    }

    /// Replaces the demo DNS server's records (every invalid record named; nothing changes then).
    pub fn set_dev_dns_records(&self, input: DevDnsRecords) -> Result<DevDnsRecords> {
        let sim = self.dev_dns()?;
        let mut errors = Vec::new();
        if input.records.len() > MAX_DEV_RECORDS {
            errors.push(FieldError::new("records", format!("must hold at most {MAX_DEV_RECORDS} records")));
        }
        let mut parsed = Vec::new();
        for (i, r) in input.records.iter().enumerate() {
            let (kind, value) = (r.kind.as_str(), r.value.as_str());
            let name = parley_dns_sim::normalize(&r.name);
            let name_ok = !name.is_empty()
                && name.len() <= 253
                && name.split('.').all(|l| {
                    !l.is_empty()
                        && l.len() <= 63
                        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                });
            if !name_ok {
                errors.push(FieldError::new(
                    format!("records[{i}].name"),
                    "must be a DNS name (letters, digits, - and _)",
                ));
            }
            let value_ok = !(kind == "TXT" && (value.chars().count() > 1000 || value.chars().any(char::is_control)));
            match parley_dns_sim::Record::parse(kind, value).filter(|_| value_ok) {
                Some(rec) if name_ok => parsed.push((name, rec)),
                Some(_) => {}
                None => errors.push(FieldError::new(
                    format!("records[{i}].value"),
                    match kind {
                        "A" => "must be an IPv4 address",
                        "AAAA" => "must be an IPv6 address",
                        "CNAME" => "must be a host name",
                        _ => "must be at most 1000 characters without control characters",
                    },
                )),
            }
        }
        if !errors.is_empty() {
            return Err(DomainError::Validation(errors));
        }
        sim.replace_all(parsed);
        self.dev_dns_records()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> Target {
        Target::Name(n.into())
    }

    fn refused(raw: &str) -> &'static str {
        parse_domain(raw).expect_err(raw)
    }

    #[test]
    fn domains_are_lower_cased_converted_to_ascii_and_refused_with_a_reason() {
        assert_eq!(parse_domain(" App.Agency.COM. "), Ok("app.agency.com".into()));
        assert_eq!(parse_domain("crm.bücher.de"), Ok("crm.xn--bcher-kva.de".into()));
        assert!(refused("*.agency.com").contains("wildcard"));
        assert!(refused("203.0.113.7").contains("IP address"));
        assert!(refused("[2001:db8::1]").contains("IP address"));
        assert!(refused("1.2.3").contains("IP address"));
        assert!(refused("localhost").contains("two labels"));
        assert!(refused("https://app.agency.com/").contains("without scheme"));
        assert!(refused("app.agency.com:8443").contains("without scheme"));
        assert!(refused("-bad.agency.com").contains("hyphens"));
        assert!(refused("a_b.agency.com").contains("hyphens"));
        assert!(parse_domain(&format!("{}.com", "a".repeat(64))).is_err());
        assert!(refused(&format!("{}com", "abcdefghi.".repeat(26))).contains("253"));
        assert!(parse_domain(&format!("{}com", "abcdefghi.".repeat(25))).is_ok(), "253 characters is the most");
        assert_eq!(parse_domain(""), Err("is required"));
    }

    #[test]
    fn the_pattern_in_the_schema_matches_only_what_the_parser_takes() {
        let re = regex::Regex::new(DOMAIN_PATTERN).expect("pattern");
        for ok in ["app.agency.com", "A-1.b.co.", "x.y"] {
            assert!(re.is_match(ok), "{ok}");
            assert!(parse_domain(ok).is_ok(), "{ok}");
        }
        for bad in ["1.2.3.4", "*.a.com", "a..com", "-a.com", "localhost", "a.com:80"] {
            assert!(!re.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn names_under_a_host_include_the_host_itself_and_nothing_else() {
        assert!(under("parley.app", "parley.app"));
        assert!(under("x.parley.app", "parley.app"));
        assert!(!under("myparley.app", "parley.app"));
        assert!(!under("x.com", ""));
    }

    #[test]
    fn both_records_right_is_verified_by_cname_or_by_addresses() {
        let txt = vec!["other".to_owned(), "parley-verify=t".to_owned()];
        let by_cname = Observed { txt: txt.clone(), cname: vec!["edge.p.test".into()], ..Default::default() };
        assert_eq!(judge("a.test", "t", &name("edge.p.test"), &by_cname), Verdict::Verified);
        let ip: IpAddr = "203.0.113.1".parse().expect("ip");
        let by_ips = Observed { txt: txt.clone(), ips: vec![ip], target_ips: vec![ip], ..Default::default() };
        assert_eq!(judge("a.test", "t", &name("edge.p.test"), &by_ips), Verdict::Verified);
        let by_a = Observed { txt, ips: vec![ip], ..Default::default() };
        assert_eq!(judge("a.test", "t", &Target::Ip(ip), &by_a), Verdict::Verified);
    }

    #[test]
    fn each_wrong_record_is_named_with_what_it_holds() {
        let t = name("edge.p.test");
        let Verdict::Wrong(m) = judge("a.test", "t", &t, &Observed::default()) else { panic!("wrong") };
        assert!(m.contains("no TXT record at _parley-challenge.a.test"), "{m}");
        assert!(m.contains("parley-verify=t"), "{m}");
        assert!(m.contains("a.test has no CNAME, A or AAAA record: create a CNAME to edge.p.test"), "{m}");
        let elsewhere = Observed {
            txt: vec!["parley-verify=old".into()],
            cname: vec!["other.host.test".into()],
            ..Default::default()
        };
        let Verdict::Wrong(m) = judge("a.test", "t", &t, &elsewhere) else { panic!("wrong") };
        assert!(m.contains("holds \"parley-verify=old\", not parley-verify=t"), "{m}");
        assert!(m.contains("a.test is a CNAME to other.host.test, not to edge.p.test"), "{m}");
        let ours: IpAddr = "203.0.113.1".parse().expect("ip");
        let theirs: IpAddr = "198.51.100.9".parse().expect("ip");
        let wrong_ip = Observed {
            txt: vec!["parley-verify=t".into()],
            ips: vec![theirs, ours],
            target_ips: vec![ours],
            ..Default::default()
        };
        let Verdict::Wrong(m) = judge("a.test", "t", &t, &wrong_ip) else { panic!("wrong") };
        assert_eq!(m, "a.test points at 198.51.100.9, 203.0.113.1, not at edge.p.test (203.0.113.1).");
    }

    #[test]
    fn the_records_shown_follow_the_target() {
        let r = records_for("a.test", "tok", &name("edge.p.test"));
        assert_eq!((r[0].kind.as_str(), r[0].name.as_str(), r[0].value.as_str()), ("CNAME", "a.test", "edge.p.test"));
        assert_eq!(
            (r[1].kind.as_str(), r[1].name.as_str(), r[1].value.as_str()),
            ("TXT", "_parley-challenge.a.test", "parley-verify=tok")
        );
        let r = records_for("a.test", "tok", &Target::Ip("2001:db8::1".parse().expect("ip")));
        assert_eq!((r[0].kind.as_str(), r[0].value.as_str()), ("AAAA", "2001:db8::1"));
    }

    #[test]
    fn tls_questions_are_limited_per_address_and_second() {
        let rt = DomainsRuntime::default();
        let a: IpAddr = "198.51.100.1".parse().expect("ip");
        let b: IpAddr = "198.51.100.2".parse().expect("ip");
        // The window is one wall-clock second; start at the beginning of one so the count is not split.
        while std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_millis()) > 500
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        let allowed = (0..30).filter(|_| rt.take_ask(Some(a))).count();
        assert_eq!(allowed, ASK_PER_SECOND as usize);
        assert!(rt.take_ask(Some(b)), "another address has its own budget");
    }
}
