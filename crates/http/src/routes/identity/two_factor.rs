//! /auth/2fa and /auth/sessions: two-factor enrolment and sign-in's second step, remembered devices, the
//! workspace's "require two-factor", and the caller's sessions. Also `EnrollingUser`, the one extractor that takes
//! a session still owing its enrolment.

use crate::AppState;
use crate::error::{ApiError, ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AuthUser, Client, bearer};
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::{StatusCode, request::Parts};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use parley_services::identity::dto::*;
use parley_services::identity::two_factor::DEVICE_TTL_DAYS;
use parley_services::{Claims, TenantCtx};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

/// The remembered-device token: HttpOnly, scoped to /api/v1/auth like the refresh token.
pub const DEVICE_COOKIE: &str = "parley_device";

/// A signed-in person, including one whose session must enrol in two-factor sign-in before anything else.
pub struct EnrollingUser(pub Claims);

impl FromRequestParts<AppState> for EnrollingUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(parts)?;
        if token.starts_with("pk_") {
            return Err(AuthUser::from_request_parts(parts, state)
                .await
                .err()
                .unwrap_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "invalid_token", "Sign in as a person.")));
        }
        Ok(EnrollingUser(state.services.auth.verify_enrolling(token)?))
    }
}

#[utoipa::path(get, path = "/auth/2fa", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = TwoFactorStatus), (status = 401, body = ErrorBody)))]
async fn two_factor_status(
    State(app): State<AppState>,
    EnrollingUser(claims): EnrollingUser,
) -> Result<Json<TwoFactorStatus>> {
    Ok(Json(app.services.auth.two_factor_status(&claims).await?))
}

#[utoipa::path(post, path = "/auth/2fa/setup", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = TwoFactorSetup, description = "A new secret for the caller; confirm it with `POST /auth/2fa/enable`"),
        (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`two_factor_already_enabled`")))]
async fn setup(State(app): State<AppState>, EnrollingUser(claims): EnrollingUser) -> Result<Json<TwoFactorSetup>> {
    Ok(Json(app.services.auth.setup_two_factor(&claims).await?))
}

#[utoipa::path(post, path = "/auth/2fa/enable", tag = "auth", security(("bearer" = [])), request_body = TwoFactorCodeInput,
    responses((status = 200, body = RecoveryCodes, description = "On; the ten recovery codes, shown once. Refresh the session to leave the enrolment-only state"),
        (status = 401, body = ErrorBody, description = "`invalid_two_factor_code`"),
        (status = 409, body = ErrorBody, description = "`two_factor_not_set_up`, `two_factor_already_enabled`"),
        (status = 429, body = ErrorBody)))]
async fn enable(
    State(app): State<AppState>,
    Client(c): Client,
    EnrollingUser(claims): EnrollingUser,
    AppJson(body): AppJson<TwoFactorCodeInput>,
) -> Result<Json<RecoveryCodes>> {
    Ok(Json(app.services.auth.enable_two_factor(&claims, body, &c).await?))
}

#[utoipa::path(post, path = "/auth/2fa/recovery-codes", tag = "auth", security(("bearer" = [])), request_body = TwoFactorCodeInput,
    responses((status = 200, body = RecoveryCodes, description = "Ten new codes; the old ones stop working"),
        (status = 401, body = ErrorBody, description = "`invalid_two_factor_code`, `two_factor_code_used`"),
        (status = 409, body = ErrorBody, description = "`two_factor_not_enabled`"),
        (status = 429, body = ErrorBody)))]
async fn recovery_codes(
    State(app): State<AppState>,
    Client(c): Client,
    AuthUser(claims): AuthUser,
    AppJson(body): AppJson<TwoFactorCodeInput>,
) -> Result<Json<RecoveryCodes>> {
    Ok(Json(app.services.auth.regenerate_recovery_codes(&claims, body, &c).await?))
}

#[utoipa::path(post, path = "/auth/2fa/disable", tag = "auth", security(("bearer" = [])), request_body = DisableTwoFactorInput,
    responses((status = 204, description = "Off; recovery codes and remembered devices forgotten, the other sessions ended"),
        (status = 401, body = ErrorBody, description = "`invalid_two_factor_code`, `invalid_recovery_code`"),
        (status = 403, body = ErrorBody, description = "`wrong_password`"),
        (status = 409, body = ErrorBody, description = "`two_factor_not_enabled`"),
        (status = 429, body = ErrorBody)))]
async fn disable(
    State(app): State<AppState>,
    Client(c): Client,
    AuthUser(claims): AuthUser,
    AppJson(body): AppJson<DisableTwoFactorInput>,
) -> Result<StatusCode> {
    app.services.auth.disable_two_factor(&claims, body, &c).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/auth/login/2fa", tag = "auth", request_body = LoginTwoFactorInput,
    responses((status = 200, body = AuthResponse, description = "Signed in; with `rememberDevice` also a 30-day device cookie"),
        (status = 401, body = ErrorBody, description = "`invalid_two_factor_code`, `two_factor_code_used`, `invalid_recovery_code`, `challenge_expired`, `invalid_challenge`"),
        (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "Too many wrong codes; see `Retry-After`")))]
async fn login_second_factor(
    State(app): State<AppState>,
    jar: CookieJar,
    Client(c): Client,
    AppJson(body): AppJson<LoginTwoFactorInput>,
) -> Result<(CookieJar, Json<AuthResponse>)> {
    let (res, device) = app.services.auth.login_second_factor(body, &c).await?;
    let jar = match device {
        Some(token) => jar.add(
            Cookie::build((DEVICE_COOKIE, token))
                .path("/api/v1/auth")
                .http_only(true)
                .secure(app.cfg.secure_cookies)
                .same_site(SameSite::Strict)
                .max_age(time::Duration::days(DEVICE_TTL_DAYS))
                .build(),
        ),
        None => jar,
    };
    Ok(super::auth::with_refresh_cookie(&app, jar, res))
}

#[utoipa::path(delete, path = "/auth/2fa/devices/{id}", tag = "auth", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204, description = "Forgotten: that browser is asked for a code again"), (status = 404, body = ErrorBody)))]
async fn forget_device(
    State(app): State<AppState>,
    AuthUser(claims): AuthUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode> {
    app.services.auth.forget_device(&claims, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/auth/2fa/policy", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = TwoFactorPolicy), (status = 401, body = ErrorBody)))]
async fn get_policy(State(app): State<AppState>, t: TenantCtx) -> Result<Json<TwoFactorPolicy>> {
    Ok(Json(app.services.auth.two_factor_policy(&t).await?))
}

#[utoipa::path(put, path = "/auth/2fa/policy", tag = "auth", security(("bearer" = [])), request_body = TwoFactorPolicy,
    responses((status = 200, body = TwoFactorPolicy, description = "Members without two-factor enrol at their next sign-in"),
        (status = 403, body = ErrorBody, description = "`forbidden`: owners only")))]
async fn put_policy(
    State(app): State<AppState>,
    t: TenantCtx,
    AppJson(body): AppJson<TwoFactorPolicy>,
) -> Result<Json<TwoFactorPolicy>> {
    Ok(Json(app.services.auth.set_two_factor_policy(&t, body).await?))
}

#[utoipa::path(get, path = "/auth/2fa/demo-code", tag = "auth",
    responses((status = 200, body = DemoCode, description = "Demo mode only: the demo platform admin's current code"),
        (status = 404, body = ErrorBody, description = "Not in demo mode")))]
async fn demo_code(State(app): State<AppState>) -> Result<Json<DemoCode>> {
    Ok(Json(app.services.auth.demo_code().await?))
}

#[utoipa::path(get, path = "/auth/sessions", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = SessionList), (status = 401, body = ErrorBody)))]
async fn list_sessions(State(app): State<AppState>, AuthUser(claims): AuthUser) -> Result<Json<SessionList>> {
    Ok(Json(app.services.auth.list_sessions(&claims).await?))
}

#[utoipa::path(delete, path = "/auth/sessions", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Every other session ended; this one stays")))]
async fn end_other_sessions(State(app): State<AppState>, AuthUser(claims): AuthUser) -> Result<StatusCode> {
    app.services.auth.end_other_sessions(&claims).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/auth/sessions/{id}", tag = "auth", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204, description = "Ended: its refresh token stops working"), (status = 404, body = ErrorBody)))]
async fn end_session(
    State(app): State<AppState>,
    AuthUser(claims): AuthUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode> {
    app.services.auth.end_session(&claims, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(two_factor_status))
        .routes(routes!(setup))
        .routes(routes!(enable))
        .routes(routes!(recovery_codes))
        .routes(routes!(disable))
        .routes(routes!(login_second_factor))
        .routes(routes!(forget_device))
        .routes(routes!(get_policy, put_policy))
        .routes(routes!(demo_code))
        .routes(routes!(list_sessions, end_other_sessions))
        .routes(routes!(end_session))
}
