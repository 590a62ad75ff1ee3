//! Data a new install needs: the platform admin, and the demo workspace of `parley serve --demo`
//! (its CRM data is in `demo_crm`).
//! Both are idempotent: running them twice changes nothing.

use crate::channel::Credentials;
use crate::identity::{passwords, tokens};
use crate::{ClientInfo, Core, DbResultExt, DomainError, Result, Role};
use parley_domain::{Email, Password, TenantId};
use parley_store::{TenantTx, repo};
use std::sync::Arc;

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
    create_named_platform_admin(core, email, None, password).await
}

/// The same with the person's name for a new account (default: the address's local part); an existing account keeps
/// its name and password.
pub async fn create_named_platform_admin(
    core: &Core,
    email: &str,
    name: Option<&str>,
    password: Option<&str>,
) -> Result<AdminAccount> {
    let email = Email::parse(email)?;
    if let Some(u) = repo::identity::users::find_by_email(&core.db.auth, email.as_str()).await.db()? {
        repo::identity::users::set_platform_admin(&core.db.auth, u.id).await.db()?;
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
    let name = match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n.chars().take(120).collect(),
        None => email.as_str().split('@').next().unwrap_or("admin").to_owned(),
    };
    let locale = core.cfg.site.language.as_str();
    let u = repo::identity::users::insert(&core.db.auth, uuid::Uuid::now_v7(), email.as_str(), &name, &hash, locale)
        .await
        .db()?;
    repo::identity::users::set_platform_admin(&core.db.auth, u.id).await.db()?;
    Ok(AdminAccount { created: true, generated_password: generated })
}

/// The demo workspace "Demo Company" with an owner and an agent, plus a platform admin.
pub async fn demo(core: &Core) -> Result<()> {
    create_platform_admin(core, DEMO_ADMIN, Some(DEMO_PASSWORD)).await?;
    // A platform admin always signs in with a second factor; the demo's uses a fixed secret whose current code the
    // login page shows (demo mode only).
    if let Some(admin) = repo::identity::users::find_by_email(&core.db.auth, DEMO_ADMIN).await.db()?
        && !repo::identity::two_factor::is_enabled(&core.db.auth, admin.id).await.db()?
    {
        core.enrol_with_secret(admin.id, crate::identity::two_factor::DEMO_SECRET).await?;
    }
    if repo::identity::users::find_by_email(&core.db.auth, DEMO_OWNER).await.db()?.is_some() {
        return Ok(());
    }
    let hash = passwords::hash(DEMO_PASSWORD.to_owned()).await?;
    // The people first, committed on the identity pool: the demo's rows refer to them from the tenant transaction.
    let mut people = vec![];
    for (email, name, role) in [(DEMO_OWNER, "Olivia Owner", Role::Owner), (DEMO_AGENT, "Adam Agent", Role::Agent)] {
        let u =
            repo::identity::users::insert(&core.db.auth, uuid::Uuid::now_v7(), email, name, &hash, "en").await.db()?;
        people.push((u.id, role));
    }
    let seeded = demo_workspace(core, &people).await;
    if seeded.is_err() {
        // Without its workspace the demo owner would make the next start skip the seed.
        for (id, _) in &people {
            repo::identity::users::delete(&core.db.auth, *id).await.db()?;
        }
    }
    seeded
}

async fn demo_workspace(core: &Core, members: &[(uuid::Uuid, Role)]) -> Result<()> {
    let tenant = TenantId::new();
    let tx = core.db.tenant_tx(tenant).await.db()?;
    let slug = core.free_slug("demo", tenant).await?;
    repo::platform::tenants::insert(&tx, "Demo Company", &slug, serde_json::json!({})).await.db()?;
    let mut people = vec![];
    for (id, role) in members {
        repo::team::members::insert(&tx, *id, role.as_str()).await.db()?;
        people.push(*id);
    }
    // An inbox that is set up, so the demo shows labels, canned replies (type `/`) and a team.
    for (name, color) in [("VIP", "#b91c1c"), ("Order issue", "#c2410c"), ("Sales lead", "#15803d")] {
        repo::crm::labels::insert(&tx, name, color, None).await.db()?;
    }
    for (shortcut, title, content) in [
        ("hello", "Greeting", "Hi {{contact.name}}, this is {{agent.name}} from {{business.name}}. How can I help?"),
        ("hours", "Opening hours", "We are open Monday to Friday, 9:00 to 17:00."),
        ("thanks", "Thanks", "Thank you {{contact.name}}! Anything else I can do for you?"),
    ] {
        repo::inbox::canned::insert(&tx, shortcut, title, content, people.first().copied()).await.db()?;
    }
    let team = repo::team::teams::insert(&tx, "Support", Some("First line")).await.db()?;
    repo::team::teams::set_members(&tx, team, &people).await.db()?;
    // The CRM's conversations live on the demo number, so it is made here rather than after the commit.
    let number = demo_connection(core, &tx).await?;
    super::demo_crm::seed(core, &tx, people[0], people[1], number.id).await?;
    super::demo_flows::seed(core, &tx, people[0]).await?;
    super::demo_automations::seed(&tx, people[0], people[1]).await?;
    super::demo_webhooks::seed(core, &tx, people[0]).await?;
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

/// The demo workspace's campaigns, on the templates the simulator serves for the demo number (stored as a sync
/// would store them). Runs once the number exists; seeds nothing twice.
pub async fn demo_campaigns(core: &Core, templates: &[super::demo_campaigns::SeedTemplate]) -> Result<()> {
    let number = demo_number(core).await?;
    let tx = core.db.tenant_tx(number.tenant_id).await.db()?;
    let owner = repo::identity::users::find_by_email(&core.db.auth, DEMO_OWNER).await.db()?.map(|u| u.id);
    super::demo_campaigns::seed(core, &tx, owner, number.connection_id, templates).await?;
    tx.commit().await.db()
}

/// Ninety days of the demo workspace's past (customers, conversations, the bot, deals, agents' days) and its
/// rollups, so every report has something to show. Seeds nothing twice.
pub async fn demo_history(core: &Arc<Core>) -> Result<()> {
    let number = demo_number(core).await?;
    let tx = core.db.tenant_tx(number.tenant_id).await.db()?;
    let seeded = repo::analytics::history::generated_before(&tx).await.db()?;
    drop(tx);
    if seeded {
        return Ok(());
    }
    let history = crate::analytics::history::HistoryService(core.clone());
    // History stops a day ago: today's conversations are the live demo's own.
    let end = crate::analytics::rollup::hour_floor(chrono::Utc::now()) - chrono::Duration::days(1);
    let options = crate::analytics::history::HistoryOptions {
        end: Some(end),
        days: 90,
        conversations: 1_500,
        // History is over: today's open conversations are the live demo's, not a backlog of generated ones.
        open_share: 0.0,
        ..Default::default()
    };
    history.generate(number.tenant_id, &options).await?;
    history.roll(number.tenant_id, 91).await?;
    Ok(())
}

/// The demo workspace's WhatsApp number, wired to the built-in simulator.
pub const DEMO_PHONE_NUMBER_ID: &str = "100000000000001";
pub const DEMO_WABA_ID: &str = "200000000000001";
pub const DEMO_DISPLAY_NUMBER: &str = "+1 555-010-0001";

/// What the simulator must know to play WhatsApp for the demo number.
pub struct DemoNumber {
    pub tenant_id: TenantId,
    pub connection_id: uuid::Uuid,
    pub access_token: String,
    pub app_secret: String,
    pub webhook_url: String,
    /// Seeded customers whose 24-hour window is open (phone, name, when they last wrote).
    pub recent_customers: Vec<(String, Option<String>, chrono::DateTime<chrono::Utc>)>,
}

/// Finds or creates the demo tenant's simulated number (after `demo`).
pub async fn demo_number(core: &Core) -> Result<DemoNumber> {
    let owner = repo::identity::users::find_by_email(&core.db.auth, DEMO_OWNER)
        .await
        .db()?
        .ok_or(DomainError::NotFound("Demo owner"))?;
    let tenant = repo::platform::system::memberships_of_user(&core.db, owner.id)
        .await
        .db()?
        .into_iter()
        .next()
        .map(|m| TenantId(m.tenant_id))
        .ok_or(DomainError::NotFound("Demo workspace"))?;
    let tx = core.db.tenant_tx(tenant).await.db()?;
    let row = demo_connection(core, &tx).await?;
    let since = chrono::Utc::now() - chrono::Duration::hours(24);
    let recent_customers = repo::inbox::conversations::recent_writers(&tx, row.id, since)
        .await
        .db()?
        .into_iter()
        .map(|w| (w.phone, w.name, w.last_inbound_at))
        .collect();
    tx.commit().await.db()?;
    let Credentials::Cloud { access_token, app_secret } = core.channel.open(&row.credentials)? else {
        return Err(DomainError::internal("the demo number is not a Cloud API number"));
    };
    Ok(DemoNumber {
        tenant_id: tenant,
        connection_id: row.id,
        access_token,
        app_secret,
        webhook_url: core.webhook_url(&row),
        recent_customers,
    })
}

/// The demo tenant's simulated number, created on first use.
async fn demo_connection(core: &Core, tx: &TenantTx) -> Result<repo::channel::connections::ConnectionRow> {
    Ok(match repo::channel::connections::by_phone_number_id(&tx.tx, DEMO_PHONE_NUMBER_ID).await.db()? {
        Some(r) => r,
        None => {
            let creds = Credentials::Cloud {
                access_token: format!("EAAsim{}", tokens::random_secret()),
                app_secret: tokens::random_secret(),
            };
            repo::channel::connections::insert(
                tx,
                uuid::Uuid::now_v7(),
                repo::channel::connections::NewConnection {
                    kind: "cloud",
                    name: "Demo number (simulator)",
                    status: "connected",
                    phone_number_id: Some(DEMO_PHONE_NUMBER_ID),
                    waba_id: Some(DEMO_WABA_ID),
                    display_phone_number: Some(DEMO_DISPLAY_NUMBER),
                    credentials: core.channel.seal(&creds),
                    verify_token: &tokens::random_secret(),
                    simulated: true,
                    rate_per_second: core.channel.cfg.default_rate_per_second,
                },
            )
            .await
            .db()?
        }
    })
}

/// Copies the demo number's templates from the simulator (once the server answers).
pub async fn demo_templates(core: &Core, n: &DemoNumber) -> Result<usize> {
    let tx = core.db.tenant_tx(n.tenant_id).await.db()?;
    let row = core.connection(&tx, n.connection_id).await?;
    let count = core.sync_templates_in(&tx, &row).await?.len();
    tx.commit().await.db()?;
    Ok(count)
}
