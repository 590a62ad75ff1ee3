//! The contact filter shared by lists, counts, exports, bulk actions and segments: a typed tree that the
//! services build from validated criteria, compiled here to one SQL condition with bind parameters
//! (values never reach the SQL text; custom-field keys are parameters too).

use chrono::{DateTime, Utc};
use sea_orm::Value;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    All(Vec<Filter>),
    Any(Vec<Filter>),
    Not(Box<Filter>),
    Cond(Cond),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextCol {
    Name,
    Phone,
    Email,
    Company,
}

impl TextCol {
    fn sql(self) -> &'static str {
        match self {
            Self::Name => "coalesce(contacts.name, contacts.profile_name)",
            Self::Phone => "contacts.phone",
            Self::Email => "contacts.email",
            Self::Company => "contacts.company",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TextOp {
    Contains(String),
    NotContains(String),
    Equals(String),
    NotEquals(String),
    StartsWith(String),
    IsSet,
    IsNotSet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeCol {
    CreatedAt,
    LastMessageAt,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TimeOp {
    Before(DateTime<Utc>),
    After(DateTime<Utc>),
    Between(DateTime<Utc>, DateTime<Utc>),
    /// Before the time, or never (no message in the last N days includes contacts who never wrote).
    BeforeOrNever(DateTime<Utc>),
    IsSet,
    IsNotSet,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NumOp {
    Eq(f64),
    Gt(f64),
    Gte(f64),
    Lt(f64),
    Lte(f64),
    Between(f64, f64),
}

/// Dates of custom fields are stored as `YYYY-MM-DD`, which compare correctly as text.
#[derive(Debug, Clone, PartialEq)]
pub enum DateOp {
    Before(String),
    After(String),
    Between(String, String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// Free search over name, WhatsApp name, phone, email and company (trigram index).
    Search(String),
    Text(TextCol, TextOp),
    Label {
        label_id: Uuid,
        has: bool,
    },
    Consent {
        status: String,
        equals: bool,
    },
    Time(TimeCol, TimeOp),
    OpenConversation(bool),
    OpenDeal(bool),
    Ids(Vec<Uuid>),
    FieldSet {
        key: String,
        set: bool,
    },
    FieldText {
        key: String,
        op: TextOp,
    },
    FieldNumber {
        key: String,
        op: NumOp,
    },
    FieldDate {
        key: String,
        op: DateOp,
    },
    /// `{key: value}` contained in the values: booleans, single selects, one option of a multi select.
    FieldContains {
        key: String,
        value: serde_json::Value,
        negate: bool,
    },
    FieldIn {
        key: String,
        values: Vec<String>,
    },
}

/// SQL text with `$n` placeholders and the values bound to them, numbered after `offset` existing ones.
#[derive(Debug, Default)]
pub struct Compiled {
    pub sql: String,
    pub values: Vec<Value>,
    offset: usize,
}

impl Compiled {
    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        format!("${}", self.offset + self.values.len())
    }
}

/// Escapes LIKE wildcards so a search for `50%` finds "50%", not everything.
fn escape_like(q: &str) -> String {
    q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Compiles `filter` to a condition on `contacts`; `offset` is the number of parameters already bound
/// by the surrounding statement.
pub fn compile(filter: &Filter, offset: usize) -> Compiled {
    let mut c = Compiled { offset, ..Default::default() };
    c.sql = node(&mut c, filter);
    c
}

fn node(c: &mut Compiled, f: &Filter) -> String {
    match f {
        Filter::All(items) | Filter::Any(items) if items.is_empty() => "true".into(),
        Filter::All(items) => join(c, items, " and "),
        Filter::Any(items) => join(c, items, " or "),
        Filter::Not(inner) => format!("not coalesce({}, false)", node(c, inner)),
        Filter::Cond(cond) => condition(c, cond),
    }
}

fn join(c: &mut Compiled, items: &[Filter], sep: &str) -> String {
    let parts: Vec<String> = items.iter().map(|i| node(c, i)).collect();
    format!("({})", parts.join(sep))
}

fn text(c: &mut Compiled, expr: &str, op: &TextOp) -> String {
    match op {
        TextOp::Contains(v) => format!("coalesce({expr}, '') ilike {}", c.bind(format!("%{}%", escape_like(v)))),
        TextOp::NotContains(v) => {
            format!("coalesce({expr}, '') not ilike {}", c.bind(format!("%{}%", escape_like(v))))
        }
        TextOp::StartsWith(v) => format!("coalesce({expr}, '') ilike {}", c.bind(format!("{}%", escape_like(v)))),
        TextOp::Equals(v) => format!("lower(coalesce({expr}, '')) = lower({})", c.bind(v.clone())),
        TextOp::NotEquals(v) => format!("lower(coalesce({expr}, '')) <> lower({})", c.bind(v.clone())),
        TextOp::IsSet => format!("coalesce({expr}, '') <> ''"),
        TextOp::IsNotSet => format!("coalesce({expr}, '') = ''"),
    }
}

fn condition(c: &mut Compiled, cond: &Cond) -> String {
    match cond {
        Cond::Search(q) => {
            format!("contacts.search like {}", c.bind(format!("%{}%", escape_like(&q.to_lowercase()))))
        }
        Cond::Text(col, op) => text(c, col.sql(), op),
        Cond::Label { label_id, has } => format!(
            "{}exists (select 1 from contact_labels cl where cl.contact_id = contacts.id and cl.label_id = {})",
            if *has { "" } else { "not " },
            c.bind(*label_id)
        ),
        Cond::Consent { status, equals } => {
            format!("contacts.consent_status {} {}", if *equals { "=" } else { "<>" }, c.bind(status.clone()))
        }
        Cond::Time(col, op) => {
            let col = match col {
                TimeCol::CreatedAt => "contacts.created_at",
                TimeCol::LastMessageAt => "contacts.last_message_at",
            };
            match op {
                TimeOp::Before(t) => format!("{col} < {}", c.bind(*t)),
                TimeOp::After(t) => format!("{col} >= {}", c.bind(*t)),
                TimeOp::Between(a, b) => format!("{col} >= {} and {col} < {}", c.bind(*a), c.bind(*b)),
                TimeOp::BeforeOrNever(t) => format!("({col} is null or {col} < {})", c.bind(*t)),
                TimeOp::IsSet => format!("{col} is not null"),
                TimeOp::IsNotSet => format!("{col} is null"),
            }
        }
        Cond::OpenConversation(yes) => format!(
            "{}exists (select 1 from conversations v where v.contact_id = contacts.id
                        and v.status in ('open', 'pending', 'snoozed'))",
            if *yes { "" } else { "not " }
        ),
        Cond::OpenDeal(yes) => format!(
            "{}exists (select 1 from deals d where d.contact_id = contacts.id and d.status = 'open')",
            if *yes { "" } else { "not " }
        ),
        Cond::Ids(ids) => format!("contacts.id = any({})", c.bind(ids.clone())),
        Cond::FieldSet { key, set } => {
            let k = c.bind(key.clone());
            if *set {
                format!("coalesce(contacts.attributes ->> {k}, '') not in ('', '[]')")
            } else {
                format!("coalesce(contacts.attributes ->> {k}, '') in ('', '[]')")
            }
        }
        Cond::FieldText { key, op } => {
            let k = c.bind(key.clone());
            text(c, &format!("contacts.attributes ->> {k}"), op)
        }
        Cond::FieldNumber { key, op } => {
            let k = c.bind(key.clone());
            let v = format!("(contacts.attributes ->> {k})::numeric");
            let test = match op {
                NumOp::Eq(n) => format!("{v} = {}::numeric", c.bind(*n)),
                NumOp::Gt(n) => format!("{v} > {}::numeric", c.bind(*n)),
                NumOp::Gte(n) => format!("{v} >= {}::numeric", c.bind(*n)),
                NumOp::Lt(n) => format!("{v} < {}::numeric", c.bind(*n)),
                NumOp::Lte(n) => format!("{v} <= {}::numeric", c.bind(*n)),
                NumOp::Between(a, b) => format!("{v} between {}::numeric and {}::numeric", c.bind(*a), c.bind(*b)),
            };
            // CASE, not AND: SQL does not promise to test the type before casting.
            format!("(case when jsonb_typeof(contacts.attributes -> {k}) = 'number' then {test} else false end)")
        }
        Cond::FieldDate { key, op } => {
            let k = c.bind(key.clone());
            let v = format!("nullif(contacts.attributes ->> {k}, '')");
            match op {
                DateOp::Before(d) => format!("{v} < {}", c.bind(d.clone())),
                DateOp::After(d) => format!("{v} >= {}", c.bind(d.clone())),
                DateOp::Between(a, b) => format!("{v} between {} and {}", c.bind(a.clone()), c.bind(b.clone())),
            }
        }
        Cond::FieldContains { key, value, negate } => {
            let doc = serde_json::json!({ key.as_str(): value });
            format!("{}(contacts.attributes @> {}::jsonb)", if *negate { "not " } else { "" }, c.bind(doc))
        }
        // An OR of containments, so each option can use `contacts_attributes_gin`.
        Cond::FieldIn { values, .. } if values.is_empty() => "false".into(),
        Cond::FieldIn { key, values } => {
            let tests: Vec<String> = values
                .iter()
                .map(|v| format!("contacts.attributes @> {}::jsonb", c.bind(serde_json::json!({ key.as_str(): v }))))
                .collect();
            format!("({})", tests.join(" or "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_bound_never_inlined() {
        let f = Filter::All(vec![
            Filter::Cond(Cond::Text(TextCol::Name, TextOp::Contains("x'; drop table contacts; --".into()))),
            Filter::Any(vec![
                Filter::Cond(Cond::FieldText { key: "a'b".into(), op: TextOp::Equals("v".into()) }),
                Filter::Cond(Cond::OpenDeal(false)),
            ]),
        ]);
        let c = compile(&f, 2);
        assert!(!c.sql.contains("drop table"), "{}", c.sql);
        assert!(!c.sql.contains("a'b"), "{}", c.sql);
        assert_eq!(c.values.len(), 3);
        assert!(c.sql.contains("$3") && c.sql.contains("$5") && !c.sql.contains("$6"), "{}", c.sql);
        assert!(c.sql.contains(" or "), "{}", c.sql);
    }

    #[test]
    fn an_empty_group_matches_everything() {
        assert_eq!(compile(&Filter::All(vec![]), 0).sql, "true");
    }

    #[test]
    fn like_wildcards_in_a_search_are_literal() {
        let c = compile(&Filter::Cond(Cond::Search("50%_off".into())), 0);
        assert_eq!(c.values.len(), 1);
        assert_eq!(format!("{:?}", c.values[0]), format!("{:?}", Value::from("%50\\%\\_off%".to_owned())));
    }
}
