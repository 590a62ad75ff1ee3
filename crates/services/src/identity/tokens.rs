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
    /// The session (refresh-token family) this token belongs to: "this session" in the list, the one kept alive
    /// when the others end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<Uuid>,
    /// Must enrol in two-factor sign-in first: the token reaches only the enrolment endpoints and /auth/me.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub enr: bool,
}

/// The half-way state of a two-factor sign-in: the password was right, a code is still owed. Signed like access
/// tokens but with its own `typ`, so neither can stand in for the other.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Challenge {
    pub sub: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tid: Option<Uuid>,
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

    pub fn sign_challenge(&self, c: &Challenge) -> Result<String, DomainError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), c, &self.enc).map_err(DomainError::internal)
    }

    pub fn verify_challenge(&self, token: &str) -> Result<Challenge, DomainError> {
        let bad = |code: &'static str, message: &str| DomainError::InvalidToken { code, message: message.into() };
        let data =
            jsonwebtoken::decode::<Challenge>(token, &self.dec, &self.validation).map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => {
                    bad("challenge_expired", "The sign-in took too long; enter your password again.")
                }
                _ => bad("invalid_challenge", "The sign-in challenge is not valid; enter your password again."),
            })?;
        if data.claims.typ != "2fa" {
            return Err(bad("invalid_challenge", "The sign-in challenge is not valid; enter your password again."));
        }
        Ok(data.claims)
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
        Claims {
            sub: Uuid::now_v7(),
            tid: None,
            pa: false,
            iat: now,
            exp: now + exp_in,
            typ: typ.into(),
            sid: None,
            enr: false,
        }
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
    fn a_challenge_is_not_an_access_token_nor_the_reverse() {
        let k = TokenKeys::new(b"secret-a-secret-a-secret-a-secret-a");
        let now = chrono::Utc::now().timestamp();
        let c = Challenge { sub: Uuid::now_v7(), tid: None, iat: now, exp: now + 60, typ: "2fa".into() };
        let challenge = k.sign_challenge(&c).expect("sign");
        assert!(k.verify(&challenge).is_err());
        assert!(k.verify_challenge(&k.sign(&claims(60, "access")).expect("sign")).is_err());
        assert_eq!(k.verify_challenge(&challenge).expect("valid").sub, c.sub);
        let old = k.sign_challenge(&Challenge { exp: now - 120, ..c }).expect("sign");
        assert!(matches!(k.verify_challenge(&old), Err(DomainError::InvalidToken { code: "challenge_expired", .. })));
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
