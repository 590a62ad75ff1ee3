//! Contacts: the customers a workspace talks to, with their labels. Agents and up read and edit.

use crate::check::{Check, checked};
use crate::crm::dto::*;
use crate::crm::labels::known_labels;
use crate::ctx::TenantCtx;
use crate::dto::PageQuery;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_store::TenantTx;
use parley_store::repo::{self, PageReq};
use parley_store::unique_violation;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct ContactService(pub(crate) Arc<Core>);

pub(crate) fn contact_dto(r: repo::crm::contacts::ContactRow, labels: Vec<(Uuid, String, String)>) -> Contact {
    Contact {
        labels: labels.into_iter().map(|(id, name, color)| LabelRef { id, name, color }).collect(),
        id: r.id,
        phone: r.phone,
        wa_user_id: r.wa_user_id,
        name: r.name,
        profile_name: r.profile_name,
        email: r.email,
        attributes: r.attributes,
        created_at: r.created_at,
    }
}

impl ContactService {
    pub async fn contacts(&self, t: &TenantCtx, q: PageQuery) -> Result<ContactPage> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let page = PageReq::new(q.page, q.per_page);
        let (rows, total) = repo::crm::contacts::list(&tx, q.q.as_deref(), page).await.db()?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut labels = repo::crm::labels::of_contacts(&tx, &ids).await.db()?;
        Ok(ContactPage {
            items: rows
                .into_iter()
                .map(|r| {
                    let l = labels.remove(&r.id).unwrap_or_default();
                    contact_dto(r, l)
                })
                .collect(),
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    pub async fn contact(&self, t: &TenantCtx, id: Uuid) -> Result<Contact> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        contact_with_labels(&tx, id).await
    }

    pub async fn set_contact_labels(&self, t: &TenantCtx, id: Uuid, input: SetLabelsInput) -> Result<Contact> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::crm::contacts::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        known_labels(&tx, &input.label_ids).await?;
        repo::crm::labels::set_for_contact(&tx, id, &input.label_ids).await.db()?;
        let out = contact_with_labels(&tx, id).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    pub async fn create_contact(&self, t: &TenantCtx, input: CreateContactInput) -> Result<Contact> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let mut c = Check::default();
        let phone = c.phone("phone", &input.phone);
        let name = input.name.as_deref().map(|n| c.text("name", n, 1, 120));
        let email = input.email.as_deref().filter(|e| !e.trim().is_empty()).map(|e| c.email("email", e));
        c.finish()?;
        let phone = checked(phone)?;
        let row = repo::crm::contacts::insert(
            &tx,
            phone.as_str(),
            name.flatten().as_deref(),
            email.flatten().as_ref().map(|e| e.as_str()),
        )
        .await
        .map_err(|e| match unique_violation(&e).as_deref() {
            Some("contacts_phone_key") => DomainError::Conflict {
                code: "contact_exists",
                message: "A contact with this phone number already exists.".into(),
            },
            _ => DomainError::internal(e),
        })?;
        tx.commit().await.db()?;
        Ok(contact_dto(row, vec![]))
    }

    pub async fn update_contact(&self, t: &TenantCtx, id: Uuid, input: UpdateContactInput) -> Result<Contact> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let mut c = Check::default();
        let name = input.name.as_deref().map(|n| c.text("name", n, 1, 120));
        let email = input
            .email
            .as_deref()
            .map(|e| if e.trim().is_empty() { Some(None) } else { c.email("email", e).map(Some) });
        if input.attributes.as_ref().is_some_and(|a| !a.is_object()) {
            c.push("attributes", "must be an object");
        }
        c.finish()?;
        let email = email.flatten();
        let row = repo::crm::contacts::update(
            &tx,
            id,
            name.flatten().as_deref(),
            email.as_ref().map(|e| e.as_ref().map(|e| e.as_str())),
            input.attributes.as_ref(),
        )
        .await
        .db()?
        .ok_or(DomainError::NotFound("Contact"))?;
        let labels = repo::crm::labels::of_contacts(&tx, &[id]).await.db()?.remove(&id).unwrap_or_default();
        tx.commit().await.db()?;
        Ok(contact_dto(row, labels))
    }
}

async fn contact_with_labels(tx: &TenantTx, id: Uuid) -> Result<Contact> {
    let row = repo::crm::contacts::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
    let labels = repo::crm::labels::of_contacts(tx, &[id]).await.db()?.remove(&id).unwrap_or_default();
    Ok(contact_dto(row, labels))
}
