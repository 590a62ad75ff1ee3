//! Fuzzes the WasenderAPI (QR session) webhook parser (`parley_whatsapp::wasender::parse_webhook`), the function the
//! webhook endpoint's ingest runs on every delivery whose secret matched. Any body must give an event or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_whatsapp::wasender::parse_webhook;

fuzz_target!(|body: &[u8]| {
    let Ok(event) = parse_webhook(body) else { return };
    assert_eq!(parse_webhook(body).ok().as_ref(), Some(&event));
});
