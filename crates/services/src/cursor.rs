//! Opaque keyset-page cursors: the sort key of a page's last row and its id, which the next page starts
//! after. One format for every cursor-paged list (conversations, messages, contacts, deals, tickets).

use crate::Result;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use parley_domain::DomainError;
use uuid::Uuid;

/// Separates the key from the id (a key is any text: a name, a phone, a time).
const SEP: char = '\u{1f}';

pub(crate) fn encode(key: &str, id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("{key}{SEP}{id}"))
}

/// The key and id of a cursor this API gave; anything else is a field error on `field`.
pub(crate) fn decode(field: &str, s: &str) -> Result<(String, Uuid)> {
    let bad = || DomainError::field(field, "is not a cursor this API gave");
    let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(s).map_err(|_| bad())?).map_err(|_| bad())?;
    let (key, id) = raw.rsplit_once(SEP).ok_or_else(bad)?;
    Ok((key.to_owned(), Uuid::parse_str(id).map_err(|_| bad())?))
}

/// A cursor on a time (microseconds, so rows written in the same millisecond keep their order).
pub(crate) fn encode_at(at: DateTime<Utc>, id: Uuid) -> String {
    encode(&at.timestamp_micros().to_string(), id)
}

pub(crate) fn decode_at(field: &str, s: &str) -> Result<(DateTime<Utc>, Uuid)> {
    let (key, id) = decode(field, s)?;
    let bad = || DomainError::field(field, "is not a cursor this API gave");
    let at = DateTime::from_timestamp_micros(key.parse().map_err(|_| bad())?).ok_or_else(bad)?;
    Ok((at, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_forgeries_are_refused() {
        let id = Uuid::now_v7();
        assert_eq!(decode("cursor", &encode("ana_b \u{e9}", id)).expect("ours"), ("ana_b \u{e9}".to_owned(), id));
        let at = DateTime::from_timestamp_micros(1_733_000_000_123_456).expect("time");
        assert_eq!(decode_at("cursor", &encode_at(at, id)).expect("ours"), (at, id));
        for forged in ["", "forged", "e30", &URL_SAFE_NO_PAD.encode("x_y")] {
            assert!(decode("cursor", forged).is_err(), "{forged}");
        }
    }
}
