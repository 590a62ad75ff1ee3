//! Customers a tenant talks to, keyed by E.164 phone or, when WhatsApp hides the number, by the
//! business-scoped user id.

use super::{PageReq, count, like_pattern, stmt};
use crate::TenantTx;
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
    pub attributes: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(FromQueryResult)]
struct IdRow {
    id: Uuid,
}

/// Finds or creates the contact a message came from, refreshing the WhatsApp profile name.
pub async fn upsert_from_whatsapp(
    tx: &TenantTx,
    phone: Option<&str>,
    wa_user_id: Option<&str>,
    profile_name: Option<&str>,
) -> Result<Uuid, DbErr> {
    let sql = if phone.is_some() {
        "insert into contacts (id, tenant_id, phone, wa_user_id, profile_name)
         select $1, $2, $3, case when exists (select 1 from contacts where wa_user_id = $4) then null else $4 end, $5
         on conflict (tenant_id, phone) where phone is not null do update
           set profile_name = coalesce(excluded.profile_name, contacts.profile_name),
               updated_at = case when contacts.profile_name is distinct from excluded.profile_name
                                 and excluded.profile_name is not null then now() else contacts.updated_at end
         returning id"
    } else {
        "insert into contacts (id, tenant_id, phone, wa_user_id, profile_name) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, wa_user_id) where wa_user_id is not null do update
           set profile_name = coalesce(excluded.profile_name, contacts.profile_name)
         returning id"
    };
    // With a phone, the user id is recorded only on a new contact and only if no other contact has it.
    IdRow::find_by_statement(stmt(
        sql,
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            phone.map(str::to_owned).into(),
            wa_user_id.map(str::to_owned).into(),
            profile_name.map(str::to_owned).into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .map(|r| r.id)
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn insert(tx: &TenantTx, phone: &str, name: Option<&str>, email: Option<&str>) -> Result<ContactRow, DbErr> {
    ContactRow::find_by_statement(stmt(
        "insert into contacts (id, tenant_id, phone, name, email) values ($1, $2, $3, $4, $5) returning *",
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            phone.into(),
            name.map(str::to_owned).into(),
            email.map(str::to_owned).into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn get<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<Option<ContactRow>, DbErr> {
    ContactRow::find_by_statement(stmt("select * from contacts where id = $1", [id.into()])).one(c).await
}

pub async fn list(tx: &TenantTx, q: Option<&str>, page: PageReq) -> Result<(Vec<ContactRow>, u64), DbErr> {
    let pattern = q.map(str::trim).filter(|s| !s.is_empty()).map(like_pattern);
    let filter = "($1::text is null or phone ilike $1 or name ilike $1 or profile_name ilike $1 or email ilike $1)";
    let rows = ContactRow::find_by_statement(stmt(
        &format!("select * from contacts where {filter} order by created_at desc, id desc limit $2 offset $3"),
        [pattern.clone().into(), page.limit().into(), page.offset().into()],
    ))
    .all(&tx.tx)
    .await?;
    let total = count(&tx.tx, &format!("select count(*) as n from contacts where {filter}"), [pattern.into()]).await?;
    Ok((rows, total))
}

pub async fn update(
    tx: &TenantTx,
    id: Uuid,
    name: Option<&str>,
    email: Option<Option<&str>>,
    attributes: Option<&serde_json::Value>,
) -> Result<Option<ContactRow>, DbErr> {
    let (set_email, email) = match email {
        Some(e) => (true, e.map(str::to_owned)),
        None => (false, None),
    };
    ContactRow::find_by_statement(stmt(
        "update contacts set name = coalesce($2, name), email = case when $3 then $4 else email end,
            attributes = coalesce($5, attributes), updated_at = now() where id = $1 returning *",
        [id.into(), name.map(str::to_owned).into(), set_email.into(), email.into(), attributes.cloned().into()],
    ))
    .one(&tx.tx)
    .await
}
