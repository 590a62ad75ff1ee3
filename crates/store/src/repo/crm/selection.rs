//! Work on the contacts a filter selects: keyset pages in any supported order, counts, export batches and
//! set-based bulk actions (one statement each, however many contacts match).

use super::contacts::ContactRow;
use super::filter::{Filter, compile};
use crate::TenantTx;
use crate::repo::{count, stmt};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Value};
use uuid::Uuid;

/// Filters read the workspace's contacts through `tenant_contacts` (migration 0005), where the trigram and
/// custom-field indexes can serve them; writes go to `contacts` itself, by id, under row-level security.
const CONTACTS: &str = "tenant_contacts contacts";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortCol {
    CreatedAt,
    UpdatedAt,
    Name,
    Phone,
    Email,
    Company,
}

impl SortCol {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "createdAt" => Self::CreatedAt,
            "updatedAt" => Self::UpdatedAt,
            "name" => Self::Name,
            "phone" => Self::Phone,
            "email" => Self::Email,
            "company" => Self::Company,
            _ => return None,
        })
    }

    /// The ordering expression; text columns sort case-insensitively with missing values as ''
    /// (so keyset comparisons never meet a NULL). `contacts_name_idx` matches the name expression.
    fn expr(self) -> &'static str {
        match self {
            Self::CreatedAt => "contacts.created_at",
            Self::UpdatedAt => "contacts.updated_at",
            Self::Name => "lower(coalesce(contacts.name, contacts.profile_name, ''))",
            Self::Phone => "coalesce(contacts.phone, '')",
            Self::Email => "lower(coalesce(contacts.email, ''))",
            Self::Company => "lower(coalesce(contacts.company, ''))",
        }
    }

    fn is_time(self) -> bool {
        matches!(self, Self::CreatedAt | Self::UpdatedAt)
    }
}

/// Where the previous page ended: the sort value (as text) and the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct After {
    pub value: String,
    pub id: Uuid,
}

#[derive(Debug, Clone, Copy)]
pub struct Order {
    pub col: SortCol,
    pub desc: bool,
}

#[derive(FromQueryResult)]
struct SortKey {
    k: String,
}

/// The statement `page` runs (also what the benchmark EXPLAINs).
pub fn page_sql(filter: &Filter, order: Order, after: Option<&After>, limit: u64) -> (String, Vec<Value>) {
    let expr = order.col.expr();
    let (cmp, dir) = if order.desc { ("<", "desc") } else { (">", "asc") };
    let mut values: Vec<Value> = Vec::new();
    let keyset = match after {
        Some(a) => {
            values.push(a.value.clone().into());
            values.push(a.id.into());
            let cast = if order.col.is_time() { "::timestamptz" } else { "" };
            format!("and ({expr}, contacts.id) {cmp} ($1{cast}, $2)")
        }
        None => String::new(),
    };
    let f = compile(filter, values.len());
    values.extend(f.values);
    values.push((limit as i64).into());
    let sql = format!(
        "select contacts.* from {CONTACTS} where {} {keyset} order by {expr} {dir}, contacts.id {dir} limit ${}",
        f.sql,
        values.len()
    );
    (sql, values)
}

/// The statement `count_matching` runs.
pub fn count_sql(filter: &Filter) -> (String, Vec<Value>) {
    let f = compile(filter, 0);
    (format!("select count(*) as n from {CONTACTS} where {}", f.sql), f.values)
}

/// One page of `limit` contacts after `after`, with the key of its last row (for the next cursor).
pub async fn page(
    tx: &TenantTx,
    filter: &Filter,
    order: Order,
    after: Option<&After>,
    limit: u64,
) -> Result<(Vec<ContactRow>, Option<After>), DbErr> {
    let expr = order.col.expr();
    let (sql, values) = page_sql(filter, order, after, limit);
    let rows = ContactRow::find_by_statement(stmt(&sql, values)).all(&tx.tx).await?;
    let next = match rows.last() {
        Some(last) if rows.len() as u64 == limit => {
            let key_sql = if order.col.is_time() {
                format!(
                    "select to_char({expr} at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') as k from contacts where id = $1"
                )
            } else {
                format!("select {expr} as k from contacts where id = $1")
            };
            let k = SortKey::find_by_statement(stmt(&key_sql, [last.id.into()])).one(&tx.tx).await?;
            k.map(|k| After { value: k.k, id: last.id })
        }
        _ => None,
    };
    Ok((rows, next))
}

pub async fn count_matching(tx: &TenantTx, filter: &Filter) -> Result<u64, DbErr> {
    let (sql, values) = count_sql(filter);
    count(&tx.tx, &sql, values).await
}

/// Export batches walk the primary key, the cheapest stable order.
pub async fn batch_after(
    tx: &TenantTx,
    filter: &Filter,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<ContactRow>, DbErr> {
    let mut values: Vec<Value> = vec![after.into()];
    let f = compile(filter, 1);
    values.extend(f.values);
    values.push((limit as i64).into());
    ContactRow::find_by_statement(stmt(
        &format!(
            "select contacts.* from {CONTACTS} where ($1::uuid is null or contacts.id > $1) and {} order by contacts.id limit ${}",
            f.sql,
            values.len()
        ),
        values,
    ))
    .all(&tx.tx)
    .await
}

fn bound(filter: &Filter, first: Vec<Value>) -> (String, Vec<Value>) {
    let n = first.len();
    let f = compile(filter, n);
    let mut values = first;
    values.extend(f.values);
    (f.sql, values)
}

pub async fn add_label(tx: &TenantTx, filter: &Filter, label_id: Uuid) -> Result<u64, DbErr> {
    let (w, values) = bound(filter, vec![tx.tenant_id.0.into(), label_id.into()]);
    let r = tx
        .execute_raw(stmt(
            &format!(
                "insert into contact_labels (tenant_id, contact_id, label_id)
                 select $1, contacts.id, $2 from {CONTACTS} where {w} on conflict do nothing"
            ),
            values,
        ))
        .await?;
    Ok(r.rows_affected())
}

pub async fn remove_label(tx: &TenantTx, filter: &Filter, label_id: Uuid) -> Result<u64, DbErr> {
    let (w, values) = bound(filter, vec![label_id.into()]);
    let r = tx
        .execute_raw(stmt(
            &format!("delete from contact_labels where label_id = $1 and contact_id in (select contacts.id from {CONTACTS} where {w})"),
            values,
        ))
        .await?;
    Ok(r.rows_affected())
}

/// Sets (or, with `None`, clears) one custom field on every selected contact.
pub async fn set_field(
    tx: &TenantTx,
    filter: &Filter,
    key: &str,
    value: Option<serde_json::Value>,
) -> Result<u64, DbErr> {
    let (w, values) = bound(filter, vec![key.into(), value.into()]);
    let r = tx
        .execute_raw(stmt(
            &format!(
                "update contacts set attributes = case when $2::jsonb is null then attributes - $1
                        else attributes || jsonb_build_object($1::text, $2::jsonb) end,
                    updated_at = now()
                 where id in (select contacts.id from {CONTACTS} where {w})"
            ),
            values,
        ))
        .await?;
    Ok(r.rows_affected())
}

pub async fn delete(tx: &TenantTx, filter: &Filter) -> Result<u64, DbErr> {
    let (w, values) = bound(filter, vec![]);
    Ok(tx
        .execute_raw(stmt(
            &format!("delete from contacts where id in (select contacts.id from {CONTACTS} where {w})"),
            values,
        ))
        .await?
        .rows_affected())
}

/// Label names per contact, for exports.
pub async fn label_names(tx: &TenantTx, ids: &[Uuid]) -> Result<std::collections::HashMap<Uuid, String>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        contact_id: Uuid,
        names: String,
    }
    let rows = Row::find_by_statement(stmt(
        "select cl.contact_id, string_agg(l.name, ', ' order by lower(l.name)) as names
           from contact_labels cl join labels l on l.id = cl.label_id
          where cl.contact_id = any($1) group by cl.contact_id",
        [ids.to_vec().into()],
    ))
    .all(&tx.tx)
    .await?;
    Ok(rows.into_iter().map(|r| (r.contact_id, r.names)).collect())
}
