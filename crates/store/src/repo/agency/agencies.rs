//! The agency's own row: what the platform admin lets it do, and who pays for its clients.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(Debug, Clone, FromQueryResult)]
pub struct AgencyRow {
    pub tenant_id: uuid::Uuid,
    pub max_clients: Option<i32>,
    pub may_remove_powered_by: bool,
    pub may_use_custom_domains: bool,
    pub may_use_own_sender: bool,
    pub billing_mode: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const SELECT: &str = "select tenant_id, max_clients, may_remove_powered_by, may_use_custom_domains, may_use_own_sender,
        billing_mode, created_at, updated_at from agencies";

/// The workspace's agency row; None for a workspace that is not an agency.
pub async fn get(tx: &TenantTx) -> Result<Option<AgencyRow>, DbErr> {
    AgencyRow::find_by_statement(stmt(SELECT, [])).one(&tx.tx).await
}

/// The row locked until the transaction ends: client creations of one agency are counted one at a time.
pub async fn lock(tx: &TenantTx) -> Result<Option<AgencyRow>, DbErr> {
    AgencyRow::find_by_statement(stmt(&format!("{SELECT} for update"), [])).one(&tx.tx).await
}

pub async fn set_billing_mode(tx: &TenantTx, mode: &str) -> Result<bool, DbErr> {
    let r = tx.execute_raw(stmt("update agencies set billing_mode = $1, updated_at = now()", [mode.into()])).await?;
    Ok(r.rows_affected() == 1)
}
