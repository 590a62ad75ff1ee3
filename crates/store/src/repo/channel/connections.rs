//! WhatsApp numbers of a tenant. Credentials arrive here already sealed; this module never sees them
//! in the clear.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct ConnectionRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub kind: String,
    pub name: String,
    pub status: String,
    pub phone_number_id: Option<String>,
    pub waba_id: Option<String>,
    pub display_phone_number: Option<String>,
    pub verified_name: Option<String>,
    pub credentials: Vec<u8>,
    pub verify_token: String,
    pub wasender_session_id: Option<String>,
    pub qr_code: Option<String>,
    pub simulated: bool,
    pub rate_per_second: i32,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Unique customers per rolling 24 hours it may start conversations with (None: unlimited).
    pub messaging_limit: Option<i32>,
    pub quality_rating: Option<String>,
}

pub struct NewConnection<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub status: &'a str,
    pub phone_number_id: Option<&'a str>,
    pub waba_id: Option<&'a str>,
    pub display_phone_number: Option<&'a str>,
    pub credentials: Vec<u8>,
    pub verify_token: &'a str,
    pub simulated: bool,
    pub rate_per_second: i32,
}

pub async fn insert(tx: &TenantTx, id: Uuid, c: NewConnection<'_>) -> Result<ConnectionRow, DbErr> {
    ConnectionRow::find_by_statement(stmt(
        "insert into whatsapp_connections (id, tenant_id, kind, name, status, phone_number_id, waba_id,
            display_phone_number, credentials, verify_token, simulated, rate_per_second)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning *",
        [
            id.into(),
            tx.tenant_id.0.into(),
            c.kind.into(),
            c.name.into(),
            c.status.into(),
            c.phone_number_id.map(str::to_owned).into(),
            c.waba_id.map(str::to_owned).into(),
            c.display_phone_number.map(str::to_owned).into(),
            c.credentials.into(),
            c.verify_token.into(),
            c.simulated.into(),
            c.rate_per_second.into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or_else(|| DbErr::RecordNotInserted)
}

pub async fn list<C: ConnectionTrait>(c: &C) -> Result<Vec<ConnectionRow>, DbErr> {
    ConnectionRow::find_by_statement(stmt("select * from whatsapp_connections order by created_at", [])).all(c).await
}

pub async fn get<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Option<ConnectionRow>, DbErr> {
    ConnectionRow::find_by_statement(stmt("select * from whatsapp_connections where id = $1", [id.into()])).one(c).await
}

pub async fn by_phone_number_id<C: ConnectionTrait>(
    c: &C,
    phone_number_id: &str,
) -> Result<Option<ConnectionRow>, DbErr> {
    ConnectionRow::find_by_statement(stmt(
        "select * from whatsapp_connections where phone_number_id = $1",
        [phone_number_id.into()],
    ))
    .one(c)
    .await
}

/// Fields a user or the provider may change; `None` leaves a field as it is.
#[derive(Default)]
pub struct ConnectionPatch {
    pub name: Option<String>,
    pub status: Option<String>,
    pub credentials: Option<Vec<u8>>,
    pub verify_token: Option<String>,
    pub display_phone_number: Option<String>,
    pub verified_name: Option<String>,
    pub wasender_session_id: Option<String>,
    pub qr_code: Option<Option<String>>,
    pub rate_per_second: Option<i32>,
    /// `Some(None)` clears the error.
    pub last_error: Option<Option<String>>,
}

pub async fn update(tx: &TenantTx, id: Uuid, p: ConnectionPatch) -> Result<Option<ConnectionRow>, DbErr> {
    let (set_qr, qr) = match p.qr_code {
        Some(v) => (true, v),
        None => (false, None),
    };
    let (set_err, err) = match p.last_error {
        Some(v) => (true, v),
        None => (false, None),
    };
    ConnectionRow::find_by_statement(stmt(
        "update whatsapp_connections set
            name = coalesce($2, name),
            status = coalesce($3, status),
            credentials = coalesce($4, credentials),
            verify_token = coalesce($5, verify_token),
            display_phone_number = coalesce($6, display_phone_number),
            verified_name = coalesce($7, verified_name),
            wasender_session_id = coalesce($8, wasender_session_id),
            qr_code = case when $9 then $10 else qr_code end,
            rate_per_second = coalesce($11, rate_per_second),
            last_error = case when $12 then $13 else last_error end,
            last_error_at = case when $12 then (case when $13::text is null then null else now() end)
                                 else last_error_at end,
            updated_at = now()
         where id = $1 returning *",
        [
            id.into(),
            p.name.into(),
            p.status.into(),
            p.credentials.into(),
            p.verify_token.into(),
            p.display_phone_number.into(),
            p.verified_name.into(),
            p.wasender_session_id.into(),
            set_qr.into(),
            qr.into(),
            p.rate_per_second.into(),
            set_err.into(),
            err.into(),
        ],
    ))
    .one(&tx.tx)
    .await
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx.execute_raw(stmt("delete from whatsapp_connections where id = $1", [id.into()])).await?;
    Ok(r.rows_affected() == 1)
}

/// Every connected Cloud number, across tenants (tenant, id): the daily refresh of their limits reads them.
pub async fn cloud_connected(db: &crate::Db) -> Result<Vec<(Uuid, Uuid)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        tenant_id: Uuid,
        id: Uuid,
    }
    Ok(Row::find_by_statement(stmt(
        "select tenant_id, id from whatsapp_connections where kind = 'cloud' and status = 'connected' order by id",
        [],
    ))
    .all(db.system())
    .await?
    .into_iter()
    .map(|r| (r.tenant_id, r.id))
    .collect())
}

/// What Meta says about a number's limits (throughput and messaging tier) and quality.
pub async fn set_limits(
    tx: &TenantTx,
    id: Uuid,
    rate_per_second: Option<i32>,
    messaging_limit: Option<Option<i32>>,
    quality_rating: Option<&str>,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update whatsapp_connections set rate_per_second = coalesce($2, rate_per_second),
                messaging_limit = case when $3 then $4 else messaging_limit end,
                quality_rating = coalesce($5, quality_rating), updated_at = now()
          where id = $1",
        [
            id.into(),
            rate_per_second.into(),
            messaging_limit.is_some().into(),
            messaging_limit.flatten().into(),
            quality_rating.map(str::to_owned).into(),
        ],
    ))
    .await?;
    Ok(())
}
