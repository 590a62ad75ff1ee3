use std::fs::{self, File};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use bytes::Bytes;
use uuid::Uuid;

use crate::MediaError;

#[derive(Debug, Clone)]
pub(crate) struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    pub(crate) async fn open(dir: &Path) -> anyhow::Result<Self> {
        tokio::fs::create_dir_all(dir).await.with_context(|| format!("creating media directory {}", dir.display()))?;
        Ok(Self { root: dir.to_path_buf() })
    }

    pub(crate) async fn check(&self) -> Result<(), MediaError> {
        let probe = self.root.join(format!(".check-{}", Uuid::now_v7().simple()));
        blocking(move || {
            fs::write(&probe, b"ok").map_err(|e| io_error("writing", &probe, &e))?;
            fs::remove_file(&probe).map_err(|e| io_error("removing", &probe, &e))
        })
        .await
    }

    /// The content type is committed before the data so that a reader who can see a freshly created object always
    /// sees its content type too; media keys are unique per upload, so overwrites are the rare case.
    pub(crate) async fn put(&self, key: &str, bytes: Bytes, content_type: &str) -> Result<(), MediaError> {
        let paths = ObjectPaths::new(&self.root, key)?;
        let content_type = content_type.to_owned();
        blocking(move || {
            let dir = paths.data.parent().ok_or(MediaError::InvalidKey)?;
            fs::create_dir_all(dir).map_err(|e| io_error("creating", dir, &e))?;
            if content_type.is_empty() {
                remove_if_present(&paths.content_type)?;
            } else {
                write_atomic(&paths.content_type, content_type.as_bytes())?;
            }
            write_atomic(&paths.data, &bytes)
        })
        .await
    }

    pub(crate) async fn get(&self, key: &str) -> Result<(Bytes, Option<String>), MediaError> {
        let paths = ObjectPaths::new(&self.root, key)?;
        blocking(move || {
            let data = match fs::read(&paths.data) {
                Ok(data) => data,
                Err(e) if means_absent(&e) => return Err(MediaError::NotFound),
                Err(e) => return Err(io_error("reading", &paths.data, &e)),
            };
            let content_type = match fs::read_to_string(&paths.content_type) {
                Ok(content_type) => Some(content_type),
                Err(e) if means_absent(&e) => None,
                Err(e) => return Err(io_error("reading", &paths.content_type, &e)),
            };
            Ok((Bytes::from(data), content_type))
        })
        .await
    }

    pub(crate) async fn delete(&self, key: &str) -> Result<(), MediaError> {
        let paths = ObjectPaths::new(&self.root, key)?;
        blocking(move || {
            remove_if_present(&paths.data)?;
            remove_if_present(&paths.content_type)
        })
        .await
    }
}

struct ObjectPaths {
    data: PathBuf,
    content_type: PathBuf,
}

impl ObjectPaths {
    /// Callers validate the key first; that validation is what keeps the joined path inside `root`.
    fn new(root: &Path, key: &str) -> Result<Self, MediaError> {
        let data = root.join(key);
        let name = data.file_name().ok_or(MediaError::InvalidKey)?.to_string_lossy().into_owned();
        let content_type = data.with_file_name(format!(".{name}.ct"));
        Ok(Self { data, content_type })
    }
}

/// Writes to a unique temp file beside the target, flushes it to disk, then renames it over the target, so the final
/// name only ever holds a complete file even if the process or machine dies halfway.
fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), MediaError> {
    let dir = path.parent().ok_or(MediaError::InvalidKey)?;
    let name = path.file_name().ok_or(MediaError::InvalidKey)?.to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.tmp", Uuid::now_v7().simple()));
    let written = File::create_new(&tmp)
        .and_then(|mut file| {
            file.write_all(contents)?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = written {
        // Best effort: the temp name is hidden and unique, so a leftover is harmless, and the original error is the
        // one worth reporting.
        let _ = fs::remove_file(&tmp);
        return Err(io_error("writing", path, &e));
    }
    sync_dir(dir).map_err(|e| io_error("syncing", dir, &e))
}

/// Without this the rename itself may not survive a power loss even though the file contents did.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

fn remove_if_present(path: &Path) -> Result<(), MediaError> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if means_absent(&e) => Ok(()),
        Err(e) => Err(io_error("removing", path, &e)),
    }
}

/// A key whose path runs into a regular file or lands on a directory (because other keys live underneath it) names
/// no object, exactly as on S3.
fn means_absent(e: &io::Error) -> bool {
    matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory | ErrorKind::IsADirectory)
}

fn io_error(action: &str, path: &Path, e: &io::Error) -> MediaError {
    MediaError::Io(format!("{action} {}: {e}", path.display()))
}

async fn blocking<T, F>(f: F) -> Result<T, MediaError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, MediaError> + Send + 'static,
{
    tokio::task::spawn_blocking(f).await.map_err(|e| MediaError::Io(format!("storage task failed: {e}")))?
}
