//! The response header policy of every answer (web app, API, errors): Content-Security-Policy (a looser one for
//! the Swagger UI at /api/docs only), HSTS when the request came over HTTPS, Permissions-Policy, COOP, nosniff,
//! frame and referrer rules; and CORS, closed unless `http.cors_origins` names the caller's origin. Which proxy may
//! speak for a client (`X-Forwarded-*`) is decided here too. Why each value: docs/security.md, "HTTP hardening".

use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};

/// The built web app's policy. Vite's build has no inline script or style element and nothing evaluates strings,
/// so scripts and style sheets come from this origin only. React (and the canvas and chart libraries) set styles
/// through the CSSOM, which `style-src` does not govern. Images may be `data:` (inlined icons) and `blob:` (media
/// previews before upload); `connect-src 'self'` also covers the Socket.IO WebSocket on this host.
pub const APP_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
                           font-src 'self' data:; media-src 'self' blob:; connect-src 'self'; worker-src 'self' blob:; \
                           manifest-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; \
                           object-src 'none'";

/// Swagger UI (/api/docs only): its bundle writes `style` attributes and `<style>` elements and shows `data:`
/// images; scripts still come only from this origin.
pub const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                            img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
                            base-uri 'self'; form-action 'self'; object-src 'none'";

/// Browser features the app does not use are off for it and anything it might embed. (Recording voice notes would
/// need `microphone=(self)`.)
pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()";

pub const HSTS: &str = "max-age=31536000; includeSubDomains";

const CORS_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
const CORS_HEADERS: &str = "authorization, content-type, idempotency-key";
const CORS_EXPOSE: &str = "retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, location";

/// Adds the header policy to every response, and answers CORS preflights from configured origins.
pub async fn headers(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let docs = req.uri().path() == "/api/docs" || req.uri().path().starts_with("/api/docs/");
    let https = app.cfg.secure_cookies || forwarded_https(&req, &app);
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .filter(|o| app.cfg.cors_origins.iter().any(|allowed| o.as_bytes() == allowed.as_bytes()))
        .cloned();
    let preflight =
        req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);

    let mut res = match (&origin, preflight) {
        (Some(_), true) => {
            let mut res = StatusCode::NO_CONTENT.into_response();
            let h = res.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(CORS_METHODS));
            h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(CORS_HEADERS));
            h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
            res
        }
        _ => next.run(req).await,
    };

    let h = res.headers_mut();
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(CORS_EXPOSE));
    }
    if !app.cfg.cors_origins.is_empty() {
        // The answer depends on the Origin: a cache must not give one origin's answer to another.
        h.append(header::VARY, HeaderValue::from_static("origin"));
    }
    let csp = if docs { DOCS_CSP } else { APP_CSP };
    set_default(h, header::CONTENT_SECURITY_POLICY, csp);
    set_default(h, HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY);
    set_default(h, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set_default(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(h, header::X_FRAME_OPTIONS, "DENY");
    set_default(h, header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    if https {
        set_default(h, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    res
}

fn set_default(h: &mut HeaderMap, name: HeaderName, value: &'static str) {
    if !h.contains_key(&name) {
        h.insert(name, HeaderValue::from_static(value));
    }
}

/// `X-Forwarded-Proto: https` counts only from a proxy we believe (the same rule as for `X-Forwarded-For`).
fn forwarded_https(req: &Request, app: &AppState) -> bool {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    proxy_trusted(app, peer)
        && req
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"))
}

/// Whether the peer may speak for its clients: `server.trust_proxy` is on, and the peer is one of
/// `server.trusted_proxies` (when that list is set). In-process requests (tests) have no peer address.
fn proxy_trusted(app: &AppState, peer: Option<IpAddr>) -> bool {
    app.cfg.trust_proxy
        && (app.cfg.trusted_proxies.is_empty() || peer.is_none_or(|p| app.cfg.trusted_proxies.contains(p)))
}

/// The host the client asked for (brands are chosen by it): the rightmost `X-Forwarded-Host` entry from a proxy we
/// believe (the proxy appends what the client sent it), else `Host`, else the URI's authority (HTTP/2).
pub(crate) fn request_host(
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
    uri: &axum::http::Uri,
    app: &AppState,
) -> String {
    let peer = extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_canonical());
    let forwarded = proxy_trusted(app, peer)
        .then(|| headers.get("x-forwarded-host").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    forwarded
        .or_else(|| headers.get(header::HOST).and_then(|v| v.to_str().ok()))
        .or_else(|| uri.authority().map(|a| a.as_str()))
        .unwrap_or_default()
        .to_owned()
}

/// The client's address. Behind a trusted proxy, `X-Forwarded-For` is read from the right: each proxy appends the
/// address it saw, so the rightmost entry that is not itself a trusted proxy is the client; anything to its left
/// was written by the client and may be invented. Otherwise the socket's peer.
pub(crate) fn client_ip(parts: &Parts, app: &AppState) -> Option<String> {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_canonical());
    if proxy_trusted(app, peer) {
        let hops: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let mut first = None;
        for hop in hops.iter().rev() {
            match hop.parse::<IpAddr>() {
                Ok(ip) if app.cfg.trusted_proxies.contains(ip) => first = Some(ip),
                Ok(ip) => return Some(ip.to_canonical().to_string()),
                // What our proxies append always parses; a client we cannot name stays unknown rather than
                // becoming its neighbour.
                Err(_) => return None,
            }
        }
        // Only proxies in the chain: the leftmost is where the request began.
        if let Some(ip) = first {
            return Some(ip.to_canonical().to_string());
        }
    }
    peer.map(|p| p.to_string())
}
