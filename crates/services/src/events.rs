//! Domain events: what changed, published once the change is committed. Listeners (the real-time
//! layer) map them to socket rooms; the services never know who listens.

use crate::inbox::dto::{Conversation, Message};
use std::sync::Arc;
use tokio::sync::broadcast;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub enum Event {
    /// A message, or an internal note, was added to a conversation.
    MessageNew {
        message: Message,
    },
    /// A message's delivery state (or its media) changed.
    MessageStatus {
        message: Message,
    },
    ConversationNew {
        conversation: Conversation,
    },
    ConversationUpdated {
        conversation: Conversation,
    },
    ConversationAssigned {
        conversation: Conversation,
        by: Option<Uuid>,
    },
    /// A member's chosen availability or their connection changed.
    AgentPresence {
        user_id: Uuid,
        status: String,
        online: bool,
    },
    /// A member lost access (disabled or removed), or the whole workspace did (suspended, `None`): their live
    /// connections must end, as their tokens did.
    AccessRevoked {
        user_id: Option<Uuid>,
    },
    /// A campaign sent a batch, changed state, or status webhooks moved its counters.
    CampaignProgress {
        progress: crate::campaigns::dto::CampaignProgress,
    },
    /// A contact import advanced by a batch, started or ended.
    ImportProgress {
        progress: crate::crm::dto::ImportProgress,
    },
    /// A change only integrations (webhooks, automations) hear of: `kind` is the webhook event name
    /// (`contact.created`, `deal.stage_changed` ...), `subject` what deliveries keep order by.
    Integration {
        kind: &'static str,
        subject: Option<Uuid>,
        data: serde_json::Value,
    },
    /// Something a person should notice: to `user_id`, or to the whole workspace when `None`.
    Notification {
        user_id: Option<Uuid>,
        kind: &'static str,
        title: String,
        body: String,
        conversation_id: Uuid,
    },
}

#[derive(Debug)]
pub struct Published {
    pub tenant_id: Uuid,
    pub event: Event,
}

/// In-process fan-out of committed events. With no listener (the CLI, some tests) events are dropped.
#[derive(Clone)]
pub struct EventBus(broadcast::Sender<Arc<Published>>);

impl Default for EventBus {
    fn default() -> Self {
        // Deep enough for a burst of webhook batches while the listener writes the journal.
        Self(broadcast::channel(65_536).0)
    }
}

impl EventBus {
    pub fn publish(&self, tenant_id: Uuid, events: impl IntoIterator<Item = Event>) {
        for event in events {
            // An error only means nobody listens.
            let _ = self.0.send(Arc::new(Published { tenant_id, event }));
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.0.subscribe()
    }
}
