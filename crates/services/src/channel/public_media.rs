//! Signed, expiring links to one stored file, for providers that fetch media by URL (WasenderAPI). The
//! link names the tenant and the file; the signature (HMAC-SHA256 over both and the expiry) is the only
//! credential, so it is checked in constant time before any lookup.

use crate::{Core, DbResultExt, DomainError, Result};
use chrono::Utc;
use hmac::{Hmac, Mac};
use parley_domain::TenantId;
use parley_store::repo;
use sha2::Sha256;
use uuid::Uuid;

/// Long enough for a provider's retries, short enough that a leaked link soon stops working.
const TTL_SECS: i64 = 3600;

fn signature(key: &[u8], tenant: Uuid, media: Uuid, expires: i64) -> Vec<u8> {
    // An HMAC key may be any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(format!("{tenant}:{media}:{expires}").as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn invalid_link() -> DomainError {
    DomainError::NotFound("File")
}

impl Core {
    pub(crate) fn public_media_url(&self, tenant: Uuid, media: Uuid) -> String {
        let expires = Utc::now().timestamp() + TTL_SECS;
        let sig = hex::encode(signature(&self.media_url_key, tenant, media, expires));
        let base = self.cfg.public_url.trim_end_matches('/');
        format!("{base}/api/v1/public/media/{tenant}/{media}?expires={expires}&signature={sig}")
    }

    /// The file behind a signed link: bytes, type and name. A bad, expired or foreign link is "not found".
    pub async fn public_media(
        &self,
        tenant: Uuid,
        media: Uuid,
        expires: i64,
        sig: &str,
    ) -> Result<(bytes::Bytes, String, Option<String>)> {
        let given = hex::decode(sig).map_err(|_| invalid_link())?;
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.media_url_key).map_err(|_| invalid_link())?;
        mac.update(format!("{tenant}:{media}:{expires}").as_bytes());
        mac.verify_slice(&given).map_err(|_| invalid_link())?;
        if expires < Utc::now().timestamp() {
            return Err(invalid_link());
        }
        let tx = self.db.tenant_tx(TenantId(tenant)).await.db()?;
        let m = repo::channel::media::get(&tx.tx, media).await.db()?.ok_or_else(invalid_link)?;
        drop(tx);
        let key = m.storage_key.filter(|_| m.status == "stored").ok_or_else(invalid_link)?;
        let (bytes, ct) = self.channel.media.get(&key).await.map_err(crate::inbox::conversations::media_error)?;
        Ok((bytes, ct.or(m.mime_type).unwrap_or_else(|| "application/octet-stream".into()), m.filename))
    }
}

#[cfg(test)]
mod tests {
    use super::signature;
    use uuid::Uuid;

    #[test]
    fn a_signature_covers_tenant_file_and_expiry() {
        let (t, m) = (Uuid::now_v7(), Uuid::now_v7());
        let s = signature(b"k", t, m, 100);
        assert_eq!(s, signature(b"k", t, m, 100));
        assert_ne!(s, signature(b"k", t, m, 101));
        assert_ne!(s, signature(b"k", Uuid::now_v7(), m, 100));
        assert_ne!(s, signature(b"other", t, m, 100));
    }
}
