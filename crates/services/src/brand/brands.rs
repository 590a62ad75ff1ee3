//! The owner's brand settings: reading and replacing the brand's fields (owners and managers), who may brand (an
//! agency, or a workspace whose plan has custom branding), whether "powered by" may go, and the colours' contrast
//! with white (warned about, never refused). The public brand (`GET /brand`) is answered here too.

use super::dto::{BrandAsset, BrandInput, BrandSettings, BrandWarning, PublicBrand};
use super::resolve::{may_brand, may_remove_powered_by};
use super::{BrandService, DEFAULT_ACCENT, DEFAULT_PRIMARY};
use crate::check::{Check, checked};
use crate::{DbResultExt, DomainError, Result, Role, TenantCtx};
use parley_store::TenantTx;
use parley_store::repo::brand::{assets as asset_repo, brands as repo};
use parley_store::repo::platform::brands::{self as system, BrandFacts};
use serde_json::json;
use uuid::Uuid;

/// WCAG's minimum for normal text (the primary colour carries white button text) and for large text and
/// interface parts (the accent).
const PRIMARY_MIN: f64 = 4.5;
const ACCENT_MIN: f64 = 3.0;

/// The relative luminance of a `#rrggbb` colour (WCAG 2.x).
fn luminance(hex: &str) -> Option<f64> {
    let hex = hex.strip_prefix('#')?;
    if hex.len() != 6 {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let c = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// The contrast ratio of a colour with white (the same both ways: white on it, it on white).
pub fn contrast_with_white(hex: &str) -> Option<f64> {
    luminance(hex).map(|l| 1.05 / (l + 0.05))
}

/// Warnings about the colours in force.
pub fn warnings(primary: &str, accent: &str) -> Vec<BrandWarning> {
    let mut out = Vec::new();
    for (field, colour, minimum, what) in [
        ("primaryColor", primary, PRIMARY_MIN, "White text on the primary colour"),
        ("accentColor", accent, ACCENT_MIN, "The accent colour on white"),
    ] {
        if let Some(ratio) = contrast_with_white(colour).filter(|r| *r < minimum) {
            let ratio = (ratio * 100.0).round() / 100.0;
            out.push(BrandWarning {
                code: "low_contrast".into(),
                field: field.into(),
                ratio,
                minimum,
                message: format!(
                    "{what} has a contrast ratio of {ratio:.2}:1; at least {minimum}:1 is easy to read. Saved anyway."
                ),
            });
        }
    }
    out
}

/// A `#rrggbb` colour, lower-cased.
fn colour(c: &mut Check, field: &str, raw: Option<&str>) -> Option<Option<String>> {
    let Some(raw) = raw else { return Some(None) };
    let t = raw.trim();
    if t.len() == 7 && t.starts_with('#') && t[1..].chars().all(|ch| ch.is_ascii_hexdigit()) {
        Some(Some(t.to_ascii_lowercase()))
    } else {
        c.push(field, "must be a colour written #rrggbb");
        None
    }
}

/// Optional text: blank or null clears it.
fn text(c: &mut Check, field: &str, raw: Option<&str>, max: usize, multiline: bool) -> Option<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Some(None),
        Some(_) if multiline => c.multiline(field, raw.unwrap_or_default(), 1, max).map(Some),
        Some(_) => c.text(field, raw.unwrap_or_default(), 1, max).map(Some),
    }
}

/// Whether `s` is a link the brand may show: `http(s)://`, a host name whose last label starts with a letter (no
/// address, no user name), an optional port of at most four digits, then at most 400 characters without white
/// space or control characters. The same rule as the schema's pattern (`dto::link`).
pub(crate) fn is_link(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")) else { return false };
    let split = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(split);
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() <= 11
        && labels.iter().all(|l| label_ok(l))
        && labels.last().is_some_and(|l| l.starts_with(|ch: char| ch.is_ascii_alphabetic()))
        && port.is_none_or(|p| (1..=4).contains(&p.len()) && p.chars().all(|ch| ch.is_ascii_digit()))
        && tail.chars().count() <= 401
        && !tail.chars().any(|ch| ch.is_whitespace() || ch.is_control())
}

fn link(c: &mut Check, field: &str, raw: Option<&str>) -> Option<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Some(None),
        Some(t) if is_link(t) => Some(Some(t.to_owned())),
        Some(_) => {
            c.push(field, "must be a link starting with https:// (or http://) to a named host");
            None
        }
    }
}

fn email(c: &mut Check, field: &str, raw: Option<&str>) -> Option<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Some(None),
        Some(t) => c.email(field, t).map(|e| Some(e.as_str().to_owned())),
    }
}

/// Checks every field at once and answers what to store.
fn fields(i: &BrandInput) -> Result<repo::BrandFields> {
    let mut c = Check::default();
    let product_name = text(&mut c, "productName", i.product_name.as_deref(), 60, false);
    let primary_color = colour(&mut c, "primaryColor", i.primary_color.as_deref());
    let accent_color = colour(&mut c, "accentColor", i.accent_color.as_deref());
    let login_title = text(&mut c, "loginTitle", i.login_title.as_deref(), 120, false);
    let login_text = text(&mut c, "loginText", i.login_text.as_deref(), 600, true);
    let support_email = email(&mut c, "supportEmail", i.support_email.as_deref());
    let support_url = link(&mut c, "supportUrl", i.support_url.as_deref());
    let terms_url = link(&mut c, "termsUrl", i.terms_url.as_deref());
    let privacy_url = link(&mut c, "privacyUrl", i.privacy_url.as_deref());
    let mail_from_name = text(&mut c, "mailFromName", i.mail_from_name.as_deref(), 80, false);
    c.finish()?;
    Ok(repo::BrandFields {
        product_name: checked(product_name)?,
        primary_color: checked(primary_color)?,
        accent_color: checked(accent_color)?,
        login_title: checked(login_title)?,
        login_text: checked(login_text)?,
        support_email: checked(support_email)?,
        support_url: checked(support_url)?,
        terms_url: checked(terms_url)?,
        privacy_url: checked(privacy_url)?,
        powered_by: i.powered_by.unwrap_or(true),
        mail_from_name: checked(mail_from_name)?,
    })
}

/// Why a workspace may not brand, as the settings' `reason`.
fn refusal_reason(f: &BrandFacts) -> &'static str {
    if f.agency_id.is_some() { "agency" } else { "plan" }
}

pub(crate) fn not_allowed(f: &BrandFacts) -> DomainError {
    let message = if f.agency_id.is_some() {
        "Your workspace shows its agency's brand: its plan from the agency does not include custom branding."
    } else {
        "Custom branding is not part of your plan. Upgrade to a plan with custom branding to set your own brand."
    };
    DomainError::FeatureNotInPlan {
        message: message.into(),
        details: json!({ "feature": "customBranding", "reason": refusal_reason(f) }),
    }
}

impl BrandService {
    /// What decides the workspace's rights, read fresh (a plan or an agency's permissions may just have changed).
    pub(crate) async fn facts(&self, tenant: Uuid) -> Result<BrandFacts> {
        system::facts(&self.0.db, tenant).await.db()?.ok_or(DomainError::NotFound("Workspace"))
    }

    pub(crate) async fn settings_in(&self, tx: &TenantTx, f: &BrandFacts) -> Result<BrandSettings> {
        let row = repo::get(tx).await.db()?;
        let assets = asset_repo::list(tx).await.db()?;
        let tenant = tx.tenant_id.0;
        let version = row.as_ref().map_or(0, |r| r.version);
        let effective = PublicBrand::from(&self.0.brand_for_tenant(tenant).await?);
        let mine = may_brand(f);
        let (primary, accent) = match (&row, mine) {
            (Some(r), true) => (
                r.primary_color.clone().unwrap_or_else(|| DEFAULT_PRIMARY.into()),
                r.accent_color.clone().unwrap_or_else(|| DEFAULT_ACCENT.into()),
            ),
            _ => (effective.primary_color.clone(), effective.accent_color.clone()),
        };
        Ok(BrandSettings {
            may_brand: mine,
            reason: (!mine).then(|| refusal_reason(f).to_owned()),
            may_remove_powered_by: mine && may_remove_powered_by(f),
            product_name: row.as_ref().and_then(|r| r.product_name.clone()),
            primary_color: row.as_ref().and_then(|r| r.primary_color.clone()),
            accent_color: row.as_ref().and_then(|r| r.accent_color.clone()),
            login_title: row.as_ref().and_then(|r| r.login_title.clone()),
            login_text: row.as_ref().and_then(|r| r.login_text.clone()),
            support_email: row.as_ref().and_then(|r| r.support_email.clone()),
            support_url: row.as_ref().and_then(|r| r.support_url.clone()),
            terms_url: row.as_ref().and_then(|r| r.terms_url.clone()),
            privacy_url: row.as_ref().and_then(|r| r.privacy_url.clone()),
            powered_by: row.as_ref().is_none_or(|r| r.powered_by),
            mail_from_name: row.as_ref().and_then(|r| r.mail_from_name.clone()),
            version,
            assets: assets
                .into_iter()
                .map(|a| BrandAsset {
                    url: format!("/api/v1/brand/assets/{tenant}/{}?v={version}", a.kind),
                    kind: a.kind,
                    content_type: a.content_type,
                    size: a.size,
                    updated_at: a.updated_at,
                })
                .collect(),
            warnings: warnings(&primary, &accent),
            effective,
        })
    }

    /// The workspace's own brand for its owners and managers, with what it may do.
    pub async fn settings(&self, t: &TenantCtx) -> Result<BrandSettings> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let f = self.facts(t.tenant_id.0).await?;
        let s = self.settings_in(&tx, &f).await?;
        tx.commit().await.db()?;
        Ok(s)
    }

    /// Replaces the brand's fields. Refused (403 `feature_not_in_plan`) where the workspace may not brand, and
    /// "powered by" off where that is not allowed (403 `powered_by_required`). Low contrast is only warned about.
    pub async fn update(&self, t: &TenantCtx, input: BrandInput) -> Result<BrandSettings> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let f = self.facts(t.tenant_id.0).await?;
        if !may_brand(&f) {
            return Err(not_allowed(&f));
        }
        let fields = fields(&input)?;
        if !fields.powered_by && !may_remove_powered_by(&f) {
            return Err(DomainError::Blocked {
                code: "powered_by_required",
                message: "\"Powered by Parley\" cannot be turned off for this workspace; the platform has not allowed \
                          it."
                .into(),
            });
        }
        let version = repo::put(&tx, &fields).await.db()?;
        let meta = json!({
            "version": version,
            "productName": fields.product_name,
            "primaryColor": fields.primary_color,
            "accentColor": fields.accent_color,
            "poweredBy": fields.powered_by,
        });
        self.0.audit_ctx(&tx, &actor, "brand.updated", "brand", t.tenant_id.0, meta).await?;
        tx.commit().await.db()?;
        self.invalidate(t.tenant_id.0).await;
        let tx = self.0.db.tenant_tx(t.tenant_id).await.db()?;
        let s = self.settings_in(&tx, &f).await?;
        tx.commit().await.db()?;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_ratios_match_wcag() {
        let r = |h: &str| (contrast_with_white(h).expect("colour") * 100.0).round() / 100.0;
        assert_eq!(r("#000000"), 21.0);
        assert_eq!(r("#ffffff"), 1.0);
        // The defaults: violet carries white text; cyan is an accent.
        assert!(r(DEFAULT_PRIMARY) >= PRIMARY_MIN);
        assert!(r(DEFAULT_ACCENT) >= ACCENT_MIN);
        assert!(warnings(DEFAULT_PRIMARY, DEFAULT_ACCENT).is_empty());
        let w = warnings("#ffff00", DEFAULT_ACCENT);
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].code.as_str(), w[0].field.as_str(), w[0].ratio), ("low_contrast", "primaryColor", 1.07));
    }

    #[test]
    fn links_are_http_to_a_named_host() {
        for ok in ["https://help.agency.com", "http://localhost:8080/a?b=c#d", "https://a.io/ü", "https://x.co/"] {
            assert!(is_link(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "https://",
            "https://1.2.3.4/",
            "https://user@host.com",
            "https://a b.com",
            "ftp://a.com",
            "https://a.com/x y",
            "https://-a.com",
            "https://a.com:123456",
        ] {
            assert!(!is_link(bad), "{bad}");
        }
    }
}
