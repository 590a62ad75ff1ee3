//! Automation rules: managers and owners write, enable, order and delete them, everyone reads them and their run
//! log. Every change forgets the workspace's listened kinds (so the outbox keeps what the rules now need) and its
//! cached rules on this node (other nodes notice the changed stamp).

use super::cron::Cron;
use super::model::*;
use crate::check::Check;
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_domain::FieldError;
use parley_store::TenantTx;
use parley_store::repo::automations::rules::{self as repo, RuleRow, RulesStamp};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;
use uuid::Uuid;

#[derive(Clone)]
pub struct AutomationService(pub(crate) Arc<Core>);

fn not_found() -> DomainError {
    DomainError::NotFound("Automation")
}

/// A rule as the matcher uses it (parsed once per change).
pub(crate) struct LiveRule {
    pub id: Uuid,
    pub trigger: Trigger,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
    pub cron: Option<Cron>,
    /// Schedules fire only for slots after the rule was last saved.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

pub(crate) struct TenantRules {
    stamp: RulesStamp,
    pub rules: Vec<LiveRule>,
}

/// The automation worker's wake-up and each workspace's enabled rules, in order.
#[derive(Default)]
pub struct RulesRuntime {
    pub wakeup: Notify,
    rules: Mutex<HashMap<Uuid, Arc<TenantRules>>>,
}

impl RulesRuntime {
    /// The workspace's enabled rules, reloaded when any rule changed since they were read (here or on another node).
    pub(crate) async fn rules(&self, tx: &TenantTx) -> Result<Arc<TenantRules>> {
        let stamp = repo::stamp(tx).await.db()?;
        let tenant = tx.tenant_id.0;
        if let Some(r) = self.rules.lock().ok().and_then(|m| m.get(&tenant).cloned())
            && r.stamp == stamp
        {
            return Ok(r);
        }
        let mut rules = Vec::new();
        for row in repo::enabled(tx).await.db()? {
            // A rule that no longer reads (it was valid when saved) is left out rather than failing every event.
            match decode(&row) {
                Ok((trigger, conditions, actions)) => {
                    let cron = match &trigger {
                        Trigger::Schedule { cron } => Cron::parse(cron).ok(),
                        _ => None,
                    };
                    rules.push(LiveRule { id: row.id, trigger, conditions, actions, cron, updated_at: row.updated_at });
                }
                Err(e) => tracing::warn!(rule = %row.id, error = %e, "stored automation does not read"),
            }
        }
        let r = Arc::new(TenantRules { stamp, rules });
        if let Ok(mut m) = self.rules.lock() {
            m.insert(tenant, r.clone());
        }
        Ok(r)
    }

    fn forget(&self, tenant: Uuid) {
        if let Ok(mut m) = self.rules.lock() {
            m.remove(&tenant);
        }
    }
}

fn decode(r: &RuleRow) -> Result<(Trigger, Conditions, Vec<Action>)> {
    let bad = |e: serde_json::Error| DomainError::internal(format!("stored automation: {e}"));
    Ok((
        serde_json::from_value(r.trigger.clone()).map_err(bad)?,
        serde_json::from_value(r.conditions.clone()).map_err(bad)?,
        serde_json::from_value(r.actions.clone()).map_err(bad)?,
    ))
}

fn dto(r: RuleRow) -> Result<Automation> {
    let (trigger, conditions, actions) = decode(&r)?;
    Ok(Automation {
        id: r.id,
        name: r.name,
        description: r.description,
        enabled: r.enabled,
        position: r.position,
        trigger,
        conditions,
        actions,
        created_by: r.created_by,
        created_at: r.created_at,
        updated_at: r.updated_at,
        last_run_at: r.last_run_at,
        run_count: r.run_count,
        failure_count: r.failure_count,
    })
}

const STATUSES: [&str; 5] = ["open", "pending", "snoozed", "resolved", "closed"];

fn hhmm(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Minutes since midnight of an `HH:MM` the rule was saved with.
pub(crate) fn minutes_of(s: &str) -> u16 {
    hhmm(s).unwrap_or(0)
}

impl AutomationService {
    /// Checks a whole rule: 422 with every problem of its shape, then 404 with every id that names nothing.
    async fn check(
        &self,
        tx: &TenantTx,
        name: &str,
        description: &str,
        trigger: &Trigger,
        conditions: &Conditions,
        actions: &[Action],
    ) -> Result<()> {
        let mut c = Check::default();
        // Ids and keys naming nothing in the workspace: a 404, once the rule's shape is valid.
        let mut missing: Vec<FieldError> = Vec::new();
        c.text("name", name, 1, 120);
        if description.chars().count() > 500 {
            c.push("description", "must be at most 500 characters");
        }
        match trigger {
            Trigger::MessageReceived { keywords }
                if keywords.len() > 20 || keywords.iter().any(|k| k.trim().is_empty() || k.chars().count() > 100) =>
            {
                c.push("trigger.keywords", "at most 20 keywords, each 1 to 100 characters");
            }
            Trigger::ConversationStatusChanged { status: Some(s) } if !STATUSES.contains(&s.as_str()) => {
                c.push("trigger.status", "must be one of: open, pending, snoozed, resolved, closed");
            }
            Trigger::NoAgentReply { minutes } if !(1..=10_080).contains(minutes) => {
                c.push("trigger.minutes", "must be between 1 and 10080 (a week)");
            }
            Trigger::NoCustomerReply { hours } if !(1..=720).contains(hours) => {
                c.push("trigger.hours", "must be between 1 and 720 (30 days)");
            }
            Trigger::Schedule { cron } => {
                if let Err(why) = Cron::parse(cron) {
                    c.push("trigger.cron", &why);
                }
            }
            Trigger::LabelAdded { label_id: Some(l) } | Trigger::LabelRemoved { label_id: Some(l) }
                if crate::crm::labels::known_labels(tx, &[*l]).await.is_err() =>
            {
                missing.push(FieldError::new("trigger.labelId", "must be a label of this workspace"));
            }
            _ => {}
        }
        if conditions.groups.len() > 10 {
            c.push("conditions.groups", "at most 10 groups");
        }
        let mut labels = Vec::new();
        for (g, group) in conditions.groups.iter().enumerate() {
            if group.items.is_empty() || group.items.len() > 20 {
                c.push(&format!("conditions.groups[{g}].items"), "between 1 and 20 conditions");
            }
            for (i, item) in group.items.iter().enumerate() {
                let f = |k: &str| format!("conditions.groups[{g}].items[{i}].{k}");
                match item {
                    Condition::MessageText { value, .. } if value.is_empty() || value.chars().count() > 500 => {
                        c.push(&f("value"), "must be 1 to 500 characters");
                    }
                    Condition::ContactField { field, .. } if field.trim().is_empty() => {
                        c.push(&f("field"), "must name a contact field");
                    }
                    Condition::Label { label_id, .. } => labels.push((f("labelId"), *label_id)),
                    Condition::Consent { status }
                        if !["opted_in", "opted_out", "unknown"].contains(&status.as_str()) =>
                    {
                        c.push(&f("status"), "must be one of: opted_in, opted_out, unknown");
                    }
                    Condition::ConversationStatus { statuses }
                        if statuses.is_empty() || statuses.iter().any(|s| !STATUSES.contains(&s.as_str())) =>
                    {
                        c.push(&f("statuses"), "one or more of: open, pending, snoozed, resolved, closed");
                    }
                    Condition::Number { connection_ids } if connection_ids.is_empty() => {
                        c.push(&f("connectionIds"), "choose at least one number");
                    }
                    Condition::TimeOfDay { from, to, weekdays } => {
                        if hhmm(from).is_none() {
                            c.push(&f("from"), "must be a time as HH:MM");
                        }
                        if hhmm(to).is_none() {
                            c.push(&f("to"), "must be a time as HH:MM");
                        }
                        if weekdays.iter().any(|d| !(1..=7).contains(d)) {
                            c.push(&f("weekdays"), "days are 1 (Monday) to 7 (Sunday)");
                        }
                    }
                    _ => {}
                }
            }
        }
        let label_ids: Vec<Uuid> = labels.iter().map(|(_, id)| *id).collect();
        if !label_ids.is_empty() && crate::crm::labels::known_labels(tx, &label_ids).await.is_err() {
            for (field, label) in labels {
                if crate::crm::labels::known_labels(tx, &[label]).await.is_err() {
                    missing.push(FieldError::new(field, "must be a label of this workspace"));
                }
            }
        }
        if actions.is_empty() || actions.len() > 20 {
            c.push("actions", "between 1 and 20 actions");
        }
        let defs = crate::crm::fields::defs(tx).await?;
        for (i, a) in actions.iter().enumerate() {
            let f = |k: &str| format!("actions[{i}].{k}");
            match a {
                Action::SendText { text } if text.trim().is_empty() || text.chars().count() > 4096 => {
                    c.push(&f("text"), "must be 1 to 4096 characters");
                }
                Action::SendTemplate { name, language, components } => {
                    if name.trim().is_empty() || language.trim().is_empty() {
                        c.push(&f("name"), "a template needs its name and language");
                    }
                    if !(components.is_null() || components.is_array()) {
                        c.push(&f("components"), "must be a list");
                    }
                }
                Action::Assign { user_id, team_id } => {
                    if user_id.is_none() && team_id.is_none() {
                        c.push(&f("userId"), "name a member, a team or both");
                    }
                    if let Some(u) = user_id
                        && parley_store::repo::team::agents::get(tx, *u).await.db()?.is_none()
                    {
                        missing.push(FieldError::new(f("userId"), "must be an active member of this workspace"));
                    }
                    if let Some(t) = team_id
                        && parley_store::repo::team::teams::get(tx, *t).await.db()?.is_none()
                    {
                        missing.push(FieldError::new(f("teamId"), "must be a team of this workspace"));
                    }
                }
                Action::AddLabel { label_id } | Action::RemoveLabel { label_id }
                    if crate::crm::labels::known_labels(tx, &[*label_id]).await.is_err() =>
                {
                    missing.push(FieldError::new(f("labelId"), "must be a label of this workspace"));
                }
                Action::SetField { field, .. } if !defs.iter().any(|d| d.key == *field) => {
                    missing.push(FieldError::new(f("field"), "must be the key of a contact field"));
                }
                Action::SetStatus { status, snooze_minutes } => {
                    if !STATUSES.contains(&status.as_str()) {
                        c.push(&f("status"), "must be one of: open, pending, snoozed, resolved, closed");
                    }
                    // The document's range holds whatever the status: a stored rule is read back as it was sent.
                    if snooze_minutes.is_some_and(|m| !(1..=43_200).contains(&m)) {
                        c.push(&f("snoozeMinutes"), "must be 1 to 43200 minutes");
                    } else if status == "snoozed" && snooze_minutes.is_none() {
                        c.push(&f("snoozeMinutes"), "snoozed needs 1 to 43200 minutes");
                    }
                }
                Action::StartFlow { flow_id }
                    if parley_store::repo::flows::definitions::get(tx, *flow_id).await.db()?.is_none() =>
                {
                    missing.push(FieldError::new(f("flowId"), "must be a flow of this workspace"));
                }
                Action::CreateTicket { subject, priority } => {
                    if subject.trim().is_empty() || subject.chars().count() > 200 {
                        c.push(&f("subject"), "must be 1 to 200 characters");
                    }
                    if priority.as_deref().is_some_and(|p| !["low", "medium", "high", "urgent"].contains(&p)) {
                        c.push(&f("priority"), "must be one of: low, medium, high, urgent");
                    }
                }
                Action::CreateDeal { title, value } => {
                    if title.trim().is_empty() || title.chars().count() > 200 {
                        c.push(&f("title"), "must be 1 to 200 characters");
                    }
                    if value.is_some_and(|v| !(0.0..=1e12).contains(&v)) {
                        c.push(&f("value"), "must be between 0 and 1000000000000");
                    }
                }
                Action::Webhook { endpoint_id }
                    if parley_store::repo::automations::webhooks::get(tx, *endpoint_id).await.db()?.is_none() =>
                {
                    missing.push(FieldError::new(f("endpointId"), "must be a webhook endpoint of this workspace"));
                }
                Action::MailMember { user_id, subject, text } => {
                    if parley_store::repo::team::members::find(tx, *user_id)
                        .await
                        .db()?
                        .is_none_or(|m| m.status != "active")
                    {
                        missing.push(FieldError::new(f("userId"), "must be an active member of this workspace"));
                    }
                    if subject.trim().is_empty() || subject.chars().count() > 200 {
                        c.push(&f("subject"), "must be 1 to 200 characters");
                    }
                    if text.trim().is_empty() || text.chars().count() > 5000 {
                        c.push(&f("text"), "must be 1 to 5000 characters");
                    }
                }
                _ => {}
            }
        }
        c.finish()?;
        if missing.is_empty() { Ok(()) } else { Err(DomainError::Missing(missing)) }
    }

    fn changed(&self, tenant: Uuid) {
        self.0.webhooks.forget(tenant);
        self.0.webhooks.automations.forget(tenant);
    }

    pub async fn list(&self, t: &TenantCtx) -> Result<Vec<Automation>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::list(&tx).await.db()?.into_iter().map(dto).collect()
    }

    pub async fn get(&self, t: &TenantCtx, id: Uuid) -> Result<Automation> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        dto(repo::get(&tx, id).await.db()?.ok_or_else(not_found)?)
    }

    pub async fn create(&self, t: &TenantCtx, i: CreateAutomationInput) -> Result<Automation> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let name = i.name.trim();
        self.check(&tx, name, &i.description, &i.trigger, &i.conditions, &i.actions).await?;
        let id = Uuid::now_v7();
        let events: Vec<String> = i.trigger.events().iter().map(|e| (*e).to_owned()).collect();
        repo::insert(
            &tx,
            id,
            &repo::RuleWrite {
                name,
                description: i.description.trim(),
                enabled: i.enabled,
                trigger: &json!(i.trigger),
                events: &events,
                conditions: &json!(i.conditions),
                actions: &json!(i.actions),
            },
            actor.user_id.map(|u| u.0),
        )
        .await
        .db()?;
        self.0.audit_ctx(&tx, &actor, "automation.created", "automation", id, json!({ "name": name })).await?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(not_found)?;
        tx.commit().await.db()?;
        self.changed(t.tenant_id.0);
        dto(row)
    }

    pub async fn update(&self, t: &TenantCtx, id: Uuid, i: UpdateAutomationInput) -> Result<Automation> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let cur = dto(repo::get(&tx, id).await.db()?.ok_or_else(not_found)?)?;
        let name = i.name.as_deref().map_or(cur.name.as_str(), str::trim).to_owned();
        let description = i.description.unwrap_or(cur.description);
        let trigger = i.trigger.unwrap_or(cur.trigger);
        let conditions = i.conditions.unwrap_or(cur.conditions);
        let actions = i.actions.unwrap_or(cur.actions);
        self.check(&tx, &name, &description, &trigger, &conditions, &actions).await?;
        let events: Vec<String> = trigger.events().iter().map(|e| (*e).to_owned()).collect();
        repo::update(
            &tx,
            id,
            &repo::RuleWrite {
                name: &name,
                description: description.trim(),
                enabled: i.enabled.unwrap_or(cur.enabled),
                trigger: &json!(trigger),
                events: &events,
                conditions: &json!(conditions),
                actions: &json!(actions),
            },
        )
        .await
        .db()?;
        self.0.audit_ctx(&tx, &actor, "automation.updated", "automation", id, json!({})).await?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(not_found)?;
        tx.commit().await.db()?;
        self.changed(t.tenant_id.0);
        dto(row)
    }

    pub async fn set_enabled(&self, t: &TenantCtx, id: Uuid, i: AutomationStatusInput) -> Result<Automation> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        if !repo::set_enabled(&tx, id, i.enabled).await.db()? {
            return Err(not_found());
        }
        let what = if i.enabled { "automation.enabled" } else { "automation.disabled" };
        self.0.audit_ctx(&tx, &actor, what, "automation", id, json!({})).await?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(not_found)?;
        tx.commit().await.db()?;
        self.changed(t.tenant_id.0);
        dto(row)
    }

    pub async fn delete(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        if !repo::delete(&tx, id).await.db()? {
            return Err(not_found());
        }
        self.0.audit_ctx(&tx, &actor, "automation.deleted", "automation", id, json!({})).await?;
        tx.commit().await.db()?;
        self.changed(t.tenant_id.0);
        Ok(())
    }

    /// Puts the listed rules first in this order; answers every rule in its new order.
    pub async fn reorder(&self, t: &TenantCtx, i: ReorderAutomationsInput) -> Result<Vec<Automation>> {
        if i.ids.is_empty() || i.ids.len() > 500 {
            return Err(DomainError::field("ids", "list between 1 and 500 rules"));
        }
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let known: Vec<Uuid> = repo::list(&tx).await.db()?.into_iter().map(|r| r.id).collect();
        if i.ids.iter().any(|id| !known.contains(id)) {
            return Err(not_found());
        }
        let mut seen = i.ids.clone();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() != i.ids.len() {
            return Err(DomainError::field("ids", "must not repeat a rule"));
        }
        repo::reorder(&tx, &i.ids).await.db()?;
        self.0.audit_ctx(&tx, &actor, "automation.reordered", "automation", i.ids[0], json!({})).await?;
        let rows = repo::list(&tx).await.db()?;
        tx.commit().await.db()?;
        self.changed(t.tenant_id.0);
        rows.into_iter().map(dto).collect()
    }

    pub async fn runs(&self, t: &TenantCtx, id: Uuid, q: AutomationRunQuery) -> Result<AutomationRunPage> {
        let limit = crate::check::in_range("limit", q.limit, 50, 100)?;
        let before = crate::check::id_cursor("before", q.before)?;
        if let Some(s) = q.status.as_deref()
            && !["matched", "skipped", "failed", "loop_guarded"].contains(&s)
        {
            return Err(DomainError::field("status", "must be one of: matched, skipped, failed, loop_guarded"));
        }
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::get(&tx, id).await.db()?.ok_or_else(not_found)?;
        let rows = repo::runs(&tx, id, q.status.as_deref(), before, limit + 1).await.db()?;
        let more = rows.len() as u64 > limit;
        let items: Vec<AutomationRun> = rows
            .into_iter()
            .take(limit as usize)
            .map(|r| AutomationRun {
                id: r.id,
                event_id: r.event_id.map(super::catalog::event_id_text),
                event_kind: r.event_kind,
                conversation_id: r.conversation_id,
                contact_id: r.contact_id,
                status: r.status,
                actions: r.actions,
                error: r.error,
                at: r.at,
            })
            .collect();
        let next_before = if more { items.last().map(|r| r.id) } else { None };
        Ok(AutomationRunPage { items, next_before })
    }
}
