//! Deals and their pipelines: the default pipeline made on first use, stages, the board with its totals,
//! moves between stages (entering a won or lost stage closes the deal, recording when and by whom) and
//! the filtered, cursor-paged list. Agents work deals; managers and owners shape pipelines and delete.

use crate::check::{Check, checked};
use crate::crm::dto::*;
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};

use parley_store::TenantTx;
use parley_store::repo;
use parley_store::repo::crm::deals::{self as repo_deals, DealFilter, DealPatch, DealRow, NewDeal};
use parley_store::repo::crm::pipelines::{self as repo_pipelines, PipelineRow, StageDraft, StageRow};
use parley_store::unique_violation;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct DealService(pub(crate) Arc<Core>);

/// The default pipeline's name and stages: (name, colour, probability, kind).
const DEFAULT_PIPELINE: &str = "Sales";
const DEFAULT_STAGES: [(&str, &str, i32, &str); 6] = [
    ("Lead", "#64748b", 10, "open"),
    ("Qualified", "#0ea5e9", 25, "open"),
    ("Proposal", "#8b5cf6", 50, "open"),
    ("Negotiation", "#f59e0b", 75, "open"),
    ("Won", "#16a34a", 100, "won"),
    ("Lost", "#dc2626", 0, "lost"),
];
const DEFAULT_STAGE_COLOR: &str = "#64748b";
/// A board column lists at most this many deals (its totals count them all).
const BOARD_COLUMN_CAP: i64 = 200;
pub(crate) const PRIORITIES: [&str; 4] = ["low", "medium", "high", "urgent"];
pub(crate) const KINDS: [&str; 3] = ["open", "won", "lost"];
/// numeric(14, 2): twelve digits before the point.
const MAX_VALUE: f64 = 999_999_999_999.99;

fn default_stages() -> Vec<StageDraft> {
    DEFAULT_STAGES
        .iter()
        .map(|(name, color, probability, kind)| StageDraft {
            id: None,
            name: (*name).into(),
            color: (*color).into(),
            probability: *probability,
            kind: (*kind).into(),
        })
        .collect()
}

fn deal_not_found() -> DomainError {
    DomainError::NotFound("Deal")
}

fn pipeline_not_found() -> DomainError {
    DomainError::NotFound("Pipeline")
}

/// `deal.stage_changed` for integrations when the deal left `from`.
fn stage_changed(d: &Deal, from: Uuid) -> Option<crate::events::Event> {
    (d.stage_id != from).then(|| {
        let mut data = serde_json::json!(d);
        data["previousStageId"] = serde_json::json!(from);
        crate::events::Event::Integration { kind: "deal.stage_changed", subject: Some(d.id), data }
    })
}

fn stage_not_found() -> DomainError {
    DomainError::NotFound("Stage")
}

fn stage_dto(s: StageRow) -> Stage {
    Stage { id: s.id, name: s.name, color: s.color, position: s.position, probability: s.probability, kind: s.kind }
}

fn pipeline_dto(p: PipelineRow, stages: &[StageRow]) -> Pipeline {
    Pipeline {
        stages: stages.iter().filter(|s| s.pipeline_id == p.id).cloned().map(stage_dto).collect(),
        id: p.id,
        name: p.name,
        is_default: p.is_default,
        position: p.position,
    }
}

pub(crate) fn deal_dto(r: DealRow) -> Deal {
    Deal {
        id: r.id,
        pipeline_id: r.pipeline_id,
        stage_id: r.stage_id,
        title: r.title,
        value: r.value,
        currency: r.currency,
        priority: r.priority,
        expected_close_date: r.expected_close_date,
        overdue: r.overdue,
        status: r.status,
        owner_id: r.owner_id,
        owner_name: r.owner_name,
        contact_id: r.contact_id,
        contact_name: r.contact_name,
        contact_phone: r.contact_phone,
        conversation_id: r.conversation_id,
        notes: r.notes,
        position: r.position,
        closed_at: r.closed_at,
        closed_by_id: r.closed_by,
        closed_by_name: r.closed_by_name,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

fn pipeline_conflict(e: sea_orm::DbErr) -> DomainError {
    match unique_violation(&e).as_deref() {
        Some("pipelines_name_key") => DomainError::Conflict {
            code: "pipeline_exists",
            message: "A pipeline with this name already exists.".into(),
        },
        _ => DomainError::internal(e),
    }
}

/// A list's `limit`: 1 to 200, 50 when not given.
pub(crate) fn page_limit(c: &mut Check, limit: Option<u64>) -> u64 {
    let limit = limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        c.push("limit", "must be between 1 and 200");
    }
    limit
}

/// `Some(v)` when `raw` is one of `allowed`, else a field error listing them.
pub(crate) fn pick(c: &mut Check, field: &str, raw: &str, allowed: &[&'static str]) -> Option<String> {
    c.one_of(field, raw, |v| allowed.contains(&v).then(|| v.to_owned()), &allowed.join(", "))
}

fn money(c: &mut Check, field: &str, v: f64) -> Option<f64> {
    if !v.is_finite() || v < 0.0 {
        c.push(field, "must be a number of at least 0");
        None
    } else if v > MAX_VALUE {
        c.push(field, "must be at most 999999999999.99");
        None
    } else {
        Some((v * 100.0).round() / 100.0)
    }
}

fn currency(c: &mut Check, field: &str, raw: &str) -> Option<String> {
    let v = raw.trim();
    if v.len() == 3 && v.chars().all(|ch| ch.is_ascii_uppercase()) {
        Some(v.to_owned())
    } else {
        c.push(field, "must be three capital letters, like USD");
        None
    }
}

/// Optional text: blank means none.
fn optional_text(c: &mut Check, field: &str, raw: Option<&str>, max: usize) -> Option<String> {
    raw.filter(|v| !v.trim().is_empty()).and_then(|v| c.multiline(field, v, 1, max))
}

fn stage_drafts(c: &mut Check, stages: &[StageInput]) -> Vec<StageDraft> {
    if stages.is_empty() || stages.len() > 30 {
        c.push("stages", "must list 1 to 30 stages");
    }
    stages
        .iter()
        .enumerate()
        .filter_map(|(n, s)| {
            let f = |k: &str| format!("stages.{n}.{k}");
            let name = c.text(&f("name"), &s.name, 1, 60);
            let color = s.color.as_deref().unwrap_or(DEFAULT_STAGE_COLOR).trim().to_ascii_lowercase();
            if !(color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|ch| ch.is_ascii_hexdigit())) {
                c.push(&f("color"), "must be a colour like #1d4ed8");
            }
            let probability = s.probability.unwrap_or(0);
            if !(0..=100).contains(&probability) {
                c.push(&f("probability"), "must be between 0 and 100");
            }
            let kind = pick(c, &f("kind"), s.kind.as_deref().unwrap_or("open"), &KINDS);
            Some(StageDraft { id: s.id, name: name?, color, probability, kind: kind? })
        })
        .collect()
}

impl Core {
    /// The workspace's default pipeline, created with its six stages when the workspace has none.
    pub(crate) async fn default_pipeline(&self, tx: &TenantTx) -> Result<PipelineRow> {
        repo_pipelines::ensure_default(tx, DEFAULT_PIPELINE, &default_stages()).await.db()?;
        repo_pipelines::default(tx).await.db()?.ok_or_else(|| DomainError::internal("no pipeline after ensure_default"))
    }
}

impl DealService {
    // ---- pipelines ----

    pub async fn pipelines(&self, t: &TenantCtx) -> Result<Vec<Pipeline>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        self.0.default_pipeline(&tx).await?;
        let rows = repo_pipelines::list(&tx).await.db()?;
        let ids: Vec<Uuid> = rows.iter().map(|p| p.id).collect();
        let stages = repo_pipelines::stages(&tx, &ids).await.db()?;
        tx.commit().await.db()?;
        Ok(rows.into_iter().map(|p| pipeline_dto(p, &stages)).collect())
    }

    async fn pipeline_of(&self, tx: &TenantTx, id: Uuid) -> Result<Pipeline> {
        let p = repo_pipelines::get(tx, id).await.db()?.ok_or_else(pipeline_not_found)?;
        let stages = repo_pipelines::stages(tx, &[id]).await.db()?;
        Ok(pipeline_dto(p, &stages))
    }

    pub async fn create_pipeline(&self, t: &TenantCtx, i: CreatePipelineInput) -> Result<Pipeline> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let name = c.text("name", &i.name, 1, 80);
        let stages = match &i.stages {
            Some(s) => stage_drafts(&mut c, &s.iter().cloned().map(StageInput::from).collect::<Vec<_>>()),
            None => default_stages(),
        };
        c.finish()?;
        // A workspace's first pipeline is its default.
        self.0.default_pipeline(&tx).await?;
        let id = repo_pipelines::insert(&tx, &checked(name)?, &stages).await.map_err(pipeline_conflict)?;
        let out = self.pipeline_of(&tx, id).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    pub async fn update_pipeline(&self, t: &TenantCtx, id: Uuid, i: UpdatePipelineInput) -> Result<Pipeline> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let current = self.pipeline_of(&tx, id).await?;
        let mut c = Check::default();
        let name = i.name.as_deref().map(|n| c.text("name", n, 1, 80));
        let stages = i.stages.as_deref().map(|s| stage_drafts(&mut c, s));
        c.finish()?;
        let unknown: Vec<parley_domain::FieldError> = stages
            .iter()
            .flatten()
            .enumerate()
            .filter(|(_, s)| s.id.is_some_and(|sid| !current.stages.iter().any(|x| x.id == sid)))
            .map(|(n, _)| parley_domain::FieldError::new(format!("stages.{n}.id"), "must be a stage of this pipeline"))
            .collect();
        if !unknown.is_empty() {
            return Err(DomainError::Missing(unknown));
        }
        // Which pipeline is the default is the workspace's state: it moves by choosing another one.
        if i.is_default == Some(false) && current.is_default {
            return Err(DomainError::Conflict {
                code: "default_pipeline",
                message: "This is the default pipeline: make another pipeline the default instead.".into(),
            });
        }
        if let Some(name) = name.flatten() {
            repo_pipelines::rename(&tx, id, &name).await.map_err(pipeline_conflict)?;
        }
        if i.is_default == Some(true) {
            repo_pipelines::make_default(&tx, id).await.db()?;
        }
        if let Some(stages) = stages {
            let dropped: Vec<Uuid> =
                current.stages.iter().map(|s| s.id).filter(|sid| !stages.iter().any(|d| d.id == Some(*sid))).collect();
            if repo_pipelines::deals_in(&tx, &dropped).await.db()? > 0 {
                return Err(DomainError::Conflict {
                    code: "stage_has_deals",
                    message: "A stage left out of the list still has deals: move or delete them first.".into(),
                });
            }
            repo_pipelines::replace_stages(&tx, id, &stages).await.db()?;
        }
        let out = self.pipeline_of(&tx, id).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    pub async fn delete_pipeline(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        repo_pipelines::get(&tx, id).await.db()?.ok_or_else(pipeline_not_found)?;
        if repo_pipelines::count_all(&tx).await.db()? <= 1 {
            return Err(DomainError::Conflict {
                code: "last_pipeline",
                message: "The last pipeline cannot be deleted.".into(),
            });
        }
        repo_pipelines::delete(&tx, id).await.db()?;
        tx.commit().await.db()
    }

    // ---- deals ----

    pub async fn deals(&self, t: &TenantCtx, q: DealQuery) -> Result<DealPage> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let mut c = Check::default();
        let status = q.status.as_deref().map(|s| pick(&mut c, "status", s, &KINDS));
        let priority = q.priority.as_deref().map(|p| pick(&mut c, "priority", p, &PRIORITIES));
        let limit = page_limit(&mut c, q.limit);
        c.finish()?;
        let after = q.cursor.as_deref().map(|s| crate::cursor::decode_at("cursor", s)).transpose()?;
        let limit = limit as i64;
        let f = DealFilter {
            pipeline_id: q.pipeline_id,
            stage_id: q.stage_id,
            status: status.flatten(),
            owner_id: q.owner_id,
            contact_id: q.contact_id,
            conversation_id: q.conversation_id,
            priority: priority.flatten(),
            overdue: q.overdue,
            q: q.q,
        };
        let rows = repo_deals::list(&tx, &f, after, limit + 1).await.db()?;
        let more = rows.len() as i64 > limit;
        let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
        let next_cursor = if more { rows.last().map(|d| crate::cursor::encode_at(d.created_at, d.id)) } else { None };
        Ok(DealPage { items: rows.into_iter().map(deal_dto).collect(), next_cursor })
    }

    pub async fn board(&self, t: &TenantCtx, q: BoardQuery) -> Result<Board> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let pipeline_id = match q.pipeline_id {
            Some(id) => id,
            None => self.0.default_pipeline(&tx).await?.id,
        };
        let pipeline = self.pipeline_of(&tx, pipeline_id).await?;
        let totals = repo_deals::stage_totals(&tx, pipeline_id).await.db()?;
        let mut deals = repo_deals::board(&tx, pipeline_id, BOARD_COLUMN_CAP).await.db()?;
        tx.commit().await.db()?;
        let columns = pipeline
            .stages
            .iter()
            .map(|stage| {
                let stage_totals: Vec<_> = totals.iter().filter(|x| x.stage_id == stage.id).collect();
                let (mine, rest): (Vec<_>, Vec<_>) =
                    std::mem::take(&mut deals).into_iter().partition(|d| d.stage_id == stage.id);
                deals = rest;
                BoardColumn {
                    stage: stage.clone(),
                    count: stage_totals.iter().map(|x| x.count).sum(),
                    amounts: Amount::sorted(
                        stage_totals
                            .iter()
                            .map(|x| Amount { currency: x.currency.clone(), value: x.value, weighted: x.weighted })
                            .collect(),
                    ),
                    deals: mine.into_iter().map(deal_dto).collect(),
                }
            })
            .collect();
        Ok(Board { pipeline, columns })
    }

    pub async fn deal(&self, t: &TenantCtx, id: Uuid) -> Result<Deal> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo_deals::get(&tx, id).await.db()?.map(deal_dto).ok_or_else(deal_not_found)
    }

    /// The stage a deal goes to: `stage_id` (which must belong to `pipeline_id` when both are given), else
    /// the first stage of `pipeline_id`, else of the default pipeline.
    async fn target_stage(&self, tx: &TenantTx, pipeline_id: Option<Uuid>, stage_id: Option<Uuid>) -> Result<StageRow> {
        match (pipeline_id, stage_id) {
            (p, Some(sid)) => {
                let stage = repo_pipelines::stage(tx, sid).await.db()?.ok_or_else(stage_not_found)?;
                if p.is_some_and(|p| p != stage.pipeline_id) {
                    return Err(DomainError::missing("stageId", "must be a stage of the pipeline"));
                }
                Ok(stage)
            }
            (Some(p), None) => {
                repo_pipelines::get(tx, p).await.db()?.ok_or_else(pipeline_not_found)?;
                repo_pipelines::first_stage(tx, p).await.db()?.ok_or_else(stage_not_found)
            }
            (None, None) => {
                let p = self.0.default_pipeline(tx).await?;
                repo_pipelines::first_stage(tx, p.id).await.db()?.ok_or_else(stage_not_found)
            }
        }
    }

    /// Checks the people and records a deal points to: the contact and conversation exist (404), the
    /// owner is an active member (422).
    async fn check_links(
        &self,
        tx: &TenantTx,
        contact_id: Option<Uuid>,
        owner_id: Option<Uuid>,
        conversation_id: Option<Uuid>,
    ) -> Result<()> {
        if let Some(id) = contact_id {
            repo::crm::contacts::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Contact"))?;
        }
        if let Some(id) = conversation_id {
            repo::inbox::conversations::get(&tx.tx, id).await.db()?.ok_or(DomainError::NotFound("Conversation"))?;
        }
        if let Some(u) = owner_id
            && repo::team::agents::get(tx, u).await.db()?.is_none()
        {
            return Err(DomainError::missing("ownerId", "must be an active member of this workspace"));
        }
        Ok(())
    }

    pub async fn create_deal(&self, t: &TenantCtx, i: CreateDealInput) -> Result<Deal> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let mut c = Check::default();
        let title = c.text("title", &i.title, 1, 200);
        let value = money(&mut c, "value", i.value.unwrap_or(0.0));
        let cur = currency(&mut c, "currency", i.currency.as_deref().unwrap_or("USD"));
        let priority = pick(&mut c, "priority", i.priority.as_deref().unwrap_or("medium"), &PRIORITIES);
        let notes = optional_text(&mut c, "notes", i.notes.as_deref(), 10_000);
        c.finish()?;
        let stage = self.target_stage(&tx, i.pipeline_id, i.stage_id).await?;
        self.check_links(&tx, Some(i.contact_id), i.owner_id, i.conversation_id).await?;
        let id = repo_deals::insert(
            &tx,
            NewDeal {
                pipeline_id: stage.pipeline_id,
                stage_id: stage.id,
                title: &checked(title)?,
                value: checked(value)?,
                currency: &checked(cur)?,
                priority: &checked(priority)?,
                expected_close_date: i.expected_close_date,
                owner_id: i.owner_id,
                contact_id: i.contact_id,
                conversation_id: i.conversation_id,
                notes: notes.as_deref(),
                created_by: actor.user_id.map(|u| u.0),
            },
        )
        .await
        .db()?;
        let row = repo_deals::get(&tx, id).await.db()?.ok_or_else(deal_not_found)?;
        tx.commit().await.db()?;
        Ok(deal_dto(row))
    }

    pub async fn update_deal(&self, t: &TenantCtx, id: Uuid, i: UpdateDealInput) -> Result<Deal> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let deal = repo_deals::get(&tx, id).await.db()?.ok_or_else(deal_not_found)?;
        let mut c = Check::default();
        let title = i.title.as_deref().map(|v| c.text("title", v, 1, 200));
        let value = i.value.map(|v| money(&mut c, "value", v));
        let cur = i.currency.as_deref().map(|v| currency(&mut c, "currency", v));
        let priority = i.priority.as_deref().map(|v| pick(&mut c, "priority", v, &PRIORITIES));
        let notes = i.notes.as_ref().map(|n| optional_text(&mut c, "notes", n.as_deref(), 10_000));
        c.finish()?;
        self.check_links(&tx, i.contact_id, i.owner_id.flatten(), i.conversation_id.flatten()).await?;
        let patch = DealPatch {
            title: title.flatten(),
            value: value.flatten(),
            currency: cur.flatten(),
            priority: priority.flatten(),
            expected_close_date: i.expected_close_date,
            owner_id: i.owner_id,
            contact_id: i.contact_id,
            conversation_id: i.conversation_id,
            notes,
        };
        repo_deals::update(&tx, id, patch).await.db()?;
        // A new stage or pipeline moves the deal there, last.
        let moved =
            i.stage_id.is_some_and(|s| s != deal.stage_id) || i.pipeline_id.is_some_and(|p| p != deal.pipeline_id);
        if moved {
            let stage = self.target_stage(&tx, i.pipeline_id, i.stage_id).await?;
            let position = repo_deals::position_in(&tx, stage.id, None, id).await.db()?;
            repo_deals::move_to(&tx, id, stage.id, position, actor.user_id.map(|u| u.0)).await.db()?;
        }
        let row = repo_deals::get(&tx, id).await.db()?.ok_or_else(deal_not_found)?;
        let out = deal_dto(row);
        let events = stage_changed(&out, deal.stage_id).into_iter().collect();
        self.0.commit_events(tx, events).await?;
        Ok(out)
    }

    /// Moves a deal to a stage of its pipeline, before `before_id` or last.
    pub async fn move_deal(&self, t: &TenantCtx, id: Uuid, i: MoveDealInput) -> Result<Deal> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let deal = repo_deals::get(&tx, id).await.db()?.ok_or_else(deal_not_found)?;
        let stage = repo_pipelines::stage(&tx, i.stage_id).await.db()?.ok_or_else(stage_not_found)?;
        if stage.pipeline_id != deal.pipeline_id {
            return Err(DomainError::missing("stageId", "must be a stage of the deal's pipeline"));
        }
        let before = match i.before_id.filter(|b| *b != id) {
            Some(b) => {
                let other = repo_deals::get(&tx, b).await.db()?.filter(|o| o.stage_id == stage.id);
                Some(other.ok_or_else(|| DomainError::missing("beforeId", "must be a deal of the target stage"))?.id)
            }
            None => None,
        };
        let position = repo_deals::position_in(&tx, stage.id, before, id).await.db()?;
        repo_deals::move_to(&tx, id, stage.id, position, actor.user_id.map(|u| u.0)).await.db()?;
        let row = repo_deals::get(&tx, id).await.db()?.ok_or_else(deal_not_found)?;
        let out = deal_dto(row);
        let events = stage_changed(&out, deal.stage_id).into_iter().collect();
        self.0.commit_events(tx, events).await?;
        Ok(out)
    }

    pub async fn delete_deal(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        if !repo_deals::delete(&tx, id).await.db()? {
            return Err(deal_not_found());
        }
        tx.commit().await.db()
    }
}
