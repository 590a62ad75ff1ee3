//! Saved segments: named criteria with a live count. Campaigns and automations target them, so a
//! segment's criteria are validated like any list filter when saved, and again when used (a field it
//! names may have been deleted since).

use super::criteria;
use super::dto::{CountResult, CreateSegmentInput, Criteria, Segment, UpdateSegmentInput};
use super::fields::defs;
use crate::check::Check;
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_store::TenantTx;
use parley_store::repo::crm::filter::Filter;
use parley_store::repo::crm::segments::{self as repo_segments, SegmentRow};
use parley_store::repo::crm::selection;
use parley_store::unique_violation;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct SegmentService(pub(crate) Arc<Core>);

fn segment_dto(r: SegmentRow) -> Result<Segment> {
    let criteria: Criteria = serde_json::from_value(r.criteria).map_err(DomainError::internal)?;
    Ok(Segment {
        id: r.id,
        name: r.name,
        description: r.description,
        criteria,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

fn conflict(e: sea_orm::DbErr) -> DomainError {
    match unique_violation(&e).as_deref() {
        Some("segments_name_key") => {
            DomainError::Conflict { code: "segment_exists", message: "A segment with this name already exists.".into() }
        }
        _ => DomainError::internal(e),
    }
}

/// Criteria errors with their paths under `prefix` (`criteria.` for a request's).
pub(crate) fn criteria_errors_at(e: DomainError, prefix: &str) -> DomainError {
    let at = |fields: Vec<parley_domain::FieldError>| {
        fields.into_iter().map(|f| parley_domain::FieldError::new(format!("{prefix}{}", f.field), f.message)).collect()
    };
    match e {
        DomainError::Validation(fields) => DomainError::Validation(at(fields)),
        DomainError::Missing(fields) => DomainError::Missing(at(fields)),
        other => other,
    }
}

/// The segment's filter as of now (its criteria checked against today's fields). Criteria that were valid when
/// saved and no longer are (a field they name was deleted or changed since) are the segment's state: 409
/// `segment_outdated`, until someone edits the segment.
pub(crate) async fn segment_filter(tx: &TenantTx, id: Uuid) -> Result<Filter> {
    let row = repo_segments::get(tx, id).await.db()?.ok_or(DomainError::NotFound("Segment"))?;
    let c: Criteria = serde_json::from_value(row.criteria).map_err(DomainError::internal)?;
    criteria::parse(&c, &defs(tx).await?, chrono::Utc::now()).map_err(|e| match e {
        DomainError::Validation(f) | DomainError::Missing(f) => {
            outdated(f.iter().map(|e| format!("{} {}", e.field, e.message)))
        }
        DomainError::Conflict { message, .. } => outdated(std::iter::once(message)),
        other => other,
    })
}

fn outdated(reasons: impl Iterator<Item = String>) -> DomainError {
    DomainError::Conflict {
        code: "segment_outdated",
        message: format!(
            "This segment names contact fields that changed since it was saved; edit it first ({}).",
            reasons.collect::<Vec<_>>().join("; ")
        ),
    }
}

impl SegmentService {
    pub async fn list(&self, t: &TenantCtx) -> Result<Vec<Segment>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo_segments::list(&tx).await.db()?.into_iter().map(segment_dto).collect()
    }

    pub async fn get(&self, t: &TenantCtx, id: Uuid) -> Result<Segment> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        segment_dto(repo_segments::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Segment"))?)
    }

    pub async fn create(&self, t: &TenantCtx, i: CreateSegmentInput) -> Result<Segment> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        let mut c = Check::default();
        let name = c.text("name", &i.name, 1, 80);
        let description =
            i.description.as_deref().filter(|d| !d.trim().is_empty()).map(|d| c.text("description", d, 1, 500));
        c.finish()?;
        criteria::parse(&i.criteria, &defs(&tx).await?, chrono::Utc::now())
            .map_err(|e| criteria_errors_at(e, "criteria."))?;
        let json = serde_json::to_value(&i.criteria).map_err(DomainError::internal)?;
        let row = repo_segments::insert(
            &tx,
            &name.unwrap_or_default(),
            description.flatten().as_deref(),
            &json,
            actor.user_id.map(|u| u.0),
        )
        .await
        .map_err(conflict)?;
        tx.commit().await.db()?;
        segment_dto(row)
    }

    pub async fn update(&self, t: &TenantCtx, id: Uuid, i: UpdateSegmentInput) -> Result<Segment> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let mut c = Check::default();
        let name = i.name.as_deref().map(|n| c.text("name", n, 1, 80));
        let description = i
            .description
            .as_deref()
            .map(|d| if d.trim().is_empty() { Some(None) } else { c.text("description", d, 1, 500).map(Some) });
        c.finish()?;
        let json = match &i.criteria {
            Some(cr) => {
                criteria::parse(cr, &defs(&tx).await?, chrono::Utc::now())
                    .map_err(|e| criteria_errors_at(e, "criteria."))?;
                Some(serde_json::to_value(cr).map_err(DomainError::internal)?)
            }
            None => None,
        };
        let row = repo_segments::update(
            &tx,
            id,
            name.flatten().as_deref(),
            description.flatten().as_ref().map(|d| d.as_deref()),
            json.as_ref(),
        )
        .await
        .map_err(conflict)?
        .ok_or(DomainError::NotFound("Segment"))?;
        tx.commit().await.db()?;
        segment_dto(row)
    }

    pub async fn delete(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        if !repo_segments::delete(&tx, id).await.db()? {
            return Err(DomainError::NotFound("Segment"));
        }
        tx.commit().await.db()?;
        Ok(())
    }

    pub async fn count(&self, t: &TenantCtx, id: Uuid) -> Result<CountResult> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let f = segment_filter(&tx, id).await?;
        Ok(CountResult { count: selection::count_matching(&tx, &f).await.db()? })
    }
}
