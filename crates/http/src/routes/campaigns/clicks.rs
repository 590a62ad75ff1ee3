//! `GET /r/{token}`: the public redirect behind tracked URL buttons. It records the click and answers 302 to the
//! campaign's destination; a token no campaign gave out gets a small 404 page, never a redirect.

use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

pub async fn follow_link(State(app): State<AppState>, Path(token): Path<String>) -> Response {
    match app.services.campaigns.follow_click(&token).await {
        Ok(Some(url)) => (
            StatusCode::FOUND,
            [
                (header::LOCATION, url),
                // Every click must reach Parley to be counted, and the token must not leak to the destination.
                (header::CACHE_CONTROL, "no-store".to_owned()),
                (header::REFERRER_POLICY, "no-referrer".to_owned()),
            ],
        )
            .into_response(),
        Ok(None) => not_found(),
        Err(e) => {
            tracing::error!(error = %e, "click not recorded");
            (StatusCode::INTERNAL_SERVER_ERROR, Html(PAGE.replace("{msg}", "Something went wrong; try again.")))
                .into_response()
        }
    }
}

const PAGE: &str = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Link not found</title>\
<body style=\"font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222\">\
<h1 style=\"font-size:1.4rem\">Link not found</h1><p>{msg}</p></body></html>";

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CACHE_CONTROL, "no-store")],
        Html(PAGE.replace("{msg}", "This link is not valid or has expired. You can close this page.")),
    )
        .into_response()
}
