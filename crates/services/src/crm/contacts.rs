//! Contacts: the customers a workspace talks to, never duplicated (phone and WhatsApp id are unique), with
//! their profile, custom fields, labels and timeline. Agents and up read and edit; managers and owners
//! delete and merge.

use super::dto::*;
use super::fields::{apply_checked, defs};
use super::labels::known_labels;
use crate::billing::quota::Stock;
use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_store::TenantTx;
use parley_store::repo::crm::contacts::{ContactPatch, ContactRow, NewContact};
use parley_store::repo::crm::filter::{Cond, Filter};
use parley_store::repo::crm::{merge, selection, timeline};
use parley_store::repo::{self};
use parley_store::unique_violation;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct ContactService(pub(crate) Arc<Core>);

pub(crate) fn contact_dto(r: ContactRow, labels: Vec<(Uuid, String, String)>) -> Contact {
    Contact {
        labels: labels.into_iter().map(|(id, name, color)| LabelRef { id, name, color }).collect(),
        id: r.id,
        phone: r.phone,
        wa_user_id: r.wa_user_id,
        name: r.name,
        profile_name: r.profile_name,
        email: r.email,
        company: r.company,
        notes: r.notes,
        avatar_url: r.avatar_url,
        custom_fields: r.attributes,
        consent: ConsentState { status: r.consent_status, source: r.consent_source, at: r.consent_at },
        last_message_at: r.last_message_at,
        created_at: r.created_at,
        updated_at: r.updated_at,
        erased_at: r.erased_at,
    }
}

pub(crate) async fn contact_with_labels(tx: &TenantTx, id: Uuid) -> Result<Contact> {
    let row = repo::crm::contacts::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
    let labels = repo::crm::labels::of_contacts(tx, &[id]).await.db()?.remove(&id).unwrap_or_default();
    Ok(contact_dto(row, labels))
}

fn exists(e: sea_orm::DbErr) -> DomainError {
    match unique_violation(&e).as_deref() {
        Some("contacts_phone_key") => DomainError::Conflict {
            code: "contact_exists",
            message: "A contact with this phone number already exists.".into(),
        },
        _ => DomainError::internal(e),
    }
}

/// Optional text: `None` untouched, `Some(None)` cleared (an empty string), `Some(Some(v))` set.
fn optional_text(c: &mut Check, field: &str, raw: Option<&str>, max: usize) -> Option<Option<String>> {
    let raw = raw?;
    if raw.trim().is_empty() { Some(None) } else { c.text(field, raw, 1, max).map(Some) }
}

fn multiline(c: &mut Check, field: &str, raw: Option<&str>, max: usize) -> Option<Option<String>> {
    let raw = raw?;
    if raw.trim().is_empty() { Some(None) } else { c.multiline(field, raw, 1, max).map(Some) }
}

fn avatar(c: &mut Check, raw: Option<&str>) -> Option<Option<String>> {
    let v = optional_text(c, "avatarUrl", raw, 2000)?;
    if let Some(u) = &v
        && !u.starts_with("https://")
        && !u.starts_with("http://")
    {
        c.push("avatarUrl", "must be a link starting with https://");
        return None;
    }
    Some(v)
}

/// A readable line for the timeline: which fields changed.
pub(crate) fn changed_fields(before: &serde_json::Value, after: &serde_json::Value) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> =
        before.as_object().into_iter().chain(after.as_object()).flat_map(|m| m.keys()).collect();
    keys.into_iter().filter(|k| before.get(*k) != after.get(*k)).cloned().collect()
}

impl ContactService {
    pub async fn contact(&self, t: &TenantCtx, id: Uuid) -> Result<Contact> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        contact_with_labels(&tx, id).await
    }

    pub async fn create(&self, t: &TenantCtx, input: CreateContactInput) -> Result<Contact> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        self.0.reserve_stock(&tx, Stock::Contacts, 1).await?;
        let mut c = Check::default();
        let phone = c.phone("phone", &input.phone);
        let name = optional_text(&mut c, "name", input.name.as_deref(), 120);
        let email = match input.email.as_deref().filter(|e| !e.trim().is_empty()) {
            Some(e) => c.email("email", e).map(|e| Some(e.as_str().to_owned())),
            None => Some(None),
        };
        let company = optional_text(&mut c, "company", input.company.as_deref(), 200);
        let notes = multiline(&mut c, "notes", input.notes.as_deref(), 5000);
        let avatar_url = avatar(&mut c, input.avatar_url.as_deref());
        let consent = input.consent.as_deref().unwrap_or("unknown");
        if !matches!(consent, "opted_in" | "opted_out" | "unknown") {
            c.push("consent", "must be opted_in, opted_out or unknown");
        }
        c.finish()?;
        let fields = apply_checked(
            &defs(&tx).await?,
            &serde_json::json!({}),
            input.custom_fields.as_ref().unwrap_or(&serde_json::json!({})),
            true,
        )?;
        known_labels(&tx, &input.label_ids).await?;
        let row = repo::crm::contacts::insert(
            &tx,
            &NewContact {
                phone: checked(phone)?.as_str().to_owned(),
                name: name.flatten(),
                email: email.flatten(),
                company: company.flatten(),
                notes: notes.flatten(),
                avatar_url: avatar_url.flatten(),
                attributes: fields,
                consent_status: consent.to_owned(),
                consent_source: if consent == "unknown" {
                    None
                } else {
                    Some(if actor.api_key_id.is_some() { "api" } else { "manual" }.to_owned())
                },
                source: if actor.api_key_id.is_some() { "api" } else { "manual" },
            },
        )
        .await
        .map_err(exists)?;
        for l in &input.label_ids {
            selection::add_label(&tx, &Filter::Cond(Cond::Ids(vec![row.id])), *l).await.db()?;
        }
        timeline::record(&tx, &[row.id], "created", "created", None, actor.user_id.map(|u| u.0)).await.db()?;
        let out = contact_with_labels(&tx, row.id).await?;
        self.0.commit_events(tx, vec![contact_event("contact.created", &out)]).await?;
        Ok(out)
    }

    pub async fn update(&self, t: &TenantCtx, id: Uuid, input: UpdateContactInput) -> Result<Contact> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let current = repo::crm::contacts::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        let mut c = Check::default();
        let name = optional_text(&mut c, "name", input.name.as_deref(), 120);
        let email = match input.email.as_deref() {
            None => None,
            Some(e) if e.trim().is_empty() => Some(None),
            Some(e) => c.email("email", e).map(|e| Some(e.as_str().to_owned())),
        };
        let company = optional_text(&mut c, "company", input.company.as_deref(), 200);
        let notes = multiline(&mut c, "notes", input.notes.as_deref(), 5000);
        let avatar_url = avatar(&mut c, input.avatar_url.as_deref());
        c.finish()?;
        let attributes = match &input.custom_fields {
            Some(changes) => Some(apply_checked(&defs(&tx).await?, &current.attributes, changes, false)?),
            None => None,
        };
        let changed = attributes.as_ref().map(|a| changed_fields(&current.attributes, a)).unwrap_or_default();
        let row =
            repo::crm::contacts::update(&tx, id, &ContactPatch { name, email, company, notes, avatar_url, attributes })
                .await
                .db()?
                .ok_or(DomainError::NotFound("Contact"))?;
        if !changed.is_empty() {
            timeline::record(&tx, &[id], "field_changed", &changed.join(", "), None, actor.user_id.map(|u| u.0))
                .await
                .db()?;
        }
        let labels = repo::crm::labels::of_contacts(&tx, &[id]).await.db()?.remove(&id).unwrap_or_default();
        let out = contact_dto(row, labels);
        let mut events = vec![contact_event("contact.updated", &out)];
        if !changed.is_empty() {
            events.push(field_changed(&out, &changed));
        }
        self.0.commit_events(tx, events).await?;
        Ok(out)
    }

    /// Deletes the contact with its conversations (managers and owners).
    pub async fn delete(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        if selection::delete(&tx, &Filter::Cond(Cond::Ids(vec![id]))).await.db()? == 0 {
            return Err(DomainError::NotFound("Contact"));
        }
        tx.commit().await.db()?;
        Ok(())
    }

    pub async fn set_labels(&self, t: &TenantCtx, id: Uuid, input: SetLabelsInput) -> Result<Contact> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::crm::contacts::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        known_labels(&tx, &input.label_ids).await?;
        repo::crm::labels::set_for_contact(&tx, id, &input.label_ids).await.db()?;
        let out = contact_with_labels(&tx, id).await?;
        self.0.commit_events(tx, vec![contact_event("contact.updated", &out)]).await?;
        Ok(out)
    }

    /// Adds labels, keeping the ones it has (the seed's `POST /contacts/{id}/tags`).
    pub async fn add_labels(&self, t: &TenantCtx, id: Uuid, input: AddLabelsInput) -> Result<Contact> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::crm::contacts::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        known_labels(&tx, &input.label_ids).await?;
        for l in &input.label_ids {
            selection::add_label(&tx, &Filter::Cond(Cond::Ids(vec![id])), *l).await.db()?;
        }
        let out = contact_with_labels(&tx, id).await?;
        self.0.commit_events(tx, vec![contact_event("contact.updated", &out)]).await?;
        Ok(out)
    }

    pub async fn remove_label(&self, t: &TenantCtx, id: Uuid, label_id: Uuid) -> Result<Contact> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::crm::contacts::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        // The label is in the path: one that names nothing is a plain 404, like the contact.
        known_labels(&tx, &[label_id]).await.map_err(|_| DomainError::NotFound("Label"))?;
        selection::remove_label(&tx, &Filter::Cond(Cond::Ids(vec![id])), label_id).await.db()?;
        let out = contact_with_labels(&tx, id).await?;
        self.0.commit_events(tx, vec![contact_event("contact.updated", &out)]).await?;
        Ok(out)
    }

    pub async fn timeline(&self, t: &TenantCtx, id: Uuid) -> Result<Vec<TimelineEntry>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::crm::contacts::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        Ok(timeline::of_contact(&tx, id, 200)
            .await
            .db()?
            .into_iter()
            .map(|r| TimelineEntry {
                kind: r.kind,
                at: r.at,
                title: r.title,
                detail: r.detail,
                actor_name: r.actor_name,
                ref_id: r.ref_id,
            })
            .collect())
    }

    /// Folds `other` into `id` (conversations, deals, tickets, labels and history move; empty fields are
    /// filled) and deletes `other`.
    pub async fn merge(&self, t: &TenantCtx, id: Uuid, input: MergeContactsInput) -> Result<Contact> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        repo::crm::contacts::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        if input.other_id == id {
            return Err(DomainError::field("otherId", "must be another contact"));
        }
        if merge::lock_pair(&tx, id, input.other_id).await.db()? != 2 {
            return Err(DomainError::NotFound("Contact"));
        }
        let other =
            repo::crm::contacts::get(&tx.tx, input.other_id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        merge::merge(&tx, id, input.other_id).await.db()?;
        let who = other.name.or(other.profile_name).or(other.phone).unwrap_or_default();
        timeline::record(&tx, &[id], "merged", &who, None, actor.user_id.map(|u| u.0)).await.db()?;
        let out = contact_with_labels(&tx, id).await?;
        self.0.commit_events(tx, vec![contact_event("contact.updated", &out)]).await?;
        Ok(out)
    }
}

/// `contact.field_changed` (automations' "contact field changed" trigger): the contact and the keys whose
/// values changed. Not in the webhook catalogue: `contact.updated` carries the same contact to endpoints.
pub(crate) fn field_changed(c: &Contact, fields: &[String]) -> crate::events::Event {
    crate::events::Event::Integration {
        kind: "contact.field_changed",
        subject: Some(c.id),
        data: serde_json::json!({ "contact": c, "fields": fields }),
    }
}

/// `contact.created` / `contact.updated` for integrations.
pub(crate) fn contact_event(kind: &'static str, c: &Contact) -> crate::events::Event {
    crate::events::Event::Integration { kind, subject: Some(c.id), data: serde_json::json!(c) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_changes_are_named_once() {
        let before = json!({"plan": "Gold", "seats": 3});
        let after = json!({"plan": "Silver", "seats": 3, "vip": true});
        assert_eq!(changed_fields(&before, &after), ["plan", "vip"]);
    }
}
