//! Canned responses agents insert with a shortcut. Everyone reads; managers and owners change.

use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::inbox::dto::*;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_store::repo;
use parley_store::repo::inbox::canned::CannedRow;
use parley_store::unique_violation;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct CannedService(pub(crate) Arc<Core>);

fn canned_dto(r: CannedRow) -> CannedResponse {
    CannedResponse {
        id: r.id,
        shortcut: r.shortcut,
        title: r.title,
        content: r.content,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

fn shortcut(c: &mut Check, raw: &str) -> Option<String> {
    let v = raw.trim().trim_start_matches('/').to_ascii_lowercase();
    let ok = (1..=32).contains(&v.len())
        && v.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-');
    if ok {
        Some(v)
    } else {
        c.push("shortcut", "must be 1-32 characters: letters, digits, _ or -");
        None
    }
}

fn canned_conflict(e: sea_orm::DbErr) -> DomainError {
    match unique_violation(&e).as_deref() {
        Some("canned_responses_shortcut_key") => DomainError::Conflict {
            code: "shortcut_exists",
            message: "A canned response with this shortcut already exists.".into(),
        },
        _ => DomainError::internal(e),
    }
}

impl CannedService {
    pub async fn canned(&self, t: &TenantCtx, q: CannedQuery) -> Result<Vec<CannedResponse>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        Ok(repo::inbox::canned::list(&tx, q.q.as_deref()).await.db()?.into_iter().map(canned_dto).collect())
    }

    pub async fn create_canned(&self, t: &TenantCtx, i: CreateCannedResponseInput) -> Result<CannedResponse> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let sc = shortcut(&mut c, &i.shortcut);
        let title = c.text("title", &i.title, 1, 100);
        let content = c.multiline("content", &i.content, 1, 4096);
        c.finish()?;
        let row = repo::inbox::canned::insert(
            &tx,
            &checked(sc)?,
            &checked(title)?,
            &checked(content)?,
            actor.user_id.map(|u| u.0),
        )
        .await
        .map_err(canned_conflict)?;
        tx.commit().await.db()?;
        Ok(canned_dto(row))
    }

    pub async fn update_canned(&self, t: &TenantCtx, id: Uuid, i: UpdateCannedResponseInput) -> Result<CannedResponse> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let sc = i.shortcut.as_deref().map(|s| shortcut(&mut c, s));
        let title = i.title.as_deref().map(|v| c.text("title", v, 1, 100));
        let content = i.content.as_deref().map(|v| c.multiline("content", v, 1, 4096));
        c.finish()?;
        let row = repo::inbox::canned::update(
            &tx,
            id,
            sc.flatten().as_deref(),
            title.flatten().as_deref(),
            content.flatten().as_deref(),
        )
        .await
        .map_err(canned_conflict)?
        .ok_or(DomainError::NotFound("Canned response"))?;
        tx.commit().await.db()?;
        Ok(canned_dto(row))
    }

    pub async fn delete_canned(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        if !repo::inbox::canned::delete(&tx, id).await.db()? {
            return Err(DomainError::NotFound("Canned response"));
        }
        tx.commit().await.db()
    }
}
