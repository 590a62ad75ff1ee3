//! Least privilege, proven with raw SQL as each runtime role, as an attacker with one SQL injection would try:
//! the tenant role reaches no secret, no password hash, no token and no other workspace's people; the identity role
//! reaches no tenant data; no runtime role reads `platform_settings`. Next to the row-level-security proof in
//! tenancy.rs.

use axum::http::StatusCode;
use parley_store::bootstrap::{APP_ROLE, AUTH_ROLE, AUTH_TABLES, CATALOG_TABLES, SYSTEM_ROLE, SYSTEM_TABLES};
use parley_test_support::{Signup, TestApp};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait};
use serde_json::json;

struct World {
    app: TestApp,
    a: Signup,
    b: Signup,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let a = app.signup("Tenant A").await;
    let b = app.signup("Tenant B").await;
    app.add_member(&a, "agent").await;
    app.add_member(&b, "agent").await;
    // A reset link and its mail, and a secret as an earlier version kept it: rows worth stealing.
    let forgot = app.post("/api/v1/auth/forgot-password", None, json!({ "email": b.email })).await;
    assert_eq!(forgot.status, StatusCode::ACCEPTED, "{:?}", forgot.body);
    app.owner_db()
        .await
        .execute_unprepared("insert into platform_settings (key, value) values ('jwt_secret', 'an old secret')")
        .await
        .expect("legacy secret");
    World { app, a, b }
}

async fn n(conn: &impl ConnectionTrait, sql: &str) -> i64 {
    conn.query_one_raw(Statement::from_string(DbBackend::Postgres, format!("select count(*) as n from ({sql}) q")))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .expect("row")
        .try_get::<i64>("", "n")
        .expect("n")
}

/// Runs `sql` in its own transaction (with `tenant` set when given) and expects PostgreSQL to refuse it.
async fn denied(conn: &DatabaseConnection, tenant: Option<&str>, sql: &str) {
    let tx = conn.begin().await.expect("tx");
    if let Some(t) = tenant {
        tx.execute_unprepared(&format!("select set_config('app.tenant_id', '{t}', true)")).await.expect("set");
    }
    let err = tx.execute_unprepared(sql).await.expect_err(sql);
    assert!(err.to_string().contains("permission denied"), "{sql}: {err}");
    tx.rollback().await.expect("rollback");
}

async fn in_tenant(conn: &DatabaseConnection, tenant: &str, sql: &str) -> i64 {
    let tx = conn.begin().await.expect("tx");
    tx.execute_unprepared(&format!("select set_config('app.tenant_id', '{tenant}', true)")).await.expect("set");
    let count = n(&tx, sql).await;
    tx.rollback().await.expect("rollback");
    count
}

#[tokio::test]
async fn the_tenant_role_reaches_no_secret_no_password_hash_no_token_and_no_other_workspaces_people() {
    let w = world().await;
    let app = w.app.role_db(APP_ROLE).await;
    let a = w.a.tenant_id.to_string();
    for sql in [
        "select key, value from platform_settings",
        "select password_hash from users",
        "select is_platform_admin from users",
        "select * from users",
        "select token_hash from refresh_tokens",
        "select token_hash from password_resets",
        "select text_body from mail_outbox",
        "select payload from billing_events",
        "select * from analytics_state",
        "select * from seaql_migrations",
        "update users set name = 'x'",
        "insert into users (id, email, name, password_hash) values (gen_random_uuid(), 'x@x.example', 'x', 'x')",
        "delete from refresh_tokens",
        "update plans set name = 'x'",
        "delete from plan_prices",
    ] {
        denied(&app, Some(&a), sql).await;
        denied(&app, None, sql).await;
    }
    // People: the names and addresses of the workspace's own members, nobody else's, and nobody without a tenant.
    let owner = w.app.owner_db().await;
    assert_eq!(n(&owner, "select 1 from users").await, 4);
    assert_eq!(in_tenant(&app, &a, "select id, email, name from users").await, 2);
    assert_eq!(
        in_tenant(&app, &a, &format!("select 1 from users where email = '{}'", w.b.email)).await,
        0,
        "another workspace's owner is invisible"
    );
    assert_eq!(n(&app, "select id, email from users").await, 0);
    // The catalogue is readable, and mail can be queued but not read back.
    assert_eq!(in_tenant(&app, &a, "select id from plans").await, n(&owner, "select id from plans").await);
    let tx = app.begin().await.expect("tx");
    tx.execute_unprepared(&format!("select set_config('app.tenant_id', '{a}', true)")).await.expect("set");
    tx.execute_unprepared(&format!(
        "insert into mail_outbox (id, tenant_id, to_addr, subject, text_body) values (gen_random_uuid(), '{a}', 'x@a.example', 's', 't')"
    ))
    .await
    .expect("queueing mail is allowed");
    tx.rollback().await.expect("rollback");
}

#[tokio::test]
async fn the_identity_role_reaches_people_and_sessions_but_no_tenant_data() {
    let w = world().await;
    let auth = w.app.role_db(AUTH_ROLE).await;
    let a = w.a.tenant_id.to_string();
    for sql in [
        "select key, value from platform_settings",
        "select * from tenants",
        "select * from memberships",
        "select * from contacts",
        "select * from messages",
        "select * from whatsapp_connections",
        "select * from api_keys",
        "select * from audit_logs",
        "select * from subscriptions",
        "select * from plans",
        "select * from tenant_contacts",
        "select * from billing_events",
    ] {
        denied(&auth, Some(&a), sql).await;
    }
    assert_eq!(n(&auth, "select password_hash from users").await, 4);
    assert!(n(&auth, "select 1 from refresh_tokens").await >= 4);
    assert_eq!(n(&auth, "select 1 from password_resets").await, 1);
    assert!(n(&auth, "select 1 from mail_outbox").await >= 3);
}

#[tokio::test]
async fn the_system_role_cannot_read_secrets_or_write_people() {
    let w = world().await;
    let system = w.app.role_db(SYSTEM_ROLE).await;
    for sql in [
        "select key, value from platform_settings",
        "select token_hash from refresh_tokens",
        "select token_hash from password_resets",
        "select text_body from mail_outbox",
        "update users set password_hash = 'x'",
        "select * from seaql_migrations",
    ] {
        denied(&system, None, sql).await;
    }
    assert_eq!(n(&system, "select email from users").await, 4);
}

/// Every table of the schema, with what each runtime role may do to it: a table added later lands in this matrix
/// (the bootstrap refuses to start with a global table it has no list for).
#[tokio::test]
async fn every_table_grants_each_runtime_role_exactly_what_its_list_says() {
    let app = TestApp::spawn().await;
    let owner = app.owner_db().await;
    let rows = owner
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "select c.relname::text as name, c.relrowsecurity as rls,
                    has_table_privilege('parley_app', c.oid, 'select') as app_r,
                    has_table_privilege('parley_app', c.oid, 'insert') as app_i,
                    has_table_privilege('parley_app', c.oid, 'update') as app_u,
                    has_table_privilege('parley_auth', c.oid, 'select') as auth_r,
                    has_table_privilege('parley_auth', c.oid, 'insert') as auth_i,
                    has_table_privilege('parley_system', c.oid, 'select') as sys_r,
                    has_table_privilege('parley_system', c.oid, 'update') as sys_u
               from pg_class c where c.relkind in ('r', 'p') and c.relnamespace = 'public'::regnamespace order by 1",
        ))
        .await
        .expect("tables");
    assert!(rows.len() > 60, "the schema's tables");
    for r in rows {
        let name: String = r.try_get("", "name").expect("name");
        let rls: bool = r.try_get("", "rls").expect("rls");
        let g = |c: &str| r.try_get::<bool>("", c).expect("privilege");
        let got = (g("app_r"), g("app_i"), g("app_u"), g("auth_r"), g("auth_i"), g("sys_r"), g("sys_u"));
        let t = name.as_str();
        let want = if t == "users" {
            // Column-level select for the tenant role (checked by the raw SQL above), all for identity.
            (false, false, false, true, true, true, false)
        } else if t == "mail_outbox" {
            (false, true, false, true, true, false, false)
        } else if AUTH_TABLES.contains(&t) {
            (false, false, false, true, true, false, false)
        } else if CATALOG_TABLES.contains(&t) {
            (true, false, false, false, false, true, true)
        } else if SYSTEM_TABLES.contains(&t) {
            (false, false, false, false, false, true, true)
        } else if rls {
            (true, true, true, false, false, true, true)
        } else {
            (false, false, false, false, false, false, false)
        };
        assert_eq!(got, want, "{t}: (app select, insert, update, auth select, insert, system select, update)");
    }
}
