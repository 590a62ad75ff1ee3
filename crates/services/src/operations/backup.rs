//! Backups (docs/backup.md): a PostgreSQL custom-format dump, the media (a tar, or a pointer when media is on S3)
//! and a manifest with checksums, written to a directory or a bucket; restores that go through a scratch database
//! and a check before they swap; the schedule and its retention. Runs `pg_dump`, `pg_restore` and `tar`; talks to
//! the database as its owner (the URL `parley migrate` uses), since only the owner may dump and create databases.

use crate::{Core, DbResultExt, DomainError, Result};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use futures::Stream;
use parley_media::{Backend as MediaBackend, Bucket, MediaConfig, S3Config};
use parley_store::bootstrap;
use parley_store::repo::operations::backups as repo;
use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    IsolationLevel, Statement, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::process::Command;
use utoipa::ToSchema;
use uuid::Uuid;

pub const MANIFEST_FILE: &str = "manifest.json";
pub const DUMP_FILE: &str = "database.dump";
pub const MEDIA_FILE: &str = "media.tar";

/// Tables counted in the manifest and compared after a restore.
const COUNTED_TABLES: &[&str] = &["tenants", "users", "memberships", "contacts", "conversations", "messages"];

/// Where backups go and when they are made (`[backup]` in parley.toml).
#[derive(Debug, Clone)]
pub struct BackupConfig {
    /// Backups' directory; with `s3` set, only the staging area while files are uploaded.
    pub dir: PathBuf,
    pub s3: Option<S3Destination>,
    /// A backup every day at this time (UTC); none: only on demand.
    pub schedule: Option<NaiveTime>,
    /// Kept: the newest backup of each of the last `keep_daily` days with a backup ...
    pub keep_daily: u32,
    /// ... and of each of the last `keep_weekly` ISO weeks.
    pub keep_weekly: u32,
}

impl Default for BackupConfig {
    fn default() -> Self {
        Self { dir: PathBuf::from("data/backups"), s3: None, schedule: None, keep_daily: 7, keep_weekly: 4 }
    }
}

/// `s3://bucket/prefix`, reached with the media store's S3 settings (endpoint, region, credentials).
#[derive(Debug, Clone)]
pub struct S3Destination {
    pub bucket: String,
    pub prefix: String,
    pub settings: S3Config,
}

impl S3Destination {
    /// Parses `s3://bucket[/prefix]`; `media_s3` lends its endpoint and credentials (else AWS's default chain).
    pub fn parse(url: &str, media_s3: Option<&S3Config>) -> Result<Self> {
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| DomainError::field("to", "An S3 destination looks like s3://bucket/prefix."))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(DomainError::field("to", "The S3 destination names no bucket (s3://bucket/prefix)."));
        }
        let settings = media_s3.cloned().unwrap_or(S3Config {
            bucket: bucket.to_owned(),
            region: "us-east-1".into(),
            endpoint: None,
            access_key_id: None,
            secret_access_key: None,
            force_path_style: false,
            prefix: String::new(),
        });
        Ok(Self { bucket: bucket.to_owned(), prefix: prefix.trim_matches('/').to_owned(), settings })
    }

    pub fn url(&self) -> String {
        if self.prefix.is_empty() {
            format!("s3://{}", self.bucket)
        } else {
            format!("s3://{}/{}", self.bucket, self.prefix)
        }
    }

    async fn bucket(&self) -> Result<Bucket> {
        Bucket::new(&self.settings, &self.bucket, &self.prefix).await.map_err(DomainError::internal)
    }
}

/// What is backed up: the database (by its owner's URL) and the media.
#[derive(Debug, Clone)]
pub struct BackupSource {
    pub database_url: String,
    pub media: MediaConfig,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    Manual,
    Scheduled,
    BeforeMigrate,
    Install,
}

impl BackupReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manual => "manual",
            Self::Scheduled => "scheduled",
            Self::BeforeMigrate => "before_migrate",
            Self::Install => "install",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "manual" => Self::Manual,
            "scheduled" => Self::Scheduled,
            "before_migrate" => Self::BeforeMigrate,
            "install" => Self::Install,
            _ => return None,
        })
    }
}

/// One file of a backup, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub name: String,
    pub size: u64,
    /// Lowercase hex SHA-256.
    pub sha256: String,
}

/// The media part: a tar of the local media directory, or where the objects are when media is on S3 (the bucket
/// keeps them; a backup does not copy them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum MediaPart {
    #[serde(rename_all = "camelCase")]
    Archive { file: String, directory: String },
    #[serde(rename_all = "camelCase")]
    S3Pointer { bucket: String, prefix: String, objects: u64 },
}

/// A tenant read back after a restore, through row-level security as the app would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SampleTenant {
    pub id: Uuid,
    pub name: String,
    /// Its contacts, counted as the tenant role inside the tenant's context.
    pub contacts: i64,
}

/// `manifest.json`: what a backup holds and how to check it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BackupManifest {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub reason: BackupReason,
    pub parley_version: String,
    /// The last applied migration (`seaql_migrations`); a restore checks the restored database names the same.
    pub last_migration: Option<String>,
    /// The database's name and size (`pg_database_size`) when dumped.
    pub database: String,
    pub database_size: i64,
    /// Rows of the key tables, counted in the dump's own snapshot.
    pub counts: BTreeMap<String, i64>,
    pub sample_tenant: Option<SampleTenant>,
    pub files: Vec<BackupFile>,
    pub media: MediaPart,
    /// Where the files are (a directory, or `s3://bucket/prefix/<id>/`).
    pub location: String,
    pub duration_ms: i64,
}

impl BackupManifest {
    pub fn total_size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// One check of a restore.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CheckItem {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

/// A restore check: the backup restored into a scratch database and compared with its manifest.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RestoreCheck {
    pub backup_id: Uuid,
    pub checked_at: DateTime<Utc>,
    pub ok: bool,
    pub scratch_database: String,
    pub checks: Vec<CheckItem>,
    pub duration_ms: i64,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct RestoreOptions {
    /// Check only: the scratch database is dropped and nothing live changes.
    pub check_only: bool,
    /// Terminate the live database's connections without asking.
    pub yes: bool,
}

/// What `parley restore` did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreReport {
    pub manifest: BackupManifest,
    pub check: RestoreCheck,
    /// After a swap: the name the previous database was kept under.
    pub previous_database: Option<String>,
    /// After a swap with a media archive: where the previous media directory was moved.
    pub previous_media: Option<String>,
    /// Live connections ended to swap.
    pub terminated_connections: i64,
}

// ---------------------------------------------------------------------------------------------------------------
// The admin page's view.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BackupStatus {
    Running,
    Done,
    Failed,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BackupSummary {
    pub id: Uuid,
    pub reason: BackupReason,
    pub status: BackupStatus,
    pub location: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i64>,
    pub size_bytes: Option<i64>,
    pub error: Option<String>,
    pub last_migration: Option<String>,
    pub parley_version: Option<String>,
    pub counts: Option<BTreeMap<String, i64>>,
    pub verified_at: Option<DateTime<Utc>>,
    pub verify_ok: Option<bool>,
    pub verify_checks: Option<Vec<CheckItem>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BackupSettings {
    /// The directory or `s3://` URL backups go to.
    pub destination: String,
    /// Daily at this UTC time (`HH:MM`), or none.
    pub schedule: Option<String>,
    pub keep_daily: u32,
    pub keep_weekly: u32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BackupList {
    pub items: Vec<BackupSummary>,
    /// The backup whose restore check passed most recently.
    pub last_verified: Option<BackupSummary>,
    pub settings: BackupSettings,
}

/// A backup to download: a presigned link (S3), or a tar of its directory streamed as it is made.
pub enum BackupDownload {
    Url(String),
    Tar { filename: String, body: Pin<Box<dyn Stream<Item = std::io::Result<bytes::Bytes>> + Send>> },
}

fn summary(r: repo::BackupRow) -> Result<BackupSummary> {
    let manifest: Option<BackupManifest> = r.manifest.and_then(|m| serde_json::from_value(m).ok());
    let checks: Option<Vec<CheckItem>> =
        r.verify_detail.and_then(|d| serde_json::from_value::<RestoreCheck>(d).ok()).map(|c| c.checks);
    Ok(BackupSummary {
        id: r.id,
        reason: crate::stored(BackupReason::parse, &r.reason)?,
        status: crate::stored(
            |s| match s {
                "running" => Some(BackupStatus::Running),
                "done" => Some(BackupStatus::Done),
                "failed" => Some(BackupStatus::Failed),
                _ => None,
            },
            &r.status,
        )?,
        location: r.location,
        started_at: r.started_at,
        finished_at: r.finished_at,
        duration_ms: r.finished_at.map(|f| (f - r.started_at).num_milliseconds()),
        size_bytes: r.size_bytes,
        error: r.error,
        last_migration: manifest.as_ref().and_then(|m| m.last_migration.clone()),
        parley_version: manifest.as_ref().map(|m| m.parley_version.clone()),
        counts: manifest.map(|m| m.counts),
        verified_at: r.verified_at,
        verify_ok: r.verify_ok,
        verify_checks: checks,
    })
}

// ---------------------------------------------------------------------------------------------------------------
// The service.

/// `services.backups`: the server's side (the admin page, the schedule); the CLI uses the free functions below.
#[derive(Clone)]
pub struct BackupService {
    core: Arc<Core>,
    cfg: Arc<BackupConfig>,
    source: Option<Arc<BackupSource>>,
}

impl BackupService {
    pub fn new(core: Arc<Core>, cfg: BackupConfig, source: Option<BackupSource>) -> Self {
        Self { core, cfg: Arc::new(cfg), source: source.map(Arc::new) }
    }

    /// The same service with other settings (`parley serve` applies `[backup]`; tests their own directory).
    pub fn with_config(&self, cfg: BackupConfig) -> Self {
        Self { core: self.core.clone(), cfg: Arc::new(cfg), source: self.source.clone() }
    }

    pub fn config(&self) -> &BackupConfig {
        &self.cfg
    }

    fn source(&self) -> Result<&BackupSource> {
        self.source.as_deref().ok_or_else(|| DomainError::Rejected {
            code: "backups_not_configured",
            message: "This process has no database owner URL to back up with.".into(),
        })
    }

    /// Makes a backup now and applies retention.
    pub async fn run(&self, reason: BackupReason) -> Result<BackupManifest> {
        let src = self.source()?;
        let owner = owner_connection(&src.database_url).await?;
        let id = Uuid::now_v7();
        let lock = hold(&owner, id).await?;
        repo::start(&owner, id, reason.as_str(), &location_of(&self.cfg, id), None).await.db()?;
        let res = execute(&self.cfg, src, &owner, id, reason).await;
        lock.rollback().await.ok();
        owner.close().await.ok();
        let manifest = res?;
        if let Err(e) = self.apply_retention().await {
            tracing::warn!(error = %e, "backup retention failed");
        }
        Ok(manifest)
    }

    /// "Back up now": records the backup as running and makes it in the background; the list shows it finish.
    pub async fn start(&self, reason: BackupReason) -> Result<BackupSummary> {
        let src = self.source()?.clone();
        let owner = owner_connection(&src.database_url).await?;
        let id = Uuid::now_v7();
        let lock = hold(&owner, id).await?;
        repo::start(&owner, id, reason.as_str(), &location_of(&self.cfg, id), None).await.db()?;
        let this = self.clone();
        tokio::spawn(async move {
            let res = execute(&this.cfg, &src, &owner, id, reason).await;
            lock.rollback().await.ok();
            owner.close().await.ok();
            match res {
                Ok(_) => {
                    if let Err(e) = this.apply_retention().await {
                        tracing::warn!(error = %e, "backup retention failed");
                    }
                }
                Err(e) => tracing::error!(backup = %id, error = %e, "backup failed"),
            }
        });
        self.get(id).await
    }

    /// The schedule's minute tick: makes today's backup once it is due (one node claims the day).
    pub async fn scheduled_tick(&self) -> Result<Option<BackupManifest>> {
        let Some(at) = self.cfg.schedule else { return Ok(None) };
        let now = Utc::now();
        if now.time() < at {
            return Ok(None);
        }
        self.sweep_interrupted().await;
        let src = self.source()?;
        let owner = owner_connection(&src.database_url).await?;
        let id = Uuid::now_v7();
        let lock = hold(&owner, id).await?;
        let claimed = repo::start(
            &owner,
            id,
            BackupReason::Scheduled.as_str(),
            &location_of(&self.cfg, id),
            Some(now.date_naive()),
        )
        .await
        .db()?;
        if !claimed {
            lock.rollback().await.ok();
            owner.close().await.ok();
            return Ok(None);
        }
        let res = execute(&self.cfg, src, &owner, id, BackupReason::Scheduled).await;
        lock.rollback().await.ok();
        owner.close().await.ok();
        let manifest = res?;
        self.apply_retention().await?;
        Ok(Some(manifest))
    }

    /// A backup left "running" by a process that stopped (crash, restart, kill) is marked failed, so the list and
    /// the admin never wait for it; one being made on any node is left alone (`repo::hold_running`).
    async fn sweep_interrupted(&self) {
        match repo::fail_interrupted(&self.core.db).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(backups = n, "backups interrupted by their process stopping marked failed"),
            Err(e) => tracing::warn!(error = %e, "could not look for interrupted backups"),
        }
    }

    pub async fn list(&self) -> Result<BackupList> {
        self.sweep_interrupted().await;
        let rows = repo::list(&self.core.db).await.db()?;
        let items = rows.into_iter().map(summary).collect::<Result<Vec<_>>>()?;
        let last_verified = items.iter().filter(|b| b.verify_ok == Some(true)).max_by_key(|b| b.verified_at).cloned();
        Ok(BackupList {
            items,
            last_verified,
            settings: BackupSettings {
                destination: destination_of(&self.cfg),
                schedule: self.cfg.schedule.map(|t| t.format("%H:%M").to_string()),
                keep_daily: self.cfg.keep_daily,
                keep_weekly: self.cfg.keep_weekly,
            },
        })
    }

    pub async fn get(&self, id: Uuid) -> Result<BackupSummary> {
        summary(repo::find(&self.core.db, id).await.db()?.ok_or(DomainError::NotFound("Backup"))?)
    }

    /// Restores the backup into a scratch database, checks it, drops it, and records the outcome.
    pub async fn verify(&self, id: Uuid) -> Result<RestoreCheck> {
        let b = self.get(id).await?;
        if b.status != BackupStatus::Done {
            return Err(DomainError::Rejected {
                code: "backup_not_done",
                message: "Only a finished backup can be checked.".into(),
            });
        }
        let src = self.source()?;
        let report = restore(
            &self.cfg,
            &src.database_url,
            &src.media,
            &id.to_string(),
            RestoreOptions { check_only: true, yes: false },
        )
        .await?;
        Ok(report.check)
    }

    pub async fn download(&self, id: Uuid) -> Result<BackupDownload> {
        let b = self.get(id).await?;
        if b.status != BackupStatus::Done {
            return Err(DomainError::Rejected {
                code: "backup_not_done",
                message: "Only a finished backup can be downloaded.".into(),
            });
        }
        if let Some(s3) = b.location.starts_with("s3://").then_some(()).and(self.cfg.s3.as_ref()) {
            let bucket = s3.bucket().await?;
            let url = bucket
                .presign_get(&format!("{id}/{DUMP_FILE}"), Duration::from_secs(3600))
                .await
                .map_err(DomainError::internal)?;
            return Ok(BackupDownload::Url(url));
        }
        let dir = PathBuf::from(&b.location);
        if !dir.join(MANIFEST_FILE).is_file() {
            return Err(DomainError::NotFound("Backup files"));
        }
        let parent = dir.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut child = Command::new("tar")
            .arg("-cf")
            .arg("-")
            .arg("-C")
            .arg(&parent)
            .arg(&name)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| DomainError::internal(format!("tar: {e}")))?;
        let stdout = child.stdout.take().ok_or_else(|| DomainError::internal("tar has no output"))?;
        let body = futures::stream::unfold((stdout, child), |(mut out, child)| async move {
            use tokio::io::AsyncReadExt;
            let mut buf = vec![0u8; 64 * 1024];
            match out.read(&mut buf).await {
                Ok(0) => None,
                Ok(n) => {
                    buf.truncate(n);
                    Some((Ok(bytes::Bytes::from(buf)), (out, child)))
                }
                Err(e) => Some((Err(e), (out, child))),
            }
        });
        Ok(BackupDownload::Tar { filename: format!("parley-backup-{name}.tar"), body: Box::pin(body) })
    }

    /// Deletes the backups retention does not keep (files and rows); answers their ids.
    pub async fn apply_retention(&self) -> Result<Vec<Uuid>> {
        let src = self.source()?;
        let owner = owner_connection(&src.database_url).await?;
        let res = apply_retention(&self.cfg, &owner).await;
        owner.close().await.ok();
        res
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Backing up.

/// Retention without the app (`parley backup --scheduled`, what a Kubernetes CronJob runs): deletes the backups the
/// configuration does not keep, files and rows, and answers their ids.
pub async fn retain(cfg: &BackupConfig, database_url: &str) -> Result<Vec<Uuid>> {
    let owner = owner_connection(database_url).await?;
    let res = apply_retention(cfg, &owner).await;
    owner.close().await.ok();
    res
}

/// A backup without the app (`parley migrate` takes one before migrating, when the services do not exist yet).
/// Records it in `backups` when the table exists.
pub async fn backup_database(
    cfg: &BackupConfig,
    database_url: &str,
    media: &MediaConfig,
    reason: BackupReason,
) -> Result<BackupManifest> {
    let owner = owner_connection(database_url).await?;
    let src = BackupSource { database_url: database_url.to_owned(), media: media.clone() };
    let id = Uuid::now_v7();
    let lock = hold(&owner, id).await;
    let res = async {
        let recorded = repo::table_exists(&owner).await.db()?
            && repo::start(&owner, id, reason.as_str(), &location_of(cfg, id), None).await.db()?;
        let started = Utc::now();
        let manifest = execute(cfg, &src, &owner, id, reason).await?;
        if !recorded && repo::table_exists(&owner).await.db()? {
            let json = serde_json::to_value(&manifest).map_err(DomainError::internal)?;
            repo::insert_done(
                &owner,
                id,
                reason.as_str(),
                &manifest.location,
                started,
                manifest.total_size() as i64,
                json,
            )
            .await
            .db()?;
        }
        Ok(manifest)
    }
    .await;
    if let Ok(lock) = lock {
        lock.rollback().await.ok();
    }
    owner.close().await.ok();
    res
}

/// Makes the files of backup `id` (its row exists when the table does) and marks the row done or failed.
async fn execute(
    cfg: &BackupConfig,
    src: &BackupSource,
    owner: &DatabaseConnection,
    id: Uuid,
    reason: BackupReason,
) -> Result<BackupManifest> {
    let staging = cfg.dir.join(format!(".{id}.partial"));
    let res = make_files(cfg, src, owner, id, reason, &staging).await;
    let _ = tokio::fs::remove_dir_all(&staging).await;
    let has_table = repo::table_exists(owner).await.db()?;
    match &res {
        Ok(m) if has_table => {
            let json = serde_json::to_value(m).map_err(DomainError::internal)?;
            repo::finish(owner, id, m.total_size() as i64, json).await.db()?;
        }
        Err(e) if has_table => {
            repo::fail(owner, id, &e.to_string()).await.db()?;
        }
        _ => {}
    }
    res
}

async fn make_files(
    cfg: &BackupConfig,
    src: &BackupSource,
    owner: &DatabaseConnection,
    id: Uuid,
    reason: BackupReason,
    staging: &Path,
) -> Result<BackupManifest> {
    let started = Instant::now();
    let created_at = Utc::now();
    tokio::fs::create_dir_all(staging).await.map_err(|e| io_error(staging, e))?;

    // One snapshot for the counts and the dump, so the manifest describes exactly what was dumped.
    let tx = owner.begin_with_config(Some(IsolationLevel::RepeatableRead), Some(AccessMode::ReadOnly)).await.db()?;
    let snapshot: String = one_value(&tx, "select pg_export_snapshot() as v").await?;
    let facts = database_facts(&tx).await?;
    let dump = staging.join(DUMP_FILE);
    let dumped = pg_dump(&src.database_url, &snapshot, &dump).await;
    tx.rollback().await.db()?;
    dumped?;

    let media = match (&src.media.backend, &src.media.s3) {
        (MediaBackend::S3, Some(s3)) => {
            let bucket = Bucket::new(s3, &s3.bucket, &s3.prefix).await.map_err(DomainError::internal)?;
            let objects = bucket.list("").await.map_err(DomainError::internal)?.len() as u64;
            MediaPart::S3Pointer { bucket: s3.bucket.clone(), prefix: bucket.prefix().to_owned(), objects }
        }
        _ => {
            tar_create(&src.media.local_dir, &staging.join(MEDIA_FILE)).await?;
            MediaPart::Archive { file: MEDIA_FILE.into(), directory: src.media.local_dir.display().to_string() }
        }
    };
    let mut files = vec![file_entry(&dump).await?];
    if let MediaPart::Archive { file, .. } = &media {
        files.push(file_entry(&staging.join(file)).await?);
    }
    let mut manifest = BackupManifest {
        id,
        created_at,
        reason,
        parley_version: env!("CARGO_PKG_VERSION").to_owned(),
        last_migration: facts.last_migration,
        database: database_name(&src.database_url)?,
        database_size: facts.size,
        counts: facts.counts,
        sample_tenant: facts.sample,
        files,
        media,
        location: location_of(cfg, id),
        duration_ms: 0,
    };
    manifest.duration_ms = started.elapsed().as_millis() as i64;
    let json = serde_json::to_vec_pretty(&manifest).map_err(DomainError::internal)?;
    tokio::fs::write(staging.join(MANIFEST_FILE), json).await.map_err(|e| io_error(staging, e))?;

    match &cfg.s3 {
        Some(s3) => {
            let bucket = s3.bucket().await?;
            // The manifest last: a backup without one is visibly unfinished.
            for f in manifest.files.iter().map(|f| f.name.as_str()).chain([MANIFEST_FILE]) {
                bucket.put_file(&format!("{id}/{f}"), &staging.join(f)).await.map_err(DomainError::internal)?;
            }
        }
        None => {
            let dest = cfg.dir.join(id.to_string());
            tokio::fs::rename(staging, &dest).await.map_err(|e| io_error(&dest, e))?;
        }
    }
    tracing::info!(backup = %id, reason = reason.as_str(), bytes = manifest.total_size(), "backup made");
    Ok(manifest)
}

fn location_of(cfg: &BackupConfig, id: Uuid) -> String {
    match &cfg.s3 {
        Some(s3) => format!("{}/{id}/", s3.url()),
        None => absolute(&cfg.dir).join(id.to_string()).display().to_string(),
    }
}

fn destination_of(cfg: &BackupConfig) -> String {
    match &cfg.s3 {
        Some(s3) => s3.url(),
        None => absolute(&cfg.dir).display().to_string(),
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

struct DatabaseFacts {
    last_migration: Option<String>,
    size: i64,
    counts: BTreeMap<String, i64>,
    sample: Option<SampleTenant>,
}

/// Reads the manifest's facts of the connected database: counts go through the system role (it bypasses row-level
/// security, which binds even the owner), the sample tenant's contacts through the tenant role and its policy.
async fn database_facts<C: ConnectionTrait>(c: &C) -> Result<DatabaseFacts> {
    let last_migration: Option<String> =
        one_value(c, "select (select version from seaql_migrations order by version desc limit 1) as v").await?;
    let size: i64 = one_value(c, "select pg_database_size(current_database()) as v").await?;
    let system_role: bool = one_value(c, &member_of(bootstrap::SYSTEM_ROLE)).await?;
    if system_role {
        c.execute_unprepared(&format!("set local role {}", bootstrap::SYSTEM_ROLE)).await.db()?;
    }
    let mut counts = BTreeMap::new();
    for t in COUNTED_TABLES {
        let present: bool = one_value(c, &format!("select to_regclass('public.{t}') is not null as v")).await?;
        if present {
            counts.insert((*t).to_owned(), one_value(c, &format!("select count(*) as v from {t}")).await?);
        }
    }
    let tenant = c
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "select id, name from tenants order by created_at, id limit 1",
        ))
        .await
        .db()?;
    let mut sample = None;
    if let Some(row) = tenant {
        let id: Uuid = row.try_get("", "id").db()?;
        let name: String = row.try_get("", "name").db()?;
        let app_role: bool = one_value(c, &member_of(bootstrap::APP_ROLE)).await?;
        let contacts = if app_role && system_role {
            c.execute_unprepared(&format!("set local role {}", bootstrap::APP_ROLE)).await.db()?;
            c.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "select set_config('app.tenant_id', $1, true)",
                [id.to_string().into()],
            ))
            .await
            .db()?;
            let n: i64 = one_value(c, "select count(*) as v from contacts").await?;
            c.execute_unprepared(&format!("set local role {}", bootstrap::SYSTEM_ROLE)).await.db()?;
            n
        } else {
            -1
        };
        sample = Some(SampleTenant { id, name, contacts });
    }
    if system_role {
        c.execute_unprepared("reset role").await.db()?;
    }
    Ok(DatabaseFacts { last_migration, size, counts, sample })
}

/// Whether this session may `set role` to `role` (false when the role does not exist on this server).
fn member_of(role: &str) -> String {
    format!(
        "select coalesce((select pg_has_role(session_user, oid, 'member') from pg_roles where rolname = {}), false) as v",
        literal(role)
    )
}

async fn one_value<C: ConnectionTrait, T: sea_orm::TryGetable>(c: &C, sql: &str) -> Result<T> {
    let row = c
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql.to_owned()))
        .await
        .db()?
        .ok_or_else(|| DomainError::internal(format!("no row for {sql}")))?;
    row.try_get("", "v").db()
}

// ---------------------------------------------------------------------------------------------------------------
// Restoring.

/// `parley restore` and the admin's "Verify": checks the files against the manifest (a mismatch changes nothing),
/// restores into `<db>_restore_<short id>`, checks it (migrations, counts, a tenant read through row-level
/// security) and records the outcome. Unless `check_only`, swaps: the live database is renamed
/// `<db>_before_restore_<time>` and the scratch one takes its name (connections to it are ended only with
/// `yes`), then the media archive replaces the media directory (the old one is kept beside it).
pub async fn restore(
    cfg: &BackupConfig,
    database_url: &str,
    media: &MediaConfig,
    what: &str,
    opts: RestoreOptions,
) -> Result<RestoreReport> {
    let (dir, cleanup) = locate(cfg, what).await?;
    let res = restore_from(database_url, media, &dir, opts).await;
    if cleanup {
        let _ = tokio::fs::remove_dir_all(&dir).await;
    }
    res
}

/// The backup's directory: a path, an id in the backup directory, or an id downloaded from the bucket (a staging
/// copy to remove afterwards: `true`).
async fn locate(cfg: &BackupConfig, what: &str) -> Result<(PathBuf, bool)> {
    let path = PathBuf::from(what);
    if path.join(MANIFEST_FILE).is_file() {
        return Ok((path, false));
    }
    if path.file_name().is_some_and(|n| n == MANIFEST_FILE) && path.is_file() {
        return Ok((path.parent().map(Path::to_path_buf).unwrap_or_default(), false));
    }
    let not_found = || DomainError::NotFound("Backup");
    let id = Uuid::parse_str(what.trim()).map_err(|_| not_found())?;
    let local = cfg.dir.join(id.to_string());
    if local.join(MANIFEST_FILE).is_file() {
        return Ok((local, false));
    }
    let Some(s3) = &cfg.s3 else { return Err(not_found()) };
    let bucket = s3.bucket().await?;
    let staging = cfg.dir.join(format!(".{id}.restore"));
    tokio::fs::create_dir_all(&staging).await.map_err(|e| io_error(&staging, e))?;
    let fetched = async {
        bucket.get_to_file(&format!("{id}/{MANIFEST_FILE}"), &staging.join(MANIFEST_FILE)).await.map_err(
            |e| match e {
                parley_media::MediaError::NotFound => not_found(),
                e => DomainError::internal(e),
            },
        )?;
        let manifest = read_manifest(&staging).await?;
        for f in &manifest.files {
            bucket
                .get_to_file(&format!("{id}/{}", f.name), &staging.join(&f.name))
                .await
                .map_err(DomainError::internal)?;
        }
        Ok(())
    }
    .await;
    if let Err(e) = fetched {
        let _ = tokio::fs::remove_dir_all(&staging).await;
        return Err(e);
    }
    Ok((staging, true))
}

async fn read_manifest(dir: &Path) -> Result<BackupManifest> {
    let bytes = tokio::fs::read(dir.join(MANIFEST_FILE)).await.map_err(|e| io_error(dir, e))?;
    serde_json::from_slice(&bytes).map_err(|e| DomainError::Rejected {
        code: "backup_manifest_invalid",
        message: format!("{} is not a Parley backup manifest: {e}", dir.join(MANIFEST_FILE).display()),
    })
}

/// Every file the manifest lists has its size and checksum; anything else is refused before a database exists.
pub async fn verify_files(dir: &Path) -> Result<BackupManifest> {
    let manifest = read_manifest(dir).await?;
    for f in &manifest.files {
        if f.name.contains('/') || f.name.contains("..") {
            return Err(corrupt(format!("the manifest names a file outside the backup: {}", f.name)));
        }
        let path = dir.join(&f.name);
        if !path.is_file() {
            return Err(corrupt(format!("{} is missing", f.name)));
        }
        let actual = file_entry(&path).await?;
        if actual.size != f.size || actual.sha256 != f.sha256 {
            return Err(corrupt(format!(
                "{} does not match its checksum (expected {} bytes, sha256 {}; found {} bytes, sha256 {})",
                f.name, f.size, f.sha256, actual.size, actual.sha256
            )));
        }
    }
    Ok(manifest)
}

fn corrupt(message: String) -> DomainError {
    DomainError::Rejected {
        code: "backup_corrupt",
        message: format!("The backup is damaged: {message}. Nothing was changed."),
    }
}

async fn restore_from(
    database_url: &str,
    media: &MediaConfig,
    dir: &Path,
    opts: RestoreOptions,
) -> Result<RestoreReport> {
    let started = Instant::now();
    let manifest = verify_files(dir).await?;
    let live = database_name(database_url)?;
    let id = manifest.id.simple().to_string();
    let scratch = bounded_name(&live, &format!("_restore_{}", &id[24..]));
    let scratch_url = with_database(database_url, &scratch)?;
    let admin = owner_connection(&with_database(database_url, "postgres")?).await?;
    let res = async {
        admin.execute_unprepared(&format!("drop database if exists \"{scratch}\" with (force)")).await.db()?;
        admin.execute_unprepared(&format!("create database \"{scratch}\"")).await.db()?;
        pg_restore(&scratch_url, &dir.join(DUMP_FILE)).await?;
        let checks = check_restored(&scratch_url, &manifest).await?;
        let check = RestoreCheck {
            backup_id: manifest.id,
            checked_at: Utc::now(),
            ok: checks.iter().all(|c| c.ok),
            scratch_database: scratch.clone(),
            checks,
            duration_ms: started.elapsed().as_millis() as i64,
        };
        record_check(database_url, &check).await;
        Ok::<_, DomainError>(check)
    }
    .await;
    let check = match res {
        Ok(c) => c,
        Err(e) => {
            let _ = admin.execute_unprepared(&format!("drop database if exists \"{scratch}\" with (force)")).await;
            admin.close().await.ok();
            return Err(e);
        }
    };
    if opts.check_only || !check.ok {
        admin.execute_unprepared(&format!("drop database if exists \"{scratch}\" with (force)")).await.db()?;
        admin.close().await.ok();
        if !check.ok {
            let failed: Vec<_> =
                check.checks.iter().filter(|c| !c.ok).map(|c| format!("{}: {}", c.name, c.detail)).collect();
            return Err(DomainError::Rejected {
                code: "restore_check_failed",
                message: format!(
                    "The restored copy does not match the backup ({}). Nothing live was changed.",
                    failed.join("; ")
                ),
            });
        }
        return Ok(RestoreReport {
            manifest,
            check,
            previous_database: None,
            previous_media: None,
            terminated_connections: 0,
        });
    }
    let swapped = swap(&admin, &live, &scratch, opts.yes).await;
    admin.close().await.ok();
    let (previous, terminated) = match swapped {
        Ok(v) => v,
        Err(e) => {
            if let Ok(a) = owner_connection(&with_database(database_url, "postgres")?).await {
                let _ = a.execute_unprepared(&format!("drop database if exists \"{scratch}\" with (force)")).await;
                a.close().await.ok();
            }
            return Err(e);
        }
    };
    // The restored database gets this version's grants and function owners (`--no-owner` left them to the
    // restoring role) and any migration newer than the backup.
    bootstrap::migrate(database_url).await.map_err(DomainError::internal)?;
    if let Ok(c) = owner_connection(database_url).await {
        // The backup's own row was dumped while it was running.
        if repo::table_exists(&c).await.unwrap_or(false)
            && let Ok(json) = serde_json::to_value(&manifest)
        {
            let _ = repo::finish(&c, manifest.id, manifest.total_size() as i64, json).await;
            if let Ok(detail) = serde_json::to_value(&check) {
                let _ = repo::record_verification(&c, manifest.id, check.ok, detail).await;
            }
        }
        c.close().await.ok();
    }
    let previous_media = match &manifest.media {
        MediaPart::Archive { file, .. } if media.backend == MediaBackend::Local => {
            Some(restore_media(&media.local_dir, &dir.join(file)).await?)
        }
        _ => None,
    };
    Ok(RestoreReport {
        manifest,
        check,
        previous_database: Some(previous),
        previous_media,
        terminated_connections: terminated,
    })
}

/// Renames the live database aside and the scratch one into its place. Sessions on the live database block the
/// rename: with `yes` new ones are refused and the existing ended first, else the restore stops here.
async fn swap(admin: &DatabaseConnection, live: &str, scratch: &str, yes: bool) -> Result<(String, i64)> {
    let sessions: i64 = one_value(
        admin,
        &format!(
            "select count(*) as v from pg_stat_activity where datname = {} and pid <> pg_backend_pid()",
            literal(live)
        ),
    )
    .await?;
    if sessions > 0 && !yes {
        return Err(DomainError::Conflict {
            code: "database_in_use",
            message: format!(
                "{sessions} session(s) are connected to {live}. Stop parley (serve and worker), or pass --yes to end them."
            ),
        });
    }
    let previous = bounded_name(live, &format!("_before_restore_{}", Utc::now().format("%Y%m%d%H%M%S")));
    admin.execute_unprepared(&format!("alter database \"{live}\" with allow_connections false")).await.db()?;
    let renamed = async {
        admin
            .execute_unprepared(&format!(
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = {} and pid <> pg_backend_pid()",
                literal(live)
            ))
            .await
            .db()?;
        // Ended sessions take a moment to leave.
        for _ in 0..50 {
            let left: i64 = one_value(
                admin,
                &format!("select count(*) as v from pg_stat_activity where datname = {}", literal(live)),
            )
            .await?;
            if left == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        admin.execute_unprepared(&format!("alter database \"{live}\" rename to \"{previous}\"")).await.db()?;
        admin.execute_unprepared(&format!("alter database \"{scratch}\" rename to \"{live}\"")).await.db()?;
        Ok::<_, DomainError>(())
    }
    .await;
    let kept = if renamed.is_ok() { &previous } else { live };
    admin.execute_unprepared(&format!("alter database \"{kept}\" with allow_connections true")).await.db()?;
    renamed?;
    Ok((previous, sessions))
}

/// Moves the media directory aside and unpacks the archive in its place; answers where the old one went.
async fn restore_media(dir: &Path, archive: &Path) -> Result<String> {
    let aside = PathBuf::from(format!("{}.before_restore_{}", dir.display(), Utc::now().format("%Y%m%d%H%M%S")));
    if dir.exists() {
        tokio::fs::rename(dir, &aside).await.map_err(|e| io_error(dir, e))?;
    }
    tokio::fs::create_dir_all(dir).await.map_err(|e| io_error(dir, e))?;
    run("tar", Command::new("tar").arg("-xf").arg(archive).arg("-C").arg(dir)).await?;
    Ok(aside.display().to_string())
}

/// Compares the scratch database with the manifest.
async fn check_restored(scratch_url: &str, manifest: &BackupManifest) -> Result<Vec<CheckItem>> {
    let c = owner_connection(scratch_url).await?;
    let tx = c.begin().await.db()?;
    let facts = database_facts(&tx).await;
    tx.rollback().await.db()?;
    c.close().await.ok();
    let facts = facts?;
    let mut checks = vec![CheckItem {
        name: "migrations".into(),
        ok: facts.last_migration == manifest.last_migration,
        detail: format!(
            "last migration {} (backup: {})",
            facts.last_migration.as_deref().unwrap_or("none"),
            manifest.last_migration.as_deref().unwrap_or("none")
        ),
    }];
    let mismatched: Vec<String> = manifest
        .counts
        .iter()
        .filter(|(t, n)| facts.counts.get(*t) != Some(n))
        .map(|(t, n)| format!("{t}: {} (backup: {n})", facts.counts.get(t).map_or("missing".into(), |v| v.to_string())))
        .collect();
    checks.push(CheckItem {
        name: "counts".into(),
        ok: mismatched.is_empty(),
        detail: if mismatched.is_empty() {
            manifest.counts.iter().map(|(t, n)| format!("{t} {n}")).collect::<Vec<_>>().join(", ")
        } else {
            mismatched.join(", ")
        },
    });
    let (ok, detail) = match (&manifest.sample_tenant, &facts.sample) {
        (None, None) => (true, "no workspace to read".to_owned()),
        (Some(want), Some(got)) => (
            want == got,
            format!(
                "workspace {:?}: {} contact(s) read through its row-level security (backup: {})",
                got.name, got.contacts, want.contacts
            ),
        ),
        (want, got) => (false, format!("expected {want:?}, read {got:?}")),
    };
    checks.push(CheckItem { name: "sample_read".into(), ok, detail });
    Ok(checks)
}

/// Records a restore check on the live database's row of the backup (there is none for another install's backup).
async fn record_check(database_url: &str, check: &RestoreCheck) {
    let Ok(c) = owner_connection(database_url).await else { return };
    if repo::table_exists(&c).await.unwrap_or(false)
        && let Ok(detail) = serde_json::to_value(check)
        && let Err(e) = repo::record_verification(&c, check.backup_id, check.ok, detail).await
    {
        tracing::warn!(error = %e, "restore check not recorded");
    }
    c.close().await.ok();
}

// ---------------------------------------------------------------------------------------------------------------
// Retention.

/// The backups retention keeps: the newest of each of the last `keep_daily` days that have one, and the newest of
/// each of the last `keep_weekly` ISO weeks. `backups` are (id, made at) of finished backups, in any order.
pub fn retained(backups: &[(Uuid, DateTime<Utc>)], keep_daily: u32, keep_weekly: u32) -> HashSet<Uuid> {
    let mut sorted = backups.to_vec();
    sorted.sort_by_key(|b| std::cmp::Reverse(b.1));
    let (mut days, mut weeks) = (HashSet::<NaiveDate>::new(), HashSet::<(i32, u32)>::new());
    let mut keep = HashSet::new();
    for (id, at) in sorted {
        let day = at.date_naive();
        if days.len() < keep_daily as usize && days.insert(day) {
            keep.insert(id);
        }
        let week = (at.iso_week().year(), at.iso_week().week());
        if weeks.len() < keep_weekly as usize && weeks.insert(week) {
            keep.insert(id);
        }
    }
    keep
}

async fn apply_retention(cfg: &BackupConfig, owner: &DatabaseConnection) -> Result<Vec<Uuid>> {
    let rows = repo::all(owner).await.db()?;
    let done: Vec<(Uuid, DateTime<Utc>)> =
        rows.iter().filter(|r| r.status == "done").map(|r| (r.id, r.started_at)).collect();
    let mut keep = retained(&done, cfg.keep_daily, cfg.keep_weekly);
    // The last backup a restore was proven with stays until a newer one is proven (a newer backup of the same day,
    // not yet checked, would otherwise replace it).
    if let Some(proven) =
        rows.iter().filter(|r| r.status == "done" && r.verify_ok == Some(true)).max_by_key(|r| r.verified_at)
    {
        keep.insert(proven.id);
    }
    // A backup of the last hour stays: it may be being downloaded or verified right now (the demo verifies its own
    // just after making it, while the day's scheduled one may land and be newer the same day).
    let recent = Utc::now() - chrono::Duration::hours(1);
    keep.extend(done.iter().filter(|(_, at)| *at > recent).map(|(id, _)| *id));
    let oldest_kept = done.iter().filter(|(id, _)| keep.contains(id)).map(|(_, at)| *at).min();
    let mut deleted = vec![];
    for r in rows {
        let expired = match r.status.as_str() {
            "done" => !keep.contains(&r.id),
            // Failed attempts go with the backups around them; their files were already cleaned up.
            "failed" => oldest_kept.is_some_and(|t| r.started_at < t),
            _ => false,
        };
        if !expired {
            continue;
        }
        if r.location.starts_with("s3://") {
            if let Some(s3) = &cfg.s3 {
                let bucket = s3.bucket().await?;
                for (key, _) in bucket.list(&format!("{}/", r.id)).await.map_err(DomainError::internal)? {
                    bucket.delete(&key).await.map_err(DomainError::internal)?;
                }
            }
        } else {
            let dir = PathBuf::from(&r.location);
            // Only a directory that is this backup's (named by its id, holding its manifest or nothing).
            if dir.file_name().is_some_and(|n| n == r.id.to_string().as_str()) && dir.exists() {
                tokio::fs::remove_dir_all(&dir).await.map_err(|e| io_error(&dir, e))?;
            }
        }
        repo::delete(owner, r.id).await.db()?;
        deleted.push(r.id);
    }
    if !deleted.is_empty() {
        tracing::info!(count = deleted.len(), "old backups deleted by retention");
    }
    Ok(deleted)
}

// ---------------------------------------------------------------------------------------------------------------
// Tools and names.

/// Opens the transaction whose advisory lock says backup `id` is being made, for as long as it stays open.
async fn hold(owner: &DatabaseConnection, id: Uuid) -> Result<DatabaseTransaction> {
    let tx = owner.begin().await.db()?;
    repo::hold_running(&tx, id).await.db()?;
    Ok(tx)
}

async fn owner_connection(url: &str) -> Result<DatabaseConnection> {
    let mut opt = ConnectOptions::new(url.to_owned());
    // One connection holds the backup's lock (`hold`), one the dump's snapshot, one for the bookkeeping.
    opt.max_connections(3).min_connections(0).sqlx_logging(false).connect_timeout(Duration::from_secs(10));
    Database::connect(opt).await.map_err(|e| DomainError::Upstream {
        code: "database_unreachable",
        message: format!("Cannot connect to the database as its owner: {e}"),
    })
}

/// libpq's URL without the password (given to the tool through `PGPASSWORD`, never on its command line).
fn libpq_target(url: &str) -> Result<(String, Option<String>)> {
    let mut u = url::Url::parse(url).map_err(|e| DomainError::internal(format!("database url: {e}")))?;
    let password = u.password().map(percent_decode);
    let _ = u.set_password(None);
    Ok((u.to_string(), password))
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("p={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_owned())
}

fn database_name(url: &str) -> Result<String> {
    let u = url::Url::parse(url).map_err(|e| DomainError::internal(format!("database url: {e}")))?;
    Ok(u.path().trim_start_matches('/').to_owned())
}

fn with_database(url: &str, name: &str) -> Result<String> {
    let mut u = url::Url::parse(url).map_err(|e| DomainError::internal(format!("database url: {e}")))?;
    u.set_path(&format!("/{name}"));
    Ok(u.to_string())
}

/// `base` + `suffix` within PostgreSQL's 63-byte names (the base is shortened, never the suffix).
fn bounded_name(base: &str, suffix: &str) -> String {
    let room = 63usize.saturating_sub(suffix.len());
    let base: String = base.chars().take(room).collect();
    format!("{base}{suffix}")
}

fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

async fn pg_dump(url: &str, snapshot: &str, out: &Path) -> Result<()> {
    let (target, password) = libpq_target(url)?;
    let mut cmd = Command::new("pg_dump");
    cmd.arg("--format=custom").arg(format!("--snapshot={snapshot}")).arg("--file").arg(out).arg("--dbname").arg(target);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    run("pg_dump", &mut cmd).await
}

async fn pg_restore(url: &str, dump: &Path) -> Result<()> {
    let (target, password) = libpq_target(url)?;
    let mut cmd = Command::new("pg_restore");
    // Owners are the restoring role's (another server may name its owner otherwise); grants stay as dumped.
    cmd.arg("--no-owner").arg("--exit-on-error").arg("--dbname").arg(target).arg(dump);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    run("pg_restore", &mut cmd).await
}

async fn tar_create(dir: &Path, out: &Path) -> Result<()> {
    if dir.is_dir() {
        run("tar", Command::new("tar").arg("-cf").arg(out).arg("-C").arg(dir).arg(".")).await
    } else {
        // No media yet: an empty archive, so a restore still finds one.
        run("tar", Command::new("tar").arg("-cf").arg(out).arg("--files-from").arg("/dev/null")).await
    }
}

async fn run(tool: &str, cmd: &mut Command) -> Result<()> {
    let out = cmd.kill_on_drop(true).output().await.map_err(|e| DomainError::Upstream {
        code: "backup_tool_missing",
        message: format!("Cannot run {tool} ({e}); install the PostgreSQL client tools matching the server's version."),
    })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(DomainError::Upstream {
            code: "backup_tool_failed",
            message: format!("{tool} failed ({}): {}", out.status, stderr.trim()),
        });
    }
    Ok(())
}

async fn file_entry(path: &Path) -> Result<BackupFile> {
    let p = path.to_path_buf();
    let (size, sha256) = tokio::task::spawn_blocking(move || -> std::io::Result<(u64, String)> {
        use sha2::Digest;
        use std::io::Read;
        let mut f = std::fs::File::open(&p)?;
        let mut h = sha2::Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut size = 0u64;
        loop {
            let n = f.read(&mut buf)?;
            if n == 0 {
                break;
            }
            size += n as u64;
            h.update(&buf[..n]);
        }
        Ok((size, hex::encode(h.finalize())))
    })
    .await
    .map_err(DomainError::internal)?
    .map_err(|e| io_error(path, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(BackupFile { name, size, sha256 })
}

fn io_error(path: &Path, e: std::io::Error) -> DomainError {
    DomainError::internal(format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().expect("valid time")
    }

    #[test]
    fn retention_keeps_the_newest_of_each_recent_day_and_week() {
        // Two a day for 40 days, 2026-11-01 .. 2026-12-10.
        let mut all = vec![];
        for day in 0..40 {
            let d = at(2026, 11, 1, 3) + chrono::Duration::days(day);
            all.push((Uuid::now_v7(), d));
            all.push((Uuid::now_v7(), d + chrono::Duration::hours(12)));
        }
        let keep = retained(&all, 7, 4);
        let kept: Vec<_> = all.iter().filter(|(id, _)| keep.contains(id)).map(|(_, t)| *t).collect();
        // The evening backup of the last seven days ...
        for day in 33..40 {
            assert!(kept.contains(&(at(2026, 11, 1, 15) + chrono::Duration::days(day))), "day {day}");
        }
        // ... and never the morning one of the same day.
        assert!(!kept.contains(&(at(2026, 11, 1, 3) + chrono::Duration::days(39))));
        // Four weeks: the newest of each (this week's and last week's are daily ones already).
        assert_eq!(kept.len(), 7 + 2, "{kept:?}");
        assert!(kept.iter().all(|t| *t >= at(2026, 11, 15, 0)), "nothing older than four weeks: {kept:?}");
    }

    #[test]
    fn retention_with_nothing_to_keep_keeps_nothing() {
        assert!(retained(&[(Uuid::now_v7(), Utc::now())], 0, 0).is_empty());
        assert!(retained(&[], 7, 4).is_empty());
    }

    #[test]
    fn names_stay_within_postgres_limits() {
        let long = "d".repeat(60);
        assert_eq!(bounded_name(&long, "_restore_abcdef12").len(), 63);
        assert_eq!(bounded_name("parley", "_restore_abcdef12"), "parley_restore_abcdef12");
    }

    #[test]
    fn passwords_leave_the_url() {
        let (u, p) = libpq_target("postgres://owner:p%40ss@db:5432/parley?sslmode=require").expect("url");
        assert_eq!(u, "postgres://owner@db:5432/parley?sslmode=require");
        assert_eq!(p.as_deref(), Some("p@ss"));
        assert_eq!(with_database("postgres://o@h/parley", "postgres").expect("url"), "postgres://o@h/postgres");
    }

    #[test]
    fn s3_destinations_parse() {
        let d = S3Destination::parse("s3://bucket/a/b/", None).expect("parses");
        assert_eq!((d.bucket.as_str(), d.prefix.as_str()), ("bucket", "a/b"));
        assert_eq!(d.url(), "s3://bucket/a/b");
        assert!(S3Destination::parse("s3:///x", None).is_err());
        assert!(S3Destination::parse("/var/backups", None).is_err());
    }
}
