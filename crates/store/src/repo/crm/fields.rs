//! Custom contact field definitions; their values live in `contacts.attributes` under the field's key.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct FieldRow {
    pub id: Uuid,
    pub key: String,
    pub label: String,
    pub kind: String,
    pub required: bool,
    pub options: serde_json::Value,
    pub position: i32,
    pub created_at: DateTime<Utc>,
}

const COLS: &str = "id, key, label, kind, required, options, position, created_at";

pub async fn list(tx: &TenantTx) -> Result<Vec<FieldRow>, DbErr> {
    FieldRow::find_by_statement(stmt(&format!("select {COLS} from contact_fields order by position, created_at"), []))
        .all(&tx.tx)
        .await
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<FieldRow>, DbErr> {
    FieldRow::find_by_statement(stmt(&format!("select {COLS} from contact_fields where id = $1"), [id.into()]))
        .one(&tx.tx)
        .await
}

pub async fn insert(
    tx: &TenantTx,
    key: &str,
    label: &str,
    kind: &str,
    required: bool,
    options: &[String],
) -> Result<FieldRow, DbErr> {
    FieldRow::find_by_statement(stmt(
        &format!(
            "insert into contact_fields (id, tenant_id, key, label, kind, required, options, position)
             values ($1, $2, $3, $4, $5, $6, $7, (select coalesce(max(position) + 1, 0) from contact_fields))
             returning {COLS}"
        ),
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            key.into(),
            label.into(),
            kind.into(),
            required.into(),
            serde_json::json!(options).into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn update(
    tx: &TenantTx,
    id: Uuid,
    label: Option<&str>,
    required: Option<bool>,
    options: Option<&[String]>,
    position: Option<i32>,
) -> Result<Option<FieldRow>, DbErr> {
    FieldRow::find_by_statement(stmt(
        &format!(
            "update contact_fields set label = coalesce($2, label), required = coalesce($3, required),
                options = coalesce($4, options), position = coalesce($5, position), updated_at = now()
             where id = $1 returning {COLS}"
        ),
        [
            id.into(),
            label.map(str::to_owned).into(),
            required.into(),
            options.map(|o| serde_json::json!(o)).into(),
            position.into(),
        ],
    ))
    .one(&tx.tx)
    .await
}

/// Deletes the definition and strips its values from every contact, in the caller's transaction.
pub async fn delete(tx: &TenantTx, id: Uuid, key: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt("delete from contact_fields where id = $1", [id.into()])).await?;
    tx.execute_raw(stmt("update contacts set attributes = attributes - $1 where attributes ? $1", [key.into()]))
        .await?;
    Ok(())
}
