//! First start on a fresh server: create the database and the three runtime roles when the owner URL
//! allows it, apply migrations as the owner, and grant each runtime role exactly what it needs
//! (docs/security.md, "Database roles").

use crate::error::StoreError;
use parley_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use url::Url;

pub const APP_ROLE: &str = "parley_app";
pub const SYSTEM_ROLE: &str = "parley_system";
pub const AUTH_ROLE: &str = "parley_auth";

/// Global identity data, reached only by the auth pool (`parley_auth`): sign-in lookups, token rotation,
/// password resets, mail delivery. The tenant role sees `users` only through a membership policy and a
/// column grant without the password hash; it may queue mail but not read the outbox.
pub const AUTH_TABLES: &[&str] =
    &["users", "refresh_tokens", "password_resets", "mail_outbox", "user_totp", "recovery_codes", "trusted_devices"];

/// The plan and price catalogue: public facts (the pricing page shows them) that tenant requests read and
/// only the platform admin (through the system pool) writes.
pub const CATALOG_TABLES: &[&str] = &["plans", "plan_prices", "plan_gateway_prices", "message_prices"];

/// Global tables of background work across tenants (billing events before their tenant is known, the
/// analytics scanner's progress, backups, maintenance mode): the system pool only.
pub const SYSTEM_TABLES: &[&str] = &[
    "billing_events",
    "analytics_state",
    "backups",
    "maintenance_mode",
    "string_overrides",
    "string_overrides_version",
];

/// Tables no runtime role may touch: the migrator's bookkeeping, and secrets an install kept in the database
/// before they moved to configuration (read once by the owner to move them out; see `legacy_secrets`).
pub const OWNER_ONLY_TABLES: &[&str] = &["seaql_migrations", "platform_settings"];

pub struct RolePasswords<'a> {
    pub app: Option<&'a str>,
    pub system: Option<&'a str>,
    pub auth: Option<&'a str>,
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
    for (role, password, bypass) in
        [(APP_ROLE, pw.app, false), (SYSTEM_ROLE, pw.system, true), (AUTH_ROLE, pw.auth, false)]
    {
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
        grant_runtime_roles(&conn).await?;
        Ok::<_, StoreError>(())
    }
    .await;
    conn.execute_unprepared("select pg_advisory_unlock(7265063)").await?;
    conn.close().await?;
    result
}

fn list(tables: &[&str]) -> String {
    tables.join(", ")
}

/// Grants from scratch on every start, so a table's privileges are always what this function says, whatever
/// an earlier version granted: row-level-security tables to the tenant and system roles, and each global table
/// to the one role of its list. A public table that has no policy and is in no list stops the start: a new
/// global table must be placed on purpose.
async fn grant_runtime_roles(conn: &sea_orm::DatabaseConnection) -> Result<(), StoreError> {
    let tables = conn
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "select c.relname as name, c.relrowsecurity as rls from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1",
        ))
        .await?;
    let roles = format!("{APP_ROLE}, {SYSTEM_ROLE}, {AUTH_ROLE}");
    let mut sql = format!(
        "revoke all on schema apalis from {roles};
         grant usage on schema public to {roles};
         grant usage on schema apalis to {APP_ROLE}, {SYSTEM_ROLE};
         grant select, insert, update, delete on all tables in schema apalis to {APP_ROLE}, {SYSTEM_ROLE};
         grant execute on all functions in schema apalis to {APP_ROLE}, {SYSTEM_ROLE};
         grant usage, select on all sequences in schema public to {APP_ROLE}, {SYSTEM_ROLE};\n"
    );
    let mut unplaced = vec![];
    for row in tables {
        let name: String = row.try_get("", "name")?;
        let rls: bool = row.try_get("", "rls")?;
        sql.push_str(&format!("revoke all on \"{name}\" from {roles};\n"));
        let listed =
            [AUTH_TABLES, CATALOG_TABLES, SYSTEM_TABLES, OWNER_ONLY_TABLES].iter().any(|l| l.contains(&name.as_str()));
        if rls && !listed {
            sql.push_str(&format!(
                "grant select, insert, update, delete on \"{name}\" to {APP_ROLE}, {SYSTEM_ROLE};\n"
            ));
        } else if !listed {
            unplaced.push(name);
        }
    }
    if !unplaced.is_empty() {
        return Err(StoreError::Bootstrap(format!(
            "table(s) {} have no row-level security and no place in bootstrap's grant lists",
            unplaced.join(", ")
        )));
    }
    sql.push_str(&format!(
        "grant select, insert, update, delete on {auth} to {AUTH_ROLE};
         grant select on {catalog} to {APP_ROLE};
         grant select, insert, update, delete on {catalog} to {SYSTEM_ROLE};
         grant select, insert, update, delete on {system} to {SYSTEM_ROLE};
         -- Names and addresses of the workspace's own members (the policy on users limits the rows); never the hash.
         grant select (id, email, name, locale, created_at, updated_at, last_login_at) on users to {APP_ROLE};
         -- Cross-tenant reads of the platform admin, sign-in's workspace list and the weekly reports.
         grant select on users to {SYSTEM_ROLE};
         -- Mail queued in the same transaction as what it tells (an invitation, a quota warning); sending it and
         -- reading it back belong to the auth pool.
         grant insert on mail_outbox to {APP_ROLE}, {SYSTEM_ROLE};
         grant select on tenant_contacts to {APP_ROLE};\n",
        auth = list(AUTH_TABLES),
        catalog = list(CATALOG_TABLES),
        system = list(SYSTEM_TABLES),
    ));
    sql.push_str(&system_functions());
    conn.execute_unprepared(&sql).await?;
    Ok(())
}

/// Functions that cross tenants on purpose, each exposing exactly what one use case needs (SECURITY DEFINER, with
/// their own `search_path`): owned by the system role, which reads across tenants, and executable by the tenant
/// role only. A non-superuser owner must become a member of the system role to hand the functions over, and the
/// system role needs CREATE on the schema for that moment only.
pub const SYSTEM_FUNCTIONS: &[&str] = &[
    "agency_client_summaries()",
    // Agency billing (0027): a client's view of its agency, the agency's of its clients' billing, the pool.
    "client_agency()",
    "client_agency_plans()",
    "agency_client_billing()",
    "client_agency_plan_synced(uuid, text, text, bigint, text)",
    "client_agency_plan_of_price(text)",
    "parley_pool_usage(uuid, text, bigint)",
    "parley_follow_agency_access()",
    "parley_client_subscription_start()",
];

fn system_functions() -> String {
    let mut sql = format!(
        "do $$ begin
           if not (select rolsuper from pg_roles where rolname = current_user) then
             execute format('grant %I to %I', '{SYSTEM_ROLE}', current_user);
           end if;
         end $$;
         grant create on schema public to {SYSTEM_ROLE};\n"
    );
    // A name whose migration is not in this build yet is skipped: until handed over, a function stays its owner's,
    // which row-level security binds like the tenant role (FORCE), so it shows nothing across tenants.
    for f in SYSTEM_FUNCTIONS {
        sql.push_str(&format!(
            "do $$ begin
               if to_regprocedure('{f}') is not null then
                 alter function {f} owner to {SYSTEM_ROLE};
                 revoke all on function {f} from public;
                 grant execute on function {f} to {APP_ROLE};
               end if;
             end $$;\n"
        ));
    }
    sql.push_str(&format!("revoke create on schema public from {SYSTEM_ROLE};\n"));
    sql
}

/// Secrets an earlier version generated into `platform_settings` (the JWT secret, a credentials key), read with
/// the owner's connection so an upgrade can move them to the secrets file: without the old credentials key every
/// sealed WhatsApp token would be lost. Empty on installs that never kept them there.
pub async fn legacy_secrets(owner_url: &str) -> Result<Vec<(String, String)>, StoreError> {
    let conn = Database::connect(owner_url).await?;
    let rows = conn
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            "select key, value from platform_settings where key in ('jwt_secret', 'credentials_key') order by key",
        ))
        .await?;
    conn.close().await?;
    rows.into_iter().map(|r| Ok((r.try_get("", "key")?, r.try_get("", "value")?))).collect()
}

/// Everything a fresh install needs before the app connects.
pub async fn prepare(owner_url: &str, pw: &RolePasswords<'_>) -> Result<(), StoreError> {
    ensure_database(owner_url).await?;
    ensure_roles(owner_url, pw).await?;
    migrate(owner_url).await
}
