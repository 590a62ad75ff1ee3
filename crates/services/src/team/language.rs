//! The workspace's language (`settings.locale`): its mails to people without an account (an invitation) are written
//! in it, and people it adds (an accepted invitation, a member created with a password) start in it. Everyone reads
//! it; the owner changes it.

use crate::check::{Check, checked};
use crate::ctx::TenantCtx;
use crate::team::dto::{SetWorkspaceLanguageInput, WorkspaceLanguage};
use crate::team::teams::TeamsService;
use crate::{DbResultExt, Result, Role};
use parley_domain::Locale;
use parley_store::repo;

impl TeamsService {
    pub async fn language(&self, t: &TenantCtx) -> Result<WorkspaceLanguage> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let stored = repo::brand::mail_templates::workspace_locale(&tx).await.db()?;
        Ok(WorkspaceLanguage { language: stored.as_deref().and_then(Locale::parse).unwrap_or(Locale::En) })
    }

    pub async fn set_language(&self, t: &TenantCtx, input: SetWorkspaceLanguageInput) -> Result<WorkspaceLanguage> {
        let mut c = Check::default();
        let language = c.one_of("language", &input.language, Locale::parse, &Locale::CODES.join(", "));
        c.finish()?;
        let language = checked(language)?;
        let (tx, _) = self.0.begin(t, Role::Owner).await?;
        repo::brand::mail_templates::set_workspace_locale(&tx, language.as_str()).await.db()?;
        tx.commit().await.db()?;
        Ok(WorkspaceLanguage { language })
    }
}
