//! The campaign row: a draft the wizard saves step by step, then a state machine (scheduled, running, paused,
//! completed, cancelled, failed) whose transitions are conditional updates, so two users pressing start at once
//! start it once.

use crate::repo::stmt;
use crate::{Db, TenantTx};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct CampaignRow {
    pub id: Uuid,
    pub name: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub connection_ids: Vec<Uuid>,
    pub template_id: Option<Uuid>,
    pub template: Option<Value>,
    pub variables: Value,
    pub header_media_url: Option<String>,
    pub audience: Value,
    pub schedule_at: Option<DateTime<Utc>>,
    pub timezone: String,
    pub recipient_timezone: bool,
    pub quiet_start: Option<i16>,
    pub quiet_end: Option<i16>,
    pub rate_per_second: Option<i32>,
    pub reply_flow_id: Option<Uuid>,
    /// Where a tracked URL button leads (the redirect answers 302 there).
    pub click_url: Option<String>,
    pub estimated_cost: Option<f64>,
    pub audience_summary: Option<Value>,
    pub recipients_total: i32,
    pub created_by: Option<Uuid>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

const SELECT: &str = "select c.id, c.name, c.status, c.status_reason, c.connection_ids, c.template_id, c.template,
        c.variables, c.header_media_url, c.audience, c.schedule_at, c.timezone, c.recipient_timezone, c.quiet_start,
        c.quiet_end, c.rate_per_second, c.reply_flow_id, c.click_url, c.estimated_cost::float8 as estimated_cost,
        c.audience_summary, c.recipients_total, c.created_by, u.name as created_by_name, c.created_at, c.updated_at,
        c.started_at, c.completed_at
   from campaigns c left join users u on u.id = c.created_by";

/// What the wizard writes into a draft.
pub struct CampaignWrite<'a> {
    pub name: &'a str,
    pub connection_ids: &'a [Uuid],
    pub template_id: Option<Uuid>,
    pub variables: &'a Value,
    pub header_media_url: Option<&'a str>,
    pub audience: &'a Value,
    pub schedule_at: Option<DateTime<Utc>>,
    pub timezone: &'a str,
    pub recipient_timezone: bool,
    pub quiet_start: Option<i16>,
    pub quiet_end: Option<i16>,
    pub rate_per_second: Option<i32>,
    pub reply_flow_id: Option<Uuid>,
    pub click_url: Option<&'a str>,
}

fn write_values(w: &CampaignWrite<'_>) -> Vec<sea_orm::Value> {
    vec![
        w.name.into(),
        w.connection_ids.to_vec().into(),
        w.template_id.into(),
        w.variables.clone().into(),
        w.header_media_url.map(str::to_owned).into(),
        w.audience.clone().into(),
        w.schedule_at.into(),
        w.timezone.into(),
        w.recipient_timezone.into(),
        w.quiet_start.into(),
        w.quiet_end.into(),
        w.rate_per_second.into(),
        w.reply_flow_id.into(),
        w.click_url.map(str::to_owned).into(),
    ]
}

pub async fn insert(tx: &TenantTx, id: Uuid, w: &CampaignWrite<'_>, by: Option<Uuid>) -> Result<(), DbErr> {
    let mut values = write_values(w);
    values.extend([id.into(), tx.tenant_id.0.into(), by.into()]);
    tx.execute_raw(stmt(
        "insert into campaigns (name, connection_ids, template_id, variables, header_media_url, audience, schedule_at,
                                timezone, recipient_timezone, quiet_start, quiet_end, rate_per_second, reply_flow_id,
                                click_url, id, tenant_id, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        values,
    ))
    .await?;
    Ok(())
}

/// Rewrites a draft (or a scheduled campaign, which goes back to draft in the caller).
pub async fn update(tx: &TenantTx, id: Uuid, w: &CampaignWrite<'_>) -> Result<(), DbErr> {
    let mut values = write_values(w);
    values.push(id.into());
    tx.execute_raw(stmt(
        "update campaigns set name = $1, connection_ids = $2, template_id = $3, variables = $4, header_media_url = $5,
                audience = $6, schedule_at = $7, timezone = $8, recipient_timezone = $9, quiet_start = $10,
                quiet_end = $11, rate_per_second = $12, reply_flow_id = $13, click_url = $14, updated_at = now()
          where id = $15",
        values,
    ))
    .await?;
    Ok(())
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<CampaignRow>, DbErr> {
    CampaignRow::find_by_statement(stmt(&format!("{SELECT} where c.id = $1"), [id.into()])).one(&tx.tx).await
}

/// The campaign, locked until the transaction ends (start, pause and cancel serialise on it).
pub async fn lock(tx: &TenantTx, id: Uuid) -> Result<Option<CampaignRow>, DbErr> {
    CampaignRow::find_by_statement(stmt(&format!("{SELECT} where c.id = $1 for update of c"), [id.into()]))
        .one(&tx.tx)
        .await
}

pub async fn page(
    tx: &TenantTx,
    status: Option<&str>,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: u64,
) -> Result<Vec<CampaignRow>, DbErr> {
    let (at, id) = before.map_or((None, None), |(a, i)| (Some(a), Some(i)));
    CampaignRow::find_by_statement(stmt(
        &format!(
            "{SELECT} where ($1::text is null or c.status = $1)
                        and ($2::timestamptz is null or (c.created_at, c.id) < ($2, $3))
              order by c.created_at desc, c.id desc limit $4"
        ),
        [status.map(str::to_owned).into(), at.into(), id.into(), (limit as i64).into()],
    ))
    .all(&tx.tx)
    .await
}

/// Moves the campaign from one of `from` to `to`; false when it was in none of them (someone else moved it).
pub async fn transition(tx: &TenantTx, id: Uuid, from: &[&str], to: &str, reason: Option<&str>) -> Result<bool, DbErr> {
    let from: Vec<String> = from.iter().map(|s| (*s).to_owned()).collect();
    let r = tx
        .execute_raw(stmt(
            "update campaigns set status = $3, status_reason = $4, updated_at = now(),
                    started_at = case when $3 = 'running' then coalesce(started_at, now()) else started_at end,
                    completed_at = case when $3 in ('completed', 'cancelled', 'failed') then now() else completed_at end
              where id = $1 and status = any($2)",
            [id.into(), from.into(), to.into(), reason.map(str::to_owned).into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Records what materialisation found: the recipients, the summary of who was left out and why, and the estimate.
pub async fn set_materialised(
    tx: &TenantTx,
    id: Uuid,
    template: &Value,
    total: i32,
    summary: &Value,
    estimate: f64,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update campaigns set template = $2, recipients_total = $3, audience_summary = $4, estimated_cost = $5,
                updated_at = now()
          where id = $1",
        [id.into(), template.clone().into(), total.into(), summary.clone().into(), estimate.into()],
    ))
    .await?;
    Ok(())
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "delete from campaigns where id = $1 and status in ('draft', 'scheduled', 'completed', 'cancelled', 'failed')",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

/// A campaign of some tenant, as the background sender sees it (system path, across tenants).
#[derive(Debug, Clone, FromQueryResult)]
pub struct ActiveCampaign {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub status: String,
    pub connection_ids: Vec<Uuid>,
}

/// Scheduled campaigns whose time has come, and running ones.
pub async fn active(db: &Db) -> Result<Vec<ActiveCampaign>, DbErr> {
    ActiveCampaign::find_by_statement(stmt(
        "select tenant_id, id, status, connection_ids from campaigns
          where status = 'running' or (status = 'scheduled' and schedule_at <= now())",
        [],
    ))
    .all(db.system())
    .await
}

/// Campaigns by id, for the names the inbox shows on conversations they tagged.
pub async fn names(tx: &TenantTx, ids: &[Uuid]) -> Result<Vec<(Uuid, String)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        id: Uuid,
        name: String,
    }
    Ok(Row::find_by_statement(stmt("select id, name from campaigns where id = any($1)", [ids.to_vec().into()]))
        .all(&tx.tx)
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect())
}

/// Drafts' uploaded CSV: replaced whole by a new upload.
pub async fn replace_csv(tx: &TenantTx, id: Uuid, phones: &[String], data: &[Value]) -> Result<(), DbErr> {
    tx.execute_raw(stmt("delete from campaign_csv_rows where campaign_id = $1", [id.into()])).await?;
    for (p, d) in phones.chunks(5_000).zip(data.chunks(5_000)) {
        tx.execute_raw(stmt(
            "insert into campaign_csv_rows (tenant_id, campaign_id, phone, data)
             select $1, $2, p, d from unnest($3::text[], $4::jsonb[]) as r(p, d)
             on conflict (campaign_id, phone) do nothing",
            [tx.tenant_id.0.into(), id.into(), p.to_vec().into(), d.to_vec().into()],
        ))
        .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct CsvInfo {
    pub rows: i64,
    pub columns: Option<Value>,
}

/// How many rows the draft's CSV has, and the columns of its first row.
pub async fn csv_info(tx: &TenantTx, id: Uuid) -> Result<CsvInfo, DbErr> {
    Ok(CsvInfo::find_by_statement(stmt(
        "select count(*) as rows, (select to_jsonb(array(select jsonb_object_keys(data)))
                                     from campaign_csv_rows where campaign_id = $1 limit 1) as columns
           from campaign_csv_rows where campaign_id = $1",
        [id.into()],
    ))
    .one(&tx.tx)
    .await?
    .unwrap_or(CsvInfo { rows: 0, columns: None }))
}

pub async fn set_schedule(tx: &TenantTx, id: Uuid, at: DateTime<Utc>, timezone: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update campaigns set schedule_at = $2, timezone = $3, updated_at = now() where id = $1",
        [id.into(), at.into(), timezone.into()],
    ))
    .await?;
    Ok(())
}

/// Pauses a running campaign for a reason found by work that began at `since`, unless someone changed the campaign
/// after that (a person who resumed it after the cause was fixed is not overruled by an answer from before).
pub async fn pause_unless_changed_since(
    tx: &TenantTx,
    id: Uuid,
    reason: &str,
    since: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update campaigns set status = 'paused', status_reason = $2, updated_at = now()
              where id = $1 and status = 'running' and updated_at <= $3",
            [id.into(), reason.into(), since.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}
