//! Where the signing secret and the credentials keys come from: configuration (`auth.jwt_secret`,
//! `security.encryption_keys`), else the secrets file (`security.secrets_file`, TOML, mode 0600), which is written
//! once when missing. Never a database table: a runtime role that can read a secret lets one SQL injection forge
//! tokens for every tenant and open every stored WhatsApp credential (docs/security.md).

use crate::config::Config;
use anyhow::Context;
use parley_services::crypto::Sealer;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SecretsFile {
    #[serde(default)]
    pub jwt_secret: Option<String>,
    /// Current key first.
    #[serde(default)]
    pub encryption_keys: Vec<String>,
}

pub struct Secrets {
    pub jwt_secret: String,
    pub encryption_keys: Vec<String>,
}

/// 256 random bits (the base64 half of a generated key).
fn random_secret() -> String {
    Sealer::generate_key("jwt").split_off(4)
}

pub fn read(path: &Path) -> anyhow::Result<Option<SecretsFile>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(toml::from_str(&text).with_context(|| format!("reading {}", path.display()))?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Writes the file readable by its owner only. `create_new` when `fresh`: of two processes starting together,
/// one writes and the other reads what it wrote.
pub fn write(path: &Path, s: &SecretsFile, fresh: bool) -> anyhow::Result<bool> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let text = format!(
        "# Parley's secrets: keep this file private (mode 0600) and the same on every node.\n{}",
        toml::to_string(s)?
    );
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true);
    if fresh {
        opts.create_new(true);
    } else {
        opts.create(true).truncate(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = match opts.open(path) {
        Ok(f) => f,
        Err(e) if fresh && e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(e).with_context(|| format!("writing {}", path.display())),
    };
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(true)
}

/// The secrets this process runs with. Missing ones come from the secrets file; a missing file is created, from the
/// secrets an earlier version kept in `platform_settings` when there are any (so stored credentials stay readable
/// after the upgrade), else from new random ones.
pub async fn resolve(cfg: &Config, demo: bool) -> anyhow::Result<Secrets> {
    let configured_jwt = cfg.auth.jwt_secret.as_ref().map(|s| s.expose_secret().to_owned());
    let configured_keys: Vec<String> =
        cfg.security.encryption_keys.iter().map(|k| k.expose_secret().to_owned()).collect();
    if let Some(jwt) = &configured_jwt
        && !configured_keys.is_empty()
    {
        return Ok(Secrets { jwt_secret: jwt.clone(), encryption_keys: configured_keys });
    }
    let path = &cfg.security.secrets_file;
    let file = match read(path)? {
        Some(f) => f,
        None => {
            let legacy = if cfg.database.auto_migrate {
                parley_store::bootstrap::legacy_secrets(&cfg.database.url).await.unwrap_or_default()
            } else {
                vec![]
            };
            let old = |k: &str| legacy.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
            let new = SecretsFile {
                jwt_secret: Some(old("jwt_secret").unwrap_or_else(random_secret)),
                encryption_keys: vec![old("credentials_key").unwrap_or_else(|| Sealer::generate_key("k1"))],
            };
            if write(path, &new, true)? {
                if !legacy.is_empty() {
                    tracing::warn!(file = %path.display(), "moved the secrets kept in the database to the secrets file");
                } else if !demo {
                    tracing::warn!(
                        file = %path.display(),
                        "generated new secrets into the secrets file: every node must share it (or set auth.jwt_secret \
                         and security.encryption_keys)"
                    );
                }
                new
            } else {
                read(path)?.context("the secrets file vanished while starting")?
            }
        }
    };
    let jwt_secret = configured_jwt.or(file.jwt_secret).with_context(|| {
        format!("no auth.jwt_secret and none in {} (parley admin generate-key --write)", path.display())
    })?;
    let encryption_keys = if configured_keys.is_empty() { file.encryption_keys } else { configured_keys };
    Ok(Secrets { jwt_secret, encryption_keys })
}

/// `parley admin generate-key --write`: puts a new credentials key first in the secrets file (creating the file,
/// with a signing secret, when missing). The old keys stay, so what they sealed still opens until
/// `parley admin reseal-credentials` has moved it to the new key.
pub fn add_key(path: &Path, id: &str) -> anyhow::Result<String> {
    let mut file = read(path)?.unwrap_or_default();
    let key = Sealer::generate_key(id);
    let prefix = format!("{id}:");
    if file.encryption_keys.iter().any(|k| k.starts_with(&prefix)) {
        anyhow::bail!("{} already has a key with the id {id}: choose another (--id)", path.display());
    }
    file.encryption_keys.insert(0, key.clone());
    file.jwt_secret.get_or_insert_with(random_secret);
    write(path, &file, false)?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_goes_first_and_the_old_ones_stay() {
        let dir = std::env::temp_dir().join(format!("parley-secrets-{}", uuid::Uuid::now_v7()));
        let path = dir.join("secrets.toml");
        let first = add_key(&path, "k1").expect("first");
        let second = add_key(&path, "k2").expect("second");
        let file = read(&path).expect("read").expect("file");
        assert_eq!(file.encryption_keys, vec![second, first]);
        assert!(file.jwt_secret.as_deref().is_some_and(|s| s.len() >= 32));
        assert!(add_key(&path, "k2").is_err(), "an id is used once");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).expect("clean");
    }

    #[test]
    fn a_file_written_by_another_process_is_kept() {
        let dir = std::env::temp_dir().join(format!("parley-secrets-{}", uuid::Uuid::now_v7()));
        let path = dir.join("secrets.toml");
        let a = SecretsFile { jwt_secret: Some("a".repeat(40)), encryption_keys: vec!["k1:x".into()] };
        let b = SecretsFile { jwt_secret: Some("b".repeat(40)), encryption_keys: vec!["k1:y".into()] };
        assert!(write(&path, &a, true).expect("a"));
        assert!(!write(&path, &b, true).expect("b"), "the second writer finds the file there");
        assert_eq!(read(&path).expect("read").expect("file").jwt_secret, a.jwt_secret);
        std::fs::remove_dir_all(dir).expect("clean");
    }
}
