//! Deal pipelines and their ordered stages, including the default "Sales" pipeline a workspace gets
//! the first time it looks at deals.

use crate::TenantTx;
use crate::repo::{count, stmt};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct PipelineRow {
    pub id: Uuid,
    pub name: String,
    pub is_default: bool,
    pub position: i32,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct StageRow {
    pub id: Uuid,
    pub pipeline_id: Uuid,
    pub name: String,
    pub color: String,
    pub position: i32,
    pub probability: i32,
    pub kind: String,
}

/// A stage as written: `id` keeps (and updates) an existing stage, `None` adds one.
#[derive(Debug, Clone)]
pub struct StageDraft {
    pub id: Option<Uuid>,
    pub name: String,
    pub color: String,
    pub probability: i32,
    pub kind: String,
}

const PIPELINE: &str = "select id, name, is_default, position, created_at from pipelines";
const STAGE: &str = "select id, pipeline_id, name, color, position, probability, kind from pipeline_stages";

/// All pipelines: the default first, then by position and age.
pub async fn list(tx: &TenantTx) -> Result<Vec<PipelineRow>, DbErr> {
    PipelineRow::find_by_statement(stmt(&format!("{PIPELINE} order by is_default desc, position, created_at, id"), []))
        .all(&tx.tx)
        .await
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<PipelineRow>, DbErr> {
    PipelineRow::find_by_statement(stmt(&format!("{PIPELINE} where id = $1"), [id.into()])).one(&tx.tx).await
}

pub async fn default(tx: &TenantTx) -> Result<Option<PipelineRow>, DbErr> {
    PipelineRow::find_by_statement(stmt(
        &format!("{PIPELINE} order by is_default desc, position, created_at limit 1"),
        [],
    ))
    .one(&tx.tx)
    .await
}

/// The stages of these pipelines, in order.
pub async fn stages(tx: &TenantTx, pipeline_ids: &[Uuid]) -> Result<Vec<StageRow>, DbErr> {
    StageRow::find_by_statement(stmt(
        &format!("{STAGE} where pipeline_id = any($1) order by pipeline_id, position, id"),
        [pipeline_ids.to_vec().into()],
    ))
    .all(&tx.tx)
    .await
}

pub async fn stage(tx: &TenantTx, id: Uuid) -> Result<Option<StageRow>, DbErr> {
    StageRow::find_by_statement(stmt(&format!("{STAGE} where id = $1"), [id.into()])).one(&tx.tx).await
}

/// The first stage of a pipeline (where new deals go when no stage is named).
pub async fn first_stage(tx: &TenantTx, pipeline_id: Uuid) -> Result<Option<StageRow>, DbErr> {
    StageRow::find_by_statement(stmt(
        &format!("{STAGE} where pipeline_id = $1 order by position, id limit 1"),
        [pipeline_id.into()],
    ))
    .one(&tx.tx)
    .await
}

#[derive(FromQueryResult)]
struct Id {
    id: Uuid,
}

/// Creates the default pipeline with `stages` when the workspace has no pipeline at all. Two requests
/// racing here meet on the unique index of the default pipeline: the second inserts nothing.
pub async fn ensure_default(tx: &TenantTx, name: &str, stages: &[StageDraft]) -> Result<(), DbErr> {
    let created = Id::find_by_statement(stmt(
        "insert into pipelines (id, tenant_id, name, is_default, position)
         select $1, $2, $3, true, 0 where not exists (select 1 from pipelines)
         on conflict do nothing returning id",
        [Uuid::now_v7().into(), tx.tenant_id.0.into(), name.into()],
    ))
    .one(&tx.tx)
    .await?;
    if let Some(p) = created {
        write_stages(tx, p.id, stages).await?;
    }
    Ok(())
}

/// A new pipeline (not the default) placed after the others, with its stages.
pub async fn insert(tx: &TenantTx, name: &str, stages: &[StageDraft]) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    tx.execute_raw(stmt(
        "insert into pipelines (id, tenant_id, name, position)
         values ($1, $2, $3, coalesce((select max(position) + 1 from pipelines), 0))",
        [id.into(), tx.tenant_id.0.into(), name.into()],
    ))
    .await?;
    write_stages(tx, id, stages).await?;
    Ok(id)
}

pub async fn rename(tx: &TenantTx, id: Uuid, name: &str) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt("update pipelines set name = $2, updated_at = now() where id = $1", [id.into(), name.into()]))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Makes this pipeline the default (the unique index allows one, so the old one is cleared first).
pub async fn make_default(tx: &TenantTx, id: Uuid) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update pipelines set is_default = false, updated_at = now() where is_default and id <> $1",
        [id.into()],
    ))
    .await?;
    tx.execute_raw(stmt("update pipelines set is_default = true, updated_at = now() where id = $1", [id.into()]))
        .await?;
    Ok(())
}

/// How many deals sit in these stages.
pub async fn deals_in(tx: &TenantTx, stage_ids: &[Uuid]) -> Result<u64, DbErr> {
    count(&tx.tx, "select count(*) as n from deals where stage_id = any($1)", [stage_ids.to_vec().into()]).await
}

/// Replaces a pipeline's stages with `stages`, in this order: listed ids are updated, new ones added,
/// the rest deleted (the caller checked they hold no deals). Deals in a stage whose kind changed follow it.
pub async fn replace_stages(tx: &TenantTx, pipeline_id: Uuid, stages: &[StageDraft]) -> Result<(), DbErr> {
    let keep: Vec<Uuid> = stages.iter().filter_map(|s| s.id).collect();
    tx.execute_raw(stmt(
        "delete from pipeline_stages where pipeline_id = $1 and not (id = any($2))",
        [pipeline_id.into(), keep.into()],
    ))
    .await?;
    write_stages(tx, pipeline_id, stages).await?;
    tx.execute_raw(stmt(
        "update deals d set status = s.kind,
            closed_at = case when s.kind = 'open' then null else coalesce(d.closed_at, now()) end,
            closed_by = case when s.kind = 'open' then null else d.closed_by end, updated_at = now()
         from pipeline_stages s where s.id = d.stage_id and d.pipeline_id = $1 and d.status <> s.kind",
        [pipeline_id.into()],
    ))
    .await?;
    Ok(())
}

async fn write_stages(tx: &TenantTx, pipeline_id: Uuid, stages: &[StageDraft]) -> Result<(), DbErr> {
    for (n, s) in stages.iter().enumerate() {
        tx.execute_raw(stmt(
            "insert into pipeline_stages (id, tenant_id, pipeline_id, name, color, position, probability, kind)
             values ($1, $2, $3, $4, $5, $6, $7, $8)
             on conflict (id) do update set name = excluded.name, color = excluded.color,
                position = excluded.position, probability = excluded.probability, kind = excluded.kind
             where pipeline_stages.pipeline_id = excluded.pipeline_id",
            [
                s.id.unwrap_or_else(Uuid::now_v7).into(),
                tx.tenant_id.0.into(),
                pipeline_id.into(),
                s.name.clone().into(),
                s.color.clone().into(),
                (n as i32).into(),
                s.probability.into(),
                s.kind.clone().into(),
            ],
        ))
        .await?;
    }
    Ok(())
}

/// Deletes a pipeline with its stages and deals; when it was the default, the next one becomes it.
pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx.execute_raw(stmt("delete from pipelines where id = $1", [id.into()])).await?;
    if r.rows_affected() == 0 {
        return Ok(false);
    }
    tx.execute_raw(stmt(
        "update pipelines set is_default = true, updated_at = now()
         where id = (select id from pipelines order by position, created_at limit 1)
           and not exists (select 1 from pipelines where is_default)",
        [],
    ))
    .await?;
    Ok(true)
}

pub async fn count_all(tx: &TenantTx) -> Result<u64, DbErr> {
    count(&tx.tx, "select count(*) as n from pipelines", []).await
}
