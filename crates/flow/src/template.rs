//! `{{…}}` templates in node texts: rendering against a run, and listing what a text references.
//!
//! The paths are `contact.name`, `contact.phone`, `contact.email`, `contact.id`,
//! `contact.fields.<key>`, `vars.<name>` (optionally followed by a JSON path into the value, as in
//! `vars.order.items[0].name`) and `message.text` (the last inbound text). Whitespace inside the
//! braces is ignored. Anything unknown or unset renders as the empty string: a missing value must
//! never stop a conversation, and validation reports the unknown names at save time instead.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::engine::ContactSnapshot;
use crate::path;

/// What a template can see while it is rendered.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub contact: &'a ContactSnapshot,
    pub vars: &'a BTreeMap<String, Value>,
    /// The last inbound text of the run.
    pub message_text: Option<&'a str>,
    /// Custom field writes made earlier in the same step, newest last: the contact snapshot the
    /// runner passed predates them.
    pub field_updates: &'a [(String, Value)],
}

/// How substituted values are escaped for where the text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escape {
    None,
    /// Percent-encoded, for URLs: a value cannot add path segments or query parameters.
    Url,
    /// JSON string escaping, for JSON bodies: a value cannot break out of its string.
    Json,
}

/// What a reference points at, for validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref<'a> {
    /// `vars.<name>`: the bare name.
    Var(&'a str),
    /// `contact.fields.<key>`.
    Field(&'a str),
    /// `contact.name`, `contact.phone`, `contact.email`, `contact.id`.
    Contact,
    /// `message.text`.
    Message,
    /// Anything else: renders empty.
    Unknown,
}

/// Classifies a variable path (the text between the braces, or a condition's left side).
pub fn classify(path: &str) -> Ref<'_> {
    let path = path.trim();
    if let Some(rest) = path.strip_prefix("vars.") {
        let name = rest.split(['.', '[']).next().unwrap_or_default();
        return if name.is_empty() { Ref::Unknown } else { Ref::Var(name) };
    }
    if let Some(key) = path.strip_prefix("contact.fields.") {
        return if key.is_empty() { Ref::Unknown } else { Ref::Field(key) };
    }
    match path {
        "contact.name" | "contact.phone" | "contact.email" | "contact.id" => Ref::Contact,
        "message.text" => Ref::Message,
        _ => Ref::Unknown,
    }
}

/// The paths a text references, in order, each as written between the braces (trimmed).
pub fn references(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_part(text, |part| {
        if let Part::Ref(p) = part {
            out.push(p.to_owned());
        }
    });
    out
}

/// Renders a template; unknown or unset references become empty.
pub fn render(text: &str, scope: &Scope<'_>) -> String {
    render_with(text, scope, Escape::None)
}

pub(crate) fn render_with(text: &str, scope: &Scope<'_>, escape: Escape) -> String {
    if !text.contains("{{") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for_each_part(text, |part| match part {
        Part::Literal(s) => out.push_str(s),
        Part::Ref(p) => match resolve(p, scope) {
            Resolved::Text(s) => push_escaped(&mut out, s, escape),
            Resolved::Json(v) => match v {
                Value::String(s) => push_escaped(&mut out, s, escape),
                other => push_escaped(&mut out, &value_text(other), escape),
            },
            Resolved::Owned(s) => push_escaped(&mut out, &s, escape),
            Resolved::Missing => {}
        },
    });
    out
}

/// Renders every string inside a JSON value (a template's `components`).
pub(crate) fn render_json(value: &Value, scope: &Scope<'_>) -> Value {
    match value {
        Value::String(s) => Value::String(render(s, scope)),
        Value::Array(a) => Value::Array(a.iter().map(|v| render_json(v, scope)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), render_json(v, scope))).collect()),
        other => other.clone(),
    }
}

/// A value as text: strings as they are, `null` as nothing, numbers and booleans as JSON writes
/// them, arrays and objects as compact JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub(crate) enum Resolved<'a> {
    Text(&'a str),
    Json(&'a Value),
    Owned(String),
    Missing,
}

impl Resolved<'_> {
    /// The text the value renders as, `None` when it is missing, null or empty.
    pub(crate) fn into_text(self) -> Option<String> {
        let s = match self {
            Resolved::Text(s) => s.to_owned(),
            Resolved::Json(v) => value_text(v),
            Resolved::Owned(s) => s,
            Resolved::Missing => return None,
        };
        (!s.is_empty()).then_some(s)
    }
}

/// Looks a path up in the scope.
pub(crate) fn resolve<'a>(path: &str, scope: &Scope<'a>) -> Resolved<'a> {
    let path = path.trim();
    let opt_text = |s: &'a Option<String>| match s {
        Some(s) => Resolved::Text(s.as_str()),
        None => Resolved::Missing,
    };
    match classify(path) {
        Ref::Message => match scope.message_text {
            Some(s) => Resolved::Text(s),
            None => Resolved::Missing,
        },
        Ref::Contact => match path {
            "contact.name" => opt_text(&scope.contact.name),
            "contact.phone" => opt_text(&scope.contact.phone),
            "contact.email" => opt_text(&scope.contact.email),
            _ => match scope.contact.id {
                Some(id) => Resolved::Owned(id.to_string()),
                None => Resolved::Missing,
            },
        },
        Ref::Field(key) => {
            if let Some((_, v)) = scope.field_updates.iter().rev().find(|(k, _)| k == key) {
                return Resolved::Json(v);
            }
            match scope.contact.fields.get(key) {
                Some(v) => Resolved::Json(v),
                None => Resolved::Missing,
            }
        }
        Ref::Var(name) => {
            let Some(value) = scope.vars.get(name) else {
                return Resolved::Missing;
            };
            // "vars." + name, then the JSON path into the value, if any.
            let rest = &path[5 + name.len()..];
            if rest.is_empty() {
                return Resolved::Json(value);
            }
            let Ok(segs) = path::parse(&format!("${rest}")) else {
                return Resolved::Missing;
            };
            match path::lookup(value, &segs) {
                Some(v) => Resolved::Json(v),
                None => Resolved::Missing,
            }
        }
        Ref::Unknown => Resolved::Missing,
    }
}

enum Part<'a> {
    Literal(&'a str),
    Ref(&'a str),
}

fn for_each_part<'a>(text: &'a str, mut f: impl FnMut(Part<'a>)) {
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            break;
        };
        if open > 0 {
            f(Part::Literal(&rest[..open]));
        }
        f(Part::Ref(after[..close].trim()));
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        f(Part::Literal(rest));
    }
}

fn push_escaped(out: &mut String, s: &str, escape: Escape) {
    match escape {
        Escape::None => out.push_str(s),
        Escape::Url => {
            for b in s.bytes() {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                    out.push(char::from(b));
                } else {
                    let _ = write!(out, "%{b:02X}");
                }
            }
        }
        Escape::Json => {
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if u32::from(c) < 0x20 => {
                        let _ = write!(out, "\\u{:04x}", u32::from(c));
                    }
                    c => out.push(c),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn contact() -> ContactSnapshot {
        ContactSnapshot {
            name: Some("Ana".into()),
            phone: Some("+34600111222".into()),
            fields: BTreeMap::from([("company".to_owned(), json!("Acme"))]),
            ..ContactSnapshot::default()
        }
    }

    #[test]
    fn every_documented_path_renders() {
        let c = contact();
        let vars =
            BTreeMap::from([("n".to_owned(), json!(3)), ("order".to_owned(), json!({"items": [{"name": "Tea"}]}))]);
        let updates = vec![("plan".to_owned(), json!("gold"))];
        let scope = Scope { contact: &c, vars: &vars, message_text: Some("hola"), field_updates: &updates };
        let out = render(
            "{{contact.name}}|{{ contact.phone }}|{{contact.email}}|{{contact.fields.company}}|{{contact.fields.plan}}|{{vars.n}}|{{vars.order.items[0].name}}|{{message.text}}|{{nope}}|{{vars.missing}}",
            &scope,
        );
        assert_eq!(out, "Ana|+34600111222||Acme|gold|3|Tea|hola||");
    }

    #[test]
    fn unclosed_braces_stay_literal() {
        let c = ContactSnapshot::default();
        let vars = BTreeMap::new();
        let scope = Scope { contact: &c, vars: &vars, message_text: None, field_updates: &[] };
        assert_eq!(render("a {{b", &scope), "a {{b");
        assert_eq!(render("{{}}x", &scope), "x");
    }

    #[test]
    fn url_and_json_escaping_keep_values_in_their_place() {
        let c = ContactSnapshot::default();
        let vars = BTreeMap::from([("id".to_owned(), json!("1/../x?y=\"z\""))]);
        let scope = Scope { contact: &c, vars: &vars, message_text: None, field_updates: &[] };
        assert_eq!(render_with("https://h/o/{{vars.id}}", &scope, Escape::Url), "https://h/o/1%2F..%2Fx%3Fy%3D%22z%22");
        let body = render_with("{\"id\": \"{{vars.id}}\"}", &scope, Escape::Json);
        let parsed: Value = serde_json::from_str(&body).expect("valid json");
        assert_eq!(parsed["id"], json!("1/../x?y=\"z\""));
    }

    #[test]
    fn references_lists_paths_and_classify_sorts_them() {
        assert_eq!(
            references("Hi {{ contact.name }}, {{vars.a.b}} {{contact.fields.k}}"),
            vec!["contact.name", "vars.a.b", "contact.fields.k"]
        );
        assert_eq!(classify("vars.a.b"), Ref::Var("a"));
        assert_eq!(classify("vars.items[0]"), Ref::Var("items"));
        assert_eq!(classify("contact.fields.k"), Ref::Field("k"));
        assert_eq!(classify("message.text"), Ref::Message);
        assert_eq!(classify("contact.name"), Ref::Contact);
        assert_eq!(classify("vars."), Ref::Unknown);
        assert_eq!(classify("foo"), Ref::Unknown);
    }
}
