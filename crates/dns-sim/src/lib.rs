//! A small DNS server for tests and the demo: it answers A, AAAA, CNAME and TXT questions over UDP and TCP from an
//! in-memory table that its owner edits (`set_records`, `replace_all`, `clear`), the way a recursive resolver
//! would answer for a zone it knew (CNAME chains inside the table are followed; an unknown name is NXDOMAIN).
//! Depends on no Parley crate, so the resolver under test talks to it exactly as to a real nameserver.

use hickory_proto::op::{Edns, Message, MessageType, OpCode, ResponseCode};
use hickory_proto::rr::rdata::{A, AAAA, CNAME, TXT};
use hickory_proto::rr::{Name, RData, RecordType};
use std::collections::BTreeMap;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, RwLock};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};

/// One record of a name. Names and CNAME targets are kept lower-case, without the final dot.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Record {
    A(Ipv4Addr),
    Aaaa(Ipv6Addr),
    Cname(String),
    Txt(String),
}

impl Record {
    /// `A`, `AAAA`, `CNAME` or `TXT`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::A(_) => "A",
            Self::Aaaa(_) => "AAAA",
            Self::Cname(_) => "CNAME",
            Self::Txt(_) => "TXT",
        }
    }

    /// The value as a zone file would write it (a TXT value unquoted).
    pub fn value(&self) -> String {
        match self {
            Self::A(ip) => ip.to_string(),
            Self::Aaaa(ip) => ip.to_string(),
            Self::Cname(n) | Self::Txt(n) => n.clone(),
        }
    }

    /// A record from its type and value (`("CNAME", "edge.example.net")`); None for another type or a bad value.
    pub fn parse(kind: &str, value: &str) -> Option<Self> {
        match kind.to_ascii_uppercase().as_str() {
            "A" => value.trim().parse().ok().map(Self::A),
            "AAAA" => value.trim().parse().ok().map(Self::Aaaa),
            "CNAME" => {
                let n = normalize(value);
                (!n.is_empty() && Name::from_ascii(format!("{n}.")).is_ok()).then_some(Self::Cname(n))
            }
            "TXT" => Some(Self::Txt(value.to_owned())),
            _ => None,
        }
    }

    fn record_type(&self) -> RecordType {
        match self {
            Self::A(_) => RecordType::A,
            Self::Aaaa(_) => RecordType::AAAA,
            Self::Cname(_) => RecordType::CNAME,
            Self::Txt(_) => RecordType::TXT,
        }
    }

    fn rdata(&self) -> Option<RData> {
        Some(match self {
            Self::A(ip) => RData::A(A(*ip)),
            Self::Aaaa(ip) => RData::AAAA(AAAA(*ip)),
            Self::Cname(n) => RData::CNAME(CNAME(fqdn(n)?)),
            // A character-string holds at most 255 bytes; longer values are split as zone files do.
            Self::Txt(t) => RData::TXT(TXT::from_bytes(t.as_bytes().chunks(255).collect())),
        })
    }
}

/// A name as the table keys it: trimmed, lower-case, without the final dot.
pub fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

fn fqdn(name: &str) -> Option<Name> {
    Name::from_ascii(format!("{name}.")).ok()
}

type Zone = BTreeMap<String, Vec<Record>>;

/// A running server; clones share it. It stops with the runtime that started it.
#[derive(Clone)]
pub struct DnsSim {
    zone: Arc<RwLock<Zone>>,
    addr: SocketAddr,
}

impl std::fmt::Debug for DnsSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DnsSim").field("addr", &self.addr).finish_non_exhaustive()
    }
}

/// Answers given in a response are kept this long by a caching resolver.
const TTL: u32 = 60;
/// CNAME hops followed inside the table before giving up (a loop, or a long chain).
const MAX_CHAIN: usize = 8;

impl DnsSim {
    /// Serves UDP and TCP on `addr` (port 0: a free port, the same for both), with an empty table.
    pub async fn start(addr: SocketAddr) -> io::Result<Self> {
        let (udp, tcp) = bind_both(addr).await?;
        let addr = udp.local_addr()?;
        let sim = Self { zone: Arc::new(RwLock::new(Zone::new())), addr };
        tokio::spawn(serve_udp(udp, sim.clone()));
        tokio::spawn(serve_tcp(tcp, sim.clone()));
        tracing::debug!(%addr, "DNS simulator listening");
        Ok(sim)
    }

    /// Where it listens (UDP and TCP).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Sets every record of `name` (an empty list removes the name).
    pub fn set_records(&self, name: &str, records: Vec<Record>) {
        let name = normalize(name);
        let mut zone = self.zone.write().unwrap_or_else(|e| e.into_inner());
        if records.is_empty() {
            zone.remove(&name);
        } else {
            zone.insert(name, records);
        }
    }

    /// Adds one record to `name`, keeping the others.
    pub fn add_record(&self, name: &str, record: Record) {
        let mut zone = self.zone.write().unwrap_or_else(|e| e.into_inner());
        let records = zone.entry(normalize(name)).or_default();
        if !records.contains(&record) {
            records.push(record);
        }
    }

    /// The whole table, by name.
    pub fn records(&self) -> Vec<(String, Vec<Record>)> {
        let zone = self.zone.read().unwrap_or_else(|e| e.into_inner());
        zone.iter().map(|(n, r)| (n.clone(), r.clone())).collect()
    }

    /// Replaces the whole table.
    pub fn replace_all(&self, records: Vec<(String, Record)>) {
        let mut zone = Zone::new();
        for (name, record) in records {
            let list = zone.entry(normalize(&name)).or_default();
            if !list.contains(&record) {
                list.push(record);
            }
        }
        *self.zone.write().unwrap_or_else(|e| e.into_inner()) = zone;
    }

    pub fn clear(&self) {
        self.zone.write().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The answer to one query message.
    fn answer(&self, query: &Message) -> Message {
        let mut res = Message::response(query.metadata.id, query.metadata.op_code);
        res.metadata.recursion_desired = query.metadata.recursion_desired;
        res.metadata.recursion_available = true;
        res.metadata.authoritative = true;
        res.add_queries(query.queries.iter().cloned());
        if query.edns.is_some() {
            res.set_edns(Edns::new());
        }
        if query.metadata.message_type != MessageType::Query || query.metadata.op_code != OpCode::Query {
            res.metadata.response_code = ResponseCode::NotImp;
            return res;
        }
        let [q] = query.queries.as_slice() else {
            res.metadata.response_code = ResponseCode::FormErr;
            return res;
        };
        let qtype = q.query_type();
        let zone = self.zone.read().unwrap_or_else(|e| e.into_inner());
        let mut name = normalize(&q.name().to_ascii());
        let mut owner = q.name().clone();
        for _ in 0..MAX_CHAIN {
            let Some(records) = zone.get(&name) else {
                if res.answers.is_empty() {
                    res.metadata.response_code = ResponseCode::NXDomain;
                }
                return res;
            };
            let matching: Vec<_> =
                records.iter().filter(|r| qtype == RecordType::ANY || r.record_type() == qtype).collect();
            if !matching.is_empty() {
                for r in matching {
                    if let Some(data) = r.rdata() {
                        res.add_answer(hickory_proto::rr::Record::from_rdata(owner.clone(), TTL, data));
                    }
                }
                return res;
            }
            // Only a name without other records may be a CNAME; follow it as a recursive resolver would.
            let Some(Record::Cname(target)) = records.iter().find(|r| matches!(r, Record::Cname(_))) else {
                return res;
            };
            let (Some(data), Some(next)) = (Record::Cname(target.clone()).rdata(), fqdn(target)) else {
                return res;
            };
            res.add_answer(hickory_proto::rr::Record::from_rdata(owner.clone(), TTL, data));
            name = target.clone();
            owner = next;
        }
        res.metadata.response_code = ResponseCode::ServFail;
        res
    }

    fn respond(&self, bytes: &[u8], max_len: Option<usize>) -> Option<Vec<u8>> {
        let query = Message::from_vec(bytes).ok()?;
        let res = self.answer(&query);
        let out = res.to_vec().ok()?;
        let limit = max_len.map(|l| l.max(query.edns.as_ref().map_or(512, |e| e.max_payload() as usize)));
        match limit {
            Some(limit) if out.len() > limit => {
                let mut cut = res.truncate();
                cut.metadata.truncation = true;
                cut.to_vec().ok()
            }
            _ => Some(out),
        }
    }
}

/// UDP and TCP sockets on one port: the port of the UDP socket is tried for TCP, a few times if port 0 chose one
/// that TCP cannot have.
async fn bind_both(addr: SocketAddr) -> io::Result<(UdpSocket, TcpListener)> {
    let mut last = None;
    for _ in 0..10 {
        let udp = UdpSocket::bind(addr).await?;
        match TcpListener::bind(udp.local_addr()?).await {
            Ok(tcp) => return Ok((udp, tcp)),
            Err(e) if addr.port() == 0 => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no port free for both UDP and TCP")))
}

async fn serve_udp(socket: UdpSocket, sim: DnsSim) {
    let mut buf = vec![0u8; 4096];
    loop {
        let (n, peer) = match socket.recv_from(&mut buf).await {
            Ok(v) => v,
            Err(e) => {
                tracing::debug!(error = %e, "DNS simulator: UDP receive failed");
                continue;
            }
        };
        if let Some(out) = sim.respond(&buf[..n], Some(512)) {
            let _ = socket.send_to(&out, peer).await;
        }
    }
}

async fn serve_tcp(listener: TcpListener, sim: DnsSim) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(serve_tcp_conn(stream, sim.clone()));
            }
            Err(e) => tracing::debug!(error = %e, "DNS simulator: TCP accept failed"),
        }
    }
}

/// Messages on a TCP connection are each preceded by their length (two bytes, big-endian).
async fn serve_tcp_conn(mut stream: TcpStream, sim: DnsSim) {
    loop {
        let mut len = [0u8; 2];
        if stream.read_exact(&mut len).await.is_err() {
            return;
        }
        let mut buf = vec![0u8; u16::from_be_bytes(len) as usize];
        if stream.read_exact(&mut buf).await.is_err() {
            return;
        }
        let Some(out) = sim.respond(&buf, None) else { return };
        let Ok(n) = u16::try_from(out.len()) else { return };
        if stream.write_all(&n.to_be_bytes()).await.is_err() || stream.write_all(&out).await.is_err() {
            return;
        }
    }
}
