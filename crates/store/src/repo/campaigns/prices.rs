//! The platform's table of what a delivered template message costs, by country and category.

use crate::repo::stmt;
use crate::{Db, TenantTx};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(Debug, Clone, FromQueryResult, PartialEq)]
pub struct PriceRow {
    /// ISO code, or `*` for every other country.
    pub country: String,
    pub category: String,
    pub price: f64,
    pub currency: String,
}

const ALL: &str =
    "select country, category, price::float8 as price, currency from message_prices order by country, category";

pub async fn all(tx: &TenantTx) -> Result<Vec<PriceRow>, DbErr> {
    PriceRow::find_by_statement(stmt(ALL, [])).all(&tx.tx).await
}

/// The table for the platform admin (no tenant).
pub async fn list(db: &Db) -> Result<Vec<PriceRow>, DbErr> {
    PriceRow::find_by_statement(stmt(ALL, [])).all(db.system()).await
}

/// What changes when the table changes: its size and last edit. Cheap to ask, so a cache can check it often.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Stamp {
    pub n: i64,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
}

pub async fn stamp(tx: &TenantTx) -> Result<Stamp, DbErr> {
    Ok(Stamp::find_by_statement(stmt("select count(*) as n, max(updated_at) as at from message_prices", []))
        .one(&tx.tx)
        .await?
        .unwrap_or(Stamp { n: 0, at: None }))
}

/// The price of one category in a country, or the `*` row's (one indexed lookup, for a single status).
pub async fn one(tx: &TenantTx, country: &str, category: &str) -> Result<Option<f64>, DbErr> {
    #[derive(FromQueryResult)]
    struct P {
        price: f64,
    }
    Ok(P::find_by_statement(stmt(
        "select price::float8 as price from message_prices where category = $2 and country in ($1, '*')
          order by (country = '*') limit 1",
        [country.into(), category.into()],
    ))
    .one(&tx.tx)
    .await?
    .map(|p| p.price))
}

/// Replaces the whole table in one transaction (the platform admin's rate card), every row stamped now.
pub async fn replace(db: &Db, rows: &[PriceRow]) -> Result<(), DbErr> {
    use sea_orm::TransactionTrait;
    let tx = db.system().begin().await?;
    tx.execute_raw(stmt("delete from message_prices", [])).await?;
    tx.execute_raw(stmt(
        "insert into message_prices (country, category, price, currency)
         select * from unnest($1::text[], $2::text[], $3::float8[], $4::text[])",
        [
            rows.iter().map(|r| r.country.clone()).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.category.clone()).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.price).collect::<Vec<_>>().into(),
            rows.iter().map(|r| r.currency.clone()).collect::<Vec<_>>().into(),
        ],
    ))
    .await?;
    tx.commit().await
}

/// Audience counts by country, for the estimate (phones are E.164, so the country is read in the service).
#[derive(Debug, Clone, FromQueryResult)]
pub struct PhoneCount {
    pub prefix: String,
    pub n: i64,
}

/// Pending recipients grouped by the first four digits of their number: enough to tell every calling code apart
/// (the longest is three digits) without one row per person.
pub async fn recipients_by_prefix(tx: &TenantTx, campaign_id: uuid::Uuid) -> Result<Vec<PhoneCount>, DbErr> {
    PhoneCount::find_by_statement(stmt(
        "select substr(phone, 1, 5) as prefix, count(*) as n from campaign_recipients
          where campaign_id = $1 and status in ('pending', 'sending', 'sent', 'delivered', 'read', 'replied')
          group by 1",
        [campaign_id.into()],
    ))
    .all(&tx.tx)
    .await
}
