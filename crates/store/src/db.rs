//! The three pools: `app` (a role under row-level security, used for all tenant work), `auth` (the identity
//! role: people, sessions, resets, the mail outbox; no tenant data) and `system` (a BYPASSRLS role, reached
//! only through the narrow functions in `repo::platform::system` and a few named repo functions).

use parley_domain::TenantId;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement,
    TransactionTrait,
};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct DbConfig {
    /// URL of the migrating (owner) role; also names the database.
    pub owner_url: String,
    pub app_url: String,
    pub system_url: String,
    pub auth_url: String,
    pub max_connections: u32,
}

#[derive(Clone)]
pub struct Db {
    pub app: DatabaseConnection,
    /// The identity pool (`parley_auth`): only identity code (sign-in, tokens, resets, mail delivery) uses it.
    pub auth: DatabaseConnection,
    system: DatabaseConnection,
}

/// A transaction in which `app.tenant_id` is set: every statement sees only that tenant's rows.
pub struct TenantTx {
    pub tx: DatabaseTransaction,
    pub tenant_id: TenantId,
}

impl std::ops::Deref for TenantTx {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

impl TenantTx {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.tx.commit().await
    }
}

async fn connect(url: &str, max: u32) -> Result<DatabaseConnection, DbErr> {
    let mut opt = ConnectOptions::new(url.to_owned());
    opt.max_connections(max)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // JIT compiles a plan whose estimated cost is high, which a range query's generic plan often is: it cost
        // 140-700 ms per analytics query here for work that takes 20-50 ms, and no query of ours scans enough rows
        // to win it back.
        .map_sqlx_postgres_opts(|o| o.options([("jit", "off")]));
    Database::connect(opt).await
}

impl Db {
    pub async fn connect(cfg: &DbConfig) -> Result<Self, DbErr> {
        let app = connect(&cfg.app_url, cfg.max_connections).await?;
        // The system path serves logins and the platform admin: a few connections are plenty.
        let system = connect(&cfg.system_url, 4).await?;
        // Sign-ins, refreshes and `/auth/me`: a quarter of the tenant pool, at least four.
        let auth = connect(&cfg.auth_url, (cfg.max_connections / 4).max(4)).await?;
        Ok(Self { app, auth, system })
    }

    /// Begins a transaction scoped to one tenant. `set_config(.., true)` is transaction-local, so the
    /// setting can never leak to the next borrower of the pooled connection.
    pub async fn tenant_tx(&self, tenant_id: TenantId) -> Result<TenantTx, DbErr> {
        let tx = self.app.begin().await?;
        tx.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "select set_config('app.tenant_id', $1, true)",
            [tenant_id.0.to_string().into()],
        ))
        .await?;
        Ok(TenantTx { tx, tenant_id })
    }

    /// A transaction on the identity pool (people, tokens, resets, outbox), without tenant context.
    pub async fn auth_tx(&self) -> Result<DatabaseTransaction, DbErr> {
        self.auth.begin().await
    }

    /// The row-level-security bypass. Only `repo::platform::system` may use it.
    pub(crate) fn system(&self) -> &DatabaseConnection {
        &self.system
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.app.execute_unprepared("select 1").await.map(|_| ())
    }
}
