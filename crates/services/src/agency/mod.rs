//! Agencies (docs/agencies.md): workspaces that resell Parley to client workspaces. The platform admin marks them
//! (`admin`); an agency reads its clients only through `agency_client_summaries()` and acts on one only after that
//! function proved, inside the agency's own transaction, that the client is its own (`clients`); it sells plans of
//! its own offer within its own plan (`offer`, `limits`) and enters a client only through an audited support entry
//! that ends by itself (`support`). Never reaches `Db::system` except through `repo::platform::agencies` for the
//! platform admin.

mod admin;
pub mod billing;
mod clients;
pub mod dto;
mod limits;
mod offer;
mod support;

pub use admin::AgencyAdminService;

use crate::ctx::{Actor, TenantCtx};
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_store::TenantTx;
use parley_store::repo::agency::{agencies::AgencyRow, clients::ClientSummaryRow};
use std::sync::Arc;
use uuid::Uuid;

/// The agency's side (owners and managers of an agency workspace) and the client's side (its owner's settings).
#[derive(Clone)]
pub struct AgencyService(pub(crate) Arc<Core>);

pub(crate) fn not_an_agency() -> DomainError {
    DomainError::Blocked {
        code: "not_an_agency",
        message: "This workspace is not an agency. The platform administrator makes workspaces agencies.".into(),
    }
}

fn client_not_found() -> DomainError {
    DomainError::NotFound("The client workspace")
}

impl AgencyService {
    fn core(&self) -> &Core {
        &self.0
    }

    /// The agency's transaction (owners and managers of an agency workspace only) and its row.
    async fn begin_agency(&self, t: &TenantCtx) -> Result<(TenantTx, Actor, AgencyRow)> {
        let (tx, actor) = self.core().begin(t, Role::Manager).await?;
        let agency = parley_store::repo::agency::agencies::get(&tx).await.db()?.ok_or_else(not_an_agency)?;
        Ok((tx, actor, agency))
    }

    /// Proves, in the agency's transaction and through the narrow function, that `id` is one of its clients.
    async fn own_client(&self, tx: &TenantTx, id: Uuid) -> Result<ClientSummaryRow> {
        parley_store::repo::agency::clients::summary(tx, id).await.db()?.ok_or_else(client_not_found)
    }
}
