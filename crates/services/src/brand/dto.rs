//! What the brand endpoints take and give: the public brand (before sign-in, by host or workspace), the owner's
//! brand settings with their warnings, and the images.

use super::ResolvedBrand;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

/// What anyone may know of a brand: what the login page, the app's theme and the API docs show. Image addresses are
/// paths on the host that asked (they carry the brand's version, so they are cached for a year).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicBrand {
    /// Whether this is a workspace's or an agency's brand (false: the platform's own).
    pub custom: bool,
    pub product_name: String,
    /// `#rrggbb`, lower case.
    pub primary_color: String,
    pub accent_color: String,
    pub logo_light_url: Option<String>,
    pub logo_dark_url: Option<String>,
    pub favicon_url: Option<String>,
    pub login_image_url: Option<String>,
    pub login_title: Option<String>,
    pub login_text: Option<String>,
    pub support_email: Option<String>,
    pub support_url: Option<String>,
    pub terms_url: Option<String>,
    pub privacy_url: Option<String>,
    /// Show "Powered by Parley".
    pub powered_by: bool,
    pub version: i32,
    /// The install's language (`[site] language`), for a person who has chosen none.
    pub default_language: parley_domain::Locale,
}

impl From<&ResolvedBrand> for PublicBrand {
    fn from(b: &ResolvedBrand) -> Self {
        // The images are served by every host, so a path keeps them on the page's own origin (its CSP allows only
        // that), whichever domain the brand's mails link to.
        let path =
            |u: &Option<String>| u.as_deref().map(|u| u.strip_prefix(b.base_url.as_str()).unwrap_or(u).to_owned());
        Self {
            custom: b.owner_tenant_id.is_some(),
            product_name: b.product_name.clone(),
            primary_color: b.primary_color.clone(),
            accent_color: b.accent_color.clone(),
            logo_light_url: path(&b.logo_light_url),
            logo_dark_url: path(&b.logo_dark_url),
            favicon_url: path(&b.favicon_url),
            login_image_url: path(&b.login_image_url),
            login_title: b.login_title.clone(),
            login_text: b.login_text.clone(),
            support_email: b.support_email.clone(),
            support_url: b.support_url.clone(),
            terms_url: b.terms_url.clone(),
            privacy_url: b.privacy_url.clone(),
            powered_by: b.powered_by,
            version: b.version,
            default_language: b.default_language,
        }
    }
}

/// The brand's editable fields. `PUT` replaces them all: a field left out or null goes back to the default, and so
/// does blank text.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BrandInput {
    /// 1 to 60 characters; blank or null: "Parley".
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 60>)]
    pub product_name: Option<String>,
    /// `#rrggbb` in either case (stored in lower case); null: the default violet.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_colour)]
    pub primary_color: Option<String>,
    /// `#rrggbb`; null: the default cyan.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_colour)]
    pub accent_color: Option<String>,
    /// The sign-in page's heading.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 120>)]
    pub login_title: Option<String>,
    /// The sign-in page's text (line breaks kept).
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_multiline::<0, 600>)]
    pub login_text: Option<String>,
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_email_or_blank)]
    pub support_email: Option<String>,
    #[serde(default)]
    #[schema(schema_with = link)]
    pub support_url: Option<String>,
    #[serde(default)]
    #[schema(schema_with = link)]
    pub terms_url: Option<String>,
    #[serde(default)]
    #[schema(schema_with = link)]
    pub privacy_url: Option<String>,
    /// Show "Powered by Parley" (default true); false only where allowed (`mayRemovePoweredBy`), else 403.
    #[serde(default)]
    pub powered_by: Option<bool>,
    /// The name mails are sent by; blank or null: the product name.
    #[serde(default)]
    #[schema(schema_with = crate::schema::opt_text::<0, 80>)]
    pub mail_from_name: Option<String>,
}

/// A link `brands::link` takes: `http(s)://`, a host name (letters, digits, hyphens; the last label starts with a
/// letter), an optional port, then anything without white space; or blank to clear it.
pub(crate) fn link() -> Object {
    let ws = crate::schema::TRIMMED;
    let label = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    let last = "[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    let tail = format!(r"[^{ws}\u0000-\u001f\u007f-\u009f]{{0,400}}");
    ObjectBuilder::new()
        .schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
        .pattern(Some(format!(
            "^[{ws}]*(?:https?://(?:{label}\\.){{0,10}}{last}(?::[0-9]{{1,4}})?(?:[/?#]{tail})?)?[{ws}]*$"
        )))
        .description(Some("A link starting with https:// or http:// to a named host, or blank to clear it"))
        .build()
}

/// Something worth knowing about the saved brand that does not stop it from being saved.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BrandWarning {
    /// `low_contrast`: white text on this colour (or this colour on white) is hard to read.
    pub code: String,
    /// `primaryColor` or `accentColor`.
    pub field: String,
    /// The WCAG contrast ratio with white, rounded to two decimals.
    pub ratio: f64,
    /// The ratio it should reach (4.5 for the primary colour, which carries text; 3 for the accent).
    pub minimum: f64,
    pub message: String,
}

/// One of the brand's images.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BrandAsset {
    /// logo_light, logo_dark, favicon or login_image.
    pub kind: String,
    pub content_type: String,
    pub size: i32,
    /// Its public address (a path on this host).
    pub url: String,
    pub updated_at: DateTime<Utc>,
}

/// The workspace's own brand as its owner edits it, with what the workspace may do.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BrandSettings {
    /// An agency, or a plan with custom branding: the brand below is in force. Otherwise it cannot be edited and
    /// the workspace shows its agency's brand or the platform's.
    pub may_brand: bool,
    /// Why not, when `mayBrand` is false: `plan` (the plan lacks custom branding) or `agency` (an agency's client
    /// whose plan from the agency lacks it).
    pub reason: Option<String>,
    /// "Powered by Parley" may be turned off.
    pub may_remove_powered_by: bool,
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
    /// 0 until first saved.
    pub version: i32,
    pub assets: Vec<BrandAsset>,
    /// About the colours in force (the defaults when none are set).
    pub warnings: Vec<BrandWarning>,
    /// What the workspace shows right now (its own brand, its agency's or the platform's).
    pub effective: PublicBrand,
}

#[cfg(test)]
mod tests {
    /// What the document's link pattern takes, the service takes, and the other way round.
    #[test]
    fn the_link_pattern_accepts_exactly_what_the_service_accepts() {
        let re = regex::Regex::new(&super::link().pattern.expect("a pattern")).expect("compiles");
        for s in [
            "https://help.agency.com",
            " http://localhost:8080/a?b=c#d ",
            "https://a.io/ü",
            "https://x.co/",
            "https://x.co:99999",
            "javascript:alert(1)",
            "https://",
            "https://1.2.3.4/",
            "https://user@host.com",
            "https://a b.com",
            "ftp://a.com",
            "https://a.com/x y",
            "https://-a.com",
            "https://a.com:",
            "https://xn--a.com",
            "https://a..com",
        ] {
            let t = s.trim();
            assert_eq!(re.is_match(s), super::super::brands::is_link(t), "{s:?}");
        }
        assert!(re.is_match("   "), "blank clears");
    }
}
