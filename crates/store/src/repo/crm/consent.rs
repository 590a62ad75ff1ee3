//! Writes of a contact's marketing consent (state, source, time).

use crate::TenantTx;
use crate::repo::stmt;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

/// Sets the consent; answers whether it changed (the same state again is not a change).
pub async fn set(tx: &TenantTx, contact_id: Uuid, status: &str, source: &str) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update contacts set consent_status = $2, consent_source = $3, consent_at = now(), updated_at = now()
             where id = $1 and consent_status is distinct from $2",
            [contact_id.into(), status.into(), source.into()],
        ))
        .await?;
    Ok(r.rows_affected() > 0)
}

/// The contact with this E.164 phone, if any.
pub async fn contact_by_phone(tx: &TenantTx, phone: &str) -> Result<Option<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Id {
        id: Uuid,
    }
    Ok(Id::find_by_statement(stmt("select id from contacts where phone = $1", [phone.into()]))
        .one(&tx.tx)
        .await?
        .map(|r| r.id))
}
