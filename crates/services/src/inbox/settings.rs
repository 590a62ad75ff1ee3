//! What a workspace sets up for its inbox: labels, canned responses, teams, business hours, away
//! message and routing. Everyone reads; managers and owners change.

use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::dto::*;
use crate::hours::Schedule;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use chrono::Utc;
use parley_store::repo::{self, canned::CannedRow, inbox_settings::InboxSettingsRow, labels::LabelRow, teams::TeamRow};
use parley_store::unique_violation;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct WorkspaceService(pub(crate) Arc<Core>);

const DEFAULT_COLOR: &str = "#64748b";

fn label_dto(r: LabelRow) -> Label {
    Label { id: r.id, name: r.name, color: r.color, description: r.description, created_at: r.created_at }
}

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

fn team_dto(r: TeamRow) -> Team {
    Team { id: r.id, name: r.name, description: r.description, member_ids: r.member_ids, created_at: r.created_at }
}

fn color(c: &mut Check, raw: &str) -> Option<String> {
    let v = raw.trim().to_ascii_lowercase();
    let ok = v.len() == 7 && v.starts_with('#') && v[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    if ok {
        Some(v)
    } else {
        c.push("color", "must be a colour like #1d4ed8");
        None
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

fn label_conflict(e: sea_orm::DbErr) -> DomainError {
    match unique_violation(&e).as_deref() {
        Some("labels_name_key") => {
            DomainError::Conflict { code: "label_exists", message: "A label with this name already exists.".into() }
        }
        _ => DomainError::internal(e),
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

fn team_conflict(e: sea_orm::DbErr) -> DomainError {
    match unique_violation(&e).as_deref() {
        Some("teams_name_key") => {
            DomainError::Conflict { code: "team_exists", message: "A team with this name already exists.".into() }
        }
        _ => DomainError::internal(e),
    }
}

/// The settings as the API shows them, with whether the schedule is open right now.
pub(crate) fn settings_dto(r: InboxSettingsRow) -> InboxSettings {
    let days: Vec<BusinessHoursDay> = serde_json::from_value(r.business_hours).unwrap_or_default();
    let open_now =
        !r.business_hours_enabled || Schedule::parse(&r.timezone, &days).map(|s| s.is_open(Utc::now())).unwrap_or(true);
    InboxSettings {
        timezone: r.timezone,
        business_hours_enabled: r.business_hours_enabled,
        business_hours: days,
        away_message_enabled: r.away_message_enabled,
        away_message: r.away_message,
        auto_assign: r.auto_assign,
        default_capacity: r.default_capacity,
        open_now,
    }
}

impl WorkspaceService {
    // ---- labels ----

    pub async fn labels(&self, t: &TenantCtx) -> Result<Vec<Label>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        Ok(repo::labels::list(&tx).await.db()?.into_iter().map(label_dto).collect())
    }

    pub async fn create_label(&self, t: &TenantCtx, i: CreateLabelInput) -> Result<Label> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let name = c.text("name", &i.name, 1, 50);
        let col = color(&mut c, i.color.as_deref().unwrap_or(DEFAULT_COLOR));
        let description =
            i.description.as_deref().filter(|d| !d.trim().is_empty()).map(|d| c.text("description", d, 1, 200));
        c.finish()?;
        let row = repo::labels::insert(&tx, &checked(name)?, &checked(col)?, description.flatten().as_deref())
            .await
            .map_err(label_conflict)?;
        tx.commit().await.db()?;
        Ok(label_dto(row))
    }

    pub async fn update_label(&self, t: &TenantCtx, id: Uuid, i: UpdateLabelInput) -> Result<Label> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let name = i.name.as_deref().map(|n| c.text("name", n, 1, 50));
        let col = i.color.as_deref().map(|v| color(&mut c, v));
        let description =
            i.description.as_deref().map(|d| if d.trim().is_empty() { None } else { c.text("description", d, 1, 200) });
        c.finish()?;
        let row = repo::labels::update(
            &tx,
            id,
            name.flatten().as_deref(),
            col.flatten().as_deref(),
            description.as_ref().map(|d| d.as_deref()),
        )
        .await
        .map_err(label_conflict)?
        .ok_or(DomainError::NotFound("Label"))?;
        tx.commit().await.db()?;
        Ok(label_dto(row))
    }

    pub async fn delete_label(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        if !repo::labels::delete(&tx, id).await.db()? {
            return Err(DomainError::NotFound("Label"));
        }
        tx.commit().await.db()
    }

    // ---- canned responses ----

    pub async fn canned(&self, t: &TenantCtx, q: CannedQuery) -> Result<Vec<CannedResponse>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        Ok(repo::canned::list(&tx, q.q.as_deref()).await.db()?.into_iter().map(canned_dto).collect())
    }

    pub async fn create_canned(&self, t: &TenantCtx, i: CreateCannedResponseInput) -> Result<CannedResponse> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let sc = shortcut(&mut c, &i.shortcut);
        let title = c.text("title", &i.title, 1, 100);
        let content = c.multiline("content", &i.content, 1, 4096);
        c.finish()?;
        let row =
            repo::canned::insert(&tx, &checked(sc)?, &checked(title)?, &checked(content)?, actor.user_id.map(|u| u.0))
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
        let row = repo::canned::update(
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
        if !repo::canned::delete(&tx, id).await.db()? {
            return Err(DomainError::NotFound("Canned response"));
        }
        tx.commit().await.db()
    }

    // ---- teams ----

    pub async fn teams(&self, t: &TenantCtx) -> Result<Vec<Team>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        Ok(repo::teams::list(&tx).await.db()?.into_iter().map(team_dto).collect())
    }

    pub async fn create_team(&self, t: &TenantCtx, i: CreateTeamInput) -> Result<Team> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let name = c.text("name", &i.name, 1, 80);
        let description =
            i.description.as_deref().filter(|d| !d.trim().is_empty()).map(|d| c.text("description", d, 1, 300));
        c.finish()?;
        let id =
            repo::teams::insert(&tx, &checked(name)?, description.flatten().as_deref()).await.map_err(team_conflict)?;
        if let Some(members) = &i.member_ids {
            repo::teams::set_members(&tx, id, members).await.db()?;
        }
        let row = repo::teams::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Team"))?;
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
        if !repo::teams::update(&tx, id, name.flatten().as_deref(), description.as_ref().map(|d| d.as_deref()))
            .await
            .map_err(team_conflict)?
        {
            return Err(DomainError::NotFound("Team"));
        }
        if let Some(members) = &i.member_ids {
            repo::teams::set_members(&tx, id, members).await.db()?;
        }
        let row = repo::teams::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Team"))?;
        tx.commit().await.db()?;
        Ok(team_dto(row))
    }

    pub async fn delete_team(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        if !repo::teams::delete(&tx, id).await.db()? {
            return Err(DomainError::NotFound("Team"));
        }
        tx.commit().await.db()
    }

    // ---- settings ----

    pub async fn settings(&self, t: &TenantCtx) -> Result<InboxSettings> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        Ok(settings_dto(repo::inbox_settings::get(&tx).await.db()?))
    }

    pub async fn update_settings(&self, t: &TenantCtx, i: UpdateInboxSettingsInput) -> Result<InboxSettings> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        if let Err((field, why)) = Schedule::parse(&i.timezone, &i.business_hours) {
            c.push(&field, &why);
        }
        if !["off", "round_robin", "least_busy"].contains(&i.auto_assign.as_str()) {
            c.push("autoAssign", "must be one of: off, round_robin, least_busy");
        }
        if !(1..=1000).contains(&i.default_capacity) {
            c.push("defaultCapacity", "must be 1 to 1000");
        }
        if i.away_message.chars().count() > 1024 {
            c.push("awayMessage", "must be at most 1024 characters");
        }
        if i.away_message_enabled && i.away_message.trim().is_empty() {
            c.push("awayMessage", "is required when the away message is on");
        }
        c.finish()?;
        let row = repo::inbox_settings::put(
            &tx,
            &InboxSettingsRow {
                timezone: i.timezone,
                business_hours_enabled: i.business_hours_enabled,
                business_hours: serde_json::to_value(&i.business_hours).map_err(DomainError::internal)?,
                away_message_enabled: i.away_message_enabled,
                away_message: i.away_message.trim().to_owned(),
                auto_assign: i.auto_assign,
                default_capacity: i.default_capacity,
            },
        )
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(settings_dto(row))
    }
}
