//! Operations on the command line (docs/upgrade.md): `parley doctor` prints the health report (the System page's)
//! as a table or JSON, `parley maintenance on|off|status` toggles maintenance mode for every node, and
//! `parley migrate` takes a backup before migrating (`--check` only says whether migrations are pending).

use parley_services::Services;
use parley_services::operations::health::{CheckStatus, HealthReport};
use parley_services::operations::maintenance::{MaintenanceInput, MaintenanceState};
use parley_store::repo::operations::health as repo;

/// What the build knew of itself: the commit (`build.rs`, from git or `PARLEY_BUILD_COMMIT`) and the profile.
pub fn build_info() -> parley_services::operations::BuildInfo {
    parley_services::operations::BuildInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        commit: option_env!("PARLEY_BUILD_COMMIT").map(str::to_owned),
        profile: if cfg!(debug_assertions) { "debug" } else { "release" }.to_owned(),
    }
}

/// Prints the report; answers whether every check passed (`warn` passes, `fail` does not).
pub async fn doctor(services: &Services, json: bool) -> anyhow::Result<bool> {
    let report = services.health.report().await;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&report));
    }
    Ok(report.status != CheckStatus::Fail)
}

/// The report as a plain table: check, status, value, and the hint under a check that is not ok.
fn table(report: &HealthReport) -> String {
    let name_w = report.checks.iter().map(|c| c.name.len()).max().unwrap_or(5).max(5);
    let mut out =
        format!("Parley {} health, {}\n\n", report.version, report.checked_at.format("%Y-%m-%d %H:%M:%S UTC"));
    out.push_str(&format!("  {:<name_w$}  {:<6}  {}\n", "CHECK", "STATUS", "VALUE"));
    for c in &report.checks {
        out.push_str(&format!("  {:<name_w$}  {:<6}  {}\n", c.name, c.status.as_str().to_uppercase(), c.value));
        if let Some(hint) = &c.hint {
            out.push_str(&format!("  {:<name_w$}  {:<6}  -> {hint}\n", "", ""));
        }
    }
    let count = |s: CheckStatus| report.checks.iter().filter(|c| c.status == s).count();
    out.push_str(&format!(
        "\n{} ok, {} warning(s), {} failure(s)\n",
        count(CheckStatus::Ok),
        count(CheckStatus::Warn),
        count(CheckStatus::Fail)
    ));
    out
}

pub fn print_maintenance(state: &MaintenanceState) {
    if state.enabled {
        println!("Maintenance mode is ON: writes answer 503 and every user sees: {}", state.message);
    } else {
        println!("Maintenance mode is off.");
    }
    if let Some(at) = state.changed_at {
        println!("Last changed {}", at.format("%Y-%m-%d %H:%M:%S UTC"));
    }
}

pub async fn maintenance(services: &Services, enabled: Option<bool>, message: Option<String>) -> anyhow::Result<()> {
    let state = match enabled {
        Some(enabled) => services
            .maintenance
            .set(None, MaintenanceInput { enabled, message })
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        None => services.maintenance.state().await,
    };
    print_maintenance(&state);
    Ok(())
}

/// Migrations this binary carries that the database has not applied (all of them on an empty database).
pub async fn pending_migrations(owner_url: &str) -> anyhow::Result<(Vec<String>, usize)> {
    let applied = repo::applied_migrations_as_owner(owner_url).await?;
    let pending = repo::known_migrations().into_iter().filter(|m| !applied.contains(m)).collect();
    Ok((pending, applied.len()))
}

/// `parley migrate --check`: one status line; answers whether the database is current.
pub async fn migrate_check(owner_url: &str) -> bool {
    match pending_migrations(owner_url).await {
        Ok((pending, applied)) if pending.is_empty() => {
            println!("migrations: up to date ({applied} applied)");
            true
        }
        Ok((pending, _)) => {
            println!("migrations: {} pending ({})", pending.len(), pending.join(", "));
            false
        }
        Err(e) => {
            println!("migrations: cannot read the database: {e}");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_services::operations::health::SystemCheck;

    #[test]
    fn the_table_lists_every_check_with_its_hint_under_it() {
        let check = |name: &str, status, hint: Option<&str>| SystemCheck {
            name: name.into(),
            status,
            value: format!("{name} value"),
            hint: hint.map(str::to_owned),
            duration_ms: 1,
        };
        let report = HealthReport {
            status: CheckStatus::Fail,
            checked_at: chrono::Utc::now(),
            version: "1.2.3".into(),
            checks: vec![check("database", CheckStatus::Ok, None), check("smtp", CheckStatus::Fail, Some("fix it"))],
        };
        let out = table(&report);
        assert!(out.contains("database  OK      database value"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let smtp = lines.iter().position(|l| l.contains("smtp      FAIL    smtp value")).expect("smtp row");
        assert_eq!(lines[smtp + 1].trim(), "-> fix it", "the hint follows its check");
        assert!(out.contains("1 ok, 0 warning(s), 1 failure(s)"), "{out}");
    }
}
