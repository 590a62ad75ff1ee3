//! The simulator answered through a real resolver (hickory, as Parley uses it), over UDP and over TCP.

use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{RData, RecordType};
use hickory_resolver::{Resolver, TokioResolver};
use parley_dns_sim::{DnsSim, Record};
use std::net::SocketAddr;

fn resolver(addr: SocketAddr, tcp: bool) -> TokioResolver {
    let mut conn = if tcp { ConnectionConfig::tcp() } else { ConnectionConfig::udp() };
    conn.port = addr.port();
    let ns = NameServerConfig::new(addr.ip(), true, vec![conn]);
    let mut opts = ResolverOpts::default();
    opts.cache_size = 0;
    opts.attempts = 1;
    Resolver::builder_with_config(ResolverConfig::from_name_servers(vec![ns]), TokioRuntimeProvider::default())
        .with_options(opts)
        .build()
        .expect("resolver")
}

async fn start() -> DnsSim {
    DnsSim::start("127.0.0.1:0".parse().expect("addr")).await.expect("start the simulator")
}

async fn values(r: &TokioResolver, name: &str, kind: RecordType) -> Result<Vec<String>, String> {
    match r.lookup(name, kind).await {
        Ok(l) => Ok(l
            .answers()
            .iter()
            .filter(|rec| rec.record_type() == kind)
            .map(|rec| match &rec.data {
                RData::A(a) => a.0.to_string(),
                RData::AAAA(a) => a.0.to_string(),
                RData::CNAME(c) => c.0.to_ascii(),
                RData::TXT(t) => t.txt_data.iter().map(|s| String::from_utf8_lossy(s).into_owned()).collect(),
                other => format!("{other:?}"),
            })
            .collect()),
        Err(e) => Err(e.to_string()),
    }
}

#[tokio::test]
async fn records_set_are_answered_over_udp_and_tcp() {
    let sim = start().await;
    sim.set_records(
        "App.Example.TEST.",
        vec![Record::Txt("parley-verify=abc".into()), Record::A("203.0.113.7".parse().expect("ip"))],
    );
    for tcp in [false, true] {
        let r = resolver(sim.addr(), tcp);
        assert_eq!(values(&r, "app.example.test.", RecordType::TXT).await, Ok(vec!["parley-verify=abc".to_owned()]));
        assert_eq!(values(&r, "app.example.test.", RecordType::A).await, Ok(vec!["203.0.113.7".to_owned()]));
    }
}

#[tokio::test]
async fn a_cname_chain_is_followed_and_a_cname_question_gets_the_cname() {
    let sim = start().await;
    sim.set_records("app.agency.test", vec![Record::Cname("edge.parley.test".into())]);
    sim.set_records(
        "edge.parley.test",
        vec![Record::A("203.0.113.10".parse().expect("ip")), Record::Aaaa("2001:db8::10".parse().expect("ip"))],
    );
    let r = resolver(sim.addr(), false);
    assert_eq!(values(&r, "app.agency.test.", RecordType::CNAME).await, Ok(vec!["edge.parley.test.".to_owned()]));
    assert_eq!(values(&r, "app.agency.test.", RecordType::A).await, Ok(vec!["203.0.113.10".to_owned()]));
    assert_eq!(values(&r, "app.agency.test.", RecordType::AAAA).await, Ok(vec!["2001:db8::10".to_owned()]));
}

#[tokio::test]
async fn unknown_names_and_missing_types_have_no_records_and_changes_show_at_once() {
    let sim = start().await;
    let r = resolver(sim.addr(), false);
    assert!(values(&r, "nothing.example.test.", RecordType::TXT).await.is_err(), "NXDOMAIN is no answer");
    sim.set_records("only-a.example.test", vec![Record::A("198.51.100.1".parse().expect("ip"))]);
    assert!(values(&r, "only-a.example.test.", RecordType::TXT).await.is_err(), "no TXT there");
    sim.add_record("only-a.example.test", Record::Txt("hello".into()));
    assert_eq!(values(&r, "only-a.example.test.", RecordType::TXT).await, Ok(vec!["hello".to_owned()]));
    sim.set_records("only-a.example.test", vec![]);
    assert!(values(&r, "only-a.example.test.", RecordType::A).await.is_err(), "removed");
    sim.set_records("x.example.test", vec![Record::A("198.51.100.2".parse().expect("ip"))]);
    sim.clear();
    assert!(sim.records().is_empty());
}

#[tokio::test]
async fn a_long_txt_value_is_split_and_read_back_whole() {
    let sim = start().await;
    let long = "v=".to_owned() + &"x".repeat(400);
    sim.set_records("long.example.test", vec![Record::Txt(long.clone())]);
    for tcp in [false, true] {
        let r = resolver(sim.addr(), tcp);
        assert_eq!(values(&r, "long.example.test.", RecordType::TXT).await, Ok(vec![long.clone()]));
    }
}

#[test]
fn records_parse_from_type_and_value() {
    assert_eq!(Record::parse("cname", "Edge.Parley.Test."), Some(Record::Cname("edge.parley.test".into())));
    assert_eq!(Record::parse("A", "203.0.113.1"), Some(Record::A("203.0.113.1".parse().expect("ip"))));
    assert_eq!(Record::parse("A", "2001:db8::1"), None);
    assert_eq!(Record::parse("AAAA", "2001:db8::1").map(|r| r.kind()), Some("AAAA"));
    assert_eq!(Record::parse("MX", "mail.example.test"), None);
    assert_eq!(Record::parse("CNAME", "bad name!"), None);
}
