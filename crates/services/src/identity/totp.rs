//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), the base32 secrets people type
//! into an authenticator app, the `otpauth://` URI and its QR code as an SVG string. Pure functions; storing the
//! secret and the last accepted step is the caller's.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

pub const STEP_SECS: i64 = 30;
pub const DIGITS: u32 = 6;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// 160 random bits, the size RFC 4226 recommends for HMAC-SHA1.
pub fn new_secret() -> Vec<u8> {
    let mut s = vec![0u8; 20];
    rand::rng().fill_bytes(&mut s);
    s
}

/// RFC 4648 base32 without padding (what authenticator apps take).
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(BASE32[((buf >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(BASE32[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Reads base32 ignoring case, spaces and padding; `None` on any other character.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = BASE32.iter().position(|&b| b as char == c.to_ascii_uppercase())? as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push((buf >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

/// The step a moment falls in.
pub fn step_at(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// The code of one step, with `digits` digits (RFC 4226 dynamic truncation).
pub fn code_at_step(secret: &[u8], step: i64, digits: u32) -> String {
    #[allow(clippy::expect_used)] // HMAC takes a key of any length
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("any key length");
    mac.update(&step.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let off = (h[h.len() - 1] & 0x0f) as usize;
    let bin = (u32::from(h[off]) & 0x7f) << 24
        | u32::from(h[off + 1]) << 16
        | u32::from(h[off + 2]) << 8
        | u32::from(h[off + 3]);
    format!("{:0width$}", bin % 10u32.pow(digits), width = digits as usize)
}

/// The step whose code `code` is, within one step either side of `now` (clock drift), or `None`.
pub fn matching_step(secret: &[u8], code: &str, unix_now: i64) -> Option<i64> {
    let code = code.trim().replace(' ', "");
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_at(unix_now);
    [now, now - 1, now + 1].into_iter().find(|&s| {
        let expected = code_at_step(secret, s, DIGITS);
        subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), code.as_bytes()).into()
    })
}

/// What an authenticator app scans: `otpauth://totp/Issuer:account?secret=...&issuer=...`.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20");
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer)
    )
}

/// The URI as a QR code, an SVG document (dark modules on white, with the quiet zone).
pub fn qr_svg(text: &str) -> Result<String, qrcode::types::QrError> {
    let code = qrcode::QrCode::new(text.as_bytes())?;
    Ok(code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(200, 200).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    /// RFC 6238 appendix B, the SHA-1 column (8 digits there).
    #[test]
    fn the_rfc_6238_sha1_test_vectors_match() {
        for (t, want) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at_step(RFC_SECRET, step_at(t), 8), want, "T = {t}");
        }
    }

    #[test]
    fn six_digit_codes_are_the_last_six_of_the_vectors() {
        assert_eq!(code_at_step(RFC_SECRET, step_at(59), 6), "287082");
        assert_eq!(code_at_step(RFC_SECRET, step_at(1_111_111_109), 6), "081804");
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_no_further() {
        let now = 1_234_567_890;
        let code = |s| code_at_step(RFC_SECRET, step_at(now) + s, DIGITS);
        assert_eq!(matching_step(RFC_SECRET, &code(0), now), Some(step_at(now)));
        assert_eq!(matching_step(RFC_SECRET, &code(-1), now), Some(step_at(now) - 1));
        assert_eq!(matching_step(RFC_SECRET, &code(1), now), Some(step_at(now) + 1));
        assert_eq!(matching_step(RFC_SECRET, &code(-2), now), None);
        assert_eq!(matching_step(RFC_SECRET, &code(2), now), None);
        assert_eq!(matching_step(RFC_SECRET, "12345", now), None);
        assert_eq!(matching_step(RFC_SECRET, "abcdef", now), None);
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(from_base32("mzxw 6ytb oi======"), Some(b"foobar".to_vec()));
        let s = new_secret();
        assert_eq!(from_base32(&base32(&s)), Some(s));
        assert_eq!(from_base32("not base32!"), None);
    }

    #[test]
    fn the_uri_names_issuer_and_account_and_renders_as_svg() {
        let uri = otpauth_uri("Parley", "ana@example.com", b"foobar");
        assert_eq!(
            uri,
            "otpauth://totp/Parley:ana%40example.com?secret=MZXW6YTBOI&issuer=Parley&algorithm=SHA1&digits=6&period=30"
        );
        let svg = qr_svg(&uri).expect("svg");
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }
}
