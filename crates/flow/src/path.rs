//! The small JSON path dialect of HTTP response maps and `{{vars.x.y}}`: dotted keys, `[n]` indexes
//! and quoted keys, optionally rooted at `$` (`order.status`, `$.items[0].name`, `$['a b']`).
//!
//! A full RFC 9535 implementation (filters, wildcards, slices) would return several values where a
//! variable holds one, so the dialect stays at single-value paths.

use serde_json::Value;

/// One step into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Why a path does not parse, for validation messages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("the path is empty")]
    Empty,
    #[error("an empty key at character {0}")]
    EmptyKey(usize),
    #[error("an unclosed or malformed bracket at character {0}")]
    Bracket(usize),
}

/// Parses a path into steps. `$` alone, like an empty remainder after `$`, is the whole document.
pub fn parse(path: &str) -> Result<Vec<Seg>, PathError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(PathError::Empty);
    }
    let bytes = path.as_bytes();
    let mut i = 0;
    let mut segs = Vec::new();
    let mut expect_key = true;
    if bytes[0] == b'$' {
        i = 1;
        expect_key = false;
    }
    while i < bytes.len() {
        match bytes[i] {
            b'.' => {
                i += 1;
                let start = i;
                while i < bytes.len() && bytes[i] != b'.' && bytes[i] != b'[' {
                    i += 1;
                }
                if start == i {
                    return Err(PathError::EmptyKey(start));
                }
                segs.push(Seg::Key(path[start..i].to_owned()));
            }
            b'[' => {
                let open = i;
                let close = path[open..].find(']').map(|k| open + k).ok_or(PathError::Bracket(open))?;
                let inner = path[open + 1..close].trim();
                let quoted = inner.len() >= 2
                    && ((inner.starts_with('\'') && inner.ends_with('\''))
                        || (inner.starts_with('"') && inner.ends_with('"')));
                if quoted {
                    segs.push(Seg::Key(inner[1..inner.len() - 1].to_owned()));
                } else {
                    let n = inner.parse::<usize>().map_err(|_| PathError::Bracket(open))?;
                    segs.push(Seg::Index(n));
                }
                i = close + 1;
            }
            _ if expect_key => {
                let start = i;
                while i < bytes.len() && bytes[i] != b'.' && bytes[i] != b'[' {
                    i += 1;
                }
                segs.push(Seg::Key(path[start..i].to_owned()));
            }
            _ => return Err(PathError::EmptyKey(i)),
        }
        expect_key = false;
    }
    Ok(segs)
}

/// Follows the steps; `None` when a key or index is missing or the value has no such child.
pub fn lookup<'v>(root: &'v Value, segs: &[Seg]) -> Option<&'v Value> {
    segs.iter().try_fold(root, |v, seg| match (seg, v) {
        (Seg::Key(k), Value::Object(m)) => m.get(k),
        (Seg::Index(n), Value::Array(a)) => a.get(*n),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn get(v: &Value, p: &str) -> Option<Value> {
        lookup(v, &parse(p).ok()?).cloned()
    }

    #[test]
    fn dotted_indexed_and_quoted_paths_find_their_value() {
        let v = json!({"order": {"status": "shipped"}, "items": [{"name": "Tea"}], "a b": 1});
        assert_eq!(get(&v, "order.status"), Some(json!("shipped")));
        assert_eq!(get(&v, "$.order.status"), Some(json!("shipped")));
        assert_eq!(get(&v, "$.items[0].name"), Some(json!("Tea")));
        assert_eq!(get(&v, "items[0].name"), Some(json!("Tea")));
        assert_eq!(get(&v, "$['a b']"), Some(json!(1)));
        assert_eq!(get(&v, "$"), Some(v.clone()));
        assert_eq!(get(&v, "$.items[3].name"), None);
        assert_eq!(get(&v, "order.missing"), None);
    }

    #[test]
    fn malformed_paths_are_refused() {
        assert_eq!(parse(""), Err(PathError::Empty));
        assert!(parse("a..b").is_err());
        assert!(parse("a[").is_err());
        assert!(parse("a[x]").is_err());
        assert!(parse("$x").is_err());
        assert!(parse("a.").is_err());
    }
}
