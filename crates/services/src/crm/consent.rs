//! Marketing consent: each contact's opt-in state with its source and time, set by hand, by import, by
//! the customer's own keywords (STOP / START, in several languages) and by Meta's `user_preferences`
//! webhook. Campaigns read it and never message an opted-out contact.

use super::dto::{ConsentSettings, Contact, SetConsentInput};
use crate::ctx::TenantCtx;
use crate::events::Event;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_store::TenantTx;
use parley_store::repo::crm::{settings, timeline};
use parley_store::repo::{self, crm::consent as repo_consent};
use serde_json::json;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct ConsentService(pub(crate) Arc<Core>);

pub const STATUSES: &str = "opted_in, opted_out, unknown";

/// A keyword as compared: lower case, without surrounding punctuation, Arabic alef forms folded, so
/// "Stop!", "STOP" and "stop" match, and so do "إلغاء" and "الغاء".
pub fn fold(s: &str) -> String {
    s.trim()
        .trim_matches(|c: char| c.is_ascii_punctuation() || c == '؟' || c == '،' || c.is_whitespace())
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'إ' | 'أ' | 'آ' => 'ا',
            c => c,
        })
        .collect()
}

/// What a customer's message asks for, when the whole message is one of the keywords.
pub fn intent(text: &str, s: &ConsentSettings) -> Option<&'static str> {
    if text.chars().count() > 40 {
        return None;
    }
    let t = fold(text);
    if s.opt_out_keywords.iter().any(|k| fold(k) == t) {
        Some("opted_out")
    } else if s.opt_in_keywords.iter().any(|k| fold(k) == t) {
        Some("opted_in")
    } else {
        None
    }
}

fn settings_dto(r: settings::CrmSettingsRow) -> ConsentSettings {
    ConsentSettings { opt_out_keywords: r.opt_out_keywords, opt_in_keywords: r.opt_in_keywords }
}

fn keywords(field: &str, raw: &[String], errors: &mut Vec<parley_domain::FieldError>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in raw {
        let f = fold(k);
        if f.is_empty() || f.chars().count() > 40 || f.contains(char::is_whitespace) {
            errors.push(parley_domain::FieldError::new(field, "each keyword is one word of at most 40 characters"));
            return out;
        }
        if !out.contains(&f) {
            out.push(f);
        }
    }
    if out.len() > 50 {
        errors.push(parley_domain::FieldError::new(field, "at most 50 keywords"));
    }
    out
}

/// Records a change of consent on one contact (its timeline too). Answers whether it changed.
pub(crate) async fn record(
    tx: &TenantTx,
    contact_id: Uuid,
    status: &str,
    source: &str,
    detail: Option<&str>,
    actor: Option<Uuid>,
) -> Result<bool> {
    let changed = repo_consent::set(tx, contact_id, status, source).await.db()?;
    if changed {
        // The title is data (the new state); the web app words it in the reader's language.
        timeline::record(tx, &[contact_id], "consent", status, detail, actor).await.db()?;
    }
    Ok(changed)
}

/// Applies keywords found in a batch of customers' messages: `(contact, conversation, connection, text)`.
/// Each change shows in the conversation as a note. Reads the settings only when a message could be one.
pub(crate) async fn apply_keywords(tx: &TenantTx, items: &[(Uuid, Uuid, Uuid, String)]) -> Result<Vec<Event>> {
    let short: Vec<_> = items.iter().filter(|i| i.3.chars().count() <= 40 && !i.3.trim().is_empty()).collect();
    if short.is_empty() {
        return Ok(vec![]);
    }
    let s = settings_dto(settings::get(tx).await.db()?);
    let mut events = Vec::new();
    for (contact, conversation, connection, text) in short {
        let Some(status) = intent(text, &s) else { continue };
        let word = text.trim().to_uppercase();
        if !record(tx, *contact, status, "keyword", Some(&word), None).await? {
            continue;
        }
        let body = if status == "opted_out" {
            format!("The customer wrote {word} and was opted out of marketing messages.")
        } else {
            format!("The customer wrote {word} and opted back in to marketing messages.")
        };
        let note = repo::inbox::messages::NewMessage::authored(
            *conversation,
            *connection,
            "note",
            "text",
            json!({"text": body, "systemType": "consent"}),
            "received",
            None,
        );
        if let Some(row) = repo::inbox::messages::insert(tx, note).await.db()? {
            events.push(Event::MessageNew { message: crate::inbox::conversations::message_dto(row, None) });
        }
    }
    Ok(events)
}

impl ConsentService {
    pub async fn settings(&self, t: &TenantCtx) -> Result<ConsentSettings> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let s = settings_dto(settings::get(&tx).await.db()?);
        tx.commit().await.db()?;
        Ok(s)
    }

    pub async fn update_settings(&self, t: &TenantCtx, i: ConsentSettings) -> Result<ConsentSettings> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut errors = Vec::new();
        let out_k = keywords("optOutKeywords", &i.opt_out_keywords, &mut errors);
        let in_k = keywords("optInKeywords", &i.opt_in_keywords, &mut errors);
        if let Some(both) = out_k.iter().find(|k| in_k.contains(k)) {
            errors
                .push(parley_domain::FieldError::new("optInKeywords", format!("{both:?} is also an opt-out keyword")));
        }
        if !errors.is_empty() {
            return Err(DomainError::Validation(errors));
        }
        settings::set_keywords(&tx, &out_k, &in_k).await.db()?;
        let s = settings_dto(settings::get(&tx).await.db()?);
        tx.commit().await.db()?;
        Ok(s)
    }

    /// Sets a contact's consent by hand (source `manual`, or `api` for an API key).
    pub async fn set(&self, t: &TenantCtx, contact_id: Uuid, i: SetConsentInput) -> Result<Contact> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        if !matches!(i.status.as_str(), "opted_in" | "opted_out" | "unknown") {
            return Err(DomainError::field("status", &format!("must be one of: {STATUSES}")));
        }
        repo::crm::contacts::get(&tx.tx, contact_id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        let source = if actor.api_key_id.is_some() { "api" } else { "manual" };
        record(&tx, contact_id, &i.status, source, None, actor.user_id.map(|u| u.0)).await?;
        let out = super::contacts::contact_with_labels(&tx, contact_id).await?;
        tx.commit().await.db()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> ConsentSettings {
        ConsentSettings {
            opt_out_keywords: ["stop", "unsubscribe", "arret", "parar", "baja", "توقف", "الغاء"]
                .map(String::from)
                .to_vec(),
            opt_in_keywords: ["start", "subscribe", "ابدأ"].map(String::from).to_vec(),
        }
    }

    #[test]
    fn keywords_match_the_whole_message_in_any_case_and_language() {
        let s = defaults();
        for t in ["STOP", " stop! ", "Stop.", "PARAR", "توقف", "إلغاء", "Arret"] {
            assert_eq!(intent(t, &s), Some("opted_out"), "{t}");
        }
        for t in ["START", "start", "ابدأ", "Subscribe!"] {
            assert_eq!(intent(t, &s), Some("opted_in"), "{t}");
        }
        for t in ["please stop calling", "stopwatch", "", "where is my order?"] {
            assert_eq!(intent(t, &s), None, "{t}");
        }
    }
}
