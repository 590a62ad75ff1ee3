//! Plans and their prices. Plans belong to the platform: every workspace reads them, only the platform
//! admin writes them (through the system pool).

use crate::Db;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, TransactionTrait};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult, serde::Deserialize)]
pub struct PlanRow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub currency: String,
    pub trial_days: i32,
    pub features: serde_json::Value,
    pub limits: serde_json::Value,
    pub position: i32,
    pub is_default: bool,
    pub archived_at: Option<DateTime<Utc>>,
    pub gateway_product_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct PriceRow {
    pub plan_id: Uuid,
    pub cycle: String,
    pub amount: i64,
    pub gateway_price_id: Option<String>,
    pub gateway_amount: Option<i64>,
}

pub struct PlanWrite<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub currency: &'a str,
    pub trial_days: i32,
    pub features: &'a serde_json::Value,
    pub limits: &'a serde_json::Value,
}

pub async fn list<C: ConnectionTrait>(c: &C, archived: bool) -> Result<Vec<PlanRow>, DbErr> {
    PlanRow::find_by_statement(stmt(
        "select * from plans where $1 or archived_at is null order by archived_at nulls first, position, created_at",
        [archived.into()],
    ))
    .all(c)
    .await
}

pub async fn get<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Option<PlanRow>, DbErr> {
    PlanRow::find_by_statement(stmt("select * from plans where id = $1", [id.into()])).one(c).await
}

pub async fn default_plan<C: ConnectionTrait>(c: &C) -> Result<Option<PlanRow>, DbErr> {
    PlanRow::find_by_statement(stmt("select * from plans where is_default and archived_at is null", [])).one(c).await
}

pub async fn prices<C: ConnectionTrait>(c: &C, plan_ids: &[Uuid]) -> Result<Vec<PriceRow>, DbErr> {
    PriceRow::find_by_statement(stmt(
        "select plan_id, cycle, amount, gateway_price_id, gateway_amount from plan_prices where plan_id = any($1)
         order by plan_id, case cycle when 'monthly' then 1 when 'quarterly' then 2 else 3 end",
        [plan_ids.to_vec().into()],
    ))
    .all(c)
    .await
}

#[derive(FromQueryResult)]
struct PlanOfPrice {
    plan_id: Uuid,
    cycle: String,
}

/// The plan and cycle a gateway price belongs to, whether current or replaced.
pub async fn plan_of_gateway_price<C: ConnectionTrait>(c: &C, price_id: &str) -> Result<Option<(Uuid, String)>, DbErr> {
    Ok(PlanOfPrice::find_by_statement(stmt(
        "select plan_id, cycle from plan_gateway_prices where gateway_price_id = $1",
        [price_id.into()],
    ))
    .one(c)
    .await?
    .map(|r| (r.plan_id, r.cycle)))
}

pub async fn insert(db: &Db, id: Uuid, w: &PlanWrite<'_>, prices: &[(&str, i64)]) -> Result<(), DbErr> {
    let tx = db.system().begin().await?;
    tx.execute_raw(stmt(
        "insert into plans (id, name, description, currency, trial_days, features, limits, position)
         values ($1, $2, $3, $4, $5, $6, $7, coalesce((select max(position) + 1 from plans), 0))",
        [
            id.into(),
            w.name.into(),
            w.description.map(str::to_owned).into(),
            w.currency.into(),
            w.trial_days.into(),
            w.features.clone().into(),
            w.limits.clone().into(),
        ],
    ))
    .await?;
    write_prices(&tx, id, prices).await?;
    tx.commit().await
}

pub async fn update(db: &Db, id: Uuid, w: &PlanWrite<'_>, prices: &[(&str, i64)]) -> Result<bool, DbErr> {
    let tx = db.system().begin().await?;
    let n = tx
        .execute_raw(stmt(
            "update plans set name = $2, description = $3, currency = $4, trial_days = $5, features = $6, limits = $7,
                    updated_at = now()
             where id = $1 and archived_at is null",
            [
                id.into(),
                w.name.into(),
                w.description.map(str::to_owned).into(),
                w.currency.into(),
                w.trial_days.into(),
                w.features.clone().into(),
                w.limits.clone().into(),
            ],
        ))
        .await?
        .rows_affected();
    if n == 1 {
        write_prices(&tx, id, prices).await?;
    }
    tx.commit().await?;
    Ok(n == 1)
}

async fn write_prices<C: ConnectionTrait>(c: &C, id: Uuid, prices: &[(&str, i64)]) -> Result<(), DbErr> {
    let cycles: Vec<String> = prices.iter().map(|p| p.0.to_owned()).collect();
    let amounts: Vec<i64> = prices.iter().map(|p| p.1).collect();
    c.execute_raw(stmt(
        "delete from plan_prices where plan_id = $1 and cycle <> all($2)",
        [id.into(), cycles.clone().into()],
    ))
    .await?;
    c.execute_raw(stmt(
        "insert into plan_prices (plan_id, cycle, amount)
         select $1, c, a from unnest($2::text[], $3::bigint[]) as p(c, a)
         on conflict (plan_id, cycle) do update set amount = excluded.amount, updated_at = now()",
        [id.into(), cycles.into(), amounts.into()],
    ))
    .await?;
    Ok(())
}

/// Records what the gateway made for the plan: its product and the current price per cycle.
pub async fn set_gateway(db: &Db, id: Uuid, product_id: &str, prices: &[(String, String, i64)]) -> Result<(), DbErr> {
    let tx = db.system().begin().await?;
    tx.execute_raw(stmt("update plans set gateway_product_id = $2 where id = $1", [id.into(), product_id.into()]))
        .await?;
    for (cycle, price_id, amount) in prices {
        tx.execute_raw(stmt(
            "update plan_prices set gateway_price_id = $3, gateway_amount = $4 where plan_id = $1 and cycle = $2",
            [id.into(), cycle.clone().into(), price_id.clone().into(), (*amount).into()],
        ))
        .await?;
        tx.execute_raw(stmt(
            "insert into plan_gateway_prices (gateway_price_id, plan_id, cycle, amount) values ($1, $2, $3, $4)
             on conflict do nothing",
            [price_id.clone().into(), id.into(), cycle.clone().into(), (*amount).into()],
        ))
        .await?;
    }
    tx.commit().await
}

pub async fn archive(db: &Db, id: Uuid) -> Result<bool, DbErr> {
    let r = db
        .system()
        .execute_raw(stmt(
            "update plans set archived_at = now(), is_default = false, updated_at = now()
             where id = $1 and archived_at is null",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Makes `id` the plan new workspaces start on (one at a time).
pub async fn set_default(db: &Db, id: Uuid) -> Result<bool, DbErr> {
    let tx = db.system().begin().await?;
    tx.execute_raw(stmt("update plans set is_default = false where is_default and id <> $1", [id.into()])).await?;
    let n = tx
        .execute_raw(stmt(
            "update plans set is_default = true, updated_at = now() where id = $1 and archived_at is null",
            [id.into()],
        ))
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(n == 1)
}

/// Sets the display order to the order of `ids` (plans not named keep theirs, after them).
pub async fn reorder(db: &Db, ids: &[Uuid]) -> Result<(), DbErr> {
    db.system()
        .execute_raw(stmt(
            "update plans p set position = o.n - 1 from unnest($1::uuid[]) with ordinality as o(id, n) where p.id = o.id",
            [ids.to_vec().into()],
        ))
        .await
        .map(|_| ())
}
