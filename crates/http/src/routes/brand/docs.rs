//! The API docs page (/api/docs) in the host's brand: on a custom domain its title, favicon and top bar show the
//! brand's name, logo and colour, and the OpenAPI document's title names the brand's product. The platform's own
//! host gets the page untouched.

use super::HostBrand;
use crate::AppState;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use parley_services::brand::ResolvedBrand;

const DOCS_INDEX: [&str; 2] = ["/api/docs/", "/api/docs/index.html"];
const SPEC: &str = "/api/v1/openapi.json";

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A CSS string's content: quotes, backslashes and anything that could close the style element are escaped.
fn css_string(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' | '\\' | '<' | '>' => format!("\\{:x} ", c as u32),
            c if c.is_control() => String::new(),
            c => c.to_string(),
        })
        .collect()
}

/// The branded head of Swagger UI's page: title, favicon, and a top bar with the logo (or the name) on the
/// brand's colour. Addresses are paths on this host (its CSP allows only those).
fn branded_index(html: &str, b: &ResolvedBrand) -> String {
    let path = |u: &Option<String>| u.as_deref().map(|u| u.strip_prefix(b.base_url.as_str()).unwrap_or(u).to_owned());
    let title = format!("{} API", b.product_name);
    let mut head = String::new();
    if let Some(icon) = path(&b.favicon_url) {
        head.push_str(&format!("<link rel=\"icon\" href=\"{}\" />", html_escape(&icon)));
    }
    let mark = match path(&b.logo_dark_url).or_else(|| path(&b.logo_light_url)) {
        Some(logo) => format!(
            "content:\"\";display:inline-block;width:160px;height:36px;background:url(\"{}\") left center/contain no-repeat",
            css_string(&logo)
        ),
        None => format!("content:\"{}\";color:#fff;font:700 20px sans-serif", css_string(&title)),
    };
    head.push_str(&format!(
        "<style>.swagger-ui .topbar{{background:{}}}.swagger-ui .topbar-wrapper .link svg,\
         .swagger-ui .topbar-wrapper .link img{{display:none}}.swagger-ui .topbar-wrapper .link::after{{{mark}}}</style>",
        css_string(&b.primary_color)
    ));
    let mut out = html.replacen("<title>Swagger UI</title>", &format!("<title>{}</title>", html_escape(&title)), 1);
    if b.favicon_url.is_some() {
        out = out.replace("<link rel=\"icon\" type=\"image/png\" href=\"./favicon-32x32.png\" sizes=\"32x32\" />", "");
        out = out.replace("<link rel=\"icon\" type=\"image/png\" href=\"./favicon-16x16.png\" sizes=\"16x16\" />", "");
    }
    out.replacen("</head>", &format!("{head}</head>"), 1)
}

/// Rewrites the docs page and the document for a branded host; everything else passes untouched.
pub async fn brand_docs(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let index = DOCS_INDEX.contains(&path);
    if !(index || path == SPEC) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let brand = match HostBrand::from_request_parts(&mut parts, &app).await {
        Ok(HostBrand(b)) if b.owner_tenant_id.is_some() => b,
        // The platform's own brand (or no answer from the database): the page as built.
        _ => return next.run(Request::from_parts(parts, body)).await,
    };
    let res = next.run(Request::from_parts(parts, body)).await;
    if !res.status().is_success() || res.headers().contains_key(header::CONTENT_ENCODING) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = body.collect().await.map(|b| b.to_bytes()) else {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let out = if index {
        branded_index(&String::from_utf8_lossy(&bytes), &brand).into_bytes()
    } else {
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(mut doc) => {
                doc["info"]["title"] = format!("{} API", brand.product_name).into();
                serde_json::to_vec(&doc).unwrap_or_else(|_| bytes.to_vec())
            }
            Err(_) => bytes.to_vec(),
        }
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::VARY, HeaderValue::from_static("host, x-forwarded-host"));
    Response::from_parts(parts, Body::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_text_cannot_close_the_style_or_title() {
        assert_eq!(html_escape("<b>\"A&B\""), "&lt;b&gt;&quot;A&amp;B&quot;");
        let s = css_string("x\"</style><script>");
        assert!(!s.contains('"') && !s.contains('<') && !s.contains('>'), "{s}");
    }
}
