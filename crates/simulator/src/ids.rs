//! Random identifiers shaped like the real ones (wamids, numeric Graph ids, API keys).

use rand::Rng;
use rand::distr::Alphanumeric;

/// A WhatsApp message id: `wamid.` and base64-looking text, as Meta sends.
pub(crate) fn wamid() -> String {
    let tail: String = rand::rng().sample_iter(&Alphanumeric).take(40).map(char::from).collect();
    format!("wamid.HBgL{tail}")
}

/// A 16-digit Graph object id (media, templates).
pub(crate) fn numeric() -> u64 {
    rand::random_range(1_000_000_000_000_000..10_000_000_000_000_000)
}

pub(crate) fn hex(len: usize) -> String {
    (0..len).map(|_| char::from(b"0123456789abcdef"[rand::random_range(0..16)])).collect()
}

pub(crate) fn alnum(len: usize) -> String {
    rand::rng().sample_iter(&Alphanumeric).take(len).map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_shapes_clients_expect() {
        assert!(wamid().starts_with("wamid.") && wamid().len() == 50);
        assert_eq!(numeric().to_string().len(), 16);
        assert!(hex(32).chars().all(|c| c.is_ascii_hexdigit()) && hex(32).len() == 32);
        assert_ne!(alnum(20), alnum(20));
    }
}
