//! Whole files in an S3 bucket under a prefix, beside media (backups): upload and download by path, list, delete,
//! and presigned download links. Built from the media store's S3 settings (endpoint, region, credentials) with
//! another bucket or prefix.

use crate::s3::{S3Store, backend_error};
use crate::{MediaError, S3Config};
use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use std::path::Path;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

#[derive(Debug, Clone)]
pub struct Bucket {
    store: S3Store,
}

impl Bucket {
    /// `settings` gives the endpoint and credentials; `bucket` and `prefix` where the files go.
    pub async fn new(settings: &S3Config, bucket: &str, prefix: &str) -> anyhow::Result<Self> {
        let mut cfg = settings.clone();
        cfg.bucket = bucket.to_owned();
        cfg.prefix = prefix.to_owned();
        Ok(Self { store: S3Store::from_config(&cfg).await? })
    }

    pub fn bucket(&self) -> &str {
        &self.store.bucket
    }

    /// The normalized prefix (`backups/`, or empty).
    pub fn prefix(&self) -> &str {
        &self.store.prefix
    }

    fn full_key(&self, key: &str) -> String {
        format!("{}{key}", self.store.prefix)
    }

    /// Streams a file from disk (never all in memory).
    pub async fn put_file(&self, key: &str, path: &Path) -> Result<(), MediaError> {
        let body = ByteStream::from_path(path).await.map_err(|e| MediaError::Io(format!("{}: {e}", path.display())))?;
        self.store
            .client
            .put_object()
            .bucket(&self.store.bucket)
            .key(self.full_key(key))
            .body(body)
            .send()
            .await
            .map_err(|e| backend_error("put_object", &e))?;
        Ok(())
    }

    /// Streams an object to a file, replacing it.
    pub async fn get_to_file(&self, key: &str, path: &Path) -> Result<u64, MediaError> {
        let output =
            match self.store.client.get_object().bucket(&self.store.bucket).key(self.full_key(key)).send().await {
                Ok(o) => o,
                Err(e) if e.as_service_error().is_some_and(|se| se.is_no_such_key()) => {
                    return Err(MediaError::NotFound);
                }
                Err(e) => return Err(backend_error("get_object", &e)),
            };
        let io = |e: std::io::Error| MediaError::Io(format!("{}: {e}", path.display()));
        let mut file = tokio::fs::File::create(path).await.map_err(io)?;
        let mut body = output.body;
        let mut written = 0u64;
        while let Some(chunk) = body.try_next().await.map_err(|e| backend_error("reading object body", &e))? {
            written += chunk.len() as u64;
            file.write_all(&chunk).await.map_err(io)?;
        }
        file.flush().await.map_err(io)?;
        Ok(written)
    }

    /// Every object under `prefix` (relative to the bucket's prefix), with its size; keys come back relative too.
    pub async fn list(&self, prefix: &str) -> Result<Vec<(String, u64)>, MediaError> {
        let mut out = vec![];
        let mut token = None;
        loop {
            let res = self
                .store
                .client
                .list_objects_v2()
                .bucket(&self.store.bucket)
                .prefix(self.full_key(prefix))
                .set_continuation_token(token)
                .send()
                .await
                .map_err(|e| backend_error("list_objects_v2", &e))?;
            for o in res.contents() {
                if let Some(k) = o.key() {
                    let rel = k.strip_prefix(&self.store.prefix).unwrap_or(k).to_owned();
                    out.push((rel, o.size().unwrap_or(0).max(0) as u64));
                }
            }
            match res.next_continuation_token() {
                Some(t) if res.is_truncated() == Some(true) => token = Some(t.to_owned()),
                _ => return Ok(out),
            }
        }
    }

    /// Deleting a missing object succeeds.
    pub async fn delete(&self, key: &str) -> Result<(), MediaError> {
        match self.store.client.delete_object().bucket(&self.store.bucket).key(self.full_key(key)).send().await {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().and_then(|se| se.code()) == Some("NoSuchKey") => Ok(()),
            Err(e) => Err(backend_error("delete_object", &e)),
        }
    }

    /// A link that downloads the object without credentials until it expires.
    pub async fn presign_get(&self, key: &str, ttl: Duration) -> Result<String, MediaError> {
        let cfg = PresigningConfig::expires_in(ttl).map_err(|e| MediaError::Backend(format!("presigning: {e}")))?;
        let req = self
            .store
            .client
            .get_object()
            .bucket(&self.store.bucket)
            .key(self.full_key(key))
            .presigned(cfg)
            .await
            .map_err(|e| backend_error("presigning get_object", &e))?;
        Ok(req.uri().to_owned())
    }
}
