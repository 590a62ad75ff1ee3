//! Persistence: sea-orm entities, repository functions, database bootstrap (database, roles, migrations)
//! and the tenant transaction that row-level security depends on. Knows nothing of HTTP or sockets.

pub mod bootstrap;
mod db;
pub mod entities;
mod error;
pub mod repo;

pub use db::{Db, DbConfig, TenantTx};
pub use error::{StoreError, sql_state, unique_violation};
pub use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, TransactionTrait};
