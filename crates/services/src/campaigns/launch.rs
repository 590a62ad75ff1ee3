//! Steering a campaign: schedule, start (checks, then the recipients materialised and the month's campaign metered
//! in the transaction that moves it to running: two users pressing start at once start it once), pause, resume,
//! cancel, retry the retryable failures, and a test send to the user's own number.

use super::campaign_not_found;
use super::checks;
use super::dto::*;
use super::editor::{campaign_dto, not_editable, shape_of};
use crate::billing::quota::{Feature, Meter};
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_domain::{Phone, TenantId};
use parley_store::TenantTx;
use parley_store::repo::campaigns::{definitions as repo, recipients};
use std::collections::BTreeMap;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct LaunchService(pub(crate) Arc<Core>);

fn conflict(message: String) -> DomainError {
    DomainError::Conflict { code: "campaign_state", message }
}

/// The draft lacks what a test send needs (a number, a template, a value): its state, not the request.
fn not_ready(message: &str) -> DomainError {
    DomainError::Conflict { code: "campaign_not_ready", message: message.into() }
}

impl LaunchService {
    /// Starts now: every blocking check must pass (422 naming them), the plan must include campaigns (403) and
    /// have room this month (402).
    pub async fn start(&self, t: &TenantCtx, id: Uuid) -> Result<Campaign> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo::lock(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        if !matches!(row.status.as_str(), "draft" | "scheduled") {
            return Err(conflict(format!("The campaign is {} already.", row.status)));
        }
        self.0.require_feature(&tx, Feature::Campaigns).await?;
        self.0.require_unrestricted(&tx).await?;
        let dto = self.launch(tx, &row).await?;
        self.0.campaigns.wakeup.notify_one();
        Ok(dto)
    }

    /// Materialises, meters and moves to running, in the caller's transaction, which this commits.
    async fn launch(&self, tx: TenantTx, row: &repo::CampaignRow) -> Result<Campaign> {
        let p = checks::prepare(&self.0, &tx, row).await?;
        if p.blocking() {
            return Err(p.refusal());
        }
        let summary = serde_json::to_value(&p.summary).map_err(DomainError::internal)?;
        let template = p.template.clone().unwrap_or_default();
        repo::set_materialised(&tx, row.id, &template, p.summary.final_count as i32, &summary, p.estimate.total)
            .await
            .db()?;
        if !repo::transition(&tx, row.id, &["draft", "scheduled"], "running", None).await.db()? {
            return Err(conflict("The campaign was started by someone else.".into()));
        }
        self.0.meter(&tx, Meter::Campaigns, 1).await?;
        let fresh = repo::get(&tx, row.id).await.db()?.ok_or_else(campaign_not_found)?;
        let dto = campaign_dto(&self.0, &tx, fresh).await?;
        self.0.commit_metered(tx, Meter::Campaigns, 1).await?;
        Ok(dto)
    }

    /// Starts a scheduled campaign whose time came (the sender calls this; checks failing then fail it, with the
    /// reason shown and mailed to the owners).
    pub(crate) async fn start_scheduled(&self, tenant: Uuid, id: Uuid) -> Result<()> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        let Some(row) = repo::lock(&tx, id).await.db()? else { return Ok(()) };
        if row.status != "scheduled" {
            return Ok(());
        }
        let refused = match self.0.require_unrestricted(&tx).await {
            Err(e) => Some(e),
            Ok(()) => self.launch(tx, &row).await.err(),
        };
        if let Some(e) = refused {
            let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
            let reason = format!("The scheduled start failed: {e}");
            repo::transition(&tx, id, &["scheduled"], "failed", Some(&reason)).await.db()?;
            super::sender::mail_stop(&self.0, &tx, &row.name, &reason).await?;
            tx.commit().await.db()?;
        }
        self.0.campaign_progress(tenant, id, true).await
    }

    /// Starts at `schedule_at`, in the future: a time already past is 409 `schedule_in_past` (start it now
    /// instead).
    pub async fn schedule(&self, t: &TenantCtx, id: Uuid, input: ScheduleInput) -> Result<Campaign> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo::lock(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        if !matches!(row.status.as_str(), "draft" | "scheduled") {
            return Err(not_editable(&row.status));
        }
        self.0.require_feature(&tx, Feature::Campaigns).await?;
        if input.schedule_at < chrono::Utc::now() {
            return Err(DomainError::Conflict {
                code: "schedule_in_past",
                message: "This time has already passed: pick a later one, or start the campaign now.".into(),
            });
        }
        let tz = input.timezone.clone().unwrap_or_else(|| row.timezone.clone());
        if tz.parse::<chrono_tz::Tz>().is_err() {
            return Err(DomainError::field("timezone", "must be an IANA time zone such as Europe/Lisbon"));
        }
        repo::set_schedule(&tx, id, input.schedule_at, &tz).await.db()?;
        // The checks run now too, on what is known today (they run again at the start).
        let p = checks::prepare(&self.0, &tx, &repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?).await?;
        if p.blocking() {
            return Err(p.refusal());
        }
        // Scheduling stores no recipients: they are materialised when it starts.
        recipients::clear(&tx, id).await.db()?;
        repo::transition(&tx, id, &["draft", "scheduled"], "scheduled", None).await.db()?;
        let dto = campaign_dto(&self.0, &tx, repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?).await?;
        tx.commit().await.db()?;
        Ok(dto)
    }

    /// No new sends after this; messages in flight settle.
    pub async fn pause(&self, t: &TenantCtx, id: Uuid) -> Result<Campaign> {
        self.steer(t, id, &["running"], "paused", Some("Paused by a person.")).await
    }

    pub async fn resume(&self, t: &TenantCtx, id: Uuid) -> Result<Campaign> {
        let dto = self.steer(t, id, &["paused"], "running", None).await?;
        self.0.campaigns.wakeup.notify_one();
        Ok(dto)
    }

    /// Ends it: unsent recipients are skipped; a scheduled or draft campaign is cancelled before it sends anything.
    pub async fn cancel(&self, t: &TenantCtx, id: Uuid) -> Result<Campaign> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        repo::lock(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        if !repo::transition(&tx, id, &["draft", "scheduled", "running", "paused"], "cancelled", None).await.db()? {
            return Err(conflict("Only a campaign that has not ended can be cancelled.".into()));
        }
        recipients::cancel_pending(&tx, id).await.db()?;
        self.finish(t, tx, id).await
    }

    /// Sends again to the failures a retry may fix (throttling, network); never to people Meta refused for good.
    pub async fn retry_failed(&self, t: &TenantCtx, id: Uuid) -> Result<Campaign> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo::lock(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        if !matches!(row.status.as_str(), "running" | "paused" | "completed") {
            return Err(conflict(format!("A {} campaign has nothing to retry.", row.status)));
        }
        self.0.require_unrestricted(&tx).await?;
        if recipients::retry_failed(&tx, id).await.db()? == 0 {
            return Err(conflict("No failed message of this campaign can be retried.".into()));
        }
        repo::transition(&tx, id, &["paused", "completed"], "running", None).await.db()?;
        let dto = self.finish(t, tx, id).await?;
        self.0.campaigns.wakeup.notify_one();
        Ok(dto)
    }

    async fn steer(&self, t: &TenantCtx, id: Uuid, from: &[&str], to: &str, reason: Option<&str>) -> Result<Campaign> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo::lock(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        if to == "running" {
            self.0.require_unrestricted(&tx).await?;
        }
        if !repo::transition(&tx, id, from, to, reason).await.db()? {
            return Err(conflict(format!(
                "A {} campaign cannot be {}.",
                row.status,
                if to == "paused" { "paused" } else { "resumed" }
            )));
        }
        self.finish(t, tx, id).await
    }

    async fn finish(&self, t: &TenantCtx, tx: TenantTx, id: Uuid) -> Result<Campaign> {
        let dto = campaign_dto(&self.0, &tx, repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?).await?;
        tx.commit().await.db()?;
        self.0.campaign_progress(t.tenant_id.0, id, true).await?;
        Ok(dto)
    }

    /// Sends the template, filled as it would be for that number (a contact's own values, else fallbacks and
    /// constants), to one number now. Nothing is recorded in the campaign.
    pub async fn test_send(&self, t: &TenantCtx, id: Uuid, input: TestSendInput) -> Result<TestSendResult> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        let phone =
            Phone::parse(&input.phone).map_err(|_| DomainError::field("phone", "must be a phone number in E.164"))?;
        let conn_id = input
            .connection_id
            .or(row.connection_ids.first().copied())
            .ok_or_else(|| not_ready("Choose the number to send from first."))?;
        if !row.connection_ids.contains(&conn_id) {
            return Err(DomainError::missing("connectionId", "must be one of the campaign's numbers"));
        }
        let conn = self.0.connection(&tx, conn_id).await?;
        let tpl = match row.template_id {
            Some(tid) => parley_store::repo::channel::templates::get(&tx, tid).await.db()?,
            None => None,
        }
        .ok_or_else(|| not_ready("Choose a template first."))?;
        let template = row.template.clone().unwrap_or_else(|| super::editor::template_json(&tpl));
        let shape = shape_of(&template);
        let mut vars = test_values(&tx, &row, phone.as_str()).await?;
        // A test is not a recipient: its tracked button carries a token no click is counted for.
        for slot in super::template::tracked_slots(&template["components"], &super::redirect_base(&self.0)) {
            vars.insert(slot, "test".into());
        }
        if let Some(missing) = shape.slots.iter().find(|s| !vars.contains_key(*s)) {
            return Err(not_ready(&format!("{missing} has no value for this number and no fallback.")));
        }
        let components = super::template::components(&shape, &vars, row.header_media_url.as_deref());
        drop(tx);
        let wa = super::sender::send_one(&self.0, &conn, &template, &components, &vars, phone.as_str(), None)
            .await
            .map_err(|e| DomainError::Rejected { code: "test_send_failed", message: e.reason })?;
        Ok(TestSendResult { wa_message_id: wa.message_id, components })
    }
}

/// The values a test send fills in: the contact's (when the number is a contact), constants and fallbacks.
async fn test_values(tx: &TenantTx, row: &repo::CampaignRow, phone: &str) -> Result<BTreeMap<String, String>> {
    let mappings: Vec<VariableMapping> = serde_json::from_value(row.variables.clone()).unwrap_or_default();
    let contact = parley_store::repo::flows::runs::contact_by_phone(tx, phone).await.db()?;
    let contact = match contact {
        Some(id) => parley_store::repo::crm::contacts::get(&tx.tx, id).await.db()?,
        None => None,
    };
    let mut out = BTreeMap::new();
    for m in mappings {
        let value = match m.source.as_str() {
            "constant" => Some(m.value.clone()),
            "field" => contact.as_ref().and_then(|c| match m.value.as_str() {
                "name" => c.name.clone().or(c.profile_name.clone()),
                "first_name" => c
                    .name
                    .clone()
                    .or(c.profile_name.clone())
                    .map(|n| n.split(' ').next().unwrap_or_default().to_owned()),
                "phone" => c.phone.clone(),
                "email" => c.email.clone(),
                key => c.attributes.get(key).map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)),
            }),
            _ => None,
        };
        if let Some(v) = value.filter(|v| !v.trim().is_empty()).or(m.fallback.filter(|f| !f.trim().is_empty())) {
            out.insert(m.slot, v);
        }
    }
    Ok(out)
}
