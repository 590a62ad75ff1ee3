//! The brand's mail sender (docs/agencies.md, "Branded mail"): a display name, and an address of its own once its
//! domain proves it in DNS (a TXT token; SPF and DKIM are checked and reported, not required). Until then, or where
//! the platform does not allow an own sender, mails go from the platform's address with the brand's name.

use super::BrandService;
use super::brands::not_allowed;
use super::resolve::{may_brand, may_use_own_sender};
use crate::check::{Check, checked};
use crate::{Actor, Core, DbResultExt, DomainError, Result, Role, TenantCtx};
use chrono::{DateTime, Utc};
use parley_store::TenantTx;
use parley_store::repo::brand::mail_sender as repo;
use parley_store::repo::platform::brands::BrandFacts;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// What the verification TXT record holds before the token.
pub const TOKEN_PREFIX: &str = "parley-verify=";
/// The DKIM selector senders delegate to the platform.
pub const DKIM_SELECTOR: &str = "parley";

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SenderRecord {
    /// `verify` (required), `spf` or `dkim`.
    pub purpose: String,
    /// `TXT` or `CNAME`.
    pub kind: String,
    pub name: String,
    pub value: String,
    pub required: bool,
    /// Whether the last check found it (none: not checked in this answer).
    pub found: Option<bool>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailSender {
    pub from_name: Option<String>,
    pub from_address: Option<String>,
    /// `none` (no own address), `pending`, `verified` or `failing` (was verified, the token is gone).
    pub status: String,
    /// Whether this workspace may send from its own address (the platform's permission to its agency, or its plan).
    pub own_address_allowed: bool,
    pub checked_at: Option<DateTime<Utc>>,
    /// The records to create at the address's domain (empty without an own address).
    pub records: Vec<SenderRecord>,
    /// The From mails go out with now.
    pub effective_from: String,
    /// Why the last check could not answer (a DNS failure), when it could not.
    pub check_error: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MailSenderInput {
    /// The display name (blank or null: the product name).
    #[schema(schema_with = crate::schema::opt_text::<0, 80>)]
    pub from_name: Option<String>,
    /// The brand's own address (blank or null: the platform's).
    #[schema(schema_with = crate::schema::opt_email_or_blank)]
    pub from_address: Option<String>,
}

fn domain_of(address: &str) -> &str {
    address.rsplit_once('@').map_or("", |(_, d)| d)
}

/// What the three records' checks found.
#[derive(Debug, Default, Clone, Copy)]
struct Found {
    verify: Option<bool>,
    spf: Option<bool>,
    dkim: Option<bool>,
}

#[derive(Clone)]
pub struct SenderService(pub Arc<Core>);

impl SenderService {
    pub fn new(core: Arc<Core>) -> Self {
        Self(core)
    }

    async fn begin(&self, t: &TenantCtx) -> Result<(TenantTx, Actor, BrandFacts)> {
        let (tx, actor) = self.0.begin(t, Role::Owner).await?;
        let f = BrandService(self.0.clone()).facts(t.tenant_id.0).await?;
        if !may_brand(&f) {
            return Err(not_allowed(&f));
        }
        Ok((tx, actor, f))
    }

    fn records(&self, row: &repo::SenderRow, found: Found) -> Vec<SenderRecord> {
        let (Some(address), Some(token)) = (&row.mail_from_address, &row.mail_sender_token) else { return vec![] };
        let domain = domain_of(address);
        let cfg = &self.0.cfg.mail;
        let record = |purpose: &str, kind: &str, name: String, value: String, required, found| SenderRecord {
            purpose: purpose.into(),
            kind: kind.into(),
            name,
            value,
            required,
            found,
        };
        vec![
            record("verify", "TXT", domain.to_owned(), format!("{TOKEN_PREFIX}{token}"), true, found.verify),
            record(
                "spf",
                "TXT",
                domain.to_owned(),
                format!("v=spf1 include:{} ~all", cfg.spf_include),
                false,
                found.spf,
            ),
            record(
                "dkim",
                "CNAME",
                format!("{DKIM_SELECTOR}._domainkey.{domain}"),
                cfg.dkim_target.clone(),
                false,
                found.dkim,
            ),
        ]
    }

    fn answer(&self, row: Option<repo::SenderRow>, f: &BrandFacts, found: Found, error: Option<String>) -> MailSender {
        let row = row.unwrap_or(repo::SenderRow {
            mail_from_name: None,
            mail_from_address: None,
            mail_sender_token: None,
            mail_sender_status: "none".into(),
            mail_sender_checked_at: None,
            product_name: None,
        });
        let allowed = may_use_own_sender(f);
        let name = row.mail_from_name.clone().or_else(|| row.product_name.clone());
        let own = row.mail_from_address.as_deref().filter(|_| allowed && row.mail_sender_status == "verified");
        let effective_from = self.0.cfg.mail.from_of(Some(name.as_deref().unwrap_or(&self.0.cfg.site.name)), own);
        MailSender {
            records: self.records(&row, found),
            from_name: row.mail_from_name,
            from_address: row.mail_from_address,
            status: row.mail_sender_status,
            own_address_allowed: allowed,
            checked_at: row.mail_sender_checked_at,
            effective_from,
            check_error: error,
        }
    }

    pub async fn get(&self, t: &TenantCtx) -> Result<MailSender> {
        let (tx, _, f) = self.begin(t).await?;
        let row = repo::get(&tx).await.db()?;
        tx.commit().await.db()?;
        Ok(self.answer(row, &f, Found::default(), None))
    }

    /// Sets the display name and the own address. A new address starts `pending` with a new token; an own address
    /// where the workspace may not have one is refused (403 `own_sender_not_allowed`).
    pub async fn update(&self, t: &TenantCtx, input: MailSenderInput) -> Result<MailSender> {
        let mut c = Check::default();
        let name = input.from_name.as_deref().map(|n| c.text("fromName", n, 0, 80));
        let address = match input.from_address.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(a) => c.email("fromAddress", a).map(|e| Some(e.as_str().to_owned())),
        };
        c.finish()?;
        let name = name.flatten().filter(|n| !n.is_empty());
        let address = checked(address)?;
        let (tx, actor, f) = self.begin(t).await?;
        if address.is_some() && !may_use_own_sender(&f) {
            return Err(DomainError::Blocked {
                code: "own_sender_not_allowed",
                message: "This workspace may not send from its own address; the platform has not allowed it. Mails \
                          go from the platform's address with your brand's name."
                    .into(),
            });
        }
        let before = repo::get(&tx).await.db()?;
        let same = before.as_ref().is_some_and(|b| b.mail_from_address == address);
        let (token, status) = match (&address, same, &before) {
            (None, _, _) => (None, "none".to_owned()),
            (Some(_), true, Some(b)) => (b.mail_sender_token.clone(), b.mail_sender_status.clone()),
            (Some(_), _, _) => (Some(crate::identity::tokens::random_secret()), "pending".to_owned()),
        };
        repo::put(&tx, name.as_deref(), address.as_deref(), token.as_deref(), &status).await.db()?;
        let meta = serde_json::json!({ "fromName": name, "fromAddress": address, "status": status });
        self.0.audit_ctx(&tx, &actor, "brand.mail_sender_updated", "brand", t.tenant_id.0, meta).await?;
        let row = repo::get(&tx).await.db()?;
        tx.commit().await.db()?;
        self.0.invalidate_brand(t.tenant_id.0).await;
        Ok(self.answer(row, &f, Found::default(), None))
    }

    /// Looks the records up now: the TXT token decides (`verified`; `failing` when a verified sender lost it,
    /// else `pending`); SPF and DKIM are reported found or missing. A lookup that gets no answer keeps the status.
    pub async fn verify(&self, t: &TenantCtx) -> Result<MailSender> {
        let (tx, actor, f) = self.begin(t).await?;
        let row = repo::get(&tx).await.db()?;
        let Some((address, token)) =
            row.as_ref().and_then(|r| r.mail_from_address.clone().zip(r.mail_sender_token.clone()))
        else {
            return Err(DomainError::Conflict {
                code: "no_sender_address",
                message: "Set the address your mails should come from first.".into(),
            });
        };
        let domain = domain_of(&address).to_owned();
        let dns = &self.0.dns;
        let dkim_name = format!("{DKIM_SELECTOR}._domainkey.{domain}");
        let (txt, dkim) = tokio::join!(dns.txt(&domain), dns.cname(&dkim_name));
        let cfg = &self.0.cfg.mail;
        let spf_include = format!("include:{}", cfg.spf_include.to_ascii_lowercase());
        let mut found = Found {
            dkim: dkim
                .as_ref()
                .ok()
                .map(|c| c.iter().any(|n| n.eq_ignore_ascii_case(cfg.dkim_target.trim_end_matches('.')))),
            ..Found::default()
        };
        let before = row.as_ref().map_or("none", |r| r.mail_sender_status.as_str()).to_owned();
        let (status, error) = match &txt {
            Ok(values) => {
                let has_token = values.iter().any(|v| v.trim() == format!("{TOKEN_PREFIX}{token}"));
                found.verify = Some(has_token);
                found.spf = Some(values.iter().any(|v| {
                    let v = v.trim().to_ascii_lowercase();
                    v.starts_with("v=spf1")
                        && v.split_whitespace().any(|term| term.trim_start_matches(['+', '~', '?']) == spf_include)
                }));
                let status = match (has_token, before.as_str()) {
                    (true, _) => "verified",
                    (false, "verified" | "failing") => "failing",
                    (false, _) => "pending",
                };
                (status.to_owned(), None)
            }
            Err(e) => (before.clone(), Some(e.0.clone())),
        };
        repo::set_status(&tx, &status).await.db()?;
        if status != before {
            let meta = serde_json::json!({ "fromAddress": address, "status": status, "was": before });
            self.0.audit_ctx(&tx, &actor, "brand.mail_sender_checked", "brand", t.tenant_id.0, meta).await?;
        }
        let row = repo::get(&tx).await.db()?;
        tx.commit().await.db()?;
        if status != before {
            self.0.invalidate_brand(t.tenant_id.0).await;
        }
        Ok(self.answer(row, &f, found, error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_is_what_follows_the_at() {
        assert_eq!(domain_of("hello@mail.agency.test"), "mail.agency.test");
        assert_eq!(domain_of("nobody"), "");
    }
}
