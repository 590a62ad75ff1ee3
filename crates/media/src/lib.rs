//! Media storage: local disk by default, S3-compatible object storage when configured.
