//! The SSRF-guarded HTTP client behind flows' "HTTP request" and "webhook" nodes: which URLs, methods,
//! headers and addresses a flow may reach, checked on the literal URL, on every redirect hop and on the
//! address DNS resolves to at connect time (so DNS rebinding cannot reach an internal host), with size and
//! time limits. Knows nothing of flows, the store or axum.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::redirect;
use serde::{Deserialize, Serialize};
use url::{Host, Url};

/// The largest request body a flow may send.
pub const MAX_REQUEST_BODY_BYTES: usize = 64 * 1024;

const METHODS: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/// Headers the client sets itself: a flow cannot override them (`Host` would let a request reach
/// another virtual host than the one checked; the framing headers would desynchronise the connection).
const CLIENT_HEADERS: [&str; 9] = [
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "upgrade",
    "te",
    "trailer",
    "proxy-connection",
];

/// Names refused whatever they resolve to (unless listed in `allow`).
const LOCAL_NAMES: [&str; 4] = ["localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"];
const METADATA_NAMES: [&str; 5] =
    ["metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal"];

const fn v4(a: u8, b: u8, c: u8, d: u8, len: u8) -> Ipv4Net {
    Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), len)
}

#[allow(clippy::too_many_arguments)]
const fn v6(a: u16, b: u16, c: u16, d: u16, e: u16, f: u16, g: u16, h: u16, len: u8) -> Ipv6Net {
    Ipv6Net::new_assert(Ipv6Addr::new(a, b, c, d, e, f, g, h), len)
}

/// IPv4 ranges a flow may not reach, most specific first.
const REFUSED_V4: [(Ipv4Net, &str); 17] = [
    (v4(0, 0, 0, 0, 32), "the unspecified address"),
    (v4(0, 0, 0, 0, 8), "a \"this network\" address"),
    (v4(10, 0, 0, 0, 8), "a private address"),
    (v4(100, 64, 0, 0, 10), "a shared (CGNAT) address"),
    (v4(127, 0, 0, 0, 8), "a loopback address"),
    (v4(169, 254, 169, 254, 32), "a link-local (cloud metadata) address"),
    (v4(169, 254, 0, 0, 16), "a link-local address"),
    (v4(172, 16, 0, 0, 12), "a private address"),
    (v4(192, 0, 0, 0, 24), "an IETF protocol address"),
    (v4(192, 0, 2, 0, 24), "a documentation address"),
    (v4(192, 88, 99, 0, 24), "a 6to4 relay address"),
    (v4(192, 168, 0, 0, 16), "a private address"),
    (v4(198, 18, 0, 0, 15), "a benchmarking address"),
    (v4(198, 51, 100, 0, 24), "a documentation address"),
    (v4(203, 0, 113, 0, 24), "a documentation address"),
    (v4(224, 0, 0, 0, 4), "a multicast address"),
    (v4(255, 255, 255, 255, 32), "the broadcast address"),
];
const RESERVED_V4: Ipv4Net = v4(240, 0, 0, 0, 4);

/// NAT64 and 6to4 addresses carry an IPv4 address and are judged by it.
const NAT64: Ipv6Net = v6(0x64, 0xff9b, 0, 0, 0, 0, 0, 0, 96);
const SIX_TO_FOUR: Ipv6Net = v6(0x2002, 0, 0, 0, 0, 0, 0, 0, 16);

/// IPv6 ranges a flow may not reach, most specific first (IPv4-mapped, NAT64 and 6to4 are handled before).
const REFUSED_V6: [(Ipv6Net, &str); 12] = [
    (v6(0, 0, 0, 0, 0, 0, 0, 0, 128), "the unspecified address"),
    (v6(0, 0, 0, 0, 0, 0, 0, 1, 128), "a loopback address"),
    (v6(0x64, 0xff9b, 1, 0, 0, 0, 0, 0, 48), "a local-use NAT64 address"),
    (v6(0, 0, 0, 0, 0, 0, 0, 0, 8), "a reserved address"),
    (v6(0x100, 0, 0, 0, 0, 0, 0, 0, 64), "a discard-only address"),
    (v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0, 32), "a documentation address"),
    (v6(0x2001, 0, 0, 0, 0, 0, 0, 0, 32), "a Teredo address"),
    (v6(0x3fff, 0, 0, 0, 0, 0, 0, 0, 20), "a documentation address"),
    (v6(0xfc00, 0, 0, 0, 0, 0, 0, 0, 7), "a private (unique local) address"),
    (v6(0xfe80, 0, 0, 0, 0, 0, 0, 0, 10), "a link-local address"),
    (v6(0xfec0, 0, 0, 0, 0, 0, 0, 0, 10), "a site-local address"),
    (v6(0xff00, 0, 0, 0, 0, 0, 0, 0, 8), "a multicast address"),
];

/// Limits and exceptions of the guard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardConfig {
    /// Hosts (exact names, `host:port`) or CIDR ranges a self-hoster allows even though they are private
    /// (e.g. an internal CRM); empty by default. Forms: `crm.internal`, `crm.internal:8443`, `10.0.0.5`,
    /// `10.0.0.5:8080`, `[fd00::5]:8080`, `10.0.0.0/8`, `fd00::/8`. An `ip:port` entry applies to URLs
    /// naming that address; a name resolving to it needs a name entry or a range.
    pub allow: Vec<String>,
    pub max_response_bytes: usize,
    pub default_timeout: Duration,
    pub max_timeout: Duration,
    pub max_redirects: usize,
}

impl Default for GuardConfig {
    fn default() -> Self {
        Self {
            allow: Vec::new(),
            max_response_bytes: 256 * 1024,
            default_timeout: Duration::from_secs(10),
            max_timeout: Duration::from_secs(30),
            max_redirects: 3,
        }
    }
}

/// What a flow asks to send.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboundRequest {
    pub method: String,
    pub url: String,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    #[serde(default)]
    pub body: Option<String>,
    /// Capped by `GuardConfig::max_timeout`; `None` or 0: `GuardConfig::default_timeout`.
    #[serde(default)]
    pub timeout_ms: Option<u64>,
}

/// What came back. A non-2xx answer is not an error: `status` and `body` are set, `error` is `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OutboundResult {
    /// `None` when no response arrived (refused, unreachable, timed out).
    pub status: Option<u16>,
    /// The body parsed as JSON, else the text as a JSON string; `None` when empty or not read.
    pub body: Option<serde_json::Value>,
    /// Why the call failed, for people: `refused: 127.0.0.1 is a loopback address`.
    pub error: Option<String>,
    pub elapsed_ms: u64,
}

/// The client flows use to call out. Cheap to clone (the connection pools are shared).
#[derive(Clone)]
pub struct GuardedClient {
    guard: Arc<Guard>,
    /// Trusts a name only when it is allowed on every port.
    strict: reqwest::Client,
    /// Also trusts names allowed on one port; used only for URLs naming such a host and port.
    scoped: Option<reqwest::Client>,
    max_response_bytes: usize,
    default_timeout: Duration,
    max_timeout: Duration,
}

impl fmt::Debug for GuardedClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuardedClient").field("allow", &self.guard.allow).finish_non_exhaustive()
    }
}

impl GuardedClient {
    /// Fails on an `allow` entry that is not a name, `name:port`, address, `address:port` or CIDR range.
    pub fn new(cfg: GuardConfig) -> anyhow::Result<Self> {
        Self::build(cfg, HashMap::new())
    }

    fn build(cfg: GuardConfig, hosts: HashMap<String, Vec<IpAddr>>) -> anyhow::Result<Self> {
        let guard = Arc::new(Guard { allow: AllowList::parse(&cfg.allow)?, hosts });
        let strict = http_client(&guard, cfg.max_redirects, false)?;
        let scoped =
            if guard.allow.name_ports.is_empty() { None } else { Some(http_client(&guard, cfg.max_redirects, true)?) };
        Ok(Self {
            guard,
            strict,
            scoped,
            max_response_bytes: cfg.max_response_bytes,
            default_timeout: cfg.default_timeout.min(cfg.max_timeout),
            max_timeout: cfg.max_timeout,
        })
    }

    /// The save-time check: the URL parses, is `http` or `https`, and its host is neither a refused
    /// address nor a refused name (`localhost`, cloud metadata). Names are checked again on what they
    /// resolve to when the request is sent.
    pub fn check_url(&self, url: &str) -> Result<Url, String> {
        let url = parse_url(url)?;
        self.guard.check_host(&url, true, false)?;
        Ok(url)
    }

    /// Sends the request. Never panics and never fails: whatever went wrong is in `error`.
    pub async fn send(&self, req: &OutboundRequest) -> OutboundResult {
        let started = Instant::now();
        let timeout = self.timeout_for(req);
        let (status, body, error) = match self.prepare(req, timeout) {
            Err(why) => (None, None, Some(why)),
            Ok(request) => {
                // reqwest's own timeout covers connecting and reading the body; this one only backs it up.
                match tokio::time::timeout(
                    timeout.saturating_add(Duration::from_millis(250)),
                    self.exchange(request, timeout),
                )
                .await
                {
                    Ok(outcome) => outcome,
                    Err(_) => (None, None, Some(timed_out(timeout))),
                }
            }
        };
        if let Some(why) = &error {
            tracing::debug!(url = %req.url, error = %why, "outbound flow request failed");
        }
        OutboundResult {
            status,
            body,
            error,
            elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        }
    }

    fn timeout_for(&self, req: &OutboundRequest) -> Duration {
        req.timeout_ms.filter(|ms| *ms > 0).map_or(self.default_timeout, Duration::from_millis).min(self.max_timeout)
    }

    fn prepare(&self, req: &OutboundRequest, timeout: Duration) -> Result<reqwest::RequestBuilder, String> {
        let method = req.method.trim().to_ascii_uppercase();
        if !METHODS.contains(&method.as_str()) {
            return Err(format!("method {:?} is not allowed (use one of {})", req.method, METHODS.join(", ")));
        }
        let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|_| format!("invalid method {method}"))?;
        let url = parse_url(&req.url)?;
        // Literal addresses never reach the resolver, so they are judged here; names are judged on what
        // they resolve to, at connect time.
        self.guard.check_host(&url, false, false)?;
        let mut headers = HeaderMap::new();
        for (name, value) in &req.headers {
            let name =
                HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| format!("invalid header name {name:?}"))?;
            if CLIENT_HEADERS.contains(&name.as_str()) {
                return Err(format!("the {name} header is set by the client and cannot be changed"));
            }
            let value = HeaderValue::from_str(value).map_err(|_| format!("invalid value for header {name}"))?;
            headers.append(name, value);
        }
        if let Some(body) = &req.body
            && body.len() > MAX_REQUEST_BODY_BYTES
        {
            return Err(format!("request body larger than {MAX_REQUEST_BODY_BYTES} bytes"));
        }
        let client = match (&self.scoped, url.host()) {
            (Some(scoped), Some(Host::Domain(name)))
                if self.guard.allow.name_on_port(&normalize_name(name), url.port_or_known_default()) =>
            {
                scoped
            }
            _ => &self.strict,
        };
        let mut request = client.request(method, url).headers(headers).timeout(timeout);
        if let Some(body) = &req.body {
            request = request.body(body.clone());
        }
        Ok(request)
    }

    async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
        timeout: Duration,
    ) -> (Option<u16>, Option<serde_json::Value>, Option<String>) {
        let mut response = match request.send().await {
            Ok(response) => response,
            Err(e) => return (None, None, Some(describe(&e, timeout))),
        };
        let status = Some(response.status().as_u16());
        let cap = self.max_response_bytes;
        let too_large = || format!("response larger than {cap} bytes");
        if let Some(len) = response.content_length()
            && len > u64::try_from(cap).unwrap_or(u64::MAX)
        {
            return (status, None, Some(too_large()));
        }
        let mut buf: Vec<u8> = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if buf.len() + chunk.len() > cap {
                        return (status, None, Some(too_large()));
                    }
                    buf.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return (status, None, Some(describe(&e, timeout))),
            }
        }
        (status, parse_body(&buf), None)
    }

    /// A client resolving names from a fixed table instead of DNS (the guard still judges every address).
    #[cfg(test)]
    fn with_hosts(cfg: GuardConfig, hosts: &[(&str, &str)]) -> anyhow::Result<Self> {
        let mut table: HashMap<String, Vec<IpAddr>> = HashMap::new();
        for (name, ip) in hosts {
            table.entry((*name).to_owned()).or_default().push(ip.parse()?);
        }
        Self::build(cfg, table)
    }
}

fn http_client(guard: &Arc<Guard>, max_redirects: usize, trust_scoped: bool) -> anyhow::Result<reqwest::Client> {
    let resolver = GuardResolver { guard: guard.clone(), trust_scoped };
    let hops = guard.clone();
    let policy = redirect::Policy::custom(move |attempt| {
        // `previous` starts with the first URL, which is not a redirect.
        if attempt.previous().len() > max_redirects {
            return attempt.error(Reason(format!("stopped after {max_redirects} redirects")));
        }
        let checked = if matches!(attempt.url().scheme(), "http" | "https") {
            hops.check_host(attempt.url(), true, trust_scoped)
        } else {
            Err(format!("refused: a redirect to a non-HTTP URL ({})", attempt.url().scheme()))
        };
        match checked {
            Ok(()) => attempt.follow(),
            Err(why) => attempt.error(Reason(why)),
        }
    });
    Ok(reqwest::Client::builder()
        // A proxy from the environment could reach internal hosts on our behalf.
        .no_proxy()
        .dns_resolver(Arc::new(resolver))
        .redirect(policy)
        .referer(false)
        .user_agent(concat!("Parley/", env!("CARGO_PKG_VERSION")))
        .pool_idle_timeout(Duration::from_secs(30))
        .build()?)
}

/// A message of ours travelling through reqwest's error chain, shown to people as is.
#[derive(Debug)]
struct Reason(String);

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for Reason {}

type BoxError = Box<dyn StdError + Send + Sync>;

/// Resolves names and keeps only the addresses the guard accepts; fails when none is left.
struct GuardResolver {
    guard: Arc<Guard>,
    trust_scoped: bool,
}

impl Resolve for GuardResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = self.guard.clone();
        let trust_scoped = self.trust_scoped;
        let host = normalize_name(name.as_str());
        Box::pin(async move {
            let trusted = guard.allow.name_trusted(&host, trust_scoped);
            let addrs = match guard.lookup(&host).await {
                Ok(addrs) => addrs,
                Err(e) => {
                    return Err(match name_refusal(&host) {
                        Some(label) if !trusted => Box::new(Reason(format!("refused: {host} is {label}"))),
                        _ => e,
                    });
                }
            };
            if trusted {
                return Ok(Box::new(addrs.into_iter()) as Addrs);
            }
            let mut refused = None;
            let kept: Vec<SocketAddr> = addrs
                .into_iter()
                .filter(|addr| match guard.ip_refusal(addr.ip(), None) {
                    None => true,
                    Some(label) => {
                        refused.get_or_insert((addr.ip(), label));
                        false
                    }
                })
                .collect();
            if kept.is_empty() {
                let why = match refused {
                    Some((ip, label)) => format!("refused: {host} resolves to {ip}, {label}"),
                    None => format!("could not resolve {host}: no address"),
                };
                return Err(Box::new(Reason(why)) as BoxError);
            }
            if let Some(label) = name_refusal(&host) {
                return Err(Box::new(Reason(format!("refused: {host} is {label}"))) as BoxError);
            }
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

struct Guard {
    allow: AllowList,
    /// Fixed answers used instead of DNS (tests only; empty otherwise).
    hosts: HashMap<String, Vec<IpAddr>>,
}

impl Guard {
    /// Judges the URL's host: a literal address always; a name against the refused names when `names`.
    /// `scoped_ports`: the client trusts names allowed on one port, so refuse them on any other.
    fn check_host(&self, url: &Url, names: bool, scoped_ports: bool) -> Result<(), String> {
        let port = url.port_or_known_default();
        match url.host() {
            None => Err("the URL has no host".into()),
            Some(Host::Ipv4(ip)) => self.check_ip(IpAddr::V4(ip), port),
            Some(Host::Ipv6(ip)) => self.check_ip(IpAddr::V6(ip), port),
            Some(Host::Domain(name)) => {
                let name = normalize_name(name);
                if self.allow.name_on_port(&name, port) {
                    return Ok(());
                }
                if scoped_ports && self.allow.name_trusted(&name, true) {
                    return Err(format!("refused: {name} is allowed only on the ports listed for it"));
                }
                match name_refusal(&name) {
                    Some(label) if names => Err(format!("refused: {name} is {label}")),
                    _ => Ok(()),
                }
            }
        }
    }

    fn check_ip(&self, ip: IpAddr, port: Option<u16>) -> Result<(), String> {
        match self.ip_refusal(ip, port) {
            None => Ok(()),
            Some(label) => Err(format!("refused: {ip} is {label}")),
        }
    }

    /// Why this address may not be reached (`None`: it may). `port`: the port asked for, when known.
    fn ip_refusal(&self, ip: IpAddr, port: Option<u16>) -> Option<&'static str> {
        let canonical = canonical(ip);
        if self.allow.ip(ip, port) || self.allow.ip(canonical, port) {
            return None;
        }
        classify(canonical)
    }

    async fn lookup(&self, host: &str) -> Result<Vec<SocketAddr>, BoxError> {
        if let Some(ips) = self.hosts.get(host) {
            return Ok(ips.iter().map(|ip| SocketAddr::new(*ip, 0)).collect());
        }
        match tokio::net::lookup_host((host, 0)).await {
            Ok(addrs) => Ok(addrs.collect()),
            Err(e) => Err(Box::new(Reason(format!("could not resolve {host}: {e}")))),
        }
    }
}

#[derive(Debug, Default)]
struct AllowList {
    /// Single addresses and ranges, any port.
    nets: Vec<IpNet>,
    ip_ports: Vec<(IpAddr, u16)>,
    /// Names allowed on every port.
    names: Vec<String>,
    name_ports: Vec<(String, u16)>,
}

impl AllowList {
    fn parse(entries: &[String]) -> anyhow::Result<Self> {
        let mut list = Self::default();
        for raw in entries {
            let entry = raw.trim();
            let bare = entry.strip_prefix('[').and_then(|e| e.strip_suffix(']')).unwrap_or(entry);
            if entry.contains('/') {
                let net = IpNet::from_str(entry)
                    .map_err(|_| anyhow::anyhow!("allow entry {raw:?} is not a valid CIDR range"))?;
                list.nets.push(net.trunc());
            } else if let Ok(ip) = IpAddr::from_str(bare) {
                list.nets.push(IpNet::from(canonical(ip)));
            } else if let Ok(addr) = SocketAddr::from_str(entry) {
                list.ip_ports.push((canonical(addr.ip()), addr.port()));
            } else if let Some((name, port)) = entry.rsplit_once(':') {
                let port: u16 = port.parse().map_err(|_| anyhow::anyhow!("allow entry {raw:?} has an invalid port"))?;
                list.name_ports.push((valid_name(name, raw)?, port));
            } else {
                list.names.push(valid_name(entry, raw)?);
            }
        }
        Ok(list)
    }

    fn ip(&self, ip: IpAddr, port: Option<u16>) -> bool {
        self.nets.iter().any(|net| net.contains(&ip)) || port.is_some_and(|p| self.ip_ports.contains(&(ip, p)))
    }

    /// Allowed on this port (or on every port).
    fn name_on_port(&self, name: &str, port: Option<u16>) -> bool {
        self.names.iter().any(|n| n == name)
            || port.is_some_and(|p| self.name_ports.iter().any(|(n, np)| n == name && *np == p))
    }

    /// Allowed on every port, or on some port when `scoped` (the resolver does not know the port).
    fn name_trusted(&self, name: &str, scoped: bool) -> bool {
        self.names.iter().any(|n| n == name) || (scoped && self.name_ports.iter().any(|(n, _)| n == name))
    }
}

fn valid_name(name: &str, raw: &str) -> anyhow::Result<String> {
    let name = normalize_name(name);
    let ok = !name.is_empty()
        && name.len() <= 253
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        && !name.starts_with('.');
    if ok {
        Ok(name)
    } else {
        anyhow::bail!("allow entry {raw:?} is not a host name, host:port, address or CIDR range")
    }
}

fn normalize_name(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

fn parse_url(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw.trim()).map_err(|e| format!("invalid URL: {e}"))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(format!("refused: only http and https URLs are allowed, not {other}")),
    }
}

fn name_refusal(name: &str) -> Option<&'static str> {
    if LOCAL_NAMES.contains(&name) || name.ends_with(".localhost") {
        Some("a local name")
    } else if METADATA_NAMES.contains(&name) {
        Some("a cloud metadata name")
    } else {
        None
    }
}

/// An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is the IPv4 address it maps to.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

fn classify(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(mapped) = v6.to_ipv4_mapped() {
                return classify_v4(mapped);
            }
            let s = v6.segments();
            if NAT64.contains(&v6) {
                return classify_v4(Ipv4Addr::from((u32::from(s[6]) << 16) | u32::from(s[7])));
            }
            if SIX_TO_FOUR.contains(&v6) {
                return classify_v4(Ipv4Addr::from((u32::from(s[1]) << 16) | u32::from(s[2])));
            }
            REFUSED_V6.iter().find(|(net, _)| net.contains(&v6)).map(|(_, label)| *label)
        }
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<&'static str> {
    REFUSED_V4
        .iter()
        .find(|(net, _)| net.contains(&ip))
        .map(|(_, label)| *label)
        .or_else(|| if RESERVED_V4.contains(&ip) { Some("a reserved address") } else { None })
}

fn parse_body(buf: &[u8]) -> Option<serde_json::Value> {
    if buf.is_empty() {
        return None;
    }
    Some(
        serde_json::from_slice(buf)
            .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(buf).into_owned())),
    )
}

fn timed_out(timeout: Duration) -> String {
    format!("timed out after {} ms", timeout.as_millis())
}

/// Our own reason when there is one in the chain, else a short account of what failed.
fn describe(e: &reqwest::Error, timeout: Duration) -> String {
    let mut source: Option<&(dyn StdError + 'static)> = Some(e);
    let mut innermost: &(dyn StdError + 'static) = e;
    while let Some(s) = source {
        if let Some(reason) = s.downcast_ref::<Reason>() {
            return reason.0.clone();
        }
        innermost = s;
        source = s.source();
    }
    if e.is_timeout() {
        timed_out(timeout)
    } else if e.is_connect() {
        format!("could not connect: {innermost}")
    } else if e.is_redirect() {
        format!("redirect failed: {innermost}")
    } else if e.is_body() || e.is_decode() {
        format!("could not read the response: {innermost}")
    } else {
        format!("request failed: {innermost}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Router;
    use axum::extract::{Path, Query};
    use axum::http::{HeaderMap as AxumHeaders, Method, StatusCode};
    use axum::response::{IntoResponse, Redirect};
    use axum::routing::{any, get};
    use serde_json::json;

    struct Server {
        addr: SocketAddr,
        hits: Arc<AtomicUsize>,
    }

    impl Server {
        fn url(&self, path: &str) -> String {
            format!("http://{}{path}", self.addr)
        }

        fn port(&self) -> u16 {
            self.addr.port()
        }

        fn hits(&self) -> usize {
            self.hits.load(Ordering::SeqCst)
        }
    }

    async fn echo(method: Method, headers: AxumHeaders, body: String) -> impl IntoResponse {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        axum::Json(json!({
            "method": method.as_str(),
            "x_token": header("x-token"),
            "content_type": header("content-type"),
            "user_agent": header("user-agent"),
            "body": body,
        }))
    }

    async fn hop(Path(n): Path<u32>) -> axum::response::Response {
        if n == 0 {
            axum::Json(json!({"arrived": true})).into_response()
        } else {
            Redirect::to(&format!("/hop/{}", n - 1)).into_response()
        }
    }

    async fn redirect(Query(q): Query<HashMap<String, String>>) -> Redirect {
        Redirect::temporary(q.get("to").map_or("/json", String::as_str))
    }

    async fn streamed() -> axum::body::Body {
        let chunks = (0..8).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b'x'; 1024])));
        axum::body::Body::from_stream(futures::stream::iter(chunks))
    }

    async fn server() -> Server {
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        let app = Router::new()
            .route("/json", get(|| async { axum::Json(json!({"ok": true, "items": [1, 2]})) }))
            .route("/text", get(|| async { "plain words" }))
            .route("/missing", get(|| async { (StatusCode::NOT_FOUND, axum::Json(json!({"error": "not_found"}))) }))
            .route("/echo", any(echo))
            .route("/big", get(|| async { "x".repeat(8 * 1024) }))
            .route("/big-stream", get(streamed))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
            .route("/hop/{n}", get(hop))
            .route("/redirect", get(redirect))
            .layer(axum::middleware::from_fn(move |req: axum::extract::Request, next: axum::middleware::Next| {
                let counter = counter.clone();
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    next.run(req).await
                }
            }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        Server { addr, hits }
    }

    fn client(allow: &[&str]) -> GuardedClient {
        GuardedClient::new(GuardConfig { allow: allow.iter().map(|a| (*a).to_owned()).collect(), ..Default::default() })
            .expect("valid config")
    }

    fn get_req(url: &str) -> OutboundRequest {
        OutboundRequest { method: "GET".into(), url: url.into(), ..Default::default() }
    }

    fn refused(result: &OutboundResult) -> &str {
        assert_eq!(result.status, None, "{result:?}");
        assert_eq!(result.body, None, "{result:?}");
        result.error.as_deref().unwrap_or_else(|| panic!("expected an error: {result:?}"))
    }

    #[tokio::test]
    async fn a_loopback_url_is_refused_by_default_naming_the_address() {
        let srv = server().await;
        let result = client(&[]).send(&get_req(&srv.url("/json"))).await;
        assert_eq!(refused(&result), "refused: 127.0.0.1 is a loopback address");
        assert_eq!(srv.hits(), 0);
    }

    #[tokio::test]
    async fn the_same_call_succeeds_when_the_address_or_the_address_and_port_is_allowed() {
        let srv = server().await;
        for entry in ["127.0.0.1".to_owned(), format!("127.0.0.1:{}", srv.port()), "127.0.0.0/8".to_owned()] {
            let result = client(&[&entry]).send(&get_req(&srv.url("/json"))).await;
            assert_eq!(result.error, None, "allow {entry}");
            assert_eq!(result.status, Some(200));
            assert_eq!(result.body, Some(json!({"ok": true, "items": [1, 2]})));
        }
        assert_eq!(srv.hits(), 3);
    }

    #[tokio::test]
    async fn an_address_allowed_on_one_port_is_refused_on_another() {
        let (a, b) = (server().await, server().await);
        let guarded = client(&[&format!("127.0.0.1:{}", a.port())]);
        assert_eq!(guarded.send(&get_req(&a.url("/json"))).await.status, Some(200));
        let result = guarded.send(&get_req(&b.url("/json"))).await;
        assert_eq!(refused(&result), "refused: 127.0.0.1 is a loopback address");
        assert_eq!(b.hits(), 0);
    }

    #[tokio::test]
    async fn localhost_is_refused_on_what_it_resolves_to() {
        let srv = server().await;
        let guarded = client(&[]);
        // send() leaves names to the resolver, which looks `localhost` up and finds only loopback addresses.
        let result = guarded.send(&get_req(&format!("http://localhost:{}/json", srv.port()))).await;
        let why = refused(&result);
        assert!(why.starts_with("refused: localhost resolves to "), "{why}");
        assert!(why.ends_with("a loopback address"), "{why}");
        let result = guarded.send(&get_req(&format!("http://LocalHost.:{}/", srv.port()))).await;
        assert!(refused(&result).starts_with("refused: localhost resolves to "), "{result:?}");
        // Whether or not the system resolves `*.localhost` names, they are refused.
        let result = guarded.send(&get_req(&format!("http://app.localhost:{}/", srv.port()))).await;
        assert!(refused(&result).starts_with("refused: app.localhost "), "{result:?}");
        assert_eq!(srv.hits(), 0);
        // The save-time check refuses the name itself.
        assert_eq!(guarded.check_url("http://localhost/").expect_err("refused"), "refused: localhost is a local name");
    }

    #[tokio::test]
    async fn the_resolver_refuses_a_local_name_even_when_its_address_is_allowed() {
        let guard = Arc::new(Guard {
            allow: AllowList::parse(&["127.0.0.0/8".into()]).expect("valid allow list"),
            hosts: HashMap::new(),
        });
        let resolver = GuardResolver { guard, trust_scoped: false };
        let err = resolver.resolve("localhost".parse().expect("a name")).await.err().expect("refused");
        assert_eq!(err.to_string(), "refused: localhost is a local name");
    }

    #[tokio::test]
    async fn a_name_that_resolves_to_a_loopback_address_is_refused_at_connect_time() {
        let srv = server().await;
        let guarded =
            GuardedClient::with_hosts(GuardConfig::default(), &[("rebind.test", "127.0.0.1")]).expect("valid config");
        let url = format!("http://rebind.test:{}/json", srv.port());
        // The save-time check cannot know; the connect-time one does.
        assert!(guarded.check_url(&url).is_ok());
        let result = guarded.send(&get_req(&url)).await;
        assert_eq!(refused(&result), "refused: rebind.test resolves to 127.0.0.1, a loopback address");
        assert_eq!(srv.hits(), 0);
    }

    #[tokio::test]
    async fn the_resolver_drops_refused_addresses_and_connects_to_the_rest() {
        let srv = server().await;
        let hosts = [("mixed.test", "10.0.0.1"), ("mixed.test", "::ffff:10.0.0.2"), ("mixed.test", "127.0.0.1")];
        let cfg = GuardConfig { allow: vec!["127.0.0.1".into()], ..Default::default() };
        let guarded = GuardedClient::with_hosts(cfg, &hosts).expect("valid config");
        let result = guarded.send(&get_req(&format!("http://mixed.test:{}/json", srv.port()))).await;
        assert_eq!(result.error, None);
        assert_eq!(result.status, Some(200));

        let guarded = GuardedClient::with_hosts(GuardConfig::default(), &hosts).expect("valid config");
        let result = guarded.send(&get_req(&format!("http://mixed.test:{}/json", srv.port()))).await;
        assert_eq!(refused(&result), "refused: mixed.test resolves to 10.0.0.1, a private address");
        assert_eq!(srv.hits(), 1);
    }

    #[tokio::test]
    async fn a_name_allowed_on_one_port_is_judged_on_its_address_on_other_ports() {
        let (a, b) = (server().await, server().await);
        let cfg = GuardConfig { allow: vec![format!("crm.test:{}", a.port())], ..Default::default() };
        let guarded = GuardedClient::with_hosts(cfg, &[("crm.test", "127.0.0.1")]).expect("valid config");
        let ok = guarded.send(&get_req(&format!("http://crm.test:{}/json", a.port()))).await;
        assert_eq!((ok.status, ok.error), (Some(200), None));

        let other = guarded.send(&get_req(&format!("http://crm.test:{}/json", b.port()))).await;
        assert_eq!(refused(&other), "refused: crm.test resolves to 127.0.0.1, a loopback address");

        let to_other_port = format!("http://crm.test:{}/redirect?to=http://crm.test:{}/json", a.port(), b.port());
        let hop = guarded.send(&get_req(&to_other_port)).await;
        assert_eq!(refused(&hop), "refused: crm.test is allowed only on the ports listed for it");
        assert_eq!(b.hits(), 0);
    }

    #[tokio::test]
    async fn metadata_and_mapped_addresses_are_refused_without_a_network_call() {
        let guarded = client(&[]);
        let cases = [
            (
                "http://169.254.169.254/latest/meta-data",
                "refused: 169.254.169.254 is a link-local (cloud metadata) address",
            ),
            ("http://[::ffff:127.0.0.1]/", "refused: ::ffff:127.0.0.1 is a loopback address"),
            ("http://[::ffff:a9fe:a9fe]/", "refused: ::ffff:169.254.169.254 is a link-local (cloud metadata) address"),
            ("http://[::1]:8080/", "refused: ::1 is a loopback address"),
            ("http://[::]/", "refused: :: is the unspecified address"),
            ("http://0.0.0.0:80/", "refused: 0.0.0.0 is the unspecified address"),
            ("http://0177.0.0.1/", "refused: 127.0.0.1 is a loopback address"),
            ("http://2130706433/", "refused: 127.0.0.1 is a loopback address"),
            ("http://10.1.2.3/", "refused: 10.1.2.3 is a private address"),
            ("http://172.31.255.1/", "refused: 172.31.255.1 is a private address"),
            ("https://192.168.1.1/", "refused: 192.168.1.1 is a private address"),
            ("http://100.100.100.200/", "refused: 100.100.100.200 is a shared (CGNAT) address"),
            ("http://169.254.1.1/", "refused: 169.254.1.1 is a link-local address"),
            ("http://224.0.0.1/", "refused: 224.0.0.1 is a multicast address"),
            ("http://255.255.255.255/", "refused: 255.255.255.255 is the broadcast address"),
            ("http://192.0.2.10/", "refused: 192.0.2.10 is a documentation address"),
            ("http://[fd00:ec2::254]/", "refused: fd00:ec2::254 is a private (unique local) address"),
            ("http://[fe80::1]/", "refused: fe80::1 is a link-local address"),
            ("http://[ff02::1]/", "refused: ff02::1 is a multicast address"),
            ("http://[64:ff9b::a9fe:a9fe]/", "refused: 64:ff9b::a9fe:a9fe is a link-local (cloud metadata) address"),
            ("http://[2002:7f00:1::]/", "refused: 2002:7f00:1:: is a loopback address"),
        ];
        let started = Instant::now();
        for (url, why) in cases {
            assert_eq!(guarded.check_url(url).expect_err("refused"), why, "check_url {url}");
            let result = guarded.send(&get_req(url)).await;
            assert_eq!(refused(&result), why, "send {url}");
        }
        assert_eq!(
            guarded.check_url("http://metadata.google.internal/computeMetadata/v1/").expect_err("refused"),
            "refused: metadata.google.internal is a cloud metadata name"
        );
        // 169.254.169.254 and 10.1.2.3 would hang for the whole timeout if a packet had been sent.
        assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn public_addresses_and_names_pass_the_save_time_check() {
        let guarded = client(&[]);
        for url in [
            "https://api.example.com/v1?x=1",
            "http://8.8.8.8/",
            "http://[2606:4700::1111]/",
            "http://[64:ff9b::808:808]/",
        ] {
            assert!(guarded.check_url(url).is_ok(), "{url}");
        }
    }

    #[tokio::test]
    async fn only_http_and_https_urls_are_accepted() {
        let guarded = client(&["0.0.0.0/0", "::/0"]);
        for url in ["ftp://example.com/file", "file:///etc/passwd", "gopher://example.com/", "data:text/plain,hi"] {
            let why = guarded.check_url(url).expect_err("refused");
            assert!(why.starts_with("refused: only http and https URLs are allowed"), "{url}: {why}");
            assert!(refused(&guarded.send(&get_req(url)).await).starts_with("refused: only http and https"));
        }
        assert!(guarded.check_url("not a url").expect_err("refused").starts_with("invalid URL"));
    }

    #[tokio::test]
    async fn methods_headers_and_bodies_are_checked_before_sending() {
        let srv = server().await;
        let guarded = client(&["127.0.0.1"]);
        let base = OutboundRequest { method: "POST".into(), url: srv.url("/echo"), ..Default::default() };
        let cases = [
            (OutboundRequest { method: "CONNECT".into(), ..base.clone() }, "method \"CONNECT\" is not allowed"),
            (OutboundRequest { method: "TRACE".into(), ..base.clone() }, "method \"TRACE\" is not allowed"),
            (
                OutboundRequest { headers: vec![("Host".into(), "internal.example".into())], ..base.clone() },
                "the host header is set by the client and cannot be changed",
            ),
            (
                OutboundRequest { headers: vec![("Transfer-Encoding".into(), "chunked".into())], ..base.clone() },
                "the transfer-encoding header is set by the client and cannot be changed",
            ),
            (OutboundRequest { headers: vec![("bad name".into(), "x".into())], ..base.clone() }, "invalid header name"),
            (
                OutboundRequest { headers: vec![("X-Token".into(), "a\r\nInjected: yes".into())], ..base.clone() },
                "invalid value for header x-token",
            ),
            (
                OutboundRequest { body: Some("x".repeat(MAX_REQUEST_BODY_BYTES + 1)), ..base.clone() },
                "request body larger than 65536 bytes",
            ),
        ];
        for (req, why) in cases {
            let result = guarded.send(&req).await;
            assert!(refused(&result).starts_with(why), "{result:?}");
        }
        assert_eq!(srv.hits(), 0);

        // The limits themselves are fine, and the method is case-insensitive.
        let ok = OutboundRequest {
            method: "post".into(),
            headers: vec![("X-Token".into(), "abc".into()), ("Content-Type".into(), "application/json".into())],
            body: Some("y".repeat(MAX_REQUEST_BODY_BYTES)),
            ..base
        };
        let result = guarded.send(&ok).await;
        assert_eq!(result.error, None);
        let body = result.body.expect("a body");
        assert_eq!(body["method"], "POST");
        assert_eq!(body["x_token"], "abc");
        assert_eq!(body["body"].as_str().map(str::len), Some(MAX_REQUEST_BODY_BYTES));
    }

    #[tokio::test]
    async fn a_redirect_from_an_allowed_server_to_the_metadata_address_is_refused() {
        let srv = server().await;
        let guarded = client(&["127.0.0.1"]);
        let started = Instant::now();
        let result = guarded.send(&get_req(&srv.url("/redirect?to=http://169.254.169.254/latest/meta-data"))).await;
        assert_eq!(refused(&result), "refused: 169.254.169.254 is a link-local (cloud metadata) address");
        assert!(started.elapsed() < Duration::from_secs(1));

        let to_localhost = format!("/redirect?to=http://localhost:{}/json", srv.port());
        let result = guarded.send(&get_req(&srv.url(&to_localhost))).await;
        assert_eq!(refused(&result), "refused: localhost is a local name");

        let result = guarded.send(&get_req(&srv.url("/redirect?to=ftp://example.com/file"))).await;
        assert_eq!(refused(&result), "refused: a redirect to a non-HTTP URL (ftp)");
        assert_eq!(srv.hits(), 3);
    }

    #[tokio::test]
    async fn up_to_max_redirects_are_followed_and_one_more_stops_the_request() {
        let srv = server().await;
        let guarded = client(&["127.0.0.1"]);
        let result = guarded.send(&get_req(&srv.url("/hop/3"))).await;
        assert_eq!((result.status, result.error), (Some(200), None));
        assert_eq!(result.body, Some(json!({"arrived": true})));

        let result = guarded.send(&get_req(&srv.url("/hop/4"))).await;
        assert_eq!(refused(&result), "stopped after 3 redirects");
        assert_eq!(srv.hits(), 4 + 4);
    }

    #[tokio::test]
    async fn a_response_larger_than_the_cap_is_cut_with_an_error() {
        let srv = server().await;
        let cfg = GuardConfig { allow: vec!["127.0.0.1".into()], max_response_bytes: 1024, ..Default::default() };
        let guarded = GuardedClient::new(cfg).expect("valid config");
        // With a Content-Length, and streamed without one.
        for path in ["/big", "/big-stream"] {
            let result = guarded.send(&get_req(&srv.url(path))).await;
            assert_eq!(result.status, Some(200), "{path}");
            assert_eq!(result.body, None, "{path}");
            assert_eq!(result.error.as_deref(), Some("response larger than 1024 bytes"), "{path}");
        }
    }

    #[tokio::test]
    async fn a_slow_handler_hits_the_timeout_which_is_capped_by_the_maximum() {
        let srv = server().await;
        let guarded = client(&["127.0.0.1"]);
        let result = guarded.send(&OutboundRequest { timeout_ms: Some(200), ..get_req(&srv.url("/slow")) }).await;
        assert_eq!(refused(&result), "timed out after 200 ms");
        assert!((200..1000).contains(&result.elapsed_ms), "{}", result.elapsed_ms);

        let cfg = GuardConfig {
            allow: vec!["127.0.0.1".into()],
            max_timeout: Duration::from_millis(300),
            ..Default::default()
        };
        let capped = GuardedClient::new(cfg).expect("valid config");
        let result = capped.send(&OutboundRequest { timeout_ms: Some(60_000), ..get_req(&srv.url("/slow")) }).await;
        assert_eq!(refused(&result), "timed out after 300 ms");
        // The default (10 s) is capped too.
        let result = capped.send(&get_req(&srv.url("/slow"))).await;
        assert_eq!(refused(&result), "timed out after 300 ms");
    }

    #[tokio::test]
    async fn a_404_with_a_json_body_comes_back_as_a_status_with_the_body_parsed() {
        let srv = server().await;
        let result = client(&["127.0.0.1"]).send(&get_req(&srv.url("/missing"))).await;
        assert_eq!(result.status, Some(404));
        assert_eq!(result.body, Some(json!({"error": "not_found"})));
        assert_eq!(result.error, None);
    }

    #[tokio::test]
    async fn a_json_response_is_parsed_and_text_comes_back_as_a_string() {
        let srv = server().await;
        let guarded = client(&["127.0.0.1"]);
        let json = guarded.send(&get_req(&srv.url("/json"))).await;
        assert_eq!(json.body, Some(json!({"ok": true, "items": [1, 2]})));
        let text = guarded.send(&get_req(&srv.url("/text"))).await;
        assert_eq!(text.body, Some(json!("plain words")));
        let head = guarded.send(&OutboundRequest { method: "HEAD".into(), ..get_req(&srv.url("/json")) }).await;
        assert_eq!((head.status, head.body, head.error), (Some(200), None, None));
    }

    #[tokio::test]
    async fn a_refused_connection_is_an_error_without_a_status() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            listener.local_addr().expect("local address").port()
        };
        let result = client(&["127.0.0.1"]).send(&get_req(&format!("http://127.0.0.1:{port}/"))).await;
        assert!(refused(&result).starts_with("could not connect"), "{result:?}");
    }

    #[test]
    fn allow_entries_that_are_not_hosts_ports_or_ranges_are_rejected_at_startup() {
        for bad in ["10.0.0.0/33", "not a host", "crm.internal:99999", "http://crm.internal", "*.internal", ""] {
            assert!(
                GuardedClient::new(GuardConfig { allow: vec![bad.into()], ..Default::default() }).is_err(),
                "{bad}"
            );
        }
        let good =
            ["crm.internal", "CRM.Internal.:8443", "10.0.0.5", "10.0.0.5:8080", "[fd00::5]:8080", "[::1]", "fd00::/8"];
        let list = AllowList::parse(&good.map(String::from)).expect("valid allow list");
        assert!(list.name_on_port("crm.internal", Some(1)));
        assert!(list.name_on_port("crm.internal", Some(8443)));
        assert!(list.ip("fd12::1".parse().expect("an address"), None));
        assert!(list.ip("::1".parse().expect("an address"), None));
        assert!(list.ip("10.0.0.5".parse().expect("an address"), Some(1)));
        assert!(list.ip("fd00::5".parse().expect("an address"), Some(8080)));
    }
}
