//! The demo workspace's automations: four believable rules (refunds labelled and routed to the agent, a nudge
//! to the owner when a customer waits half an hour, a Monday digest, and a disabled one being tried out), so the
//! rules list and their order have something to show. Written through the same model the API checks.

use crate::automations::model::{Action, Condition, ConditionGroup, Conditions, Match, Trigger};
use crate::{DbResultExt, Result};
use parley_store::TenantTx;
use parley_store::repo::automations::rules::{self, RuleWrite};
use parley_store::repo::crm::labels;
use serde_json::json;
use uuid::Uuid;

/// Name, description, enabled, trigger, conditions, actions.
type Seeded = (&'static str, &'static str, bool, Trigger, Conditions, Vec<Action>);

pub(crate) async fn seed(tx: &TenantTx, owner: Uuid, agent: Uuid) -> Result<()> {
    let labels = labels::list(tx).await.db()?;
    let label = |name: &str| labels.iter().find(|l| l.name == name).map(|l| l.id);
    let mut refund = vec![];
    if let Some(l) = label("Order issue") {
        refund.push(Action::AddLabel { label_id: l });
    }
    refund.push(Action::Assign { user_id: Some(agent), team_id: None });
    refund.push(Action::StopOtherRules {});
    let vip = label("VIP");
    let rules_to_seed: Vec<Seeded> = vec![
        (
            "Refund requests to Adam",
            "Label refund requests and hand them to the agent before any other rule.",
            true,
            Trigger::MessageReceived { keywords: vec!["refund".into(), "money back".into(), "return".into()] },
            Conditions::default(),
            refund,
        ),
        (
            "Nudge when a customer waits 30 minutes",
            "Mails the owner when an open conversation has had no answer for half an hour during opening hours.",
            true,
            Trigger::NoAgentReply { minutes: 30 },
            Conditions {
                match_: Match::All,
                groups: vec![ConditionGroup {
                    match_: Match::All,
                    items: vec![Condition::BusinessHours { open: true }],
                }],
            },
            vec![Action::MailMember {
                user_id: owner,
                subject: "A customer has waited 30 minutes".into(),
                text: "A conversation has had no answer for half an hour. Open it from the inbox.".into(),
            }],
        ),
        (
            "Monday morning digest",
            "A reminder to the owner every Monday at 9:00 to review last week's open tickets.",
            true,
            Trigger::Schedule { cron: "0 9 * * 1".into() },
            Conditions::default(),
            vec![Action::MailMember {
                user_id: owner,
                subject: "Weekly review".into(),
                text: "Good morning! Time to review open tickets and deals for the week.".into(),
            }],
        ),
        (
            "VIP contacts get a deal",
            "Being tried out: opens a deal when a conversation is labelled VIP.",
            false,
            Trigger::LabelAdded { label_id: vip },
            Conditions::default(),
            vec![Action::CreateDeal { title: "VIP follow-up".into(), value: Some(500.0) }],
        ),
    ];
    for (name, description, enabled, trigger, conditions, actions) in rules_to_seed {
        let events: Vec<String> = trigger.events().iter().map(|e| (*e).to_owned()).collect();
        let write = RuleWrite {
            name,
            description,
            enabled,
            trigger: &json!(trigger),
            events: &events,
            conditions: &json!(conditions),
            actions: &json!(actions),
        };
        rules::insert(tx, Uuid::now_v7(), &write, Some(owner)).await.db()?;
    }
    Ok(())
}
