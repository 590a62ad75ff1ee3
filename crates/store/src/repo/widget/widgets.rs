//! Widgets of a tenant. The identity secret arrives here already sealed; this module never sees it in the clear.

use crate::repo::stmt;
use crate::{Db, TenantTx};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct WidgetRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub key: String,
    pub connection_id: Uuid,
    pub name: String,
    pub allowed_domains: Vec<String>,
    pub color: Option<String>,
    pub position: String,
    pub greeting: serde_json::Value,
    pub away_text: serde_json::Value,
    pub prechat: serde_json::Value,
    pub team_id: Option<Uuid>,
    pub whatsapp_connection_id: Option<Uuid>,
    pub whatsapp_text: Option<String>,
    pub identity_secret: Vec<u8>,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Every column a person sets; the key, channel and secret are set once by `insert` (the secret by `set_secret`).
#[derive(Debug, Clone)]
pub struct WidgetFields {
    pub name: String,
    pub allowed_domains: Vec<String>,
    pub color: Option<String>,
    pub position: String,
    pub greeting: serde_json::Value,
    pub away_text: serde_json::Value,
    pub prechat: serde_json::Value,
    pub team_id: Option<Uuid>,
    pub whatsapp_connection_id: Option<Uuid>,
    pub whatsapp_text: Option<String>,
    pub enabled: bool,
}

impl WidgetFields {
    /// The fields in the order `insert` and `update` name their columns.
    fn values(&self) -> [sea_orm::Value; 11] {
        let f = self.clone();
        [
            f.name.into(),
            f.allowed_domains.into(),
            f.color.into(),
            f.position.into(),
            f.greeting.into(),
            f.away_text.into(),
            f.prechat.into(),
            f.team_id.into(),
            f.whatsapp_connection_id.into(),
            f.whatsapp_text.into(),
            f.enabled.into(),
        ]
    }
}

pub async fn insert(
    tx: &TenantTx,
    id: Uuid,
    key: &str,
    connection_id: Uuid,
    secret: Vec<u8>,
    f: &WidgetFields,
) -> Result<WidgetRow, DbErr> {
    WidgetRow::find_by_statement(stmt(
        "insert into widgets (id, tenant_id, key, connection_id, identity_secret, name, allowed_domains, color,
            position, greeting, away_text, prechat, team_id, whatsapp_connection_id, whatsapp_text, enabled)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) returning *",
        [sea_orm::Value::from(id), tx.tenant_id.0.into(), key.into(), connection_id.into(), secret.into()]
            .into_iter()
            .chain(f.values()),
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn update(tx: &TenantTx, id: Uuid, f: &WidgetFields) -> Result<Option<WidgetRow>, DbErr> {
    WidgetRow::find_by_statement(stmt(
        "update widgets set name = $2, allowed_domains = $3, color = $4, position = $5, greeting = $6,
            away_text = $7, prechat = $8, team_id = $9, whatsapp_connection_id = $10, whatsapp_text = $11,
            enabled = $12, updated_at = now()
         where id = $1 returning *",
        std::iter::once(sea_orm::Value::from(id)).chain(f.values()),
    ))
    .one(&tx.tx)
    .await
}

pub async fn set_secret(tx: &TenantTx, id: Uuid, secret: Vec<u8>) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update widgets set identity_secret = $2, updated_at = now() where id = $1",
            [id.into(), secret.into()],
        ))
        .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn list<C: ConnectionTrait>(c: &C) -> Result<Vec<WidgetRow>, DbErr> {
    WidgetRow::find_by_statement(stmt("select * from widgets order by created_at, id", [])).all(c).await
}

pub async fn get<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Option<WidgetRow>, DbErr> {
    WidgetRow::find_by_statement(stmt("select * from widgets where id = $1", [id.into()])).one(c).await
}

pub async fn by_connection<C: ConnectionTrait>(c: &C, connection_id: Uuid) -> Result<Option<WidgetRow>, DbErr> {
    WidgetRow::find_by_statement(stmt("select * from widgets where connection_id = $1", [connection_id.into()]))
        .one(c)
        .await
}

/// Deletes the widget with its channel row, and so its conversations and visitors.
pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "delete from whatsapp_connections where id = (select connection_id from widgets where id = $1)",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() > 0)
}

/// A widget as the public API finds it by its key, before any tenant is known.
#[derive(Debug, Clone, FromQueryResult)]
pub struct PublicWidget {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub allowed_domains: Vec<String>,
    pub enabled: bool,
    pub tenant_status: String,
}

/// The one cross-tenant read of the widget's public API: which workspace a key belongs to and where it may be
/// embedded. Everything else the visitor does runs in that workspace's transaction.
pub async fn by_key(db: &Db, key: &str) -> Result<Option<PublicWidget>, DbErr> {
    PublicWidget::find_by_statement(stmt(
        "select w.id, w.tenant_id, w.allowed_domains, w.enabled, t.status as tenant_status
         from widgets w join tenants t on t.id = w.tenant_id where w.key = $1",
        [key.into()],
    ))
    .one(db.system())
    .await
}
