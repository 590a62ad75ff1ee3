//! Checking and normalising what a contact types into a `capture` node.
//!
//! Each input kind accepts the forms people actually type (spaces in phone numbers, a decimal comma,
//! day-first dates) and saves one canonical form, so conditions and fields downstream compare
//! like with like.

use chrono::NaiveDate;
use regex::Regex;
use serde_json::{Number, Value};

use crate::schema::Input;
use crate::text::normalize;

/// Checks a reply against an input kind. `pattern` is the compiled, anchored regex of an
/// `Input::Regex` (compiled once per flow version). On success the value to save; on failure why,
/// for the run's trace.
pub(crate) fn check(input: &Input, pattern: Option<&Regex>, reply: &str) -> Result<Value, &'static str> {
    let reply = reply.trim();
    if reply.is_empty() {
        return Err("empty reply");
    }
    match input {
        Input::Text => Ok(Value::String(reply.to_owned())),
        Input::Number { min, max } => {
            let n = parse_number(reply).ok_or("not a number")?;
            if min.is_some_and(|m| n < m) {
                return Err("below the minimum");
            }
            if max.is_some_and(|m| n > m) {
                return Err("above the maximum");
            }
            Ok(number_value(n))
        }
        Input::Email => email(reply).ok_or("not an email address"),
        Input::Phone => phone(reply).ok_or("not a phone number"),
        Input::Date => date(reply).map(|d| Value::String(d.format("%Y-%m-%d").to_string())).ok_or("not a date"),
        Input::Choice { choices } => {
            let wanted = normalize(reply);
            if let Some(c) = choices.iter().find(|c| normalize(c) == wanted) {
                return Ok(Value::String(c.clone()));
            }
            match reply.parse::<usize>() {
                Ok(n) if n >= 1 && n <= choices.len() => Ok(Value::String(choices[n - 1].clone())),
                _ => Err("not one of the choices"),
            }
        }
        Input::Regex { .. } => match pattern {
            Some(re) if re.is_match(reply) => Ok(Value::String(reply.to_owned())),
            Some(_) => Err("does not match the pattern"),
            None => Err("the pattern does not compile"),
        },
    }
}

fn parse_number(s: &str) -> Option<f64> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let s = if !s.contains('.') && s.matches(',').count() == 1 { s.replace(',', ".") } else { s };
    // Rust also parses "inf" and "NaN": people never mean those.
    if !s.bytes().any(|b| b.is_ascii_digit()) || s.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn number_value(n: f64) -> Value {
    // Whole numbers are saved as integers so they render as "3", not "3.0".
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)]
        return Value::Number(Number::from(n as i64));
    }
    Number::from_f64(n).map_or(Value::Null, Value::Number)
}

fn email(s: &str) -> Option<Value> {
    if s.len() > 254 || s.chars().any(char::is_whitespace) {
        return None;
    }
    let (local, domain) = s.split_once('@')?;
    let labels_ok = domain.split('.').all(|l| {
        !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    let ok = !local.is_empty() && local.len() <= 64 && !domain.contains('@') && domain.contains('.') && labels_ok;
    ok.then(|| Value::String(s.to_lowercase()))
}

fn phone(s: &str) -> Option<Value> {
    let mut international = false;
    let mut rest = s;
    if let Some(r) = rest.strip_prefix('+') {
        international = true;
        rest = r;
    }
    let digits: String = rest.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '/')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = match digits.strip_prefix("00") {
        Some(d) if !international => {
            international = true;
            d.to_owned()
        }
        _ => digits,
    };
    if !(8..=15).contains(&digits.len()) || (digits.starts_with('0') && international) {
        return None;
    }
    Some(Value::String(if international { format!("+{digits}") } else { digits }))
}

fn date(s: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |x: &str| -> Option<u32> {
        (!x.is_empty() && x.len() <= 4 && x.bytes().all(|b| b.is_ascii_digit())).then(|| x.parse().ok()).flatten()
    };
    let (y, m, d) = if a.len() == 4 && s.as_bytes().get(4) == Some(&b'-') {
        (num(a)?, num(b)?, num(c)?)
    } else if c.len() == 4 {
        (num(c)?, num(b)?, num(a)?)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(input: &Input, s: &str) -> Value {
        check(input, None, s).expect("accepted")
    }

    #[test]
    fn numbers_accept_a_decimal_comma_and_respect_bounds() {
        let n = Input::Number { min: Some(1.0), max: Some(10.0) };
        assert_eq!(ok(&n, " 3 "), json!(3));
        assert_eq!(ok(&n, "2,5"), json!(2.5));
        assert_eq!(check(&n, None, "0"), Err("below the minimum"));
        assert_eq!(check(&n, None, "11"), Err("above the maximum"));
        assert_eq!(check(&n, None, "inf"), Err("not a number"));
        assert_eq!(check(&n, None, "three"), Err("not a number"));
    }

    #[test]
    fn emails_are_checked_and_lowercased() {
        assert_eq!(ok(&Input::Email, "Ana@Example.COM"), json!("ana@example.com"));
        for bad in ["ana", "ana@", "@x.com", "ana@x", "a b@x.com", "a@x..com", "a@@x.com"] {
            assert!(check(&Input::Email, None, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones_ignore_punctuation_and_keep_the_international_prefix() {
        assert_eq!(ok(&Input::Phone, "+34 600 11-12-22"), json!("+34600111222"));
        assert_eq!(ok(&Input::Phone, "0034600111222"), json!("+34600111222"));
        assert_eq!(ok(&Input::Phone, "(600) 111 222"), json!("600111222"));
        for bad in ["12345", "+34 abc 111 222", "+1234567890123456", "+0123456789"] {
            assert!(check(&Input::Phone, None, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_accept_iso_and_day_first_and_refuse_impossible_days() {
        assert_eq!(ok(&Input::Date, "2026-12-05"), json!("2026-12-05"));
        assert_eq!(ok(&Input::Date, "05/12/2026"), json!("2026-12-05"));
        assert_eq!(ok(&Input::Date, "5.12.2026"), json!("2026-12-05"));
        for bad in ["2026-02-30", "31/04/2026", "12/2026", "tomorrow", "2026/12/05x"] {
            assert!(check(&Input::Date, None, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn choices_match_without_case_or_accents_or_by_number() {
        let c = Input::Choice { choices: vec!["Mañana".into(), "Tarde".into()] };
        assert_eq!(ok(&c, "MANANA"), json!("Mañana"));
        assert_eq!(ok(&c, "2"), json!("Tarde"));
        assert!(check(&c, None, "3").is_err());
        assert!(check(&c, None, "noche").is_err());
    }

    #[test]
    fn regex_inputs_need_the_whole_reply_to_match() {
        let re = Regex::new("^(?:[0-9]{5})$").expect("regex");
        let input = Input::Regex { pattern: "[0-9]{5}".into() };
        assert_eq!(check(&input, Some(&re), "28001"), Ok(json!("28001")));
        assert!(check(&input, Some(&re), "280012").is_err());
        assert!(check(&input, None, "28001").is_err());
    }

    #[test]
    fn an_empty_reply_is_never_valid() {
        assert_eq!(check(&Input::Text, None, "   "), Err("empty reply"));
    }
}
