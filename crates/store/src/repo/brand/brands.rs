//! A workspace's own brand row: read and written by its owner and managers (the mail sender's columns are
//! `brand::sender`'s). Every change bumps `version`, which caches and image addresses carry.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

#[derive(Debug, Clone, FromQueryResult)]
pub struct OwnBrandRow {
    pub product_name: Option<String>,
    pub primary_color: Option<String>,
    pub accent_color: Option<String>,
    pub login_title: Option<String>,
    pub login_text: Option<String>,
    pub support_email: Option<String>,
    pub support_url: Option<String>,
    pub terms_url: Option<String>,
    pub privacy_url: Option<String>,
    pub powered_by: bool,
    pub mail_from_name: Option<String>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

pub async fn get(tx: &TenantTx) -> Result<Option<OwnBrandRow>, DbErr> {
    OwnBrandRow::find_by_statement(stmt(
        "select product_name, primary_color, accent_color, login_title, login_text, support_email, support_url,
                terms_url, privacy_url, powered_by, mail_from_name, version, updated_at
           from brands",
        [],
    ))
    .one(&tx.tx)
    .await
}

/// The fields a brand's owner edits (all of them at once: `PUT`).
#[derive(Debug, Clone, Default)]
pub struct BrandFields {
    pub product_name: Option<String>,
    pub primary_color: Option<String>,
    pub accent_color: Option<String>,
    pub login_title: Option<String>,
    pub login_text: Option<String>,
    pub support_email: Option<String>,
    pub support_url: Option<String>,
    pub terms_url: Option<String>,
    pub privacy_url: Option<String>,
    pub powered_by: bool,
    pub mail_from_name: Option<String>,
}

/// Writes the fields (creating the row), bumps the version; answers the new version.
pub async fn put(tx: &TenantTx, f: &BrandFields) -> Result<i32, DbErr> {
    #[derive(FromQueryResult)]
    struct V {
        version: i32,
    }
    let v = V::find_by_statement(stmt(
        "insert into brands (tenant_id, product_name, primary_color, accent_color, login_title, login_text,
                             support_email, support_url, terms_url, privacy_url, powered_by, mail_from_name)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         on conflict (tenant_id) do update set
           product_name = excluded.product_name, primary_color = excluded.primary_color,
           accent_color = excluded.accent_color, login_title = excluded.login_title,
           login_text = excluded.login_text, support_email = excluded.support_email,
           support_url = excluded.support_url, terms_url = excluded.terms_url, privacy_url = excluded.privacy_url,
           powered_by = excluded.powered_by, mail_from_name = excluded.mail_from_name,
           version = brands.version + 1, updated_at = now()
         returning version",
        [
            tx.tenant_id.0.into(),
            f.product_name.clone().into(),
            f.primary_color.clone().into(),
            f.accent_color.clone().into(),
            f.login_title.clone().into(),
            f.login_text.clone().into(),
            f.support_email.clone().into(),
            f.support_url.clone().into(),
            f.terms_url.clone().into(),
            f.privacy_url.clone().into(),
            f.powered_by.into(),
            f.mail_from_name.clone().into(),
        ],
    ))
    .one(&tx.tx)
    .await?;
    v.map(|v| v.version).ok_or_else(|| DbErr::RecordNotFound("brand".into()))
}

/// Bumps the version (an image changed), creating the row with its defaults if there is none yet.
pub async fn touch(tx: &TenantTx) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into brands (tenant_id) values ($1)
         on conflict (tenant_id) do update set version = brands.version + 1, updated_at = now()",
        [tx.tenant_id.0.into()],
    ))
    .await?;
    Ok(())
}
