//! Which brand a workspace or a host shows, and the per-node cache of the answers. A workspace shows its own brand
//! when it may brand (an agency, or a plan with `customBranding`), else its agency's, else the platform's. A host
//! shows the brand of the workspace owning it as an active custom domain; the platform's own host and unknown hosts
//! show the default. Resolution reads across workspaces (a client's agency), so it goes through the named system
//! path `repo::platform::brands`. Answers are cached for a minute per host and per workspace; a change clears this
//! node's cache at once and the other nodes' through Redis pub/sub.

use super::{DEFAULT_ACCENT, DEFAULT_PRIMARY, ResolvedBrand};
use crate::invalidation::TtlCache;
use crate::{Core, DbResultExt, Result};
use parley_store::repo::platform::brands::{self as system, BrandFacts, BrandRow};
use std::time::Duration;
use uuid::Uuid;

/// How long a resolved brand is kept without a change being announced (a missed announcement heals by then).
const TTL: Duration = Duration::from_secs(60);
/// Entries per map: requests may carry any `Host`, and each unknown one would otherwise stay for a minute.
const MAX_ENTRIES: usize = 2048;
/// The Redis channel announcing changes: `<node id> <tenant id>`.
pub const CHANNEL: &str = "parley:brand:changed";

/// This node's resolved brands by host and by workspace.
pub struct BrandCache {
    hosts: TtlCache<String, ResolvedBrand>,
    tenants: TtlCache<Uuid, ResolvedBrand>,
}

impl Default for BrandCache {
    fn default() -> Self {
        Self { hosts: TtlCache::new(TTL, MAX_ENTRIES), tenants: TtlCache::new(TTL, MAX_ENTRIES) }
    }
}

impl BrandCache {
    /// Forgets every answer. Brands are few and rarely change, and one change can reach many entries (an agency's
    /// clients, a host that becomes a custom domain), so all of them go.
    pub fn clear(&self) {
        self.hosts.clear();
        self.tenants.clear();
    }
}

/// `Host` as a domain: lower case, without port or trailing dot.
pub fn normalize_host(host: &str) -> String {
    let host = host.trim();
    let host = if host.starts_with('[') {
        // An IPv6 literal, `[::1]:8080`.
        host.split(']').next().map(|h| format!("{h}]")).unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or_default().to_owned()
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// The platform's own host, from its public URL.
fn platform_host(public_url: &str) -> String {
    url::Url::parse(public_url).ok().and_then(|u| u.host_str().map(normalize_host)).unwrap_or_default()
}

/// Whether a workspace's own brand row is in force: an agency, or a plan with custom branding. Without a plan
/// nothing is limited, except for an agency's client, whose plan comes from its agency's offer.
pub(crate) fn may_brand(f: &BrandFacts) -> bool {
    f.is_agency || f.plan_custom_branding == Some(true) || (f.plan_custom_branding.is_none() && f.agency_id.is_none())
}

/// Whether a workspace branding itself may turn "powered by" off: an agency if the platform allows it, a client
/// if its agency may, a workspace branding by its plan always (white labelling is what the plan sells).
pub(crate) fn may_remove_powered_by(f: &BrandFacts) -> bool {
    if f.is_agency {
        f.may_remove_powered_by
    } else if f.agency_id.is_some() {
        f.agency_may_remove_powered_by
    } else {
        true
    }
}

/// Whether a workspace branding itself may send from its own (verified) address.
pub(crate) fn may_use_own_sender(f: &BrandFacts) -> bool {
    if f.is_agency {
        f.may_use_own_sender
    } else if f.agency_id.is_some() {
        f.agency_may_use_own_sender
    } else {
        true
    }
}

impl Core {
    fn public_base(&self) -> String {
        self.cfg.public_url.trim_end_matches('/').to_owned()
    }

    /// The platform's own brand.
    pub fn default_brand(&self) -> ResolvedBrand {
        ResolvedBrand {
            owner_tenant_id: None,
            product_name: self.cfg.site.name.clone(),
            primary_color: DEFAULT_PRIMARY.into(),
            accent_color: DEFAULT_ACCENT.into(),
            logo_light_url: None,
            logo_dark_url: None,
            favicon_url: None,
            login_image_url: None,
            login_title: None,
            login_text: None,
            support_email: None,
            support_url: None,
            terms_url: None,
            privacy_url: None,
            powered_by: false,
            base_url: self.public_base(),
            mail_from_name: self.cfg.site.name.clone(),
            mail_from_address: None,
            default_language: self.cfg.site.language,
            version: 0,
        }
    }

    fn brand_from_row(&self, row: BrandRow, may_remove_powered_by: bool, may_send: bool) -> ResolvedBrand {
        let base_url = row.domain.as_deref().map_or_else(|| self.public_base(), |d| format!("https://{d}"));
        let asset = |kind: &str| {
            row.asset_kinds
                .iter()
                .any(|k| k == kind)
                .then(|| format!("{base_url}/api/v1/brand/assets/{}/{kind}?v={}", row.tenant_id, row.version))
        };
        // A brand that names no product shows the install's name, as the platform's own brand does.
        let product_name = row.product_name.clone().unwrap_or_else(|| self.cfg.site.name.clone());
        ResolvedBrand {
            owner_tenant_id: Some(row.tenant_id),
            logo_light_url: asset("logo_light"),
            logo_dark_url: asset("logo_dark"),
            favicon_url: asset("favicon"),
            login_image_url: asset("login_image"),
            primary_color: row.primary_color.unwrap_or_else(|| DEFAULT_PRIMARY.into()),
            accent_color: row.accent_color.unwrap_or_else(|| DEFAULT_ACCENT.into()),
            login_title: row.login_title,
            login_text: row.login_text,
            support_email: row.support_email,
            support_url: row.support_url,
            terms_url: row.terms_url,
            privacy_url: row.privacy_url,
            powered_by: row.powered_by || !may_remove_powered_by,
            mail_from_name: row.mail_from_name.unwrap_or_else(|| product_name.clone()),
            mail_from_address: row.mail_from_address.filter(|_| may_send && row.mail_sender_status == "verified"),
            product_name,
            base_url,
            default_language: self.cfg.site.language,
            version: row.version,
        }
    }

    /// The brand, and whether the workspace was found: a workspace not committed yet (an agency's client asked
    /// for inside the transaction creating it) gets the default, which must not be cached for it.
    async fn resolve_tenant(&self, tenant: Uuid) -> Result<(ResolvedBrand, bool)> {
        let Some(f) = system::facts(&self.db, tenant).await.db()? else { return Ok((self.default_brand(), false)) };
        if may_brand(&f)
            && let Some(row) = system::brand(&self.db, tenant).await.db()?
        {
            return Ok((self.brand_from_row(row, may_remove_powered_by(&f), may_use_own_sender(&f)), true));
        }
        if let Some(agency) = f.agency_id.filter(|_| f.agency_is_agency)
            && let Some(row) = system::brand(&self.db, agency).await.db()?
        {
            return Ok((self.brand_from_row(row, f.agency_may_remove_powered_by, f.agency_may_use_own_sender), true));
        }
        Ok((self.default_brand(), true))
    }

    /// The brand workspace `tenant` shows: its own if it may brand and has one, else its agency's, else the
    /// platform's. Cached for a minute; `invalidate_brand` clears it.
    pub(crate) async fn brand_for_tenant(&self, tenant: Uuid) -> Result<ResolvedBrand> {
        if let Some(b) = self.brands.tenants.get(&tenant) {
            return Ok(b);
        }
        let generation = self.brands.tenants.generation();
        let (brand, found) = self.resolve_tenant(tenant).await?;
        if found {
            self.brands.tenants.put(tenant, generation, brand.clone());
        }
        Ok(brand)
    }

    /// The brand for a request's `Host`: the brand of the workspace owning it as an active, verified custom domain;
    /// the platform's own host, addresses and unknown hosts get the default. Cached for a minute.
    pub(crate) async fn brand_for_host(&self, host: &str) -> Result<ResolvedBrand> {
        let host = normalize_host(host);
        if host.is_empty() || host == platform_host(&self.cfg.public_url) || !host.contains('.') {
            return Ok(self.default_brand());
        }
        if let Some(b) = self.brands.hosts.get(&host) {
            return Ok(b);
        }
        let generation = self.brands.hosts.generation();
        let brand = match system::tenant_of_domain(&self.db, &host).await.db()? {
            Some(tenant) => self.resolve_tenant(tenant).await?.0,
            None => self.default_brand(),
        };
        self.brands.hosts.put(host, generation, brand.clone());
        Ok(brand)
    }

    /// Clears this node's cache and tells the other nodes to clear theirs; `subject` (the workspace or plan that
    /// changed) only names the change in the announcement and the log.
    pub(crate) async fn invalidate_brand(&self, subject: Uuid) {
        self.brands.clear();
        crate::invalidation::announce(&self.redis, CHANNEL, self.node_id, &subject.to_string()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_compared_without_port_case_or_trailing_dot() {
        assert_eq!(normalize_host("App.Agency.com:8443"), "app.agency.com");
        assert_eq!(normalize_host("app.agency.com."), "app.agency.com");
        assert_eq!(normalize_host("[::1]:8080"), "[::1]");
        assert_eq!(platform_host("https://crm.example.com/"), "crm.example.com");
    }

    fn facts(is_agency: bool, agency: bool, plan: Option<bool>) -> BrandFacts {
        BrandFacts {
            tenant_id: Uuid::nil(),
            agency_id: agency.then(Uuid::nil),
            is_agency,
            may_remove_powered_by: false,
            may_use_own_sender: false,
            agency_is_agency: agency,
            agency_may_remove_powered_by: true,
            agency_may_use_own_sender: false,
            plan_custom_branding: plan,
        }
    }

    #[test]
    fn who_may_brand_follows_agency_and_plan() {
        assert!(may_brand(&facts(true, false, Some(false))), "an agency brands whatever its plan");
        assert!(may_brand(&facts(false, false, Some(true))), "a plan with custom branding");
        assert!(!may_brand(&facts(false, false, Some(false))), "a plan without it");
        assert!(may_brand(&facts(false, false, None)), "no plan: nothing is limited");
        assert!(!may_brand(&facts(false, true, None)), "a client without a plan inherits its agency's");
        assert!(may_brand(&facts(false, true, Some(true))), "a client whose plan has it");
        assert!(!may_remove_powered_by(&facts(true, false, None)), "an agency only when the platform allows");
        assert!(may_remove_powered_by(&facts(false, true, Some(true))), "a client when its agency may");
    }
}
