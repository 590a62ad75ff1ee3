//! Labels a workspace tags contacts and conversations with. Everyone reads; managers and owners change.

use crate::check::{Check, checked};
use crate::crm::dto::*;
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_store::TenantTx;
use parley_store::repo;
use parley_store::repo::crm::labels::LabelRow;
use parley_store::unique_violation;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct LabelService(pub(crate) Arc<Core>);

const DEFAULT_COLOR: &str = "#64748b";

fn label_dto(r: LabelRow) -> Label {
    Label { id: r.id, name: r.name, color: r.color, description: r.description, created_at: r.created_at }
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

fn label_conflict(e: sea_orm::DbErr) -> DomainError {
    match unique_violation(&e).as_deref() {
        Some("labels_name_key") => {
            DomainError::Conflict { code: "label_exists", message: "A label with this name already exists.".into() }
        }
        _ => DomainError::internal(e),
    }
}

impl LabelService {
    pub async fn labels(&self, t: &TenantCtx) -> Result<Vec<Label>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        Ok(repo::crm::labels::list(&tx).await.db()?.into_iter().map(label_dto).collect())
    }

    pub async fn create_label(&self, t: &TenantCtx, i: CreateLabelInput) -> Result<Label> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let mut c = Check::default();
        let name = c.text("name", &i.name, 1, 50);
        let col = color(&mut c, i.color.as_deref().unwrap_or(DEFAULT_COLOR));
        let description =
            i.description.as_deref().filter(|d| !d.trim().is_empty()).map(|d| c.text("description", d, 1, 200));
        c.finish()?;
        let row = repo::crm::labels::insert(&tx, &checked(name)?, &checked(col)?, description.flatten().as_deref())
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
        let row = repo::crm::labels::update(
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
        if !repo::crm::labels::delete(&tx, id).await.db()? {
            return Err(DomainError::NotFound("Label"));
        }
        tx.commit().await.db()
    }
}

/// Every id must be a label of this workspace (another workspace's label is as unknown as a made-up one): an id
/// naming nothing answers 404 with the `labelIds` field, like any body id that names nothing.
pub(crate) async fn known_labels(tx: &TenantTx, ids: &[Uuid]) -> Result<()> {
    let mut distinct = ids.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if repo::crm::labels::count_known(tx, &distinct).await.db()? != distinct.len() as u64 {
        return Err(DomainError::missing("labelIds", "must be labels of this workspace"));
    }
    Ok(())
}
