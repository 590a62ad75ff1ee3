//! Webhook authenticity. Meta signs the raw body with HMAC-SHA256 (`X-Hub-Signature-256: sha256=<hex>`);
//! the bytes must be hashed exactly as received: Meta escapes non-ASCII characters as `\uXXXX` before
//! signing, so a decoded and re-serialised body would not match. WasenderAPI sends a shared secret
//! in `X-Webhook-Signature` (no HMAC). Both comparisons run in constant time.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the signature header is missing")]
    Missing,
    #[error("the signature header is malformed")]
    Malformed,
    #[error("the signature does not match")]
    Mismatch,
}

type HmacSha256 = Hmac<Sha256>;

/// The header value Meta would send for `body` (used by the simulator and tests).
pub fn sign_meta(app_secret: &[u8], body: &[u8]) -> String {
    // An HMAC key may be any length, so this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(app_secret).unwrap_or_else(|_| unreachable!());
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Checks `X-Hub-Signature-256` against the raw request body.
pub fn verify_meta(app_secret: &[u8], raw_body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?.trim();
    let hex_sig = header.strip_prefix("sha256=").ok_or(SignatureError::Malformed)?;
    let expected = hex::decode(hex_sig).map_err(|_| SignatureError::Malformed)?;
    let mut mac = <HmacSha256 as Mac>::new_from_slice(app_secret).map_err(|_| SignatureError::Mismatch)?;
    mac.update(raw_body);
    mac.verify_slice(&expected).map_err(|_| SignatureError::Mismatch)
}

/// Checks WasenderAPI's `X-Webhook-Signature`, which carries the webhook secret itself.
pub fn verify_wasender(webhook_secret: &str, header: Option<&str>) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    if !webhook_secret.is_empty() && bool::from(header.as_bytes().ct_eq(webhook_secret.as_bytes())) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_body_verifies_and_any_change_breaks_it() {
        let sig = sign_meta(b"secret", br#"{"a":1}"#);
        assert_eq!(verify_meta(b"secret", br#"{"a":1}"#, Some(&sig)), Ok(()));
        assert_eq!(verify_meta(b"secret", br#"{"a":2}"#, Some(&sig)), Err(SignatureError::Mismatch));
        assert_eq!(verify_meta(b"other", br#"{"a":1}"#, Some(&sig)), Err(SignatureError::Mismatch));
        assert_eq!(verify_meta(b"secret", b"x", None), Err(SignatureError::Missing));
        assert_eq!(verify_meta(b"secret", b"x", Some("md5=00")), Err(SignatureError::Malformed));
        assert_eq!(verify_meta(b"secret", b"x", Some("sha256=zz")), Err(SignatureError::Malformed));
    }

    #[test]
    fn wasender_compares_the_shared_secret() {
        assert_eq!(verify_wasender("s3cret", Some("s3cret")), Ok(()));
        assert_eq!(verify_wasender("s3cret", Some("s3cre")), Err(SignatureError::Mismatch));
        assert_eq!(verify_wasender("", Some("")), Err(SignatureError::Mismatch), "an unset secret never matches");
        assert_eq!(verify_wasender("s3cret", None), Err(SignatureError::Missing));
    }
}
