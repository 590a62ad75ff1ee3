//! The workspace export (owners): a background job writes a ZIP of the workspace's tables as JSON (never
//! credentials, secrets or key hashes) into the media store; the owner lists and downloads it for a week.

use super::PrivacyService;
use super::dto::{Download, WorkspaceExport};
use super::zipper::{self, Entry};
use crate::{DbResultExt, DomainError, Result, Role, TenantCtx};
use parley_domain::TenantId;
use parley_store::repo::privacy::exports::{self as repo, ExportRow};
use serde_json::json;
use uuid::Uuid;

pub const EXPORT_WORKSPACE: &str = "parley::export_workspace";
/// Exports are deleted after this many days: each holds every contact's data.
pub const KEEP_DAYS: i64 = 7;

/// Job arguments: ids only; the job reloads the export (STYLE.md).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ExportWorkspaceJob {
    pub tenant_id: Uuid,
    pub export_id: Uuid,
}

const README: &str = "\
This archive holds a workspace's data, one JSON file per table (an array of rows, column names as stored).
Credentials are never included: WhatsApp access tokens and secrets, webhook secrets, API keys, passwords and
two-factor secrets stay out. Media files are not included (media_files.json lists them); a contact's own export
(Contacts > a contact > Export data) carries that contact's files.
";

fn dto(r: ExportRow) -> WorkspaceExport {
    let download_url = (r.status == "ready").then(|| format!("/api/v1/settings/data/exports/{}/download", r.id));
    WorkspaceExport {
        id: r.id,
        status: r.status,
        size_bytes: r.size_bytes,
        error: r.error,
        requested_by: r.requested_by,
        created_at: r.created_at,
        finished_at: r.finished_at,
        download_url,
    }
}

impl PrivacyService {
    /// Starts an export; the job builds it (a few seconds for most workspaces).
    pub async fn start_workspace_export(&self, t: &TenantCtx) -> Result<WorkspaceExport> {
        let (tx, actor) = self.0.begin(t, Role::Owner).await?;
        let id = Uuid::now_v7();
        let row = repo::insert(&tx, id, actor.user_id.map(|u| u.0)).await.db()?;
        let job = ExportWorkspaceJob { tenant_id: t.tenant_id.0, export_id: id };
        parley_store::repo::jobs::enqueue(&tx.tx, EXPORT_WORKSPACE, &json!(job), &id.to_string(), 3).await.db()?;
        self.0.audit_ctx(&tx, &actor, "workspace.exported", "workspace_export", id, json!({})).await?;
        tx.commit().await.db()?;
        Ok(dto(row))
    }

    pub async fn workspace_exports(&self, t: &TenantCtx) -> Result<Vec<WorkspaceExport>> {
        let (tx, _) = self.0.begin(t, Role::Owner).await?;
        let rows = repo::recent(&tx, 20).await.db()?;
        tx.commit().await.db()?;
        Ok(rows.into_iter().map(dto).collect())
    }

    pub async fn download_workspace_export(&self, t: &TenantCtx, id: Uuid) -> Result<Download> {
        let (tx, _) = self.0.begin(t, Role::Owner).await?;
        let row = repo::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Export"))?;
        tx.commit().await.db()?;
        let Some(key) = row.storage_key.filter(|_| row.status == "ready") else {
            return Err(DomainError::Conflict {
                code: "export_not_ready",
                message: "This export is not ready yet (or failed); the list shows its state.".into(),
            });
        };
        let (bytes, _) = self.0.channel.media.get(&key).await.map_err(DomainError::internal)?;
        Ok(Download {
            filename: format!("workspace-{}.zip", row.created_at.format("%Y%m%d-%H%M")),
            bytes: bytes.to_vec(),
        })
    }

    /// The job: reads every table in one tenant transaction (one consistent snapshot), writes the ZIP, records it.
    pub async fn run_workspace_export(&self, tenant_id: Uuid, export_id: Uuid) -> Result<()> {
        let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
        if !repo::start(&tx, export_id).await.db()? {
            return Ok(());
        }
        let mut entries = Vec::with_capacity(repo::TABLES.len() + 1);
        for (file, select) in repo::TABLES {
            entries.push(Entry::Json((*file).to_owned(), repo::table(&tx, select).await.db()?));
        }
        tx.commit().await.db()?;
        entries.push(Entry::Text("README.txt".into(), README.to_owned()));
        let outcome = async {
            let bytes = zipper::build(entries).await?;
            let key = format!("t/{tenant_id}/exports/{export_id}.zip");
            let stored =
                self.0.channel.media.put(&key, bytes.into(), "application/zip").await.map_err(|e| match e {
                    parley_media::MediaError::TooLarge { max } => DomainError::Rejected {
                        code: "export_too_large",
                        message: format!("The export is larger than the media store takes ({} MB).", max / 1024 / 1024),
                    },
                    e => DomainError::internal(e),
                })?;
            Ok::<_, DomainError>((key, stored.size as i64))
        }
        .await;
        let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
        match &outcome {
            Ok((key, size)) => repo::finish(&tx, export_id, key, *size).await.db()?,
            Err(e) => {
                tracing::error!(tenant = %tenant_id, export = %export_id, error = %e, "workspace export failed");
                let shown = match e {
                    DomainError::Rejected { message, .. } => message.clone(),
                    _ => "The export could not be written; try again.".to_owned(),
                };
                repo::fail(&tx, export_id, &shown).await.db()?;
            }
        }
        tx.commit().await.db()?;
        Ok(())
    }
}
