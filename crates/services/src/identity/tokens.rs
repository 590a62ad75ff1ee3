//! Access tokens (JWT, HS256) and opaque secrets (refresh, reset, invitation, API key), of which
//! only SHA-256 hashes are stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use parley_domain::DomainError;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    /// The tenant this token acts in; none for a platform admin outside any tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tid: Option<Uuid>,
    #[serde(default)]
    pub pa: bool,
    pub iat: i64,
    pub exp: i64,
    pub typ: String,
}

pub(crate) struct TokenKeys {
    enc: EncodingKey,
    dec: DecodingKey,
    validation: Validation,
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self { enc: EncodingKey::from_secret(secret), dec: DecodingKey::from_secret(secret), validation }
    }

    pub fn sign(&self, claims: &Claims) -> Result<String, DomainError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.enc).map_err(DomainError::internal)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, DomainError> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.dec, &self.validation).map_err(|e| match e.kind() {
            ErrorKind::ExpiredSignature => {
                DomainError::InvalidToken { code: "token_expired", message: "The access token has expired.".into() }
            }
            _ => DomainError::InvalidToken { code: "invalid_token", message: "The access token is not valid.".into() },
        })?;
        if data.claims.typ != "access" {
            return Err(DomainError::InvalidToken {
                code: "invalid_token",
                message: "The access token is not valid.".into(),
            });
        }
        Ok(data.claims)
    }
}

/// 256 random bits, URL-safe.
pub(crate) fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub(crate) fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A secret that names its tenant (`<tenant hex><sep><random>`), so it can be looked up inside that
/// tenant's row-level-security scope.
pub(crate) fn tenant_secret(tenant: Uuid, sep: char) -> String {
    format!("{}{sep}{}", tenant.simple(), random_secret())
}

pub(crate) fn parse_tenant_secret(raw: &str, sep: char) -> Option<Uuid> {
    let (tenant, rest) = raw.split_once(sep)?;
    if rest.len() < 32 || tenant.len() != 32 {
        return None;
    }
    Uuid::try_parse(tenant).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp_in: i64, typ: &str) -> Claims {
        let now = chrono::Utc::now().timestamp();
        Claims { sub: Uuid::now_v7(), tid: None, pa: false, iat: now, exp: now + exp_in, typ: typ.into() }
    }

    #[test]
    fn a_token_signed_with_another_secret_is_rejected() {
        let a = TokenKeys::new(b"secret-a-secret-a-secret-a-secret-a");
        let b = TokenKeys::new(b"secret-b-secret-b-secret-b-secret-b");
        let t = a.sign(&claims(60, "access")).expect("sign");
        assert!(a.verify(&t).is_ok());
        assert!(matches!(b.verify(&t), Err(DomainError::InvalidToken { code: "invalid_token", .. })));
    }

    #[test]
    fn an_expired_token_says_so() {
        let k = TokenKeys::new(b"secret-a-secret-a-secret-a-secret-a");
        let t = k.sign(&claims(-120, "access")).expect("sign");
        assert!(matches!(k.verify(&t), Err(DomainError::InvalidToken { code: "token_expired", .. })));
    }

    #[test]
    fn tenant_secrets_round_trip_and_reject_garbage() {
        let id = Uuid::now_v7();
        let s = tenant_secret(id, '.');
        assert_eq!(parse_tenant_secret(&s, '.'), Some(id));
        assert_eq!(parse_tenant_secret("nonsense", '.'), None);
        assert_eq!(parse_tenant_secret(&format!("{}.short", id.simple()), '.'), None);
    }
}
