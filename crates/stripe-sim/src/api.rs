//! The `/v1` REST surface: bearer-key check, idempotency replay, Stripe-shaped errors, and one handler per
//! endpoint Parley calls (read the form, validate like Stripe, call the lifecycle rules, render the object).

use crate::billing::Proration;
use crate::form::Form;
use crate::objects::{self, to_json};
use crate::state::{
    CheckoutSession, Customer, DAY, Interval, Meta, PortalSession, Price, Product, SessionStatus, State, SubStatus,
};
use crate::state::{EndBehavior, Phase, Replay, Schedule, ScheduleStatus};
use crate::{StripeSim, TrialEndBehavior, ids};
use axum::Router;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Path, RawQuery, Request, State as AxState};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json};
use serde_json::Value;
use std::sync::MutexGuard;

/// A Stripe error: `{"error": {"type", "message", "param", "code"}}` with its HTTP status.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    /// `invalid_request_error`, `idempotency_error`, ...
    kind: &'static str,
    message: String,
    param: Option<String>,
    code: Option<&'static str>,
}

impl ApiError {
    pub fn invalid(message: impl Into<String>, param: &str) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            kind: "invalid_request_error",
            message: message.into(),
            param: (!param.is_empty()).then(|| param.to_owned()),
            code: None,
        }
    }

    /// 404 `resource_missing`: "No such customer: 'cus_123'".
    pub fn missing(what: &str, id: &str, param: &str) -> Self {
        Self { status: StatusCode::NOT_FOUND, ..Self::invalid(format!("No such {what}: '{id}'"), param) }
            .code("resource_missing")
    }

    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    fn unauthorized(message: &str) -> Self {
        Self { status: StatusCode::UNAUTHORIZED, ..Self::invalid(message, "") }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = stripe_shared::ApiErrors {
            advice_code: None,
            charge: None,
            code: self.code.map(|c| c.parse().unwrap_or(stripe_shared::ApiErrorsCode::Unknown(c.to_owned()))),
            decline_code: None,
            doc_url: None,
            message: Some(self.message),
            network_advice_code: None,
            network_decline_code: None,
            param: self.param,
            payment_intent: None,
            payment_method: None,
            payment_method_type: None,
            request_log_url: None,
            setup_intent: None,
            source: None,
            type_: self.kind.parse().unwrap_or(stripe_shared::ApiErrorsType::InvalidRequestError),
        };
        (self.status, Json(serde_json::json!({ "error": to_json(&body) }))).into_response()
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

/// The request being served, for the events it causes.
#[derive(Debug, Clone)]
pub(crate) struct ReqCtx {
    id: String,
    idempotency_key: Option<String>,
}

impl StripeSim {
    /// The state, with events attributed to this API request.
    fn lock_for(&self, ctx: &ReqCtx) -> MutexGuard<'_, State> {
        let mut st = self.lock();
        st.request = Some((ctx.id.clone(), ctx.idempotency_key.clone()));
        st
    }
}

pub(crate) fn routes(sim: &StripeSim) -> Router<StripeSim> {
    Router::new()
        .route("/v1/customers", post(create_customer).get(list_customers))
        .route("/v1/customers/{id}", get(get_customer).post(update_customer))
        .route("/v1/products", post(create_product).get(list_products))
        .route("/v1/products/{id}", get(get_product).post(update_product))
        .route("/v1/prices", post(create_price).get(list_prices))
        .route("/v1/prices/{id}", get(get_price).post(update_price))
        .route("/v1/checkout/sessions", post(create_checkout))
        .route("/v1/checkout/sessions/{id}", get(get_checkout))
        .route("/v1/billing_portal/sessions", post(create_portal))
        .route("/v1/subscriptions", get(list_subscriptions))
        .route("/v1/subscriptions/{id}", get(get_subscription).post(update_subscription).delete(cancel_subscription))
        .route("/v1/subscription_schedules", post(create_schedule))
        .route("/v1/subscription_schedules/{id}", get(get_schedule).post(update_schedule))
        .route("/v1/subscription_schedules/{id}/release", post(release_schedule))
        .route("/v1/invoices", get(list_invoices))
        .route("/v1/invoices/create_preview", post(preview_invoice))
        .route("/v1/invoices/{id}", get(get_invoice))
        .route("/v1/payment_methods", get(list_payment_methods))
        .route("/v1/payment_methods/{id}", get(get_payment_method))
        .route("/v1/events", get(list_events))
        .route("/v1/events/{id}", get(get_event))
        .fallback(unknown_route)
        .layer(middleware::from_fn_with_state(sim.clone(), idempotency))
        .layer(middleware::from_fn(authenticate))
}

async fn unknown_route(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError {
        status: StatusCode::NOT_FOUND,
        ..ApiError::invalid(format!("Unrecognized request URL ({method}: {}).", uri.path()), "")
    }
}

/// Any test-mode secret or restricted key, as a bearer token or as Basic auth's user name (both work on Stripe).
async fn authenticate(mut req: Request, next: Next) -> Response {
    let auth = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let key = if let Some(token) = auth.strip_prefix("Bearer ") {
        token.trim().to_owned()
    } else if let Some(basic) = auth.strip_prefix("Basic ") {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD
            .decode(basic.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .map(|s| s.split(':').next().unwrap_or_default().to_owned())
            .unwrap_or_default()
    } else {
        String::new()
    };
    if key.is_empty() {
        return ApiError::unauthorized(
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
        )
        .into_response();
    }
    if !(key.starts_with("sk_test_") || key.starts_with("rk_test_")) {
        return ApiError::unauthorized(format!("Invalid API Key provided: {}", mask(&key)).as_str()).into_response();
    }
    let idempotency_key =
        req.headers().get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned).filter(|k| !k.is_empty());
    req.extensions_mut().insert(ReqCtx { id: ids::new("req"), idempotency_key });
    next.run(req).await
}

fn mask(key: &str) -> String {
    let tail: String = key.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!(
        "{}{}",
        key.chars().take(8).collect::<String>(),
        if key.len() > 12 { format!("****{tail}") } else { String::new() }
    )
}

/// Same `Idempotency-Key` with the same method, path and parameters: the first answer again, byte for byte.
/// With other parameters: Stripe's `idempotency_error`.
async fn idempotency(AxState(sim): AxState<StripeSim>, req: Request, next: Next) -> Response {
    let Some(key) = req.extensions().get::<ReqCtx>().and_then(|c| c.idempotency_key.clone()) else {
        return next.run(req).await;
    };
    if req.method() != Method::POST && req.method() != Method::DELETE {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, 1024 * 1024).await else {
        return ApiError::invalid("The request body could not be read.", "").into_response();
    };
    let fingerprint = format!("{} {} {}", parts.method, parts.uri.path(), Form::parse(&bytes).fingerprint());
    if let Some(saved) = sim.lock().idempotency.get(&key) {
        if saved.fingerprint != fingerprint {
            return ApiError {
                kind: "idempotency_error",
                ..ApiError::invalid(
                    format!(
                        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."
                    ),
                    "",
                )
            }
            .into_response();
        }
        let mut resp =
            (StatusCode::from_u16(saved.status).unwrap_or(StatusCode::OK), saved.body.clone()).into_response();
        resp.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
        resp.headers_mut().insert("idempotent-replayed", header::HeaderValue::from_static("true"));
        return resp;
    }
    let resp = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let status = resp.status();
    // Stripe does not save answers to requests that failed before running (429, 5xx): those can be retried.
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = to_bytes(body, 16 * 1024 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    sim.lock().idempotency.insert(
        key,
        Replay { fingerprint, status: status.as_u16(), body: String::from_utf8_lossy(&bytes).into_owned() },
    );
    Response::from_parts(parts, Body::from(bytes))
}

fn query(q: Option<String>) -> Form {
    Form::parse(q.unwrap_or_default().as_bytes())
}

/// A page of a list, newest first, with Stripe's `limit` (1..=100, default 10) and `starting_after`.
fn page<T>(items: Vec<(String, T)>, form: &Form) -> Result<(Vec<T>, bool), ApiError> {
    let limit = usize::try_from(form.int("limit")?.unwrap_or(10).clamp(1, 100)).unwrap_or(10);
    let mut items = items.into_iter().rev().peekable();
    if let Some(after) = form.get("starting_after").filter(|s| !s.is_empty()) {
        for (id, _) in items.by_ref() {
            if id == after {
                break;
            }
        }
    }
    let data: Vec<T> = items.by_ref().take(limit).map(|(_, v)| v).collect();
    Ok((data, items.peek().is_some()))
}

fn list_json<T: serde::Serialize>(url: &str, items: Vec<(String, T)>, form: &Form) -> ApiResult {
    let (data, has_more) = page(items, form)?;
    Ok(Json(objects::list(url, data, has_more)))
}

// --- customers ---

async fn create_customer(
    AxState(sim): AxState<StripeSim>,
    Extension(ctx): Extension<ReqCtx>,
    body: Bytes,
) -> ApiResult {
    let f = Form::parse(&body);
    let mut st = sim.lock_for(&ctx);
    let c = Customer {
        id: ids::new("cus"),
        created: st.now,
        name: f.string("name").filter(|s| !s.is_empty()),
        email: f.string("email").filter(|s| !s.is_empty()),
        metadata: f.metadata("metadata"),
        default_pm: None,
    };
    let json = to_json(&objects::customer(&c));
    st.customers.push(c);
    st.emit("customer.created", json.clone(), None);
    Ok(Json(json))
}

async fn list_customers(AxState(sim): AxState<StripeSim>, RawQuery(q): RawQuery) -> ApiResult {
    let f = query(q);
    let st = sim.lock();
    let email = f.get("email");
    let items = st
        .customers
        .iter()
        .filter(|c| email.is_none_or(|e| c.email.as_deref() == Some(e)))
        .map(|c| (c.id.clone(), objects::customer(c)))
        .collect();
    list_json("/v1/customers", items, &f)
}

async fn get_customer(AxState(sim): AxState<StripeSim>, Path(id): Path<String>) -> ApiResult {
    let st = sim.lock();
    let c = st.customer(&id).ok_or_else(|| ApiError::missing("customer", &id, "id"))?;
    Ok(Json(to_json(&objects::customer(c))))
}

async fn update_customer(
    AxState(sim): AxState<StripeSim>,
    Extension(ctx): Extension<ReqCtx>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let f = Form::parse(&body);
    let mut st = sim.lock_for(&ctx);
    let pm = f.nullable("invoice_settings[default_payment_method]");
    if let Some(Some(pm)) = &pm
        && st.payment_method(pm).is_none_or(|p| p.customer.as_deref() != Some(id.as_str()))
    {
        return Err(ApiError::missing("PaymentMethod", pm, "invoice_settings[default_payment_method]"));
    }
    let c = st.customer_mut(&id).ok_or_else(|| ApiError::missing("customer", &id, "id"))?;
    let before = to_json(&objects::customer(c));
    if let Some(name) = f.nullable("name") {
        c.name = name;
    }
    if let Some(email) = f.nullable("email") {
        c.email = email;
    }
    f.apply_metadata("metadata", &mut c.metadata);
    if let Some(pm) = pm {
        c.default_pm = pm;
    }
    let after = to_json(&objects::customer(c));
    if let Some(prev) = crate::events::previous_attributes(&before, &after) {
        st.emit("customer.updated", after.clone(), Some(prev));
    }
    Ok(Json(after))
}

// --- products and prices ---

async fn create_product(AxState(sim): AxState<StripeSim>, Extension(ctx): Extension<ReqCtx>, body: Bytes) -> ApiResult {
    let f = Form::parse(&body);
    let name = f.required("name")?.to_owned();
    let mut st = sim.lock_for(&ctx);
    let id = match f.string("id").filter(|s| !s.is_empty()) {
        Some(id) if st.product(&id).is_some() => {
            return Err(ApiError::invalid("Product already exists.", "id").code("resource_already_exists"));
        }
        Some(id) => id,
        None => ids::new("prod"),
    };
    let p = Product {
        id,
        created: st.now,
        updated: st.now,
        name,
        description: f.string("description").filter(|s| !s.is_empty()),
        active: f.bool("active")?.unwrap_or(true),
        metadata: f.metadata("metadata"),
    };
    let json = to_json(&objects::product(&p));
    st.products.push(p);
    st.emit("product.created", json.clone(), None);
    Ok(Json(json))
}

async fn list_products(AxState(sim): AxState<StripeSim>, RawQuery(q): RawQuery) -> ApiResult {
    let f = query(q);
    let active = f.bool("active")?;
    let st = sim.lock();
    let items = st
        .products
        .iter()
        .filter(|p| active.is_none_or(|a| p.active == a))
        .map(|p| (p.id.clone(), objects::product(p)))
        .collect();
    list_json("/v1/products", items, &f)
}

async fn get_product(AxState(sim): AxState<StripeSim>, Path(id): Path<String>) -> ApiResult {
    let st = sim.lock();
    let p = st.product(&id).ok_or_else(|| ApiError::missing("product", &id, "id"))?;
    Ok(Json(to_json(&objects::product(p))))
}

async fn update_product(
    AxState(sim): AxState<StripeSim>,
    Extension(ctx): Extension<ReqCtx>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let f = Form::parse(&body);
    let active = f.bool("active")?;
    let mut st = sim.lock_for(&ctx);
    let now = st.now;
    let p = st.products.iter_mut().find(|p| p.id == id).ok_or_else(|| ApiError::missing("product", &id, "id"))?;
    let before = to_json(&objects::product(p));
    if let Some(name) = f.get("name") {
        if name.is_empty() {
            return Err(ApiError::invalid("You cannot unset the name of a product.", "name"));
        }
        p.name = name.to_owned();
    }
    if let Some(description) = f.nullable("description") {
        p.description = description;
    }
    if let Some(active) = active {
        p.active = active;
    }
    f.apply_metadata("metadata", &mut p.metadata);
    let mut after = to_json(&objects::product(p));
    if let Some(prev) = crate::events::previous_attributes(&before, &after) {
        p.updated = now;
        after = to_json(&objects::product(p));
        st.emit("product.updated", after.clone(), Some(prev));
    }
    Ok(Json(after))
}

async fn create_price(AxState(sim): AxState<StripeSim>, Extension(ctx): Extension<ReqCtx>, body: Bytes) -> ApiResult {
    let f = Form::parse(&body);
    let currency = f.required("currency")?.to_lowercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_lowercase()) {
        return Err(ApiError::invalid(format!("Invalid currency: {currency}."), "currency"));
    }
    let unit_amount = f.int("unit_amount")?.ok_or_else(|| {
        ApiError::invalid("Missing required param: unit_amount.", "unit_amount").code("parameter_missing")
    })?;
    if unit_amount < 0 {
        return Err(ApiError::invalid("This value must be greater than or equal to 0.", "unit_amount"));
    }
    let interval = f.get("recurring[interval]").ok_or_else(|| {
        ApiError::invalid(
            "The Stripe simulator only makes recurring prices: recurring[interval] is required.",
            "recurring",
        )
    })?;
    let interval = Interval::parse(interval).ok_or_else(|| {
        ApiError::invalid(
            format!("Invalid recurring[interval]: must be one of day, month, week, or year (got {interval})"),
            "recurring[interval]",
        )
    })?;
    let interval_count = f.int("recurring[interval_count]")?.unwrap_or(1);
    let max = match interval {
        Interval::Year => 3,
        Interval::Month => 36,
        Interval::Week => 156,
        Interval::Day => 1095,
    };
    if !(1..=max).contains(&interval_count) {
        return Err(ApiError::invalid("The maximum billing interval is three years.", "recurring[interval_count]"));
    }
    let product = f.required("product")?.to_owned();
    let mut st = sim.lock_for(&ctx);
    if st.product(&product).is_none() {
        return Err(ApiError::missing("product", &product, "product"));
    }
    let p = Price {
        id: ids::new("price"),
        created: st.now,
        product,
        currency,
        unit_amount,
        interval,
        interval_count: u32::try_from(interval_count).unwrap_or(1),
        active: f.bool("active")?.unwrap_or(true),
        metadata: f.metadata("metadata"),
        nickname: f.string("nickname").filter(|s| !s.is_empty()),
    };
    let json = to_json(&objects::price(&p));
    st.prices.push(p);
    st.emit("price.created", json.clone(), None);
    Ok(Json(json))
}

async fn list_prices(AxState(sim): AxState<StripeSim>, RawQuery(q): RawQuery) -> ApiResult {
    let f = query(q);
    let active = f.bool("active")?;
    let product = f.get("product");
    let st = sim.lock();
    let items = st
        .prices
        .iter()
        .filter(|p| active.is_none_or(|a| p.active == a) && product.is_none_or(|id| p.product == id))
        .map(|p| (p.id.clone(), objects::price(p)))
        .collect();
    list_json("/v1/prices", items, &f)
}

async fn get_price(AxState(sim): AxState<StripeSim>, Path(id): Path<String>) -> ApiResult {
    let st = sim.lock();
    let p = st.price(&id).ok_or_else(|| ApiError::missing("price", &id, "id"))?;
    Ok(Json(to_json(&objects::price(p))))
}

async fn update_price(
    AxState(sim): AxState<StripeSim>,
    Extension(ctx): Extension<ReqCtx>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let f = Form::parse(&body);
    // A price's amount, currency and interval are fixed for life in Stripe: a new amount is a new price.
    for fixed in ["unit_amount", "currency", "product"] {
        if f.get(fixed).is_some() {
            return Err(ApiError::invalid(format!("Received unknown parameter: {fixed}"), fixed));
        }
    }
    if f.has_prefix("recurring") {
        return Err(ApiError::invalid("Received unknown parameter: recurring", "recurring"));
    }
    let active = f.bool("active")?;
    let mut st = sim.lock_for(&ctx);
    let p = st.prices.iter_mut().find(|p| p.id == id).ok_or_else(|| ApiError::missing("price", &id, "id"))?;
    let before = to_json(&objects::price(p));
    if let Some(active) = active {
        p.active = active;
    }
    if let Some(nickname) = f.nullable("nickname") {
        p.nickname = nickname;
    }
    f.apply_metadata("metadata", &mut p.metadata);
    let after = to_json(&objects::price(p));
    if let Some(prev) = crate::events::previous_attributes(&before, &after) {
        st.emit("price.updated", after.clone(), Some(prev));
    }
    Ok(Json(after))
}

// --- Checkout and Portal ---

fn trial_behavior(v: Option<&str>, param: &str) -> Result<Option<TrialEndBehavior>, ApiError> {
    match v {
        None => Ok(None),
        Some("pause") => Ok(Some(TrialEndBehavior::Pause)),
        Some("cancel") => Ok(Some(TrialEndBehavior::Cancel)),
        Some("create_invoice") => Ok(Some(TrialEndBehavior::CreateInvoice)),
        Some(other) => Err(ApiError::invalid(
            format!("Invalid {param}: must be one of cancel, create_invoice, or pause (got {other})"),
            param,
        )),
    }
}

async fn create_checkout(
    AxState(sim): AxState<StripeSim>,
    Extension(ctx): Extension<ReqCtx>,
    body: Bytes,
) -> ApiResult {
    let f = Form::parse(&body);
    match f.required("mode")? {
        "subscription" => {}
        other => {
            return Err(ApiError::invalid(
                format!("The Stripe simulator only supports mode=subscription (got {other})."),
                "mode",
            ));
        }
    }
    let success_url = f.required("success_url")?.to_owned();
    let price = f.required("line_items[0][price]")?.to_owned();
    if f.get("line_items[1][price]").is_some() {
        return Err(ApiError::invalid("The Stripe simulator supports one line item.", "line_items[1]"));
    }
    let quantity = f.int("line_items[0][quantity]")?.unwrap_or(1);
    let quantity = u64::try_from(quantity)
        .ok()
        .filter(|q| *q >= 1)
        .ok_or_else(|| ApiError::invalid("Quantity must be at least 1.", "line_items[0][quantity]"))?;
    let missing_pm = trial_behavior(
        f.get("subscription_data[trial_settings][end_behavior][missing_payment_method]"),
        "subscription_data[trial_settings][end_behavior][missing_payment_method]",
    )?;
    let card_optional = match f.get("payment_method_collection") {
        None | Some("always") => false,
        Some("if_required") => true,
        Some(other) => {
            return Err(ApiError::invalid(
                format!("Invalid payment_method_collection: must be one of always or if_required (got {other})"),
                "payment_method_collection",
            ));
        }
    };
    let mut st = sim.lock_for(&ctx);
    let now = st.now;
    let trial_days = f.int("subscription_data[trial_period_days]")?;
    let trial_end = match (f.int("subscription_data[trial_end]")?, trial_days) {
        (Some(end), _) => {
            // Stripe refuses a Checkout trial that ends sooner than 48 hours from now.
            if end < now + 2 * DAY {
                return Err(ApiError::invalid(
                    "subscription_data[trial_end] must be at least 48 hours in the future.",
                    "subscription_data[trial_end]",
                ));
            }
            Some(end)
        }
        (None, Some(days)) if days >= 1 => Some(now + days * DAY),
        (None, Some(_)) => {
            return Err(ApiError::invalid(
                "subscription_data[trial_period_days] must be at least 1.",
                "subscription_data[trial_period_days]",
            ));
        }
        (None, None) => None,
    };
    match st.price(&price) {
        None => return Err(ApiError::missing("price", &price, "line_items[0][price]")),
        Some(p) if !p.active => {
            return Err(ApiError::invalid(
                format!("The price specified is inactive. This field only accepts active prices. ({price})"),
                "line_items[0][price]",
            ));
        }
        Some(_) => {}
    }
    let customer = f.string("customer").filter(|s| !s.is_empty());
    if let Some(c) = &customer {
        if st.customer(c).is_none() {
            return Err(ApiError::missing("customer", c, "customer"));
        }
        // Stripe's "limit customers to one subscription" setting.
        if let Some(s) = st.live_subscription(c) {
            return Err(ApiError::invalid(
                format!(
                    "Customer {c} already has a subscription ({}, {}) and this account limits customers to one subscription. Use the customer portal to change it.",
                    s.id,
                    s.status.as_str()
                ),
                "customer",
            )
            .code("customer_already_subscribed"));
        }
    }
    let cs = CheckoutSession {
        id: String::new(),
        created: now,
        expires_at: now,
        customer,
        customer_email: f.string("customer_email").filter(|s| !s.is_empty()),
        price,
        quantity,
        success_url,
        cancel_url: f.string("cancel_url").filter(|s| !s.is_empty()),
        client_reference_id: f.string("client_reference_id").filter(|s| !s.is_empty()),
        metadata: f.metadata("metadata"),
        trial_end,
        sub_metadata: f.metadata("subscription_data[metadata]"),
        missing_pm,
        card_optional,
        display_name: f.string("branding_settings[display_name]").filter(|s| !s.trim().is_empty()),
        status: SessionStatus::Open,
        subscription: None,
        invoice: None,
    };
    let id = st.new_checkout(cs);
    let cs = st.checkout(&id).ok_or_else(|| ApiError::missing("checkout.session", &id, "id"))?;
    Ok(Json(to_json(&objects::checkout_session(&st, cs, &f.expand()))))
}

async fn get_checkout(AxState(sim): AxState<StripeSim>, Path(id): Path<String>, RawQuery(q): RawQuery) -> ApiResult {
    let f = query(q);
    let st = sim.lock();
    let cs = st.checkout(&id).ok_or_else(|| ApiError::missing("checkout.session", &id, "session"))?;
    Ok(Json(to_json(&objects::checkout_session(&st, cs, &f.expand()))))
}

async fn create_portal(AxState(sim): AxState<StripeSim>, Extension(ctx): Extension<ReqCtx>, body: Bytes) -> ApiResult {
    let f = Form::parse(&body);
    let customer = f.required("customer")?.to_owned();
    let mut st = sim.lock_for(&ctx);
    if st.customer(&customer).is_none() {
        return Err(ApiError::missing("customer", &customer, "customer"));
    }
    let ps = PortalSession {
        id: ids::new("bps"),
        created: st.now,
        customer,
        return_url: f.string("return_url").filter(|s| !s.is_empty()),
    };
    let json = to_json(&objects::portal_session(&st, &ps));
    st.portal_sessions.push(ps);
    Ok(Json(json))
}

// --- subscriptions ---

async fn list_subscriptions(AxState(sim): AxState<StripeSim>, RawQuery(q): RawQuery) -> ApiResult {
    let f = query(q);
    let status = f.get("status").unwrap_or("");
    let customer = f.get("customer");
    let price = f.get("price");
    let st = sim.lock();
    let expand = f.expand();
    let items = st
        .subscriptions
        .iter()
        .filter(|s| customer.is_none_or(|c| s.customer == c) && price.is_none_or(|p| s.price == p))
        .filter(|s| match status {
            // Stripe's default leaves canceled subscriptions out.
            "" => s.status != SubStatus::Canceled,
            "all" => true,
            "ended" => s.status == SubStatus::Canceled,
            other => s.status.as_str() == other,
        })
        .map(|s| (s.id.clone(), objects::subscription(&st, s, &expand)))
        .collect();
    list_json("/v1/subscriptions", items, &f)
}

async fn get_subscription(
    AxState(sim): AxState<StripeSim>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    let f = query(q);
    let st = sim.lock();
    let s = st.sub(&id).ok_or_else(|| ApiError::missing("subscription", &id, "id"))?;
    Ok(Json(to_json(&objects::subscription(&st, s, &f.expand()))))
}

async fn update_subscription(
    AxState(sim): AxState<StripeSim>,
    Extension(ctx): Extension<ReqCtx>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let f = Form::parse(&body);
    let proration = Proration::parse(f.get("proration_behavior"))?;
    let cancel = f.bool("cancel_at_period_end")?;
    let mut st = sim.lock_for(&ctx);
    let now = st.now;
    let trial_end = f.time_or_now("trial_end", now)?;
    let proration_date = f.int("proration_date")?;
    let s = st.sub(&id).ok_or_else(|| ApiError::missing("subscription", &id, "id"))?;
    if s.status == SubStatus::Canceled {
        return Err(ApiError::invalid(
            "A canceled subscription can only update its cancellation_details and metadata.",
            "",
        ));
    }
    if cancel.is_some()
        && let Some(sched) = &s.schedule
    {
        return Err(ApiError::invalid(
            format!(
                "The subscription is managed by the subscription schedule `{sched}`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead."
            ),
            "cancel_at_period_end",
        ));
    }
    let item_price = f.string("items[0][price]");
    let item_quantity = f.int("items[0][quantity]")?.map(|q| u64::try_from(q).unwrap_or(1));
    if item_price.is_some() || item_quantity.is_some() {
        match f.get("items[0][id]") {
            Some(item) if item == s.item_id => {}
            Some(item) => return Err(ApiError::missing("subscription_item", item, "items[0][id]")),
            None => {
                return Err(ApiError::invalid(
                    "The Stripe simulator keeps one item per subscription: pass items[0][id] to replace its price.",
                    "items[0][id]",
                ));
            }
        }
    }
    if let Some(p) = &item_price {
        let current_currency = st.price(&s.price).map(|p| p.currency.clone());
        match st.price(p) {
            None => return Err(ApiError::missing("price", p, "items[0][price]")),
            Some(np) if !np.active => {
                return Err(ApiError::invalid(format!("The price specified is inactive ({p})."), "items[0][price]"));
            }
            Some(np) if Some(&np.currency) != current_currency.as_ref() => {
                return Err(ApiError::invalid(
                    "The price specified has a different currency than the subscription.",
                    "items[0][price]",
                ));
            }
            Some(_) => {}
        }
    }
    if let Some(end) = trial_end
        && end != now
        && (s.status != SubStatus::Trialing || end < now)
    {
        return Err(ApiError::invalid("Invalid trial_end: it must be `now` or a time in the future.", "trial_end"));
    }
    let before = st.sub_json(&id);
    let mut changed_meta = false;
    if let Some(s) = st.sub_mut(&id) {
        changed_meta = f.apply_metadata("metadata", &mut s.metadata);
    }
    if let Some(Some(pm)) = f.nullable("default_payment_method") {
        if st.payment_method(&pm).is_none() {
            return Err(ApiError::missing("PaymentMethod", &pm, "default_payment_method"));
        }
        if let Some(s) = st.sub_mut(&id) {
            s.default_pm = Some(pm);
            changed_meta = true;
        }
    }
    if changed_meta {
        st.emit_sub_updated(&id, &before);
    }
    if item_price.is_some() || item_quantity.is_some() {
        let price = item_price.unwrap_or_else(|| st.sub(&id).map(|s| s.price.clone()).unwrap_or_default());
        st.change_price(&id, &price, item_quantity, proration, proration_date);
    }
    if let Some(cancel) = cancel {
        st.set_cancel_at_period_end(&id, cancel);
    }
    match trial_end {
        Some(end) if end == now => st.end_trial(&id),
        Some(end) => {
            let before = st.sub_json(&id);
            if let Some(s) = st.sub_mut(&id) {
                s.trial_end = Some(end);
                s.period_end = end;
                s.trial_will_end_sent = false;
            }
            st.emit_sub_updated(&id, &before);
        }
        None => {}
    }
    let s = st.sub(&id).ok_or_else(|| ApiError::missing("subscription", &id, "id"))?;
    Ok(Json(to_json(&objects::subscription(&st, s, &f.expand()))))
}

async fn cancel_subscription(
    AxState(sim): AxState<StripeSim>,
    Extension(ctx): Extension<ReqCtx>,
    Path(id): Path<String>,
) -> ApiResult {
    let mut st = sim.lock_for(&ctx);
    let s = st.sub(&id).ok_or_else(|| ApiError::missing("subscription", &id, "id"))?;
    if s.status == SubStatus::Canceled {
        return Err(ApiError::missing("subscription", &id, "id"));
    }
    st.cancel_now(&id, "cancellation_requested");
    let s = st.sub(&id).ok_or_else(|| ApiError::missing("subscription", &id, "id"))?;
    Ok(Json(to_json(&objects::subscription(&st, s, &[]))))
}

// --- subscription schedules ---

async fn create_schedule(
    AxState(sim): AxState<StripeSim>,
    Extension(ctx): Extension<ReqCtx>,
    body: Bytes,
) -> ApiResult {
    let f = Form::parse(&body);
    let Some(sub_id) = f.string("from_subscription").filter(|s| !s.is_empty()) else {
        return Err(ApiError::invalid(
            "The Stripe simulator makes schedules from an existing subscription only: pass from_subscription.",
            "from_subscription",
        ));
    };
    let mut st = sim.lock_for(&ctx);
    let s = st.sub(&sub_id).ok_or_else(|| ApiError::missing("subscription", &sub_id, "from_subscription"))?;
    if let Some(existing) = &s.schedule {
        return Err(ApiError::invalid(
            format!("You cannot migrate a subscription that is already attached to a schedule: `{existing}`."),
            "from_subscription",
        ));
    }
    if s.status == SubStatus::Canceled {
        return Err(ApiError::invalid(
            "You cannot migrate a canceled subscription to a schedule.",
            "from_subscription",
        ));
    }
    let sched = Schedule {
        id: ids::new("sub_sched"),
        customer: s.customer.clone(),
        subscription: Some(sub_id.clone()),
        created: st.now,
        status: ScheduleStatus::Active,
        phases: st.new_schedule_phases(s),
        end_behavior: EndBehavior::Release,
        released_at: None,
        released_subscription: None,
        canceled_at: None,
        metadata: f.metadata("metadata"),
    };
    let sched_id = sched.id.clone();
    st.schedules.push(sched);
    let before = st.sub_json(&sub_id);
    if let Some(s) = st.sub_mut(&sub_id) {
        s.schedule = Some(sched_id.clone());
    }
    st.emit_schedule("subscription_schedule.created", &sched_id);
    st.emit_sub_updated(&sub_id, &before);
    schedule_json(&st, &sched_id)
}

fn schedule_json(st: &State, id: &str) -> ApiResult {
    let sched = st.schedule(id).ok_or_else(|| ApiError::missing("subscription_schedule", id, "schedule"))?;
    Ok(Json(to_json(&objects::schedule(st, sched))))
}

async fn get_schedule(AxState(sim): AxState<StripeSim>, Path(id): Path<String>) -> ApiResult {
    schedule_json(&sim.lock(), &id)
}

async fn update_schedule(
    AxState(sim): AxState<StripeSim>,
    Extension(ctx): Extension<ReqCtx>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let f = Form::parse(&body);
    let mut st = sim.lock_for(&ctx);
    let now = st.now;
    let sched = st.schedule(&id).ok_or_else(|| ApiError::missing("subscription_schedule", &id, "schedule"))?;
    if sched.status != ScheduleStatus::Active {
        return Err(ApiError::invalid(
            format!(
                "You cannot update a subscription schedule that is currently in the `{}` status.",
                match sched.status {
                    ScheduleStatus::Released => "released",
                    ScheduleStatus::Canceled => "canceled",
                    ScheduleStatus::Active => "active",
                }
            ),
            "",
        ));
    }
    let end_behavior = match f.get("end_behavior") {
        None => sched.end_behavior,
        Some("release") => EndBehavior::Release,
        Some("cancel") => EndBehavior::Cancel,
        Some(other) => {
            return Err(ApiError::invalid(
                format!("The Stripe simulator supports end_behavior release or cancel (got {other})."),
                "end_behavior",
            ));
        }
    };
    let mut phases = if f.has_prefix("phases") { Vec::new() } else { sched.phases.clone() };
    let first_start = sched.phases.first().map_or(now, |p| p.start);
    let mut i = 0;
    while f.has_prefix(&format!("phases[{i}]")) {
        let key = |k: &str| format!("phases[{i}]{k}");
        let price = f.required(&key("[items][0][price]"))?.to_owned();
        if st.price(&price).is_none() {
            return Err(ApiError::missing("price", &price, &key("[items][0][price]")));
        }
        let quantity = u64::try_from(f.int(&key("[items][0][quantity]"))?.unwrap_or(1)).unwrap_or(1);
        let start = match f.time_or_now(&key("[start_date]"), now)? {
            Some(t) => t,
            None => phases.last().map_or(first_start, |p: &Phase| p.end),
        };
        if let Some(prev) = phases.last()
            && prev.end != start
        {
            return Err(ApiError::invalid(
                format!("The start_date of phase {i} must equal the end_date of the previous phase."),
                &key("[start_date]"),
            ));
        }
        let end = st.phase_end(&price, start, f.int(&key("[end_date]"))?, f.int(&key("[iterations]"))?);
        if end <= start {
            return Err(ApiError::invalid("A phase must end after it starts.", &key("[end_date]")));
        }
        phases.push(Phase { price, quantity, start, end });
        i += 1;
    }
    if let Some(first) = phases.first()
        && first.start > now
        && sched.phases.first().is_some_and(|p| p.start <= now)
    {
        return Err(ApiError::invalid(
            "You can not modify the start date of the current phase.",
            "phases[0][start_date]",
        ));
    }
    if phases.is_empty() {
        return Err(ApiError::invalid("A subscription schedule needs at least one phase.", "phases"));
    }
    let mut metadata: Meta = sched.metadata.clone();
    f.apply_metadata("metadata", &mut metadata);
    if let Some(sched) = st.schedule_mut(&id) {
        sched.phases = phases;
        sched.end_behavior = end_behavior;
        sched.metadata = metadata;
    }
    st.emit_schedule("subscription_schedule.updated", &id);
    schedule_json(&st, &id)
}

async fn release_schedule(
    AxState(sim): AxState<StripeSim>,
    Extension(ctx): Extension<ReqCtx>,
    Path(id): Path<String>,
) -> ApiResult {
    let mut st = sim.lock_for(&ctx);
    let sched = st.schedule(&id).ok_or_else(|| ApiError::missing("subscription_schedule", &id, "schedule"))?;
    if sched.status != ScheduleStatus::Active {
        return Err(ApiError::invalid("You can only release an active subscription schedule.", ""));
    }
    st.release_schedule(&id);
    schedule_json(&st, &id)
}

// --- invoices, payment methods, events ---

async fn preview_invoice(AxState(sim): AxState<StripeSim>, body: Bytes) -> ApiResult {
    let f = Form::parse(&body);
    let st = sim.lock();
    let sub_id = match f.string("subscription").filter(|s| !s.is_empty()) {
        Some(id) => id,
        None => {
            let customer = f.required("customer")?;
            st.live_subscription(customer).map(|s| s.id.clone()).ok_or_else(|| {
                ApiError::invalid(format!("No upcoming invoices for customer: {customer}"), "customer")
                    .code("invoice_upcoming_none")
            })?
        }
    };
    let s = st.sub(&sub_id).ok_or_else(|| ApiError::missing("subscription", &sub_id, "subscription"))?;
    if let Some(c) = f.get("customer")
        && c != s.customer
    {
        return Err(ApiError::invalid("The subscription does not belong to this customer.", "subscription"));
    }
    if matches!(s.status, SubStatus::Canceled) {
        return Err(ApiError::invalid(format!("No upcoming invoices for subscription: {sub_id}"), "subscription")
            .code("invoice_upcoming_none"));
    }
    let new_price = f.string("subscription_details[items][0][price]");
    if let Some(p) = &new_price {
        match f.get("subscription_details[items][0][id]") {
            Some(item) if item == s.item_id => {}
            Some(item) => {
                return Err(ApiError::missing("subscription_item", item, "subscription_details[items][0][id]"));
            }
            None => {
                return Err(ApiError::invalid(
                    "Pass subscription_details[items][0][id] with the price to replace.",
                    "subscription_details[items][0][id]",
                ));
            }
        }
        if st.price(p).is_none() {
            return Err(ApiError::missing("price", p, "subscription_details[items][0][price]"));
        }
    }
    let proration = Proration::parse(f.get("subscription_details[proration_behavior]"))?;
    let at = f.int("subscription_details[proration_date]")?.unwrap_or(st.now);
    let inv = st.preview(s, new_price.as_deref(), proration, at);
    Ok(Json(to_json(&objects::invoice(&st, &inv, &f.expand()))))
}

async fn list_invoices(AxState(sim): AxState<StripeSim>, RawQuery(q): RawQuery) -> ApiResult {
    let f = query(q);
    let customer = f.get("customer");
    let subscription = f.get("subscription");
    let status = f.get("status");
    let st = sim.lock();
    let expand = f.expand();
    let items = st
        .invoices
        .iter()
        .filter(|i| customer.is_none_or(|c| i.customer == c))
        .filter(|i| subscription.is_none_or(|s| i.subscription.as_deref() == Some(s)))
        .filter(|i| status.is_none_or(|s| crate::objects::to_json(&objects::invoice(&st, i, &[]))["status"] == s))
        .map(|i| (i.id().to_owned(), objects::invoice(&st, i, &expand)))
        .collect();
    list_json("/v1/invoices", items, &f)
}

async fn get_invoice(AxState(sim): AxState<StripeSim>, Path(id): Path<String>, RawQuery(q): RawQuery) -> ApiResult {
    let f = query(q);
    let st = sim.lock();
    let inv = st.invoice(&id).ok_or_else(|| ApiError::missing("invoice", &id, "invoice"))?;
    Ok(Json(to_json(&objects::invoice(&st, inv, &f.expand()))))
}

async fn list_payment_methods(AxState(sim): AxState<StripeSim>, RawQuery(q): RawQuery) -> ApiResult {
    let f = query(q);
    if f.get("type").is_some_and(|t| t != "card") {
        return list_json::<Value>("/v1/payment_methods", Vec::new(), &f);
    }
    let customer = f.get("customer");
    let st = sim.lock();
    if let Some(c) = customer
        && st.customer(c).is_none()
    {
        return Err(ApiError::missing("customer", c, "customer"));
    }
    let items = st
        .payment_methods
        .iter()
        .filter(|pm| customer.is_none_or(|c| pm.customer.as_deref() == Some(c)))
        .map(|pm| (pm.id.clone(), objects::payment_method(pm)))
        .collect();
    list_json("/v1/payment_methods", items, &f)
}

async fn get_payment_method(AxState(sim): AxState<StripeSim>, Path(id): Path<String>) -> ApiResult {
    let st = sim.lock();
    let pm = st.payment_method(&id).ok_or_else(|| ApiError::missing("PaymentMethod", &id, "payment_method"))?;
    Ok(Json(to_json(&objects::payment_method(pm))))
}

async fn list_events(AxState(sim): AxState<StripeSim>, RawQuery(q): RawQuery) -> ApiResult {
    let f = query(q);
    let type_ = f.get("type");
    let st = sim.lock();
    let items = st
        .events
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(&e.payload).ok().map(|v| (e.id.clone(), v)))
        .filter(|(_, v)| type_.is_none_or(|t| type_matches(t, v["type"].as_str().unwrap_or_default())))
        .collect();
    list_json("/v1/events", items, &f)
}

/// Stripe's event type filter: exact, or a `*` wildcard at the end (`invoice.*`).
fn type_matches(filter: &str, type_: &str) -> bool {
    match filter.strip_suffix('*') {
        Some(prefix) => type_.starts_with(prefix),
        None => filter == type_,
    }
}

async fn get_event(AxState(sim): AxState<StripeSim>, Path(id): Path<String>) -> ApiResult {
    let st = sim.lock();
    let e = st.events.iter().find(|e| e.id == id).ok_or_else(|| ApiError::missing("event", &id, "id"))?;
    serde_json::from_str(&e.payload).map(Json).map_err(|_| ApiError::missing("event", &id, "id"))
}
