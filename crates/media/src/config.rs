use std::fmt;
use std::path::PathBuf;

/// 100 MiB: WhatsApp's own ceiling for documents, so anything larger could never be sent anyway.
pub const DEFAULT_MAX_BYTES: u64 = 100 * 1024 * 1024;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    #[default]
    Local,
    S3,
}

#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields, default)]
pub struct MediaConfig {
    pub backend: Backend,
    pub local_dir: PathBuf,
    pub s3: Option<S3Config>,
    pub max_bytes: u64,
}

impl Default for MediaConfig {
    fn default() -> Self {
        Self { backend: Backend::Local, local_dir: PathBuf::from("data/media"), s3: None, max_bytes: DEFAULT_MAX_BYTES }
    }
}

/// Deserialized through [`RawS3Config`] because the `force_path_style` default depends on whether `endpoint` is set,
/// which a plain serde field default cannot see.
#[derive(Clone, serde::Deserialize)]
#[serde(from = "RawS3Config")]
pub struct S3Config {
    pub bucket: String,
    pub region: String,
    /// S3-compatible endpoint such as MinIO (`http://127.0.0.1:9000`); `None` means AWS itself.
    pub endpoint: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    /// Defaults to `true` when `endpoint` is set: self-hosted S3 servers rarely have wildcard DNS for
    /// virtual-hosted bucket names.
    pub force_path_style: bool,
    /// Prepended to every object key, so one bucket can be shared between deployments.
    pub prefix: String,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
struct RawS3Config {
    bucket: String,
    #[serde(default = "default_region")]
    region: String,
    #[serde(default)]
    endpoint: Option<String>,
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    secret_access_key: Option<String>,
    #[serde(default)]
    force_path_style: Option<bool>,
    #[serde(default)]
    prefix: String,
}

fn default_region() -> String {
    "us-east-1".to_owned()
}

impl From<RawS3Config> for S3Config {
    fn from(raw: RawS3Config) -> Self {
        let force_path_style = raw.force_path_style.unwrap_or(raw.endpoint.is_some());
        Self {
            bucket: raw.bucket,
            region: raw.region,
            endpoint: raw.endpoint,
            access_key_id: raw.access_key_id,
            secret_access_key: raw.secret_access_key,
            force_path_style,
            prefix: raw.prefix,
        }
    }
}

// Hand-written so the secret key never ends up in logs that print the whole config.
impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key.as_ref().map(|_| "<redacted>"))
            .field("force_path_style", &self.force_path_style)
            .field("prefix", &self.prefix)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_uses_defaults() {
        let cfg: MediaConfig = serde_json::from_str("{}").expect("empty config parses");
        assert_eq!(cfg.backend, Backend::Local);
        assert_eq!(cfg.local_dir, PathBuf::from("data/media"));
        assert!(cfg.s3.is_none());
        assert_eq!(cfg.max_bytes, 100 * 1024 * 1024);
    }

    #[test]
    fn path_style_defaults_follow_endpoint() {
        let with_endpoint: MediaConfig =
            serde_json::from_str(r#"{"backend":"s3","s3":{"bucket":"media","endpoint":"http://127.0.0.1:9000"}}"#)
                .expect("config parses");
        assert_eq!(with_endpoint.backend, Backend::S3);
        let s3 = with_endpoint.s3.expect("s3 section present");
        assert!(s3.force_path_style);
        assert_eq!(s3.region, "us-east-1");
        assert_eq!(s3.prefix, "");

        let aws: S3Config = serde_json::from_str(r#"{"bucket":"media","region":"eu-west-1"}"#).expect("config parses");
        assert!(!aws.force_path_style);
        assert_eq!(aws.region, "eu-west-1");

        let explicit: S3Config =
            serde_json::from_str(r#"{"bucket":"media","endpoint":"http://minio:9000","force_path_style":false}"#)
                .expect("config parses");
        assert!(!explicit.force_path_style);
    }

    #[test]
    fn unknown_fields_are_rejected() {
        assert!(serde_json::from_str::<MediaConfig>(r#"{"local_dri":"x"}"#).is_err());
        assert!(serde_json::from_str::<S3Config>(r#"{"bucket":"b","secret":"x"}"#).is_err());
        assert!(serde_json::from_str::<S3Config>("{}").is_err(), "bucket is required");
    }

    #[test]
    fn debug_redacts_secret() {
        let cfg: S3Config =
            serde_json::from_str(r#"{"bucket":"b","access_key_id":"AKIA","secret_access_key":"hunter2"}"#)
                .expect("config parses");
        let shown = format!("{cfg:?}");
        assert!(!shown.contains("hunter2"));
        assert!(shown.contains("AKIA"));
    }
}
