//! Value objects: once constructed they are valid, so code past the edge never re-checks them.

use crate::error::{DomainError, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Lower-cased and trimmed; one `@`, a dotted domain, no spaces, at most 254 characters.
    pub fn parse(raw: &str) -> Result<Self> {
        // Lengths are counted in characters of what was typed (as the API document states them), before
        // lower-casing, which can turn one character into two.
        let t = raw.trim();
        let valid = t.chars().count() <= 254
            && !t.chars().any(|c| c.is_whitespace() || c.is_control())
            && match t.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && local.chars().count() <= 64
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !domain.contains("..")
                }
                None => false,
            };
        let s = t.to_lowercase();
        if valid { Ok(Self(s)) } else { Err(DomainError::field("email", "must be a valid email address")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number in E.164: `+`, a country code and subscriber number, 8 to 15 digits in all. Accepts
/// the spaces, dashes, dots and brackets people type, and WhatsApp's bare digits (`wa_id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self> {
        let t = raw.trim();
        let rest = t.strip_prefix('+').unwrap_or(t);
        let typed_ok = rest.chars().all(|c| c.is_ascii_digit() || " -.()".contains(c));
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        if typed_ok && (8..=15).contains(&digits.len()) && !digits.starts_with('0') {
            Ok(Self(format!("+{digits}")))
        } else {
            Err(DomainError::field("phone", "must be a phone number in international format, like +14155550123"))
        }
    }

    /// Like `parse`, but a number written without `+` or `00` is national to `country` (ISO 3166-1
    /// alpha-2): its trunk zeros are dropped and the country's calling code put in front.
    pub fn parse_in(raw: &str, country: Option<&str>) -> Result<Self> {
        let t = raw.trim();
        let international = t.starts_with('+') || t.starts_with("00");
        match (international, country.and_then(crate::country::calling_code)) {
            (true, _) => Self::parse(&format!(
                "+{}",
                t.trim_start_matches('+').strip_prefix("00").unwrap_or(t.trim_start_matches('+'))
            )),
            (false, Some(code)) => {
                let digits: String = t.chars().filter(char::is_ascii_digit).collect();
                let national = digits.trim_start_matches('0');
                let typed_ok = t.chars().all(|c| c.is_ascii_digit() || " -.()".contains(c));
                // Already carrying the country code (a column of "351912..." in Portugal).
                let full = if national.starts_with(code) && national.len() > 10 {
                    national.to_owned()
                } else {
                    format!("{code}{national}")
                };
                if typed_ok { Self::parse(&format!("+{full}")) } else { Self::parse(t) }
            }
            (false, None) => Self::parse(t),
        }
    }

    /// With the leading `+`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Without the `+`: the form the WhatsApp APIs use for `to` and `wa_id`.
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that meets the policy. Never printed: `Debug` hides it.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_LEN: usize = 8;
    pub const MAX_LEN: usize = 128;

    pub fn parse(field: &str, raw: &str) -> Result<Self> {
        let n = raw.chars().count();
        if n < Self::MIN_LEN {
            return Err(DomainError::field(field, "must be at least 8 characters"));
        }
        if n > Self::MAX_LEN {
            return Err(DomainError::field(field, "must be at most 128 characters"));
        }
        if raw.chars().all(|c| c.is_ascii_digit()) || raw.chars().all(|c| c.is_alphabetic()) {
            return Err(DomainError::field(field, "must mix letters with digits or symbols"));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

macro_rules! string_enum {
    ($name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some(Self::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(Role { Owner = "owner", Manager = "manager", Agent = "agent" });
string_enum!(MemberStatus { Active = "active", Disabled = "disabled" });
string_enum!(TenantStatus { Active = "active", Suspended = "suspended" });
// The product's languages: the web app, the mails and the widget speak each of them (docs/languages.md).
string_enum!(Locale {
    En = "en",
    Es = "es",
    Fr = "fr",
    De = "de",
    Pt = "pt",
    Ar = "ar",
    Hi = "hi",
    Zh = "zh",
    Ja = "ja",
    Ru = "ru",
});
string_enum!(InvitationStatus { Pending = "pending", Accepted = "accepted", Revoked = "revoked", Expired = "expired" });

impl Locale {
    /// Every language, English (the fallback) first; the web app's `LANGUAGES` has the same order.
    pub const ALL: [Locale; 10] = [
        Locale::En,
        Locale::Es,
        Locale::Fr,
        Locale::De,
        Locale::Pt,
        Locale::Ar,
        Locale::Hi,
        Locale::Zh,
        Locale::Ja,
        Locale::Ru,
    ];

    /// The codes of `ALL` (`en`, `es`, …), for schemas and messages.
    pub const CODES: [&'static str; 10] = ["en", "es", "fr", "de", "pt", "ar", "hi", "zh", "ja", "ru"];

    /// Written right to left.
    pub fn is_rtl(self) -> bool {
        self == Locale::Ar
    }
}

impl Role {
    fn rank(self) -> u8 {
        match self {
            Role::Owner => 3,
            Role::Manager => 2,
            Role::Agent => 1,
        }
    }

    /// True when this role is at least `min` (owner > manager > agent).
    pub fn at_least(self, min: Role) -> bool {
        self.rank() >= min.rank()
    }

    /// Who may hand out a role: owners any; managers only agents.
    pub fn may_grant(self, target: Role) -> bool {
        match self {
            Role::Owner => true,
            Role::Manager => target == Role::Agent,
            Role::Agent => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ten_languages_are_listed_once_in_order_and_parse_back() {
        assert_eq!(Locale::ALL.map(Locale::as_str), Locale::CODES);
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.as_str()), Some(l));
            assert_eq!(serde_json::to_value(l).ok(), Some(serde_json::Value::from(l.as_str())));
        }
        assert_eq!(Locale::parse("pt-BR"), None);
        assert_eq!(Locale::ALL.iter().filter(|l| l.is_rtl()).count(), 1);
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(Email::parse("  Ana@Example.COM ").map(|e| e.0).ok(), Some("ana@example.com".into()));
        for bad in ["", "a", "a@b", "@x.io", "a@@x.io", "a b@x.io", "a@x..io", "a@.x.io", "a@x.io."] {
            assert!(Email::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn email_lengths_count_characters_as_the_api_document_states() {
        let local = "é".repeat(64);
        assert!(Email::parse(&format!("{local}@x.io")).is_ok(), "64 characters (128 bytes) is a valid local part");
        assert!(Email::parse(&format!("{local}é@x.io")).is_err(), "65 characters is too long");
        let domain = format!("{}.io", "ê".repeat(249));
        assert!(Email::parse(&format!("a@{domain}")).is_ok(), "254 characters in all");
        assert!(Email::parse(&format!("ab@{domain}")).is_err(), "255 characters in all");
    }

    #[test]
    fn national_numbers_take_the_country_code() {
        let p = |raw: &str, c: Option<&str>| Phone::parse_in(raw, c).map(|p| p.0).ok();
        assert_eq!(p("912 345 678", Some("PT")), Some("+351912345678".into()));
        assert_eq!(p("020 7946 0018", Some("gb")), Some("+442079460018".into()));
        assert_eq!(p("+1 415 555 0123", Some("PT")), Some("+14155550123".into()));
        assert_eq!(p("0049 30 123456", None), Some("+4930123456".into()));
        assert_eq!(p("351912345678", Some("PT")), Some("+351912345678".into()));
        assert_eq!(p("n/a", Some("PT")), None);
    }

    #[test]
    fn passwords_need_length_and_variety() {
        assert!(Password::parse("password", "short1").is_err());
        assert!(Password::parse("password", "12345678901").is_err());
        assert!(Password::parse("password", "onlyletters").is_err());
        assert!(Password::parse("password", "letters-and-1").is_ok());
        assert_eq!(format!("{:?}", Password::parse("p", "secret-99").ok()), "Some(Password(***))");
    }

    #[test]
    fn managers_may_grant_only_agent() {
        assert!(Role::Owner.may_grant(Role::Manager));
        assert!(Role::Manager.may_grant(Role::Agent));
        assert!(!Role::Manager.may_grant(Role::Manager));
        assert!(!Role::Agent.may_grant(Role::Agent));
        assert!(Role::Manager.at_least(Role::Agent) && !Role::Agent.at_least(Role::Manager));
    }
}

#[cfg(test)]
mod phone_tests {
    use super::Phone;

    #[test]
    fn phones_normalise_to_e164() {
        assert_eq!(Phone::parse("+1 (415) 555-0123").expect("valid").as_str(), "+14155550123");
        assert_eq!(Phone::parse("16505551234").expect("valid").digits(), "16505551234");
        for bad in ["", "+", "123", "+0123456789", "+1415555012345678", "+1 415 abc 0123", "++14155550123"] {
            assert!(Phone::parse(bad).is_err(), "{bad:?} must be refused");
        }
    }
}
