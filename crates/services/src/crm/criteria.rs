//! Criteria: the one structure that contact lists, counts, exports, bulk actions and segments (and later
//! campaigns and automations) use to pick contacts. Validated here against the workspace's fields and
//! turned into the store's typed filter; a bad condition is reported with its path.

use super::dto::{Criteria, CriteriaNode};
use super::fields::{FieldDef, FieldKind, parse_date};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use parley_domain::{DomainError, FieldError};
use parley_store::repo::crm::filter::{Cond, DateOp, Filter, NumOp, TextCol, TextOp, TimeCol, TimeOp};
use serde_json::Value;
use uuid::Uuid;

pub const MAX_CONDITIONS: usize = 50;
pub const MAX_DEPTH: usize = 4;

struct Parser<'a> {
    defs: &'a [FieldDef],
    now: DateTime<Utc>,
    count: usize,
    /// Conditions the criteria's own shape rules out (the document states these rules).
    errors: Vec<FieldError>,
    /// `field.<key>` naming no field of the workspace.
    missing: Vec<FieldError>,
    /// Operators or values that do not suit the kind (or options) of the custom field named: the workspace's
    /// fields decide, not the request's shape.
    unsuited: Vec<FieldError>,
}

/// Turns criteria into a filter, or an error listing every bad condition by its path: a validation error for
/// the criteria's shape, else 404 (`Missing`) for custom fields that do not exist, else a conflict
/// (`unsuited_condition`) for conditions that do not suit the kind of the custom field they name.
pub fn parse(c: &Criteria, defs: &[FieldDef], now: DateTime<Utc>) -> Result<Filter, DomainError> {
    let mut p = Parser { defs, now, count: 0, errors: Vec::new(), missing: Vec::new(), unsuited: Vec::new() };
    let f = p.group(c, "", 1);
    if p.count > MAX_CONDITIONS {
        p.errors.push(FieldError::new("conditions", format!("at most {MAX_CONDITIONS} conditions")));
    }
    if !p.errors.is_empty() {
        Err(DomainError::Validation(p.errors))
    } else if !p.missing.is_empty() {
        Err(DomainError::Missing(p.missing))
    } else if !p.unsuited.is_empty() {
        let list: Vec<String> = p.unsuited.iter().map(|e| format!("{} {}", e.field, e.message)).collect();
        Err(DomainError::Conflict {
            code: "unsuited_condition",
            message: format!("A condition does not suit the contact field it names: {}.", list.join("; ")),
        })
    } else {
        Ok(f)
    }
}

/// Reads criteria given as JSON text (a query parameter).
pub fn from_query(raw: &str) -> Result<Criteria, DomainError> {
    serde_json::from_str(raw).map_err(|e| DomainError::field("criteria", &format!("is not valid criteria JSON: {e}")))
}

fn text_value(v: &Option<Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

/// A date (`YYYY-MM-DD`, midnight UTC) or a date-time.
fn instant(v: &Value) -> Option<DateTime<Utc>> {
    let s = v.as_str()?.trim();
    DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).ok().or_else(|| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc())
    })
}

fn pair<T>(v: &Option<Value>, f: impl Fn(&Value) -> Option<T>) -> Option<(T, T)> {
    match v {
        Some(Value::Array(a)) if a.len() == 2 => Some((f(&a[0])?, f(&a[1])?)),
        _ => None,
    }
}

impl Parser<'_> {
    fn err(&mut self, path: &str, msg: &str) -> Filter {
        self.errors.push(FieldError::new(path, msg));
        Filter::All(vec![])
    }

    fn group(&mut self, c: &Criteria, path: &str, depth: usize) -> Filter {
        if depth > MAX_DEPTH {
            return self.err(path.trim_end_matches('.'), &format!("groups nest at most {MAX_DEPTH} levels"));
        }
        let items = c
            .conditions
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let p = format!("{path}conditions.{i}");
                match n {
                    CriteriaNode::Group(g) => self.group(g, &format!("{p}."), depth + 1),
                    CriteriaNode::Condition(cond) => {
                        self.count += 1;
                        self.condition(&cond.field, &cond.operator, &cond.value, &p)
                    }
                }
            })
            .collect();
        match c.op.as_str() {
            "and" => Filter::All(items),
            "or" => Filter::Any(items),
            _ => self.err(&format!("{path}op"), "must be and or or"),
        }
    }

    fn text_op(&mut self, op: &str, v: &Option<Value>, path: &str) -> Option<TextOp> {
        let need = |s: &mut Self| -> Option<String> {
            let t = text_value(v);
            if t.is_none() {
                s.errors.push(FieldError::new(format!("{path}.value"), "is required"));
            }
            t
        };
        Some(match op {
            "contains" => TextOp::Contains(need(self)?),
            "not_contains" => TextOp::NotContains(need(self)?),
            "equals" => TextOp::Equals(need(self)?),
            "not_equals" => TextOp::NotEquals(need(self)?),
            "starts_with" => TextOp::StartsWith(need(self)?),
            "is_set" => TextOp::IsSet,
            "is_not_set" => TextOp::IsNotSet,
            _ => {
                self.bad_op(path, "contains, not_contains, equals, not_equals, starts_with, is_set, is_not_set");
                return None;
            }
        })
    }

    fn bad_op(&mut self, path: &str, allowed: &str) {
        self.errors.push(FieldError::new(format!("{path}.operator"), format!("must be one of: {allowed}")));
    }

    fn bad_value(&mut self, path: &str, msg: &str) -> Filter {
        self.err(&format!("{path}.value"), msg)
    }

    fn time(&mut self, col: TimeCol, op: &str, v: &Option<Value>, path: &str) -> Filter {
        let t = match op {
            "before" | "after" => match v.as_ref().and_then(instant) {
                Some(t) if op == "before" => TimeOp::Before(t),
                Some(t) => TimeOp::After(t),
                None => return self.bad_value(path, "must be a date (YYYY-MM-DD) or a date-time"),
            },
            "between" => match pair(v, instant) {
                Some((a, b)) => TimeOp::Between(a, b),
                None => return self.bad_value(path, "must be two dates [from, to]"),
            },
            "within_days" | "not_within_days" => {
                match v.as_ref().and_then(number).filter(|n| (0.0..=36_500.0).contains(n)) {
                    Some(n) => {
                        let since = self.now - Duration::seconds((n * 86_400.0) as i64);
                        if op == "within_days" { TimeOp::After(since) } else { TimeOp::BeforeOrNever(since) }
                    }
                    None => return self.bad_value(path, "must be a number of days"),
                }
            }
            "is_set" => TimeOp::IsSet,
            "is_not_set" => TimeOp::IsNotSet,
            _ => {
                self.bad_op(path, "before, after, between, within_days, not_within_days, is_set, is_not_set");
                return Filter::All(vec![]);
            }
        };
        Filter::Cond(Cond::Time(col, t))
    }

    fn boolean(&mut self, op: &str, path: &str) -> Option<bool> {
        match op {
            "is_true" => Some(true),
            "is_false" => Some(false),
            _ => {
                self.bad_op(path, "is_true, is_false");
                None
            }
        }
    }

    fn condition(&mut self, field: &str, op: &str, v: &Option<Value>, path: &str) -> Filter {
        let text_col = match field {
            "name" => Some(TextCol::Name),
            "phone" => Some(TextCol::Phone),
            "email" => Some(TextCol::Email),
            "company" => Some(TextCol::Company),
            _ => None,
        };
        if let Some(col) = text_col {
            return self.text_op(op, v, path).map(|o| Filter::Cond(Cond::Text(col, o))).unwrap_or(Filter::All(vec![]));
        }
        match field {
            "label" => {
                let has = match op {
                    "has" => true,
                    "has_not" => false,
                    _ => {
                        self.bad_op(path, "has, has_not");
                        return Filter::All(vec![]);
                    }
                };
                match v.as_ref().and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok()) {
                    Some(label_id) => Filter::Cond(Cond::Label { label_id, has }),
                    None => self.bad_value(path, "must be a label id"),
                }
            }
            "consent" => {
                let equals = match op {
                    "equals" => true,
                    "not_equals" => false,
                    _ => {
                        self.bad_op(path, "equals, not_equals");
                        return Filter::All(vec![]);
                    }
                };
                match v.as_ref().and_then(Value::as_str) {
                    Some(s @ ("opted_in" | "opted_out" | "unknown")) => {
                        Filter::Cond(Cond::Consent { status: s.to_owned(), equals })
                    }
                    _ => self.bad_value(path, "must be opted_in, opted_out or unknown"),
                }
            }
            "createdAt" => self.time(TimeCol::CreatedAt, op, v, path),
            "lastMessageAt" => self.time(TimeCol::LastMessageAt, op, v, path),
            "hasOpenConversation" => {
                self.boolean(op, path).map(|b| Filter::Cond(Cond::OpenConversation(b))).unwrap_or(Filter::All(vec![]))
            }
            "hasOpenDeal" => {
                self.boolean(op, path).map(|b| Filter::Cond(Cond::OpenDeal(b))).unwrap_or(Filter::All(vec![]))
            }
            f => match f.strip_prefix("field.").map(|k| self.defs.iter().find(|d| d.key == k).cloned()) {
                Some(Some(def)) => {
                    let before = self.errors.len();
                    let out = self.custom(&def, op, v, path);
                    let unsuited: Vec<FieldError> = self.errors.drain(before..).collect();
                    self.unsuited.extend(unsuited);
                    out
                }
                Some(None) => {
                    self.missing.push(FieldError::new(format!("{path}.field"), "is not a contact field"));
                    Filter::All(vec![])
                }
                None => self.err(&format!("{path}.field"), "is not a contact field"),
            },
        }
    }

    fn custom(&mut self, def: &FieldDef, op: &str, v: &Option<Value>, path: &str) -> Filter {
        let key = def.key.clone();
        if op == "is_set" || op == "is_not_set" {
            return Filter::Cond(Cond::FieldSet { key, set: op == "is_set" });
        }
        match def.kind {
            FieldKind::Text | FieldKind::Url | FieldKind::Email | FieldKind::Phone => match op {
                "contains" | "equals" | "not_equals" | "not_contains" | "starts_with" => self
                    .text_op(op, v, path)
                    .map(|op| Filter::Cond(Cond::FieldText { key, op }))
                    .unwrap_or(Filter::All(vec![])),
                _ => {
                    self.bad_op(path, "contains, equals, not_equals, is_set, is_not_set");
                    Filter::All(vec![])
                }
            },
            FieldKind::Number => {
                let one = v.as_ref().and_then(number);
                let op = match (op, one) {
                    ("equals", Some(n)) => NumOp::Eq(n),
                    ("gt", Some(n)) => NumOp::Gt(n),
                    ("gte", Some(n)) => NumOp::Gte(n),
                    ("lt", Some(n)) => NumOp::Lt(n),
                    ("lte", Some(n)) => NumOp::Lte(n),
                    ("between", _) => match pair(v, number) {
                        Some((a, b)) => NumOp::Between(a, b),
                        None => return self.bad_value(path, "must be two numbers [from, to]"),
                    },
                    ("equals" | "gt" | "gte" | "lt" | "lte", None) => return self.bad_value(path, "must be a number"),
                    _ => {
                        self.bad_op(path, "equals, gt, gte, lt, lte, between, is_set, is_not_set");
                        return Filter::All(vec![]);
                    }
                };
                Filter::Cond(Cond::FieldNumber { key, op })
            }
            FieldKind::Date => {
                let date = |v: &Value| v.as_str().and_then(parse_date);
                let op = match op {
                    "before" | "after" => match v.as_ref().and_then(date) {
                        Some(d) if op == "before" => DateOp::Before(d),
                        Some(d) => DateOp::After(d),
                        None => return self.bad_value(path, "must be a date (YYYY-MM-DD)"),
                    },
                    "between" => match pair(v, date) {
                        Some((a, b)) => DateOp::Between(a, b),
                        None => return self.bad_value(path, "must be two dates [from, to]"),
                    },
                    _ => {
                        self.bad_op(path, "before, after, between, is_set, is_not_set");
                        return Filter::All(vec![]);
                    }
                };
                Filter::Cond(Cond::FieldDate { key, op })
            }
            FieldKind::Boolean => match self.boolean(op, path) {
                Some(true) => Filter::Cond(Cond::FieldContains { key, value: Value::Bool(true), negate: false }),
                Some(false) => Filter::Cond(Cond::FieldContains { key, value: Value::Bool(true), negate: true }),
                None => Filter::All(vec![]),
            },
            FieldKind::Select => {
                let option = |s: &mut Self, raw: &Value| -> Option<String> {
                    let found = raw.as_str().and_then(|r| def.options.iter().find(|o| o.eq_ignore_ascii_case(r)));
                    if found.is_none() {
                        s.errors.push(FieldError::new(
                            format!("{path}.value"),
                            format!("must be one of: {}", def.options.join(", ")),
                        ));
                    }
                    found.cloned()
                };
                match op {
                    "equals" | "not_equals" => match v.as_ref().and_then(|x| option(self, x)) {
                        Some(o) => Filter::Cond(Cond::FieldContains {
                            key,
                            value: Value::String(o),
                            negate: op == "not_equals",
                        }),
                        None => Filter::All(vec![]),
                    },
                    "in" => match v {
                        Some(Value::Array(a)) if !a.is_empty() => {
                            let values: Option<Vec<String>> = a.iter().map(|x| option(self, x)).collect();
                            values
                                .map(|values| Filter::Cond(Cond::FieldIn { key, values }))
                                .unwrap_or(Filter::All(vec![]))
                        }
                        _ => self.bad_value(path, "must be a list of options"),
                    },
                    _ => {
                        self.bad_op(path, "equals, not_equals, in, is_set, is_not_set");
                        Filter::All(vec![])
                    }
                }
            }
            FieldKind::MultiSelect => {
                let negate = match op {
                    "has" => false,
                    "has_not" => true,
                    _ => {
                        self.bad_op(path, "has, has_not, is_set, is_not_set");
                        return Filter::All(vec![]);
                    }
                };
                let found = v
                    .as_ref()
                    .and_then(Value::as_str)
                    .and_then(|r| def.options.iter().find(|o| o.eq_ignore_ascii_case(r)));
                match found {
                    Some(o) => Filter::Cond(Cond::FieldContains {
                        key,
                        value: Value::Array(vec![Value::String(o.clone())]),
                        negate,
                    }),
                    None => self.bad_value(path, &format!("must be one of: {}", def.options.join(", "))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn defs() -> Vec<FieldDef> {
        vec![
            FieldDef {
                key: "seats".into(),
                label: "Seats".into(),
                kind: FieldKind::Number,
                required: false,
                options: vec![],
            },
            FieldDef {
                key: "plan".into(),
                label: "Plan".into(),
                kind: FieldKind::Select,
                required: false,
                options: vec!["Gold".into(), "Silver".into()],
            },
        ]
    }

    fn parse_json(v: serde_json::Value) -> Result<Filter, DomainError> {
        parse(&serde_json::from_value(v).expect("criteria json"), &defs(), Utc::now())
    }

    #[test]
    fn nested_groups_become_a_typed_tree() {
        let f = parse_json(json!({"op": "and", "conditions": [
            {"field": "name", "operator": "contains", "value": "ana"},
            {"op": "or", "conditions": [
                {"field": "field.plan", "operator": "equals", "value": "gold"},
                {"field": "field.seats", "operator": "gt", "value": 10}
            ]}
        ]}))
        .expect("should be accepted");
        let Filter::All(items) = f else { panic!("expected and") };
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[1], Filter::Any(v) if v.len() == 2));
        assert!(matches!(&items[1], Filter::Any(v) if v[0] == Filter::Cond(Cond::FieldContains {
            key: "plan".into(), value: json!("Gold"), negate: false })));
    }

    #[test]
    fn every_bad_condition_is_reported_with_its_path() {
        let Err(DomainError::Validation(errs)) = parse_json(json!({"op": "and", "conditions": [
            {"field": "nope", "operator": "equals", "value": "x"},
            {"op": "or", "conditions": [{"field": "field.seats", "operator": "gt", "value": "many"}]},
            {"field": "field.gone", "operator": "equals", "value": "x"},
            {"field": "consent", "operator": "contains", "value": "opted_in"}
        ]})) else {
            panic!("expected a validation error")
        };
        let paths: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(paths, ["conditions.0.field", "conditions.3.operator"]);
    }

    #[test]
    fn unknown_custom_fields_are_missing_and_unsuited_ones_conflict() {
        let Err(DomainError::Missing(errs)) = parse_json(json!({"op": "and", "conditions": [
            {"field": "field.gone", "operator": "equals", "value": "x"},
            {"field": "field.plan", "operator": "equals", "value": "bronze"}
        ]})) else {
            panic!("expected the unknown field to be missing")
        };
        let paths: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(paths, ["conditions.0.field"]);
        let Err(DomainError::Conflict { code, message }) = parse_json(json!({"op": "and", "conditions": [
            {"op": "or", "conditions": [{"field": "field.seats", "operator": "gt", "value": "many"}]},
            {"field": "field.plan", "operator": "equals", "value": "bronze"}
        ]})) else {
            panic!("expected a conflict")
        };
        assert_eq!(code, "unsuited_condition");
        assert!(message.contains("conditions.0.conditions.0.value"), "{message}");
        assert!(message.contains("conditions.1.value"), "{message}");
    }

    #[test]
    fn quiet_contacts_include_those_who_never_wrote() {
        let now = Utc::now();
        let f = parse(
            &serde_json::from_value(json!({"op": "and", "conditions": [
                {"field": "lastMessageAt", "operator": "not_within_days", "value": 30}
            ]}))
            .expect("criteria json"),
            &defs(),
            now,
        )
        .expect("valid");
        assert_eq!(
            f,
            Filter::All(vec![Filter::Cond(Cond::Time(
                TimeCol::LastMessageAt,
                TimeOp::BeforeOrNever(now - Duration::days(30))
            ))])
        );
    }

    #[test]
    fn depth_and_size_are_bounded() {
        let mut c = json!({"op": "and", "conditions": []});
        for _ in 0..5 {
            c = json!({"op": "and", "conditions": [c]});
        }
        assert!(parse_json(c).is_err());
        let many: Vec<_> = (0..51).map(|_| json!({"field": "name", "operator": "is_set"})).collect();
        assert!(parse_json(json!({"op": "or", "conditions": many})).is_err());
    }
}
