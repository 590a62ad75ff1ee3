//! The system path for one thing: a client workspace's mails use its agency's own template texts (unless it has
//! its own), which the client's tenant context cannot read. Reads the agency's texts (key, language, subject,
//! body) and nothing else.

use crate::Db;
use crate::repo::stmt;
use sea_orm::{DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct AgencyText {
    pub subject: String,
    pub body: String,
}

/// The text agency `agency` wrote for `key` in `locale` (none when it is not an agency or wrote none). The caller
/// names the agency as its client's own `tenants.agency_id` reads it, in the client's transaction: a client created
/// in the same transaction is not visible here yet.
pub async fn agency_template(db: &Db, agency: Uuid, key: &str, locale: &str) -> Result<Option<AgencyText>, DbErr> {
    AgencyText::find_by_statement(stmt(
        "select m.subject, m.body
           from agencies a join mail_templates m on m.tenant_id = a.tenant_id
          where a.tenant_id = $1 and m.key = $2 and m.locale = $3",
        [agency.into(), key.to_owned().into(), locale.to_owned().into()],
    ))
    .one(db.system())
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct AgencyTemplate {
    pub key: String,
    pub locale: String,
    pub subject: String,
    pub body: String,
}

/// Every text agency `agency` wrote, for its client's owners to see what their mails use.
pub async fn agency_templates(db: &Db, agency: Uuid) -> Result<Vec<AgencyTemplate>, DbErr> {
    AgencyTemplate::find_by_statement(stmt(
        "select m.key, m.locale, m.subject, m.body
           from agencies a join mail_templates m on m.tenant_id = a.tenant_id
          where a.tenant_id = $1 order by m.key, m.locale",
        [agency.into()],
    ))
    .all(db.system())
    .await
}
