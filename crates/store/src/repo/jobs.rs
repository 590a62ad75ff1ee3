//! Background jobs written in the caller's transaction (the outbox): a job exists exactly when the
//! change that needs it was committed. Rows go to apalis-postgres's `apalis.jobs` table with the same
//! columns its own `push_tasks` writes; the insert trigger notifies waiting workers at once.

use super::stmt;
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

/// Enqueues `payload` (JSON, apalis's default codec) on `queue`. The idempotency key makes a second
/// enqueue of the same work a no-op instead of a second send.
pub async fn enqueue<C: ConnectionTrait>(
    c: &C,
    queue: &str,
    payload: &serde_json::Value,
    idempotency_key: &str,
    max_attempts: i32,
) -> Result<(), DbErr> {
    // apalis ids are ULIDs; a v7 UUID has the same layout (48-bit millisecond time, then randomness).
    let id = ulid::Ulid::from(Uuid::now_v7().as_u128()).to_string();
    let job = serde_json::to_vec(payload).map_err(|e| DbErr::Custom(e.to_string()))?;
    c.execute_raw(stmt(
        "insert into apalis.jobs (id, job_type, job, status, attempts, max_attempts, run_at, priority, idempotency_key)
         values ($1, $2, $3, 'Pending', 0, $4, now(), 0, $5)
         on conflict (job_type, idempotency_key) do nothing",
        [id.into(), queue.into(), job.into(), max_attempts.into(), idempotency_key.into()],
    ))
    .await?;
    Ok(())
}
