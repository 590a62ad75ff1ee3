//! OpenAPI schemas for DTO fields whose rules a `Check` enforces on plain text (a value from a list, trimmed
//! text of a length without control characters), used as `#[schema(schema_with = ...)]` so the document
//! states exactly the rule the service applies: what it calls valid is accepted, anything else is a 422.

use utoipa::openapi::schema::{Array, ArrayBuilder, Object, ObjectBuilder, SchemaType, Type};

/// Characters `str::trim` removes (Unicode White_Space), as a regex class body.
const WS: &str = r"\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
/// Control characters (`char::is_control`), as a regex class body.
const CC: &str = r"\u0000-\u001f\u007f-\u009f";
/// Control characters except line breaks and tabs (`Check::multiline`).
const CC_MULTILINE: &str = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f";

/// The regex `Check::text_allowing` amounts to: any surrounding white space, then `min..=max` characters that
/// start and end with neither white space nor a control character, with no control character inside
/// (line breaks and tabs allowed inside when `multiline`).
fn trimmed_pattern(min: usize, max: usize, multiline: bool) -> String {
    let inner = if multiline { format!("[^{CC_MULTILINE}]") } else { format!("[^{CC}]") };
    let edge = format!("[^{WS}{CC}]");
    let core = match (min, max) {
        (_, 0) => String::new(),
        (_, 1) => edge.clone(),
        (0 | 1, _) => format!("{edge}(?:{inner}{{0,{}}}{edge})?", max - 2),
        _ => format!("{edge}{inner}{{{},{}}}{edge}", min - 2, max - 2),
    };
    let core = if min == 0 && max > 0 { format!("(?:{core})?") } else { core };
    format!("^[{WS}]*{core}[{WS}]*$")
}

fn text_object(min: usize, max: usize, multiline: bool, nullable: bool) -> Object {
    let ty = if nullable { SchemaType::Array(vec![Type::String, Type::Null]) } else { SchemaType::Type(Type::String) };
    let lines = if multiline { "; line breaks and tabs allowed" } else { "" };
    ObjectBuilder::new()
        .schema_type(ty)
        .pattern(Some(trimmed_pattern(min, max, multiline)))
        .description(Some(format!(
            "{min} to {max} characters once surrounding white space is trimmed, no control characters{lines}"
        )))
        .build()
}

/// Text checked with `Check::text(field, raw, MIN, MAX)`.
pub fn text<const MIN: usize, const MAX: usize>() -> Object {
    text_object(MIN, MAX, false, false)
}

/// An optional (nullable) field checked with `Check::text(field, raw, MIN, MAX)` when given.
pub fn opt_text<const MIN: usize, const MAX: usize>() -> Object {
    text_object(MIN, MAX, false, true)
}

/// Text checked with `Check::multiline(field, raw, MIN, MAX)`.
pub fn multiline<const MIN: usize, const MAX: usize>() -> Object {
    text_object(MIN, MAX, true, false)
}

/// An optional (nullable) field checked with `Check::multiline(field, raw, MIN, MAX)` when given.
pub fn opt_multiline<const MIN: usize, const MAX: usize>() -> Object {
    text_object(MIN, MAX, true, true)
}

/// One of `values`, exactly (`Check::one_of`).
pub fn one_of(values: &[&str]) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values.iter().copied())).build()
}

/// One of `values`, or null (an optional `Check::one_of`).
pub fn opt_one_of(values: &[&str]) -> Object {
    let with_null = values.iter().map(|v| serde_json::Value::from(*v)).chain([serde_json::Value::Null]);
    ObjectBuilder::new()
        .schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
        .enum_values(Some(with_null))
        .build()
}

/// Text that, once trimmed, matches `core` (a regex without anchors).
pub fn trimmed_matching(core: &str, description: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!("^[{WS}]*(?:{core})[{WS}]*$")))
        .description(Some(description))
        .build()
}

/// The same rule, or null (an optional field).
fn nullable(mut o: Object) -> Object {
    o.schema_type = SchemaType::Array(vec![Type::String, Type::Null]);
    o
}

/// A `#rrggbb` colour in either case, as labels and pipeline stages take it.
pub fn colour() -> Object {
    trimmed_matching("#[0-9A-Fa-f]{6}", "A colour as `#rrggbb`")
}

/// An optional `colour`.
pub fn opt_colour() -> Object {
    nullable(colour())
}

/// An optional ISO 4217-like code: three capital letters (deals).
pub fn opt_currency() -> Object {
    nullable(trimmed_matching("[A-Z]{3}", "Three capital letters, like USD"))
}

/// An optional list whose items are each checked like `Check::text(.., MIN, MAX)` (a select field's options).
pub fn opt_text_list<const MIN: usize, const MAX: usize>() -> Array {
    ArrayBuilder::new()
        .schema_type(SchemaType::Array(vec![Type::Array, Type::Null]))
        .items(text_object(MIN, MAX, false, false))
        .build()
}

/// An IANA time zone name, as `chrono_tz::Tz` parses it.
pub fn timezone() -> Object {
    let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    let mut o = one_of(&names);
    o.description = Some("An IANA time zone, like Europe/Lisbon".to_owned());
    o
}

/// An address `Email::parse` takes: trimmed, one `@`, a dotted domain, no white space or control characters.
pub fn email() -> Object {
    let part = format!("[^@.{WS}{CC}]");
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!("^[{WS}]*[^@{WS}{CC}]{{1,64}}@{part}+(?:\\.{part}+)+[{WS}]*$")))
        .max_length(Some(254))
        .description(Some("An email address: one `@`, a dotted domain, at most 254 characters"))
        .build()
}

/// A password `Password::parse` takes: 8 to 128 characters, not only digits and not only letters.
pub fn password() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"^(?![0-9]+$)(?![^\W\d_]+$)[\s\S]{8,128}$"))
        .description(Some("8 to 128 characters, mixing letters with digits or symbols"))
        .build()
}

// ---- contacts (CRM) ----

/// A phone number `Phone::parse` takes: an optional `+`, then 8 to 15 digits (the first not 0) among spaces,
/// dashes, dots and brackets.
pub fn phone() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!(r"^[{WS}]*\+?[ \-.()]*[1-9](?:[ \-.()]*[0-9]){{7,14}}[ \-.()]*[{WS}]*$")))
        .description(Some(
            "A phone number in international format, like +14155550123 (spaces, dashes, dots and brackets allowed)",
        ))
        .build()
}

/// An optional email that a blank string clears (`Email::parse` when not blank), or null.
pub fn opt_email_or_blank() -> Object {
    let part = format!("[^@.{WS}{CC}]");
    nullable(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!("^[{WS}]*(?:[^@{WS}{CC}]{{1,64}}@{part}+(?:\\.{part}+)+)?[{WS}]*$")))
            .description(Some("An email address (one `@`, a dotted domain), or blank to clear it"))
            .build(),
    )
}

/// An optional `http(s)://` link of at most 2000 characters without control characters that a blank string
/// clears, or null.
pub fn opt_link_or_blank() -> Object {
    nullable(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(format!("^[{WS}]*(?:https?://(?:[^{CC}]{{0,1991}}[^{WS}{CC}])?)?[{WS}]*$")))
            .description(Some("A link starting with https:// or http://, or blank to clear it"))
            .build(),
    )
}

/// A CSV file `csv_file::inspect` takes, as text: a header line naming one column (no delimiter or quote in it),
/// then at least one row; no NUL anywhere. Files with more columns are accepted too; this is the shape the
/// document can promise.
pub fn csv_text() -> Object {
    let line = r#"[^\u0000\n\r",;\t]"#;
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!(r#"^{line}*[^{WS}\u0000\ufeff",;]{line}*\r?\n[^\u0000]*[^{WS}\u0000][^\u0000]*$"#)))
        .description(Some(
            "A CSV file of at most 50 MB (UTF-8 or Windows-1252; comma, semicolon or tab): a header line naming the \
             columns, then at least one row",
        ))
        .build()
}

/// Contact ids separated by commas (each as `Uuid::parse_str` reads it, hyphenated or not), or blank for none.
pub fn uuid_list() -> Object {
    let id = "(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})";
    let item = format!("[{WS}]*{id}[{WS}]*");
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!("^(?:[{WS}]*|{item}(?:,{item})*)$")))
        .description(Some("Ids separated by commas, or blank"))
        .build()
}

/// Text of 1 to `MAX` characters (MAX at least 2) that neither starts nor ends with white space, without control
/// characters: a value stored exactly as given (a select field's option).
pub fn bare_text<const MAX: usize>() -> Object {
    let edge = format!("[^{WS}{CC}]");
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!("^{edge}(?:[^{CC}]{{0,{}}}{edge})?$", MAX - 2)))
        .description(Some(format!("1 to {MAX} characters, no white space around them and no control characters")))
        .build()
}

/// Text with at least one character that is not white space.
pub fn not_blank() -> Object {
    ObjectBuilder::new().schema_type(Type::String).pattern(Some(format!("[^{WS}]"))).build()
}

/// Consent keywords: at most 50, each one word of at most 40 characters once surrounding white space and ASCII
/// punctuation are trimmed (`consent::fold`).
pub fn consent_keywords() -> Array {
    let trim = format!(r"[{WS}!-/:-@\[-`{{-~؟،]");
    let edge = format!(r"[^{WS}!-/:-@\[-`{{-~؟،]");
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(format!("^{trim}*{edge}(?:[^{WS}]{{0,38}}{edge})?{trim}*$")))
                .description(Some("One word of at most 40 characters; case and surrounding punctuation are ignored")),
        )
        .max_items(Some(50))
        .build()
}

// ---- inbox, flows, campaigns ----

/// An object schema whose rules are JSON Schema keywords utoipa has no builder for (a `oneOf` of whole objects
/// keyed on one field, `contains`): `rules` is a JSON object of keywords, written out as they are.
pub fn keywords(rules: serde_json::Value) -> Object {
    let mut o = ObjectBuilder::new().schema_type(Type::Object).build();
    if let serde_json::Value::Object(map) = rules {
        o.extensions = Some(map.into_iter().collect());
    }
    o
}

/// `text`, `opt_text`, `multiline` or `opt_multiline` as JSON, to nest in `keywords`.
pub fn text_json(min: usize, max: usize, multiline: bool, nullable: bool) -> serde_json::Value {
    serde_json::to_value(text_object(min, max, multiline, nullable)).unwrap_or_default()
}

/// Text with a character other than white space somewhere (what `str::trim` leaves non-empty), as a pattern.
pub fn not_blank_pattern() -> String {
    format!("[^{WS}]")
}

/// The surrounding white space `str::trim` removes, as a regex class body (to build anchored patterns).
pub const TRIMMED: &str = WS;

#[cfg(test)]
mod tests {
    use super::trimmed_pattern;
    use crate::check::Check;

    /// The pattern and `Check::text` agree on every sample, valid or not.
    #[test]
    fn the_text_pattern_accepts_exactly_what_check_text_accepts() {
        let samples = [
            "",
            " ",
            "a",
            " a ",
            "\ta\n",
            "ab",
            "a b",
            "a\tb",
            "abc",
            "abcd",
            "abcde",
            " abcd ",
            "a\u{7}",
            "\u{85}ab",
            "\u{a0}ab\u{a0}",
            "a\u{a0}b",
            "\u{1c}ab",
            "ab\u{9f}",
            "\u{3000}",
            "éé",
            "\n\n",
            "a\u{2028}b",
        ];
        for (min, max) in [(0, 4), (1, 1), (1, 4), (2, 4), (3, 3), (1, 2)] {
            let re = regex::Regex::new(&trimmed_pattern(min, max, false)).expect("pattern compiles");
            for s in samples {
                let mut c = Check::default();
                let ok = c.text("f", s, min, max).is_some();
                assert_eq!(re.is_match(s), ok, "{s:?} with {min}..={max}");
            }
        }
    }
}

#[cfg(test)]
mod crm_tests {
    use super::{consent_keywords, csv_text, phone};
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{ArrayItems, Schema};

    fn re(pattern: Option<String>) -> regex::Regex {
        regex::Regex::new(&pattern.expect("a pattern")).expect("pattern compiles")
    }

    /// The phone pattern and `Phone::parse` agree on every sample.
    #[test]
    fn the_phone_pattern_accepts_exactly_what_phone_parse_accepts() {
        let re = re(phone().pattern);
        for s in [
            "+14155550123",
            " +351 912 345 678 ",
            "(415) 555-0123 9",
            "+0123456789",
            "+1234567",
            "+1234567890123456",
            "12ab34567890",
            "++14155550123",
            "",
            "+",
            "4155550123",
            "+1.415.555.0123",
            "+1 415 555 0123\u{a0}",
        ] {
            assert_eq!(re.is_match(s), parley_domain::Phone::parse(s).is_ok(), "{s:?}");
        }
    }

    /// Each keyword the pattern takes is one the settings keep, and the other way round.
    #[test]
    fn the_keyword_pattern_accepts_exactly_one_word_of_at_most_40() {
        let Some(ArrayItems::RefOrSchema(item)) = Some(consent_keywords().items) else { unreachable!() };
        let RefOr::T(Schema::Object(item)) = *item else { panic!("an inline item") };
        let re = re(item.pattern);
        let long = "a".repeat(41);
        for s in ["stop", " STOP! ", "إلغاء", "a", "!!", "", "two words", &long, "¿parar?", "x.y"] {
            let f = crate::crm::consent::fold(s);
            let ok = !f.is_empty() && f.chars().count() <= 40 && !f.contains(char::is_whitespace);
            assert_eq!(re.is_match(s), ok, "{s:?}");
        }
    }

    /// The option pattern takes what a select field stores as given.
    #[test]
    fn the_bare_text_pattern_refuses_surrounding_space_and_control_characters() {
        let re = re(super::bare_text::<4>().pattern);
        for (s, ok) in [
            ("a", true),
            ("a b", true),
            ("abcd", true),
            ("abcde", false),
            (" a", false),
            ("a\u{a0}", false),
            ("a\u{7}b", false),
            ("", false),
        ] {
            assert_eq!(re.is_match(s), ok, "{s:?}");
        }
    }

    /// The domain pattern takes exactly what the widget settings store (the length is the schema's maxLength).
    #[test]
    fn the_domain_pattern_accepts_exactly_what_normalize_domain_accepts() {
        let Some(ArrayItems::RefOrSchema(item)) = Some(super::domain_list().items) else { unreachable!() };
        let RefOr::T(Schema::Object(item)) = *item else { panic!("an inline item") };
        let re = re(item.pattern);
        let long_label = "a".repeat(64);
        for s in [
            "shop.example.com",
            " https://Shop.Example.com:8443/path ",
            "HTTP://x.y",
            "https://http://x.y",
            "*.example.com",
            "https://*.example.com/",
            "*.com",
            "localhost",
            "localhost:",
            "example.com.",
            "example.com.:80",
            "example.com:80.",
            "a:1:2",
            "exa mple.com",
            "",
            " ",
            "-a.com",
            "a-.com",
            "a--b.com",
            &long_label,
            "a.com?q= x\n",
            "a.com#\u{7}",
            "a.com \u{a0}",
            "a.com/ ",
            "\u{85}a.com",
            "a..com",
            ".a.com",
            "*.*.a.com",
            "é.com",
            "a_b.com",
            "ftp://a.com",
            "a.com:8x",
            "*.",
        ] {
            let ok = crate::widget::origin::normalize_domain(s).is_some();
            assert_eq!(re.is_match(s), ok, "{s:?}");
        }
    }

    /// What the CSV pattern takes, `csv_file::inspect` takes.
    #[test]
    fn files_matching_the_csv_pattern_are_importable() {
        let re = re(csv_text().pattern);
        for s in ["Phone\n+351912345678\n", " Name \r\nAna", "\u{feff}Name\nAna"] {
            assert!(re.is_match(s), "{s:?}");
            assert!(crate::crm::csv_file::inspect(s.as_bytes()).is_ok(), "{s:?}");
        }
        for s in ["", "Name", "Name\n", "Name\n  \n", " \nAna", "\u{feff}\nAna"] {
            assert!(!re.is_match(s), "{s:?}");
        }
    }
}

/// An optional id: the document spells out the UUID's shape, since a nullable string's `format` alone lets
/// generators offer any text (`""`) that serde then refuses.
pub fn opt_uuid() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
        .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Uuid)))
        .pattern(Some(
            "^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$",
        ))
        .build()
}

/// Texts per language (`{"en": "...", "ar": "..."}`): only the product's languages, each up to 1000 characters;
/// a blank text leaves that language unset.
pub fn language_texts() -> Object {
    let mut b = ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)));
    for code in parley_domain::Locale::CODES {
        b = b.property(code, multiline::<0, 1000>());
    }
    b.build()
}

/// A DNS label: letters, digits and inner hyphens, 1 to 63 characters.
const LABEL: &str = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

/// What `widget::origin::normalize_domain` takes: a host name, `*.` and a name with a dot for its subdomains, or
/// localhost; pasted with a scheme, port, path or trailing dot is fine (they are dropped). At most 253 characters.
fn domain() -> Object {
    let scheme = "(?:[Hh][Tt][Tt][Pp][Ss]://)?(?:[Hh][Tt][Tt][Pp]://)?";
    let host = format!(r"(?:\*\.{LABEL}(?:\.{LABEL})+|{LABEL}(?:\.{LABEL})*)");
    ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(253))
        .pattern(Some(format!(r"^[{WS}]*{scheme}{host}\.*(?::[0-9]*)?(?:[/?#][\s\S]*)?[{WS}]*$")))
        .description(Some("A host name (shop.example.com), *.example.com for its subdomains, or localhost"))
        .build()
}

/// The domains a widget may be embedded on: at most 50.
pub fn domain_list() -> Array {
    ArrayBuilder::new().items(domain()).max_items(Some(50)).build()
}

/// The same, or null (left as it is).
pub fn opt_domain_list() -> Array {
    let mut a = domain_list();
    a.schema_type = SchemaType::Array(vec![Type::Array, Type::Null]);
    a
}

/// The same, or null (an optional field).
pub fn opt_language_texts() -> Object {
    let mut o = language_texts();
    o.schema_type = SchemaType::Array(vec![Type::Object, Type::Null]);
    o
}
