//! Demo mode's agency: "Brightwave Digital" resells Parley as "Brightwave Chat" with its own colours and logo,
//! a custom domain verified against the in-process DNS simulator, an offer of two plans, and two client
//! workspaces (one whose owner accepted the mailed invitation, one still invited), all made through the same
//! services the agency's pages call.

use crate::demo_billing::{person, subscribe};
use anyhow::Context;
use parley_services::agency::dto::{AgencyCapsInput, AgencyPlanInput, CreateClientInput, OpenSupportInput};
use parley_services::billing::dto::{PlanFeatures, PlanLimits};
use parley_services::brand::assets::AssetKind;
use parley_services::brand::domains::{AddDomainInput, DevDnsRecord, DevDnsRecords};
use parley_services::brand::dto::BrandInput;
use parley_services::identity::dto::{AcceptInvitationInput, RegisterInput};
use parley_services::platform::seed;
use parley_services::{ClientInfo, Services};
use parley_store::repo;

pub const AGENCY_OWNER: &str = "agency@demo.parley.local";
pub const CLIENT_OWNER: &str = "owner@harbor.parley.local";
/// The agency's domain in the demo: the DNS simulator answers for it, so it verifies like a real one would.
pub const AGENCY_DOMAIN: &str = "chat.brightwave.test";

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 40"><rect width="40" height="40" rx="10" fill="#0f766e"/><path d="M10 26c6-12 14-12 20 0" stroke="#fbbf24" stroke-width="4" fill="none" stroke-linecap="round"/><text x="48" y="27" font-family="Arial, sans-serif" font-size="18" font-weight="700" fill="#134e4a">Brightwave</text></svg>"##;
const LOGO_DARK: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 40"><rect width="40" height="40" rx="10" fill="#14b8a6"/><path d="M10 26c6-12 14-12 20 0" stroke="#fbbf24" stroke-width="4" fill="none" stroke-linecap="round"/><text x="48" y="27" font-family="Arial, sans-serif" font-size="18" font-weight="700" fill="#f0fdfa">Brightwave</text></svg>"##;
const FAVICON: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#0f766e"/><path d="M7 21c5-10 13-10 18 0" stroke="#fbbf24" stroke-width="4" fill="none" stroke-linecap="round"/></svg>"##;

fn err(what: &'static str) -> impl Fn(parley_services::DomainError) -> anyhow::Error {
    move |e| anyhow::anyhow!("{what}: {e:?}")
}

fn plan(name: &str, description: &str, amount: i64, limits: PlanLimits, features: PlanFeatures) -> AgencyPlanInput {
    AgencyPlanInput {
        name: name.into(),
        description: Some(description.into()),
        currency: None,
        monthly_amount: amount,
        features,
        limits,
    }
}

/// Seeds the agency once (an existing agency owner means an earlier run did); the domain's DNS records are put in
/// the simulator on every start, since it starts empty.
pub async fn seed(services: &Services, sim_api: &str, public: &str) -> anyhow::Result<()> {
    let db = &services.core.db;
    if let Some(owner) = repo::identity::users::find_by_email(&db.auth, AGENCY_OWNER).await? {
        let agency = repo::platform::system::memberships_of_user(db, owner.id).await?;
        let agency = agency.first().context("the demo agency")?.tenant_id;
        return verify_domain(services, &person(agency, owner.id)).await;
    }
    let input = RegisterInput {
        business_name: "Brightwave Digital".into(),
        name: "Bea Brightwave".into(),
        email: AGENCY_OWNER.into(),
        password: seed::DEMO_PASSWORD.into(),
    };
    let owner = services.auth.register(input, &ClientInfo::default()).await.map_err(err("agency sign-up"))?;
    let owner = owner.session.user.id;
    let agency = repo::platform::system::memberships_of_user(db, owner).await?;
    let agency = agency.first().context("the demo agency workspace")?.tenant_id;
    let ctx = person(agency, owner);

    // The agency pays the platform for Pro (custom branding) and may remove "powered by" and send as itself.
    let plans = services.plans.list().await.map_err(err("plans"))?;
    let pro = plans.iter().find(|p| p.name == "Pro").context("the demo's Pro plan")?.id;
    crate::demo_billing::restart_subscription(services, agency, chrono::Duration::hours(1)).await?;
    subscribe(services, &ctx, pro, "monthly", sim_api, public).await?;
    let caps = AgencyCapsInput {
        max_clients: Some(25),
        may_remove_powered_by: true,
        may_use_custom_domains: true,
        may_use_own_sender: true,
    };
    services.agency_admin.mark(agency, caps).await.map_err(err("marking the agency"))?;

    let brand = BrandInput {
        product_name: Some("Brightwave Chat".into()),
        primary_color: Some("#0f766e".into()),
        accent_color: Some("#b45309".into()),
        login_title: Some("Welcome to Brightwave Chat".into()),
        login_text: Some(
            "Every WhatsApp conversation of your business in one inbox, set up and looked after by Brightwave Digital."
                .into(),
        ),
        support_email: Some("help@brightwave.test".into()),
        support_url: Some("https://brightwave.test/support".into()),
        terms_url: Some("https://brightwave.test/terms".into()),
        privacy_url: Some("https://brightwave.test/privacy".into()),
        powered_by: Some(false),
        mail_from_name: Some("Brightwave Chat".into()),
    };
    services.brand.update(&ctx, brand).await.map_err(err("the agency's brand"))?;
    for (kind, svg) in [(AssetKind::LogoLight, LOGO), (AssetKind::LogoDark, LOGO_DARK), (AssetKind::Favicon, FAVICON)] {
        services.brand.put_asset(&ctx, kind, svg.as_bytes()).await.map_err(err("the agency's logo"))?;
    }
    services
        .domains
        .add(&ctx, AddDomainInput { domain: AGENCY_DOMAIN.into() })
        .await
        .map_err(err("the agency's domain"))?;
    verify_domain(services, &ctx).await?;

    let chat = PlanFeatures { campaigns: true, chatbot_flows: true, ..Default::default() };
    let starter = services
        .agency
        .create_plan(
            &ctx,
            plan(
                "Chat Starter",
                "One number, three agents and a shared inbox.",
                2900,
                PlanLimits {
                    max_contacts: Some(2_000),
                    max_agents: Some(3),
                    max_whats_app_numbers: Some(1),
                    max_messages_per_month: Some(3_000),
                    max_campaigns_per_month: Some(4),
                    max_flows: Some(2),
                    max_webhooks: Some(1),
                    api_requests_per_minute: Some(60),
                    ..Default::default()
                },
                chat,
            ),
        )
        .await
        .map_err(err("the agency's offer"))?;
    let plus = services
        .agency
        .create_plan(
            &ctx,
            plan(
                "Chat Plus",
                "Chatbot flows, campaigns and the API for busy front desks.",
                7900,
                PlanLimits {
                    max_contacts: Some(20_000),
                    max_agents: Some(10),
                    max_whats_app_numbers: Some(2),
                    max_messages_per_month: Some(20_000),
                    max_campaigns_per_month: Some(20),
                    max_flows: Some(10),
                    max_webhooks: Some(5),
                    api_requests_per_minute: Some(600),
                    ..Default::default()
                },
                PlanFeatures { api_access: true, webhooks: true, multiple_whats_app_numbers: true, ..chat },
            ),
        )
        .await
        .map_err(err("the agency's offer"))?;

    let harbor = services
        .agency
        .create_client(
            &ctx,
            CreateClientInput {
                name: "Harbor Coffee".into(),
                owner_email: CLIENT_OWNER.into(),
                owner_name: Some("Hana Harbor".into()),
                plan_id: plus.id,
                locale: None,
            },
        )
        .await
        .map_err(err("the first client"))?;
    services
        .agency
        .create_client(
            &ctx,
            CreateClientInput {
                name: "Lumen Dental".into(),
                owner_email: "owner@lumen.parley.local".into(),
                owner_name: Some("Leo Lumen".into()),
                plan_id: starter.id,
                locale: None,
            },
        )
        .await
        .map_err(err("the second client"))?;
    accept_from_mailbox(services, CLIENT_OWNER).await?;

    // The agency looked into Harbor Coffee once: the client's owner sees it on the audit log and the support page.
    let support = OpenSupportInput { minutes: 30, reason: "Setting up the welcome flow, as asked on the phone".into() };
    services.agency.open_support(&ctx, harbor.client.id, support).await.map_err(err("the support visit"))?;
    services.agency.end_support(&ctx, harbor.client.id).await.map_err(err("ending the support visit"))?;
    Ok(())
}

/// Puts the records the Domains page asks for into the DNS simulator and checks the domain, which makes it active.
async fn verify_domain(services: &Services, ctx: &parley_services::TenantCtx) -> anyhow::Result<()> {
    let list = services.domains.list(ctx).await.map_err(err("the agency's domains"))?;
    let Some(domain) = list.domains.iter().find(|d| d.domain == AGENCY_DOMAIN) else { return Ok(()) };
    let mut records = services.domains.dev_dns_records().map_err(err("the demo DNS"))?.records;
    for r in &domain.records {
        // Built from its JSON form, as /dev/dns receives it.
        let record: DevDnsRecord =
            serde_json::from_value(serde_json::json!({ "name": r.name, "type": r.kind, "value": r.value }))?;
        let same = |x: &DevDnsRecord| serde_json::to_value(x).ok() == serde_json::to_value(&record).ok();
        if !records.iter().any(same) {
            records.push(record);
        }
    }
    services.domains.set_dev_dns_records(DevDnsRecords { records }).map_err(err("the demo DNS"))?;
    services.domains.check(ctx, domain.id).await.map_err(err("checking the agency's domain"))?;
    Ok(())
}

/// Accepts the invitation mailed to `email` with the demo password, the way its link would.
async fn accept_from_mailbox(services: &Services, email: &str) -> anyhow::Result<()> {
    let mails = services.mail.dev_mailbox().await.map_err(err("the dev mailbox"))?;
    let mail = mails.iter().find(|m| m.to.contains(email) && m.text.contains("/invite/")).context("the invitation")?;
    let token = mail
        .text
        .split("/invite/")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| c.is_whitespace() || c == '"' || c == '<').next())
        .context("the invitation's link")?;
    let input = AcceptInvitationInput { name: Some("Hana Harbor".into()), password: seed::DEMO_PASSWORD.into() };
    services.auth.accept_invitation(token, input, &ClientInfo::default()).await.map_err(err("accepting"))?;
    Ok(())
}
