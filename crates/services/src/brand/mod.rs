//! Brands (docs/agencies.md, "Brand"): what a request or a mail shows (product name, colours, images, links,
//! "powered by"), resolved for a workspace or for a request's `Host`, cached per node and invalidated everywhere
//! on change; the owner's brand settings and images. Custom domains and branded mail live next to it.

pub mod assets;
pub mod brands;
pub mod dns;
pub mod domains;
pub mod dto;
pub mod mail_templates;
pub mod resolve;
pub mod sender;

use crate::Core;
use std::sync::Arc;
use uuid::Uuid;

pub use resolve::BrandCache;

/// The product name (unless `[site] name` says otherwise) and colours of the platform's own brand (the web app's
/// defaults in `web/src/index.css`).
pub const DEFAULT_PRODUCT_NAME: &str = "Parley";
pub const DEFAULT_PRIMARY: &str = "#7c3aed";
pub const DEFAULT_ACCENT: &str = "#0891b2";

/// The brand a request or a mail shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedBrand {
    /// Whose brand row this is (None: the platform's default).
    pub owner_tenant_id: Option<Uuid>,
    /// "Parley" by default.
    pub product_name: String,
    /// `#rrggbb`, lower case.
    pub primary_color: String,
    pub accent_color: String,
    /// Absolute URLs on `base_url`, carrying the brand's version (they are cached for a year).
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
    /// Show "Powered by Parley" (always on unless the owner turned it off and may).
    pub powered_by: bool,
    /// `https://<active custom domain of the brand's owner>`, or the platform's `public_url`; no trailing slash.
    pub base_url: String,
    /// The brand's `mail_from_name`, else its product name.
    pub mail_from_name: String,
    /// The brand's own sender address, only when verified and allowed; None: the platform's address.
    pub mail_from_address: Option<String>,
    /// The install's language (`[site] language`): the web app's for a person who chose none.
    pub default_language: parley_domain::Locale,
    /// Bumped on every change of the brand row or its images (0: the default brand).
    pub version: i32,
}

/// Brand resolution and settings. A thin handle on `Core` (the cache lives there), so any service can build one to
/// call `invalidate`.
#[derive(Clone)]
pub struct BrandService(pub Arc<Core>);

impl BrandService {
    /// The brand for a request's `Host` (see `Core::brand_for_host`).
    pub async fn for_host(&self, host: &str) -> crate::Result<ResolvedBrand> {
        self.0.brand_for_host(host).await
    }

    /// The brand workspace `tenant` shows (its own, its agency's or the default).
    pub async fn for_tenant(&self, tenant: Uuid) -> crate::Result<ResolvedBrand> {
        self.0.brand_for_tenant(tenant).await
    }

    /// Forgets cached brands on this node at once and on the others through Redis: call it after committing a
    /// change to a brand, its images or a custom domain of `tenant`.
    pub async fn invalidate(&self, tenant: Uuid) {
        self.0.invalidate_brand(tenant).await;
    }
}
