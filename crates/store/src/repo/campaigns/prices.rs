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

pub async fn all(tx: &TenantTx) -> Result<Vec<PriceRow>, DbErr> {
    PriceRow::find_by_statement(stmt(
        "select country, category, price::float8 as price, currency from message_prices order by country, category",
        [],
    ))
    .all(&tx.tx)
    .await
}

/// Replaces one price (the platform admin's rate card).
pub async fn upsert(db: &Db, p: &PriceRow) -> Result<(), DbErr> {
    db.system()
        .execute_raw(stmt(
            "insert into message_prices (country, category, price, currency) values ($1, $2, $3, $4)
             on conflict (country, category) do update set price = excluded.price, currency = excluded.currency,
                                                           updated_at = now()",
            [p.country.clone().into(), p.category.clone().into(), p.price.into(), p.currency.clone().into()],
        ))
        .await?;
    Ok(())
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
