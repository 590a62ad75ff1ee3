//! Keyset-page cursors: the sort key of a page's last row and its id, which the next page starts after. Two
//! formats, each a pattern the API document states, so that every string matching it names a position a page can
//! start from (a position past the end is an empty page, not an error): a time cursor (`<microseconds>.<id>`) for
//! lists in time order, and a key cursor (`<hex of the key>.<id>`) for lists sorted by text.

use crate::Result;
use chrono::{DateTime, Utc};
use parley_domain::DomainError;
use uuid::Uuid;

/// What a time cursor looks like (conversations, messages, deals, tickets, campaigns, flow runs); those lists'
/// parameters state it through `at_schema` (a test reads the document).
pub const AT_PATTERN: &str = r"^[0-9]{1,16}\.[0-9a-f]{32}$";
/// What a key cursor looks like (contacts, campaign recipients, suppressions): a key of up to 512 bytes.
pub const KEY_PATTERN: &str = r"^(?:[0-9a-f]{2}){0,512}\.[0-9a-f]{32}$";

fn cursor_schema(pattern: &str) -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .pattern(Some(pattern))
        .description(Some("The `nextCursor` of the previous page"))
        .build()
}

/// A time cursor parameter's schema.
pub(crate) fn at_schema() -> utoipa::openapi::schema::Object {
    cursor_schema(AT_PATTERN)
}

/// A key cursor parameter's schema.
pub(crate) fn key_schema() -> utoipa::openapi::schema::Object {
    cursor_schema(KEY_PATTERN)
}

fn bad(field: &str) -> DomainError {
    DomainError::field(field, "is not a cursor: use the nextCursor of a page")
}

/// The id part, present in both formats.
fn split<'a>(field: &str, s: &'a str) -> Result<(&'a str, Uuid)> {
    let (key, id) = s.rsplit_once('.').ok_or_else(|| bad(field))?;
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(bad(field));
    }
    Ok((key, Uuid::parse_str(id).map_err(|_| bad(field))?))
}

pub(crate) fn encode(key: &str, id: Uuid) -> String {
    format!("{}.{}", hex::encode(key), id.simple())
}

/// The key and id of a key cursor; a key that is not UTF-8 is read lossily (it only positions the page).
pub(crate) fn decode(field: &str, s: &str) -> Result<(String, Uuid)> {
    let (key, id) = split(field, s)?;
    if key.len() > 1024 || key.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(bad(field));
    }
    let bytes = hex::decode(key).map_err(|_| bad(field))?;
    Ok((String::from_utf8_lossy(&bytes).into_owned(), id))
}

/// A cursor on a time (microseconds, so rows written in the same millisecond keep their order).
pub(crate) fn encode_at(at: DateTime<Utc>, id: Uuid) -> String {
    format!("{}.{}", at.timestamp_micros().max(0), id.simple())
}

pub(crate) fn decode_at(field: &str, s: &str) -> Result<(DateTime<Utc>, Uuid)> {
    let (key, id) = split(field, s)?;
    if key.is_empty() || key.len() > 16 || !key.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(field));
    }
    let at = key.parse().ok().and_then(DateTime::from_timestamp_micros).ok_or_else(|| bad(field))?;
    Ok((at, id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn cursors_round_trip_match_their_patterns_and_anything_else_is_refused() {
        let (at_re, key_re) = (Regex::new(AT_PATTERN).expect("at"), Regex::new(KEY_PATTERN).expect("key"));
        let id = Uuid::now_v7();
        let key = encode("ana_b \u{e9}", id);
        assert!(key_re.is_match(&key), "{key}");
        assert_eq!(decode("cursor", &key).expect("ours"), ("ana_b \u{e9}".to_owned(), id));
        let at = DateTime::from_timestamp_micros(1_733_000_000_123_456).expect("time");
        let c = encode_at(at, id);
        assert!(at_re.is_match(&c), "{c}");
        assert_eq!(decode_at("cursor", &c).expect("ours"), (at, id));
        // The largest time the pattern allows is still a time.
        assert!(decode_at("cursor", &format!("9999999999999999.{}", id.simple())).is_ok());
        assert!(decode("cursor", &format!(".{}", id.simple())).is_ok(), "an empty key sorts first");
        for forged in ["", "forged", "e30", "zz.00000000000000000000000000000000", &format!("ABC.{}", id.simple())] {
            assert!(decode("cursor", forged).is_err(), "{forged}");
            assert!(decode_at("cursor", forged).is_err(), "{forged}");
        }
        assert!(decode("cursor", &format!("abc.{}", id.simple())).is_err(), "odd hex");
        assert!(decode_at("cursor", &format!("-1.{}", id.simple())).is_err());
    }
}
