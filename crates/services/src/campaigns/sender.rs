//! The campaign sender. Each (campaign, number) is a lane: it takes this second's sends from the number's shared
//! pace, claims that many due recipients (`FOR UPDATE SKIP LOCKED`, so lanes on other nodes take others), defers
//! those in quiet hours, before their local time or beyond the portfolio's 24-hour budget, and commits the rest as
//! `sending` with their inbox messages before calling the Graph API with the recipient id as
//! `biz_opaque_callback_data`. Answers are settled in one batch; Meta's codes decide between retry later, defer a
//! day, skip for good, or pause the whole campaign. A crash leaves rows `sending`: a status webhook settles them,
//! or the sweep marks them `unknown` after a timeout. Nothing is ever resent automatically.

use super::dto::VariableMapping;
use super::editor::shape_of;
use super::launch::LaunchService;
use super::template;
use super::{pacing, portfolio};
use crate::billing::quota::Meter;
use crate::channel::limiter;
use crate::{Core, DbResultExt, DomainError, Result};
use chrono::{DateTime, TimeZone, Timelike, Utc};
use futures::StreamExt;
use parley_domain::TenantId;
use parley_store::TenantTx;
use parley_store::repo::campaigns::{definitions as repo, recipients, sends};
use parley_store::repo::channel::connections::ConnectionRow;
use parley_whatsapp::client::{ClientError, OutboundMessage, SentMessage};
use parley_whatsapp::wasender_client::WasenderSend;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// Batches of one lane whose sends may be under way at once (each about a quarter second of the number's pace).
const IN_FLIGHT: usize = 4;

/// Errors after which nothing more should be sent: the campaign pauses with the reason and the owners are mailed.
const STOP_CODES: [i64; 8] = [131048, 131042, 132015, 132016, 368, 131031, 132001, 190];
/// Tries of a temporary failure (throttling, a provider error) before the row fails, retryable by a person.
const MAX_TRIES: i16 = 5;
/// The person cannot or does not want to get marketing: skipped, never retried.
const SKIP_CODES: [i64; 3] = [131050, 130472, 131026];

/// What the Graph API (or the QR provider) said about one send.
pub(crate) struct SendFail {
    pub code: Option<i64>,
    pub reason: String,
    /// The request surely did not reach WhatsApp (a refusal), so sending again cannot duplicate it.
    pub refused: bool,
    pub retryable: bool,
}

fn fail_of(e: &ClientError) -> SendFail {
    let code = match e {
        ClientError::Graph { error, .. } => Some(error.code),
        _ => None,
    };
    // A timeout, a dropped connection, a gateway's 5xx page or an unreadable 200 may all have reached WhatsApp:
    // such a row stays `sending` for a status webhook to settle (or becomes `unknown`), never resent blindly.
    let refused = !matches!(e, ClientError::Transport(_) | ClientError::Decode(_))
        && !matches!(e, ClientError::Http { status, .. } if *status >= 500);
    SendFail { code, reason: e.reason(), refused, retryable: e.is_retryable() }
}

/// Sends one template (or, on a QR number, its text) to `to`.
pub(crate) async fn send_one(
    core: &Core,
    conn: &ConnectionRow,
    template: &Value,
    components: &Value,
    vars: &BTreeMap<String, String>,
    to: &str,
    callback: Option<&str>,
) -> std::result::Result<SentMessage, SendFail> {
    let internal = |m: String| SendFail { code: None, reason: m, refused: true, retryable: false };
    let creds = core.channel.open(&conn.credentials).map_err(|e| internal(e.to_string()))?;
    let digits = to.trim_start_matches('+');
    match creds {
        super::super::channel::Credentials::Cloud { access_token, .. } => {
            let client = core.channel.cloud(conn.simulated).map_err(|e| internal(e.to_string()))?;
            let msg = OutboundMessage::Template {
                to: digits.to_owned(),
                name: template["name"].as_str().unwrap_or_default().to_owned(),
                language: template["language"].as_str().unwrap_or_default().to_owned(),
                components: components.clone(),
            };
            let pnid = conn.phone_number_id.clone().unwrap_or_default();
            client.send_tagged(&pnid, &access_token, &msg, callback).await.map_err(|e| fail_of(&e))
        }
        super::super::channel::Credentials::Wasender { api_key, .. } => {
            let (client, _) = core.channel.wasender_account(conn.simulated).map_err(|e| internal(e.to_string()))?;
            let text = template::render(&shape_of(template), vars);
            let msg = WasenderSend { to: to.to_owned(), text: Some(text), media: None };
            client
                .send(&api_key, &msg)
                .await
                .map(|id| SentMessage { message_id: id, wa_id: None, message_status: None })
                .map_err(|e| SendFail { code: None, reason: e.reason(), refused: true, retryable: e.is_retryable() })
        }
    }
}

/// When a recipient may be messaged, if not now: their local time for a campaign sent in each recipient's time
/// zone, and the end of quiet hours.
pub(crate) fn not_before(row: &repo::CampaignRow, phone: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let campaign_tz: chrono_tz::Tz = row.timezone.parse().unwrap_or(chrono_tz::UTC);
    let tz: chrono_tz::Tz = parley_domain::country::country_of(phone)
        .and_then(parley_domain::country::time_zone_of)
        .and_then(|t| t.parse().ok())
        .unwrap_or(campaign_tz);
    let mut at = now;
    if row.recipient_timezone
        && let Some(s) = row.schedule_at
    {
        let wall = s.with_timezone(&campaign_tz).naive_local();
        if let Some(local) = tz.from_local_datetime(&wall).earliest() {
            at = at.max(local.with_timezone(&Utc));
        }
    }
    if let (Some(start), Some(end)) = (row.quiet_start, row.quiet_end) {
        let local = at.with_timezone(&tz);
        let m = (local.hour() * 60 + local.minute()) as i16;
        let quiet = if start < end { m >= start && m < end } else { m >= start || m < end };
        if quiet {
            // The end of the quiet hours: today, or tomorrow when they wrap past midnight and it is evening.
            let wait = (i64::from(end) - i64::from(m)).rem_euclid(24 * 60);
            let next = local + chrono::Duration::minutes(wait) - chrono::Duration::seconds(i64::from(local.second()));
            at = next.with_timezone(&Utc);
        }
    }
    (at > now).then_some(at)
}

#[derive(Clone)]
pub struct CampaignSender(pub(crate) Arc<Core>);

impl CampaignSender {
    /// One round of the sender: starts scheduled campaigns whose time came, opens a lane for every running
    /// campaign's number that has none on this node, and settles rows a crash left `sending`.
    pub async fn tick(&self) -> Result<()> {
        self.0.publish_held().await?;
        for s in recipients::settle_stale(&self.0.db, self.0.campaigns.cfg.sending_timeout).await.db()? {
            let tx = self.0.db.tenant_tx(TenantId(s.tenant_id)).await.db()?;
            if let Some(m) = s.message_id {
                let err = json!({ "code": "send_interrupted", "reason": "Sending was interrupted; it was not resent to avoid a duplicate." });
                sends::fail_messages(&tx, &[m], &[err]).await.db()?;
            }
            tx.commit().await.db()?;
            self.0.campaign_progress(s.tenant_id, s.campaign_id, false).await?;
        }
        for c in repo::active(&self.0.db).await.db()? {
            if c.status == "scheduled" {
                LaunchService(self.0.clone()).start_scheduled(c.tenant_id, c.id).await?;
                continue;
            }
            for conn in c.connection_ids {
                let fresh = self
                    .0
                    .campaigns
                    .lanes
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert((c.id, conn));
                if fresh {
                    let me = self.clone();
                    tokio::spawn(async move {
                        if let Err(e) = me.lane(c.tenant_id, c.id, conn).await {
                            tracing::error!(error = %e, campaign = %c.id, "campaign lane failed");
                        }
                        me.0.campaigns
                            .lanes
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .remove(&(c.id, conn));
                    });
                }
            }
        }
        Ok(())
    }

    /// Sends a campaign's recipients from one number until it is paused, ends or has nothing due.
    async fn lane(&self, tenant: Uuid, id: Uuid, connection_id: Uuid) -> Result<()> {
        let cfg = self.0.campaigns.cfg.clone();
        let permits = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
        loop {
            let permit = permits.clone().acquire_owned().await.map_err(DomainError::internal)?;
            let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
            let Some(row) = repo::get(&tx, id).await.db()? else { return Ok(()) };
            if row.status != "running" {
                return Ok(());
            }
            let Some(conn) = parley_store::repo::channel::connections::get(&tx.tx, connection_id).await.db()? else {
                return self.stop(tenant, id, &row.name, "A number of the campaign was removed.").await;
            };
            if !super::usable(&conn) {
                let reason = format!("{} is {}: reconnect it and resume.", conn.name, conn.status.replace('_', " "));
                return self.stop(tenant, id, &row.name, &reason).await;
            }
            drop(tx);
            // About a quarter second of sends per round: few rows wait `sending` for their slot (a crash leaves
            // at most those `unknown`), and a paused campaign stops within that.
            let want = if conn.kind == "wasender" {
                tokio::time::sleep(Duration::from_secs(cfg.qr_seconds_per_message)).await;
                1
            } else {
                let rate = row.rate_per_second.map_or(conn.rate_per_second, |r| r.min(conn.rate_per_second));
                (i64::from(rate) / 4).clamp(1, cfg.batch)
            };
            match self.round(tenant, &row, &conn, want, permit).await? {
                Round::Sent => {}
                Round::Idle(next) => {
                    // Nothing due now: completed when nothing is left (once the batches in flight settled),
                    // otherwise wait for the next due row.
                    drop(permits.acquire_many(IN_FLIGHT as u32).await.map_err(DomainError::internal)?);
                    let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
                    if recipients::unsettled(&tx, id).await.db()? == 0 {
                        let mut events = vec![];
                        if repo::transition(&tx, id, &["running"], "completed", None).await.db()?
                            && let Some(done) = repo::get(&tx, id).await.db()?
                        {
                            let data = serde_json::json!(super::progress::of(&tx, &done).await?);
                            events.push(crate::events::Event::Integration {
                                kind: "campaign.completed",
                                subject: Some(id),
                                data,
                            });
                        }
                        self.0.commit_events(tx, events).await?;
                        self.0.campaign_progress(tenant, id, true).await?;
                        return Ok(());
                    }
                    drop(tx);
                    self.0.campaign_progress(tenant, id, false).await?;
                    let wait = next.map_or(Duration::from_secs(1), |at| {
                        (at - Utc::now())
                            .to_std()
                            .unwrap_or_default()
                            .clamp(Duration::from_millis(50), Duration::from_secs(5))
                    });
                    tokio::time::sleep(wait).await;
                }
                Round::Stop(reason) => return self.stop(tenant, id, &row.name, &reason).await,
            }
        }
    }

    /// Pauses a campaign for a reason a person must see (and mails the owners).
    async fn stop(&self, tenant: Uuid, id: Uuid, name: &str, reason: &str) -> Result<()> {
        self.stop_since(tenant, id, name, reason, Utc::now()).await
    }

    /// `stop` for a reason found by work begun at `since`: a campaign resumed after that keeps running.
    async fn stop_since(&self, tenant: Uuid, id: Uuid, name: &str, reason: &str, since: DateTime<Utc>) -> Result<()> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        if repo::pause_unless_changed_since(&tx, id, reason, since).await.db()? {
            mail_stop(&self.0, &tx, name, reason).await?;
        }
        tx.commit().await.db()?;
        self.0.campaign_progress(tenant, id, true).await
    }

    /// Claims up to `want` recipients, sends them and settles the answers.
    async fn round(
        &self,
        tenant: Uuid,
        row: &repo::CampaignRow,
        conn: &ConnectionRow,
        want: i64,
        permit: tokio::sync::OwnedSemaphorePermit,
    ) -> Result<Round> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        let claimed = recipients::claim(&tx, row.id, want).await.db()?;
        if claimed.is_empty() {
            let next = recipients::next_due(&tx, row.id).await.db()?;
            return Ok(Round::Idle(next));
        }
        let now = Utc::now();
        // Quiet hours and the recipient's own time zone.
        let (mut go, mut later, mut later_at) = (Vec::new(), Vec::new(), Vec::new());
        for r in claimed {
            match not_before(row, &r.phone, now) {
                Some(at) => {
                    later.push(r.id);
                    later_at.push(at);
                }
                None => go.push(r),
            }
        }
        // The portfolio's budget of new customers per 24 hours.
        if conn.kind == "cloud" && !go.is_empty() {
            let phones: Vec<String> = go.iter().map(|r| r.phone.clone()).collect();
            let b = pacing::admit(&self.0.redis, &portfolio(conn), conn.messaging_limit, &phones).await;
            let mut kept = Vec::with_capacity(go.len());
            for (r, ok) in go.into_iter().zip(b.allowed) {
                if ok {
                    kept.push(r);
                } else {
                    later.push(r.id);
                    later_at.push(b.frees_at.max(now + chrono::Duration::seconds(1)));
                }
            }
            go = kept;
        }
        recipients::defer(&tx, &later, &later_at).await.db()?;
        // A QR number's daily cap: beyond it people wait for the number's next day (not failed), with the reason.
        if conn.kind == "wasender" && !go.is_empty() {
            let cap = self.0.campaigns.cfg.qr_daily_cap;
            let (day, tomorrow) = local_day(conn.display_phone_number.as_deref(), &row.timezone, now);
            let take = pacing::qr_day(&self.0.redis, conn.id, &day, cap, go.len() as i64).await.max(0) as usize;
            if take < go.len() {
                let reason = format!(
                    "{} sent its {cap} messages for today (the daily cap of QR numbers); this one goes tomorrow.",
                    conn.name
                );
                let mut over: Vec<Uuid> = go.split_off(take).into_iter().map(|r| r.id).collect();
                recipients::defer_because(&tx, &over, tomorrow, "qr_daily_cap", &reason).await.db()?;
                // The number's only lane sends nothing more today: the rest of the queue says so at once, rather
                // than one row a round.
                if row.connection_ids.len() == 1 {
                    over = recipients::claim(&tx, row.id, 1_000).await.db()?.into_iter().map(|r| r.id).collect();
                    recipients::defer_because(&tx, &over, tomorrow, "qr_daily_cap", &reason).await.db()?;
                }
            }
        }
        let (gone, go): (Vec<_>, Vec<_>) = go.into_iter().partition(|r| r.contact_id.is_none());
        if !gone.is_empty() {
            let ids: Vec<Uuid> = gone.iter().map(|r| r.id).collect();
            recipients::skip(&tx, &ids, "contact_deleted", "The contact was deleted before the message was sent.")
                .await
                .db()?;
        }
        if go.is_empty() {
            tx.commit().await.db()?;
            return Ok(Round::Sent);
        }
        let template = row.template.clone().unwrap_or_default();
        let shape = shape_of(&template);
        let mappings: Vec<VariableMapping> = serde_json::from_value(row.variables.clone()).unwrap_or_default();
        let tracked = template::tracked_slots(&template["components"], &super::redirect_base(&self.0));
        let mut work = Vec::with_capacity(go.len());
        let contacts: Vec<Uuid> = go.iter().filter_map(|r| r.contact_id).collect();
        let conversations = sends::conversations(&tx, &contacts, conn.id, row.id).await.db()?;
        let (mut msg_ids, mut conv_ids, mut contents, mut tokens) = (vec![], vec![], vec![], vec![]);
        for r in go {
            let mut vars = values(&r.vars, &mappings);
            // A tracked button carries the recipient's own token (the same one again on a retry).
            let token =
                if tracked.is_empty() { String::new() } else { r.click_token.unwrap_or_else(super::click_token) };
            for slot in &tracked {
                vars.insert(slot.clone(), token.clone());
            }
            tokens.push(token);
            let components = template::components(&shape, &vars, row.header_media_url.as_deref());
            let message_id = Uuid::now_v7();
            msg_ids.push(message_id);
            conv_ids.push(r.contact_id.and_then(|c| conversations.get(&c).copied()).unwrap_or_default());
            contents.push(json!({
                "template": { "name": template["name"], "language": template["language"], "components": components },
                "text": template::render(&shape, &vars),
                "campaignId": row.id, "campaignName": row.name,
            }));
            work.push(Work { id: r.id, attempts: r.attempts + 1, phone: r.phone, message_id, components, vars });
        }
        let preview = format!("[campaign] {}", row.name);
        sends::insert_messages(&tx, &msg_ids, &conv_ids, &contents, conn.id, row.id, &preview).await.db()?;
        let ids: Vec<Uuid> = work.iter().map(|w| w.id).collect();
        recipients::mark_sending(&tx, &ids, &msg_ids, &tokens, conn.id).await.db()?;
        self.0.meter(&tx, Meter::Messages, ids.len() as i64).await.map_err(|e| monthly_limit(&e).unwrap_or(e))?;
        if let Err(e) = self.0.commit_metered(tx, Meter::Messages, ids.len() as i64).await {
            return match monthly_limit(&e) {
                Some(DomainError::Rejected { message, .. }) => Ok(Round::Stop(message)),
                _ => Err(e),
            };
        }
        // The calls leave in the background, so the next batch is claimed and prepared meanwhile (at most
        // `IN_FLIGHT` batches at once); the lane only waits for them when nothing is left to claim.
        let me = self.clone();
        let (row, conn) = (row.clone(), conn.clone());
        let began = Utc::now();
        tokio::spawn(async move {
            let _permit = permit;
            match me.send_batch(tenant, &row, &conn, template, work).await {
                Ok(Round::Stop(reason)) => {
                    if let Err(e) = me.stop_since(tenant, row.id, &row.name, &reason, began).await {
                        tracing::error!(error = %e, campaign = %row.id, "campaign not paused");
                    }
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, campaign = %row.id, "campaign batch not settled"),
            }
        });
        Ok(Round::Sent)
    }

    /// Sends a committed batch, each message at its booked departure, and settles the answers.
    async fn send_batch(
        &self,
        tenant: Uuid,
        row: &repo::CampaignRow,
        conn: &ConnectionRow,
        template: Value,
        work: Vec<Work>,
    ) -> Result<Round> {
        let pace = row.rate_per_second.map(|r| (row.id, r));
        let (slots, number_slot_each) = if conn.kind == "wasender" {
            (vec![std::time::Instant::now(); work.len()], false)
        } else {
            let slots = pacing::book_sends(&self.0.redis, conn.id, conn.rate_per_second, pace, work.len() as i64).await;
            (slots, pacing::number_slot_at_departure(conn.rate_per_second, pace))
        };
        // `book_sends` answers a slot for every send: none of the batch is left out of the pairing below.
        debug_assert_eq!(slots.len(), work.len());
        let core = self.0.clone();
        let answers: Vec<(Work, std::result::Result<SentMessage, SendFail>)> =
            futures::stream::iter(work.into_iter().zip(slots))
                .map(|(w, at)| {
                    let core = core.clone();
                    let template = &template;
                    async move {
                        // Each send leaves at its booked time: evenly spaced, so no second holds more than the cap.
                        tokio::time::sleep_until(at.into()).await;
                        if number_slot_each {
                            limiter::take_rate_slot(&core.redis, conn.id, conn.rate_per_second).await;
                        }
                        let cb = w.id.to_string();
                        let r = send_one(&core, conn, template, &w.components, &w.vars, &w.phone, Some(&cb)).await;
                        (w, r)
                    }
                })
                .buffer_unordered(self.0.campaigns.cfg.concurrency)
                .collect()
                .await;
        self.settle(tenant, row, answers).await
    }

    /// Records the answers of a round; answers whether the campaign must stop.
    async fn settle(
        &self,
        tenant: Uuid,
        row: &repo::CampaignRow,
        answers: Vec<(Work, std::result::Result<SentMessage, SendFail>)>,
    ) -> Result<Round> {
        let now = Utc::now();
        let mut out = Vec::with_capacity(answers.len());
        let (mut ok_ids, mut ok_wa, mut bad_ids, mut bad_err) = (vec![], vec![], vec![], vec![]);
        let mut stop = None;
        for (w, r) in answers {
            match r {
                Ok(sent) => {
                    ok_ids.push(w.message_id);
                    ok_wa.push(sent.message_id.clone());
                    out.push(recipients::Answer {
                        id: w.id,
                        status: "sent",
                        wa_message_id: Some(sent.message_id),
                        held: sent.message_status.as_deref() == Some("held_for_quality_assessment"),
                        error_code: None,
                        error_reason: None,
                        retryable: false,
                        not_before: None,
                    });
                }
                // Ambiguous: stays `sending` for a webhook (or the sweep) to settle.
                Err(f) if !f.refused => {}
                Err(f) => {
                    let code = f.code.unwrap_or(0);
                    let (status, after) = if STOP_CODES.contains(&code) {
                        stop.get_or_insert_with(|| format!("WhatsApp stopped the campaign: {}", f.reason));
                        ("pending", Some(now))
                    } else if code == 131049 {
                        ("pending", Some(now + chrono::Duration::hours(24)))
                    } else if code == 131056 {
                        let n = 4i64.saturating_pow(w.attempts.clamp(1, 6) as u32).min(3600);
                        ("pending", Some(now + chrono::Duration::seconds(n)))
                    } else if (f.retryable || code == 131057) && w.attempts < MAX_TRIES {
                        // Throttled, or Meta briefly unavailable (131057: a throughput upgrade under way).
                        let wait = if code == 131057 { 60 } else { 2i64.pow(w.attempts.clamp(1, 6) as u32) };
                        ("pending", Some(now + chrono::Duration::seconds(wait)))
                    } else {
                        ("failed", None)
                    };
                    // The thread shows the attempt failed; a later send is a new message.
                    bad_ids.push(w.message_id);
                    bad_err.push(json!({ "code": code, "reason": f.reason }));
                    out.push(recipients::Answer {
                        id: w.id,
                        status: if SKIP_CODES.contains(&code) { "skipped" } else { status },
                        wa_message_id: None,
                        held: false,
                        error_code: Some(if code != 0 { code.to_string() } else { "send_failed".into() }),
                        error_reason: Some(f.reason),
                        retryable: status == "failed" && (f.retryable || code == 131057),
                        not_before: after,
                    });
                }
            }
        }
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        recipients::settle(&tx, &out).await.db()?;
        sends::accept_messages(&tx, &ok_ids, &ok_wa).await.db()?;
        sends::fail_messages(&tx, &bad_ids, &bad_err).await.db()?;
        tx.commit().await.db()?;
        self.0.campaign_progress(tenant, row.id, false).await?;
        Ok(stop.map_or(Round::Sent, Round::Stop))
    }
}

enum Round {
    Sent,
    Idle(Option<DateTime<Utc>>),
    Stop(String),
}

struct Work {
    id: Uuid,
    /// Tries including this one.
    attempts: i16,
    phone: String,
    message_id: Uuid,
    components: Value,
    vars: BTreeMap<String, String>,
}

/// A QR number's local day (from its phone's country, else the campaign's zone) and when the next one begins.
fn local_day(phone: Option<&str>, campaign_tz: &str, now: DateTime<Utc>) -> (String, DateTime<Utc>) {
    let tz: chrono_tz::Tz = phone
        .and_then(parley_domain::country::country_of)
        .and_then(parley_domain::country::time_zone_of)
        .and_then(|t| t.parse().ok())
        .or_else(|| campaign_tz.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let today = now.with_timezone(&tz).date_naive();
    let next = today
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| tz.from_local_datetime(&t).earliest())
        .map_or(now + chrono::Duration::hours(24), |t| t.with_timezone(&Utc));
    (today.to_string(), next)
}

/// A recipient's stored values (`{"body.1": "Ana"}`), as the template filling takes them.
fn values(stored: &Value, mappings: &[VariableMapping]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for m in mappings {
        if let Some(v) = stored.get(&m.slot).and_then(Value::as_str) {
            out.insert(m.slot.clone(), v.to_owned());
        }
    }
    out
}

/// The month's message limit, reached mid-campaign: it pauses with the reason instead of failing each send.
fn monthly_limit(e: &DomainError) -> Option<DomainError> {
    matches!(e, DomainError::QuotaExceeded { .. }).then(|| DomainError::Rejected {
        code: "quota_exceeded",
        message: format!("The plan's monthly message limit was reached: {e}"),
    })
}

/// Tells the owners a campaign stopped and why (in the caller's transaction: the mail leaves with the change).
pub(crate) async fn mail_stop(core: &Core, tx: &TenantTx, name: &str, reason: &str) -> Result<()> {
    let m = crate::mail::MailOf::new("campaign_stopped", "/campaigns").with("campaign", name).with("reason", reason);
    core.mail_owners(tx, &m).await
}

/// Runs the sender forever: woken when a campaign starts here, polling every second for other nodes' starts,
/// schedules and stale rows.
pub async fn run_sender(svc: CampaignSender) {
    loop {
        if let Err(e) = svc.tick().await {
            tracing::error!(error = %e, "campaign sender round failed");
        }
        tokio::select! {
            _ = svc.0.campaigns.wakeup.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign(
        tz: &str,
        recipient_tz: bool,
        schedule: Option<DateTime<Utc>>,
        quiet: Option<(i16, i16)>,
    ) -> repo::CampaignRow {
        repo::CampaignRow {
            id: Uuid::nil(),
            name: "t".into(),
            status: "running".into(),
            status_reason: None,
            connection_ids: vec![],
            template_id: None,
            template: None,
            variables: json!([]),
            header_media_url: None,
            audience: json!({}),
            schedule_at: schedule,
            timezone: tz.into(),
            recipient_timezone: recipient_tz,
            quiet_start: quiet.map(|q| q.0),
            quiet_end: quiet.map(|q| q.1),
            rate_per_second: None,
            reply_flow_id: None,
            click_url: None,
            estimated_cost: None,
            audience_summary: None,
            recipients_total: 0,
            created_by: None,
            created_by_name: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            started_at: None,
            completed_at: None,
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("time")
    }

    #[test]
    fn quiet_hours_wait_until_they_end_in_the_recipient_s_time_zone() {
        let c = campaign("UTC", false, None, Some((21 * 60, 8 * 60)));
        // 22:30 in Lisbon (UTC+0 in December): quiet until 08:00.
        assert_eq!(not_before(&c, "+351912345678", utc("2026-12-06T22:30:00Z")), Some(utc("2026-12-07T08:00:00Z")));
        // 10:00 in Lisbon is fine; at the same instant it is 06:00 in Brazil (UTC-3): wait until 08:00 there.
        assert_eq!(not_before(&c, "+351912345678", utc("2026-12-06T10:00:00Z")), None);
        assert_eq!(not_before(&c, "+5511912345678", utc("2026-12-06T09:00:00Z")), Some(utc("2026-12-06T11:00:00Z")));
    }

    #[test]
    fn a_qr_number_s_day_is_its_own_country_s_and_the_next_starts_at_its_midnight() {
        // 23:30 UTC on the 6th is already the 7th in Dubai (UTC+4): its next day starts at 20:00 UTC on the 7th.
        let now = utc("2026-12-06T23:30:00Z");
        assert_eq!(local_day(Some("+971501234567"), "UTC", now), ("2026-12-07".into(), utc("2026-12-07T20:00:00Z")));
        // No phone to tell: the campaign's zone.
        assert_eq!(local_day(None, "Europe/Lisbon", now), ("2026-12-06".into(), utc("2026-12-07T00:00:00Z")));
    }

    #[test]
    fn each_recipient_gets_the_scheduled_wall_clock_time_in_their_own_zone() {
        // 09:00 in Lisbon; a recipient in São Paulo gets it at 09:00 there (12:00 UTC).
        let c = campaign("Europe/Lisbon", true, Some(utc("2026-12-07T09:00:00Z")), None);
        let now = utc("2026-12-07T09:00:00Z");
        assert_eq!(not_before(&c, "+5511912345678", now), Some(utc("2026-12-07T12:00:00Z")));
        // In Dubai 09:00 came four hours ago: now.
        assert_eq!(not_before(&c, "+971501234567", now), None);
    }
}
