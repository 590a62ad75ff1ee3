//! What a WhatsApp template asks for (its parameter slots, a media header) and the send's `components` filled from
//! a recipient's values: the checks Meta would otherwise answer with 132000 (count) or 132012 (format).

use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The parameters a template takes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    /// `header.1`, `body.1`..`body.n`, `button.<i>.1`, in send order.
    pub slots: Vec<String>,
    /// IMAGE, VIDEO or DOCUMENT when the header shows media (a link is then required).
    pub media_header: Option<String>,
    /// The body text with `{{n}}` placeholders, for previews.
    pub body: String,
}

/// `{{1}}`, `{{2}}`... in a text, in order of first appearance, deduplicated.
fn placeholders(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find("}}") else { break };
        if let Ok(n) = rest[..end].trim().parse::<u32>()
            && !out.contains(&n)
        {
            out.push(n);
        }
        rest = &rest[end + 2..];
    }
    out.sort_unstable();
    out
}

pub fn shape(components: &Value) -> Shape {
    let mut s = Shape::default();
    for c in components.as_array().into_iter().flatten() {
        let kind = c["type"].as_str().unwrap_or_default().to_ascii_uppercase();
        match kind.as_str() {
            "HEADER" => match c["format"].as_str().unwrap_or("TEXT").to_ascii_uppercase().as_str() {
                "TEXT" => s
                    .slots
                    .extend(placeholders(c["text"].as_str().unwrap_or_default()).iter().map(|n| format!("header.{n}"))),
                f @ ("IMAGE" | "VIDEO" | "DOCUMENT") => s.media_header = Some(f.to_owned()),
                _ => {}
            },
            "BODY" => {
                let text = c["text"].as_str().unwrap_or_default();
                s.body = text.to_owned();
                s.slots.extend(placeholders(text).iter().map(|n| format!("body.{n}")));
            }
            "BUTTONS" => {
                for (i, b) in c["buttons"].as_array().into_iter().flatten().enumerate() {
                    if b["type"].as_str().is_some_and(|t| t.eq_ignore_ascii_case("URL"))
                        && !placeholders(b["url"].as_str().unwrap_or_default()).is_empty()
                    {
                        s.slots.push(format!("button.{i}.1"));
                    }
                }
            }
            _ => {}
        }
    }
    s
}

/// The URL-button slots whose link is Parley's click redirect (`{redirect_base}{{1}}`): the sender fills them with
/// each recipient's click token, so no variable is mapped to them.
pub fn tracked_slots(components: &Value, redirect_base: &str) -> Vec<String> {
    let mut out = Vec::new();
    for c in components.as_array().into_iter().flatten() {
        if !c["type"].as_str().is_some_and(|t| t.eq_ignore_ascii_case("BUTTONS")) {
            continue;
        }
        for (i, b) in c["buttons"].as_array().into_iter().flatten().enumerate() {
            let url = b["url"].as_str().unwrap_or_default();
            if b["type"].as_str().is_some_and(|t| t.eq_ignore_ascii_case("URL"))
                && url.strip_prefix(redirect_base).is_some_and(|rest| !placeholders(rest).is_empty())
            {
                out.push(format!("button.{i}.1"));
            }
        }
    }
    out
}

/// The `components` of a send: every slot's value (all present: the caller skipped anyone missing one).
pub fn components(shape: &Shape, vars: &BTreeMap<String, String>, media_url: Option<&str>) -> Value {
    let text = |v: &str| json!({ "type": "text", "text": v });
    let mut out = Vec::new();
    let header: Vec<Value> =
        shape.slots.iter().filter(|k| k.starts_with("header.")).filter_map(|k| vars.get(k)).map(|v| text(v)).collect();
    if let (Some(format), Some(url)) = (&shape.media_header, media_url) {
        let kind = format.to_ascii_lowercase();
        out.push(json!({ "type": "header", "parameters": [{ "type": kind, kind.clone(): { "link": url } }] }));
    } else if !header.is_empty() {
        out.push(json!({ "type": "header", "parameters": header }));
    }
    let body: Vec<Value> =
        shape.slots.iter().filter(|k| k.starts_with("body.")).filter_map(|k| vars.get(k)).map(|v| text(v)).collect();
    if !body.is_empty() {
        out.push(json!({ "type": "body", "parameters": body }));
    }
    for k in shape.slots.iter().filter(|k| k.starts_with("button.")) {
        let index = k.split('.').nth(1).unwrap_or("0");
        if let Some(v) = vars.get(k) {
            out.push(json!({ "type": "button", "sub_type": "url", "index": index, "parameters": [text(v)] }));
        }
    }
    Value::Array(out)
}

/// The body as the customer reads it, for the inbox thread and previews.
pub fn render(shape: &Shape, vars: &BTreeMap<String, String>) -> String {
    let mut text = shape.body.clone();
    for (k, v) in vars {
        if let Some(n) = k.strip_prefix("body.") {
            text = text.replace(&format!("{{{{{n}}}}}"), v);
        }
    }
    text
}

/// A value Meta refuses in a text parameter (132012 / 132005): empty, too long, or with newlines, tabs or more
/// than four spaces in a row.
pub fn parameter_problem(v: &str) -> Option<&'static str> {
    if v.trim().is_empty() {
        Some("is empty")
    } else if v.chars().count() > 1024 {
        Some("is longer than 1,024 characters")
    } else if v.contains(['\n', '\t']) || v.contains("     ") {
        Some("contains a new line, a tab or more than four spaces in a row")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn promo() -> Value {
        json!([
            { "type": "HEADER", "format": "IMAGE", "example": { "header_handle": ["https://x/h.jpg"] } },
            { "type": "BODY", "text": "Hi {{1}}, {{2}} is 20% off this week. {{1}}, don't miss it!" },
            { "type": "FOOTER", "text": "Reply STOP to opt out" },
            { "type": "BUTTONS", "buttons": [
                { "type": "QUICK_REPLY", "text": "Stop promotions" },
                { "type": "URL", "text": "Shop", "url": "https://shop.example/p/{{1}}" } ] }
        ])
    }

    #[test]
    fn a_template_s_slots_are_its_placeholders_once_each_and_its_dynamic_url_buttons() {
        let s = shape(&promo());
        assert_eq!(s.slots, ["body.1", "body.2", "button.1.1"]);
        assert_eq!(s.media_header.as_deref(), Some("IMAGE"));
        let text = shape(&json!([{ "type": "HEADER", "format": "TEXT", "text": "Order {{1}}" },
                                 { "type": "BODY", "text": "No variables" }]));
        assert_eq!(text.slots, ["header.1"]);
    }

    #[test]
    fn components_fill_each_slot_in_meta_s_shape() {
        let s = shape(&promo());
        let vars: BTreeMap<String, String> = [("body.1", "Ana"), ("body.2", "Coffee"), ("button.1.1", "coffee")]
            .map(|(k, v)| (k.into(), v.into()))
            .into();
        let c = components(&s, &vars, Some("https://cdn/x.jpg"));
        assert_eq!(
            c[0],
            json!({ "type": "header", "parameters": [{ "type": "image", "image": { "link": "https://cdn/x.jpg" } }] })
        );
        assert_eq!(c[1]["parameters"][1]["text"], "Coffee");
        assert_eq!(
            c[2],
            json!({ "type": "button", "sub_type": "url", "index": "1",
                                 "parameters": [{ "type": "text", "text": "coffee" }] })
        );
        assert_eq!(render(&s, &vars), "Hi Ana, Coffee is 20% off this week. Ana, don't miss it!");
    }

    #[test]
    fn only_url_buttons_through_parley_s_redirect_are_tracked() {
        let tracked = json!([
            { "type": "BODY", "text": "Hi {{1}}" },
            { "type": "BUTTONS", "buttons": [
                { "type": "QUICK_REPLY", "text": "Stop" },
                { "type": "URL", "text": "Offer", "url": "https://app.example/r/{{1}}" },
                { "type": "URL", "text": "Shop", "url": "https://shop.example/p/{{1}}" } ] }
        ]);
        assert_eq!(tracked_slots(&tracked, "https://app.example/r/"), ["button.1.1"]);
        assert!(tracked_slots(&promo()["components"], "https://app.example/r/").is_empty());
        assert!(tracked_slots(&tracked, "https://other.example/r/").is_empty());
    }

    #[test]
    fn parameters_meta_would_refuse_are_named() {
        assert!(parameter_problem("Ana").is_none());
        assert!(parameter_problem("  ").is_some());
        assert!(parameter_problem("two\nlines").is_some());
        assert!(parameter_problem(&"x".repeat(1025)).is_some());
    }
}
