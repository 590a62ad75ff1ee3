//! Idempotency keys: the first answer to a create or send, kept per (workspace, credential, key) for 24 hours.

use crate::TenantTx;
use crate::repo::stmt;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(Debug, Clone, FromQueryResult)]
pub struct IdempotencyRow {
    pub fingerprint: String,
    pub response_status: Option<i32>,
    pub response_headers: serde_json::Value,
    pub response_body: Option<Vec<u8>>,
}

/// Claims the key for a request with `fingerprint`, or answers the row that holds it. A row older than 24 hours is
/// replaced; so is an unanswered claim of the same request whose lock ran out (its process died mid-request).
/// Run in a transaction of its own and commit at once: a concurrent duplicate must see the claim.
pub async fn claim(
    tx: &TenantTx,
    principal: &str,
    key: &str,
    fingerprint: &str,
    lock_secs: i64,
) -> Result<Option<IdempotencyRow>, DbErr> {
    #[derive(FromQueryResult)]
    struct Claimed {
        #[allow(dead_code)]
        claimed: bool,
    }
    // Claims are rare next to reads: the sweep of expired rows rides on them, a hundred at a time.
    tx.execute_raw(stmt(
        "delete from idempotency_keys where ctid in (select ctid from idempotency_keys
           where created_at < now() - interval '24 hours' limit 100)",
        [],
    ))
    .await?;
    let claimed = Claimed::find_by_statement(stmt(
        "insert into idempotency_keys (tenant_id, principal, idempotency_key, fingerprint, locked_until)
         values ($1, $2, $3, $4, now() + make_interval(secs => $5))
         on conflict (tenant_id, principal, idempotency_key) do update set
           fingerprint = excluded.fingerprint, response_status = null, response_headers = '{}',
           response_body = null, locked_until = excluded.locked_until, created_at = now()
         where idempotency_keys.created_at < now() - interval '24 hours'
            or (idempotency_keys.response_status is null and idempotency_keys.locked_until < now()
                and idempotency_keys.fingerprint = excluded.fingerprint)
         returning true as claimed",
        [tx.tenant_id.0.into(), principal.into(), key.into(), fingerprint.into(), (lock_secs as f64).into()],
    ))
    .one(&tx.tx)
    .await?;
    if claimed.is_some() {
        return Ok(None);
    }
    IdempotencyRow::find_by_statement(stmt(
        "select fingerprint, response_status, response_headers, response_body from idempotency_keys
          where principal = $1 and idempotency_key = $2",
        [principal.into(), key.into()],
    ))
    .one(&tx.tx)
    .await
}

/// Stores the answer to a claimed key.
pub async fn complete(
    tx: &TenantTx,
    principal: &str,
    key: &str,
    status: i32,
    headers: serde_json::Value,
    body: Vec<u8>,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update idempotency_keys set response_status = $3, response_headers = $4, response_body = $5
          where principal = $1 and idempotency_key = $2 and response_status is null",
        [principal.into(), key.into(), status.into(), headers.into(), body.into()],
    ))
    .await?;
    Ok(())
}

/// Gives up a claim whose request failed on our side, so a retry with the same key runs again.
pub async fn release(tx: &TenantTx, principal: &str, key: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "delete from idempotency_keys where principal = $1 and idempotency_key = $2 and response_status is null",
        [principal.into(), key.into()],
    ))
    .await?;
    Ok(())
}
