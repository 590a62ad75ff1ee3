//! Deciding whether an inbound message starts a flow: trigger matching, compiled once per
//! published trigger so the inbound path does no regex compilation.

use regex::Regex;
use uuid::Uuid;

use crate::schema::{MatchMode, Trigger, TriggerKind};
use crate::text::{build_regex, normalize, words};

/// What the runner knows about an inbound message when it looks for a flow to start.
#[derive(Debug, Clone, Copy)]
pub struct TriggerInput<'a> {
    pub text: Option<&'a str>,
    /// The WhatsApp number the message arrived on.
    pub connection_id: Uuid,
    /// The contact was created by this message.
    pub new_contact: bool,
    /// The conversation has an assigned agent.
    pub assigned: bool,
}

/// A trigger with its keywords folded and its regexes compiled.
#[derive(Debug, Clone)]
pub struct CompiledTrigger {
    connection_ids: Vec<Uuid>,
    priority: i32,
    matcher: Matcher,
}

#[derive(Debug, Clone)]
enum Matcher {
    /// Normalised keywords.
    Exact(Vec<String>),
    /// Keywords as `" word word "`, matched inside the message's padded words.
    Contains(Vec<String>),
    Regex(Vec<Regex>),
    FirstMessage,
    Unassigned,
    /// Manual and API triggers: started explicitly, never by a message.
    Never,
}

/// Why a trigger cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriggerError {
    #[error("a keyword trigger needs at least one keyword")]
    NoKeywords,
    #[error("keyword `{keyword}` is not a valid pattern: {message}")]
    Regex { keyword: String, message: String },
}

impl CompiledTrigger {
    pub fn new(trigger: &Trigger) -> Result<Self, TriggerError> {
        let matcher = match &trigger.kind {
            TriggerKind::Keyword { keywords, match_mode } => {
                let keywords: Vec<&String> = keywords.iter().filter(|k| !k.trim().is_empty()).collect();
                if keywords.is_empty() {
                    return Err(TriggerError::NoKeywords);
                }
                match match_mode {
                    MatchMode::Exact => Matcher::Exact(keywords.iter().map(|k| normalize(k)).collect()),
                    MatchMode::Contains => {
                        Matcher::Contains(keywords.iter().map(|k| words(k)).filter(|w| w.trim() != "").collect())
                    }
                    MatchMode::Regex => Matcher::Regex(
                        keywords
                            .iter()
                            .map(|k| {
                                build_regex(k, false)
                                    .map_err(|message| TriggerError::Regex { keyword: (*k).clone(), message })
                            })
                            .collect::<Result<_, _>>()?,
                    ),
                }
            }
            TriggerKind::FirstMessage => Matcher::FirstMessage,
            TriggerKind::Unassigned => Matcher::Unassigned,
            TriggerKind::Manual | TriggerKind::Api => Matcher::Never,
        };
        Ok(CompiledTrigger { connection_ids: trigger.connection_ids.clone(), priority: trigger.priority, matcher })
    }

    pub fn priority(&self) -> i32 {
        self.priority
    }

    pub fn matches(&self, input: &TriggerInput<'_>) -> bool {
        if !self.connection_ids.is_empty() && !self.connection_ids.contains(&input.connection_id) {
            return false;
        }
        let text = input.text.unwrap_or("");
        match &self.matcher {
            Matcher::Exact(keywords) => {
                let typed = normalize(text);
                !typed.is_empty() && keywords.contains(&typed)
            }
            Matcher::Contains(keywords) => {
                let typed = words(text);
                keywords.iter().any(|k| typed.contains(k.as_str()))
            }
            Matcher::Regex(patterns) => patterns.iter().any(|re| re.is_match(text)),
            Matcher::FirstMessage => input.new_contact,
            Matcher::Unassigned => !input.assigned,
            Matcher::Never => false,
        }
    }
}

impl Trigger {
    /// Matches without keeping the compiled form; a trigger that does not compile matches
    /// nothing. The inbound path should hold [`CompiledTrigger`]s instead.
    pub fn matches(&self, input: &TriggerInput<'_>) -> bool {
        CompiledTrigger::new(self).is_ok_and(|t| t.matches(input))
    }
}

/// The trigger that wins among candidates for one message: the highest priority that matches,
/// the earliest candidate on a tie (the runner passes them in a stable order, e.g. by flow id).
pub fn pick<'c, T>(
    candidates: impl IntoIterator<Item = (T, &'c CompiledTrigger)>,
    input: &TriggerInput<'_>,
) -> Option<T> {
    let mut best: Option<(i32, T)> = None;
    for (item, trigger) in candidates {
        if !trigger.matches(input) {
            continue;
        }
        if best.as_ref().is_none_or(|(p, _)| trigger.priority > *p) {
            best = Some((trigger.priority, item));
        }
    }
    best.map(|(_, item)| item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyword(keywords: &[&str], mode: MatchMode) -> Trigger {
        Trigger {
            kind: TriggerKind::Keyword {
                keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
                match_mode: mode,
            },
            connection_ids: Vec::new(),
            priority: 0,
        }
    }

    fn input(text: &str) -> TriggerInput<'_> {
        TriggerInput { text: Some(text), connection_id: Uuid::nil(), new_contact: false, assigned: true }
    }

    #[test]
    fn exact_keywords_ignore_case_accents_and_spacing() {
        let t = keyword(&["Menú principal"], MatchMode::Exact);
        assert!(t.matches(&input("  MENU   principal ")));
        assert!(!t.matches(&input("menu principal please")));
        assert!(!t.matches(&input("")));
    }

    #[test]
    fn contains_keywords_match_whole_words_only() {
        let t = keyword(&["hi", "price list"], MatchMode::Contains);
        assert!(t.matches(&input("Oh, hi there")));
        assert!(t.matches(&input("send me the PRICE-LIST!")));
        assert!(!t.matches(&input("this")));
    }

    #[test]
    fn regex_keywords_are_case_insensitive_searches() {
        let t = keyword(&[r"order\s*#?\d+"], MatchMode::Regex);
        assert!(t.matches(&input("where is ORDER #123?")));
        assert!(!t.matches(&input("order")));
        let bad = keyword(&["("], MatchMode::Regex);
        assert!(CompiledTrigger::new(&bad).is_err());
        assert!(!bad.matches(&input("(")));
    }

    #[test]
    fn connection_filters_and_event_triggers_apply() {
        let only = Uuid::from_u128(7);
        let mut t = keyword(&["hi"], MatchMode::Exact);
        t.connection_ids = vec![only];
        assert!(!t.matches(&input("hi")));
        assert!(t.matches(&TriggerInput { connection_id: only, ..input("hi") }));

        let first = Trigger { kind: TriggerKind::FirstMessage, connection_ids: Vec::new(), priority: 0 };
        assert!(first.matches(&TriggerInput { new_contact: true, ..input("x") }));
        assert!(!first.matches(&input("x")));

        let unassigned = Trigger { kind: TriggerKind::Unassigned, ..first.clone() };
        assert!(unassigned.matches(&TriggerInput { assigned: false, ..input("x") }));
        for kind in [TriggerKind::Manual, TriggerKind::Api] {
            let t = Trigger { kind, ..first.clone() };
            assert!(!t.matches(&TriggerInput { new_contact: true, assigned: false, ..input("x") }));
        }
    }

    #[test]
    fn the_highest_priority_match_wins_and_ties_keep_order() {
        let mk = |p: i32| {
            let mut t = keyword(&["hi"], MatchMode::Exact);
            t.priority = p;
            CompiledTrigger::new(&t).expect("compiles")
        };
        let (a, b, c) = (mk(1), mk(5), mk(5));
        let none = CompiledTrigger::new(&keyword(&["bye"], MatchMode::Exact)).expect("compiles");
        let picked = pick([("a", &a), ("b", &b), ("c", &c), ("none", &none)], &input("hi"));
        assert_eq!(picked, Some("b"));
        assert_eq!(pick([("none", &none)], &input("hi")), None);
    }

    #[test]
    fn triggers_round_trip_as_flat_json() {
        let t = keyword(&["hi"], MatchMode::Contains);
        let v = serde_json::to_value(&t).expect("serialize");
        assert_eq!(
            v,
            serde_json::json!({"kind": "keyword", "keywords": ["hi"], "matchMode": "contains", "connectionIds": [], "priority": 0})
        );
        let back: Trigger = serde_json::from_value(v).expect("deserialize");
        assert_eq!(back, t);
    }
}
