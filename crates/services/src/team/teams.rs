//! Teams: named groups of members that conversations can be routed to. Everyone reads; managers and
//! owners change.

use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::team::dto::*;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_store::repo;
use parley_store::repo::team::teams::TeamRow;
use parley_store::unique_violation;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct TeamsService(pub(crate) Arc<Core>);

fn team_dto(r: TeamRow) -> Team {
    Team { id: r.id, name: r.name, description: r.description, member_ids: r.member_ids, created_at: r.created_at }
}

fn team_conflict(e: sea_orm::DbErr) -> DomainError {
    match unique_violation(&e).as_deref() {
        Some("teams_name_key") => {
            DomainError::Conflict { code: "team_exists", message: "A team with this name already exists.".into() }
        }
        _ => DomainError::internal(e),
    }
}

impl TeamsService {
    pub async fn teams(&self, t: &TenantCtx) -> Result<Vec<Team>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        Ok(repo::team::teams::list(&tx).await.db()?.into_iter().map(team_dto).collect())
    }

    pub async fn create_team(&self, t: &TenantCtx, i: CreateTeamInput) -> Result<Team> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let name = c.text("name", &i.name, 1, 80);
        let description =
            i.description.as_deref().filter(|d| !d.trim().is_empty()).map(|d| c.text("description", d, 1, 300));
        c.finish()?;
        let id = repo::team::teams::insert(&tx, &checked(name)?, description.flatten().as_deref())
            .await
            .map_err(team_conflict)?;
        if let Some(members) = &i.member_ids {
            repo::team::teams::set_members(&tx, id, members).await.db()?;
        }
        let row = repo::team::teams::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Team"))?;
        tx.commit().await.db()?;
        Ok(team_dto(row))
    }

    pub async fn update_team(&self, t: &TenantCtx, id: Uuid, i: UpdateTeamInput) -> Result<Team> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let name = i.name.as_deref().map(|n| c.text("name", n, 1, 80));
        let description =
            i.description.as_deref().map(|d| if d.trim().is_empty() { None } else { c.text("description", d, 1, 300) });
        c.finish()?;
        if !repo::team::teams::update(&tx, id, name.flatten().as_deref(), description.as_ref().map(|d| d.as_deref()))
            .await
            .map_err(team_conflict)?
        {
            return Err(DomainError::NotFound("Team"));
        }
        if let Some(members) = &i.member_ids {
            repo::team::teams::set_members(&tx, id, members).await.db()?;
        }
        let row = repo::team::teams::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Team"))?;
        tx.commit().await.db()?;
        Ok(team_dto(row))
    }

    pub async fn delete_team(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        if !repo::team::teams::delete(&tx, id).await.db()? {
            return Err(DomainError::NotFound("Team"));
        }
        tx.commit().await.db()
    }
}
