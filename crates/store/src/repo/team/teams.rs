//! Teams: groups of members a conversation can be assigned to.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct TeamRow {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub member_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "select t.id, t.name, t.description, t.created_at,
        coalesce(array(select m.user_id from team_members m where m.team_id = t.id order by m.user_id), '{}') as member_ids
    from teams t";

pub async fn list(tx: &TenantTx) -> Result<Vec<TeamRow>, DbErr> {
    TeamRow::find_by_statement(stmt(&format!("{SELECT} order by lower(t.name)"), [])).all(&tx.tx).await
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<TeamRow>, DbErr> {
    TeamRow::find_by_statement(stmt(&format!("{SELECT} where t.id = $1"), [id.into()])).one(&tx.tx).await
}

pub async fn insert(tx: &TenantTx, name: &str, description: Option<&str>) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    tx.execute_raw(stmt(
        "insert into teams (id, tenant_id, name, description) values ($1, $2, $3, $4)",
        [id.into(), tx.tenant_id.0.into(), name.into(), description.map(str::to_owned).into()],
    ))
    .await?;
    Ok(id)
}

pub async fn update(
    tx: &TenantTx,
    id: Uuid,
    name: Option<&str>,
    description: Option<Option<&str>>,
) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update teams set name = coalesce($2, name),
                description = case when $3 then $4 else description end, updated_at = now() where id = $1",
            [
                id.into(),
                name.map(str::to_owned).into(),
                description.is_some().into(),
                description.flatten().map(str::to_owned).into(),
            ],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Replaces the members; only active members of the workspace are kept.
pub async fn set_members(tx: &TenantTx, id: Uuid, users: &[Uuid]) -> Result<(), DbErr> {
    let active = "select user_id as id from memberships where status = 'active'";
    crate::repo::replace_links(tx, "team_members", "team_id", "user_id", id, active, users).await
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    Ok(tx.execute_raw(stmt("delete from teams where id = $1", [id.into()])).await?.rows_affected() == 1)
}
