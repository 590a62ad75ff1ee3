//! The standard plan catalogue (Starter, Growth, Pro, Enterprise): what a new install sells until the platform
//! admin changes it, seeded by `parley admin seed-defaults` and by demo mode, never over plans that exist.

use crate::Result;
use crate::billing::dto::{PlanFeatures, PlanInput, PlanLimits, PlanPrice};
use crate::billing::plans::PlanService;

/// What seeding the catalogue did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seeded {
    /// Plans created by this run (0 when the platform had plans already).
    pub created: usize,
}

impl PlanService {
    /// Creates the standard plans, the first one the default, when the platform has no plan at all (archived ones
    /// count: an admin who retired every plan chose that). With a payment gateway they go on sale as they are made.
    pub async fn seed_standard(&self) -> Result<Seeded> {
        if !self.list_all().await?.is_empty() {
            return Ok(Seeded { created: 0 });
        }
        let mut created = 0;
        for (i, p) in standard_plans().into_iter().enumerate() {
            let plan = self.create(p).await?;
            if i == 0 {
                self.set_default(plan.id).await?;
            }
            created += 1;
        }
        Ok(Seeded { created })
    }
}

fn price(cycle: &str, amount: i64) -> PlanPrice {
    PlanPrice { cycle: cycle.into(), amount }
}

/// The four standard plans, cheapest first: the first is meant to be the default (new workspaces' trial).
pub fn standard_plans() -> Vec<PlanInput> {
    let all = PlanFeatures {
        chatbot_flows: true,
        campaigns: true,
        api_access: true,
        webhooks: true,
        advanced_analytics: true,
        multiple_whats_app_numbers: true,
        custom_branding: true,
        priority_support: true,
        agency: false,
    };
    vec![
        PlanInput {
            name: "Starter".into(),
            description: Some("One number and a small team answering from a shared inbox.".into()),
            currency: None,
            prices: vec![price("monthly", 1900), price("annual", 19000)],
            trial_days: Some(14),
            features: PlanFeatures { campaigns: true, ..Default::default() },
            limits: PlanLimits {
                max_contacts: Some(1_000),
                max_agents: Some(3),
                max_whats_app_numbers: Some(1),
                max_campaigns_per_month: Some(4),
                max_messages_per_month: Some(2_000),
                max_flows: Some(2),
                max_webhooks: Some(1),
                api_requests_per_minute: Some(60),
                max_client_workspaces: None,
            },
        },
        PlanInput {
            name: "Growth".into(),
            description: Some("Chatbot flows, campaigns and the API for a growing sales team.".into()),
            currency: None,
            prices: vec![price("monthly", 4900), price("quarterly", 13500), price("annual", 49000)],
            trial_days: Some(14),
            // Two numbers take the "several numbers" switch: a plan allowing two must have it.
            features: PlanFeatures {
                chatbot_flows: true,
                campaigns: true,
                api_access: true,
                webhooks: true,
                multiple_whats_app_numbers: true,
                ..Default::default()
            },
            limits: PlanLimits {
                max_contacts: Some(10_000),
                max_agents: Some(10),
                max_whats_app_numbers: Some(2),
                max_campaigns_per_month: Some(20),
                max_messages_per_month: Some(20_000),
                max_flows: Some(10),
                max_webhooks: Some(5),
                api_requests_per_minute: Some(600),
                max_client_workspaces: None,
            },
        },
        PlanInput {
            name: "Pro".into(),
            description: Some("Several numbers, advanced analytics and your own brand.".into()),
            currency: None,
            prices: vec![price("monthly", 9900), price("annual", 99000)],
            trial_days: Some(14),
            features: PlanFeatures { priority_support: false, ..all },
            limits: PlanLimits {
                max_contacts: Some(100_000),
                max_agents: Some(30),
                max_whats_app_numbers: Some(5),
                max_campaigns_per_month: None,
                max_messages_per_month: Some(100_000),
                max_flows: None,
                max_webhooks: Some(20),
                api_requests_per_minute: Some(1_200),
                max_client_workspaces: None,
            },
        },
        PlanInput {
            name: "Enterprise".into(),
            description: Some("Everything unlimited, with priority support.".into()),
            currency: None,
            prices: vec![price("monthly", 29900), price("annual", 299000)],
            trial_days: Some(30),
            features: all,
            // No API rate of its own: the server's default applies (`[api] requests_per_minute`).
            limits: PlanLimits::default(),
        },
    ]
}
