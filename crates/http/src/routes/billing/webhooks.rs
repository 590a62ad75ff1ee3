//! /webhooks/stripe: Stripe's events, verified over the raw body and processed by a job.

use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::RawBody;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[utoipa::path(post, path = "/webhooks/stripe", tag = "webhooks",
    params(("Stripe-Signature" = String, Header, pattern = "^t=[0-9]{1,18}(?:,v1=[0-9a-f]{64})+$",
        description = "Stripe's signature of the raw body: `t=<unix time>,v1=<hex HMAC-SHA256>` (one `v1` per signing secret)")),
    request_body(content = String, description = "A Stripe event, signed in Stripe-Signature", content_type = "application/json"),
    responses((status = 200, description = "Recorded (or already recorded); processed right after"),
        (status = 400, body = ErrorBody, description = "Missing or unreadable signature header, or not an event"),
        (status = 401, body = ErrorBody, description = "Wrong signature, or older than five minutes: nothing recorded"),
        (status = 404, body = ErrorBody, description = "Stripe billing is not configured on this server")))]
async fn receive_stripe_webhook(
    State(app): State<AppState>,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> Result<StatusCode> {
    let sig = headers.get("stripe-signature").and_then(|v| v.to_str().ok());
    app.services.billing_webhooks.receive(&body, sig).await?;
    Ok(StatusCode::OK)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(receive_stripe_webhook))
}
