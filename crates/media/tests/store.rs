//! Both backends against real storage: a fresh directory, and moto's S3-compatible server run as a child process.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use parley_media::testing::{admin_client, moto_with_bucket};
use parley_media::{Backend, MediaConfig, MediaError, MediaStore, S3Config, StoredObject, object_key};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Small so the size limit can be exercised without shuffling megabytes through moto.
const MAX_BYTES: u64 = 4096;
const HELLO: &[u8] = b"hello world";
const HELLO_SHA256: &str = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const INVALID_KEYS: &[&str] = &["", "/abs", "../escape", "a/../b", "a\\b", "a\0b", "sp ace", "a//b", "a/.hidden"];
const S3_PREFIX: &str = "parley-test";

/// The contract every backend must honour; each backend test adds only what is specific to it.
async fn assert_round_trip(store: &MediaStore) {
    store.check().await.expect("check passes on a healthy store");
    assert_eq!(store.max_bytes(), MAX_BYTES);

    let tenant = Uuid::now_v7();
    let key = object_key(tenant, Uuid::now_v7(), Some("voice note.OGG"));
    assert!(key.starts_with(&format!("t/{tenant}/")), "{key}");
    assert!(key.ends_with(".ogg"), "{key}");

    let stored = store.put(&key, Bytes::from_static(HELLO), "audio/ogg").await.expect("put");
    assert_eq!(stored, StoredObject { key: key.clone(), size: HELLO.len() as u64, sha256: HELLO_SHA256.to_owned() });
    let (bytes, content_type) = store.get(&key).await.expect("get");
    assert_eq!(bytes.as_ref(), HELLO);
    assert_eq!(content_type.as_deref(), Some("audio/ogg"));

    // Overwriting at exactly the limit must replace both the body and the content type.
    let binary: Vec<u8> = (0..=255u8).cycle().take(MAX_BYTES as usize).collect();
    let stored = store.put(&key, Bytes::from(binary.clone()), "image/png").await.expect("put at the limit");
    assert_eq!(stored.size, MAX_BYTES);
    assert_eq!(stored.sha256, hex::encode(Sha256::digest(&binary)));
    let (bytes, content_type) = store.get(&key).await.expect("get after overwrite");
    assert_eq!(bytes.as_ref(), binary.as_slice());
    assert_eq!(content_type.as_deref(), Some("image/png"));

    let empty_key = object_key(tenant, Uuid::now_v7(), None);
    let stored = store.put(&empty_key, Bytes::new(), "text/plain").await.expect("put empty");
    assert_eq!((stored.size, stored.sha256.as_str()), (0, EMPTY_SHA256));
    let (bytes, content_type) = store.get(&empty_key).await.expect("get empty");
    assert!(bytes.is_empty());
    assert_eq!(content_type.as_deref(), Some("text/plain"));

    let big_key = object_key(tenant, Uuid::now_v7(), Some("big.bin"));
    let too_big = Bytes::from(vec![7u8; MAX_BYTES as usize + 1]);
    let err = store.put(&big_key, too_big, "application/octet-stream").await.expect_err("over the limit");
    assert!(matches!(err, MediaError::TooLarge { max: MAX_BYTES }), "{err:?}");
    let err = store.get(&big_key).await.expect_err("a refused put stores nothing");
    assert!(matches!(err, MediaError::NotFound), "{err:?}");

    let err = store.get(&object_key(tenant, Uuid::now_v7(), None)).await.expect_err("never stored");
    assert!(matches!(err, MediaError::NotFound), "{err:?}");

    for bad in INVALID_KEYS {
        let err = store.put(bad, Bytes::from_static(HELLO), "text/plain").await.expect_err("invalid put");
        assert!(matches!(err, MediaError::InvalidKey), "put {bad:?}: {err:?}");
        let err = store.get(bad).await.expect_err("invalid get");
        assert!(matches!(err, MediaError::InvalidKey), "get {bad:?}: {err:?}");
        let err = store.delete(bad).await.expect_err("invalid delete");
        assert!(matches!(err, MediaError::InvalidKey), "delete {bad:?}: {err:?}");
    }

    store.delete(&key).await.expect("delete");
    let err = store.get(&key).await.expect_err("deleted");
    assert!(matches!(err, MediaError::NotFound), "{err:?}");
    store.delete(&key).await.expect("deleting a missing object is fine");
    store.delete(&empty_key).await.expect("delete empty");
}

struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let path = std::env::temp_dir().join(format!("parley-media-test-{}", Uuid::now_v7().simple()));
        std::fs::create_dir_all(&path).expect("create temp dir");
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Cleanup failures must not mask the test's own outcome.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn local_store(dir: &Path) -> MediaStore {
    let cfg = MediaConfig { local_dir: dir.to_path_buf(), max_bytes: MAX_BYTES, ..MediaConfig::default() };
    MediaStore::from_config(&cfg).await.expect("local store")
}

#[tokio::test]
async fn local_round_trip() {
    let tmp = TempDir::new();
    // A nested path proves from_config creates the directory rather than expecting it.
    let store = local_store(&tmp.0.join("nested/media")).await;
    assert_eq!(store.backend_name(), "local");
    assert_round_trip(&store).await;
}

#[tokio::test]
async fn local_layout_leaves_only_object_and_sidecar() {
    let tmp = TempDir::new();
    let store = local_store(&tmp.0).await;
    let key = "t/tenant/2026/01/object.jpg";

    store.put(key, Bytes::from_static(HELLO), "image/jpeg").await.expect("put");
    store.put(key, Bytes::from_static(b"second"), "image/webp").await.expect("overwrite");
    assert_eq!(std::fs::read(tmp.0.join(key)).expect("object file under its key"), b"second");
    let dir = tmp.0.join("t/tenant/2026/01");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list object dir")
        .map(|entry| entry.expect("dir entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".object.jpg.ct", "object.jpg"], "temp files must not outlive a put");

    store.put(key, Bytes::from_static(HELLO), "").await.expect("put without content type");
    let (_, content_type) = store.get(key).await.expect("get");
    assert_eq!(content_type, None, "an empty content type must not inherit the previous one");

    // Paths that run into a file or stop at a directory name no object, as on S3.
    for absent in ["t/tenant", "t/tenant/2026/01/object.jpg/inner"] {
        let err = store.get(absent).await.expect_err("not an object");
        assert!(matches!(err, MediaError::NotFound), "{absent}: {err:?}");
        store.delete(absent).await.expect("deleting a non-object is fine");
    }
    assert!(tmp.0.join(key).is_file(), "deleting a prefix must not touch the objects below it");
}

#[tokio::test]
async fn s3_round_trip_against_moto() {
    let Some((moto, bucket)) = moto_with_bucket("s3_round_trip_against_moto").await else { return };
    let endpoint = moto.endpoint();
    let admin = admin_client(&endpoint);

    let store = MediaStore::from_config(&s3_config(&endpoint, &bucket)).await.expect("s3 store");
    assert_eq!(store.backend_name(), "s3");
    assert_round_trip(&store).await;

    let key = object_key(Uuid::now_v7(), Uuid::now_v7(), Some("doc.pdf"));
    store.put(&key, Bytes::from_static(HELLO), "application/pdf").await.expect("put");
    let head = admin
        .head_object()
        .bucket(&bucket)
        .key(format!("{S3_PREFIX}/{key}"))
        .send()
        .await
        .expect("object lives under the configured prefix");
    assert_eq!(head.content_length(), Some(HELLO.len() as i64));
    assert_eq!(head.content_type(), Some("application/pdf"));

    let missing = MediaStore::from_config(&s3_config(&endpoint, "parley-no-such-bucket")).await.expect("client builds");
    let err = missing.check().await.expect_err("check must fail for a missing bucket");
    assert!(matches!(err, MediaError::Backend(_)), "{err:?}");
}

fn s3_config(endpoint: &str, bucket: &str) -> MediaConfig {
    MediaConfig {
        backend: Backend::S3,
        s3: Some(S3Config {
            bucket: bucket.to_owned(),
            region: "us-east-1".to_owned(),
            endpoint: Some(endpoint.to_owned()),
            access_key_id: Some("test".to_owned()),
            secret_access_key: Some("test".to_owned()),
            force_path_style: true,
            prefix: S3_PREFIX.to_owned(),
        }),
        max_bytes: MAX_BYTES,
        ..MediaConfig::default()
    }
}
