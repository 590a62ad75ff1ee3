//! The event log: every change worth a webhook becomes an Event (async-stripe's struct) with a snapshot of the
//! object and, for updates, `previous_attributes` computed by comparing the object before and after. Each event
//! is queued at once to every webhook endpoint.

use crate::ids;
use crate::objects::{self, to_json};
use crate::state::{State, StoredEvent};
use crate::webhook::{Endpoint, Outgoing};
use serde_json::{Map, Value};

/// The top-level fields of `before` whose values changed, with their old values (Stripe's
/// `previous_attributes`: a changed array or object is given whole).
pub(crate) fn previous_attributes(before: &Value, after: &Value) -> Option<Value> {
    let (Value::Object(b), Value::Object(a)) = (before, after) else { return None };
    let changed: Map<String, Value> =
        b.iter().filter(|(k, v)| a.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), v.clone())).collect();
    (!changed.is_empty()).then_some(Value::Object(changed))
}

impl State {
    /// Adds a webhook endpoint, or gives an existing URL its new secret.
    pub fn add_endpoint(&mut self, url: &str, secret: &str) {
        self.endpoints.retain(|e| e.url != url);
        self.endpoints.push(Endpoint::new(url, secret));
    }

    /// Records an event and queues it for every endpoint; returns its id.
    pub fn emit(&mut self, type_: &str, object: Value, previous: Option<Value>) -> String {
        let id = ids::new("evt");
        let pending = i64::try_from(self.endpoints.len()).unwrap_or(0);
        let event = objects::event(&id, type_, self.now, &object, previous.as_ref(), pending, self.request.as_ref());
        let payload = serde_json::to_string_pretty(&event).unwrap_or_default();
        self.events.push(StoredEvent { id: id.clone(), payload: payload.clone() });
        self.deliver(&id, type_, &payload);
        id
    }

    /// Queues an already recorded event again (to every endpoint), for duplicate-delivery tests.
    pub fn resend(&mut self, event_id: &str) -> bool {
        let Some(ev) = self.events.iter().find(|e| e.id == event_id) else { return false };
        let payload = ev.payload.clone();
        let type_ = serde_json::from_str::<Value>(&payload)
            .ok()
            .and_then(|v| v.get("type").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_default();
        self.deliver(event_id, &type_, &payload);
        true
    }

    fn deliver(&mut self, id: &str, type_: &str, payload: &str) {
        let http = self.http.clone();
        let retries = self.cfg.webhook_retries.clone();
        let log = self.deliveries.clone();
        for endpoint in &mut self.endpoints {
            let out = Outgoing { event_id: id.to_owned(), event_type: type_.to_owned(), payload: payload.to_owned() };
            endpoint.enqueue(out, &http, &retries, &log);
        }
    }

    pub fn sub_json(&self, id: &str) -> Value {
        self.sub(id).map(|s| to_json(&objects::subscription(self, s, &[]))).unwrap_or(Value::Null)
    }

    pub fn invoice_json(&self, id: &str) -> Value {
        self.invoice(id).map(|i| to_json(&objects::invoice(self, i, &[]))).unwrap_or(Value::Null)
    }

    pub fn emit_sub(&mut self, type_: &str, id: &str) {
        let object = self.sub_json(id);
        self.emit(type_, object, None);
    }

    /// `customer.subscription.updated` when anything changed since `before` (a `sub_json` taken earlier).
    pub fn emit_sub_updated(&mut self, id: &str, before: &Value) {
        let after = self.sub_json(id);
        if let Some(prev) = previous_attributes(before, &after) {
            self.emit("customer.subscription.updated", after, Some(prev));
        }
    }

    pub fn emit_invoice(&mut self, type_: &str, id: &str) {
        let object = self.invoice_json(id);
        self.emit(type_, object, None);
    }

    pub fn emit_schedule(&mut self, type_: &str, id: &str) {
        let object = self.schedule(id).map(|s| to_json(&objects::schedule(self, s))).unwrap_or(Value::Null);
        self.emit(type_, object, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn previous_attributes_hold_the_old_values_of_changed_fields_only() {
        let before = json!({"status": "trialing", "items": {"data": [1]}, "id": "sub_1"});
        let after = json!({"status": "active", "items": {"data": [2]}, "id": "sub_1"});
        assert_eq!(previous_attributes(&before, &after), Some(json!({"status": "trialing", "items": {"data": [1]}})));
        assert_eq!(previous_attributes(&after, &after), None);
    }
}
