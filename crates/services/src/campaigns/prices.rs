//! The price table campaigns are costed with (platform-wide, by country and category, in one currency): read once
//! per node and kept while its stamp (row count and last edit) is unchanged, checked at most every few seconds, so
//! estimates and billable statuses do not read the whole table each time. The platform admin replaces it here.

use super::dto::{MessagePrice, MessagePriceTable, MessagePriceTableInput};
use crate::check::Check;
use crate::platform::admin::AdminService;
use crate::{Core, DbResultExt, Result};
use parley_store::TenantTx;
use parley_store::repo::campaigns::prices::{self, PriceRow, Stamp};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a node trusts its copy before asking whether the table changed.
const RECHECK: Duration = Duration::from_secs(5);

const CATEGORIES: [&str; 4] = ["marketing", "utility", "authentication", "service"];

/// The table as loaded: a lookup by country with the `*` row as the fallback.
#[derive(Debug, Default)]
pub(crate) struct PriceTable {
    rows: Vec<PriceRow>,
}

impl PriceTable {
    /// The price of one delivered message of `category` to `country` (an ISO code, `*` for none).
    pub fn price(&self, country: &str, category: &str) -> Option<f64> {
        let find = |c: &str| self.rows.iter().find(|p| p.country == c && p.category == category).map(|p| p.price);
        find(country).or_else(|| find("*"))
    }

    /// The table's currency (one for the whole table; USD when it is empty).
    pub fn currency(&self) -> String {
        self.rows.first().map_or_else(|| "USD".to_owned(), |p| p.currency.clone())
    }
}

/// This node's copy, with its stamp and when the stamp was last checked.
#[derive(Default)]
pub(crate) struct PriceCache(std::sync::Mutex<Option<(Stamp, Instant, Arc<PriceTable>)>>);

impl PriceCache {
    fn get(&self) -> Option<(Stamp, Instant, Arc<PriceTable>)> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    fn put(&self, v: Option<(Stamp, Instant, Arc<PriceTable>)>) {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = v;
    }
}

impl Core {
    /// The price table, from this node's copy while it is current.
    pub(crate) async fn price_table(&self, tx: &TenantTx) -> Result<Arc<PriceTable>> {
        let cached = self.campaigns.prices.get();
        if let Some((_, checked, table)) = &cached
            && checked.elapsed() < RECHECK
        {
            return Ok(table.clone());
        }
        let stamp = prices::stamp(tx).await.db()?;
        if let Some((old, _, table)) = cached
            && old == stamp
        {
            self.campaigns.prices.put(Some((stamp, Instant::now(), table.clone())));
            return Ok(table);
        }
        let table = Arc::new(PriceTable { rows: prices::all(tx).await.db()? });
        self.campaigns.prices.put(Some((stamp, Instant::now(), table.clone())));
        Ok(table)
    }
}

fn table_dto(rows: Vec<PriceRow>) -> MessagePriceTable {
    let currency = PriceTable { rows: rows.clone() }.currency();
    MessagePriceTable {
        currency,
        prices: rows
            .into_iter()
            .map(|p| MessagePrice { country: p.country, category: p.category, price: p.price, currency: p.currency })
            .collect(),
    }
}

impl AdminService {
    pub async fn message_prices(&self) -> Result<MessagePriceTable> {
        Ok(table_dto(prices::list(&self.0.db).await.db()?))
    }

    /// Replaces the whole table: one currency, every row a country (ISO code or `*`) and category once, with a
    /// `*` row for each template category so every country has a price.
    pub async fn replace_message_prices(&self, input: MessagePriceTableInput) -> Result<MessagePriceTable> {
        let mut c = Check::default();
        let currency = input.currency.trim().to_ascii_uppercase();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            c.push("currency", "must be a three-letter ISO 4217 code such as USD or EUR");
        }
        if input.prices.is_empty() || input.prices.len() > 2_000 {
            c.push("prices", "must hold between 1 and 2,000 rows");
        }
        let mut rows: Vec<PriceRow> = Vec::with_capacity(input.prices.len());
        for (i, p) in input.prices.iter().enumerate() {
            let country = p.country.trim().to_ascii_uppercase();
            if country != "*" && !(country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase())) {
                c.push(&format!("prices.{i}.country"), "must be a two-letter ISO country code, or * for the others");
            }
            if !CATEGORIES.contains(&p.category.as_str()) {
                c.push(&format!("prices.{i}.category"), "must be marketing, utility, authentication or service");
            }
            if !p.price.is_finite() || !(0.0..=100.0).contains(&p.price) {
                c.push(&format!("prices.{i}.price"), "must be between 0 and 100");
            }
            if rows.iter().any(|r| r.country == country && r.category == p.category) {
                c.push(&format!("prices.{i}.country"), "this country and category are already priced above");
            }
            rows.push(PriceRow {
                country,
                category: p.category.clone(),
                price: (p.price * 10_000.0).round() / 10_000.0,
                currency: currency.clone(),
            });
        }
        for cat in &CATEGORIES[..3] {
            if !rows.iter().any(|r| r.country == "*" && r.category == *cat) {
                c.push("prices", &format!("needs a * row for {cat}: the price in every country not listed"));
            }
        }
        c.finish()?;
        prices::replace(&self.0.db, &rows).await.db()?;
        // This node sees it at once; the others within a few seconds, by the stamp.
        self.0.campaigns.prices.put(None);
        self.message_prices().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(country: &str, category: &str, price: f64) -> PriceRow {
        PriceRow { country: country.into(), category: category.into(), price, currency: "EUR".into() }
    }

    #[test]
    fn a_country_without_its_own_price_pays_the_others_price() {
        let t = PriceTable { rows: vec![row("*", "marketing", 0.05), row("PT", "marketing", 0.03)] };
        assert_eq!(t.price("PT", "marketing"), Some(0.03));
        assert_eq!(t.price("BR", "marketing"), Some(0.05));
        assert_eq!(t.price("PT", "utility"), None);
        assert_eq!(t.currency(), "EUR");
        assert_eq!(PriceTable::default().currency(), "USD");
    }
}
