//! Webhooks in. The acknowledgement checks the signature and stores the raw body (one insert); the
//! processor then turns stored events into contacts, conversations, messages and statuses, in batches,
//! idempotently: a retried or duplicated delivery stores each message once.

use super::{Credentials, TARGET_TTL, Target};
use crate::campaigns::statuses::StatusReport;
use crate::events::Event as DomainEvent;
use crate::inbox::conversations as inbox;
use crate::inbox::dto::Conversation;
use crate::{Core, DbResultExt, DomainError, Result};
use chrono::Utc;
use parley_domain::{Phone, TenantId};
use parley_store::repo::inbox::messages::StatusIn;
use parley_store::repo::{self, channel::connections::ConnectionPatch};
use parley_store::{Db, TenantTx};
use parley_whatsapp::cloud::{self, Event, InboundMessage, MessageKind};
use parley_whatsapp::signature;
use parley_whatsapp::wasender::{self, WasenderEvent, WasenderStatus};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    Cloud,
    Wasender,
}

impl Provider {
    fn as_str(self) -> &'static str {
        match self {
            Self::Cloud => "cloud",
            Self::Wasender => "wasender",
        }
    }
}

/// How many times an event about a message not stored yet is retried before it is given up.
const MAX_DEFERRALS: i32 = 8;

fn unknown_endpoint() -> DomainError {
    DomainError::NotFound("Webhook endpoint")
}

fn bad_signature(e: signature::SignatureError) -> DomainError {
    DomainError::InvalidToken { code: "invalid_signature", message: format!("Webhook rejected: {e}.") }
}

#[derive(Clone)]
pub struct IngestService(pub(crate) Arc<Core>);

impl IngestService {
    async fn target(&self, connection_id: Uuid, fresh: bool) -> Result<Target> {
        let ch = &self.0.channel;
        if !fresh
            && let Some((at, t)) = ch.targets.lock().ok().and_then(|m| m.get(&connection_id).cloned())
            && at.elapsed() < TARGET_TTL
        {
            return Ok(t);
        }
        let row = repo::platform::system::webhook_target(&self.0.db, connection_id)
            .await
            .db()?
            .ok_or_else(unknown_endpoint)?;
        let secret = match ch.open(&row.credentials)? {
            Credentials::Cloud { app_secret, .. } => app_secret,
            Credentials::Wasender { webhook_secret, .. } => webhook_secret,
        };
        let t = Target {
            tenant_id: row.tenant_id,
            kind: row.kind,
            verify_token: row.verify_token,
            secret,
            active: row.tenant_status == "active",
        };
        if let Ok(mut m) = ch.targets.lock() {
            m.insert(connection_id, (Instant::now(), t.clone()));
        }
        Ok(t)
    }

    /// Meta's subscription check: answers the challenge when the verify token matches.
    pub async fn verify(
        &self,
        connection_id: Uuid,
        mode: Option<&str>,
        token: Option<&str>,
        challenge: Option<&str>,
    ) -> Result<String> {
        let t = self.target(connection_id, true).await?;
        let ok = mode == Some("subscribe")
            && token.is_some_and(|tok| {
                bool::from(subtle::ConstantTimeEq::ct_eq(tok.as_bytes(), t.verify_token.as_bytes()))
            });
        match (ok, challenge) {
            (true, Some(c)) => Ok(c.to_owned()),
            _ => Err(DomainError::Blocked {
                code: "verification_failed",
                message: "The verify token does not match.".into(),
            }),
        }
    }

    /// Authenticates and stores one delivery. Errors: 404 unknown endpoint, 401 bad signature (nothing
    /// stored), 400 not JSON (kept as a failed event for inspection).
    pub async fn receive(
        &self,
        connection_id: Uuid,
        provider: Provider,
        body: &[u8],
        signature_header: Option<&str>,
    ) -> Result<()> {
        let check = |t: &Target| match provider {
            Provider::Cloud => signature::verify_meta(t.secret.as_bytes(), body, signature_header),
            Provider::Wasender => signature::verify_wasender(&t.secret, signature_header),
        };
        let mut t = self.target(connection_id, false).await?;
        if t.kind != provider.as_str() {
            return Err(unknown_endpoint());
        }
        if check(&t).is_err() {
            // The secret may have changed on another node within the cache's minute.
            t = self.target(connection_id, true).await?;
            check(&t).map_err(bad_signature)?;
        }
        if !t.active {
            return Err(crate::errors::workspace_unavailable());
        }
        let is_json = serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok();
        let event = repo::channel::webhook_events::NewEvent {
            id: Uuid::now_v7(),
            connection_id,
            provider: provider.as_str(),
            body: body.to_vec(),
            status: if is_json { "received" } else { "failed" },
            problems: if is_json { json!([]) } else { json!([{"problem": "not_json"}]) },
        };
        self.0.channel.acks.store(t.tenant_id, event).await?;
        if !is_json {
            return Err(DomainError::Malformed {
                code: "malformed_json",
                message: "The webhook body is not valid JSON; it was kept for inspection.".into(),
            });
        }
        self.0.channel.ingest_wakeup.notify_one();
        Ok(())
    }

    /// Processes due events until none are left: one round claims a batch across tenants.
    pub async fn drain(&self) -> Result<usize> {
        let mut total = 0;
        loop {
            let n = self.process_round().await?;
            total += n;
            if n == 0 {
                return Ok(total);
            }
        }
    }

    /// One round: claim, then process each tenant's share in one transaction.
    pub async fn process_round(&self) -> Result<usize> {
        let claimed =
            repo::platform::system::claim_webhook_events(&self.0.db, self.0.channel.cfg.ingest_batch, 60).await.db()?;
        let n = claimed.len();
        let mut by_tenant: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for c in claimed {
            by_tenant.entry(c.tenant_id).or_default().push(c.id);
        }
        for (tenant, ids) in by_tenant {
            if let Err(e) = self.process_batch(tenant, &ids).await {
                // One bad event must not hold up the others: retry them one per transaction.
                tracing::warn!(error = %e, events = ids.len(), "webhook batch failed; processing one by one");
                for id in ids {
                    if let Err(e) = self.process_batch(tenant, &[id]).await {
                        tracing::error!(error = %e, event = %id, "webhook event failed");
                        let problems = json!([{"problem": "processing_error", "detail": e.to_string()}]);
                        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
                        repo::channel::webhook_events::defer(&tx.tx, id, 30, &problems).await.db()?;
                        tx.commit().await.db()?;
                    }
                }
            }
        }
        Ok(n)
    }

    async fn process_batch(&self, tenant: Uuid, ids: &[Uuid]) -> Result<()> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        let events = repo::channel::webhook_events::load(&tx, ids).await.db()?;
        let mut p = Processor {
            core: &self.0,
            tx: &tx,
            numbers: None,
            pending: Vec::new(),
            events: Vec::new(),
            flows_queued: false,
            campaigns: Vec::new(),
        };
        let mut done = Vec::with_capacity(events.len());
        for ev in events {
            // Parsing a batch is CPU work on the runtime's threads: yield between events so that
            // acknowledgements waiting on the same threads are not held up behind a whole batch.
            tokio::task::yield_now().await;
            let mut out = Outcome::default();
            match ev.provider.as_str() {
                "wasender" => p.wasender(ev.connection_id, &ev.body, &mut out).await?,
                _ => p.cloud(ev.connection_id, &ev.body, &mut out).await?,
            }
            let problems = Value::Array(out.problems);
            if out.defer && ev.attempts < MAX_DEFERRALS {
                // Exponential: 1, 2, 4 ... seconds; the message it waits for is normally committed by then.
                repo::channel::webhook_events::defer(&tx.tx, ev.id, 1 << ev.attempts.clamp(0, 6), &problems)
                    .await
                    .db()?;
            } else {
                done.push((ev.id, if out.unreadable { "failed" } else { "processed" }, problems));
            }
        }
        p.flush().await?;
        repo::channel::webhook_events::finish_many(&tx, &done).await.db()?;
        let events = std::mem::take(&mut p.events);
        let flows_queued = p.flows_queued;
        let mut campaigns = std::mem::take(&mut p.campaigns);
        self.0.commit_events(tx, events).await?;
        if flows_queued {
            self.0.flows.wakeup.notify_one();
        }
        campaigns.sort_unstable();
        campaigns.dedup();
        for c in campaigns {
            self.0.campaign_progress(tenant, c, false).await?;
        }
        Ok(())
    }
}

#[derive(Default)]
struct Outcome {
    problems: Vec<Value>,
    /// Something it refers to is not stored yet (a status racing its send): try again shortly.
    defer: bool,
    /// The body itself could not be read.
    unreadable: bool,
}

impl Outcome {
    fn problem(&mut self, problem: &str, detail: impl Into<Value>) {
        self.problems.push(json!({"problem": problem, "detail": detail.into()}));
    }

    /// The parsed body, or `None` with the event marked unreadable.
    fn readable<T, E: std::fmt::Display>(&mut self, parsed: std::result::Result<T, E>) -> Option<T> {
        parsed
            .map_err(|e| {
                self.unreadable = true;
                self.problem("unreadable", e.to_string());
            })
            .ok()
    }
}

/// Applies events inside one tenant transaction.
struct Processor<'a> {
    core: &'a Core,
    tx: &'a TenantTx,
    /// phone_number_id → connection id, read once per batch.
    numbers: Option<HashMap<String, Uuid>>,
    /// Messages of the batch, written together by `flush` (a handful of statements for the whole batch).
    pending: Vec<Pending>,
    /// Published once the batch is committed.
    events: Vec<DomainEvent>,
    /// Customers' messages were queued for flows: wake the runner after the commit.
    flows_queued: bool,
    /// Campaigns whose counters the batch changed (their progress is published after the commit).
    campaigns: Vec<Uuid>,
}

/// A message a webhook brought, waiting for its batch's `flush`.
struct Pending {
    connection_id: Uuid,
    phone: Option<String>,
    wa_user_id: Option<String>,
    profile_name: Option<String>,
    direction: &'static str,
    message: InboundMessage,
    /// Already known (a widget visitor's contact): no contact is looked up or made from the phone.
    contact_id: Option<Uuid>,
    /// Already stored (a widget visitor's upload): linked as is, nothing to download.
    media_id: Option<Uuid>,
}

/// A message a website widget's visitor wrote, stored by the same path as WhatsApp's messages so that flows,
/// automations, routing and analytics see it alike. `key` plays WhatsApp's message id: a second copy is skipped.
pub(crate) struct DirectInbound {
    pub connection_id: Uuid,
    pub contact_id: Uuid,
    pub key: String,
    pub name: Option<String>,
    pub kind: MessageKind,
    pub media_id: Option<Uuid>,
    pub raw: Value,
}

/// What storing direct messages did, for after the caller's commit (`Core::published_direct`).
pub(crate) struct DirectStored {
    pub events: Vec<DomainEvent>,
    flows_queued: bool,
    campaigns: Vec<Uuid>,
}

impl Core {
    /// Stores widget messages in the caller's transaction, through the batch writer WhatsApp's webhooks use.
    pub(crate) async fn ingest_direct(&self, tx: &TenantTx, items: Vec<DirectInbound>) -> Result<DirectStored> {
        let mut p = Processor {
            core: self,
            tx,
            numbers: None,
            pending: Vec::new(),
            events: Vec::new(),
            flows_queued: false,
            campaigns: Vec::new(),
        };
        for i in items {
            p.pending.push(Pending {
                connection_id: i.connection_id,
                phone: None,
                wa_user_id: None,
                profile_name: i.name.clone(),
                direction: "inbound",
                message: InboundMessage {
                    channel: Default::default(),
                    id: i.key,
                    from: None,
                    from_user_id: None,
                    to: None,
                    profile_name: i.name,
                    username: None,
                    timestamp: Utc::now(),
                    kind: i.kind,
                    context: None,
                    referral: None,
                    errors: vec![],
                    problem: None,
                    raw: i.raw,
                },
                contact_id: Some(i.contact_id),
                media_id: i.media_id,
            });
        }
        p.flush().await?;
        Ok(DirectStored { events: p.events, flows_queued: p.flows_queued, campaigns: p.campaigns })
    }

    /// After the commit of `ingest_direct`'s transaction: tells listeners, wakes the flow runner.
    pub(crate) async fn published_direct(&self, tenant: Uuid, stored: DirectStored, queued: u64) -> Result<()> {
        self.published(tenant, stored.events, queued);
        if stored.flows_queued {
            self.flows.wakeup.notify_one();
        }
        let mut campaigns = stored.campaigns;
        campaigns.sort_unstable();
        campaigns.dedup();
        for c in campaigns {
            self.campaign_progress(tenant, c, false).await?;
        }
        Ok(())
    }
}

impl Processor<'_> {
    /// The tenant's number an event names, else the one whose URL received it (a Meta app sends all
    /// its numbers' events to one URL).
    async fn connection_for(&mut self, phone_number_id: &str, fallback: Uuid) -> Result<Uuid> {
        if self.numbers.is_none() {
            let rows = repo::channel::connections::list(&self.tx.tx).await.db()?;
            self.numbers = Some(rows.into_iter().filter_map(|r| Some((r.phone_number_id?, r.id))).collect());
        }
        Ok(self.numbers.as_ref().and_then(|m| m.get(phone_number_id).copied()).unwrap_or(fallback))
    }

    async fn cloud(&mut self, connection_id: Uuid, body: &[u8], out: &mut Outcome) -> Result<()> {
        let Some(events) = out.readable(cloud::parse_webhook(body)) else { return Ok(()) };
        // A webhook's statuses (Meta sends up to a hundred in one) are applied together after its other events.
        let mut statuses: Vec<(cloud::StatusUpdate, &'static str, Option<Value>)> = Vec::new();
        for ev in events {
            match ev {
                Event::Message(m) => {
                    let conn = self.connection_for(&m.channel.phone_number_id, connection_id).await?;
                    self.inbound(conn, &m, out);
                }
                Event::Echo(m) => {
                    let conn = self.connection_for(&m.channel.phone_number_id, connection_id).await?;
                    self.echo(conn, &m, out);
                }
                Event::Status(s) => {
                    let name = match s.status {
                        cloud::DeliveryStatus::Sent => "sent",
                        cloud::DeliveryStatus::Delivered => "delivered",
                        cloud::DeliveryStatus::Read => "read",
                        cloud::DeliveryStatus::Failed => "failed",
                        cloud::DeliveryStatus::Other(ref o) => {
                            out.problem("unknown_status", o.clone());
                            continue;
                        }
                    };
                    let error = s.errors.first().map(|e| {
                        json!({"code": e.code, "reason": e.message.clone().or(e.details.clone()).unwrap_or(e.title.clone()), "title": e.title})
                    });
                    statuses.push((s, name, error));
                }
                Event::TemplateStatus(t) => {
                    let n = repo::channel::templates::set_status_by_wa_id(
                        self.tx,
                        &t.template_id,
                        &t.event,
                        t.reason.as_deref(),
                    )
                    .await
                    .db()?;
                    if n == 0 {
                        // Meta can answer a new template's review before its creation committed here.
                        out.defer = true;
                        out.problem("unknown_template", t.template_id.clone());
                    }
                }
                Event::Error { channel, error } => {
                    let conn = self.connection_for(&channel.phone_number_id, connection_id).await?;
                    let reason = format!("({}) {}", error.code, error.message.clone().unwrap_or(error.title.clone()));
                    repo::channel::connections::update(
                        self.tx,
                        conn,
                        ConnectionPatch { last_error: Some(Some(reason.clone())), ..Default::default() },
                    )
                    .await
                    .db()?;
                    out.problem("whatsapp_error", reason);
                }
                Event::UserPreference(p) => self.preference(&p, out).await?,
                Event::Unknown { field, .. } => out.problem("unknown_field", field),
                Event::Invalid { reason, .. } => out.problem("invalid", reason),
            }
        }
        let reports: Vec<StatusReport> = statuses
            .iter()
            .map(|(s, name, error)| StatusReport {
                wa_id: &s.message_id,
                status: name,
                at: s.timestamp,
                error: error.as_ref(),
                raw: &s.raw,
            })
            .collect();
        self.statuses(&reports, out).await
    }

    /// Applies statuses: to campaign recipients, then to the thread's messages, a few statements per round. A
    /// message named twice in one webhook (sent, then delivered) is applied in order, one round per repeat.
    async fn statuses(&mut self, reports: &[StatusReport<'_>], out: &mut Outcome) -> Result<()> {
        for round in rounds(reports) {
            self.campaigns.extend(self.core.campaign_statuses(self.tx, &round).await?);
            let news: Vec<StatusIn> = round
                .iter()
                .map(|r| StatusIn {
                    wa_message_id: r.wa_id.to_owned(),
                    status: r.status,
                    at: r.at,
                    error: r.error.cloned(),
                })
                .collect();
            let found = repo::inbox::messages::apply_statuses(self.tx, &news).await.db()?;
            let known: HashSet<&str> = found.iter().filter_map(|m| m.wa_message_id.as_deref()).collect();
            for r in &round {
                if !known.contains(r.wa_id) {
                    out.defer = true;
                    out.problem("unknown_message", r.wa_id.to_owned());
                }
            }
            for message in inbox::with_media_many(self.tx, found).await? {
                self.events.push(DomainEvent::MessageStatus { message });
            }
        }
        Ok(())
    }

    /// Meta's record of a customer stopping or resuming marketing messages.
    async fn preference(&mut self, p: &cloud::UserPreference, out: &mut Outcome) -> Result<()> {
        let status = match p.value.as_str() {
            "stop" => "opted_out",
            "resume" => "opted_in",
            other => {
                out.problem("unknown_preference", other.to_owned());
                return Ok(());
            }
        };
        let Ok(phone) = Phone::parse(&p.wa_id) else {
            out.problem("invalid_wa_id", p.wa_id.clone());
            return Ok(());
        };
        match repo::crm::consent::contact_by_phone(self.tx, phone.as_str()).await.db()? {
            Some(id) => {
                crate::crm::consent::record(self.tx, id, status, "meta", Some(&p.category), None).await?;
            }
            None => out.problem("unknown_contact", p.wa_id.clone()),
        }
        Ok(())
    }

    /// A customer's message: queued for the batch's contact, conversation and message writes.
    fn inbound(&mut self, conn: Uuid, m: &InboundMessage, out: &mut Outcome) {
        let phone = m.from.as_deref().and_then(|f| Phone::parse(f).ok()).map(|p| p.as_str().to_owned());
        if phone.is_none() && m.from_user_id.is_none() {
            out.problem("no_sender", m.id.clone());
            return;
        }
        self.pending.push(Pending {
            connection_id: conn,
            wa_user_id: m.from_user_id.clone(),
            profile_name: m.profile_name.clone().or(m.username.clone()),
            phone,
            direction: "inbound",
            message: m.clone(),
            contact_id: None,
            media_id: None,
        });
    }

    /// A message the business sent from the WhatsApp Business app on its phone.
    fn echo(&mut self, conn: Uuid, m: &InboundMessage, out: &mut Outcome) {
        let Some(to) = m.to.as_deref().and_then(|t| Phone::parse(t).ok()) else {
            out.problem("no_recipient", m.id.clone());
            return;
        };
        self.pending.push(Pending {
            connection_id: conn,
            phone: Some(to.as_str().to_owned()),
            wa_user_id: None,
            profile_name: None,
            direction: "outbound",
            message: m.clone(),
            contact_id: None,
            media_id: None,
        });
    }

    /// Writes the batch's messages in a handful of statements: contacts, conversations, messages
    /// (duplicates skipped by their WhatsApp id), conversation activity, then media for the new ones.
    async fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        let key = |phone: &Option<String>, user: &Option<String>| phone.clone().or(user.clone()).unwrap_or_default();
        let mut seen: HashMap<String, repo::crm::contacts::SeenContact> = HashMap::new();
        for p in pending.iter().filter(|p| p.contact_id.is_none()) {
            let c = seen.entry(key(&p.phone, &p.wa_user_id)).or_insert_with(|| repo::crm::contacts::SeenContact {
                phone: p.phone.clone(),
                wa_user_id: p.wa_user_id.clone(),
                profile_name: None,
            });
            if p.profile_name.is_some() {
                c.profile_name = p.profile_name.clone();
            }
        }
        let seen: Vec<_> = seen.into_values().collect();
        // A row found by user id may carry a phone (and the other way round): index it by both.
        let contacts: HashMap<String, Uuid> = repo::crm::contacts::upsert_many(self.tx, &seen)
            .await
            .db()?
            .into_iter()
            .flat_map(|c| [c.phone.map(|p| (p, c.id)), c.wa_user_id.map(|u| (u, c.id))])
            .flatten()
            .collect();
        let contact_of = |p: &Pending| p.contact_id.or_else(|| contacts.get(&key(&p.phone, &p.wa_user_id)).copied());
        let mut pairs: Vec<(Uuid, Uuid)> =
            pending.iter().filter_map(|p| Some((contact_of(p)?, p.connection_id))).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let ensured = repo::inbox::conversations::ensure_many(self.tx, &pairs).await.db()?;
        let created: HashSet<Uuid> = ensured.iter().filter(|c| c.created).map(|c| c.id).collect();
        let conversations: HashMap<(Uuid, Uuid), Uuid> =
            ensured.into_iter().map(|c| ((c.contact_id, c.connection_id), c.id)).collect();

        let mut rows = Vec::with_capacity(pending.len());
        let mut previews = HashMap::new();
        for p in &pending {
            let Some(conversation_id) = contact_of(p).and_then(|c| conversations.get(&(c, p.connection_id)).copied())
            else {
                continue;
            };
            let m = &p.message;
            let (content, preview) = content_of(&m.kind);
            previews.insert(m.id.clone(), preview);
            rows.push(repo::inbox::messages::IncomingMessage {
                id: Uuid::now_v7(),
                conversation_id,
                connection_id: p.connection_id,
                direction: p.direction.to_owned(),
                wa_message_id: m.id.clone(),
                kind: m.kind.type_name().to_owned(),
                content,
                raw: m.raw.clone(),
                status: if p.direction == "inbound" { "received" } else { "sent" }.to_owned(),
                reply_to_wa_id: m.context.as_ref().and_then(|c| c.message_id.clone()),
                created_at: m.timestamp,
            });
        }
        let inserted: HashMap<String, Uuid> = repo::inbox::messages::insert_many(self.tx, &rows)
            .await
            .db()?
            .into_iter()
            .map(|i| (i.wa_message_id, i.id))
            .collect();

        let mut activity: HashMap<Uuid, repo::inbox::conversations::Activity> = HashMap::new();
        for r in rows.iter().filter(|r| inserted.get(&r.wa_message_id) == Some(&r.id)) {
            let preview = previews.get(&r.wa_message_id).cloned().unwrap_or_default();
            let a = activity.entry(r.conversation_id).or_insert_with(|| repo::inbox::conversations::Activity {
                id: r.conversation_id,
                inbound: 0,
                last_inbound_at: None,
                last_at: r.created_at,
                preview: preview.clone(),
            });
            if r.direction == "inbound" {
                a.inbound += 1;
                a.last_inbound_at = a.last_inbound_at.max(Some(r.created_at));
            }
            if r.created_at >= a.last_at {
                a.last_at = r.created_at;
                a.preview = preview;
            }
        }
        let activity: Vec<_> = activity.into_values().collect();
        repo::inbox::conversations::record_activity(self.tx, &activity).await.db()?;
        let customer_wrote: Vec<Uuid> = activity.iter().filter(|a| a.inbound > 0).map(|a| a.id).collect();
        // STOP / START and their translations change the contact's marketing consent.
        let keywords: Vec<(Uuid, Uuid, Uuid, String)> = pending
            .iter()
            .filter(|p| p.direction == "inbound" && inserted.contains_key(&p.message.id))
            .filter_map(|p| {
                let MessageKind::Text { body } = &p.message.kind else { return None };
                let contact = contact_of(p)?;
                Some((contact, *conversations.get(&(contact, p.connection_id))?, p.connection_id, body.clone()))
            })
            .collect();
        let consent_events = crate::crm::consent::apply_keywords(self.tx, &keywords).await?;
        self.events.extend(consent_events);
        // Customers' messages go to chatbot flows first when the workspace has any live (or a run going); the
        // routing and away message of those conversations wait until the runner knows no flow took them.
        let for_flows: Vec<crate::flows::runner::InboundForFlow<'_>> = pending
            .iter()
            .filter(|p| p.direction == "inbound")
            .filter_map(|p| {
                let message_id = *inserted.get(&p.message.id)?;
                let contact_id = contact_of(p)?;
                Some(crate::flows::runner::InboundForFlow {
                    message_id,
                    contact_id,
                    conversation_id: *conversations.get(&(contact_id, p.connection_id))?,
                    connection_id: p.connection_id,
                    kind: &p.message.kind,
                    type_name: p.message.kind.type_name(),
                })
            })
            .collect();
        // A reply to a campaign counts for it (and may start its reply flow, which then takes the message).
        let mut repliers: Vec<Uuid> = for_flows.iter().map(|i| i.contact_id).collect();
        repliers.sort_unstable();
        repliers.dedup();
        self.campaigns.extend(self.core.campaign_replies(self.tx, &repliers).await?);
        let to_flows = self.core.queue_for_flows(self.tx, &for_flows).await?;
        self.flows_queued |= !to_flows.is_empty();
        let routable: Vec<Uuid> = customer_wrote.into_iter().filter(|c| !to_flows.contains(c)).collect();
        let routed = self.core.after_inbound(self.tx, &routable).await?;

        for p in pending.iter().filter(|p| p.direction == "inbound") {
            if let (Some(id), Some(stored)) = (inserted.get(&p.message.id), p.media_id) {
                repo::inbox::messages::set_media(self.tx, *id, stored).await.db()?;
                continue;
            }
            let (Some(id), MessageKind::Media { media_id, url, mime_type, filename, .. }) =
                (inserted.get(&p.message.id), &p.message.kind)
            else {
                continue;
            };
            let wa_media = media_id.as_deref().or(url.as_deref());
            self.core
                .attach_inbound_media(
                    self.tx,
                    p.connection_id,
                    *id,
                    wa_media,
                    mime_type.as_deref(),
                    filename.as_deref(),
                )
                .await?;
        }

        let ids: Vec<Uuid> = activity.iter().map(|a| a.id).collect();
        let convs: HashMap<Uuid, Conversation> = repo::inbox::conversations::get_many(self.tx, &ids)
            .await
            .db()?
            .into_iter()
            .map(|r| (r.id, inbox::conversation_dto(r)))
            .collect();
        for (id, c) in &convs {
            let conversation = c.clone();
            self.events.push(if created.contains(id) {
                DomainEvent::ConversationNew { conversation }
            } else {
                DomainEvent::ConversationUpdated { conversation }
            });
        }
        for (conv, user) in &routed.assigned {
            if let Some(c) = convs.get(conv) {
                self.events.push(DomainEvent::ConversationAssigned { conversation: c.clone(), by: None });
                self.events.push(inbox::assigned_notification(c, *user));
            }
        }
        let mut new_ids: Vec<Uuid> = inserted.values().copied().collect();
        new_ids.extend(&routed.away_messages);
        for message in inbox::messages_with_media(self.tx, &new_ids).await? {
            if message.direction == "inbound"
                && let Some(c) = convs.get(&message.conversation_id)
            {
                self.events.push(inbox::message_notification(c));
            }
            self.events.push(DomainEvent::MessageNew { message });
        }
        Ok(())
    }

    async fn wasender(&mut self, conn: Uuid, body: &[u8], out: &mut Outcome) -> Result<()> {
        let Some(event) = out.readable(wasender::parse_webhook(body)) else { return Ok(()) };
        let events = [event];
        for ev in events {
            match ev {
                WasenderEvent::Messages { messages, .. } => {
                    for m in messages {
                        let Some(phone) = m.phone.as_deref().and_then(|p| Phone::parse(p).ok()) else {
                            out.problem("no_sender", m.id.clone());
                            continue;
                        };
                        let kind = MessageKind::Text { body: m.text.clone().unwrap_or_default() };
                        let msg = InboundMessage {
                            channel: Default::default(),
                            id: m.id.clone(),
                            from: Some(phone.digits().to_owned()),
                            from_user_id: None,
                            to: Some(phone.digits().to_owned()),
                            profile_name: m.raw.pointer("/pushName").and_then(Value::as_str).map(str::to_owned),
                            username: None,
                            timestamp: Utc::now(),
                            kind,
                            context: None,
                            referral: None,
                            errors: vec![],
                            problem: None,
                            raw: m.raw.clone(),
                        };
                        if m.from_me { self.echo(conn, &msg, out) } else { self.inbound(conn, &msg, out) }
                    }
                }
                WasenderEvent::Status { message_id, status, timestamp, .. } => {
                    let name = match status {
                        WasenderStatus::Sent | WasenderStatus::Pending => "sent",
                        WasenderStatus::Delivered => "delivered",
                        WasenderStatus::Read | WasenderStatus::Played => "read",
                        WasenderStatus::Error => "failed",
                        WasenderStatus::Unknown(n) => {
                            out.problem("unknown_status", n);
                            continue;
                        }
                    };
                    let error = (name == "failed")
                        .then(|| json!({"code": "wasender_error", "reason": "WasenderAPI reported an error"}));
                    let raw = Value::Null;
                    let report = StatusReport {
                        wa_id: &message_id,
                        status: name,
                        at: timestamp.unwrap_or_else(Utc::now),
                        error: error.as_ref(),
                        raw: &raw,
                    };
                    self.statuses(&[report], out).await?;
                }
                WasenderEvent::Session { status, .. } => {
                    let s = parley_whatsapp::wasender_client::SessionStatus::parse(&status);
                    let name = super::connections::status_name(&s);
                    let qr = (name == "connected").then_some(None);
                    repo::channel::connections::update(
                        self.tx,
                        conn,
                        ConnectionPatch { status: Some(name.into()), qr_code: qr, ..Default::default() },
                    )
                    .await
                    .db()?;
                }
                WasenderEvent::Qr { qr, .. } => {
                    repo::channel::connections::update(
                        self.tx,
                        conn,
                        ConnectionPatch {
                            status: Some("need_scan".into()),
                            qr_code: Some(Some(qr)),
                            ..Default::default()
                        },
                    )
                    .await
                    .db()?;
                }
                WasenderEvent::Unknown { event, .. } => out.problem("unknown_event", event),
                WasenderEvent::Invalid { reason, .. } => out.problem("invalid", reason),
            }
        }
        Ok(())
    }
}

/// Splits statuses into rounds in which no message and no campaign recipient appears twice, keeping their order: the
/// batch statements update a row once, so a later status of the same message waits for the next round.
fn rounds<'a, 'b>(reports: &'b [StatusReport<'a>]) -> Vec<Vec<StatusReport<'a>>> {
    let mut rounds: Vec<(HashSet<String>, Vec<StatusReport<'a>>)> = Vec::new();
    for r in reports {
        let keys = [Some(format!("w{}", r.wa_id)), r.recipient().map(|id| format!("r{id}"))];
        let keys: Vec<String> = keys.into_iter().flatten().collect();
        // After the last round already holding one of its keys, so that repeats stay in order.
        let after = rounds.iter().rposition(|(seen, _)| keys.iter().any(|k| seen.contains(k))).map_or(0, |i| i + 1);
        if after == rounds.len() {
            rounds.push((HashSet::new(), Vec::new()));
        }
        let (seen, round) = &mut rounds[after];
        seen.extend(keys);
        round.push(*r);
    }
    rounds.into_iter().map(|(_, round)| round).collect()
}

/// What a message shows (content JSON) and its one-line preview for the conversation list.
pub(crate) fn content_of(kind: &MessageKind) -> (Value, String) {
    match kind {
        MessageKind::Text { body } => (json!({"text": body}), body.clone()),
        MessageKind::Media { media_type, caption, filename, mime_type, voice, .. } => (
            json!({"caption": caption, "filename": filename, "mimeType": mime_type, "voice": voice}),
            format!("[{}] {}", media_type.as_str(), caption.clone().or(filename.clone()).unwrap_or_default())
                .trim()
                .to_owned(),
        ),
        MessageKind::Location { latitude, longitude, name, address } => (
            json!({"latitude": latitude, "longitude": longitude, "name": name, "address": address}),
            format!("[location] {}", name.clone().unwrap_or_default()).trim().to_owned(),
        ),
        MessageKind::Contacts { contacts } => (json!({"contacts": contacts}), "[contacts]".into()),
        MessageKind::Reaction { message_id, emoji } => (
            json!({"emoji": emoji, "reactedTo": message_id}),
            format!("[reaction] {}", emoji.clone().unwrap_or_default()).trim().to_owned(),
        ),
        MessageKind::ButtonReply { id, title, payload } => {
            (json!({"text": title, "buttonId": id, "payload": payload}), title.clone())
        }
        MessageKind::ListReply { id, title, description } => {
            (json!({"text": title, "rowId": id, "description": description}), title.clone())
        }
        MessageKind::Order { catalog_id, items } => {
            (json!({"catalogId": catalog_id, "items": items}), "[order]".into())
        }
        MessageKind::System { body, system_type } => (json!({"text": body, "systemType": system_type}), body.clone()),
        MessageKind::Revoke { original_message_id } => {
            (json!({"revokes": original_message_id}), "[message deleted]".into())
        }
        MessageKind::Edit { original_message_id, message } => {
            (json!({"edits": original_message_id, "message": message}), "[message edited]".into())
        }
        MessageKind::Unsupported { type_name } => {
            (json!({"unsupportedType": type_name}), "[unsupported message]".into())
        }
    }
}

/// Runs webhook processing forever: woken by this node's acknowledgements, and polling every second
/// for other nodes' events and deferred retries.
pub async fn run_processor(svc: IngestService) {
    let wake = svc.0.channel.ingest_wakeup.clone();
    loop {
        match svc.drain().await {
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, "webhook processing round failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}

/// How many events wait for processing (the ingest benchmark watches this reach zero).
pub async fn pending(db: &Db) -> Result<u64> {
    repo::platform::system::pending_webhook_events(db).await.db()
}
