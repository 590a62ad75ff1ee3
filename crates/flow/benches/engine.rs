//! `cargo bench -p parley-flow`: node steps per second of the engine on the realistic 30-node flow,
//! plus the cost of compiling and validating it. Prints figures; asserts nothing about speed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use parley_flow::templates::realistic_30_node;
use parley_flow::validate::{ValidationContext, validate};
use parley_flow::{Compiled, ContactSnapshot, Context, Event, EventKind, LocalTime, RunState, RunStatus, step};

fn event(kind: EventKind, random: u64) -> Event {
    Event {
        now: Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).single().unwrap_or_default(),
        random,
        context: Context {
            contact: ContactSnapshot {
                name: Some("Ana".into()),
                phone: Some("+34600111222".into()),
                consent: Some(true),
                ..ContactSnapshot::default()
            },
            open_now: true,
            window_open: true,
            local: LocalTime { weekday: 1, minutes: 600 },
        },
        kind,
    }
}

fn inbound(text: &str, random: u64) -> Event {
    event(EventKind::Inbound { text: Some(text.into()), reply_id: None, message_type: "text".into() }, random)
}

/// One conversation through the sales branch: start, pick "Buy a plan", type a company and a size.
/// Returns the node visits it took.
fn conversation(c: &Compiled, events: &[Event]) -> u64 {
    let mut state = RunState::new();
    for e in events {
        state = step(c, &state, e).state;
    }
    debug_assert_eq!(state.status, RunStatus::Completed);
    state.steps
}

fn main() {
    let graph = realistic_30_node();
    let cx = ValidationContext { contact_fields: vec!["company".into(), "plan".into()], flow_ids: Vec::new() };

    let t = Instant::now();
    let mut n = 0u32;
    while t.elapsed() < Duration::from_millis(500) {
        black_box(Compiled::new(black_box(&graph)).ok());
        n += 1;
    }
    println!("compile:  {:>8.1} µs per version", t.elapsed().as_secs_f64() * 1e6 / f64::from(n));

    let t = Instant::now();
    let mut n = 0u32;
    while t.elapsed() < Duration::from_millis(500) {
        black_box(validate(black_box(&graph), &cx));
        n += 1;
    }
    println!("validate: {:>8.1} µs per save", t.elapsed().as_secs_f64() * 1e6 / f64::from(n));

    let Ok(c) = Compiled::new(&graph) else {
        eprintln!("the realistic flow does not compile");
        return;
    };
    let scenarios: Vec<Vec<Event>> = (0..16u64)
        .map(|r| {
            vec![
                event(EventKind::Start { text: Some("hi".into()) }, r),
                inbound("Buy a plan", r),
                inbound("Acme", r),
                inbound("120", r),
            ]
        })
        .collect();
    let per_run = conversation(&c, &scenarios[0]);
    let runs = 200_000u64;
    let t = Instant::now();
    let mut visits = 0u64;
    for i in 0..runs {
        let events = &scenarios[usize::try_from(i % 16).unwrap_or_default()];
        visits += conversation(black_box(&c), black_box(events));
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "engine:   {:>8.0} node steps/s ({visits} steps in {secs:.2} s, {per_run} steps and 4 events per conversation, {:.0} events/s)",
        visits as f64 / secs,
        (runs * 4) as f64 / secs
    );
}
