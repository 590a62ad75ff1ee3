//! Deals: one sale in progress with a contact, placed in a pipeline stage; their board, list, moves
//! (with the won/lost bookkeeping) and totals.

use crate::TenantTx;
use crate::repo::{like_pattern, stmt};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Value};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct DealRow {
    pub id: Uuid,
    pub pipeline_id: Uuid,
    pub stage_id: Uuid,
    pub title: String,
    pub value: f64,
    pub currency: String,
    pub priority: String,
    pub expected_close_date: Option<NaiveDate>,
    /// Open, and expected to close before today.
    pub overdue: bool,
    pub status: String,
    pub owner_id: Option<Uuid>,
    pub owner_name: Option<String>,
    pub contact_id: Uuid,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub conversation_id: Option<Uuid>,
    pub notes: Option<String>,
    pub position: f64,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<Uuid>,
    pub closed_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "d.id, d.pipeline_id, d.stage_id, d.title, d.value::float8 as value, d.currency,
        d.priority, d.expected_close_date,
        coalesce(d.status = 'open' and d.expected_close_date < current_date, false) as overdue, d.status, d.owner_id,
        ou.name as owner_name, d.contact_id, coalesce(c.name, c.profile_name) as contact_name,
        c.phone as contact_phone, d.conversation_id, d.notes, d.position, d.closed_at, d.closed_by,
        cu.name as closed_by_name, d.created_at, d.updated_at";

const FROM: &str = "from deals d join contacts c on c.id = d.contact_id
        left join users ou on ou.id = d.owner_id left join users cu on cu.id = d.closed_by";

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<DealRow>, DbErr> {
    DealRow::find_by_statement(stmt(&format!("select {COLUMNS} {FROM} where d.id = $1"), [id.into()])).one(&tx.tx).await
}

#[derive(Debug, Default, Clone)]
pub struct DealFilter {
    pub pipeline_id: Option<Uuid>,
    pub stage_id: Option<Uuid>,
    pub status: Option<String>,
    pub owner_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
    pub priority: Option<String>,
    pub overdue: Option<bool>,
    /// Searches the title and the contact's name and phone.
    pub q: Option<String>,
}

/// Newest first, strictly after the cursor `(created_at, id)` when one is given.
pub async fn list(
    tx: &TenantTx,
    f: &DealFilter,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> Result<Vec<DealRow>, DbErr> {
    let pattern = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(like_pattern);
    let (at, id) = after.map(|(a, i)| (Some(a), Some(i))).unwrap_or((None, None));
    let values: Vec<Value> = vec![
        f.pipeline_id.into(),
        f.stage_id.into(),
        f.status.clone().into(),
        f.owner_id.into(),
        f.contact_id.into(),
        f.conversation_id.into(),
        f.priority.clone().into(),
        f.overdue.into(),
        pattern.into(),
        at.into(),
        id.into(),
        limit.into(),
    ];
    DealRow::find_by_statement(stmt(
        &format!(
            "select {COLUMNS} {FROM}
             where ($1::uuid is null or d.pipeline_id = $1) and ($2::uuid is null or d.stage_id = $2)
               and ($3::text is null or d.status = $3) and ($4::uuid is null or d.owner_id = $4)
               and ($5::uuid is null or d.contact_id = $5) and ($6::uuid is null or d.conversation_id = $6)
               and ($7::text is null or d.priority = $7)
               and ($8::bool is null
                    or coalesce(d.status = 'open' and d.expected_close_date < current_date, false) = $8)
               and ($9::text is null or d.title ilike $9 or c.name ilike $9 or c.profile_name ilike $9
                    or c.phone ilike $9)
               and ($10::timestamptz is null or (d.created_at, d.id) < ($10, $11))
             order by d.created_at desc, d.id desc limit $12"
        ),
        values,
    ))
    .all(&tx.tx)
    .await
}

/// The deals of a pipeline's board, by stage and position, at most `per_stage` in each stage.
pub async fn board(tx: &TenantTx, pipeline_id: Uuid, per_stage: i64) -> Result<Vec<DealRow>, DbErr> {
    DealRow::find_by_statement(stmt(
        &format!(
            "select * from (select {COLUMNS},
                    row_number() over (partition by d.stage_id order by d.position, d.id) as n
                {FROM} where d.pipeline_id = $1) x
             where x.n <= $2 order by x.stage_id, x.position, x.id"
        ),
        [pipeline_id.into(), per_stage.into()],
    ))
    .all(&tx.tx)
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct StageTotal {
    pub stage_id: Uuid,
    pub currency: String,
    pub count: i64,
    pub value: f64,
    /// The value times the stage's probability.
    pub weighted: f64,
}

/// Per stage of a pipeline and currency: how many deals, their value and their weighted value (all
/// deals, not only the ones a board column shows). Values of different currencies are never added up;
/// a stage without deals has no row.
pub async fn stage_totals(tx: &TenantTx, pipeline_id: Uuid) -> Result<Vec<StageTotal>, DbErr> {
    StageTotal::find_by_statement(stmt(
        "select s.id as stage_id, d.currency, count(*) as count, sum(d.value)::float8 as value,
                sum(d.value * s.probability / 100.0)::float8 as weighted
         from pipeline_stages s join deals d on d.stage_id = s.id
         where s.pipeline_id = $1 group by s.id, d.currency order by s.id, d.currency",
        [pipeline_id.into()],
    ))
    .all(&tx.tx)
    .await
}

pub struct NewDeal<'a> {
    pub pipeline_id: Uuid,
    pub stage_id: Uuid,
    pub title: &'a str,
    pub value: f64,
    pub currency: &'a str,
    pub priority: &'a str,
    pub expected_close_date: Option<NaiveDate>,
    pub owner_id: Option<Uuid>,
    pub contact_id: Uuid,
    pub conversation_id: Option<Uuid>,
    pub notes: Option<&'a str>,
    pub created_by: Option<Uuid>,
}

/// Inserts a deal last in its stage; a won or lost stage closes it at once (by its creator).
pub async fn insert(tx: &TenantTx, d: NewDeal<'_>) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    tx.execute_raw(stmt(
        "insert into deals (id, tenant_id, pipeline_id, stage_id, title, value, currency, priority,
            expected_close_date, owner_id, contact_id, conversation_id, notes, created_by, position, status,
            closed_at, closed_by)
         select $1, $2, $3, s.id, $5, $6::float8::numeric, $7, $8, $9, $10, $11, $12, $13, $14,
            coalesce((select max(position) from deals where stage_id = s.id), 0) + 1, s.kind,
            case when s.kind = 'open' then null else now() end, case when s.kind = 'open' then null else $14 end
         from pipeline_stages s where s.id = $4",
        [
            id.into(),
            tx.tenant_id.0.into(),
            d.pipeline_id.into(),
            d.stage_id.into(),
            d.title.into(),
            d.value.into(),
            d.currency.into(),
            d.priority.into(),
            d.expected_close_date.into(),
            d.owner_id.into(),
            d.contact_id.into(),
            d.conversation_id.into(),
            d.notes.map(str::to_owned).into(),
            d.created_by.into(),
        ],
    ))
    .await?;
    Ok(id)
}

/// What a PATCH changes: `None` keeps, `Some(None)` clears a nullable column.
#[derive(Debug, Default)]
pub struct DealPatch {
    pub title: Option<String>,
    pub value: Option<f64>,
    pub currency: Option<String>,
    pub priority: Option<String>,
    pub expected_close_date: Option<Option<NaiveDate>>,
    pub owner_id: Option<Option<Uuid>>,
    pub contact_id: Option<Uuid>,
    pub conversation_id: Option<Option<Uuid>>,
    pub notes: Option<Option<String>>,
}

pub async fn update(tx: &TenantTx, id: Uuid, p: DealPatch) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update deals set title = coalesce($2, title), value = coalesce($3::float8::numeric, value),
                currency = coalesce($4, currency), priority = coalesce($5, priority),
                expected_close_date = case when $6 then $7 else expected_close_date end,
                owner_id = case when $8 then $9 else owner_id end, contact_id = coalesce($10, contact_id),
                conversation_id = case when $11 then $12 else conversation_id end,
                notes = case when $13 then $14 else notes end, updated_at = now()
             where id = $1",
            [
                id.into(),
                p.title.into(),
                p.value.into(),
                p.currency.into(),
                p.priority.into(),
                p.expected_close_date.is_some().into(),
                p.expected_close_date.flatten().into(),
                p.owner_id.is_some().into(),
                p.owner_id.flatten().into(),
                p.contact_id.into(),
                p.conversation_id.is_some().into(),
                p.conversation_id.flatten().into(),
                p.notes.is_some().into(),
                p.notes.flatten().into(),
            ],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(FromQueryResult)]
struct Pos {
    position: Option<f64>,
}

/// Where a card goes in `stage_id`: before the deal `before` (midway from the card above it, or one above it
/// when it is first), else last. `moving` is left out of the neighbours. When repeated moves leave no room
/// between two cards, the stage is renumbered 1, 2, 3 ... first.
pub async fn position_in(tx: &TenantTx, stage_id: Uuid, before: Option<Uuid>, moving: Uuid) -> Result<f64, DbErr> {
    let Some(before) = before else {
        let max = Pos::find_by_statement(stmt(
            "select max(position) as position from deals where stage_id = $1 and id <> $2",
            [stage_id.into(), moving.into()],
        ))
        .one(&tx.tx)
        .await?;
        return Ok(max.and_then(|m| m.position).unwrap_or(0.0) + 1.0);
    };
    let mut renumbered = false;
    loop {
        let gap = Gap::find_by_statement(stmt(
            "select b.position as before,
                (select max(position) from deals where stage_id = $1 and id <> $2 and id <> b.id
                    and position <= b.position) as above
             from deals b where b.id = $3 and b.stage_id = $1",
            [stage_id.into(), moving.into(), before.into()],
        ))
        .one(&tx.tx)
        .await?
        .ok_or(DbErr::RecordNotFound("the deal to go before".into()))?;
        match gap.above {
            None => return Ok(gap.before - 1.0),
            Some(a) if gap.before - a > 1e-6 || renumbered => return Ok((a + gap.before) / 2.0),
            Some(_) => {
                tx.execute_raw(stmt(
                    "update deals d set position = r.n from (
                        select id, row_number() over (order by position, id)::float8 as n
                        from deals where stage_id = $1) r
                     where d.id = r.id",
                    [stage_id.into()],
                ))
                .await?;
                renumbered = true;
            }
        }
    }
}

#[derive(FromQueryResult)]
struct Gap {
    before: f64,
    above: Option<f64>,
}

/// Puts a deal in a stage (of the same pipeline, as the caller checked) at a position. Entering a won or
/// lost stage closes the deal, recording when and by whom; entering an open stage reopens it.
pub async fn move_to(tx: &TenantTx, id: Uuid, stage_id: Uuid, position: f64, by: Option<Uuid>) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update deals d set stage_id = s.id, pipeline_id = s.pipeline_id, position = $3, status = s.kind,
                closed_at = case when s.kind = 'open' then null when d.status = s.kind then d.closed_at else now() end,
                closed_by = case when s.kind = 'open' then null when d.status = s.kind then d.closed_by else $4 end,
                updated_at = now()
             from pipeline_stages s where s.id = $2 and d.id = $1",
            [id.into(), stage_id.into(), position.into(), by.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    Ok(tx.execute_raw(stmt("delete from deals where id = $1", [id.into()])).await?.rows_affected() == 1)
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct OpenByStage {
    pub stage_id: Uuid,
    pub name: String,
    pub color: String,
    /// None on the one row of a stage without open deals.
    pub currency: Option<String>,
    pub count: i64,
    pub value: f64,
    /// The value times the stage's probability.
    pub weighted: f64,
}

/// Open deals per open stage and currency, over every pipeline (the default first, then stage order,
/// then currency): a stage's rows are consecutive, and a stage without open deals has one row with no
/// currency and a count of 0.
pub async fn open_by_stage(tx: &TenantTx) -> Result<Vec<OpenByStage>, DbErr> {
    OpenByStage::find_by_statement(stmt(
        "select s.id as stage_id, s.name, s.color, d.currency, count(d.id) as count,
                coalesce(sum(d.value), 0)::float8 as value,
                coalesce(sum(d.value * s.probability / 100.0), 0)::float8 as weighted
         from pipeline_stages s join pipelines p on p.id = s.pipeline_id
            left join deals d on d.stage_id = s.id and d.status = 'open'
         where s.kind = 'open'
         group by s.id, p.is_default, p.position, p.created_at, d.currency
         order by p.is_default desc, p.position, p.created_at, s.position, s.id, d.currency",
        [],
    ))
    .all(&tx.tx)
    .await
}
