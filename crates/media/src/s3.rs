use aws_config::BehaviorVersion;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::{Credentials, Region, RequestChecksumCalculation};
use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_s3::primitives::ByteStream;
use bytes::Bytes;

use crate::{MediaError, S3Config, key};

#[derive(Debug, Clone)]
pub(crate) struct S3Store {
    pub(crate) client: Client,
    pub(crate) bucket: String,
    pub(crate) prefix: String,
}

impl S3Store {
    /// Only builds the client: credentials from the default chain are resolved lazily on the first request, so
    /// startup never blocks on the network.
    pub(crate) async fn from_config(cfg: &S3Config) -> anyhow::Result<Self> {
        anyhow::ensure!(!cfg.bucket.trim().is_empty(), "media s3 bucket must not be empty");
        let prefix = normalize_prefix(&cfg.prefix)?;

        let mut loader = aws_config::defaults(BehaviorVersion::latest()).region(Region::new(cfg.region.clone()));
        match (&cfg.access_key_id, &cfg.secret_access_key) {
            (Some(id), Some(secret)) => {
                loader = loader.credentials_provider(Credentials::new(id, secret, None, None, "parley"));
            }
            (None, None) => {}
            _ => anyhow::bail!("media s3 access_key_id and secret_access_key must be set together"),
        }
        let shared = loader.load().await;

        let mut builder = aws_sdk_s3::config::Builder::from(&shared).force_path_style(cfg.force_path_style);
        if let Some(endpoint) = &cfg.endpoint {
            // Third-party S3 servers lag behind AWS's flexible-checksum upload format; our own SHA-256 already
            // covers integrity, so only send checksums where the operation demands them.
            builder =
                builder.endpoint_url(endpoint).request_checksum_calculation(RequestChecksumCalculation::WhenRequired);
        }
        Ok(Self { client: Client::from_conf(builder.build()), bucket: cfg.bucket.clone(), prefix })
    }

    fn full_key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    pub(crate) async fn check(&self) -> Result<(), MediaError> {
        self.client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .map_err(|e| backend_error(&format!("bucket {} is not reachable", self.bucket), &e))?;
        Ok(())
    }

    pub(crate) async fn put(&self, key: &str, bytes: Bytes, content_type: &str) -> Result<(), MediaError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(self.full_key(key))
            .body(ByteStream::from(bytes))
            .set_content_type((!content_type.is_empty()).then(|| content_type.to_owned()))
            .send()
            .await
            .map_err(|e| backend_error("put_object", &e))?;
        Ok(())
    }

    pub(crate) async fn get(&self, key: &str) -> Result<(Bytes, Option<String>), MediaError> {
        let output = match self.client.get_object().bucket(&self.bucket).key(self.full_key(key)).send().await {
            Ok(output) => output,
            Err(e) if e.as_service_error().is_some_and(|se| se.is_no_such_key()) => return Err(MediaError::NotFound),
            Err(e) => return Err(backend_error("get_object", &e)),
        };
        let content_type = output.content_type().map(str::to_owned);
        let data = output.body.collect().await.map_err(|e| backend_error("reading object body", &e))?.into_bytes();
        Ok((data, content_type))
    }

    /// S3 itself answers 204 for a missing key, but some compatible servers report NoSuchKey instead.
    pub(crate) async fn delete(&self, key: &str) -> Result<(), MediaError> {
        match self.client.delete_object().bucket(&self.bucket).key(self.full_key(key)).send().await {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().and_then(|se| se.code()) == Some("NoSuchKey") => Ok(()),
            Err(e) => Err(backend_error("delete_object", &e)),
        }
    }
}

/// Accepts `media`, `media/` or `/media/` alike and stores it as `media/`, so keys always join with one slash.
fn normalize_prefix(prefix: &str) -> anyhow::Result<String> {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    key::validate(trimmed).map_err(|_| anyhow::anyhow!("media s3 prefix {prefix:?} is not a valid key prefix"))?;
    Ok(format!("{trimmed}/"))
}

/// The SDK's plain `Display` says little more than "service error"; the context chain carries the S3 error code.
pub(crate) fn backend_error(action: &str, e: &(dyn std::error::Error + 'static)) -> MediaError {
    MediaError::Backend(format!("{action}: {}", DisplayErrorContext(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_normalized() {
        assert_eq!(normalize_prefix("").expect("empty prefix"), "");
        assert_eq!(normalize_prefix("/").expect("slash prefix"), "");
        assert_eq!(normalize_prefix("media").expect("plain prefix"), "media/");
        assert_eq!(normalize_prefix("/prod/media/").expect("slashed prefix"), "prod/media/");
        assert!(normalize_prefix("../escape").is_err());
        assert!(normalize_prefix("a b").is_err());
    }
}
