//! Collects every invalid field of a request at once, so a form can show all its errors together.

use parley_domain::{DomainError, Email, FieldError, Password, Phone};

#[derive(Default)]
pub(crate) struct Check(Vec<FieldError>);

impl Check {
    fn keep<T>(&mut self, r: Result<T, DomainError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(DomainError::Validation(mut f)) => {
                self.0.append(&mut f);
                None
            }
            Err(other) => {
                self.0.push(FieldError::new("_", other.to_string()));
                None
            }
        }
    }

    pub fn email(&mut self, field: &str, raw: &str) -> Option<Email> {
        self.keep(Email::parse(raw).map_err(|_| DomainError::field(field, "must be a valid email address")))
    }

    pub fn phone(&mut self, field: &str, raw: &str) -> Option<Phone> {
        self.keep(Phone::parse(raw).map_err(|e| match e {
            DomainError::Validation(f) => {
                DomainError::Validation(f.into_iter().map(|x| FieldError::new(field, x.message)).collect())
            }
            other => other,
        }))
    }

    /// A rule that is not about one value's shape (two fields together, a range).
    pub fn push(&mut self, field: &str, message: &str) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn password(&mut self, field: &str, raw: &str) -> Option<Password> {
        self.keep(Password::parse(field, raw))
    }

    /// Trimmed text of `min..=max` characters, without control characters.
    pub fn text(&mut self, field: &str, raw: &str, min: usize, max: usize) -> Option<String> {
        self.text_allowing(field, raw, min, max, &[])
    }

    /// Like `text`, but line breaks and tabs are kept (messages, canned replies).
    pub fn multiline(&mut self, field: &str, raw: &str, min: usize, max: usize) -> Option<String> {
        self.text_allowing(field, raw, min, max, &['\n', '\r', '\t'])
    }

    fn text_allowing(&mut self, field: &str, raw: &str, min: usize, max: usize, allowed: &[char]) -> Option<String> {
        let t = raw.trim();
        let n = t.chars().count();
        let err = if n < min {
            Some(if min == 1 { "is required".to_owned() } else { format!("must be at least {min} characters") })
        } else if n > max {
            Some(format!("must be at most {max} characters"))
        } else if t.chars().any(|ch| ch.is_control() && !allowed.contains(&ch)) {
            Some("must not contain control characters".to_owned())
        } else {
            None
        };
        match err {
            Some(m) => {
                self.0.push(FieldError::new(field, m));
                None
            }
            None => Some(t.to_owned()),
        }
    }

    pub fn one_of<T>(&mut self, field: &str, raw: &str, parse: impl Fn(&str) -> Option<T>, allowed: &str) -> Option<T> {
        let v = parse(raw);
        if v.is_none() {
            self.0.push(FieldError::new(field, format!("must be one of: {allowed}")));
        }
        v
    }

    pub fn finish(self) -> Result<(), DomainError> {
        if self.0.is_empty() { Ok(()) } else { Err(DomainError::Validation(self.0)) }
    }
}

/// A page size or number the caller may leave out (`default`), else within `1..=max` as the document states:
/// a value outside is refused, not quietly clamped.
pub(crate) fn in_range(field: &str, raw: Option<u64>, default: u64, max: u64) -> Result<u64, DomainError> {
    match raw {
        None => Ok(default),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(_) => Err(DomainError::field(field, &format!("must be between 1 and {max}"))),
    }
}

/// An id cursor (`before`) the caller may leave out; when given, at least 1 as the document states.
pub(crate) fn id_cursor(field: &str, raw: Option<i64>) -> Result<Option<i64>, DomainError> {
    match raw {
        Some(n) if n < 1 => Err(DomainError::field(field, "must be at least 1")),
        other => Ok(other),
    }
}

/// Unwraps values a passed `Check` guarantees; a missing one is a bug, reported as internal.
pub(crate) fn checked<T>(v: Option<T>) -> Result<T, DomainError> {
    v.ok_or_else(|| DomainError::Internal("validated value missing".into()))
}
