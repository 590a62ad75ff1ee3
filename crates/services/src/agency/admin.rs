//! The platform admin's side: marking a workspace as an agency with its caps, unmarking it, and the agencies list
//! with their clients' figures and revenue (through the store's `repo::platform::agencies`, on the system pool).
//! Callers must already have proven the platform-admin flag.

use crate::agency::dto::*;
use crate::billing::dto::MoneyAmount;
use crate::check::Check;
use crate::{Core, DbResultExt, DomainError, Result, stored};
use parley_domain::TenantStatus;
use parley_store::repo::agency::agencies::AgencyRow;
use parley_store::repo::platform::agencies as sys;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct AgencyAdminService(pub(crate) Arc<Core>);

pub(crate) fn caps_dto(r: &AgencyRow) -> AgencyCaps {
    AgencyCaps {
        max_clients: r.max_clients,
        may_remove_powered_by: r.may_remove_powered_by,
        may_use_custom_domains: r.may_use_custom_domains,
        may_use_own_sender: r.may_use_own_sender,
    }
}

pub(crate) fn billing_mode(r: &AgencyRow) -> Result<BillingMode> {
    stored(BillingMode::parse, &r.billing_mode)
}

impl AgencyAdminService {
    /// Where a workspace stands: agency (with caps), client of an agency, or neither.
    pub async fn tenant(&self, id: Uuid) -> Result<AdminTenantAgency> {
        let db = &self.0.db;
        let state = sys::tenant_state(db, id).await.db()?.ok_or(DomainError::NotFound("The tenant"))?;
        let agency = sys::agency(db, id).await.db()?;
        Ok(AdminTenantAgency {
            tenant_id: state.tenant_id,
            agency: agency.as_ref().map(caps_dto),
            billing_mode: agency.as_ref().map(billing_mode).transpose()?,
            clients: state.clients,
            client_of: state
                .agency_id
                .map(|a| AgencyRef { id: a, name: state.agency_name.clone().unwrap_or_default() }),
        })
    }

    /// Makes the workspace an agency or changes its caps. A client of an agency cannot become one (one level of
    /// reselling), and caps below the clients it already has are refused rather than leaving it over them.
    pub async fn mark(&self, id: Uuid, input: AgencyCapsInput) -> Result<AdminTenantAgency> {
        let mut c = Check::default();
        if input.max_clients.is_some_and(|m| !(0..=100_000).contains(&m)) {
            c.push("maxClients", "must be between 0 and 100000 (leave empty for unlimited)");
        }
        c.finish()?;
        let db = &self.0.db;
        let state = sys::tenant_state(db, id).await.db()?.ok_or(DomainError::NotFound("The tenant"))?;
        if state.agency_id.is_some() {
            return Err(DomainError::Conflict {
                code: "client_of_agency",
                message: "This workspace is a client of an agency; a client cannot be an agency itself.".into(),
            });
        }
        if let Some(max) = input.max_clients.filter(|m| *m < state.clients) {
            return Err(DomainError::Conflict {
                code: "over_max_clients",
                message: format!(
                    "The agency already has {} client workspaces; allow at least that many (not {max}).",
                    state.clients
                ),
            });
        }
        let caps = sys::Caps {
            max_clients: input.max_clients.map(|m| m as i32),
            may_remove_powered_by: input.may_remove_powered_by,
            may_use_custom_domains: input.may_use_custom_domains,
            may_use_own_sender: input.may_use_own_sender,
        };
        sys::mark(db, id, &caps).await.db()?;
        // Its clients' brand (and "powered by", and its sender) follows the caps at once, not after the cache's minute.
        self.0.invalidate_brand(id).await;
        tracing::info!(tenant_id = %id, "workspace marked as an agency");
        self.tenant(id).await
    }

    /// Ends the workspace's agency: refused (409) while it still has clients.
    pub async fn unmark(&self, id: Uuid) -> Result<()> {
        let db = &self.0.db;
        let state = sys::tenant_state(db, id).await.db()?.ok_or(DomainError::NotFound("The tenant"))?;
        if sys::agency(db, id).await.db()?.is_none() {
            return Err(DomainError::NotFound("The agency"));
        }
        if !sys::unmark(db, id).await.db()? {
            return Err(DomainError::Conflict {
                code: "agency_has_clients",
                message: format!(
                    "{} still has client workspaces; move or remove them before it stops being an agency.",
                    state.tenant_name
                ),
            });
        }
        self.0.invalidate_brand(id).await;
        tracing::info!(tenant_id = %id, "workspace no longer an agency");
        Ok(())
    }

    pub async fn list(&self) -> Result<Vec<AdminAgency>> {
        let db = &self.0.db;
        let rows = sys::list(db).await.db()?;
        let revenue = sys::revenue(db).await.db()?;
        rows.into_iter()
            .map(|r| {
                let mine = revenue.iter().filter(|x| x.agency_id == r.tenant_id);
                let month = mine
                    .clone()
                    .filter(|x| x.this_month > 0)
                    .map(|x| MoneyAmount { currency: x.currency.clone(), amount: x.this_month })
                    .collect();
                let total = mine.map(|x| MoneyAmount { currency: x.currency.clone(), amount: x.all_time }).collect();
                Ok(AdminAgency {
                    tenant_id: r.tenant_id,
                    status: stored(TenantStatus::parse, &r.status)?,
                    caps: AgencyCaps {
                        max_clients: r.max_clients,
                        may_remove_powered_by: r.may_remove_powered_by,
                        may_use_custom_domains: r.may_use_custom_domains,
                        may_use_own_sender: r.may_use_own_sender,
                    },
                    billing_mode: stored(BillingMode::parse, &r.billing_mode)?,
                    name: r.name,
                    slug: r.slug,
                    created_at: r.created_at,
                    clients: r.clients,
                    active_clients: r.active_clients,
                    suspended_clients: r.suspended_clients,
                    messages_this_month: r.messages_this_month,
                    numbers_connected: r.numbers_connected,
                    revenue_this_month: month,
                    revenue_total: total,
                })
            })
            .collect()
    }
}
