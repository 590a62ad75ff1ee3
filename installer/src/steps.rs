//! The nine steps, the same for the web wizard and the headless run: the form checks of a step's answers, then its
//! live checks and (steps 2 and 9) its side effects. Which steps passed is kept in `progress.toml`, so a wizard
//! reopened after a failure starts at the first step still to do.

use crate::answers::{Answers, write_private};
use crate::checks::{self, Check};
use crate::install::{self, Setup};
use crate::log::Log;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;

pub const NAMES: [&str; 9] = [
    "Requirements",
    "Database and Redis",
    "Site",
    "Platform admin",
    "Mail",
    "Storage",
    "WhatsApp",
    "Billing",
    "Install",
];

/// What the caller of a step brings: where things go, the log, this wizard's own port (not Parley's), and the token
/// the public URL must give back in step 3.
pub struct Ctx<'a> {
    pub setup: &'a Setup,
    pub log: &'a Log,
    pub own_port: u16,
    pub callback_token: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Progress {
    pub passed: BTreeSet<u8>,
}

impl Progress {
    pub fn load(state_dir: &Path) -> Self {
        std::fs::read_to_string(state_dir.join("progress.toml"))
            .ok()
            .and_then(|t| toml::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, state_dir: &Path) -> anyhow::Result<()> {
        write_private(&state_dir.join("progress.toml"), toml::to_string(self)?.as_bytes())
    }
}

/// The outcome of one step: form problems (nothing was run) or the checks that ran.
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub step: u8,
    pub problems: Vec<crate::answers::Problem>,
    pub checks: Vec<Check>,
    pub passed: bool,
    /// Step 9 with a WhatsApp number: for the summary only (it holds the verify token).
    #[serde(skip)]
    pub webhook: Option<install::Webhook>,
}

/// Runs step `n` (1 to 9) on saved answers. Step 9 first checks that steps 2 to 4 hold.
pub async fn run(n: u8, a: &Answers, ctx: &Ctx<'_>) -> Outcome {
    ctx.log.line(&format!("[{n}/9] {}", NAMES.get(usize::from(n).saturating_sub(1)).unwrap_or(&"?")));
    let form_steps: Vec<u8> = if n == 9 { (1..=8).collect() } else { vec![n] };
    let problems: Vec<_> = form_steps.iter().flat_map(|s| a.validate(*s)).collect();
    if !problems.is_empty() {
        for p in &problems {
            ctx.log.line(&format!("    [FAIL] {}: {}", p.field, p.message));
        }
        return Outcome { step: n, problems, checks: vec![], passed: false, webhook: None };
    }
    let mut webhook = None;
    let checks = match n {
        1 => {
            let parley_running = install::ready(&install::local_url(a)).await;
            checks::requirements(a, ctx.own_port, parley_running).await
        }
        2 => {
            let mut c = checks::database(a).await;
            if checks::passed(&c) {
                c.push(install::prepare_database(a, ctx.setup).await);
            }
            c
        }
        3 => {
            let c = checks::callback(&a.site.public_url, &ctx.callback_token).await;
            let public = a.site.public_url.trim_end_matches('/');
            // After an install the public URL leads to Parley (Caddy in front), no longer to this installer: a rerun
            // takes Parley answering ready through it, while it runs here, as the proof instead.
            if c.status == checks::Status::Fail
                && install::ready(&install::local_url(a)).await
                && install::ready(public).await
            {
                vec![Check::ok(
                    "Public URL",
                    format!("{public}/readyz reaches Parley, which runs here (installed before)"),
                )]
            } else {
                vec![c]
            }
        }
        4 => vec![Check::ok(
            "Platform admin",
            format!("{} will be created in step 9; two-factor sign-in is set up at the first sign-in", a.admin.email),
        )],
        5 => checks::mail(a).await,
        6 => checks::storage(a).await,
        7 => checks::whatsapp(a).await,
        8 => checks::billing(a).await,
        9 => {
            let (checks, hook) = install::install(a, ctx.setup, ctx.log).await;
            webhook = hook;
            checks
        }
        _ => vec![Check::fail("Step", format!("there is no step {n}"), "Steps are 1 to 9.")],
    };
    if n != 9 {
        for c in &checks {
            ctx.log.check(c);
        }
    }
    let passed = checks::passed(&checks);
    let mut progress = Progress::load(&ctx.setup.state_dir);
    if passed {
        progress.passed.insert(n);
    } else {
        progress.passed.remove(&n);
    }
    if let Err(e) = progress.save(&ctx.setup.state_dir) {
        ctx.log.line(&format!("    could not save the progress: {e:#}"));
    }
    Outcome { step: n, problems, checks, passed, webhook }
}
