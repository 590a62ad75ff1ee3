//! Platform administration (the SaaS owner): tenants across the platform, through the store's narrow
//! system path. Callers must already have proven the platform-admin flag.

use crate::check::Check;
use crate::dto::PageQuery;
use crate::platform::dto::{AdminTenant, AdminTenantPage, AdminUpdateTenantInput, PlatformStats};
use crate::{Core, DbResultExt, DomainError, Result, stored};
use parley_domain::TenantStatus;
use parley_store::repo::{self, platform::system::AdminTenantRow};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct AdminService(pub(crate) Arc<Core>);

fn dto(r: AdminTenantRow) -> Result<AdminTenant> {
    Ok(AdminTenant {
        id: r.id,
        name: r.name,
        slug: r.slug,
        status: stored(TenantStatus::parse, &r.status)?,
        created_at: r.created_at,
        member_count: r.member_count,
        owner_email: r.owner_email,
    })
}

impl AdminService {
    pub async fn tenants(&self, q: PageQuery) -> Result<AdminTenantPage> {
        let page = crate::dto::page_req(q.page, q.per_page)?;
        let (rows, total) = repo::platform::system::admin_tenants(&self.0.db, q.q.as_deref(), page).await.db()?;
        Ok(AdminTenantPage {
            items: rows.into_iter().map(dto).collect::<Result<_>>()?,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    pub async fn tenant(&self, id: Uuid) -> Result<AdminTenant> {
        dto(repo::platform::system::admin_tenant(&self.0.db, id)
            .await
            .db()?
            .ok_or(DomainError::NotFound("The tenant"))?)
    }

    /// Renames or suspends a tenant. Suspending ends its members' sessions in that tenant.
    pub async fn update_tenant(&self, id: Uuid, input: AdminUpdateTenantInput) -> Result<AdminTenant> {
        let mut c = Check::default();
        let name = input.name.as_deref().map(|n| c.text("name", n, 2, 100));
        let status = input.status.as_deref().map(|s| c.one_of("status", s, TenantStatus::parse, "active, suspended"));
        c.finish()?;
        let status = status.flatten();
        if !repo::platform::system::admin_update_tenant(
            &self.0.db,
            id,
            name.flatten().as_deref(),
            status.map(TenantStatus::as_str),
        )
        .await
        .db()?
        {
            return Err(DomainError::NotFound("The tenant"));
        }
        if status == Some(TenantStatus::Suspended) {
            repo::identity::tokens::revoke_tenant(&self.0.db.auth, id).await.db()?;
            self.0.events.publish(id, [crate::events::Event::AccessRevoked { user_id: None }]);
        }
        self.tenant(id).await
    }

    pub async fn stats(&self) -> Result<PlatformStats> {
        let s = repo::platform::system::stats(&self.0.db).await.db()?;
        Ok(PlatformStats { tenants: s.tenants, active_tenants: s.active_tenants, users: s.users })
    }
}
