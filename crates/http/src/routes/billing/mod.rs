//! Billing: a workspace's subscription (/billing), the platform admin's plans and subscriptions
//! (/admin/plans, /admin/billing, /admin/tenants/{id}/billing) and Stripe's webhooks.

pub mod admin;
pub mod subscription;
pub mod webhooks;

use crate::AppState;
use utoipa_axum::router::OpenApiRouter;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(subscription::router()).merge(admin::router()).merge(webhooks::router())
}
