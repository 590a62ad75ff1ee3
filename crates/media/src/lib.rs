//! Media storage: local disk by default, S3-compatible object storage when configured.

#[cfg(feature = "test-util")]
pub mod testing;

mod bucket;
mod config;
mod key;
mod local;
mod s3;

use bytes::Bytes;
use sha2::{Digest, Sha256};

pub use bucket::Bucket;
pub use config::{Backend, DEFAULT_MAX_BYTES, MediaConfig, S3Config};
pub use key::object_key;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("media object not found")]
    NotFound,
    #[error("media object is larger than the {max} byte limit")]
    TooLarge { max: u64 },
    #[error("invalid media key")]
    InvalidKey,
    #[error("media storage i/o error: {0}")]
    Io(String),
    #[error("media storage backend error: {0}")]
    Backend(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub key: String,
    pub size: u64,
    /// Lowercase hex, so it can be compared with WhatsApp's media hashes and used for de-duplication.
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct MediaStore {
    backend: StoreBackend,
    max_bytes: u64,
}

#[derive(Debug, Clone)]
enum StoreBackend {
    Local(local::LocalStore),
    S3(s3::S3Store),
}

impl MediaStore {
    pub async fn from_config(cfg: &MediaConfig) -> anyhow::Result<Self> {
        let backend = match cfg.backend {
            Backend::Local => StoreBackend::Local(local::LocalStore::open(&cfg.local_dir).await?),
            Backend::S3 => {
                let s3 =
                    cfg.s3.as_ref().ok_or_else(|| anyhow::anyhow!("media backend is s3 but no s3 section is set"))?;
                StoreBackend::S3(s3::S3Store::from_config(s3).await?)
            }
        };
        Ok(Self { backend, max_bytes: cfg.max_bytes })
    }

    /// Meant for readiness probes: proves the local directory is writable or the bucket reachable with the
    /// configured credentials.
    pub async fn check(&self) -> Result<(), MediaError> {
        match &self.backend {
            StoreBackend::Local(store) => store.check().await,
            StoreBackend::S3(store) => store.check().await,
        }
    }

    /// Stores `bytes` under `key`, replacing any existing object. An empty `content_type` stores none.
    pub async fn put(&self, key: &str, bytes: Bytes, content_type: &str) -> Result<StoredObject, MediaError> {
        key::validate(key)?;
        let size = bytes.len() as u64;
        if size > self.max_bytes {
            return Err(MediaError::TooLarge { max: self.max_bytes });
        }
        let sha256 = sha256_hex(bytes.clone()).await?;
        match &self.backend {
            StoreBackend::Local(store) => store.put(key, bytes, content_type).await?,
            StoreBackend::S3(store) => store.put(key, bytes, content_type).await?,
        }
        tracing::debug!(backend = self.backend_name(), key, size, "stored media object");
        Ok(StoredObject { key: key.to_owned(), size, sha256 })
    }

    pub async fn get(&self, key: &str) -> Result<(Bytes, Option<String>), MediaError> {
        key::validate(key)?;
        match &self.backend {
            StoreBackend::Local(store) => store.get(key).await,
            StoreBackend::S3(store) => store.get(key).await,
        }
    }

    /// Deleting a missing object succeeds, so retries after a partial failure are safe.
    pub async fn delete(&self, key: &str) -> Result<(), MediaError> {
        key::validate(key)?;
        match &self.backend {
            StoreBackend::Local(store) => store.delete(key).await?,
            StoreBackend::S3(store) => store.delete(key).await?,
        }
        tracing::debug!(backend = self.backend_name(), key, "deleted media object");
        Ok(())
    }

    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            StoreBackend::Local(_) => "local",
            StoreBackend::S3(_) => "s3",
        }
    }

    /// Lets callers reject an oversized upload from its declared length before buffering the body.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }
}

/// Hashing up to `max_bytes` takes long enough to stall a runtime worker, so it runs on the blocking pool.
async fn sha256_hex(bytes: Bytes) -> Result<String, MediaError> {
    tokio::task::spawn_blocking(move || hex::encode(Sha256::digest(&bytes)))
        .await
        .map_err(|e| MediaError::Io(format!("hashing task failed: {e}")))
}
