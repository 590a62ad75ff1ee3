//! Webhook delivery to Parley: Meta's bodies escaped and signed as Meta does, Wasender's with its shared
//! secret, each retried a few times, and the outcome reported so the caller can record it.

use parley_whatsapp::signature::sign_meta;
use serde_json::Value;
use std::time::Duration;

/// Pauses between attempts: short, because the receiver is local and tests wait on it.
const BACKOFF: [Duration; 2] = [Duration::from_millis(100), Duration::from_millis(400)];

/// serde_json's output with every non-ASCII character written as `\uXXXX` (lowercase hex, UTF-16
/// surrogate pairs above the BMP), the bytes Meta signs and sends. serde_json only writes non-ASCII
/// characters inside strings, so escaping them anywhere keeps the JSON valid and equal in meaning.
pub(crate) fn meta_bytes(v: &Value) -> Vec<u8> {
    let plain = v.to_string();
    let mut out = String::with_capacity(plain.len());
    for c in plain.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out.into_bytes()
}

/// What happened to one webhook after its retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// The last HTTP status Parley answered, or None when it could not be reached (or no URL is set).
    pub status: Option<u16>,
}

impl Outcome {
    pub fn accepted(self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

async fn post(http: &reqwest::Client, url: &str, body: Vec<u8>, header: (&str, String)) -> Outcome {
    if url.is_empty() {
        return Outcome { status: None };
    }
    let mut status = None;
    for attempt in 0..=BACKOFF.len() {
        let sent = http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(header.0, &header.1)
            .body(body.clone())
            .send()
            .await;
        match sent {
            Ok(resp) if resp.status().is_success() => return Outcome { status: Some(resp.status().as_u16()) },
            Ok(resp) => {
                tracing::warn!(url, status = resp.status().as_u16(), attempt, "webhook refused");
                status = Some(resp.status().as_u16());
            }
            Err(e) => {
                tracing::warn!(url, error = %e, attempt, "webhook not delivered");
                status = None;
            }
        }
        if let Some(pause) = BACKOFF.get(attempt) {
            tokio::time::sleep(*pause).await;
        }
    }
    Outcome { status }
}

/// Posts a Cloud API webhook signed with `X-Hub-Signature-256`.
pub(crate) async fn send_meta(http: &reqwest::Client, url: &str, app_secret: &str, payload: &Value) -> Outcome {
    let body = meta_bytes(payload);
    let signature = sign_meta(app_secret.as_bytes(), &body);
    post(http, url, body, ("X-Hub-Signature-256", signature)).await
}

/// Posts a WasenderAPI webhook, which carries the session's webhook secret itself.
pub(crate) async fn send_wasender(http: &reqwest::Client, url: &str, secret: &str, payload: &Value) -> Outcome {
    post(http, url, payload.to_string().into_bytes(), ("X-Webhook-Signature", secret.to_owned())).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_whatsapp::signature::verify_meta;

    #[test]
    fn non_ascii_is_escaped_with_surrogate_pairs_and_means_the_same() {
        let v = serde_json::json!({ "text": "héllo 👋 みどり" });
        let bytes = meta_bytes(&v);
        let text = std::str::from_utf8(&bytes).expect("ascii");
        assert!(text.is_ascii());
        assert_eq!(text, r#"{"text":"h\u00e9llo \ud83d\udc4b \u307f\u3069\u308a"}"#);
        assert_eq!(serde_json::from_slice::<Value>(&bytes).expect("valid JSON"), v);
    }

    #[test]
    fn the_escaped_fixture_string_signs_like_meta() {
        // whatsapp-api-js's unicode vector: Meta signs the escaped form.
        let decoded = "J'ai mangé des pâtes";
        let escaped = meta_bytes(&Value::String(decoded.into()));
        assert_eq!(escaped, br#""J'ai mang\u00e9 des p\u00e2tes""#.to_vec());
        let sig = sign_meta(b"s", &escaped);
        assert_eq!(verify_meta(b"s", &escaped, Some(&sig)), Ok(()));
        assert!(verify_meta(b"s", format!("\"{decoded}\"").as_bytes(), Some(&sig)).is_err());
    }
}
