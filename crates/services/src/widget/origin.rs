//! Which pages may embed a widget: the Origin's host against the widget's allowed domains.

/// A domain as stored: lower case, no scheme, port or path; `*.` allows subdomains. `None` when it is not one.
pub fn normalize_domain(raw: &str) -> Option<String> {
    let mut d = raw.trim().to_ascii_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = d.strip_prefix(scheme) {
            d = rest.to_owned();
        }
    }
    let d = d.split(['/', '?', '#']).next().unwrap_or_default();
    let d = d.rsplit_once(':').filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit())).map_or(d, |(h, _)| h);
    let d = d.trim_end_matches('.');
    let (wild, host) = match d.strip_prefix("*.") {
        Some(h) => (true, h),
        None => (false, d),
    };
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let ok = !host.is_empty() && host.len() <= 253 && host.split('.').all(label_ok);
    // A wildcard needs a registrable name under it: `*.com` would allow half the web.
    if !ok || (wild && !host.contains('.')) {
        return None;
    }
    Some(if wild { format!("*.{host}") } else { host.to_owned() })
}

/// Whether a page with this `Origin` header may use the widget. Scheme and port do not matter; `localhost` and
/// addresses match only when listed.
pub fn allowed(origin: Option<&str>, domains: &[String]) -> bool {
    let Some(host) = origin.and_then(|o| url::Url::parse(o).ok()).and_then(|u| u.host_str().map(str::to_owned)) else {
        return false;
    };
    let host = host.to_ascii_lowercase();
    domains.iter().any(|d| match d.strip_prefix("*.") {
        Some(parent) => host.strip_suffix(parent).is_some_and(|sub| sub.ends_with('.') && sub.len() > 1),
        None => host == *d,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_normalised_and_wildcards_need_a_parent() {
        assert_eq!(normalize_domain(" https://Shop.Example.com:8443/path ").as_deref(), Some("shop.example.com"));
        assert_eq!(normalize_domain("*.example.com").as_deref(), Some("*.example.com"));
        assert_eq!(normalize_domain("localhost").as_deref(), Some("localhost"));
        assert_eq!(normalize_domain("*.com"), None);
        assert_eq!(normalize_domain("exa mple.com"), None);
        assert_eq!(normalize_domain(""), None);
    }

    #[test]
    fn origins_match_exact_hosts_and_subdomains_of_wildcards() {
        let d = vec!["shop.example.com".to_owned(), "*.acme.org".to_owned()];
        assert!(allowed(Some("https://shop.example.com"), &d));
        assert!(allowed(Some("http://shop.example.com:8080"), &d));
        assert!(allowed(Some("https://www.acme.org"), &d));
        assert!(allowed(Some("https://a.b.acme.org"), &d));
        assert!(!allowed(Some("https://acme.org"), &d));
        assert!(!allowed(Some("https://evilacme.org"), &d));
        assert!(!allowed(Some("https://example.com"), &d));
        assert!(!allowed(Some("http://localhost:3000"), &d));
        assert!(!allowed(Some("null"), &d));
        assert!(!allowed(None, &d));
    }
}
