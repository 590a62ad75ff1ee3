//! `parley backup` and `parley restore` (docs/backup.md): `[backup]` read into the services' settings, the commands'
//! output, and the prompt before a restore ends live connections.

use crate::config::Config;
use anyhow::Context;
use parley_services::DomainError;
use parley_services::operations::backup::{
    self, BackupConfig, BackupManifest, BackupReason, RestoreOptions, RestoreReport, S3Destination,
};
use std::io::{BufRead, IsTerminal, Write};

/// `[backup]` as the services take it; `to` (a directory or `s3://...`) replaces the configured destination.
pub fn backup_config(cfg: &Config, to: Option<&str>) -> anyhow::Result<BackupConfig> {
    let b = &cfg.backup;
    let schedule = match b.schedule.trim() {
        "" => None,
        s => Some(
            chrono::NaiveTime::parse_from_str(s, "%H:%M")
                .map_err(|_| anyhow::anyhow!("backup.schedule must be HH:MM (UTC) or empty, not {s:?}"))?,
        ),
    };
    let mut out =
        BackupConfig { dir: b.dir.clone(), s3: None, schedule, keep_daily: b.keep_daily, keep_weekly: b.keep_weekly };
    let dest = to.map(str::to_owned).or_else(|| b.s3_url.clone());
    match dest {
        Some(d) if d.starts_with("s3://") => {
            out.s3 = Some(S3Destination::parse(&d, cfg.media.s3.as_ref()).map_err(|e| anyhow::anyhow!("{e}"))?);
        }
        Some(d) => out.dir = d.into(),
        None => {}
    }
    Ok(out)
}

/// One backup; `scheduled` (a CronJob's or a system timer's run) records it as scheduled and then applies
/// retention, as the worker's own schedule does.
pub async fn backup(cfg: &Config, to: Option<&str>, json: bool, scheduled: bool) -> anyhow::Result<()> {
    let bcfg = backup_config(cfg, to)?;
    let reason = if scheduled { BackupReason::Scheduled } else { BackupReason::Manual };
    let manifest = backup::backup_database(&bcfg, &cfg.database.url, &cfg.media, reason)
        .await
        .map_err(explain)
        .context("backing up")?;
    let removed = if scheduled {
        backup::retain(&bcfg, &cfg.database.url).await.map_err(explain).context("applying retention")?
    } else {
        vec![]
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&manifest)?);
    } else {
        print_manifest(&manifest);
        if scheduled {
            println!("  retention removed {} older backup(s)", removed.len());
        }
    }
    Ok(())
}

fn print_manifest(m: &BackupManifest) {
    println!("Backup {} made in {:.1} s at {}", m.id, m.duration_ms as f64 / 1000.0, m.location);
    println!("  parley {}, last migration {}", m.parley_version, m.last_migration.as_deref().unwrap_or("none"));
    println!("  database {} ({} bytes)", m.database, m.database_size);
    for f in &m.files {
        println!("  {:<16} {:>12} bytes  sha256 {}", f.name, f.size, f.sha256);
    }
    let counts: Vec<_> = m.counts.iter().map(|(t, n)| format!("{t} {n}")).collect();
    println!("  rows: {}", counts.join(", "));
    if let backup::MediaPart::S3Pointer { bucket, prefix, objects } = &m.media {
        println!("  media stays in s3://{bucket}/{prefix} ({objects} objects; not copied)");
    }
    println!("  Keep parley.toml, the secrets file and the encryption keys apart from it (docs/backup.md).");
}

pub async fn restore(cfg: &Config, what: &str, check_only: bool, yes: bool) -> anyhow::Result<()> {
    let bcfg = backup_config(cfg, None)?;
    let mut opts = RestoreOptions { check_only, yes };
    loop {
        match backup::restore(&bcfg, &cfg.database.url, &cfg.media, what, opts).await {
            Ok(report) => {
                print_report(&report, check_only);
                return Ok(());
            }
            Err(DomainError::Conflict { code: "database_in_use", message })
                if !opts.yes && std::io::stdin().is_terminal() =>
            {
                print!("{message}\nEnd those sessions and swap in the restored database now? Type yes to go on: ");
                std::io::stdout().flush().ok();
                let mut answer = String::new();
                std::io::stdin().lock().read_line(&mut answer).ok();
                if answer.trim() != "yes" {
                    anyhow::bail!("restore stopped: nothing live was changed");
                }
                opts.yes = true;
            }
            Err(e) => return Err(explain(e)).context("restoring"),
        }
    }
}

fn print_report(r: &RestoreReport, check_only: bool) {
    let c = &r.check;
    println!(
        "Backup {} (made {}) restored into the scratch database {}:",
        r.manifest.id, r.manifest.created_at, c.scratch_database
    );
    for item in &c.checks {
        println!("  [{}] {:<12} {}", if item.ok { "ok" } else { "FAIL" }, item.name, item.detail);
    }
    if check_only {
        println!(
            "Check passed in {:.1} s; the scratch database was dropped, nothing live changed.",
            c.duration_ms as f64 / 1000.0
        );
        return;
    }
    if r.terminated_connections > 0 {
        println!("Ended {} session(s) on the live database.", r.terminated_connections);
    }
    if let Some(prev) = &r.previous_database {
        println!("Swapped: {} is now the restored copy; the previous database is kept as {prev}.", r.manifest.database);
    }
    match (&r.previous_media, &r.manifest.media) {
        (Some(prev), _) => println!("Media restored; the previous media directory is kept at {prev}."),
        (None, backup::MediaPart::S3Pointer { bucket, prefix, objects }) => {
            println!("Media is on S3 (s3://{bucket}/{prefix}, {objects} objects at backup time): left as it is.")
        }
        (None, _) => println!("Media: this server keeps media on S3; the backup's media archive was not unpacked."),
    }
    println!("Start parley again (serve, worker).");
}

/// The service's error with its message (codes are for the API).
fn explain(e: DomainError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// Demo mode: a real backup, made and verified once in the background, so the Backups page has one to show and
/// download (a restarted demo keeps the one it has).
pub fn seed_demo(services: &parley_services::Services) {
    let backups = services.backups.clone();
    tokio::spawn(async move {
        let listed = match backups.list().await {
            Ok(l) => l,
            Err(e) => return tracing::warn!(error = %e, "demo backup not made"),
        };
        if listed.last_verified.is_some() {
            return;
        }
        let made = match backups.run(BackupReason::Install).await {
            Ok(m) => m,
            Err(e) => return tracing::warn!(error = %e, "demo backup not made"),
        };
        if let Err(e) = backups.verify(made.id).await {
            tracing::warn!(error = %e, "demo backup not verified");
        }
    });
}
