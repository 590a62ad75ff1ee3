//! Webhook delivery: one background task per endpoint posts events in creation order, signed like Stripe
//! (`Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">`), retrying with backoff on a non-2xx answer
//! or a connection failure, and records every attempt. API calls only queue: they never wait on the receiver.

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::mpsc;

/// One attempt to deliver one event to one endpoint.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Delivery {
    pub event_id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub url: String,
    pub attempt: u32,
    /// The receiver's HTTP status, or None when it could not be reached.
    pub status: Option<u16>,
    pub error: Option<String>,
    /// Real time of the attempt (unix seconds).
    pub at: i64,
}

/// The attempt log, shared with the delivery tasks (which run without the state lock).
#[derive(Clone, Default)]
pub(crate) struct Deliveries(Arc<Mutex<Vec<Delivery>>>);

impl Deliveries {
    pub fn push(&self, d: Delivery) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).push(d);
    }

    pub fn all(&self) -> Vec<Delivery> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

pub(crate) struct Outgoing {
    pub event_id: String,
    pub event_type: String,
    pub payload: String,
}

pub(crate) struct Endpoint {
    pub url: String,
    pub secret: String,
    tx: mpsc::UnboundedSender<Outgoing>,
    /// Held until a Tokio runtime is there to run the delivery task (the simulator may be built outside one).
    rx: Option<mpsc::UnboundedReceiver<Outgoing>>,
}

impl Endpoint {
    pub fn new(url: &str, secret: &str) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        Self { url: url.to_owned(), secret: secret.to_owned(), tx, rx: Some(rx) }
    }

    /// Queues an event; starts the delivery task on first use inside a runtime.
    pub fn enqueue(&mut self, out: Outgoing, http: &reqwest::Client, retries: &[Duration], log: &Deliveries) {
        if self.tx.send(out).is_err() {
            tracing::warn!(url = %self.url, "stripe-sim webhook task is gone");
        }
        if self.rx.is_some()
            && let Ok(handle) = tokio::runtime::Handle::try_current()
            && let Some(rx) = self.rx.take()
        {
            let task = Worker {
                http: http.clone(),
                url: self.url.clone(),
                secret: self.secret.clone(),
                retries: retries.to_vec(),
                log: log.clone(),
            };
            handle.spawn(task.run(rx));
        }
    }
}

/// `t=<unix>,v1=<signature>` for `payload`, as Stripe writes the header.
pub(crate) fn signature_header(secret: &str, payload: &str, t: i64) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return format!("t={t},v1="),
    };
    mac.update(format!("{t}.{payload}").as_bytes());
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

struct Worker {
    http: reqwest::Client,
    url: String,
    secret: String,
    retries: Vec<Duration>,
    log: Deliveries,
}

impl Worker {
    async fn run(self, mut rx: mpsc::UnboundedReceiver<Outgoing>) {
        while let Some(out) = rx.recv().await {
            self.deliver(&out).await;
        }
    }

    async fn deliver(&self, out: &Outgoing) {
        for attempt in 1..=u32::try_from(self.retries.len() + 1).unwrap_or(1) {
            // The signature carries the real time of sending, not the test clock: receivers check it against
            // their own clock (Stripe's 300 s tolerance).
            let t = chrono::Utc::now().timestamp();
            let sent = self
                .http
                .post(&self.url)
                .header(reqwest::header::CONTENT_TYPE, "application/json; charset=utf-8")
                .header(reqwest::header::USER_AGENT, "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .header("Stripe-Signature", signature_header(&self.secret, &out.payload, t))
                .body(out.payload.clone())
                .send()
                .await;
            let (status, error) = match sent {
                Ok(resp) => (Some(resp.status().as_u16()), None),
                Err(e) => (None, Some(e.to_string())),
            };
            self.log.push(Delivery {
                event_id: out.event_id.clone(),
                event_type: out.event_type.clone(),
                url: self.url.clone(),
                attempt,
                status,
                error,
                at: t,
            });
            if status.is_some_and(|s| (200..300).contains(&s)) {
                return;
            }
            tracing::warn!(url = %self.url, event = %out.event_id, ?status, attempt, "stripe-sim webhook not accepted");
            match self.retries.get(usize::try_from(attempt - 1).unwrap_or(usize::MAX)) {
                Some(pause) => tokio::time::sleep(*pause).await,
                None => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_stripes_hmac_of_time_dot_payload() {
        // printf '1492774577.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test
        let h = signature_header("whsec_test", r#"{"id":"evt_1"}"#, 1_492_774_577);
        assert_eq!(h, "t=1492774577,v1=7656fc2882a7ca0a651666b36bf2f2f22ee204f54f608f227498a2419f2890b2");
    }
}
