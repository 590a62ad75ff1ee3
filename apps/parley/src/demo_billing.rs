//! Demo mode's billing: plans on sale in the in-process Stripe simulator, the demo workspace paying for Growth
//! (Checkout paid with the test card, as a customer would), and two more workspaces (one paying for Pro yearly,
//! one trialing) so the platform admin's MRR and subscriptions overview show a living business.

use anyhow::Context;
use parley_services::billing::dto::ChoosePlanInput;
use parley_services::identity::dto::RegisterInput;
use parley_services::platform::seed;
use parley_services::{ClientInfo, Credential, Services, TenantCtx};
use parley_store::repo;
use uuid::Uuid;

/// Pays a Checkout session on the simulator's hosted page, the way a customer's browser would.
async fn pay(sim_api: &str, public: &str, url: &str) -> anyhow::Result<()> {
    let page = url.replacen(public, sim_api, 1);
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?
        .post(page)
        .form(&[("card", "4242 4242 4242 4242")])
        .send()
        .await?;
    anyhow::ensure!(res.status().is_redirection(), "the simulated Checkout answered {}", res.status());
    Ok(())
}

pub(crate) async fn subscribe(
    services: &Services,
    ctx: &TenantCtx,
    plan: Uuid,
    cycle: &str,
    sim_api: &str,
    public: &str,
) -> anyhow::Result<()> {
    let input = ChoosePlanInput { plan_id: plan, cycle: Some(cycle.into()), confirm: false };
    let session = services.billing.checkout(ctx, input).await.map_err(|e| anyhow::anyhow!("checkout: {e}"))?;
    pay(sim_api, public, &session.url).await?;
    services.billing.refresh(ctx).await.map_err(|e| anyhow::anyhow!("refresh: {e}"))?;
    Ok(())
}

pub(crate) fn person(tenant: Uuid, user: Uuid) -> TenantCtx {
    TenantCtx {
        tenant_id: parley_domain::TenantId(tenant),
        credential: Credential::Person(parley_domain::UserId(user)),
        client: ClientInfo::default(),
    }
}

/// `sim_api`: where the simulator answers this process; `public`: the simulator's URL in the pages it writes.
pub async fn seed(services: &Services, sim_api: &str, public: &str) -> anyhow::Result<()> {
    let seeded = services.plans.seed_standard().await.map_err(|e| anyhow::anyhow!("plans: {e}"))?;
    if seeded.created == 0 {
        // The simulator starts empty on every run: put the plans on sale again.
        services.plans.sync_to_gateway(true).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let plans = services.plans.list().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let id_of = |name: &str| plans.iter().find(|p| p.name == name).map(|p| p.id).context("demo plan");

    let db = &services.core.db;
    let owner = repo::identity::users::find_by_email(&db.auth, seed::DEMO_OWNER).await?.context("demo owner")?;
    let tenant = repo::platform::system::memberships_of_user(db, owner.id).await?.first().map(|m| m.tenant_id);
    let tenant = tenant.context("demo workspace")?;
    restart_subscription(services, tenant, chrono::Duration::hours(1)).await?;
    subscribe(services, &person(tenant, owner.id), id_of("Growth")?, "monthly", sim_api, public).await?;

    for (business, email, plan) in [
        ("Blue Bay Bakery", "owner@bluebay.parley.local", Some(("Pro", "annual"))),
        ("Casa Verde Clinic", "owner@casaverde.parley.local", None),
    ] {
        let user = match repo::identity::users::find_by_email(&db.auth, email).await? {
            Some(u) => u.id,
            None => {
                let input = RegisterInput {
                    business_name: business.into(),
                    name: "Demo Owner".into(),
                    email: email.into(),
                    password: seed::DEMO_PASSWORD.into(),
                };
                let r =
                    services.auth.register(input, &ClientInfo::default()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                r.session.user.id
            }
        };
        let t = repo::platform::system::memberships_of_user(db, user).await?.first().map(|m| m.tenant_id);
        let t = t.context("demo customer workspace")?;
        // A trial shorter than two days is not carried into Checkout: the paying ones are charged at once.
        let trial = if plan.is_some() { chrono::Duration::hours(1) } else { chrono::Duration::days(9) };
        restart_subscription(services, t, trial).await?;
        if let Some((name, cycle)) = plan {
            subscribe(services, &person(t, user), id_of(name)?, cycle, sim_api, public).await?;
        }
    }
    Ok(())
}

/// A subscription stored by an earlier run points into the previous (gone) simulator: back to a trial of
/// `trial` from now.
pub(crate) async fn restart_subscription(
    services: &Services,
    tenant: Uuid,
    trial: chrono::Duration,
) -> anyhow::Result<()> {
    let tx = services.core.db.tenant_tx(parley_domain::TenantId(tenant)).await?;
    let end = chrono::Utc::now() + trial;
    if repo::billing::subscriptions::get(&tx).await?.is_some() {
        repo::billing::subscriptions::forget_gateway(&tx, end).await?;
    } else if let Some(plan) = repo::billing::plans::default_plan(&tx.tx).await? {
        repo::billing::subscriptions::start_trial(&tx, plan.id, Some(end)).await?;
    }
    tx.commit().await?;
    Ok(())
}
