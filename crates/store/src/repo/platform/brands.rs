//! The system path for brands: what resolving a workspace's brand needs across workspaces (a client's agency's
//! brand, the agency's permissions), which workspace owns an active custom domain (requests before sign-in know
//! only their `Host`), and the public brand images. Read-only; nothing here returns another column.

use crate::Db;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{DbErr, FromQueryResult};
use uuid::Uuid;

/// What decides whose brand a workspace shows and whether it may hide "powered by".
#[derive(Debug, Clone, FromQueryResult)]
pub struct BrandFacts {
    pub tenant_id: Uuid,
    /// The agency this workspace is a client of.
    pub agency_id: Option<Uuid>,
    /// The workspace is itself an agency (has an `agencies` row).
    pub is_agency: bool,
    /// Its own `agencies.may_remove_powered_by` (false when not an agency).
    pub may_remove_powered_by: bool,
    /// Its own `agencies.may_use_own_sender`.
    pub may_use_own_sender: bool,
    /// Its agency is still an agency (the agency's brand is inherited only then).
    pub agency_is_agency: bool,
    /// Its agency's `agencies.may_remove_powered_by` (false without one).
    pub agency_may_remove_powered_by: bool,
    /// Its agency's `agencies.may_use_own_sender`.
    pub agency_may_use_own_sender: bool,
    /// The plan's `customBranding` switch (an agency's client plan first, else the platform plan); None: no plan,
    /// so nothing is limited.
    pub plan_custom_branding: Option<bool>,
}

pub async fn facts(db: &Db, tenant: Uuid) -> Result<Option<BrandFacts>, DbErr> {
    BrandFacts::find_by_statement(stmt(
        "select t.id as tenant_id, t.agency_id,
                a.tenant_id is not null as is_agency,
                coalesce(a.may_remove_powered_by, false) as may_remove_powered_by,
                coalesce(a.may_use_own_sender, false) as may_use_own_sender,
                aa.tenant_id is not null as agency_is_agency,
                coalesce(aa.may_remove_powered_by, false) as agency_may_remove_powered_by,
                coalesce(aa.may_use_own_sender, false) as agency_may_use_own_sender,
                case when s.agency_features is not null
                       then coalesce(s.agency_features -> 'customBranding' = 'true'::jsonb, false)
                     when p.id is not null
                       then coalesce(p.features -> 'customBranding' = 'true'::jsonb, false)
                end as plan_custom_branding
           from tenants t
           left join agencies a on a.tenant_id = t.id
           left join agencies aa on aa.tenant_id = t.agency_id
           left join subscriptions s on s.tenant_id = t.id
           left join plans p on p.id = s.plan_id
          where t.id = $1",
        [tenant.into()],
    ))
    .one(db.system())
    .await
}

/// A brand row as resolution reads it (never the sender's token).
#[derive(Debug, Clone, FromQueryResult)]
pub struct BrandRow {
    pub tenant_id: Uuid,
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
    pub mail_from_address: Option<String>,
    pub mail_sender_status: String,
    pub version: i32,
    /// The kinds of image the brand has (`logo_light`, `logo_dark`, `favicon`, `login_image`).
    pub asset_kinds: Vec<String>,
    /// The owner's active custom domain (the oldest verified one), if any.
    pub domain: Option<String>,
}

pub async fn brand(db: &Db, tenant: Uuid) -> Result<Option<BrandRow>, DbErr> {
    BrandRow::find_by_statement(stmt(
        "select b.tenant_id, b.product_name, b.primary_color, b.accent_color, b.login_title, b.login_text,
                b.support_email, b.support_url, b.terms_url, b.privacy_url, b.powered_by, b.mail_from_name,
                b.mail_from_address, b.mail_sender_status, b.version,
                array(select a.kind from brand_assets a where a.tenant_id = b.tenant_id order by a.kind)
                  as asset_kinds,
                (select d.domain from custom_domains d
                  where d.tenant_id = b.tenant_id and d.status = 'active' and d.verified_at is not null
                  order by d.verified_at, d.domain limit 1) as domain
           from brands b where b.tenant_id = $1",
        [tenant.into()],
    ))
    .one(db.system())
    .await
}

/// The workspace whose active, verified custom domain `host` is (lower-case, without port).
pub async fn tenant_of_domain(db: &Db, host: &str) -> Result<Option<Uuid>, DbErr> {
    #[derive(FromQueryResult)]
    struct Owner {
        tenant_id: Uuid,
    }
    Ok(Owner::find_by_statement(stmt(
        "select tenant_id from custom_domains where domain = $1 and status = 'active' and verified_at is not null
          order by verified_at limit 1",
        [host.to_owned().into()],
    ))
    .one(db.system())
    .await?
    .map(|o| o.tenant_id))
}

/// One brand image, for the public (cached) image address.
#[derive(Debug, Clone, FromQueryResult)]
pub struct PublicAsset {
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub updated_at: DateTime<Utc>,
}

pub async fn asset(db: &Db, tenant: Uuid, kind: &str) -> Result<Option<PublicAsset>, DbErr> {
    PublicAsset::find_by_statement(stmt(
        "select content_type, bytes, sha256, updated_at from brand_assets where tenant_id = $1 and kind = $2",
        [tenant.into(), kind.to_owned().into()],
    ))
    .one(db.system())
    .await
}
