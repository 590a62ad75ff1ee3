//! Custom contact fields: their definitions (owners and managers define, everyone reads) and the one
//! validation of values that every write goes through (API, import, bulk actions, flows later).

use super::dto::{ContactField, CreateContactFieldInput, UpdateContactFieldInput};
use crate::check::Check;
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_domain::{Email, FieldError, Phone};
use parley_store::TenantTx;
use parley_store::repo::crm::fields::{self as repo_fields, FieldRow};
use parley_store::unique_violation;
use serde_json::{Map, Value};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct FieldService(pub(crate) Arc<Core>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Number,
    Date,
    Boolean,
    Select,
    MultiSelect,
    Url,
    Email,
    Phone,
}

impl FieldKind {
    pub const ALL: &'static str = "text, number, date, boolean, select, multi_select, url, email, phone";

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "text" => Self::Text,
            "number" => Self::Number,
            "date" => Self::Date,
            "boolean" => Self::Boolean,
            "select" => Self::Select,
            "multi_select" => Self::MultiSelect,
            "url" => Self::Url,
            "email" => Self::Email,
            "phone" => Self::Phone,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Date => "date",
            Self::Boolean => "boolean",
            Self::Select => "select",
            Self::MultiSelect => "multi_select",
            Self::Url => "url",
            Self::Email => "email",
            Self::Phone => "phone",
        }
    }

    pub fn has_options(self) -> bool {
        matches!(self, Self::Select | Self::MultiSelect)
    }
}

/// A field definition as the validators need it.
#[derive(Debug, Clone)]
pub struct FieldDef {
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub options: Vec<String>,
}

impl FieldDef {
    pub(crate) fn from_row(r: &FieldRow) -> Self {
        Self {
            key: r.key.clone(),
            label: r.label.clone(),
            kind: FieldKind::parse(&r.kind).unwrap_or(FieldKind::Text),
            required: r.required,
            options: serde_json::from_value(r.options.clone()).unwrap_or_default(),
        }
    }
}

pub(crate) fn field_dto(r: FieldRow) -> ContactField {
    let def = FieldDef::from_row(&r);
    ContactField {
        id: r.id,
        key: r.key,
        label: r.label,
        kind: def.kind.as_str().to_owned(),
        required: r.required,
        options: def.options,
        position: r.position,
        created_at: r.created_at,
    }
}

pub(crate) async fn defs(tx: &TenantTx) -> Result<Vec<FieldDef>> {
    Ok(repo_fields::list(tx).await.db()?.iter().map(FieldDef::from_row).collect())
}

/// Creates the text fields among `keys` the workspace lacks (a flow template stores answers in them), labelled
/// from the key (`preferred_day` → "Preferred day").
pub(crate) async fn ensure(tx: &TenantTx, keys: &[String]) -> Result<()> {
    let have: Vec<String> = defs(tx).await?.into_iter().map(|d| d.key).collect();
    for key in keys.iter().filter(|k| !have.contains(k)) {
        let words = key.replace('_', " ");
        let mut label: String = words.chars().take(1).flat_map(char::to_uppercase).collect();
        label.extend(words.chars().skip(1));
        repo_fields::insert(tx, key, &label, FieldKind::Text.as_str(), false, &[]).await.db()?;
    }
    Ok(())
}

/// Parses a date `YYYY-MM-DD` (also the date part of a date-time) into the stored form.
pub fn parse_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let head = raw.get(..10).unwrap_or(raw);
    chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d").ok().map(|d| d.format("%Y-%m-%d").to_string())
}

/// One value as stored for a field, or the reason it is refused. `Null` (or an empty string) clears.
pub fn normalise(def: &FieldDef, v: &Value) -> std::result::Result<Value, String> {
    if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) {
        return Ok(Value::Null);
    }
    let text = || v.as_str().map(str::trim).map(str::to_owned);
    match def.kind {
        FieldKind::Text => match text() {
            Some(s) if s.chars().count() <= 2000 => Ok(Value::String(s)),
            Some(_) => Err("must be at most 2000 characters".into()),
            None => Err("must be text".into()),
        },
        FieldKind::Number => {
            let n = match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().replace(',', ".").parse::<f64>().ok(),
                _ => None,
            };
            match n.filter(|n| n.is_finite()).and_then(serde_json::Number::from_f64) {
                Some(n) => Ok(Value::Number(n)),
                None => Err("must be a number".into()),
            }
        }
        FieldKind::Date => {
            text().and_then(|s| parse_date(&s)).map(Value::String).ok_or_else(|| "must be a date (YYYY-MM-DD)".into())
        }
        FieldKind::Boolean => match v {
            Value::Bool(b) => Ok(Value::Bool(*b)),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" | "y" => Ok(Value::Bool(true)),
                "false" | "no" | "0" | "n" => Ok(Value::Bool(false)),
                _ => Err("must be true or false".into()),
            },
            _ => Err("must be true or false".into()),
        },
        FieldKind::Select => {
            let s = text().ok_or("must be one of the options")?;
            option_named(&def.options, &s)
                .map(|o| Value::String(o.to_owned()))
                .ok_or_else(|| format!("must be one of: {}", def.options.join(", ")))
        }
        FieldKind::MultiSelect => {
            let items: Vec<String> = match v {
                Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map(str::to_owned))
                    .collect::<Option<_>>()
                    .ok_or("must be a list of options")?,
                Value::String(s) => {
                    s.split([',', ';']).map(|x| x.trim().to_owned()).filter(|x| !x.is_empty()).collect()
                }
                _ => return Err("must be a list of options".into()),
            };
            let mut out: Vec<Value> = Vec::new();
            for i in items {
                let o = option_named(&def.options, &i)
                    .ok_or_else(|| format!("{i:?} is not one of: {}", def.options.join(", ")))?;
                let o = Value::String(o.to_owned());
                if !out.contains(&o) {
                    out.push(o);
                }
            }
            Ok(if out.is_empty() { Value::Null } else { Value::Array(out) })
        }
        FieldKind::Url => {
            let s = text().ok_or("must be a link")?;
            let ok = (s.starts_with("https://") || s.starts_with("http://"))
                && s.len() <= 2000
                && !s.chars().any(char::is_whitespace)
                && s.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
            if ok { Ok(Value::String(s)) } else { Err("must be a link starting with http:// or https://".into()) }
        }
        FieldKind::Email => Email::parse(&text().ok_or("must be an email address")?)
            .map(|e| Value::String(e.as_str().to_owned()))
            .map_err(|_| "must be a valid email address".into()),
        FieldKind::Phone => Phone::parse(&text().ok_or("must be a phone number")?)
            .map(|p| Value::String(p.as_str().to_owned()))
            .map_err(|_| "must be a phone number in international format (+...)".into()),
    }
}

/// Validates `changes` against the definitions and merges them into `current`. Unknown keys and bad
/// values are reported as `customFields.<key>`; `creating` also requires every required field.
pub fn apply(
    defs: &[FieldDef],
    current: &Value,
    changes: &Value,
    creating: bool,
) -> std::result::Result<Value, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out: Map<String, Value> = current.as_object().cloned().unwrap_or_default();
    let Some(changes) = changes.as_object() else {
        return Err(vec![FieldError::new("customFields", "must be an object")]);
    };
    for (key, v) in changes {
        let path = format!("customFields.{key}");
        let Some(def) = defs.iter().find(|d| &d.key == key) else {
            errors.push(FieldError::new(&path, "is not a contact field of this workspace"));
            continue;
        };
        match normalise(def, v) {
            Ok(Value::Null) => {
                out.remove(key);
            }
            Ok(v) => {
                out.insert(key.clone(), v);
            }
            Err(m) => errors.push(FieldError::new(&path, &m)),
        }
    }
    for d in defs.iter().filter(|d| d.required) {
        let touched = changes.contains_key(&d.key);
        if (creating || touched) && !out.contains_key(&d.key) && !errors.iter().any(|e| e.field.ends_with(&d.key)) {
            errors.push(FieldError::new(format!("customFields.{}", d.key), "is required"));
        }
    }
    if errors.is_empty() { Ok(Value::Object(out)) } else { Err(errors) }
}

/// `apply` for a request: keys naming no field of the workspace answer 404 (`Missing`); values the workspace's
/// fields refuse (the wrong kind, not an option) and required fields left empty answer 409
/// `invalid_field_value`, since the workspace's own configuration decides them.
pub(crate) fn apply_checked(defs: &[FieldDef], current: &Value, changes: &Value, creating: bool) -> Result<Value> {
    let Some(keys) = changes.as_object() else {
        return Err(DomainError::field("customFields", "must be an object"));
    };
    let unknown: Vec<FieldError> = keys
        .keys()
        .filter(|k| !defs.iter().any(|d| &d.key == *k))
        .map(|k| FieldError::new(format!("customFields.{k}"), "is not a contact field of this workspace"))
        .collect();
    if !unknown.is_empty() {
        return Err(DomainError::Missing(unknown));
    }
    apply(defs, current, changes, creating).map_err(|errors| refused_values(&errors))
}

/// The 409 for values the workspace's custom fields refuse, naming each field and why.
pub(crate) fn refused_values(errors: &[FieldError]) -> DomainError {
    let list: Vec<String> = errors.iter().map(|e| format!("{} {}", e.field, e.message)).collect();
    DomainError::Conflict {
        code: "invalid_field_value",
        message: format!("The workspace's custom fields refuse these values: {}.", list.join("; ")),
    }
}

/// The option a value names: the one written exactly so, else the only one equal to it ignoring case (a spreadsheet's
/// "gold" is the option "Gold"); options that differ only by case ("Gold", "GOLD") need the exact spelling.
fn option_named<'a>(options: &'a [String], value: &str) -> Option<&'a str> {
    if let Some(o) = options.iter().find(|o| *o == value) {
        return Some(o);
    }
    let mut alike = options.iter().filter(|o| o.eq_ignore_ascii_case(value));
    match (alike.next(), alike.next()) {
        (Some(o), None) => Some(o),
        _ => None,
    }
}

fn options(c: &mut Check, kind: Option<FieldKind>, raw: Option<&[String]>) -> Option<Vec<String>> {
    let raw = raw.unwrap_or_default();
    let mut out: Vec<String> = Vec::new();
    for o in raw {
        // Control characters (a NUL above all, which PostgreSQL's jsonb refuses) are no option text; an option is
        // stored as given, so white space around it is refused rather than silently trimmed.
        if o.is_empty() || o.chars().count() > 100 || o.chars().any(char::is_control) || o.trim().len() != o.len() {
            c.push("options", "each option must be 1-100 characters, without surrounding spaces or control characters");
            return None;
        }
        let o = o.as_str();
        if out.iter().any(|x| x == o) {
            c.push("options", "options must be different from each other");
            return None;
        }
        out.push(o.to_owned());
    }
    if out.len() > 200 {
        c.push("options", "at most 200 options");
    }
    if kind.is_some_and(FieldKind::has_options) && out.is_empty() {
        c.push("options", "a select field needs at least one option");
    }
    Some(out)
}

fn unique_key(e: sea_orm::DbErr) -> DomainError {
    match unique_violation(&e).as_deref() {
        Some("contact_fields_key") => DomainError::Conflict {
            code: "field_exists",
            message: "A contact field with this key already exists.".into(),
        },
        _ => DomainError::internal(e),
    }
}

impl FieldService {
    pub async fn list(&self, t: &TenantCtx) -> Result<Vec<ContactField>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        Ok(repo_fields::list(&tx).await.db()?.into_iter().map(field_dto).collect())
    }

    pub async fn create(&self, t: &TenantCtx, i: CreateContactFieldInput) -> Result<ContactField> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let key = i.key.trim().to_owned();
        let key_ok = key.len() <= 40
            && key.chars().next().is_some_and(|ch| ch.is_ascii_lowercase())
            && key.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
        if !key_ok {
            c.push("key", "must start with a letter and use only a-z, 0-9 and _ (at most 40)");
        }
        let label = c.text("label", &i.label, 1, 80);
        let kind = c.one_of("kind", &i.kind, FieldKind::parse, FieldKind::ALL);
        let opts = options(&mut c, kind, i.options.as_deref());
        c.finish()?;
        let (Some(label), Some(kind), Some(opts)) = (label, kind, opts) else {
            return Err(DomainError::internal("validated value missing"));
        };
        let row = repo_fields::insert(&tx, &key, &label, kind.as_str(), i.required.unwrap_or(false), &opts)
            .await
            .map_err(unique_key)?;
        tx.commit().await.db()?;
        Ok(field_dto(row))
    }

    pub async fn update(&self, t: &TenantCtx, id: Uuid, i: UpdateContactFieldInput) -> Result<ContactField> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let current = repo_fields::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Contact field"))?;
        let kind = FieldKind::parse(&current.kind);
        // Whether options are needed is the stored field's kind: an empty list for a select field is a conflict
        // with what it is, not a malformed request.
        if kind.is_some_and(FieldKind::has_options) && i.options.as_ref().is_some_and(|o| o.is_empty()) {
            return Err(DomainError::Conflict {
                code: "options_required",
                message: "A select field needs at least one option.".into(),
            });
        }
        let mut c = Check::default();
        let label = i.label.as_deref().map(|l| c.text("label", l, 1, 80));
        let opts = i.options.as_deref().map(|o| options(&mut c, kind, Some(o)));
        if i.position.is_some_and(|p| !(0..=10_000).contains(&p)) {
            c.push("position", "must be between 0 and 10000");
        }
        c.finish()?;
        let row =
            repo_fields::update(&tx, id, label.flatten().as_deref(), i.required, opts.flatten().as_deref(), i.position)
                .await
                .db()?
                .ok_or(DomainError::NotFound("Contact field"))?;
        tx.commit().await.db()?;
        Ok(field_dto(row))
    }

    /// Removes the field and its value from every contact.
    pub async fn delete(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo_fields::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Contact field"))?;
        repo_fields::delete(&tx, id, &row.key).await.db()?;
        tx.commit().await.db()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn def(key: &str, kind: FieldKind, required: bool, options: &[&str]) -> FieldDef {
        FieldDef {
            key: key.into(),
            label: key.into(),
            kind,
            required,
            options: options.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn values_are_normalised_by_kind() {
        let n = def("seats", FieldKind::Number, false, &[]);
        assert_eq!(normalise(&n, &json!("12,5")), Ok(json!(12.5)));
        assert!(normalise(&n, &json!("twelve")).is_err());
        let d = def("renewal", FieldKind::Date, false, &[]);
        assert_eq!(normalise(&d, &json!("2027-01-31T10:00:00Z")), Ok(json!("2027-01-31")));
        assert!(normalise(&d, &json!("31/01/2027")).is_err());
        let s = def("plan", FieldKind::Select, false, &["Gold", "Silver"]);
        assert_eq!(normalise(&s, &json!("gold")), Ok(json!("Gold")));
        assert!(normalise(&s, &json!("bronze")).is_err());
        // Options that differ only by case need the exact spelling; a unique match ignoring case does not.
        let cased = def("tier", FieldKind::Select, false, &["Gold", "GOLD", "Silver"]);
        assert_eq!(normalise(&cased, &json!("GOLD")), Ok(json!("GOLD")));
        assert_eq!(normalise(&cased, &json!("silver")), Ok(json!("Silver")));
        assert!(normalise(&cased, &json!("gold")).is_err(), "two options fit");
        let m = def("topics", FieldKind::MultiSelect, false, &["a", "b"]);
        assert_eq!(normalise(&m, &json!("a; b, a")), Ok(json!(["a", "b"])));
        let b = def("vip", FieldKind::Boolean, false, &[]);
        assert_eq!(normalise(&b, &json!("yes")), Ok(json!(true)));
        let u = def("site", FieldKind::Url, false, &[]);
        assert!(normalise(&u, &json!("javascript:alert(1)")).is_err());
    }

    #[test]
    fn wrong_types_name_the_field_and_required_fields_are_enforced() {
        let defs = vec![def("seats", FieldKind::Number, false, &[]), def("plan", FieldKind::Text, true, &[])];
        let errs = apply(&defs, &json!({}), &json!({"seats": "many", "nope": 1}), true).expect_err("should be refused");
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"customFields.seats"), "{fields:?}");
        assert!(fields.contains(&"customFields.nope"), "{fields:?}");
        assert!(fields.contains(&"customFields.plan"), "{fields:?}");
        let ok = apply(&defs, &json!({"plan": "x", "seats": 3}), &json!({"seats": null}), false)
            .expect("should be accepted");
        assert_eq!(ok, json!({"plan": "x"}));
        assert!(apply(&defs, &ok, &json!({"plan": ""}), false).is_err(), "a required field cannot be cleared");
    }
}
