//! Stripe's request encoding: `application/x-www-form-urlencoded` bodies (and query strings) with bracket keys
//! (`line_items[0][price]`, `metadata[plan]`, `expand[]` or `expand[0]`), read into typed values with errors in
//! Stripe's words.

use crate::api::ApiError;
use crate::state::Meta;

#[derive(Debug, Default, Clone)]
pub(crate) struct Form {
    pairs: Vec<(String, String)>,
}

impl Form {
    pub fn parse(raw: &[u8]) -> Self {
        Self { pairs: url::form_urlencoded::parse(raw).into_owned().collect() }
    }

    /// The exact key's value (the last one wins, as in Stripe).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == prefix || k.starts_with(&format!("{prefix}[")))
    }

    pub fn required(&self, key: &str) -> Result<&str, ApiError> {
        self.get(key)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::invalid(format!("Missing required param: {key}."), key).code("parameter_missing"))
    }

    pub fn string(&self, key: &str) -> Option<String> {
        self.get(key).map(str::to_owned)
    }

    /// An empty value unsets the field (Some(None)).
    pub fn nullable(&self, key: &str) -> Option<Option<String>> {
        self.get(key).map(|v| (!v.is_empty()).then(|| v.to_owned()))
    }

    pub fn int(&self, key: &str) -> Result<Option<i64>, ApiError> {
        match self.get(key) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| ApiError::invalid(format!("Invalid integer: {v}"), key).code("parameter_invalid_integer")),
        }
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(v) => Err(ApiError::invalid(format!("Invalid boolean: {v}"), key)),
        }
    }

    /// `trial_end`-like fields: a unix time or `now`.
    pub fn time_or_now(&self, key: &str, now: i64) -> Result<Option<i64>, ApiError> {
        match self.get(key) {
            Some("now") => Ok(Some(now)),
            _ => self.int(key),
        }
    }

    /// Every value of a list parameter, in either of Stripe's spellings (`k[]=a&k[]=b`, `k[0]=a&k[1]=b`).
    pub fn list(&self, key: &str) -> Vec<String> {
        let open = format!("{key}[");
        self.pairs
            .iter()
            .filter(|(k, _)| {
                k.strip_prefix(&open)
                    .and_then(|rest| rest.strip_suffix(']'))
                    .is_some_and(|inner| inner.is_empty() || inner.chars().all(|c| c.is_ascii_digit()))
            })
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Applies `metadata[...]` to `current` as Stripe does: a key with an empty value is removed, `metadata=`
    /// (empty) clears everything. Returns whether anything was given.
    pub fn apply_metadata(&self, prefix: &str, current: &mut Meta) -> bool {
        let open = format!("{prefix}[");
        let mut touched = false;
        for (k, v) in &self.pairs {
            if k == prefix && v.is_empty() {
                current.clear();
                touched = true;
            } else if let Some(name) = k.strip_prefix(&open).and_then(|r| r.strip_suffix(']')) {
                touched = true;
                if v.is_empty() {
                    current.remove(name);
                } else {
                    current.insert(name.to_owned(), v.clone());
                }
            }
        }
        touched
    }

    pub fn metadata(&self, prefix: &str) -> Meta {
        let mut m = Meta::new();
        self.apply_metadata(prefix, &mut m);
        m
    }

    /// Which fields to expand, without the `data.` prefix lists use.
    pub fn expand(&self) -> Vec<String> {
        self.list("expand").into_iter().map(|e| e.strip_prefix("data.").map(str::to_owned).unwrap_or(e)).collect()
    }

    /// A canonical form of the parameters, to tell a reused idempotency key with other parameters.
    pub fn fingerprint(&self) -> String {
        let mut pairs = self.pairs.clone();
        pairs.sort();
        pairs.into_iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracket_keys_lists_and_metadata_read_like_stripe() {
        let f = Form::parse(
            b"line_items%5B0%5D%5Bprice%5D=price_1&expand[]=latest_invoice&expand%5B1%5D=data.customer&metadata[a]=1&metadata[b]=",
        );
        assert_eq!(f.get("line_items[0][price]"), Some("price_1"));
        assert_eq!(f.expand(), vec!["latest_invoice", "customer"]);
        let mut meta = Meta::from([("b".to_owned(), "old".to_owned()), ("c".to_owned(), "keep".to_owned())]);
        assert!(f.apply_metadata("metadata", &mut meta));
        assert_eq!(meta, Meta::from([("a".to_owned(), "1".to_owned()), ("c".to_owned(), "keep".to_owned())]));
        assert!(f.int("metadata[a]").is_ok());
        assert!(Form::parse(b"n=x").int("n").is_err());
    }
}
