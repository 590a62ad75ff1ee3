//! Credentials at rest: AES-256-GCM with a random 96-bit nonce per value. Each sealed value starts with
//! the id of its key, so keys can be rotated: the first configured key seals, every configured key
//! opens, and `reseal` moves a value to the current key.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;

const NONCE_LEN: usize = 12;

#[derive(Clone)]
pub struct Sealer {
    /// (key id, cipher); the first seals.
    keys: Vec<(String, Aes256Gcm)>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SealError {
    #[error("encryption key {0:?} is not `id:base64-of-32-bytes`")]
    BadKey(String),
    #[error("no encryption key configured")]
    NoKey,
    #[error("the value was sealed with key {0:?}, which is not configured")]
    UnknownKey(String),
    #[error("the value is corrupt or was sealed with a different key")]
    Corrupt,
}

impl Sealer {
    /// Keys as `id:base64` (32 bytes each), current key first.
    pub fn new<S: AsRef<str>>(keys: &[S]) -> Result<Self, SealError> {
        let keys = keys
            .iter()
            .map(|k| {
                let k = k.as_ref();
                let bad = || SealError::BadKey(k.split(':').next().unwrap_or_default().to_owned());
                let (id, b64) = k.split_once(':').ok_or_else(bad)?;
                let bytes = STANDARD.decode(b64.trim()).map_err(|_| bad())?;
                if id.is_empty() || id.len() > 32 || id.contains('.') || bytes.len() != 32 {
                    return Err(bad());
                }
                let cipher = Aes256Gcm::new_from_slice(&bytes).map_err(|_| bad())?;
                Ok((id.to_owned(), cipher))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() { Err(SealError::NoKey) } else { Ok(Self { keys }) }
    }

    /// A fresh key in the configuration format.
    pub fn generate_key(id: &str) -> String {
        let mut k = [0u8; 32];
        rand::rng().fill_bytes(&mut k);
        format!("{id}:{}", STANDARD.encode(k))
    }

    pub fn current_key_id(&self) -> &str {
        &self.keys[0].0
    }

    /// `<key id>.<nonce><ciphertext+tag>`
    pub fn seal(&self, plain: &[u8]) -> Vec<u8> {
        let (id, cipher) = &self.keys[0];
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        // Encryption fails only for inputs larger than GCM allows (64 GiB): not credentials.
        let ct = cipher.encrypt(Nonce::from_slice(&nonce), plain).unwrap_or_default();
        let mut out = Vec::with_capacity(id.len() + 1 + NONCE_LEN + ct.len());
        out.extend_from_slice(id.as_bytes());
        out.push(b'.');
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        out
    }

    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        let dot = sealed.iter().position(|b| *b == b'.').ok_or(SealError::Corrupt)?;
        let id = std::str::from_utf8(&sealed[..dot]).map_err(|_| SealError::Corrupt)?;
        let rest = &sealed[dot + 1..];
        if rest.len() < NONCE_LEN + 16 {
            return Err(SealError::Corrupt);
        }
        let (_, cipher) =
            self.keys.iter().find(|(k, _)| k == id).ok_or_else(|| SealError::UnknownKey(id.to_owned()))?;
        cipher.decrypt(Nonce::from_slice(&rest[..NONCE_LEN]), &rest[NONCE_LEN..]).map_err(|_| SealError::Corrupt)
    }

    /// The value sealed with the current key, or `None` if it already is.
    pub fn reseal(&self, sealed: &[u8]) -> Result<Option<Vec<u8>>, SealError> {
        if sealed.starts_with(format!("{}.", self.current_key_id()).as_bytes()) {
            return Ok(None);
        }
        Ok(Some(self.seal(&self.open(sealed)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_survive_rotation() {
        let old = Sealer::generate_key("k1");
        let new = Sealer::generate_key("k2");
        let v1 = Sealer::new(std::slice::from_ref(&old)).expect("key");
        let sealed = v1.seal(b"EAAG-token");
        assert!(!sealed.windows(10).any(|w| w == b"EAAG-token"), "the plain text is not in the sealed value");
        assert_ne!(v1.seal(b"EAAG-token"), sealed, "a fresh nonce each time");
        assert_eq!(v1.open(&sealed).expect("opens"), b"EAAG-token");

        let rotated = Sealer::new(&[new.clone(), old]).expect("keys");
        assert_eq!(rotated.open(&sealed).expect("old key still opens"), b"EAAG-token");
        let moved = rotated.reseal(&sealed).expect("reseals").expect("was on the old key");
        assert!(moved.starts_with(b"k2."));
        assert_eq!(rotated.reseal(&moved).expect("ok"), None);

        let only_new = Sealer::new(&[new]).expect("key");
        assert_eq!(only_new.open(&sealed), Err(SealError::UnknownKey("k1".into())));
        let mut tampered = moved.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert_eq!(only_new.open(&tampered), Err(SealError::Corrupt));
        assert!(Sealer::new(&["k:short"]).is_err());
        assert!(Sealer::new::<&str>(&[]).is_err());
    }
}
