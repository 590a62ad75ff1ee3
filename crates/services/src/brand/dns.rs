//! DNS lookups for custom domains and mail senders: TXT, CNAME, A and AAAA questions to the system's nameservers or
//! to one named in configuration (`domains.resolver`), with short timeouts and no cache kept between lookups, so a
//! record the customer fixes shows at the next check. No DNSSEC, no encrypted transports: the answers only decide
//! what Parley serves, and the TXT token proves control of the zone.
//!
//! "No such name" and "no record of that type" are answers (an empty list), not errors; an error means no answer
//! came (timeout, refused, server failure), and callers keep the previous verdict.

use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts};
use hickory_resolver::net::NetError;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use hickory_resolver::{Resolver as Hickory, TokioResolver};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

/// Where questions go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Nameserver {
    /// The system's resolvers (`/etc/resolv.conf`).
    #[default]
    System,
    /// One nameserver, asked over UDP and then TCP.
    At(SocketAddr),
}

impl Nameserver {
    /// `system`, `host:port`, `[v6]:port` or a bare address (port 53).
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() || raw.eq_ignore_ascii_case("system") {
            return Ok(Self::System);
        }
        if let Ok(ip) = raw.parse::<IpAddr>() {
            return Ok(Self::At(SocketAddr::new(ip, 53)));
        }
        if let Ok(addr) = raw.parse::<SocketAddr>() {
            return Ok(Self::At(addr));
        }
        // A host name with a port, resolved once now (the system resolver is fine for finding the nameserver).
        let first = raw.to_socket_addrs().ok().and_then(|mut a| a.next());
        first.map(Self::At).ok_or_else(|| format!("{raw:?} is neither \"system\" nor host:port of a nameserver"))
    }
}

/// A lookup that got no answer; the message says which question and why, for people to read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LookupError(pub String);

/// One timeout per question: a check asks a handful at once and must answer a person waiting on "Check now".
const TIMEOUT: Duration = Duration::from_secs(2);

/// The resolver. Cheap to clone; build one per configuration and keep it.
#[derive(Clone)]
pub struct Resolver {
    inner: Result<Arc<TokioResolver>, String>,
    nameserver: Nameserver,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver").field("nameserver", &self.nameserver).finish_non_exhaustive()
    }
}

impl Default for Resolver {
    fn default() -> Self {
        Self::new(&Nameserver::System)
    }
}

impl Resolver {
    /// A resolver asking `nameserver`. When the system's configuration cannot be read, every lookup answers that
    /// error instead (the server still starts; domain checks say why they fail).
    pub fn new(nameserver: &Nameserver) -> Self {
        let built = match nameserver {
            Nameserver::System => {
                hickory_resolver::system_conf::read_system_conf().map_err(|e| e.to_string()).map(|(config, _)| config)
            }
            Nameserver::At(addr) => {
                let connections = [ConnectionConfig::udp(), ConnectionConfig::tcp()]
                    .into_iter()
                    .map(|mut c| {
                        c.port = addr.port();
                        c
                    })
                    .collect();
                Ok(ResolverConfig::from_name_servers(vec![NameServerConfig::new(addr.ip(), true, connections)]))
            }
        };
        let inner = built
            .and_then(|config| {
                Hickory::builder_with_config(config, TokioRuntimeProvider::default())
                    .with_options(options())
                    .build()
                    .map_err(|e| e.to_string())
            })
            .map(Arc::new)
            .map_err(|e| format!("the DNS resolver is not configured: {e}"));
        Self { inner, nameserver: nameserver.clone() }
    }

    pub fn nameserver(&self) -> &Nameserver {
        &self.nameserver
    }

    /// The TXT values at `name`, each record's strings joined (as SPF and verification tokens are read).
    pub async fn txt(&self, name: &str) -> Result<Vec<String>, LookupError> {
        self.ask(name, RecordType::TXT, |d| match d {
            RData::TXT(t) => Some(t.txt_data.iter().map(|s| String::from_utf8_lossy(s)).collect::<String>()),
            _ => None,
        })
        .await
    }

    /// Where `name` is a CNAME to: lower-case names without the final dot (empty: not a CNAME).
    pub async fn cname(&self, name: &str) -> Result<Vec<String>, LookupError> {
        self.ask(name, RecordType::CNAME, |d| match d {
            RData::CNAME(c) => Some(plain_name(&c.0)),
            _ => None,
        })
        .await
    }

    /// The IPv4 addresses of `name`, after any CNAME chain.
    pub async fn a(&self, name: &str) -> Result<Vec<Ipv4Addr>, LookupError> {
        self.ask(name, RecordType::A, |d| match d {
            RData::A(a) => Some(a.0),
            _ => None,
        })
        .await
    }

    /// The IPv6 addresses of `name`, after any CNAME chain.
    pub async fn aaaa(&self, name: &str) -> Result<Vec<Ipv6Addr>, LookupError> {
        self.ask(name, RecordType::AAAA, |d| match d {
            RData::AAAA(a) => Some(a.0),
            _ => None,
        })
        .await
    }

    /// Every address of `name` (A and AAAA, asked together), sorted.
    pub async fn ips(&self, name: &str) -> Result<Vec<IpAddr>, LookupError> {
        let (v4, v6) = tokio::join!(self.a(name), self.aaaa(name));
        let mut ips: Vec<IpAddr> = v4?.into_iter().map(IpAddr::V4).chain(v6?.into_iter().map(IpAddr::V6)).collect();
        ips.sort();
        ips.dedup();
        Ok(ips)
    }

    async fn ask<T>(
        &self,
        name: &str,
        kind: RecordType,
        pick: impl Fn(&RData) -> Option<T>,
    ) -> Result<Vec<T>, LookupError> {
        let resolver = self.inner.as_ref().map_err(|e| LookupError(e.clone()))?;
        let mut fqdn = Name::from_str_relaxed(name.trim().trim_end_matches('.'))
            .map_err(|_| LookupError(format!("{name:?} is not a domain name")))?;
        fqdn.set_fqdn(true);
        match resolver.lookup(fqdn, kind).await {
            Ok(lookup) => {
                Ok(lookup.answers().iter().filter(|r| r.record_type() == kind).filter_map(|r| pick(&r.data)).collect())
            }
            Err(e) if e.is_no_records_found() => Ok(vec![]),
            Err(e) => Err(LookupError(describe(name, kind, &e))),
        }
    }
}

fn options() -> ResolverOpts {
    let mut o = ResolverOpts::default();
    o.timeout = TIMEOUT;
    o.attempts = 1;
    o.try_tcp_on_error = true;
    // Nothing kept between lookups: a record fixed a minute ago must count at the next check.
    o.cache_size = 0;
    o.positive_max_ttl = Some(Duration::ZERO);
    o.negative_max_ttl = Some(Duration::ZERO);
    // Only DNS decides: a hosts file on the server says nothing about a customer's zone.
    o.use_hosts_file = ResolveHosts::Never;
    o.ndots = 0;
    o
}

fn plain_name(n: &Name) -> String {
    n.to_ascii().trim_end_matches('.').to_ascii_lowercase()
}

fn describe(name: &str, kind: RecordType, e: &NetError) -> String {
    let why = match e {
        NetError::Timeout => "no answer within 2 seconds".to_owned(),
        NetError::Dns(d) => format!("the nameserver answered with an error ({d})"),
        other => other.to_string(),
    };
    format!("The {kind} lookup of {name} failed: {why}.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_dns_sim::{DnsSim, Record};

    async fn sim() -> (DnsSim, Resolver) {
        let sim = DnsSim::start("127.0.0.1:0".parse().expect("addr")).await.expect("DNS simulator");
        let r = Resolver::new(&Nameserver::At(sim.addr()));
        (sim, r)
    }

    #[test]
    fn nameservers_parse_from_configuration() {
        assert_eq!(Nameserver::parse("system"), Ok(Nameserver::System));
        assert_eq!(Nameserver::parse(""), Ok(Nameserver::System));
        assert_eq!(Nameserver::parse("127.0.0.1:5353"), Ok(Nameserver::At("127.0.0.1:5353".parse().expect("addr"))));
        assert_eq!(Nameserver::parse("10.0.0.2"), Ok(Nameserver::At("10.0.0.2:53".parse().expect("addr"))));
        assert_eq!(
            Nameserver::parse("[2001:db8::1]:53"),
            Ok(Nameserver::At("[2001:db8::1]:53".parse().expect("addr")))
        );
        assert!(Nameserver::parse("not a server").is_err());
    }

    #[tokio::test]
    async fn txt_cname_and_addresses_come_back_as_the_zone_holds_them() {
        let (sim, r) = sim().await;
        sim.set_records("_parley-challenge.app.example.test", vec![Record::Txt("parley-verify=t0k".into())]);
        sim.set_records("app.example.test", vec![Record::Cname("Edge.Parley.Test".into())]);
        sim.set_records(
            "edge.parley.test",
            vec![Record::Aaaa("2001:db8::5".parse().expect("ip")), Record::A("203.0.113.5".parse().expect("ip"))],
        );
        assert_eq!(r.txt("_parley-challenge.app.example.test").await, Ok(vec!["parley-verify=t0k".to_owned()]));
        assert_eq!(r.cname("app.example.test.").await, Ok(vec!["edge.parley.test".to_owned()]));
        let ips: Vec<IpAddr> = vec!["203.0.113.5".parse().expect("ip"), "2001:db8::5".parse().expect("ip")];
        assert_eq!(r.ips("app.example.test").await, Ok(ips.clone()));
        assert_eq!(r.ips("edge.parley.test").await, Ok(ips));
    }

    #[tokio::test]
    async fn no_such_name_or_type_is_an_empty_answer_and_a_fix_shows_at_the_next_lookup() {
        let (sim, r) = sim().await;
        assert_eq!(r.txt("missing.example.test").await, Ok(vec![]));
        sim.set_records("x.example.test", vec![Record::A("198.51.100.9".parse().expect("ip"))]);
        assert_eq!(r.txt("x.example.test").await, Ok(vec![]));
        assert_eq!(r.cname("x.example.test").await, Ok(vec![]));
        sim.set_records("x.example.test", vec![Record::Txt("fixed".into())]);
        assert_eq!(r.txt("x.example.test").await, Ok(vec!["fixed".to_owned()]), "nothing cached");
    }

    #[tokio::test]
    async fn a_nameserver_that_never_answers_is_an_error_within_seconds() {
        // A bound UDP socket that reads nothing: questions are never answered.
        let silent = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
        let r = Resolver::new(&Nameserver::At(silent.local_addr().expect("addr")));
        let started = std::time::Instant::now();
        let err = r.txt("example.test").await.expect_err("no answer");
        assert!(err.0.contains("TXT lookup of example.test failed"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(8), "took {:?}", started.elapsed());
    }
}
