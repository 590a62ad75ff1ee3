//! Customers a tenant talks to, keyed by E.164 phone or, when WhatsApp hides the number, by the
//! business-scoped user id.

use crate::TenantTx;
use crate::repo::{PageReq, count, like_pattern, stmt};
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
