//! Customers a tenant talks to, keyed by E.164 phone or, when WhatsApp hides the number, by the
//! business-scoped user id.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct ContactRow {
    pub id: Uuid,
    pub phone: Option<String>,
    pub wa_user_id: Option<String>,
    pub name: Option<String>,
    pub profile_name: Option<String>,
    pub email: Option<String>,
    /// Custom field values by key.
    pub attributes: serde_json::Value,
    pub company: Option<String>,
    pub notes: Option<String>,
    pub avatar_url: Option<String>,
    pub consent_status: String,
    pub consent_source: Option<String>,
    pub consent_at: Option<DateTime<Utc>>,
    pub last_message_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Erased (GDPR, migration 0019): every personal value cleared.
    pub erased_at: Option<DateTime<Utc>>,
}

/// A contact written by hand or through the API.
#[derive(Debug, Clone, Default)]
pub struct NewContact {
    pub phone: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub notes: Option<String>,
    pub avatar_url: Option<String>,
    pub attributes: serde_json::Value,
    pub consent_status: String,
    pub consent_source: Option<String>,
    /// manual (a person in the app) or api (an API key).
    pub source: &'static str,
}

/// Profile changes: `None` leaves a column alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ContactPatch {
    pub name: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub company: Option<Option<String>>,
    pub notes: Option<Option<String>>,
    pub avatar_url: Option<Option<String>>,
    /// The whole new set of custom field values.
    pub attributes: Option<serde_json::Value>,
}

pub async fn insert(tx: &TenantTx, c: &NewContact) -> Result<ContactRow, DbErr> {
    ContactRow::find_by_statement(stmt(
        "insert into contacts (id, tenant_id, phone, name, email, company, notes, avatar_url, attributes,
                               consent_status, consent_source, consent_at, source)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, case when $10 <> 'unknown' then now() end, $12)
         returning *",
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            c.phone.clone().into(),
            c.name.clone().into(),
            c.email.clone().into(),
            c.company.clone().into(),
            c.notes.clone().into(),
            c.avatar_url.clone().into(),
            if c.attributes.is_object() { c.attributes.clone() } else { serde_json::json!({}) }.into(),
            c.consent_status.clone().into(),
            c.consent_source.clone().into(),
            c.source.into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn get<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Option<ContactRow>, DbErr> {
    ContactRow::find_by_statement(stmt("select * from contacts where id = $1", [id.into()])).one(c).await
}

pub async fn update(tx: &TenantTx, id: Uuid, p: &ContactPatch) -> Result<Option<ContactRow>, DbErr> {
    // (set?, value) per column: a flag says whether to write, so NULL can be written on purpose.
    let col = |v: &Option<Option<String>>| (v.is_some(), v.clone().flatten());
    let (n, nv) = col(&p.name);
    let (e, ev) = col(&p.email);
    let (c, cv) = col(&p.company);
    let (o, ov) = col(&p.notes);
    let (a, av) = col(&p.avatar_url);
    ContactRow::find_by_statement(stmt(
        "update contacts set
            name = case when $2 then $3 else name end, email = case when $4 then $5 else email end,
            company = case when $6 then $7 else company end, notes = case when $8 then $9 else notes end,
            avatar_url = case when $10 then $11 else avatar_url end, attributes = coalesce($12, attributes),
            updated_at = now()
         where id = $1 returning *",
        [
            id.into(),
            n.into(),
            nv.into(),
            e.into(),
            ev.into(),
            c.into(),
            cv.into(),
            o.into(),
            ov.into(),
            a.into(),
            av.into(),
            p.attributes.clone().into(),
        ],
    ))
    .one(&tx.tx)
    .await
}

/// A contact as a webhook names it, for `upsert_many`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SeenContact {
    pub phone: Option<String>,
    pub wa_user_id: Option<String>,
    pub profile_name: Option<String>,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct ContactKey {
    pub id: Uuid,
    pub phone: Option<String>,
    pub wa_user_id: Option<String>,
}

/// Finds or creates the contacts a batch of webhooks names, refreshing WhatsApp profile names, in two
/// statements (by phone, then by user id only). Keys must be distinct: one statement may not update a
/// row twice.
pub async fn upsert_many(tx: &TenantTx, seen: &[SeenContact]) -> Result<Vec<ContactKey>, DbErr> {
    let row = |c: &SeenContact| serde_json::json!({ "id": Uuid::now_v7(), "phone": c.phone, "wa_user_id": c.wa_user_id, "profile_name": c.profile_name });
    let by_phone: Vec<_> = seen.iter().filter(|c| c.phone.is_some()).map(row).collect();
    let by_user: Vec<_> = seen.iter().filter(|c| c.phone.is_none() && c.wa_user_id.is_some()).map(row).collect();
    let mut out = Vec::with_capacity(seen.len());
    if !by_phone.is_empty() {
        out.extend(
            ContactKey::find_by_statement(stmt(
                "insert into contacts (id, tenant_id, phone, wa_user_id, profile_name)
                 select r.id, $2, r.phone,
                        case when exists (select 1 from contacts c where c.wa_user_id = r.wa_user_id) then null
                             else r.wa_user_id end,
                        r.profile_name
                 from jsonb_to_recordset($1) as r(id uuid, phone text, wa_user_id text, profile_name text)
                 on conflict (tenant_id, phone) where phone is not null do update
                   set profile_name = coalesce(excluded.profile_name, contacts.profile_name),
                       updated_at = case when contacts.profile_name is distinct from excluded.profile_name
                                         and excluded.profile_name is not null then now() else contacts.updated_at end
                 returning id, phone, wa_user_id",
                [serde_json::Value::Array(by_phone).into(), tx.tenant_id.0.into()],
            ))
            .all(&tx.tx)
            .await?,
        );
    }
    if !by_user.is_empty() {
        out.extend(
            ContactKey::find_by_statement(stmt(
                "insert into contacts (id, tenant_id, wa_user_id, profile_name)
                 select r.id, $2, r.wa_user_id, r.profile_name
                 from jsonb_to_recordset($1) as r(id uuid, wa_user_id text, profile_name text)
                 on conflict (tenant_id, wa_user_id) where wa_user_id is not null do update
                   set profile_name = coalesce(excluded.profile_name, contacts.profile_name)
                 returning id, phone, wa_user_id",
                [serde_json::Value::Array(by_user).into(), tx.tenant_id.0.into()],
            ))
            .all(&tx.tx)
            .await?,
        );
    }
    Ok(out)
}
