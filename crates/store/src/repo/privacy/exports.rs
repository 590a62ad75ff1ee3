//! Workspace exports: the job's row (pending, running, ready, failed) and the tables it reads, each as JSON.

use super::json_rows;
use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct ExportRow {
    pub id: Uuid,
    pub status: String,
    pub storage_key: Option<String>,
    pub size_bytes: Option<i64>,
    pub error: Option<String>,
    pub requested_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

const COLS: &str = "id, status, storage_key, size_bytes, error, requested_by, created_at, finished_at";

pub async fn insert(tx: &TenantTx, id: Uuid, requested_by: Option<Uuid>) -> Result<ExportRow, DbErr> {
    ExportRow::find_by_statement(stmt(
        &format!("insert into workspace_exports (id, tenant_id, requested_by) values ($1, $2, $3) returning {COLS}"),
        [id.into(), tx.tenant_id.0.into(), requested_by.into()],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<ExportRow>, DbErr> {
    ExportRow::find_by_statement(stmt(&format!("select {COLS} from workspace_exports where id = $1"), [id.into()]))
        .one(&tx.tx)
        .await
}

pub async fn recent(tx: &TenantTx, limit: i64) -> Result<Vec<ExportRow>, DbErr> {
    ExportRow::find_by_statement(stmt(
        &format!("select {COLS} from workspace_exports order by created_at desc, id desc limit $1"),
        [limit.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Claims a pending export for the job (a retried job finds it running and starts again).
pub async fn start(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update workspace_exports set status = 'running' where id = $1 and status in ('pending', 'running')",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn finish(tx: &TenantTx, id: Uuid, key: &str, size: i64) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update workspace_exports set status = 'ready', storage_key = $2, size_bytes = $3, finished_at = now()
          where id = $1",
        [id.into(), key.to_owned().into(), size.into()],
    ))
    .await?;
    Ok(())
}

pub async fn fail(tx: &TenantTx, id: Uuid, error: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update workspace_exports set status = 'failed', error = $2, finished_at = now() where id = $1",
        [id.into(), error.to_owned().into()],
    ))
    .await?;
    Ok(())
}

/// The files of a workspace export and the query of each. Never credentials, secrets or key hashes: numbers are
/// listed by their public fields, members by name, email and role, API keys not at all.
pub const TABLES: &[(&str, &str)] = &[
    ("workspace.json", "select id, name, slug, status, created_at from tenants"),
    (
        "members.json",
        "select m.user_id, u.name, u.email, m.role, m.status, m.created_at
           from memberships m left join users u on u.id = m.user_id order by m.created_at",
    ),
    (
        "whatsapp_numbers.json",
        "select id, kind, name, display_phone_number, status, created_at from whatsapp_connections order by created_at",
    ),
    ("contacts.json", "select * from contacts order by created_at, id"),
    ("contact_fields.json", "select * from contact_fields order by position, created_at"),
    ("labels.json", "select * from labels order by name"),
    ("contact_labels.json", "select * from contact_labels"),
    ("contact_events.json", "select * from contact_events order by created_at, id"),
    ("segments.json", "select * from segments order by created_at"),
    ("conversations.json", "select * from conversations order by created_at, id"),
    (
        "messages.json",
        "select id, conversation_id, connection_id, direction, wa_message_id, type, content, media_id,
        status, error, sender_user_id, reply_to_wa_id, sent_at, delivered_at, read_at, failed_at, created_at,
        redacted_at, campaign_id, flow_run_id from messages order by created_at, id",
    ),
    (
        "media_files.json",
        "select id, direction, status, mime_type, filename, size_bytes, sha256, created_at, deleted_at
        from media_files order by created_at, id",
    ),
    ("pipelines.json", "select * from pipelines order by created_at"),
    ("pipeline_stages.json", "select * from pipeline_stages order by pipeline_id, position"),
    ("deals.json", "select * from deals order by created_at, id"),
    ("tickets.json", "select * from tickets order by created_at, id"),
    ("ticket_comments.json", "select * from ticket_comments order by created_at, id"),
    ("flows.json", "select * from flows order by created_at"),
    ("flow_versions.json", "select * from flow_versions order by flow_id, version"),
    ("campaigns.json", "select * from campaigns order by created_at"),
    (
        "campaign_recipients.json",
        "select id, campaign_id, contact_id, phone, status, error_code, error_reason,
        sent_at, delivered_at, read_at, replied_at, failed_at from campaign_recipients order by campaign_id, id",
    ),
    ("suppressions.json", "select phone, reason, created_at from suppressions order by created_at"),
    ("automations.json", "select * from automations order by created_at"),
    ("message_templates.json", "select * from message_templates order by created_at"),
    ("canned_responses.json", "select * from canned_responses order by created_at"),
    ("teams.json", "select * from teams order by created_at"),
    ("inbox_settings.json", "select * from inbox_settings"),
    ("crm_settings.json", "select * from crm_settings"),
    ("privacy_settings.json", "select retention_days, updated_at from privacy_settings"),
];

pub async fn table(tx: &TenantTx, select: &str) -> Result<serde_json::Value, DbErr> {
    json_rows(&tx.tx, select, []).await
}

/// Deletes exports older than `before` (they hold every contact's data); their files join the deletion queue.
pub async fn expire(tx: &TenantTx, before: DateTime<Utc>) -> Result<u64, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "with old as (delete from workspace_exports where created_at < $1 returning storage_key)
             insert into media_deletions (tenant_id, storage_key)
             select $2, storage_key from old where storage_key is not null on conflict do nothing",
            [before.into(), tx.tenant_id.0.into()],
        ))
        .await?;
    Ok(r.rows_affected())
}
