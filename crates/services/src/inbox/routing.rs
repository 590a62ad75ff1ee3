//! What happens on its own when customers write: routing unassigned conversations to an online member
//! below capacity, the away message outside business hours, and snoozed conversations waking up.

use crate::inbox::dto::BusinessHoursDay;
use crate::inbox::hours::Schedule;
use crate::{Core, DbResultExt, Result};
use chrono::Utc;
use parley_domain::TenantId;
use parley_store::TenantTx;
use parley_store::repo::{self, inbox::conversations::ConversationRow};
use serde_json::json;
use uuid::Uuid;

/// What `after_inbound` did, for the events published after commit.
#[derive(Default)]
pub(crate) struct Routed {
    /// (conversation, member) pairs assigned just now.
    pub assigned: Vec<(Uuid, Uuid)>,
    /// Away messages queued just now.
    pub away_messages: Vec<Uuid>,
}

impl Core {
    /// Runs in the transaction that stored the customer's messages, for the conversations they wrote in.
    /// With routing and the away message off (the default) it costs one small read.
    pub(crate) async fn after_inbound(&self, tx: &TenantTx, ids: &[Uuid]) -> Result<Routed> {
        let mut out = Routed::default();
        if ids.is_empty() {
            return Ok(out);
        }
        let settings = repo::inbox::inbox_settings::get(tx).await.db()?;
        if settings.auto_assign != "off" {
            let waiting = repo::inbox::conversations::unassigned_open(tx, ids).await.db()?;
            if !waiting.is_empty() {
                let online: Vec<Uuid> = self.online_users(tx.tenant_id.0).await?.into_iter().collect();
                let least_busy = settings.auto_assign == "least_busy";
                for conv in waiting {
                    let Some(user) =
                        repo::team::agents::pick(tx, &online, least_busy, settings.default_capacity).await.db()?
                    else {
                        break;
                    };
                    repo::inbox::conversations::assign(tx, conv, Some(user), None).await.db()?;
                    out.assigned.push((conv, user));
                }
            }
        }
        if settings.business_hours_enabled && settings.away_message_enabled && !settings.away_message.is_empty() {
            let days: Vec<BusinessHoursDay> = serde_json::from_value(settings.business_hours).unwrap_or_default();
            let now = Utc::now();
            let closed_since = Schedule::parse(&settings.timezone, &days).ok().and_then(|s| s.closed_since(now));
            if let Some(since) = closed_since {
                let convs = repo::inbox::conversations::get_many(tx, ids).await.db()?;
                for c in convs.iter().filter(|c| c.addressable()) {
                    if c.away_sent_at.is_some_and(|at| at >= since) {
                        continue;
                    }
                    let id = self.queue_automatic_text(tx, c, &settings.away_message).await?;
                    repo::inbox::conversations::mark_away_sent(tx, c.id, now).await.db()?;
                    out.away_messages.push(id);
                }
            }
        }
        Ok(out)
    }

    /// Queues a text the business sends by itself (no member wrote it).
    async fn queue_automatic_text(&self, tx: &TenantTx, c: &ConversationRow, text: &str) -> Result<Uuid> {
        let content = json!({"text": text, "automatic": "away_message"});
        let draft = repo::inbox::messages::NewMessage::authored(
            c.id,
            c.connection_id,
            "outbound",
            "text",
            content,
            "queued",
            None,
        );
        Ok(self.queue_outbound(tx, draft, text).await?.id)
    }

    /// Reopens snoozed conversations whose time came, in every workspace; answers how many.
    pub async fn reopen_snoozed(&self) -> Result<usize> {
        let mut n = 0;
        for tenant in repo::platform::system::tenants_with_due_snoozes(&self.db).await.db()? {
            let tx = self.db.tenant_tx(TenantId(tenant)).await.db()?;
            let ids = repo::inbox::conversations::reopen_due(&tx).await.db()?;
            let rows = repo::inbox::conversations::get_many(&tx, &ids).await.db()?;
            n += rows.len();
            let events = rows
                .into_iter()
                .map(|r| crate::events::Event::ConversationUpdated {
                    conversation: crate::inbox::conversations::conversation_dto(r),
                })
                .collect();
            self.commit_events(tx, events).await?;
        }
        Ok(n)
    }
}

/// Wakes snoozed conversations every few seconds, on every node (each reopen is one conditional update,
/// so nodes racing for the same conversation reopen it once).
pub async fn run_snooze_sweeper(core: std::sync::Arc<Core>) {
    loop {
        if let Err(e) = core.reopen_snoozed().await {
            tracing::error!(error = %e, "reopening snoozed conversations failed");
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
}
