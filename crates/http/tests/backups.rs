//! Backups (docs/backup.md) against real PostgreSQL, `pg_dump`/`pg_restore` and moto's S3: a workspace backed up and
//! restored into another database serves the same data; a damaged backup is refused and changes nothing; retention
//! keeps the right ones; the admin API is the platform admin's only.

use axum::http::StatusCode;
use parley_services::DomainError;
use parley_services::operations::backup::{self, BackupConfig, BackupReason, MediaPart, RestoreOptions, S3Destination};
use parley_test_support::{Signup, TestApp, fresh_database, server_url, text_webhook};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use std::path::PathBuf;
use uuid::Uuid;

fn temp_dir(what: &str) -> PathBuf {
    std::env::temp_dir().join(format!("parley-test-{what}-{}", Uuid::now_v7().simple()))
}

fn config(dir: PathBuf) -> BackupConfig {
    BackupConfig { dir, ..Default::default() }
}

fn owner_url(db: &str) -> String {
    format!("{}/{db}", server_url())
}

/// A workspace with contacts, a connected number (its token sealed with the credentials key) and a conversation.
async fn workspace_with_data(app: &TestApp) -> Signup {
    let owner = app.signup("Backup Bakery").await;
    for (phone, name) in [("+351915000001", "Ana"), ("+351915000002", "Rui"), ("+351915000003", "Inês")] {
        let res = app.post("/api/v1/contacts", Some(&owner.token), json!({ "phone": phone, "name": name })).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    let number = app.cloud_number(&owner).await;
    let hook = text_webhook(
        &number.phone_number_id,
        &format!("wamid.{}", Uuid::now_v7().simple()),
        "351915000009",
        "Is the sourdough ready?",
        chrono::Utc::now().timestamp(),
    );
    assert_eq!(app.signed_webhook(&number.id, &number.app_secret, &hook).await.status, StatusCode::OK);
    app.services.ingest.drain().await.expect("drain");
    owner
}

/// What a person sees of their workspace: contacts, conversations and the first conversation's messages.
async fn seen(app: &TestApp, token: &str) -> Value {
    let contacts = app.get("/api/v1/contacts?perPage=100", token).await;
    assert_eq!(contacts.status, StatusCode::OK, "{}", contacts.body);
    let conversations = app.get("/api/v1/conversations", token).await;
    assert_eq!(conversations.status, StatusCode::OK, "{}", conversations.body);
    let first = conversations.body["items"][0]["id"].as_str().expect("a conversation").to_owned();
    let messages = app.get(&format!("/api/v1/conversations/{first}/messages"), token).await;
    let names = |v: &Value, key: &str| -> Vec<Value> {
        v["items"].as_array().expect("items").iter().map(|i| i[key].clone()).collect()
    };
    json!({
        "contacts": names(&contacts.body, "phone"),
        "contactNames": names(&contacts.body, "name"),
        "conversations": names(&conversations.body, "id"),
        "messages": names(&messages.body, "content"),
        "numbers": json!({ "items": app.get("/api/v1/whatsapp/connections", token).await.body })["items"]
            .as_array()
            .expect("connections")
            .iter()
            .map(|c| c["phoneNumberId"].clone())
            .collect::<Vec<_>>(),
    })
}

async fn database_exists(name: &str) -> bool {
    let admin = Database::connect(owner_url("postgres")).await.expect("connect");
    let row = admin
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "select 1 as one from pg_database where datname = $1",
            [name.into()],
        ))
        .await
        .expect("query");
    admin.close().await.ok();
    row.is_some()
}

/// The database a restore put aside: checked, then dropped so test runs leave none behind.
async fn drop_database(name: &str) {
    let admin = Database::connect(owner_url("postgres")).await.expect("connect");
    admin.execute_unprepared(&format!("drop database if exists \"{name}\" with (force)")).await.expect("drop");
    admin.close().await.ok();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_restored_into_another_database_serves_the_same_data() {
    let app = TestApp::spawn().await;
    let owner = workspace_with_data(&app).await;
    let before = seen(&app, &owner.token).await;
    assert_eq!(before["contacts"].as_array().map(Vec::len), Some(4), "three contacts and the customer: {before}");

    let media = parley_test_support::local_media();
    std::fs::create_dir_all(media.local_dir.join("t")).expect("media dir");
    std::fs::write(media.local_dir.join("t/photo.jpg"), b"not really a jpeg").expect("media file");
    let cfg = config(temp_dir("backups"));
    let manifest =
        backup::backup_database(&cfg, &owner_url(&app.db_name), &media, BackupReason::Manual).await.expect("backup");
    let dir = cfg.dir.join(manifest.id.to_string());
    for f in ["database.dump", "media.tar", "manifest.json"] {
        assert!(dir.join(f).is_file(), "{f} is in the backup");
    }
    assert!(manifest.last_migration.as_deref().is_some_and(|m| m.starts_with("m00")), "{:?}", manifest.last_migration);
    assert_eq!(manifest.counts.get("contacts"), Some(&4));
    assert_eq!(manifest.counts.get("conversations"), Some(&1));
    assert_eq!(manifest.sample_tenant.as_ref().map(|s| s.contacts), Some(4), "read through row-level security");
    assert!(matches!(manifest.media, MediaPart::Archive { .. }));
    // The database's own list records it.
    let listed = app.services.backups.list().await.expect("list");
    assert_eq!(listed.items.first().map(|b| b.id), Some(manifest.id));

    // Restore into another database: a freshly migrated one is swapped out for the restored copy.
    let target = fresh_database().await;
    let target_media =
        parley_media::MediaConfig { local_dir: temp_dir("restored-media"), ..parley_media::MediaConfig::default() };
    let report = backup::restore(
        &cfg,
        &owner_url(&target),
        &target_media,
        &dir.display().to_string(),
        RestoreOptions { check_only: false, yes: true },
    )
    .await
    .expect("restore");
    assert!(report.check.ok, "{:?}", report.check.checks);
    let names: Vec<_> = report.check.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["migrations", "counts", "sample_read"]);
    let previous = report.previous_database.clone().expect("swapped");
    assert!(database_exists(&previous).await, "the replaced database is kept as {previous}");
    drop_database(&previous).await;
    assert!(!database_exists(&report.check.scratch_database).await, "the scratch database took the live name");
    assert_eq!(
        std::fs::read(target_media.local_dir.join("t/photo.jpg")).expect("media restored"),
        b"not really a jpeg"
    );

    // The restored product: the same person signs in and sees the same workspace, the sealed token still opens.
    let restored = TestApp::on_database(&target).await;
    let login = restored.login(&owner.email, parley_test_support::PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.body);
    let token = login.body["accessToken"].as_str().expect("token").to_owned();
    assert_eq!(seen(&restored, &token).await, before);
    assert!(before["messages"][0]["text"].as_str().is_some_and(|t| t.contains("sourdough")), "{before}");
    assert!(before["numbers"][0].is_string(), "{before}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_backup_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let owner = workspace_with_data(&app).await;
    let cfg = config(temp_dir("backups"));
    let media = parley_test_support::local_media();
    let manifest =
        backup::backup_database(&cfg, &owner_url(&app.db_name), &media, BackupReason::Manual).await.expect("backup");
    let dump = cfg.dir.join(manifest.id.to_string()).join("database.dump");
    let mut bytes = std::fs::read(&dump).expect("dump");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&dump, bytes).expect("write");

    let before = seen(&app, &owner.token).await;
    for check_only in [true, false] {
        let err = backup::restore(
            &cfg,
            &owner_url(&app.db_name),
            &media,
            &manifest.id.to_string(),
            RestoreOptions { check_only, yes: true },
        )
        .await
        .expect_err("a damaged backup is refused");
        match err {
            DomainError::Rejected { code, message } => {
                assert_eq!(code, "backup_corrupt");
                assert!(message.contains("database.dump"), "{message}");
            }
            other => panic!("unexpected error {other:?}"),
        }
    }
    let short = &manifest.id.simple().to_string()[24..];
    assert!(!database_exists(&format!("{}_restore_{short}", app.db_name)).await, "no scratch database was made");
    assert_eq!(seen(&app, &owner.token).await, before, "the live database is untouched");
    // The admin's check says the same, with the API's error.
    let admin = app.platform_admin().await;
    let app = with_backups(app, cfg);
    let res = app.post(&format!("/api/v1/admin/backups/{}/verify", manifest.id), Some(&admin), json!({})).await;
    assert_eq!((res.status, res.code()), (StatusCode::UNPROCESSABLE_ENTITY, "backup_corrupt"), "{}", res.body);
}

/// The app with its backups written to `cfg`'s directory (the router is built again around the changed services).
fn with_backups(mut app: TestApp, cfg: BackupConfig) -> TestApp {
    app.services.backups = app.services.backups.with_config(cfg);
    app.reroute();
    app
}

#[tokio::test(flavor = "multi_thread")]
async fn retention_keeps_the_newest_of_each_recent_day_and_week_and_the_last_proven() {
    let app = TestApp::spawn().await;
    let cfg = BackupConfig { keep_daily: 3, keep_weekly: 2, ..config(temp_dir("backups")) };
    let app = with_backups(app, cfg.clone());
    let owner = Database::connect(owner_url(&app.db_name)).await.expect("owner");
    // Two backups a day for 20 days, made long ago (rows and directories as a backup leaves them).
    let today = chrono::Utc::now().date_naive().and_hms_opt(1, 0, 0).expect("time").and_utc();
    let mut made = vec![];
    for day in 1..=20 {
        for hour in [0, 12] {
            let id = Uuid::now_v7();
            let at = today - chrono::Duration::days(day) + chrono::Duration::hours(hour);
            let dir = cfg.dir.join(id.to_string());
            std::fs::create_dir_all(&dir).expect("dir");
            std::fs::write(dir.join("manifest.json"), "{}").expect("manifest");
            owner
                .execute_raw(sea_orm::Statement::from_sql_and_values(
                    sea_orm::DbBackend::Postgres,
                    "insert into backups (id, reason, status, location, started_at, finished_at, size_bytes)
                     values ($1, 'scheduled', 'done', $2, $3, $3, 10)",
                    [id.into(), dir.display().to_string().into(), at.into()],
                ))
                .await
                .expect("insert");
            made.push((id, at));
        }
    }
    // Two of the last hour: the older is not its day's newest, yet it stays (it may be being verified or downloaded).
    let mut recent = vec![];
    for minutes in [40, 10] {
        let id = Uuid::now_v7();
        let at = chrono::Utc::now() - chrono::Duration::minutes(minutes);
        let dir = cfg.dir.join(id.to_string());
        std::fs::create_dir_all(&dir).expect("dir");
        owner
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                "insert into backups (id, reason, status, location, started_at, finished_at, size_bytes)
                 values ($1, 'manual', 'done', $2, $3, $3, 10)",
                [id.into(), dir.display().to_string().into(), at.into()],
            ))
            .await
            .expect("insert");
        made.push((id, at));
        recent.push(id);
    }
    // A restore of an old one was proven: it stays until a newer one is proven.
    let (proven, _) = made[30];
    owner
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "update backups set verified_at = now(), verify_ok = true where id = $1",
            [proven.into()],
        ))
        .await
        .expect("verify");
    let deleted = app.services.backups.apply_retention().await.expect("retention");
    let mut keep = backup::retained(&made, 3, 2);
    assert!(!keep.contains(&proven), "retention alone would delete it");
    keep.insert(proven);
    keep.extend(recent.iter().copied());
    assert_eq!(deleted.len(), made.len() - keep.len());
    let left: Vec<Uuid> = app.services.backups.list().await.expect("list").items.iter().map(|b| b.id).collect();
    let mut expected: Vec<Uuid> = keep.iter().copied().collect();
    expected.sort();
    let mut got = left.clone();
    got.sort();
    assert_eq!(got, expected);
    // The newest three days' backups, one more from the week before when they share one week, the proven one, and
    // the two of the last hour (the newer of them is also today's daily one).
    assert!(recent.iter().all(|id| left.contains(id)), "{left:?}");
    assert!((4..=6).contains(&left.len()), "{left:?}");
    for (id, at) in &made {
        let exists = cfg.dir.join(id.to_string()).exists();
        assert_eq!(exists, keep.contains(id), "backup of {at}: files follow the rows");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_admin_backs_up_checks_and_downloads_and_nobody_else_may() {
    let app = TestApp::spawn().await;
    let owner = workspace_with_data(&app).await;
    let cfg = config(temp_dir("backups"));
    let app = with_backups(app, cfg.clone());
    for path in ["/api/v1/admin/backups"] {
        let res = app.get(path, &owner.token).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "a workspace owner is not the platform admin");
    }
    let res = app.post("/api/v1/admin/backups", Some(&owner.token), json!({})).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let admin = app.platform_admin().await;
    let started = app.post("/api/v1/admin/backups", Some(&admin), json!({})).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.body);
    assert_eq!(started.body["status"], "running");
    let id = started.body["id"].as_str().expect("id").to_owned();
    let mut done = Value::Null;
    for _ in 0..200 {
        let res = app.get(&format!("/api/v1/admin/backups/{id}"), &admin).await;
        if res.body["status"] != "running" {
            done = res.body;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(done["status"], "done", "{done}");
    assert!(done["sizeBytes"].as_i64().is_some_and(|n| n > 1000), "{done}");

    let check = app.post(&format!("/api/v1/admin/backups/{id}/verify"), Some(&admin), json!({})).await;
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    assert_eq!(check.body["ok"], true, "{}", check.body);
    let list = app.get("/api/v1/admin/backups", &admin).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body["lastVerified"]["id"], id.as_str(), "{}", list.body);
    assert_eq!(list.body["items"][0]["verifyOk"], true);
    assert_eq!(list.body["settings"]["keepDaily"], 7);

    let tar = app.bytes(&format!("/api/v1/admin/backups/{id}/download"), &admin).await;
    let text = String::from_utf8_lossy(&tar);
    assert!(text.contains(&format!("{id}/manifest.json")) && text.contains(&format!("{id}/database.dump")), "a tar");
    let missing = app.get(&format!("/api/v1/admin/backups/{}", Uuid::now_v7()), &admin).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_left_running_by_a_stopped_process_is_marked_failed_and_one_being_made_is_not() {
    let app = TestApp::spawn().await;
    let app = with_backups(app, config(temp_dir("backups")));
    let url = owner_url(&app.db_name);
    let insert_running = |c: sea_orm::DatabaseConnection, id: Uuid| async move {
        c.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "insert into backups (id, reason, location) values ($1, 'manual', '/nowhere')",
            [id.into()],
        ))
        .await
        .expect("insert");
    };
    // One whose maker holds its lock (another process making it right now), one whose maker is gone.
    let (live, dead) = (Uuid::now_v7(), Uuid::now_v7());
    let maker = Database::connect(&url).await.expect("maker");
    let lock = sea_orm::TransactionTrait::begin(&maker).await.expect("begin");
    parley_store::repo::operations::backups::hold_running(&lock, live).await.expect("lock");
    insert_running(maker.clone(), live).await;
    let gone = Database::connect(&url).await.expect("gone");
    let gone_lock = sea_orm::TransactionTrait::begin(&gone).await.expect("begin");
    parley_store::repo::operations::backups::hold_running(&gone_lock, dead).await.expect("lock");
    insert_running(gone.clone(), dead).await;
    drop(gone_lock);
    gone.close().await.expect("the process stops");

    let admin = app.platform_admin().await;
    let list = app.get("/api/v1/admin/backups", &admin).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let status = |id: Uuid| {
        let items = list.body["items"].as_array().expect("items");
        items.iter().find(|b| b["id"] == id.to_string().as_str()).cloned().expect("listed")
    };
    assert_eq!(status(live)["status"], "running", "being made on another node: left alone");
    let failed = status(dead);
    assert_eq!(failed["status"], "failed", "{failed}");
    assert!(failed["error"].as_str().is_some_and(|e| e.starts_with("interrupted")), "{failed}");

    // Once its maker stops too, the next look marks it.
    drop(lock);
    maker.close().await.expect("close");
    let list = app.get("/api/v1/admin/backups", &admin).await;
    let live_now = list.body["items"].as_array().expect("items").iter().find(|b| b["id"] == live.to_string().as_str());
    assert_eq!(live_now.expect("listed")["status"], "failed");
}

#[tokio::test(flavor = "multi_thread")]
async fn backups_go_to_s3_and_restore_from_there() {
    use parley_media::testing::{list_keys, moto_with_bucket};
    let Some((moto, bucket)) = moto_with_bucket("backups_go_to_s3_and_restore_from_there").await else { return };
    let s3 = parley_media::S3Config {
        bucket: bucket.clone(),
        region: "us-east-1".into(),
        endpoint: Some(moto.endpoint()),
        access_key_id: Some("test".into()),
        secret_access_key: Some("test".into()),
        force_path_style: true,
        prefix: "media".into(),
    };
    let app = TestApp::spawn().await;
    let owner = workspace_with_data(&app).await;
    let cfg = BackupConfig {
        s3: Some(S3Destination::parse(&format!("s3://{bucket}/backups"), Some(&s3)).expect("s3 url")),
        ..config(temp_dir("staging"))
    };
    let media = parley_media::MediaConfig { backend: parley_media::Backend::S3, s3: Some(s3), ..Default::default() };
    let manifest =
        backup::backup_database(&cfg, &owner_url(&app.db_name), &media, BackupReason::Manual).await.expect("backup");
    assert_eq!(manifest.location, format!("s3://{bucket}/backups/{}/", manifest.id));
    assert!(matches!(&manifest.media, MediaPart::S3Pointer { bucket: b, .. } if b == &bucket), "{:?}", manifest.media);
    let keys = list_keys(&moto.endpoint(), &bucket).await;
    for f in ["database.dump", "manifest.json"] {
        assert!(keys.contains(&format!("backups/{}/{f}", manifest.id)), "{f} uploaded: {keys:?}");
    }
    assert!(!cfg.dir.join(format!(".{}.partial", manifest.id)).exists(), "the staging copy is gone");

    let target = fresh_database().await;
    let report = backup::restore(
        &cfg,
        &owner_url(&target),
        &media,
        &manifest.id.to_string(),
        RestoreOptions { check_only: false, yes: true },
    )
    .await
    .expect("restore from S3");
    assert!(report.check.ok, "{:?}", report.check.checks);
    drop_database(&report.previous_database.clone().expect("swapped")).await;
    let restored = TestApp::on_database(&target).await;
    let login = restored.login(&owner.email, parley_test_support::PASSWORD).await;
    let token = login.body["accessToken"].as_str().expect("token").to_owned();
    assert_eq!(seen(&restored, &token).await, seen(&app, &owner.token).await);

    // The admin's download is a presigned link to the bucket.
    let app = with_backups(app, cfg);
    let admin = app.platform_admin().await;
    let res = app.get(&format!("/api/v1/admin/backups/{}/download", manifest.id), &admin).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let location = res.headers["location"].to_str().expect("location");
    assert!(location.starts_with(&moto.endpoint()) && location.contains("X-Amz-Signature"), "{location}");
    let fetched = reqwest::get(location).await.expect("presigned get");
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.bytes().await.expect("body").len() as u64, manifest.files[0].size);
}
