//! Graph API errors (`{"error": {"code": ..., "message": ...}}`), classified into what the sender must do.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphErrorKind {
    /// 131047: more than 24 hours since the customer last wrote; only a template may be sent.
    WindowClosed,
    /// 130429 (and 80007, 4, 613): throughput limit of the number or app; back off and retry.
    Throttled,
    /// 131056: too many messages to the same user in a short time; wait before the next one.
    PairRateLimit,
    /// 131026: the recipient cannot receive the message (not on WhatsApp, old app ...).
    Undeliverable,
    /// 190: the access token expired or was revoked; the number needs attention.
    TokenExpired,
    /// 100: a parameter is invalid.
    BadParameter,
    /// Anything else, with its code.
    Other(i64),
}

impl GraphErrorKind {
    pub fn from_code(code: i64) -> Self {
        match code {
            131047 => Self::WindowClosed,
            130429 | 80007 | 4 | 613 => Self::Throttled,
            131056 => Self::PairRateLimit,
            131026 => Self::Undeliverable,
            190 => Self::TokenExpired,
            100 => Self::BadParameter,
            other => Self::Other(other),
        }
    }

    /// Whether sending the same request again later may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Throttled | Self::PairRateLimit)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GraphError {
    pub code: i64,
    #[serde(default)]
    pub message: String,
    #[serde(default, rename = "type")]
    pub error_type: Option<String>,
    #[serde(default)]
    pub error_subcode: Option<i64>,
    #[serde(default)]
    pub fbtrace_id: Option<String>,
    #[serde(default)]
    pub error_data: Option<serde_json::Value>,
}

impl GraphError {
    pub fn kind(&self) -> GraphErrorKind {
        GraphErrorKind::from_code(self.code)
    }

    /// Reads a Graph API error body: `{"error": {...}}`, or the bare error object.
    pub fn from_body(body: &[u8]) -> Option<Self> {
        #[derive(Deserialize)]
        struct Envelope {
            error: GraphError,
        }
        serde_json::from_slice::<Envelope>(body).map(|e| e.error).or_else(|_| serde_json::from_slice(body)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_what_the_sender_must_do() {
        assert_eq!(GraphErrorKind::from_code(131047), GraphErrorKind::WindowClosed);
        assert!(GraphErrorKind::from_code(130429).is_retryable());
        assert!(GraphErrorKind::from_code(131056).is_retryable());
        assert!(!GraphErrorKind::from_code(190).is_retryable());
        assert_eq!(GraphErrorKind::from_code(555), GraphErrorKind::Other(555));
        let e = GraphError::from_body(br#"{"error":{"code":100,"message":"Invalid parameter"}}"#).expect("parses");
        assert_eq!(e.kind(), GraphErrorKind::BadParameter);
        assert!(GraphError::from_body(b"<html>502</html>").is_none());
    }
}
