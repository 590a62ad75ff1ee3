//! Store errors, and the one place that reads constraint names out of driver errors.

use sea_orm::{DbErr, RuntimeErr};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Db(#[from] DbErr),
    #[error("{0}")]
    Bootstrap(String),
}

/// The name of the unique constraint (or unique index) a write violated, if that is what failed.
/// Callers map names to domain conflicts; messages are never parsed.
pub fn unique_violation(err: &DbErr) -> Option<String> {
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = err else {
        return None;
    };
    let sea_orm::sqlx::Error::Database(db) = &**e else {
        return None;
    };
    if db.code().as_deref() == Some("23505") { db.constraint().map(str::to_owned) } else { None }
}

/// The SQLSTATE of a database error (e.g. one a trigger raised), if that is what failed.
pub fn sql_state(err: &DbErr) -> Option<String> {
    let (DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e))) = err else {
        return None;
    };
    let sea_orm::sqlx::Error::Database(db) = &**e else {
        return None;
    };
    db.code().map(|c| c.into_owned())
}
