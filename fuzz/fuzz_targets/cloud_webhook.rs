//! Fuzzes the WhatsApp Cloud API webhook parser (`parley_whatsapp::cloud::parse_webhook`), the function the
//! webhook endpoint's ingest runs on every signed delivery. Any body must give events or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_whatsapp::cloud::{Event, parse_webhook};

fuzz_target!(|body: &[u8]| {
    let Ok(events) = parse_webhook(body) else { return };
    // A second parse of the same bytes must agree: ingest is retried on failure and must see the same events.
    assert_eq!(parse_webhook(body).ok().as_ref(), Some(&events));
    for event in &events {
        // What ingest reads first: the number an event belongs to.
        if let Event::Message(m) | Event::Echo(m) = event {
            let _ = (&m.channel.phone_number_id, &m.kind);
        }
    }
});
