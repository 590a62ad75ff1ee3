//! A small campaign through the real binary with the server killed (SIGKILL) mid-campaign and restarted: no
//! recipient messaged twice, none lost (`unknown` only for rows in flight at the kill), every one settled.
//! `parley bench campaign --check` runs the server and the WhatsApp simulator as separate processes and fails
//! otherwise; this test is that run, small.

use std::process::Command;

#[test]
fn a_campaign_survives_kill_9_without_duplicates_or_losses() {
    let server =
        std::env::var("PARLEY_TEST_DATABASE_SERVER").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
    let db = format!("parley_kill_{}", std::process::id());
    let port = 20_000 + (std::process::id() % 20_000) as u16;
    let out = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(["bench", "campaign", "--recipients", "600", "--cap", "100", "--kills", "1", "--uncapped", "0"])
        .args(["--port", &port.to_string(), "--check"])
        .env("DATABASE_URL", format!("{server}/{db}"))
        .env("RUST_LOG", "error")
        .output()
        .expect("parley runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("kill -9 #1"), "the server was killed mid-campaign: {stdout}");
    let dupes: Vec<&str> = stdout.lines().filter(|l| l.contains("duplicates:")).collect();
    assert_eq!(dupes.len(), 2, "{stdout}");
    for l in dupes {
        assert!(l.contains("duplicates: 0; lost: 0"), "{l}");
    }
}
