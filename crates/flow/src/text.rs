//! Text normalisation for matching what people type (keywords, options, choices, labels).

use regex::{Regex, RegexBuilder};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::limits::{REGEX_MAX_LEN, REGEX_SIZE_LIMIT};

/// Folds text for comparison: NFKD, combining marks stripped (so "café" = "cafe" and "ｃａｆｅ" =
/// "cafe"), lowercased, trimmed, inner whitespace runs collapsed to one space.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Like [`normalize`], then every character that is not a letter or a digit becomes a space, so
/// whole-word containment is a substring test on `" words "`.
pub(crate) fn words(text: &str) -> String {
    let folded: String = normalize(text).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut out = String::with_capacity(folded.len() + 2);
    out.push(' ');
    for w in folded.split_whitespace() {
        out.push_str(w);
        out.push(' ');
    }
    out
}

/// Characters as WhatsApp counts them (Unicode scalar values).
pub(crate) fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Compiles a flow's regex: at most [`REGEX_MAX_LEN`] characters and [`REGEX_SIZE_LIMIT`] compiled
/// (the `regex` crate runs in linear time, so a pattern cannot backtrack catastrophically; the size
/// limit bounds memory). Every regex in a flow is case-insensitive, like the rest of its matching;
/// `(?-i)` opts out. `anchored` makes the whole text match.
pub(crate) fn build_regex(pattern: &str, anchored: bool) -> Result<Regex, String> {
    if char_len(pattern) > REGEX_MAX_LEN {
        return Err(format!("the pattern is longer than {REGEX_MAX_LEN} characters"));
    }
    let source = if anchored { format!("^(?:{pattern})$") } else { pattern.to_owned() };
    RegexBuilder::new(&source)
        .case_insensitive(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

/// `HH:MM` as minutes after midnight; `24:00` is the end of the day.
pub(crate) fn parse_hhmm(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    match (h, m) {
        (0..=23, 0..=59) | (24, 0) => Some(h * 60 + m),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_case_accents_width_and_spaces() {
        assert_eq!(normalize("  Café   CON\tLeche "), "cafe con leche");
        assert_eq!(normalize("ＳＩ"), "si");
        assert_eq!(normalize("Ñandú"), "nandu");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn hhmm_parses_clock_times_and_refuses_others() {
        assert_eq!(parse_hhmm("09:30"), Some(570));
        assert_eq!(parse_hhmm("9:05"), Some(545));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        for bad in ["24:01", "12:60", "1230", "ab:cd", "12:5", ""] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
    }

    #[test]
    fn regexes_are_bounded_and_case_insensitive() {
        assert!(build_regex("abc", true).expect("compiles").is_match("ABC"));
        assert!(!build_regex("abc", true).expect("compiles").is_match("xabc"));
        assert!(build_regex(&"a".repeat(501), false).is_err());
        assert!(build_regex("(", false).is_err());
        assert!(build_regex("\\w{1000}{1000}", false).is_err());
    }

    #[test]
    fn words_pads_and_splits_on_punctuation() {
        assert_eq!(words("Hi, there!"), " hi there ");
        assert!(words("oh hi there").contains(" hi "));
        assert!(!words("this").contains(" hi "));
    }
}
