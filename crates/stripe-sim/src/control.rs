//! Test controls under `/_sim` (no API key): the clock, webhook endpoints, the delivery log, resending an event
//! and resetting the account.

use crate::StripeSim;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

pub(crate) fn routes() -> Router<StripeSim> {
    Router::new()
        .route("/_sim/clock", get(clock))
        .route("/_sim/clock/advance", post(advance))
        .route("/_sim/webhook_endpoints", get(endpoints).post(add_endpoint))
        .route("/_sim/deliveries", get(deliveries))
        .route("/_sim/events/{id}/resend", post(resend))
        .route("/_sim/reset", post(reset))
}

fn now_json(now: i64) -> Value {
    json!({ "now": now, "iso": chrono::DateTime::from_timestamp(now, 0).map(|d| d.to_rfc3339()) })
}

async fn clock(State(sim): State<StripeSim>) -> Json<Value> {
    Json(now_json(sim.lock().now))
}

#[derive(Deserialize)]
struct Advance {
    seconds: Option<i64>,
    to: Option<i64>,
}

async fn advance(State(sim): State<StripeSim>, Json(body): Json<Advance>) -> (StatusCode, Json<Value>) {
    let mut st = sim.lock();
    let to = match (body.seconds, body.to) {
        (Some(s), None) if s >= 0 => st.now.saturating_add(s),
        (None, Some(t)) if t >= st.now => t,
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                Json(
                    json!({ "error": "give {\"seconds\": N >= 0} or {\"to\": unix time not before now}; the clock only moves forward" }),
                ),
            );
        }
    };
    st.advance_to(to);
    (StatusCode::OK, Json(now_json(st.now)))
}

#[derive(Deserialize)]
struct NewEndpoint {
    url: String,
    secret: String,
}

async fn add_endpoint(State(sim): State<StripeSim>, Json(body): Json<NewEndpoint>) -> Json<Value> {
    let mut st = sim.lock();
    st.add_endpoint(&body.url, &body.secret);
    Json(json!({ "urls": st.endpoints.iter().map(|e| e.url.clone()).collect::<Vec<_>>() }))
}

async fn endpoints(State(sim): State<StripeSim>) -> Json<Value> {
    let st = sim.lock();
    Json(json!({ "urls": st.endpoints.iter().map(|e| e.url.clone()).collect::<Vec<_>>() }))
}

async fn deliveries(State(sim): State<StripeSim>) -> Json<Value> {
    let log = sim.lock().deliveries.clone();
    Json(json!({ "data": log.all() }))
}

async fn resend(State(sim): State<StripeSim>, Path(id): Path<String>) -> (StatusCode, Json<Value>) {
    if sim.lock().resend(&id) {
        (StatusCode::OK, Json(json!({ "resent": id })))
    } else {
        (StatusCode::NOT_FOUND, Json(json!({ "error": format!("no such event: {id}") })))
    }
}

async fn reset(State(sim): State<StripeSim>) -> Json<Value> {
    let mut st = sim.lock();
    st.reset();
    Json(now_json(st.now))
}
