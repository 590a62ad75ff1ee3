//! The brand's mail sender (`brands.mail_from_*`, `mail_sender_*`): the address its mails come from once its
//! domain is verified by DNS, under the workspace's own tenant context.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(Debug, Clone, FromQueryResult)]
pub struct SenderRow {
    pub mail_from_name: Option<String>,
    pub mail_from_address: Option<String>,
    pub mail_sender_token: Option<String>,
    pub mail_sender_status: String,
    pub mail_sender_checked_at: Option<DateTime<Utc>>,
    /// The brand's product name (the display name when no sender name is set).
    pub product_name: Option<String>,
}

pub async fn get(tx: &TenantTx) -> Result<Option<SenderRow>, DbErr> {
    SenderRow::find_by_statement(stmt(
        "select mail_from_name, mail_from_address, mail_sender_token, mail_sender_status, mail_sender_checked_at,
                product_name
           from brands",
        [],
    ))
    .one(&tx.tx)
    .await
}

/// Writes the sender (creating the brand row with its defaults if there is none), bumps the brand's version.
pub async fn put(
    tx: &TenantTx,
    name: Option<&str>,
    address: Option<&str>,
    token: Option<&str>,
    status: &str,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into brands (tenant_id, mail_from_name, mail_from_address, mail_sender_token, mail_sender_status)
         values ($1, $2, $3, $4, $5)
         on conflict (tenant_id) do update set mail_from_name = excluded.mail_from_name,
           mail_from_address = excluded.mail_from_address, mail_sender_token = excluded.mail_sender_token,
           mail_sender_status = excluded.mail_sender_status,
           mail_sender_checked_at = case when brands.mail_from_address is not distinct from excluded.mail_from_address
                                         then brands.mail_sender_checked_at end,
           version = brands.version + 1, updated_at = now()",
        [
            tx.tenant_id.0.into(),
            name.map(str::to_owned).into(),
            address.map(str::to_owned).into(),
            token.map(str::to_owned).into(),
            status.to_owned().into(),
        ],
    ))
    .await?;
    Ok(())
}

/// Records a verification's outcome (bumping the version only when the status changed: caches of the brand hold it).
pub async fn set_status(tx: &TenantTx, status: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update brands set mail_sender_checked_at = now(),
           version = version + case when mail_sender_status = $1 then 0 else 1 end,
           updated_at = case when mail_sender_status = $1 then updated_at else now() end,
           mail_sender_status = $1",
        [status.to_owned().into()],
    ))
    .await?;
    Ok(())
}
