//! Brands: the public brand by host or workspace and its images, the owner's brand settings and images, and the
//! API docs page dressed in the host's brand. `HostBrand` carries the brand of the request's host to any handler
//! that needs it (sign-in pages' mails, the docs).

pub mod assets;
pub mod brands;
pub mod docs;
pub mod domains;
pub mod mail;

use crate::AppState;
use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use parley_services::brand::ResolvedBrand;
use utoipa_axum::router::OpenApiRouter;

/// The brand of the host the request was sent to (a custom domain's owner's, else the platform's), resolved once
/// per request from the node's cache.
pub struct HostBrand(pub ResolvedBrand);

impl FromRequestParts<AppState> for HostBrand {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if let Some(b) = parts.extensions.get::<ResolvedBrand>() {
            return Ok(HostBrand(b.clone()));
        }
        let host = crate::security::request_host(&parts.headers, &parts.extensions, &parts.uri, state);
        let brand = state.services.brand.for_host(&host).await?;
        parts.extensions.insert(brand.clone());
        Ok(HostBrand(brand))
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(brands::router()).merge(assets::router()).merge(mail::router()).merge(domains::router())
}
