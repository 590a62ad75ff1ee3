//! The platform admin's own wording of the web app's strings, per language (docs/languages.md, "Overrides"): stored
//! in the database and fetched by the web app after a language's bundle, so a change shows without a rebuild. A key
//! must be one of the English strings (english_strings.json, generated from the web app's en.json files by
//! web/scripts/english-strings.mjs; the web tests fail when it is stale), or a plural form another language has
//! (`…_few` where English has `…_other`), and may use only the placeholders English does.

use crate::mail::render::placeholders_in;
use crate::platform::admin::AdminService;
use crate::{DbResultExt, DomainError, Result};
use chrono::{DateTime, Utc};
use parley_domain::FieldError;
use parley_domain::Locale;
use parley_store::repo;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

fn english() -> &'static HashMap<String, String> {
    static ENGLISH: OnceLock<HashMap<String, String>> = OnceLock::new();
    ENGLISH.get_or_init(|| serde_json::from_str(include_str!("english_strings.json")).unwrap_or_default())
}

/// The English text a key stands for: its own, or for another language's plural form, English's `…_other`.
fn english_of(key: &str) -> Option<&'static str> {
    if let Some(v) = english().get(key) {
        return Some(v);
    }
    let (stem, form) = key.rsplit_once('_')?;
    PLURAL_FORMS.contains(&form).then(|| english().get(&format!("{stem}_other")).map(String::as_str)).flatten()
}

fn locale(l: &str) -> Result<Locale> {
    Locale::parse(l).ok_or(DomainError::NotFound("The language"))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct StringSearch {
    /// Text in the key, the English text or the override.
    pub q: Option<String>,
    /// Only the keys with an override.
    pub overridden: Option<bool>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 100_000)]
    pub page: Option<u64>,
    /// Items per page (1-100, default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebString {
    pub key: String,
    pub english: String,
    /// The platform's own text in this language, when there is one.
    pub value: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebStringPage {
    pub items: Vec<WebString>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetWebStringInput {
    #[schema(schema_with = crate::schema::text::<1, 2000>)]
    pub value: String,
}

/// A language's overrides as the web app applies them, and the counter they were read at (its ETag).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicStrings {
    pub version: i64,
    pub strings: BTreeMap<String, String>,
}

impl AdminService {
    /// The English strings matching a search, each with this language's override.
    pub async fn web_strings(&self, lang: &str, q: StringSearch) -> Result<WebStringPage> {
        let lang = locale(lang)?;
        let page = crate::dto::page_req(q.page, q.per_page)?;
        let overrides: HashMap<String, (String, DateTime<Utc>)> =
            repo::platform::strings::list(&self.0.db, lang.as_str())
                .await
                .db()?
                .into_iter()
                .map(|r| (r.key, (r.value, r.updated_at)))
                .collect();
        let needle = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
        // English keys, and the plural forms only other languages have that carry an override.
        let mut keys: Vec<&str> = english().keys().map(String::as_str).collect();
        keys.extend(overrides.keys().map(String::as_str).filter(|k| !english().contains_key(*k)));
        keys.sort_unstable();
        let matching: Vec<&str> = keys
            .into_iter()
            .filter(|k| !q.overridden.unwrap_or(false) || overrides.contains_key(*k))
            .filter(|k| {
                needle.as_deref().is_none_or(|n| {
                    k.to_lowercase().contains(n)
                        || english_of(k).is_some_and(|e| e.to_lowercase().contains(n))
                        || overrides.get(*k).is_some_and(|(v, _)| v.to_lowercase().contains(n))
                })
            })
            .collect();
        let total = matching.len() as u64;
        let items = matching
            .into_iter()
            .skip(((page.page - 1) * page.per_page) as usize)
            .take(page.per_page as usize)
            .map(|k| WebString {
                key: k.to_owned(),
                english: english_of(k).unwrap_or_default().to_owned(),
                value: overrides.get(k).map(|(v, _)| v.clone()),
                updated_at: overrides.get(k).map(|(_, at)| *at),
            })
            .collect();
        Ok(WebStringPage { items, total, page: page.page, per_page: page.per_page })
    }

    /// Writes the platform's own text of a string in a language.
    pub async fn set_web_string(&self, by: Uuid, lang: &str, key: &str, input: SetWebStringInput) -> Result<WebString> {
        let lang = locale(lang)?;
        let english = english_of(key).ok_or(DomainError::NotFound("The string"))?;
        let value = input.value.trim();
        let mut errors = Vec::new();
        if value.is_empty() || value.chars().count() > 2000 {
            errors.push(FieldError::new("value", "must be 1 to 2000 characters"));
        }
        let allowed = placeholders_in(english);
        let unknown: Vec<String> = placeholders_in(value)
            .into_iter()
            .filter(|p| !allowed.contains(p))
            .map(|p| format!("{{{{{p}}}}}"))
            .collect();
        if !unknown.is_empty() {
            let offered = allowed.iter().map(|p| format!("{{{{{p}}}}}")).collect::<Vec<_>>().join(", ");
            errors.push(FieldError::new(
                "value",
                format!(
                    "uses {} which the English text does not; it may use {}",
                    unknown.join(", "),
                    if offered.is_empty() { "none".into() } else { offered }
                ),
            ));
        }
        if !errors.is_empty() {
            return Err(DomainError::Validation(errors));
        }
        let row = repo::platform::strings::put(&self.0.db, lang.as_str(), key, value, by).await.db()?;
        Ok(WebString {
            key: row.key,
            english: english.to_owned(),
            value: Some(row.value),
            updated_at: Some(row.updated_at),
        })
    }

    /// Goes back to the built-in translation of a string in a language.
    pub async fn reset_web_string(&self, lang: &str, key: &str) -> Result<()> {
        let lang = locale(lang)?;
        if !repo::platform::strings::delete(&self.0.db, lang.as_str(), key).await.db()? {
            return Err(DomainError::NotFound("The override"));
        }
        Ok(())
    }

    /// The counter of changes: what the public endpoint's ETag says.
    pub async fn web_strings_version(&self) -> Result<i64> {
        repo::platform::strings::version(&self.0.db).await.db()
    }

    /// A language's overrides for the web app (public: they are the product's wording, shown to anyone).
    pub async fn public_strings(&self, lang: &str) -> Result<PublicStrings> {
        let lang = locale(lang)?;
        let version = self.web_strings_version().await?;
        let rows = repo::platform::strings::list(&self.0.db, lang.as_str()).await.db()?;
        Ok(PublicStrings { version, strings: rows.into_iter().map(|r| (r.key, r.value)).collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_english_strings_are_there_and_plural_forms_of_other_languages_map_to_other() {
        assert!(english().len() > 1000, "english_strings.json is read");
        assert_eq!(english_of("nav.team"), Some("Team"));
        assert!(english_of("agency.client.hoursN_few").is_some_and(|e| e.contains("{{n}}")));
        assert_eq!(english_of("nav.nope"), None);
        assert_eq!(english_of("nav.team_few"), None);
    }
}
