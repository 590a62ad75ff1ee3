//! Identity: sign-up and sign-in, sessions and their tokens, passwords, API keys with their scopes, and the
//! request rate limits of keys and sessions; two-factor sign-in (TOTP, recovery codes, remembered devices).

pub mod api_keys;
pub mod auth;
pub mod dto;
pub mod ip_allow;
pub(crate) mod passwords;
pub mod rate_limit;
pub mod scopes;
pub mod sessions;
mod throttle;
pub(crate) mod tokens;
pub mod totp;
pub mod two_factor;

/// Commits a person written on the identity pool, then the workspace rows that refer to them (membership, audit:
/// foreign keys checked at commit, migration 0017). If the second commit fails, the person `created` by the first
/// is removed again, so a failed sign-up leaves no account without a workspace.
pub(crate) async fn commit_person_then_tenant(
    core: &crate::Core,
    atx: parley_store::DatabaseTransaction,
    tx: parley_store::TenantTx,
    created: Option<uuid::Uuid>,
) -> crate::Result<()> {
    atx.commit().await.map_err(crate::DomainError::internal)?;
    if let Err(e) = tx.commit().await {
        if let Some(id) = created
            && let Err(e) = parley_store::repo::identity::users::delete(&core.db.auth, id).await
        {
            tracing::error!(user_id = %id, error = %e, "a person without a workspace is left after a failed sign-up");
        }
        return Err(crate::DomainError::internal(e));
    }
    Ok(())
}
