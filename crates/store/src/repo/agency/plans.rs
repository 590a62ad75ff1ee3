//! The agency's offer: the plans it sells to its clients (its own rows, under its own tenant).

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct AgencyPlanRow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub currency: String,
    pub monthly_amount: i64,
    pub features: serde_json::Value,
    pub limits: serde_json::Value,
    pub position: i32,
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const SELECT: &str = "select id, name, description, currency, monthly_amount, features, limits, position, archived_at,
        created_at, updated_at from agency_plans";

pub struct PlanWrite<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub currency: &'a str,
    pub monthly_amount: i64,
    pub features: &'a serde_json::Value,
    pub limits: &'a serde_json::Value,
}

/// Active plans first, in the agency's order; archived ones only when asked.
pub async fn list(tx: &TenantTx, archived: bool) -> Result<Vec<AgencyPlanRow>, DbErr> {
    AgencyPlanRow::find_by_statement(stmt(
        &format!("{SELECT} where $1 or archived_at is null order by archived_at nulls first, position, created_at"),
        [archived.into()],
    ))
    .all(&tx.tx)
    .await
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<AgencyPlanRow>, DbErr> {
    AgencyPlanRow::find_by_statement(stmt(&format!("{SELECT} where id = $1"), [id.into()])).one(&tx.tx).await
}

pub async fn insert(tx: &TenantTx, p: PlanWrite<'_>) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    tx.execute_raw(stmt(
        "insert into agency_plans (id, tenant_id, name, description, currency, monthly_amount, features, limits, position)
         values ($1, $2, $3, $4, $5, $6, $7, $8,
                 (select coalesce(max(position), 0) + 1 from agency_plans))",
        [
            id.into(),
            tx.tenant_id.0.into(),
            p.name.into(),
            p.description.map(str::to_owned).into(),
            p.currency.into(),
            p.monthly_amount.into(),
            p.features.clone().into(),
            p.limits.clone().into(),
        ],
    ))
    .await?;
    Ok(id)
}

pub async fn update(tx: &TenantTx, id: Uuid, p: PlanWrite<'_>) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update agency_plans set name = $2, description = $3, currency = $4, monthly_amount = $5, features = $6,
                    limits = $7, updated_at = now()
              where id = $1",
            [
                id.into(),
                p.name.into(),
                p.description.map(str::to_owned).into(),
                p.currency.into(),
                p.monthly_amount.into(),
                p.features.clone().into(),
                p.limits.clone().into(),
            ],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn archive(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update agency_plans set archived_at = coalesce(archived_at, now()), updated_at = now() where id = $1",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx.execute_raw(stmt("delete from agency_plans where id = $1", [id.into()])).await?;
    Ok(r.rows_affected() == 1)
}
