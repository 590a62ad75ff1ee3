//! Owners' own texts of the mail templates (`mail_templates`), per template key and language, under the
//! workspace's own tenant context. An agency's texts, which its clients fall back to, are read on the system path
//! (`repo::platform::agency_mail`).

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(Debug, Clone, FromQueryResult)]
pub struct TemplateText {
    pub key: String,
    pub locale: String,
    pub subject: String,
    pub body: String,
    pub updated_at: DateTime<Utc>,
}

pub async fn list(tx: &TenantTx) -> Result<Vec<TemplateText>, DbErr> {
    TemplateText::find_by_statement(stmt(
        "select key, locale, subject, body, updated_at from mail_templates order by key, locale",
        [],
    ))
    .all(&tx.tx)
    .await
}

pub async fn find(tx: &TenantTx, key: &str, locale: &str) -> Result<Option<TemplateText>, DbErr> {
    TemplateText::find_by_statement(stmt(
        "select key, locale, subject, body, updated_at from mail_templates where key = $1 and locale = $2",
        [key.to_owned().into(), locale.to_owned().into()],
    ))
    .one(&tx.tx)
    .await
}

pub async fn put(tx: &TenantTx, key: &str, locale: &str, subject: &str, body: &str) -> Result<TemplateText, DbErr> {
    TemplateText::find_by_statement(stmt(
        "insert into mail_templates (tenant_id, key, locale, subject, body) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, key, locale) do update set subject = excluded.subject, body = excluded.body,
           updated_at = now()
         returning key, locale, subject, body, updated_at",
        [
            tx.tenant_id.0.into(),
            key.to_owned().into(),
            locale.to_owned().into(),
            subject.to_owned().into(),
            body.to_owned().into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or_else(|| DbErr::RecordNotFound("mail template".into()))
}

/// Answers whether there was one.
pub async fn delete(tx: &TenantTx, key: &str, locale: &str) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "delete from mail_templates where key = $1 and locale = $2",
            [key.to_owned().into(), locale.to_owned().into()],
        ))
        .await?;
    Ok(r.rows_affected() > 0)
}

/// The agency this workspace is a client of, as its own row says (also inside the transaction that created it).
pub async fn agency_of(tx: &TenantTx) -> Result<Option<uuid::Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct A {
        agency_id: Option<uuid::Uuid>,
    }
    Ok(A::find_by_statement(stmt("select agency_id from tenants where id = $1", [tx.tenant_id.0.into()]))
        .one(&tx.tx)
        .await?
        .and_then(|a| a.agency_id))
}

/// The language the workspace's mails are written in when the recipient has no account yet (`settings.locale`, set
/// when an agency creates a client).
pub async fn workspace_locale(tx: &TenantTx) -> Result<Option<String>, DbErr> {
    #[derive(FromQueryResult)]
    struct L {
        locale: Option<String>,
    }
    Ok(L::find_by_statement(stmt(
        "select settings ->> 'locale' as locale from tenants where id = $1",
        [tx.tenant_id.0.into()],
    ))
    .one(&tx.tx)
    .await?
    .and_then(|l| l.locale)
    .filter(|l| l.len() == 2 && l.chars().all(|c| c.is_ascii_lowercase())))
}

/// Sets the workspace's language (`settings.locale`), keeping its other settings.
pub async fn set_workspace_locale(tx: &TenantTx, locale: &str) -> Result<(), DbErr> {
    tx.tx
        .execute_raw(stmt(
            "update tenants set settings = settings || jsonb_build_object('locale', $2::text), updated_at = now() \
             where id = $1",
            [tx.tenant_id.0.into(), locale.into()],
        ))
        .await?;
    Ok(())
}
