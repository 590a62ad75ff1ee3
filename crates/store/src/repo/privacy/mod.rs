//! Queries for privacy (GDPR): a contact's whole history, its erasure, workspace exports, message retention and
//! the storage objects waiting to be deleted.

pub mod contact;
pub mod exports;
pub mod retention;

use crate::repo::stmt;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Value};

#[derive(FromQueryResult)]
struct Json {
    data: serde_json::Value,
}

/// The rows of `select ...` as one JSON array (`to_jsonb` of each row, in the query's order): exports write them
/// as they are, so a new column reaches the file without a struct to keep in step.
pub async fn json_rows<C: ConnectionTrait, I: IntoIterator<Item = Value>>(
    c: &C,
    select: &str,
    values: I,
) -> Result<serde_json::Value, DbErr> {
    let sql = format!(
        "select coalesce(jsonb_agg(to_jsonb(x) order by n), '[]'::jsonb) as data
           from (select *, row_number() over () as n from ({select}) q) x"
    );
    let out = Json::find_by_statement(stmt(&sql, values)).one(c).await?;
    let mut data = out.map(|j| j.data).unwrap_or_else(|| serde_json::json!([]));
    // The ordering column is ours, not the caller's.
    if let Some(rows) = data.as_array_mut() {
        for r in rows {
            if let Some(o) = r.as_object_mut() {
                o.remove("n");
            }
        }
    }
    Ok(data)
}
