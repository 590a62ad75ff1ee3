//! Message templates of a number, as last synced from WhatsApp (status kept current by webhooks).

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct TemplateRow {
    pub id: Uuid,
    pub connection_id: Uuid,
    pub wa_template_id: Option<String>,
    pub name: String,
    pub language: String,
    pub category: Option<String>,
    pub status: String,
    pub components: serde_json::Value,
    pub rejected_reason: Option<String>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str =
    "id, connection_id, wa_template_id, name, language, category, status, components, rejected_reason, updated_at";

pub struct TemplateData<'a> {
    pub wa_template_id: Option<&'a str>,
    pub name: &'a str,
    pub language: &'a str,
    pub category: Option<&'a str>,
    pub status: &'a str,
    pub components: &'a serde_json::Value,
}

pub async fn upsert(tx: &TenantTx, connection_id: Uuid, t: TemplateData<'_>) -> Result<TemplateRow, DbErr> {
    TemplateRow::find_by_statement(stmt(
        &format!(
            "insert into message_templates (id, tenant_id, connection_id, wa_template_id, name, language, category,
                status, components)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             on conflict (tenant_id, connection_id, name, language) do update set
                wa_template_id = coalesce(excluded.wa_template_id, message_templates.wa_template_id),
                category = coalesce(excluded.category, message_templates.category),
                status = excluded.status, components = excluded.components, updated_at = now()
             returning {COLUMNS}"
        ),
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            connection_id.into(),
            t.wa_template_id.map(str::to_owned).into(),
            t.name.into(),
            t.language.into(),
            t.category.map(str::to_owned).into(),
            t.status.into(),
            t.components.clone().into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn list(tx: &TenantTx, connection_id: Uuid) -> Result<Vec<TemplateRow>, DbErr> {
    TemplateRow::find_by_statement(stmt(
        &format!("select {COLUMNS} from message_templates where connection_id = $1 order by name, language"),
        [connection_id.into()],
    ))
    .all(&tx.tx)
    .await
}

pub async fn find(
    tx: &TenantTx,
    connection_id: Uuid,
    name: &str,
    language: &str,
) -> Result<Option<TemplateRow>, DbErr> {
    TemplateRow::find_by_statement(stmt(
        &format!("select {COLUMNS} from message_templates where connection_id = $1 and name = $2 and language = $3"),
        [connection_id.into(), name.into(), language.into()],
    ))
    .one(&tx.tx)
    .await
}

/// A template status webhook; answers how many rows it changed (0: a template we never synced).
pub async fn set_status_by_wa_id(
    tx: &TenantTx,
    wa_template_id: &str,
    status: &str,
    reason: Option<&str>,
) -> Result<u64, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update message_templates set status = $2, rejected_reason = $3, updated_at = now()
             where wa_template_id = $1",
            [wa_template_id.into(), status.into(), reason.map(str::to_owned).into()],
        ))
        .await?;
    Ok(r.rows_affected())
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<TemplateRow>, DbErr> {
    TemplateRow::find_by_statement(stmt(&format!("select {COLUMNS} from message_templates where id = $1"), [id.into()]))
        .one(&tx.tx)
        .await
}
