//! A workspace's optional IP allow-list for signing in and for API keys: parsing and matching addresses against
//! networks (IPv4 and IPv6), the check the sign-in and API-key paths make, and the owner's settings. Must not know
//! about HTTP: the caller's address arrives in `ClientInfo`, already decided by the HTTP layer's proxy rules.

use crate::ctx::{ClientInfo, TenantCtx};
use crate::identity::auth::AuthService;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use ipnet::IpNet;
use parley_domain::{FieldError, TenantId};
use parley_store::repo;
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use utoipa::ToSchema;

/// Most entries a list may hold: enough for offices and VPN exits, small enough to read on every keyed request.
pub const MAX_ENTRIES: usize = 100;

/// Networks an address must fall in; empty allows every address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IpAllowList(Vec<IpNet>);

impl IpAllowList {
    /// Parses what an owner typed: addresses (`203.0.113.7`, `2001:db8::1`) or networks (`10.0.0.0/8`,
    /// `2001:db8::/32`). A network written with host bits (`192.168.1.5/24`) means its network (`192.168.1.0/24`).
    /// Every bad entry is reported, by its position.
    pub fn parse(entries: &[String]) -> std::result::Result<Self, Vec<FieldError>> {
        let mut nets = Vec::new();
        let mut errors = Vec::new();
        for (i, raw) in entries.iter().enumerate() {
            match parse_entry(raw) {
                Some(net) if !nets.contains(&net) => nets.push(net),
                Some(_) => {}
                None => errors.push(FieldError::new(
                    format!("entries[{i}]"),
                    format!("`{}` is not an IP address or a network such as 203.0.113.0/24", raw.trim()),
                )),
            }
        }
        if entries.len() > MAX_ENTRIES {
            errors.push(FieldError::new("entries", format!("at most {MAX_ENTRIES} entries")));
        }
        if errors.is_empty() { Ok(Self(nets)) } else { Err(errors) }
    }

    /// The stored list (written by `parse`, so nothing is dropped in practice).
    fn stored(entries: &[String]) -> Self {
        Self(entries.iter().filter_map(|e| parse_entry(e)).collect())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `ip` may pass. An IPv4 address seen as IPv6 (`::ffff:203.0.113.7`, a dual-stack socket) is
    /// matched as the IPv4 address it is.
    pub fn allows(&self, ip: IpAddr) -> bool {
        self.is_empty() || self.contains(ip)
    }

    /// Whether one of the networks holds `ip` (false for an empty list).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(&ip))
    }

    /// The networks in their canonical text (`10.0.0.0/8`, `203.0.113.7/32`), as stored.
    pub fn entries(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

fn parse_entry(raw: &str) -> Option<IpNet> {
    let s = raw.trim();
    if s.contains('/') {
        s.parse::<IpNet>().ok().map(|n| n.trunc())
    } else {
        s.parse::<IpAddr>().ok().map(|a| IpNet::from(a.to_canonical()))
    }
}

fn not_allowed(ip: Option<&str>) -> DomainError {
    DomainError::Blocked {
        code: "ip_not_allowed",
        message: format!(
            "This workspace accepts sign-ins and API keys only from the addresses its owner allowed; {} is not one \
             of them.",
            ip.unwrap_or("your address (unknown)")
        ),
    }
}

/// Refuses a caller whose address is outside a non-empty list. An unknown address is refused too: a list exists
/// to name who may pass, and "unknown" is not on it.
pub(crate) fn check(stored: &[String], client: &ClientInfo) -> Result<()> {
    let list = IpAllowList::stored(stored);
    if list.is_empty() {
        return Ok(());
    }
    match client.ip.as_deref().and_then(|ip| ip.parse::<IpAddr>().ok()) {
        Some(ip) if list.allows(ip) => Ok(()),
        _ => Err(not_allowed(client.ip.as_deref())),
    }
}

impl Core {
    /// The sign-in check: every path that issues tokens for a workspace (sign-in, refresh, switch, invitation,
    /// password change) passes here. `None` is a platform admin outside any workspace: nothing to check.
    pub(crate) async fn ip_allowed(&self, tenant: Option<uuid::Uuid>, client: &ClientInfo) -> Result<()> {
        let Some(tenant) = tenant else { return Ok(()) };
        let tx = self.db.tenant_tx(TenantId(tenant)).await.db()?;
        let stored = repo::platform::tenants::ip_allowlist(&tx).await.db()?;
        tx.commit().await.db()?;
        check(&stored, client)
    }
}

/// The workspace's allow-list as the owner sees it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IpAllowlistSettings {
    /// Networks in canonical form (a single address is `/32` or `/128`); empty: every address may sign in.
    pub entries: Vec<String>,
    /// The address this request came from, as the server sees it (behind a proxy: as configured to trust it).
    pub your_ip: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateIpAllowlistInput {
    /// Addresses or networks, IPv4 or IPv6 (`203.0.113.7`, `10.0.0.0/8`, `2001:db8::/32`); at most 100. An empty
    /// list turns the restriction off. A list that leaves out the caller's own address is refused
    /// (`409 would_lock_you_out`). The pattern documents the plain forms (IPv4 with an optional prefix, IPv6 written
    /// in full); compressed IPv6 (`2001:db8::/32`) is accepted too.
    #[schema(
        max_items = 100,
        pattern = r"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}(/(3[0-2]|[12]?[0-9]))?|([0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))?)$"
    )]
    pub entries: Vec<String>,
}

impl AuthService {
    pub async fn ip_allowlist(&self, t: &TenantCtx) -> Result<IpAllowlistSettings> {
        let (tx, actor) = self.0.begin(t, Role::Owner).await?;
        let entries = repo::platform::tenants::ip_allowlist(&tx).await.db()?;
        tx.commit().await.db()?;
        Ok(IpAllowlistSettings { entries, your_ip: actor.client.ip })
    }

    /// Replaces the list (owners only). Refuses a list that would shut out the owner saving it: they would lose
    /// the workspace at their next sign-in, with no one able to undo it from inside.
    pub async fn set_ip_allowlist(&self, t: &TenantCtx, input: UpdateIpAllowlistInput) -> Result<IpAllowlistSettings> {
        let (tx, actor) = self.0.begin(t, Role::Owner).await?;
        let list = IpAllowList::parse(&input.entries).map_err(DomainError::Validation)?;
        if !list.is_empty() {
            let own = actor.client.ip.as_deref().and_then(|ip| ip.parse::<IpAddr>().ok());
            if !own.is_some_and(|ip| list.allows(ip)) {
                // The list is well formed; it is the caller's own address that makes it refused: a state, not input.
                return Err(DomainError::Conflict {
                    code: "would_lock_you_out",
                    message: format!(
                        "This list leaves out your own address ({}); add it, or you could not sign in again.",
                        actor.client.ip.as_deref().unwrap_or("unknown")
                    ),
                });
            }
        }
        let before = repo::platform::tenants::ip_allowlist(&tx).await.db()?;
        let entries = list.entries();
        repo::platform::tenants::set_ip_allowlist(&tx, entries.clone()).await.db()?;
        self.0
            .audit_ctx(
                &tx,
                &actor,
                "security.ip_allowlist_changed",
                "tenant",
                actor.tenant_id,
                serde_json::json!({ "before": before, "after": entries }),
            )
            .await?;
        tx.commit().await.db()?;
        Ok(IpAllowlistSettings { entries, your_ip: actor.client.ip })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[&str]) -> IpAllowList {
        IpAllowList::parse(&entries.iter().map(|s| s.to_string()).collect::<Vec<_>>()).expect("valid list")
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn an_empty_list_allows_every_address() {
        assert!(list(&[]).allows(ip("198.51.100.1")));
        assert!(list(&[]).allows(ip("2001:db8::1")));
    }

    #[test]
    fn ipv4_networks_contain_their_addresses_and_nothing_else() {
        let l = list(&["10.0.0.0/8", "203.0.113.7"]);
        assert!(l.allows(ip("10.255.0.1")));
        assert!(l.allows(ip("203.0.113.7")));
        assert!(!l.allows(ip("203.0.113.8")));
        assert!(!l.allows(ip("11.0.0.1")));
        assert!(!l.allows(ip("2001:db8::1")));
    }

    #[test]
    fn ipv6_networks_contain_their_addresses_and_nothing_else() {
        let l = list(&["2001:db8:abcd::/48", "2001:db8::1"]);
        assert!(l.allows(ip("2001:db8:abcd:12::5")));
        assert!(l.allows(ip("2001:db8::1")));
        assert!(!l.allows(ip("2001:db8::2")));
        assert!(!l.allows(ip("2001:db8:abce::1")));
        assert!(!l.allows(ip("10.0.0.1")));
    }

    #[test]
    fn an_ipv4_address_seen_through_a_dual_stack_socket_matches_its_ipv4_network() {
        assert!(list(&["192.0.2.0/24"]).allows(ip("::ffff:192.0.2.9")));
        assert!(list(&["::ffff:192.0.2.9"]).allows(ip("192.0.2.9")));
    }

    #[test]
    fn host_bits_in_a_network_mean_the_network_and_entries_are_canonical() {
        let l = list(&[" 192.168.1.5/24 ", "203.0.113.7", "2001:DB8::1", "10.0.0.0/8", "10.0.0.0/8"]);
        assert_eq!(l.entries(), ["192.168.1.0/24", "203.0.113.7/32", "2001:db8::1/128", "10.0.0.0/8"]);
    }

    #[test]
    fn every_invalid_entry_is_named_by_its_position() {
        let entries: Vec<String> =
            ["10.0.0.0/8", "10.0.0.0/33", "example.com", "", "2001:db8::/129", "1.2.3"].map(String::from).into();
        let errors = IpAllowList::parse(&entries).expect_err("invalid entries");
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["entries[1]", "entries[2]", "entries[3]", "entries[4]", "entries[5]"]);
    }

    #[test]
    fn more_than_the_maximum_is_refused() {
        let entries: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("10.0.{}.{}", i / 256, i % 256)).collect();
        assert!(IpAllowList::parse(&entries).is_err());
    }

    #[test]
    fn the_check_refuses_outside_and_unknown_addresses_only_when_a_list_is_set() {
        let at = |ip: Option<&str>| ClientInfo { ip: ip.map(str::to_owned), user_agent: None };
        let stored = vec!["203.0.113.0/24".to_owned()];
        assert!(check(&stored, &at(Some("203.0.113.9"))).is_ok());
        assert!(matches!(
            check(&stored, &at(Some("198.51.100.1"))),
            Err(DomainError::Blocked { code: "ip_not_allowed", .. })
        ));
        assert!(check(&stored, &at(None)).is_err());
        assert!(check(&[], &at(None)).is_ok());
    }
}
