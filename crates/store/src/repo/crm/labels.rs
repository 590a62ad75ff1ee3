//! Labels a workspace defines and puts on conversations and contacts.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct LabelRow {
    pub id: Uuid,
    pub name: String,
    pub color: String,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, name, color, description, created_at";

pub async fn list(tx: &TenantTx) -> Result<Vec<LabelRow>, DbErr> {
    LabelRow::find_by_statement(stmt(&format!("select {COLUMNS} from labels order by lower(name)"), []))
        .all(&tx.tx)
        .await
}

pub async fn insert(tx: &TenantTx, name: &str, color: &str, description: Option<&str>) -> Result<LabelRow, DbErr> {
    LabelRow::find_by_statement(stmt(
        &format!(
            "insert into labels (id, tenant_id, name, color, description) values ($1, $2, $3, $4, $5)
             returning {COLUMNS}"
        ),
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            name.into(),
            color.into(),
            description.map(str::to_owned).into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

/// `None` fields stay as they are; `description: Some(None)` clears it.
pub async fn update(
    tx: &TenantTx,
    id: Uuid,
    name: Option<&str>,
    color: Option<&str>,
    description: Option<Option<&str>>,
) -> Result<Option<LabelRow>, DbErr> {
    LabelRow::find_by_statement(stmt(
        &format!(
            "update labels set name = coalesce($2, name), color = coalesce($3, color),
                description = case when $4 then $5 else description end, updated_at = now()
             where id = $1 returning {COLUMNS}"
        ),
        [
            id.into(),
            name.map(str::to_owned).into(),
            color.map(str::to_owned).into(),
            description.is_some().into(),
            description.flatten().map(str::to_owned).into(),
        ],
    ))
    .one(&tx.tx)
    .await
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    Ok(tx.execute_raw(stmt("delete from labels where id = $1", [id.into()])).await?.rows_affected() == 1)
}

/// How many of these ids are labels of the workspace (to reject unknown ones).
pub async fn count_known(tx: &TenantTx, ids: &[Uuid]) -> Result<u64, DbErr> {
    crate::repo::count(&tx.tx, "select count(*) as n from labels where id = any($1)", [ids.to_vec().into()]).await
}

#[derive(Debug, Clone, FromQueryResult)]
struct ContactLabel {
    contact_id: Uuid,
    id: Uuid,
    name: String,
    color: String,
}

/// The labels of each of these contacts, by name.
pub async fn of_contacts(
    tx: &TenantTx,
    contacts: &[Uuid],
) -> Result<HashMap<Uuid, Vec<(Uuid, String, String)>>, DbErr> {
    let rows = ContactLabel::find_by_statement(stmt(
        "select cl.contact_id, l.id, l.name, l.color from contact_labels cl join labels l on l.id = cl.label_id
         where cl.contact_id = any($1) order by lower(l.name)",
        [contacts.to_vec().into()],
    ))
    .all(&tx.tx)
    .await?;
    let mut out: HashMap<Uuid, Vec<(Uuid, String, String)>> = HashMap::new();
    for r in rows {
        out.entry(r.contact_id).or_default().push((r.id, r.name, r.color));
    }
    Ok(out)
}

pub async fn set_for_contact(tx: &TenantTx, contact_id: Uuid, labels: &[Uuid]) -> Result<(), DbErr> {
    crate::repo::replace_links(
        tx,
        "contact_labels",
        "contact_id",
        "label_id",
        contact_id,
        "select id from labels",
        labels,
    )
    .await
}

/// Adds (creating the label when the workspace has none of that name) or removes a label by name on a contact,
/// as chatbot flows name labels.
pub async fn toggle_for_contact_by_name(tx: &TenantTx, contact_id: Uuid, name: &str, add: bool) -> Result<(), DbErr> {
    if add {
        tx.execute_raw(stmt(
            "with found as (select id from labels where lower(name) = lower($2)),
                  made as (insert into labels (id, tenant_id, name, color)
                           select $3, $1, $2, '#64748b' where not exists (select 1 from found)
                           on conflict do nothing returning id)
             insert into contact_labels (tenant_id, contact_id, label_id)
             select $1, $4, id from (select id from found union all select id from made) l
             on conflict do nothing",
            [tx.tenant_id.0.into(), name.into(), Uuid::now_v7().into(), contact_id.into()],
        ))
        .await?;
    } else {
        tx.execute_raw(stmt(
            "delete from contact_labels where contact_id = $1
                and label_id in (select id from labels where lower(name) = lower($2))",
            [contact_id.into(), name.into()],
        ))
        .await?;
    }
    Ok(())
}
