//! The mail outbox: mails are written in the same transaction as the change that causes them, and a
//! dispatcher sends them afterwards, so a crash never loses one and a rollback never sends one.

use super::stmt;
use crate::entities::mail_outbox::{Entity, Model};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, FromQueryResult};
use uuid::Uuid;

pub struct NewMail<'a> {
    pub tenant_id: Option<Uuid>,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: Option<&'a str>,
    /// `pending` to be sent, `kept` for the dev mailbox.
    pub status: &'a str,
    /// The display name the mail goes out with (the brand's); none: the configured sender's.
    pub from_name: Option<&'a str>,
    /// The brand's verified address; none: the platform's.
    pub from_address: Option<&'a str>,
}

/// Queues a mail. A plain insert without `returning`: the tenant and system roles may queue mail but not
/// read the outbox (bootstrap grants).
pub async fn insert<C: ConnectionTrait>(c: &C, m: NewMail<'_>) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    c.execute_raw(stmt(
        "insert into mail_outbox (id, tenant_id, to_addr, subject, text_body, html_body, status, from_name, from_address)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        [
            id.into(),
            m.tenant_id.into(),
            m.to.into(),
            m.subject.into(),
            m.text.into(),
            m.html.map(str::to_owned).into(),
            m.status.into(),
            m.from_name.map(str::to_owned).into(),
            m.from_address.map(str::to_owned).into(),
        ],
    ))
    .await?;
    Ok(id)
}

/// Claims up to `limit` due mails by pushing their next attempt forward: another dispatcher (another
/// node) skips them, and if this one dies they become due again after the lease.
pub async fn claim_due<C: ConnectionTrait>(c: &C, limit: i64, lease_secs: i64) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .from_raw_sql(stmt(
            "update mail_outbox set next_attempt_at = now() + make_interval(secs => $2)
             where id in (select id from mail_outbox where status = 'pending' and next_attempt_at <= now()
                          order by next_attempt_at limit $1 for update skip locked)
             returning *",
            [limit.into(), (lease_secs as f64).into()],
        ))
        .all(c)
        .await
}

pub async fn mark_sent<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "update mail_outbox set status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null where id = $1",
        [id.into()],
    ))
    .await
    .map(|_| ())
}

/// Records a failed attempt; after `max_attempts` the mail is given up as `failed`.
pub async fn mark_failed_attempt<C: ConnectionTrait>(
    c: &C,
    id: Uuid,
    error: &str,
    retry_at: DateTime<Utc>,
    max_attempts: i32,
) -> Result<(), DbErr> {
    c.execute_raw(stmt(
        "update mail_outbox set attempts = attempts + 1, last_error = $2, next_attempt_at = $3,
             status = case when attempts + 1 >= $4 then 'failed' else 'pending' end
         where id = $1",
        [id.into(), error.into(), retry_at.into(), max_attempts.into()],
    ))
    .await
    .map(|_| ())
}

pub async fn list_recent<C: ConnectionTrait>(c: &C, limit: u64) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .from_raw_sql(stmt("select * from mail_outbox order by created_at desc limit $1", [(limit as i64).into()]))
        .all(c)
        .await
}

/// The language a person reads the product in, by their address (none for someone without an account yet). On the
/// identity pool: an invitee may belong to no workspace the caller's tenant context can see.
pub async fn locale_of<C: ConnectionTrait>(c: &C, email: &str) -> Result<Option<String>, DbErr> {
    #[derive(FromQueryResult)]
    struct L {
        locale: String,
    }
    Ok(L::find_by_statement(stmt("select locale from users where lower(email) = lower($1)", [email.to_owned().into()]))
        .one(c)
        .await?
        .map(|l| l.locale))
}
