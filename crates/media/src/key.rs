use chrono::{DateTime, Datelike, Utc};
use uuid::Uuid;

use crate::MediaError;

/// S3's own limit; local filesystems would choke on path length long before anything hits it.
const MAX_KEY_LEN: usize = 1024;
const MAX_EXT_LEN: usize = 8;

/// Builds `t/<tenant>/<yyyy>/<mm>/<media_id>[.<ext>]`. Tenant first so one tenant's media can be listed, exported
/// or purged by prefix; the month keeps local directories from growing without bound.
pub fn object_key(tenant_id: Uuid, media_id: Uuid, filename_hint: Option<&str>) -> String {
    object_key_at(tenant_id, media_id, filename_hint, Utc::now())
}

fn object_key_at(tenant_id: Uuid, media_id: Uuid, filename_hint: Option<&str>, now: DateTime<Utc>) -> String {
    let mut key = format!("t/{tenant_id}/{:04}/{:02}/{media_id}", now.year(), now.month());
    if let Some(ext) = filename_hint.and_then(safe_extension) {
        key.push('.');
        key.push_str(&ext);
    }
    key
}

/// Filename hints come from WhatsApp senders, so only a short alphanumeric extension survives; everything else in
/// the hint is discarded rather than cleaned up.
fn safe_extension(hint: &str) -> Option<String> {
    let hint = hint.trim();
    let name = hint.rsplit(['/', '\\']).next().unwrap_or(hint);
    let (stem, ext) = name.rsplit_once('.')?;
    let valid = !stem.is_empty()
        && !ext.is_empty()
        && ext.len() <= MAX_EXT_LEN
        && ext.bytes().all(|b| b.is_ascii_alphanumeric());
    valid.then(|| ext.to_ascii_lowercase())
}

/// Segments starting with `.` are refused (which also covers `.` and `..`) so the local backend can keep its temp
/// and sidecar files under dot-names that no object key can ever collide with.
pub(crate) fn validate(key: &str) -> Result<(), MediaError> {
    let valid = !key.is_empty()
        && key.len() <= MAX_KEY_LEN
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'_' | b'-'))
        && !key.contains("..")
        && key.split('/').all(|segment| !segment.is_empty() && !segment.starts_with('.'));
    if valid { Ok(()) } else { Err(MediaError::InvalidKey) }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn ids() -> (Uuid, Uuid) {
        (
            Uuid::parse_str("0190f1a2-0000-7000-8000-000000000001").expect("valid uuid"),
            Uuid::parse_str("0190f1a2-0000-7000-8000-0000000000ff").expect("valid uuid"),
        )
    }

    #[test]
    fn key_layout() {
        let (tenant, media) = ids();
        let at = Utc.with_ymd_and_hms(2026, 3, 7, 12, 0, 0).single().expect("valid date");
        assert_eq!(
            object_key_at(tenant, media, Some("Invoice March.PDF"), at),
            "t/0190f1a2-0000-7000-8000-000000000001/2026/03/0190f1a2-0000-7000-8000-0000000000ff.pdf"
        );
        assert_eq!(
            object_key_at(tenant, media, None, at),
            "t/0190f1a2-0000-7000-8000-000000000001/2026/03/0190f1a2-0000-7000-8000-0000000000ff"
        );
    }

    #[test]
    fn hostile_hints_never_leak_into_key() {
        let (tenant, media) = ids();
        let bare = object_key(tenant, media, None);
        for hint in [
            "../../etc/passwd",
            "..",
            ".bashrc",
            "photo.",
            "a.b/c",
            "x.j p g",
            "x.toolongext",
            "x.ph\0p",
            "x.\u{e9}",
            "",
        ] {
            assert_eq!(object_key(tenant, media, Some(hint)), bare, "hint {hint:?}");
        }
        assert!(object_key(tenant, media, Some("..\\..\\evil.exe")).ends_with(".exe"));
        assert!(object_key(tenant, media, Some("/tmp/../voice.OGG ")).ends_with(".ogg"));
        for hint in ["../../etc/passwd", "..\\..\\evil.exe", "a/../../b.jpg"] {
            validate(&object_key(tenant, media, Some(hint))).expect("generated keys are always valid");
        }
    }

    #[test]
    fn validation() {
        for ok in ["a", "t/x/2026/01/abc.jpg", "A-b_c.d/e"] {
            assert!(validate(ok).is_ok(), "{ok:?} should be valid");
        }
        let too_long = "a".repeat(MAX_KEY_LEN + 1);
        for bad in [
            "",
            "/abs",
            "a/../b",
            "..",
            "a..b",
            "a\\b",
            "a\0b",
            "a//b",
            "trailing/",
            "./a",
            "a/.hidden",
            "sp ace",
            "per%cent",
            "\u{e9}",
            too_long.as_str(),
        ] {
            assert!(matches!(validate(bad), Err(MediaError::InvalidKey)), "{bad:?} should be invalid");
        }
    }
}
