//! Writing a templated mail to the outbox: the recipient's language, the texts in force (docs/agencies.md,
//! "Branded mail": the workspace's own, else its agency's, else ours; that language, else English), the brand of the
//! workspace (or of the request's host for mails without one), links on the brand's domain, and the sender.

use super::Template;
use super::render::{self, Rendered};
use super::templates::{self, LINK, PRODUCT, TemplateDef};
use crate::brand::ResolvedBrand;
use crate::{Core, DbResultExt, DomainError, Result};
use parley_store::repo::brand::mail_templates as own_texts;
use parley_store::repo::platform::{agency_mail, brands as brand_facts};
use parley_store::{ConnectionTrait, TenantTx};
use uuid::Uuid;

/// A placeholder's value: the same in every language, or written per language (English first: the fallback).
#[derive(Debug, Clone)]
pub(crate) enum Val {
    Text(String),
    Local(Vec<(&'static str, String)>),
}

impl Val {
    fn in_locale(&self, locale: &str) -> String {
        match self {
            Self::Text(s) => s.clone(),
            Self::Local(v) => {
                v.iter().find(|(l, _)| *l == locale).or(v.first()).map(|(_, s)| s.clone()).unwrap_or_default()
            }
        }
    }
}

impl From<String> for Val {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

/// Which mail to write and the values of its placeholders.
#[derive(Debug, Clone)]
pub(crate) struct MailOf {
    pub key: &'static str,
    pub values: Vec<(&'static str, Val)>,
    /// Where the button leads: a path on the brand's address (`/invite/…`), or an absolute URL (a hosted invoice).
    pub link: String,
    /// The language when the recipient has no account yet (an invitee) and the workspace names none: the sender's.
    pub fallback_locale: Option<String>,
}

impl MailOf {
    pub fn new(key: &'static str, link: impl Into<String>) -> Self {
        Self { key, values: Vec::new(), link: link.into(), fallback_locale: None }
    }

    pub fn with(mut self, name: &'static str, v: impl Into<Val>) -> Self {
        self.values.push((name, v.into()));
        self
    }

    pub fn fallback_locale(mut self, locale: Option<String>) -> Self {
        self.fallback_locale = locale;
        self
    }
}

/// `link` on the brand's address: a path, or a link on the platform's public URL, moves to the brand's domain; any
/// other absolute link (a hosted invoice) stays.
pub(crate) fn absolute(public_url: &str, base_url: &str, link: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let public = public_url.trim_end_matches('/');
    if let Some(rest) = link.strip_prefix(public).filter(|r| r.is_empty() || r.starts_with(['/', '?', '#'])) {
        format!("{base}{rest}")
    } else if link.starts_with('/') {
        format!("{base}{link}")
    } else {
        link.to_owned()
    }
}

/// The texts a mail is written with, and their language.
#[derive(Debug, Clone)]
pub(crate) struct Chosen {
    pub locale: String,
    pub subject: String,
    pub body: String,
    pub button: &'static str,
}

impl Chosen {
    fn default_of(def: &TemplateDef, locale: &str) -> Self {
        let t = def.texts_or_english(locale);
        Self { locale: t.locale.into(), subject: t.subject.into(), body: t.body.into(), button: t.button }
    }

    fn owned(def: &TemplateDef, locale: &str, subject: String, body: String) -> Self {
        Self { locale: locale.into(), subject, body, button: def.texts_or_english(locale).button }
    }
}

/// All values of a mail in one language: the caller's, the product name and the button's link.
pub(crate) fn values_in(m: &MailOf, locale: &str, brand: &ResolvedBrand, link: &str) -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = m.values.iter().map(|(k, val)| (*k, val.in_locale(locale))).collect();
    v.push((PRODUCT, brand.product_name.clone()));
    v.push((LINK, link.to_owned()));
    v
}

/// Renders `texts` for `brand` and puts the brand's sender on it (the platform's configured sender for the
/// platform's own brand).
pub(crate) fn branded(public_url: &str, texts: &Chosen, m: &MailOf, brand: &ResolvedBrand) -> (Template, String) {
    let link = absolute(public_url, &brand.base_url, &m.link);
    let values = values_in(m, &texts.locale, brand, &link);
    let Rendered { subject, text, html } =
        render::render(&texts.subject, &texts.body, texts.button, &link, &values, brand, &texts.locale);
    let from_name = brand.owner_tenant_id.map(|_| brand.mail_from_name.clone());
    (Template { subject, text, html, from_name, from_address: brand.mail_from_address.clone() }, link)
}

impl Core {
    /// The language of a mail to `to`: theirs when they have an account, else `fallback`, else English.
    pub(crate) async fn recipient_locale(&self, to: &str, fallback: Option<&str>) -> Result<String> {
        let known = parley_store::repo::mail::locale_of(&self.db.auth, to).await.db()?;
        Ok(known.or_else(|| fallback.map(str::to_owned)).unwrap_or_else(|| "en".into()))
    }

    /// Whether `tenant`'s own brand settings are in force (an agency, or a plan with custom branding); None: the
    /// workspace is not committed yet.
    pub(crate) async fn may_brand_itself(&self, tenant: Uuid) -> Result<Option<bool>> {
        let facts = brand_facts::facts(&self.db, tenant).await.db()?;
        Ok(facts.as_ref().map(crate::brand::resolve::may_brand))
    }

    /// The brand a workspace's mails carry. Also right inside the transaction creating an agency's client: the
    /// client's own row names its agency before anything is committed.
    pub(crate) async fn mail_brand(&self, tx: &TenantTx) -> Result<ResolvedBrand> {
        let brand = self.brand_for_tenant(tx.tenant_id.0).await?;
        if brand.owner_tenant_id.is_none()
            && let Some(agency) = own_texts::agency_of(tx).await.db()?
        {
            return self.brand_for_tenant(agency).await;
        }
        Ok(brand)
    }

    /// The texts in force for `def` in `locale`, for the workspace of `tx`: its own (when its brand settings are in
    /// force), else its agency's, else ours in that language; a language none of them has falls back to English the
    /// same way.
    pub(crate) async fn mail_texts(&self, tx: &TenantTx, def: &TemplateDef, locale: &str) -> Result<Chosen> {
        let own_allowed = self.may_brand_itself(tx.tenant_id.0).await?.unwrap_or(false);
        let agency = own_texts::agency_of(tx).await.db()?;
        let mut locales = vec![locale];
        if locale != "en" {
            locales.push("en");
        }
        for loc in locales {
            if own_allowed && let Some(t) = own_texts::find(tx, def.key, loc).await.db()? {
                return Ok(Chosen::owned(def, loc, t.subject, t.body));
            }
            if let Some(a) = agency
                && let Some(t) = agency_mail::agency_template(&self.db, a, def.key, loc).await.db()?
            {
                return Ok(Chosen::owned(def, loc, t.subject, t.body));
            }
            if def.texts_in(loc).is_some() {
                return Ok(Chosen::default_of(def, loc));
            }
        }
        Ok(Chosen::default_of(def, "en"))
    }

    /// Writes a workspace's mail to `to` (inside `tx`: it leaves with the change that causes it) in their language
    /// (else the workspace's, else the sender's, else English); answers the button's link as written. Call
    /// `wake_mailer` after commit.
    pub(crate) async fn mail_in(&self, tx: &TenantTx, to: &str, m: &MailOf) -> Result<String> {
        let def = templates::find(m.key).ok_or_else(|| DomainError::internal(format!("no mail template {}", m.key)))?;
        let workspace = own_texts::workspace_locale(tx).await.db()?;
        let fallback = workspace.as_deref().or(m.fallback_locale.as_deref());
        let locale = self.recipient_locale(to, fallback).await?;
        let texts = self.mail_texts(tx, def, &locale).await?;
        let brand = self.mail_brand(tx).await?;
        let (t, link) = branded(&self.cfg.public_url, &texts, m, &brand);
        self.enqueue_mail(&tx.tx, Some(tx.tenant_id.0), to, &t).await?;
        Ok(link)
    }

    /// Writes a mail that belongs to no workspace (a password reset, a sign-in notice) with `brand` (the request's
    /// host's, or the platform's), in the recipient's language: the texts of the agency owning the brand, else ours.
    /// Answers the button's link.
    pub(crate) async fn mail_outside<C: ConnectionTrait>(
        &self,
        c: &C,
        brand: &ResolvedBrand,
        to: &str,
        m: &MailOf,
    ) -> Result<String> {
        let def = templates::find(m.key).ok_or_else(|| DomainError::internal(format!("no mail template {}", m.key)))?;
        let locale = self.recipient_locale(to, m.fallback_locale.as_deref()).await?;
        let mut texts = None;
        if let Some(owner) = brand.owner_tenant_id {
            for loc in if locale == "en" { vec!["en"] } else { vec![locale.as_str(), "en"] } {
                if let Some(t) = agency_mail::agency_template(&self.db, owner, def.key, loc).await.db()? {
                    texts = Some(Chosen::owned(def, loc, t.subject, t.body));
                    break;
                }
                if def.texts_in(loc).is_some() {
                    break;
                }
            }
        }
        let texts = texts.unwrap_or_else(|| Chosen::default_of(def, &locale));
        let (t, link) = branded(&self.cfg.public_url, &texts, m, brand);
        self.enqueue_mail(c, None, to, &t).await?;
        Ok(link)
    }
}
