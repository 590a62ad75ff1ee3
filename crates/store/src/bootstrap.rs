//! First start on a fresh server: create the database and the two runtime roles when the owner URL
//! allows it, apply migrations as the owner, and grant the runtime roles what they need.

use crate::error::StoreError;
use parley_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use url::Url;

pub const APP_ROLE: &str = "parley_app";
pub const SYSTEM_ROLE: &str = "parley_system";

pub struct RolePasswords<'a> {
    pub app: Option<&'a str>,
    pub system: Option<&'a str>,
}

fn database_name(url: &Url) -> Result<String, StoreError> {
    let name = url.path().trim_start_matches('/');
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(StoreError::Bootstrap(format!("database name {name:?} must be letters, digits, _ or -")));
    }
    Ok(name.to_owned())
}

/// The URL of another role on the same server and database.
pub fn url_for_role(owner_url: &str, role: &str, password: Option<&str>) -> Result<String, StoreError> {
    let mut url = Url::parse(owner_url).map_err(|e| StoreError::Bootstrap(format!("database url: {e}")))?;
    url.set_username(role).map_err(|_| StoreError::Bootstrap("database url cannot carry a user".into()))?;
    url.set_password(password).map_err(|_| StoreError::Bootstrap("database url cannot carry a password".into()))?;
    Ok(url.into())
}

fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Creates the database named in `owner_url` if it is missing (connecting to the `postgres`
/// maintenance database with the same credentials).
pub async fn ensure_database(owner_url: &str) -> Result<(), StoreError> {
    let url = Url::parse(owner_url).map_err(|e| StoreError::Bootstrap(format!("database url: {e}")))?;
    let name = database_name(&url)?;
    let mut maint = url.clone();
    maint.set_path("/postgres");
    let conn = Database::connect(maint.as_str()).await?;
    let exists = conn
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "select 1 from pg_database where datname = $1",
            [name.clone().into()],
        ))
        .await?
        .is_some();
    if !exists {
        tracing::info!(database = %name, "creating database");
        if let Err(e) = conn.execute_unprepared(&format!("create database \"{name}\"")).await {
            // Another node may have created it in the meantime.
            let again = conn
                .query_one_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "select 1 from pg_database where datname = $1",
                    [name.into()],
                ))
                .await?;
            if again.is_none() {
                return Err(e.into());
            }
        }
    }
    conn.close().await?;
    Ok(())
}

/// Creates (or updates the passwords of) the runtime roles. Needs CREATEROLE; when the owner lacks it,
/// the roles must already exist (see docs/configuration.md).
pub async fn ensure_roles(owner_url: &str, pw: &RolePasswords<'_>) -> Result<(), StoreError> {
    let conn = Database::connect(owner_url).await?;
    for (role, password, bypass) in [(APP_ROLE, pw.app, false), (SYSTEM_ROLE, pw.system, true)] {
        let exists = conn
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "select 1 from pg_roles where rolname = $1",
                [role.into()],
            ))
            .await?
            .is_some();
        let attrs = if bypass { "BYPASSRLS" } else { "NOBYPASSRLS" };
        let pass = password.map(|p| format!(" PASSWORD {}", quote_literal(p))).unwrap_or_default();
        if !exists {
            let sql = format!("create role {role} login nosuperuser nocreatedb nocreaterole {attrs}{pass}");
            if let Err(e) = conn.execute_unprepared(&sql).await {
                // Concurrent creation by another process is fine; anything else is not.
                if !e.to_string().contains("already exists") {
                    return Err(e.into());
                }
            }
        } else if !pass.is_empty() {
            conn.execute_unprepared(&format!("alter role {role}{pass}")).await?;
        }
    }
    conn.close().await?;
    Ok(())
}

/// Applies pending migrations as the owner, then grants the runtime roles access to every table.
/// A transaction-level advisory lock keeps several starting nodes from migrating at once.
pub async fn migrate(owner_url: &str) -> Result<(), StoreError> {
    // One connection, so the session advisory lock and its unlock run on the same backend.
    let mut opt = sea_orm::ConnectOptions::new(owner_url.to_owned());
    opt.max_connections(1).min_connections(1).sqlx_logging(false);
    let conn = Database::connect(opt).await?;
    conn.execute_unprepared("select pg_advisory_lock(7265063)").await?;
    let result = async {
        Migrator::up(&conn, None).await?;
        // The job queue's schema belongs to apalis-postgres; its own migrator keeps it current.
        apalis_postgres::PostgresStorage::<()>::migrations()
            .run(conn.get_postgres_connection_pool())
            .await
            .map_err(|e| StoreError::Bootstrap(format!("job queue migrations: {e}")))?;
        conn.execute_unprepared(&format!(
            "grant usage on schema public, apalis to {APP_ROLE}, {SYSTEM_ROLE};
             grant select, insert, update, delete on all tables in schema apalis to {APP_ROLE};
             grant execute on all functions in schema apalis to {APP_ROLE};
             grant select, insert, update, delete on all tables in schema public to {APP_ROLE}, {SYSTEM_ROLE};
             grant usage, select on all sequences in schema public to {APP_ROLE}, {SYSTEM_ROLE};
             revoke all on seaql_migrations from {APP_ROLE};
             revoke insert, update, delete, truncate, references, trigger on tenant_contacts from {APP_ROLE};"
        ))
        .await?;
        Ok::<_, StoreError>(())
    }
    .await;
    conn.execute_unprepared("select pg_advisory_unlock(7265063)").await?;
    conn.close().await?;
    result
}

/// Everything a fresh install needs before the app connects.
pub async fn prepare(owner_url: &str, pw: &RolePasswords<'_>) -> Result<(), StoreError> {
    ensure_database(owner_url).await?;
    ensure_roles(owner_url, pw).await?;
    migrate(owner_url).await
}
