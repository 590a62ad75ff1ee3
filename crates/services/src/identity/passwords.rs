//! Argon2id password hashing, off the async threads (each hash takes tens of milliseconds).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use parley_domain::DomainError;
use std::sync::OnceLock;

pub(crate) async fn hash(password: String) -> Result<String, DomainError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(DomainError::internal)?
    .map_err(DomainError::internal)
}

/// Verifies against `stored`, or against a fixed dummy hash when there is no account, so that
/// "no such email" and "wrong password" take the same time.
pub(crate) async fn verify(password: String, stored: Option<String>) -> Result<bool, DomainError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    tokio::task::spawn_blocking(move || {
        let exists = stored.is_some();
        let stored = stored.unwrap_or_else(|| {
            DUMMY
                .get_or_init(|| {
                    let salt = SaltString::generate(&mut OsRng);
                    Argon2::default()
                        .hash_password(b"no-such-account", &salt)
                        .map(|h| h.to_string())
                        .unwrap_or_default()
                })
                .clone()
        });
        let ok = PasswordHash::new(&stored)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        ok && exists
    })
    .await
    .map_err(DomainError::internal)
}
