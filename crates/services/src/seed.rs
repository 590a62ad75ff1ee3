//! Data a new install needs: the platform admin, and the demo workspace of `parley serve --demo`.
//! Both are idempotent: running them twice changes nothing.

use crate::{ClientInfo, Core, DbResultExt, Result, Role, passwords, tokens};
use parley_domain::{Email, Password, TenantId};
use parley_store::repo;

pub const DEMO_PASSWORD: &str = "parley-demo-1";
pub const DEMO_OWNER: &str = "owner@demo.parley.local";
pub const DEMO_AGENT: &str = "agent@demo.parley.local";
pub const DEMO_ADMIN: &str = "admin@demo.parley.local";

pub struct AdminAccount {
    pub created: bool,
    /// Set when a password was generated for a new account.
    pub generated_password: Option<String>,
}

/// Makes `email` a platform admin, creating the account if needed.
pub async fn create_platform_admin(core: &Core, email: &str, password: Option<&str>) -> Result<AdminAccount> {
    let email = Email::parse(email)?;
    if let Some(u) = repo::users::find_by_email(&core.db.app, email.as_str()).await.db()? {
        repo::users::set_platform_admin(&core.db.app, u.id).await.db()?;
        return Ok(AdminAccount { created: false, generated_password: None });
    }
    let (password, generated) = match password {
        Some(p) => (Password::parse("password", p)?, None),
        None => {
            let p = format!("{}-7", &tokens::random_secret()[..18]);
            (Password::parse("password", &p)?, Some(p))
        }
    };
    let hash = passwords::hash(password.expose().to_owned()).await?;
    let name = email.as_str().split('@').next().unwrap_or("admin").to_owned();
    let u = repo::users::insert(&core.db.app, uuid::Uuid::now_v7(), email.as_str(), &name, &hash, "en").await.db()?;
    repo::users::set_platform_admin(&core.db.app, u.id).await.db()?;
    Ok(AdminAccount { created: true, generated_password: generated })
}

/// The demo workspace "Demo Company" with an owner and an agent, plus a platform admin.
pub async fn demo(core: &Core) -> Result<()> {
    create_platform_admin(core, DEMO_ADMIN, Some(DEMO_PASSWORD)).await?;
    if repo::users::find_by_email(&core.db.app, DEMO_OWNER).await.db()?.is_some() {
        return Ok(());
    }
    let hash = passwords::hash(DEMO_PASSWORD.to_owned()).await?;
    let tenant = TenantId::new();
    let tx = core.db.tenant_tx(tenant).await.db()?;
    let slug = core.free_slug("demo", tenant).await?;
    repo::tenants::insert(&tx, "Demo Company", &slug).await.db()?;
    for (email, name, role) in [(DEMO_OWNER, "Olivia Owner", Role::Owner), (DEMO_AGENT, "Adam Agent", Role::Agent)] {
        let u = repo::users::insert(&tx.tx, uuid::Uuid::now_v7(), email, name, &hash, "en").await.db()?;
        repo::members::insert(&tx, u.id, role.as_str()).await.db()?;
    }
    core.audit(
        &tx,
        None,
        &ClientInfo::default(),
        "tenant.created",
        Some("tenant"),
        Some(tenant.to_string()),
        serde_json::json!({ "demo": true }),
    )
    .await?;
    tx.commit().await.db()?;
    Ok(())
}
