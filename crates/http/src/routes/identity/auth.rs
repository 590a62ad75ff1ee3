//! /auth: sign-up, sign-in, sessions, password reset, the caller's own profile, invitations by token.

use super::two_factor::EnrollingUser;
use crate::AppState;
use crate::error::{ErrorBody, Result};
use crate::extract::{AppJson, AppPath, AuthUser, Client, OptionalJson};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use parley_services::identity::dto::*;
use utoipa_axum::{router::OpenApiRouter, routes};

pub const REFRESH_COOKIE: &str = "parley_refresh";

/// The refresh token travels as an HttpOnly cookie scoped to /api/v1/auth, so page scripts never see it.
pub(super) fn with_refresh_cookie(
    state: &AppState,
    jar: CookieJar,
    res: AuthResponse,
) -> (CookieJar, Json<AuthResponse>) {
    let cookie = Cookie::build((REFRESH_COOKIE, res.refresh_token.clone()))
        .path("/api/v1/auth")
        .http_only(true)
        .secure(state.cfg.secure_cookies)
        .same_site(SameSite::Strict)
        .max_age(time_secs(state.services.core.cfg.refresh_ttl.as_secs()))
        .build();
    (jar.add(cookie), Json(res))
}

fn time_secs(secs: u64) -> time::Duration {
    time::Duration::seconds(secs as i64)
}

fn clear_cookie(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::build(REFRESH_COOKIE).path("/api/v1/auth").build())
}

#[utoipa::path(post, path = "/auth/register", tag = "auth", request_body = RegisterInput,
    responses((status = 201, body = AuthResponse), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn register(
    State(app): State<AppState>,
    jar: CookieJar,
    Client(c): Client,
    AppJson(body): AppJson<RegisterInput>,
) -> Result<(StatusCode, CookieJar, Json<AuthResponse>)> {
    let res = app.services.auth.register(body, &c).await?;
    let (jar, json) = with_refresh_cookie(&app, jar, res);
    Ok((StatusCode::CREATED, jar, json))
}

#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginInput,
    responses((status = 200, body = LoginOutcome, description = "Signed in, or (two-factor on, on a browser it does not remember) `twoFactorRequired` with a challenge for `POST /auth/login/2fa`: no tokens, no cookie"),
        (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(app): State<AppState>,
    jar: CookieJar,
    Client(c): Client,
    AppJson(body): AppJson<LoginInput>,
) -> Result<(CookieJar, Json<LoginOutcome>)> {
    let device = jar.get(super::two_factor::DEVICE_COOKIE).map(|c| c.value().to_owned());
    match app.services.auth.login(body, &c, device.as_deref()).await? {
        LoginOutcome::SignedIn(res) => {
            let (jar, Json(res)) = with_refresh_cookie(&app, jar, *res);
            Ok((jar, Json(LoginOutcome::SignedIn(Box::new(res)))))
        }
        challenge => Ok((jar, Json(challenge))),
    }
}

#[utoipa::path(post, path = "/auth/refresh", tag = "auth", request_body(content = RefreshInput, description = "Optional: the cookie is used when the body has no token"),
    responses((status = 200, body = AuthResponse), (status = 401, body = ErrorBody)))]
async fn refresh(
    State(app): State<AppState>,
    jar: CookieJar,
    Client(c): Client,
    OptionalJson(body): OptionalJson<RefreshInput>,
) -> Result<(CookieJar, Json<AuthResponse>)> {
    let token = body.refresh_token.or_else(|| jar.get(REFRESH_COOKIE).map(|c| c.value().to_owned()));
    let Some(token) = token else {
        return Err(parley_services::DomainError::Unauthorized.into());
    };
    let res = app.services.auth.refresh(&token, &c).await?;
    Ok(with_refresh_cookie(&app, jar, res))
}

#[utoipa::path(post, path = "/auth/logout", tag = "auth", request_body(content = Option<RefreshInput>, description = "Optional"),
    responses((status = 204, description = "Session ended")))]
async fn logout(
    State(app): State<AppState>,
    jar: CookieJar,
    OptionalJson(body): OptionalJson<RefreshInput>,
) -> Result<(StatusCode, CookieJar)> {
    let token = body.refresh_token.or_else(|| jar.get(REFRESH_COOKIE).map(|c| c.value().to_owned()));
    app.services.auth.logout(token.as_deref()).await?;
    Ok((StatusCode::NO_CONTENT, clear_cookie(jar)))
}

#[utoipa::path(post, path = "/auth/forgot-password", tag = "auth", request_body = ForgotPasswordInput,
    responses((status = 202, description = "A reset link is mailed if the account exists"), (status = 422, body = ErrorBody)))]
async fn forgot_password(
    State(app): State<AppState>,
    host: crate::routes::brand::HostBrand,
    AppJson(body): AppJson<ForgotPasswordInput>,
) -> Result<StatusCode> {
    // The mail carries the brand of the host it was asked on (an agency's domain), its link leads back there.
    app.services.auth.forgot_password(body, &host.0).await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(post, path = "/auth/reset-password", tag = "auth", request_body = ResetPasswordInput,
    responses((status = 204, description = "Password changed; every session ended"),
        (status = 404, body = ErrorBody, description = "`invalid_or_expired_token`: the link is unknown, used or expired"),
        (status = 422, body = ErrorBody)))]
async fn reset_password(State(app): State<AppState>, AppJson(body): AppJson<ResetPasswordInput>) -> Result<StatusCode> {
    app.services.auth.reset_password(body).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/auth/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Session, description = "Also for a session that must enrol in two-factor sign-in first (`mustEnrol2fa`)"),
        (status = 401, body = ErrorBody)))]
async fn me(State(app): State<AppState>, EnrollingUser(claims): EnrollingUser) -> Result<Json<Session>> {
    Ok(Json(app.services.auth.session(&claims).await?))
}

#[utoipa::path(patch, path = "/auth/me", tag = "auth", security(("bearer" = [])), request_body = UpdateMeInput,
    responses((status = 200, body = Session), (status = 422, body = ErrorBody)))]
async fn update_me(
    State(app): State<AppState>,
    AuthUser(claims): AuthUser,
    AppJson(body): AppJson<UpdateMeInput>,
) -> Result<Json<Session>> {
    Ok(Json(app.services.auth.update_me(&claims, body).await?))
}

#[utoipa::path(post, path = "/auth/change-password", tag = "auth", security(("bearer" = [])), request_body = ChangePasswordInput,
    responses((status = 200, body = AuthResponse, description = "A fresh session; all others are ended"),
        (status = 403, body = ErrorBody, description = "`wrong_password`: the current password is incorrect"),
        (status = 422, body = ErrorBody)))]
async fn change_password(
    State(app): State<AppState>,
    jar: CookieJar,
    Client(c): Client,
    AuthUser(claims): AuthUser,
    AppJson(body): AppJson<ChangePasswordInput>,
) -> Result<(CookieJar, Json<AuthResponse>)> {
    let res = app.services.auth.change_password(&claims, body, &c).await?;
    Ok(with_refresh_cookie(&app, jar, res))
}

#[utoipa::path(post, path = "/auth/switch-tenant", tag = "auth", security(("bearer" = [])), request_body = SwitchTenantInput,
    responses((status = 200, body = AuthResponse), (status = 404, body = ErrorBody)))]
async fn switch_tenant(
    State(app): State<AppState>,
    jar: CookieJar,
    Client(c): Client,
    AuthUser(claims): AuthUser,
    AppJson(body): AppJson<SwitchTenantInput>,
) -> Result<(CookieJar, Json<AuthResponse>)> {
    let res = app.services.auth.switch_tenant(&claims, body, &c).await?;
    Ok(with_refresh_cookie(&app, jar, res))
}

#[utoipa::path(get, path = "/auth/invitations/{token}", tag = "auth", params(("token" = String, Path)),
    responses((status = 200, body = InvitationPreview),
        (status = 404, body = ErrorBody, description = "`invalid_or_expired_token`: the invitation is unknown, answered or expired")))]
async fn invitation_preview(
    State(app): State<AppState>,
    AppPath(token): AppPath<String>,
) -> Result<Json<InvitationPreview>> {
    Ok(Json(app.services.auth.invitation_preview(&token).await?))
}

#[utoipa::path(post, path = "/auth/invitations/{token}/accept", tag = "auth", params(("token" = String, Path)),
    request_body = AcceptInvitationInput,
    responses((status = 200, body = AuthResponse), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "`invalid_or_expired_token`: the invitation is unknown, answered or expired"),
        (status = 422, body = ErrorBody)))]
async fn accept_invitation(
    State(app): State<AppState>,
    jar: CookieJar,
    Client(c): Client,
    AppPath(token): AppPath<String>,
    AppJson(body): AppJson<AcceptInvitationInput>,
) -> Result<(CookieJar, Json<AuthResponse>)> {
    let res = app.services.auth.accept_invitation(&token, body, &c).await?;
    Ok(with_refresh_cookie(&app, jar, res))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(refresh))
        .routes(routes!(logout))
        .routes(routes!(forgot_password))
        .routes(routes!(reset_password))
        .routes(routes!(me, update_me))
        .routes(routes!(change_password))
        .routes(routes!(switch_tenant))
        .routes(routes!(invitation_preview))
        .routes(routes!(accept_invitation))
}
