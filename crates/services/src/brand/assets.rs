//! The brand's images: logo (light and dark), favicon and login image. The type is read from the bytes, never
//! from the sender's word: PNG, JPEG, WebP and ICO by their magic bytes, and SVG only when it can run nothing and
//! load nothing (no script, no foreignObject, no `on*` handlers, no `javascript:`, no reference outside the file,
//! no DTD or entities). At most 1 MB each. Served publicly (`GET /brand/assets/{tenant}/{kind}`) with their type,
//! `nosniff`, and for SVG a sandboxing CSP.

use super::BrandService;
use super::brands::not_allowed;
use super::dto::BrandSettings;
use super::resolve::may_brand;
use crate::{DbResultExt, DomainError, Result, Role, TenantCtx};
use parley_store::repo::brand::{assets as repo, brands as brand_repo};
use parley_store::repo::platform::brands::{self as system, PublicAsset};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The largest image accepted.
pub const MAX_BYTES: usize = 1024 * 1024;

/// Which image of the brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    LogoLight,
    LogoDark,
    Favicon,
    LoginImage,
}

impl AssetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LogoLight => "logo_light",
            Self::LogoDark => "logo_dark",
            Self::Favicon => "favicon",
            Self::LoginImage => "login_image",
        }
    }
}

pub const SVG: &str = "image/svg+xml";

fn refused(code: &'static str, message: impl Into<String>) -> DomainError {
    DomainError::Rejected { code, message: message.into() }
}

/// The image's type, from its first bytes (SVG checked through).
pub fn sniff(bytes: &[u8]) -> Result<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok("image/png");
    }
    if bytes.starts_with(b"\xff\xd8\xff") {
        return Ok("image/jpeg");
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok("image/webp");
    }
    if bytes.len() >= 6 && bytes.starts_with(b"\x00\x00\x01\x00") && bytes[4..6] != [0, 0] {
        return Ok("image/x-icon");
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let head = String::from_utf8_lossy(&text[..text.len().min(1024)]).to_ascii_lowercase();
    if head.contains("<svg") || head.trim_start().starts_with("<?xml") {
        let svg = std::str::from_utf8(text).map_err(|_| refused("unsafe_svg", "The SVG is not valid UTF-8 text."))?;
        check_svg(svg)?;
        return Ok(SVG);
    }
    Err(refused(
        "unsupported_image",
        "The file is not a PNG, JPEG, WebP, ICO or SVG image (its content was checked, not its name).",
    ))
}

/// Elements that run code or embed other documents.
const FORBIDDEN_ELEMENTS: [&str; 9] =
    ["script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"];

/// Whether CSS text loads something from outside the file (`url(...)` to anything but `#id`, `@import`).
fn css_reaches_out(css: &str) -> bool {
    let css = css.to_ascii_lowercase();
    css.contains("@import")
        || css.match_indices("url(").any(|(i, _)| {
            let rest = css[i + 4..].trim_start().trim_start_matches(['"', '\'']);
            !rest.starts_with('#')
        })
}

/// Whether text becomes `javascript:` (or another scripting scheme) once blanks and case are ignored.
fn scripting_scheme(value: &str) -> bool {
    let folded: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let folded = folded.to_ascii_lowercase();
    folded.contains("javascript:") || folded.contains("vbscript:") || folded.contains("data:text/html")
}

/// Refuses an SVG that could run or load anything, naming why (422 `unsafe_svg`).
pub fn check_svg(svg: &str) -> Result<()> {
    let unsafe_svg = |why: String| Err(refused("unsafe_svg", format!("The SVG was refused: {why}.")));
    let mut root_seen = false;
    let mut in_style = false;
    for token in xmlparser::Tokenizer::from(svg) {
        let Ok(token) = token else { return unsafe_svg("it is not well-formed XML".into()) };
        match token {
            xmlparser::Token::Declaration { .. } | xmlparser::Token::Comment { .. } => {}
            xmlparser::Token::ProcessingInstruction { target, .. } => {
                return unsafe_svg(format!("it has a processing instruction <?{target}?> (style sheets load files)"));
            }
            xmlparser::Token::DtdStart { .. }
            | xmlparser::Token::EmptyDtd { .. }
            | xmlparser::Token::EntityDeclaration { .. }
            | xmlparser::Token::DtdEnd { .. } => {
                return unsafe_svg("it has a DOCTYPE or entity declarations".into());
            }
            xmlparser::Token::ElementStart { local, .. } => {
                let name = local.as_str().to_ascii_lowercase();
                if !root_seen && name != "svg" {
                    return unsafe_svg(format!("its root element is <{local}>, not <svg>"));
                }
                root_seen = true;
                if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
                    return unsafe_svg(format!("it contains a <{local}> element"));
                }
                in_style = name == "style";
            }
            xmlparser::Token::Attribute { prefix, local, value, .. } => {
                let name = local.as_str().to_ascii_lowercase();
                let value = value.as_str();
                if name.starts_with("on") {
                    return unsafe_svg(format!("it has an event handler attribute {local}"));
                }
                // A character reference can spell anything (`java&#115;cript:`); logos have no need of them.
                if value.contains("&#") {
                    return unsafe_svg(format!("the attribute {local} uses character references"));
                }
                if scripting_scheme(value) {
                    return unsafe_svg(format!("the attribute {local} holds a javascript: link"));
                }
                if name == "href" && !value.trim().starts_with('#') {
                    let attr = if prefix.is_empty() { local.to_string() } else { format!("{prefix}:{local}") };
                    return unsafe_svg(format!("{attr} refers to something outside the file ({value:.60})"));
                }
                if css_reaches_out(value) {
                    return unsafe_svg(format!("the attribute {local} loads something from outside the file"));
                }
            }
            xmlparser::Token::ElementEnd { .. } => {}
            xmlparser::Token::Text { text } | xmlparser::Token::Cdata { text, .. } => {
                if scripting_scheme(text.as_str()) {
                    return unsafe_svg("its text holds a javascript: link".into());
                }
                if in_style && css_reaches_out(text.as_str()) {
                    return unsafe_svg("its style sheet loads something from outside the file".into());
                }
            }
        }
    }
    if !root_seen {
        return unsafe_svg("it has no <svg> element".into());
    }
    Ok(())
}

impl BrandService {
    /// Refuses early (before an upload is read) whoever may not change the brand's images.
    pub async fn may_edit(&self, t: &TenantCtx) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let f = self.facts(t.tenant_id.0).await?;
        tx.commit().await.db()?;
        if may_brand(&f) { Ok(()) } else { Err(not_allowed(&f)) }
    }

    /// Stores one image (replacing the previous one) after checking what it is.
    pub async fn put_asset(&self, t: &TenantCtx, kind: AssetKind, bytes: &[u8]) -> Result<BrandSettings> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let f = self.facts(t.tenant_id.0).await?;
        if !may_brand(&f) {
            return Err(not_allowed(&f));
        }
        if bytes.is_empty() {
            return Err(refused("unsupported_image", "The file is empty."));
        }
        if bytes.len() > MAX_BYTES {
            return Err(refused("image_too_large", "The image is larger than 1 MB."));
        }
        let content_type = sniff(bytes)?;
        let sha = hex::encode(Sha256::digest(bytes));
        repo::put(&tx, kind.as_str(), content_type, bytes, &sha).await.db()?;
        brand_repo::touch(&tx).await.db()?;
        let meta = json!({ "kind": kind.as_str(), "contentType": content_type, "size": bytes.len() });
        self.0.audit_ctx(&tx, &actor, "brand.asset_uploaded", "brand", t.tenant_id.0, meta).await?;
        tx.commit().await.db()?;
        self.invalidate(t.tenant_id.0).await;
        let tx = self.0.db.tenant_tx(t.tenant_id).await.db()?;
        let s = self.settings_in(&tx, &f).await?;
        tx.commit().await.db()?;
        Ok(s)
    }

    /// Removes one image; 404 when there is none.
    pub async fn delete_asset(&self, t: &TenantCtx, kind: AssetKind) -> Result<BrandSettings> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let f = self.facts(t.tenant_id.0).await?;
        if !repo::delete(&tx, kind.as_str()).await.db()? {
            return Err(DomainError::NotFound("Brand image"));
        }
        brand_repo::touch(&tx).await.db()?;
        self.0
            .audit_ctx(&tx, &actor, "brand.asset_deleted", "brand", t.tenant_id.0, json!({ "kind": kind.as_str() }))
            .await?;
        tx.commit().await.db()?;
        self.invalidate(t.tenant_id.0).await;
        let tx = self.0.db.tenant_tx(t.tenant_id).await.db()?;
        let s = self.settings_in(&tx, &f).await?;
        tx.commit().await.db()?;
        Ok(s)
    }

    /// A brand image for its public address (anyone may see a brand's images, as its login page shows them).
    pub async fn public_asset(&self, tenant: Uuid, kind: AssetKind) -> Result<PublicAsset> {
        system::asset(&self.0.db, tenant, kind.as_str()).await.db()?.ok_or(DomainError::NotFound("Brand image"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<&'static str>) -> &'static str {
        match r {
            Ok(t) => t,
            Err(DomainError::Rejected { code, .. }) => code,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(code(sniff(b"\x89PNG\r\n\x1a\n0000")), "image/png");
        assert_eq!(code(sniff(b"\xff\xd8\xff\xe0JFIF")), "image/jpeg");
        assert_eq!(code(sniff(b"RIFF\x10\0\0\0WEBPVP8 ")), "image/webp");
        assert_eq!(code(sniff(b"\0\0\x01\0\x01\0\x10\x10")), "image/x-icon");
        assert_eq!(code(sniff(b"GIF89a")), "unsupported_image");
        assert_eq!(code(sniff(b"%PDF-1.7")), "unsupported_image");
        let ok = r##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/><style>rect{fill:red}</style></svg>"##;
        assert_eq!(code(sniff(ok.as_bytes())), SVG);
    }

    #[test]
    fn svg_that_could_run_or_load_anything_is_refused() {
        for bad in [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
            r#"<svg><foreignObject><div/></foreignObject></svg>"#,
            r#"<svg onload="alert(1)"/>"#,
            r#"<svg><a href="javascript:alert(1)"><rect/></a></svg>"#,
            r#"<svg><a xlink:href="java&#115;cript:alert(1)"/></svg>"#,
            r#"<svg><image href="https://evil.example/x.png"/></svg>"#,
            r#"<svg><style>@import url(https://evil.example/a.css);</style></svg>"#,
            r#"<svg><rect style="fill:url(https://evil.example/p)"/></svg>"#,
            r#"<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>"#,
            r#"<?xml-stylesheet href="https://evil.example/a.css"?><svg/>"#,
            r#"<svg><set attributeName="href" to="javascript:alert(1)"/></svg>"#,
            r#"<html><svg/></html>"#,
        ] {
            assert!(check_svg(bad).is_err(), "{bad}");
        }
    }
}
