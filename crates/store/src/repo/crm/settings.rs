//! A workspace's CRM settings: consent keywords and the import mappings it remembers.

use crate::TenantTx;
use crate::repo::stmt;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(Debug, Clone, FromQueryResult)]
pub struct CrmSettingsRow {
    pub opt_out_keywords: Vec<String>,
    pub opt_in_keywords: Vec<String>,
    pub import_mapping: serde_json::Value,
}

/// The settings, created with their defaults on first read.
pub async fn get(tx: &TenantTx) -> Result<CrmSettingsRow, DbErr> {
    tx.execute_raw(stmt(
        "insert into crm_settings (tenant_id) values ($1) on conflict (tenant_id) do nothing",
        [tx.tenant_id.0.into()],
    ))
    .await?;
    CrmSettingsRow::find_by_statement(stmt(
        "select opt_out_keywords, opt_in_keywords, import_mapping from crm_settings",
        [],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotFound("crm_settings".into()))
}

pub async fn set_keywords(tx: &TenantTx, opt_out: &[String], opt_in: &[String]) -> Result<(), DbErr> {
    get(tx).await?;
    tx.execute_raw(stmt(
        "update crm_settings set opt_out_keywords = $1, opt_in_keywords = $2, updated_at = now()",
        [opt_out.to_vec().into(), opt_in.to_vec().into()],
    ))
    .await?;
    Ok(())
}

/// Remembers `header -> target` choices (merged over the earlier ones).
pub async fn remember_mapping(tx: &TenantTx, mapping: &serde_json::Value) -> Result<(), DbErr> {
    get(tx).await?;
    tx.execute_raw(stmt(
        "update crm_settings set import_mapping = import_mapping || $1, updated_at = now()",
        [mapping.clone().into()],
    ))
    .await?;
    Ok(())
}
