//! Builds a ZIP in memory (a contact's history and a workspace's tables fit; media are capped by the caller), off
//! the async threads since deflating is CPU work.

use crate::{DomainError, Result};
use std::io::{Cursor, Write};
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

pub(crate) enum Entry {
    Json(String, serde_json::Value),
    Text(String, String),
    /// Already compressed formats (images, audio, video) are stored as they are.
    Raw(String, bytes::Bytes),
}

pub(crate) async fn build(entries: Vec<Entry>) -> Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || write(entries))
        .await
        .map_err(DomainError::internal)?
        .map_err(DomainError::internal)
}

fn write(entries: Vec<Entry>) -> zip::result::ZipResult<Vec<u8>> {
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).large_file(true);
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored).large_file(true);
    for e in entries {
        match e {
            Entry::Json(name, v) => {
                z.start_file(name, deflated)?;
                let body = serde_json::to_vec_pretty(&v).map_err(std::io::Error::other)?;
                z.write_all(&body)?;
            }
            Entry::Text(name, s) => {
                z.start_file(name, deflated)?;
                z.write_all(s.as_bytes())?;
            }
            Entry::Raw(name, b) => {
                z.start_file(name, stored)?;
                z.write_all(&b)?;
            }
        }
    }
    Ok(z.finish()?.into_inner())
}
