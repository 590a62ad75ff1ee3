//! The operations commands through the real binary (docs/upgrade.md): `parley migrate --check` exits 0 only when
//! no migration is pending (the Helm chart's wait-for-migrations uses it), `parley migrate` takes a backup first when
//! one is, `parley doctor` prints every check and `parley maintenance` toggles maintenance mode.

use sea_orm::{ConnectionTrait, Database};
use std::path::PathBuf;
use std::process::{Command, Output};

struct Env {
    db_url: String,
    dir: PathBuf,
}

impl Env {
    fn new(name: &str) -> Self {
        let server = std::env::var("PARLEY_TEST_DATABASE_SERVER")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
        let id = format!("{name}_{}_{}", std::process::id(), uuid::Uuid::now_v7().simple());
        let dir = std::env::temp_dir().join(format!("parley-{id}"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self { db_url: format!("{server}/parley_{id}"), dir }
    }

    fn parley(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_parley"))
            .args(args)
            .current_dir(&self.dir)
            .env("DATABASE_URL", &self.db_url)
            .env("PARLEY_DATABASE__AUTO_MIGRATE", "false")
            .env("PARLEY_MEDIA__LOCAL_DIR", self.dir.join("media"))
            .env("PARLEY_BACKUP__DIR", self.dir.join("backups"))
            .env("PARLEY_SECURITY__SECRETS_FILE", self.dir.join("secrets.toml"))
            .env("RUST_LOG", "error")
            .output()
            .expect("parley runs")
    }
}

fn stdout(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[tokio::test]
async fn migrate_check_says_whether_migrations_are_pending_and_migrate_backs_up_first() {
    let env = Env::new("ops_cli");
    // A fresh install: nothing to lose, so no backup, and everything applied.
    let first = env.parley(&["migrate"]);
    assert!(first.status.success(), "{}", stdout(&first));
    assert!(!stdout(&first).contains("taking a backup"), "{}", stdout(&first));
    let check = env.parley(&["migrate", "--check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(String::from_utf8_lossy(&check.stdout).starts_with("migrations: up to date"), "{}", stdout(&check));

    // The newest migration undone, as if this binary were newer than the database.
    let owner = Database::connect(&env.db_url).await.expect("owner");
    owner
        .execute_unprepared(
            "drop table maintenance_mode; drop function parley_applied_migrations();
             delete from seaql_migrations where version = 'm0029_maintenance'",
        )
        .await
        .expect("undo a migration");
    let check = env.parley(&["migrate", "--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    assert_eq!(String::from_utf8_lossy(&check.stdout).trim(), "migrations: 1 pending (m0029_maintenance)");

    let upgrade = env.parley(&["migrate"]);
    let out = stdout(&upgrade);
    assert!(upgrade.status.success(), "{out}");
    assert!(out.contains("1 migration(s) pending: taking a backup first"), "{out}");
    assert!(out.contains("Backup "), "{out}");
    let backups: Vec<_> = std::fs::read_dir(env.dir.join("backups")).expect("backups dir").flatten().collect();
    assert!(!backups.is_empty(), "the backup is on disk");
    assert!(env.parley(&["migrate", "--check"]).status.success());
    owner.close().await.ok();
}

#[tokio::test]
async fn doctor_prints_every_check_and_maintenance_toggles_from_the_command_line() {
    let env = Env::new("ops_doctor");
    assert!(env.parley(&["migrate"]).status.success());
    let doctor = env.parley(&["doctor"]);
    let out = stdout(&doctor);
    // No SMTP configured is a warning, not a failure.
    assert!(doctor.status.success(), "{out}");
    for name in ["database", "migrations", "redis", "smtp", "storage", "whatsapp", "stripe", "disk", "queues", "clock"]
    {
        assert!(out.lines().any(|l| l.trim_start().starts_with(name)), "{name} missing: {out}");
    }
    let json = env.parley(&["doctor", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(report["checks"].as_array().map(Vec::len), Some(12));

    let on = env.parley(&["maintenance", "on", "--message", "Back at noon"]);
    assert!(on.status.success(), "{}", stdout(&on));
    let status = env.parley(&["maintenance", "status"]);
    assert!(stdout(&status).contains("Maintenance mode is ON") && stdout(&status).contains("Back at noon"));
    assert!(env.parley(&["maintenance", "off"]).status.success());
    assert!(stdout(&env.parley(&["maintenance", "status"])).contains("Maintenance mode is off."));

    // A broken dependency fails the run: the database without a migration.
    let owner = Database::connect(&env.db_url).await.expect("owner");
    owner.execute_unprepared("delete from seaql_migrations where version = 'm0015_analytics'").await.expect("forget");
    let broken = env.parley(&["doctor"]);
    assert_eq!(broken.status.code(), Some(1), "{}", stdout(&broken));
    assert!(stdout(&broken).contains("m0015_analytics"));
    owner.close().await.ok();
}
