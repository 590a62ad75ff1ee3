//! Turns a template's texts and values into a mail: `{{placeholder}}` filling, paragraphs from blank lines, and the
//! one branded layout every mail goes through (logo, primary colour for heading and button, the brand's footer,
//! "Powered by Parley" only when the brand shows it). Every value and every owner's text is HTML-escaped: an owner,
//! a contact or a workspace name never writes markup into a mail.

use crate::brand::ResolvedBrand;

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// `{{ name }}` with a name of letters, digits, `_`, `-` or `.` (what an owner might mean as a placeholder, so an
/// unknown one is reported rather than sent as is).
fn slot_name(inner: &str) -> Option<&str> {
    let name = inner.trim();
    let ok = !name.is_empty()
        && name.len() <= 40
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    ok.then_some(name)
}

fn pieces(s: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        match after.find("}}").and_then(|close| slot_name(&after[..close]).map(|n| (close, n))) {
            Some((close, name)) => {
                if open > 0 {
                    out.push(Piece::Text(&rest[..open]));
                }
                out.push(Piece::Slot(name));
                rest = &after[close + 2..];
            }
            None => {
                out.push(Piece::Text(&rest[..open + 2]));
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The placeholders a text uses, in order of first use.
pub(crate) fn placeholders_in(s: &str) -> Vec<&str> {
    let mut seen = Vec::new();
    for p in pieces(s) {
        if let Piece::Slot(n) = p
            && !seen.contains(&n)
        {
            seen.push(n);
        }
    }
    seen
}

/// The placeholders of `texts` that `allowed` does not offer, in order of first use.
pub(crate) fn unknown_placeholders(texts: &[&str], allowed: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        for n in placeholders_in(t) {
            if !allowed.contains(&n) && !out.iter().any(|o| o == n) {
                out.push(n.to_owned());
            }
        }
    }
    out
}

/// The values of one mail, already in its language. A placeholder without a value is left as written.
pub(crate) type Values<'a> = [(&'a str, String)];

fn value<'v>(values: &'v Values<'_>, name: &str) -> Option<&'v str> {
    values.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
}

/// Plain text with the values in (the text part of a mail).
pub(crate) fn fill(s: &str, values: &Values<'_>) -> String {
    pieces(s)
        .into_iter()
        .map(|p| match p {
            Piece::Text(t) => t.to_owned(),
            Piece::Slot(n) => value(values, n).map_or_else(|| format!("{{{{{n}}}}}"), str::to_owned),
        })
        .collect()
}

/// One line for a header: control characters and runs of white space become one space.
pub(crate) fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn escape_lines(s: &str) -> String {
    escape(s).replace("\r\n", "\n").replace('\n', "<br>")
}

/// HTML paragraphs of a body: blank lines separate paragraphs, single line breaks stay; everything escaped.
fn paragraphs_html(body: &str, values: &Values<'_>) -> String {
    let body = body.replace("\r\n", "\n");
    let mut out = String::new();
    for para in body.split("\n\n").map(|p| p.trim_matches('\n')).filter(|p| !p.trim().is_empty()) {
        let inner: String = pieces(para)
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => escape_lines(t),
                Piece::Slot(n) => value(values, n).map_or_else(|| escape(&format!("{{{{{n}}}}}")), escape_lines),
            })
            .collect();
        out.push_str(&format!("<p style=\"margin:0 0 16px;line-height:1.55\">{inner}</p>\n"));
    }
    out
}

/// A rendered mail, as the outbox stores it.
#[derive(Debug, Clone)]
pub(crate) struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The layout's own words, per language (English for any other).
struct Chrome {
    paste: &'static str,
    help: &'static str,
    terms: &'static str,
    privacy: &'static str,
    powered: &'static str,
}

fn chrome(locale: &str) -> Chrome {
    match locale {
        "ar" => Chrome {
            paste: "أو الصق هذا الرابط في متصفحك:",
            help: "تحتاج مساعدة؟",
            terms: "الشروط",
            privacy: "الخصوصية",
            powered: "مدعوم من Parley",
        },
        "es" => Chrome {
            paste: "O pega este enlace en tu navegador:",
            help: "¿Necesitas ayuda?",
            terms: "Términos",
            privacy: "Privacidad",
            powered: "Con la tecnología de Parley",
        },
        "fr" => Chrome {
            paste: "Ou collez ce lien dans votre navigateur :",
            help: "Besoin d’aide ?",
            terms: "Conditions",
            privacy: "Confidentialité",
            powered: "Propulsé par Parley",
        },
        "de" => Chrome {
            paste: "Oder fügen Sie diesen Link in Ihren Browser ein:",
            help: "Brauchen Sie Hilfe?",
            terms: "AGB",
            privacy: "Datenschutz",
            powered: "Bereitgestellt von Parley",
        },
        "pt" => Chrome {
            paste: "Ou cole este link no seu navegador:",
            help: "Precisa de ajuda?",
            terms: "Termos",
            privacy: "Privacidade",
            powered: "Com tecnologia Parley",
        },
        "hi" => Chrome {
            paste: "या यह लिंक अपने ब्राउज़र में पेस्ट करें:",
            help: "मदद चाहिए?",
            terms: "शर्तें",
            privacy: "गोपनीयता",
            powered: "Parley द्वारा संचालित",
        },
        "zh" => Chrome {
            paste: "或将此链接粘贴到浏览器中：",
            help: "需要帮助？",
            terms: "条款",
            privacy: "隐私",
            powered: "由 Parley 提供支持",
        },
        "ja" => Chrome {
            paste: "またはこのリンクをブラウザに貼り付けてください:",
            help: "お困りですか？",
            terms: "利用規約",
            privacy: "プライバシー",
            powered: "Powered by Parley",
        },
        "ru" => Chrome {
            paste: "Или вставьте эту ссылку в браузер:",
            help: "Нужна помощь?",
            terms: "Условия",
            privacy: "Конфиденциальность",
            powered: "Работает на Parley",
        },
        _ => Chrome {
            paste: "Or paste this link into your browser:",
            help: "Need help?",
            terms: "Terms",
            privacy: "Privacy",
            powered: "Powered by Parley",
        },
    }
}

/// White or near-black, whichever reads better on `hex` (WCAG relative luminance).
fn text_on(hex: &str) -> &'static str {
    let channel = |i: usize| {
        let v = hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0) as f64 / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    // Contrast with white (1.05 / (l + 0.05)) against contrast with #111827 (l ≈ 0.0116).
    if 1.05 / (l + 0.05) >= (l + 0.05) / 0.0616 { "#ffffff" } else { "#111827" }
}

/// A colour the brand chose, as CSS (the database keeps `#rrggbb`; anything else falls back to ours).
fn colour(c: &str) -> &str {
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    if ok { c } else { crate::brand::DEFAULT_PRIMARY }
}

/// What a mail's footer and text end show of the brand.
fn footer(brand: &ResolvedBrand, c: &Chrome) -> (String, String) {
    let mut html = Vec::new();
    let mut text = Vec::new();
    let mut help = Vec::new();
    if let Some(e) = &brand.support_email {
        help.push(format!("<a href=\"mailto:{0}\" style=\"color:#6b7280\">{0}</a>", escape(e)));
        text.push(format!("{} {e}", c.help));
    }
    if let Some(u) = &brand.support_url {
        help.push(format!("<a href=\"{0}\" style=\"color:#6b7280\">{0}</a>", escape(u)));
        text.push(if brand.support_email.is_some() { u.clone() } else { format!("{} {u}", c.help) });
    }
    if !help.is_empty() {
        html.push(format!("{} {}", escape(c.help), help.join(" · ")));
    }
    let mut legal = Vec::new();
    if let Some(u) = &brand.terms_url {
        legal.push(format!("<a href=\"{}\" style=\"color:#6b7280\">{}</a>", escape(u), escape(c.terms)));
        text.push(format!("{}: {u}", c.terms));
    }
    if let Some(u) = &brand.privacy_url {
        legal.push(format!("<a href=\"{}\" style=\"color:#6b7280\">{}</a>", escape(u), escape(c.privacy)));
        text.push(format!("{}: {u}", c.privacy));
    }
    if !legal.is_empty() {
        html.push(legal.join(" · "));
    }
    if brand.powered_by {
        html.push(escape(c.powered));
        text.push(c.powered.to_owned());
    }
    let html = html.iter().map(|l| format!("<p style=\"margin:4px 0\">{l}</p>")).collect::<String>();
    (html, text.join("\n"))
}

/// Renders texts (the template's own or an owner's) with `values` in the branded layout. `link` is the button's
/// absolute URL; `locale` decides the direction and the layout's words.
pub(crate) fn render(
    subject: &str,
    body: &str,
    button: &str,
    link: &str,
    values: &Values<'_>,
    brand: &ResolvedBrand,
    locale: &str,
) -> Rendered {
    let subject = one_line(&fill(subject, values));
    let label = one_line(&fill(button, values));
    let c = chrome(locale);
    let primary = colour(&brand.primary_color);
    let dir = if locale == "ar" { "rtl" } else { "ltr" };
    let (footer_html, footer_text) = footer(brand, &c);
    let product = escape(&brand.product_name);
    let logo = match &brand.logo_light_url {
        Some(url) => format!(
            "<img src=\"{}\" alt=\"{product}\" style=\"max-height:40px;max-width:200px;display:block;margin-bottom:20px\">",
            escape(url)
        ),
        None => format!("<p style=\"margin:0 0 20px;font-weight:700;font-size:18px;color:{primary}\">{product}</p>"),
    };
    let html = format!(
        r#"<!doctype html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title></head>
<body style="margin:0;padding:24px 12px;background:#f4f4f5;font-family:system-ui,-apple-system,'Segoe UI',Tahoma,sans-serif;color:#111827">
<div style="max-width:560px;margin:auto;background:#ffffff;border-radius:12px;padding:32px;border-top:4px solid {primary}">
{logo}<h1 style="margin:0 0 20px;color:{primary};font-size:20px;line-height:1.3">{title}</h1>
{body_html}<p style="margin:28px 0"><a href="{href}" style="background:{primary};color:{on};padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:600;display:inline-block">{label_html}</a></p>
<p style="color:#6b7280;font-size:13px;word-break:break-all">{paste}<br>{href}</p>
</div>
<div style="max-width:560px;margin:16px auto 0;color:#6b7280;font-size:12px;text-align:center">{footer_html}</div>
</body></html>"#,
        lang = escape(locale),
        title = escape(&subject),
        body_html = paragraphs_html(body, values),
        href = escape(link),
        on = text_on(primary),
        label_html = escape(&label),
        paste = escape(c.paste),
    );
    let mut text = fill(body, values).replace("\r\n", "\n").trim().to_owned();
    text.push_str(&format!("\n\n{label}: {link}\n\n— {}", brand.product_name));
    if !footer_text.is_empty() {
        text.push_str(&format!("\n{footer_text}"));
    }
    Rendered { subject, text, html }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand() -> ResolvedBrand {
        ResolvedBrand {
            owner_tenant_id: None,
            product_name: "Acme <CRM>".into(),
            primary_color: "#0f766e".into(),
            accent_color: "#0891b2".into(),
            logo_light_url: Some("https://app.acme.test/api/v1/brand/assets/x/logo_light?v=2".into()),
            logo_dark_url: None,
            favicon_url: None,
            login_image_url: None,
            login_title: None,
            login_text: None,
            support_email: Some("help@acme.test".into()),
            support_url: None,
            terms_url: Some("https://acme.test/terms".into()),
            privacy_url: None,
            powered_by: true,
            base_url: "https://app.acme.test".into(),
            mail_from_name: "Acme".into(),
            mail_from_address: None,
            default_language: parley_domain::Locale::En,
            version: 2,
        }
    }

    #[test]
    fn placeholders_are_found_and_unknown_ones_named() {
        assert_eq!(placeholders_in("Hi {{name}}, {{ name }} of {{workspace}}"), vec!["name", "workspace"]);
        assert_eq!(placeholders_in("{{ not one }} {{}} {{x"), Vec::<&str>::new());
        assert_eq!(unknown_placeholders(&["{{nmae}} {{name}}", "{{Link}}"], &["name", "link"]), vec!["nmae", "Link"]);
    }

    #[test]
    fn values_and_texts_are_escaped_and_paragraphs_follow_blank_lines() {
        let values = [("name", "<script>alert(1)</script>".to_owned()), ("product", "Acme <CRM>".to_owned())];
        let r = render(
            "Hi {{name}} from {{product}}",
            "<b>Bold</b> {{name}}\nsecond line\n\nnew paragraph {{unknown}}",
            "Open {{product}}",
            "https://app.acme.test/login?a=1&b=2",
            &values,
            &brand(),
            "en",
        );
        assert!(!r.html.contains("<script>") && !r.html.contains("<b>Bold"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(r.html.contains("second line</p>") || r.html.contains("<br>second line"));
        assert_eq!(r.html.matches("line-height:1.55").count(), 2, "two paragraphs");
        assert!(r.html.contains("{{unknown}}"), "a placeholder without a value stays as written");
        assert!(r.html.contains("href=\"https://app.acme.test/login?a=1&amp;b=2\""));
        assert!(r.html.contains("background:#0f766e"));
        assert!(r.html.contains("src=\"https://app.acme.test/api/v1/brand/assets/x/logo_light?v=2\""));
        assert!(r.html.contains("mailto:help@acme.test") && r.html.contains("Powered by Parley"));
        assert_eq!(r.subject, "Hi <script>alert(1)</script> from Acme <CRM>", "the subject is plain text");
        assert!(r.text.contains("Open Acme <CRM>: https://app.acme.test/login?a=1&b=2"));
    }

    #[test]
    fn arabic_mails_are_right_to_left_and_powered_by_shows_only_when_the_brand_does() {
        let mut b = brand();
        b.powered_by = false;
        let r = render("مرحبًا", "نص", "افتح", "https://x.test", &[], &b, "ar");
        assert!(r.html.contains("dir=\"rtl\"") && r.html.contains("lang=\"ar\""));
        assert!(!r.html.contains("Parley") && !r.text.contains("Parley"), "{}", r.html);
        assert!(r.html.contains("الشروط"));
    }

    #[test]
    fn subjects_are_one_line_and_button_text_contrasts_with_the_colour() {
        assert_eq!(one_line(" a\r\nBcc: x@y\t b "), "a Bcc: x@y b");
        assert_eq!(text_on("#7c3aed"), "#ffffff");
        assert_eq!(text_on("#fde047"), "#111827");
        assert_eq!(colour("red;x"), crate::brand::DEFAULT_PRIMARY);
    }
}
