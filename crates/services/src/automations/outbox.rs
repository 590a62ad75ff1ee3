//! Keeping domain events for integrations: the events a change publishes are also written, in the change's own
//! transaction, to the outbox when an enabled endpoint or automation listens to their kind; the delivery worker
//! and the automation worker take them from there. A crash after the commit loses no delivery; a crash before it loses the change as well.

use crate::events::Event;
use crate::{Core, DbResultExt, Result};
use parley_store::TenantTx;
use parley_store::repo::automations::outbox;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::Arc;
use uuid::Uuid;

/// An event as integrations see it: its kind (`message.created`), what it is about (deliveries keep order per
/// subject) and its data.
pub(crate) struct Integration {
    pub kind: &'static str,
    pub subject: Option<Uuid>,
    pub data: Value,
}

/// What a live event is to integrations, if anything: presence, progress and notifications stay inside Parley,
/// and internal notes never leave it.
fn integration(event: &Event) -> Option<Integration> {
    let (kind, subject, data) = match event {
        Event::MessageNew { message } if message.direction != "note" => {
            ("message.created", Some(message.conversation_id), json!(message))
        }
        Event::MessageStatus { message } if message.direction != "note" => {
            ("message.status", Some(message.conversation_id), json!(message))
        }
        Event::ConversationNew { conversation } => ("conversation.created", Some(conversation.id), json!(conversation)),
        Event::ConversationUpdated { conversation } => {
            ("conversation.updated", Some(conversation.id), json!(conversation))
        }
        Event::ConversationAssigned { conversation, by } => {
            ("conversation.assigned", Some(conversation.id), json!({ "conversation": conversation, "assignedBy": by }))
        }
        Event::Integration { kind, subject, data } => (*kind, *subject, data.clone()),
        _ => return None,
    };
    Some(Integration { kind, subject, data })
}

impl Core {
    /// Commits `tx` with its events kept for the workspace's webhooks, then publishes them live and wakes the
    /// delivery worker when deliveries were queued.
    pub(crate) async fn commit_events(&self, tx: TenantTx, events: Vec<Event>) -> Result<()> {
        let tenant = tx.tenant_id.0;
        let queued = self.record_events(&tx, &events).await?;
        tx.commit().await.db()?;
        self.published(tenant, events, queued);
        Ok(())
    }

    /// After a commit that recorded `events` (answering `queued` deliveries): publishes them live and wakes the
    /// delivery worker.
    pub(crate) fn published(&self, tenant: Uuid, events: Vec<Event>, queued: u64) {
        self.events.publish(tenant, events);
        if queued > 0 {
            self.webhooks.wakeup.notify_one();
        }
    }

    /// Writes the events someone listens to into the outbox of `tx`; answers how many deliveries were queued.
    /// Kinds nobody listens to cost one cached lookup, no serialising and no statement.
    pub(crate) async fn record_events(&self, tx: &TenantTx, events: &[Event]) -> Result<u64> {
        self.record_events_caused(tx, events, None).await
    }

    /// `record_events` for events an automation's actions produced (`cause`: the rule and how deep in a chain
    /// of rules), so the automation worker can guard against loops. Wakes the automation worker (it looks
    /// after the commit: an entry it cannot see yet waits for its next poll).
    pub(crate) async fn record_events_caused(
        &self,
        tx: &TenantTx,
        events: &[Event],
        cause: Option<outbox::Cause>,
    ) -> Result<u64> {
        if events.is_empty() {
            return Ok(0);
        }
        let listened = self.listened(tx).await?;
        if listened.is_empty() {
            return Ok(0);
        }
        let mut kinds = Vec::new();
        let mut subjects = Vec::new();
        let mut payloads = Vec::new();
        for e in events {
            let Some(i) = integration(e) else { continue };
            if listened.contains(i.kind) {
                kinds.push(i.kind.to_owned());
                subjects.push(i.subject.unwrap_or_default());
                payloads.push(i.data);
            }
        }
        if kinds.is_empty() {
            return Ok(0);
        }
        let r = outbox::record(tx, &kinds, &subjects, &payloads, cause).await.db()?;
        if r.automations > 0 {
            self.webhooks.automations.wakeup.notify_one();
        }
        Ok(r.deliveries as u64)
    }

    async fn listened(&self, tx: &TenantTx) -> Result<Arc<HashSet<String>>> {
        let tenant = tx.tenant_id.0;
        if let Some(k) = self.webhooks.cached(tenant) {
            return Ok(k);
        }
        let kinds = outbox::listened(tx).await.db()?;
        Ok(self.webhooks.remember(tenant, kinds.into_iter().collect()))
    }
}
