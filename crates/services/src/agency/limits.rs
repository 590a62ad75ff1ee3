//! An agency sells within what it holds: every limit of a client plan (or of one client's own limits) must be at
//! most the agency's own plan's, every feature one the agency's plan has, and a client never resells.

use crate::billing::dto::{PlanFeatures, PlanLimits};
use crate::billing::entitlements::Entitlements;
use crate::check::Check;

fn feature_pairs(f: &PlanFeatures) -> [(&'static str, bool); 8] {
    [
        ("chatbotFlows", f.chatbot_flows),
        ("campaigns", f.campaigns),
        ("apiAccess", f.api_access),
        ("webhooks", f.webhooks),
        ("advancedAnalytics", f.advanced_analytics),
        ("multipleWhatsAppNumbers", f.multiple_whats_app_numbers),
        ("customBranding", f.custom_branding),
        ("prioritySupport", f.priority_support),
    ]
}

/// Names every limit above the agency's own (`own`: None when the agency has no plan, so nothing is limited) as
/// `limits.<key>`. A limit left unlimited where the agency's plan has one is above it too.
pub(crate) fn check_limits_within(c: &mut Check, l: &PlanLimits, own: Option<&Entitlements>) {
    crate::billing::plans::check_limits(c, l);
    if l.max_client_workspaces.is_some() {
        c.push("limits.maxClientWorkspaces", "must be empty: a client workspace cannot have clients of its own");
    }
    let Some(own) = own else { return };
    for ((key, mine), (_, cap)) in l.named().into_iter().zip(own.limits.named()) {
        match (mine, cap) {
            (_, None) => {}
            (None, Some(cap)) => c.push(
                &format!("limits.{key}"),
                &format!("must be set: your agency plan ({}) allows at most {cap}", own.plan.name),
            ),
            (Some(v), Some(cap)) if v > cap => c.push(
                &format!("limits.{key}"),
                &format!("is above your agency plan's limit of {cap} ({})", own.plan.name),
            ),
            _ => {}
        }
    }
}

/// Names every feature the agency's own plan lacks as `features.<key>`; `agency` is never a client's.
pub(crate) fn check_features_within(c: &mut Check, f: &PlanFeatures, own: Option<&Entitlements>) {
    if f.agency {
        c.push("features.agency", "must be off: a client workspace cannot be an agency");
    }
    let Some(own) = own else { return };
    for ((key, mine), (_, has)) in feature_pairs(f).into_iter().zip(feature_pairs(&own.features)) {
        if mine && !has {
            c.push(&format!("features.{key}"), &format!("is not part of your agency plan ({})", own.plan.name));
        }
    }
}

/// A client's limits: its own where set, its plan's otherwise.
pub(crate) fn overlay(plan: &PlanLimits, custom: &PlanLimits) -> PlanLimits {
    PlanLimits {
        max_contacts: custom.max_contacts.or(plan.max_contacts),
        max_agents: custom.max_agents.or(plan.max_agents),
        max_whats_app_numbers: custom.max_whats_app_numbers.or(plan.max_whats_app_numbers),
        max_campaigns_per_month: custom.max_campaigns_per_month.or(plan.max_campaigns_per_month),
        max_messages_per_month: custom.max_messages_per_month.or(plan.max_messages_per_month),
        max_flows: custom.max_flows.or(plan.max_flows),
        max_webhooks: custom.max_webhooks.or(plan.max_webhooks),
        api_requests_per_minute: custom.api_requests_per_minute.or(plan.api_requests_per_minute),
        max_client_workspaces: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_limit_replaces_the_plan_limit_only_where_set() {
        let plan = PlanLimits { max_contacts: Some(1000), max_agents: Some(5), ..Default::default() };
        let custom = PlanLimits { max_agents: Some(2), ..Default::default() };
        let l = overlay(&plan, &custom);
        assert_eq!((l.max_contacts, l.max_agents, l.max_flows), (Some(1000), Some(2), None));
    }

    #[test]
    fn without_an_agency_plan_only_shape_and_reselling_are_checked() {
        let mut c = Check::default();
        check_limits_within(&mut c, &PlanLimits { max_contacts: Some(10_000_000), ..Default::default() }, None);
        check_features_within(&mut c, &PlanFeatures { campaigns: true, ..Default::default() }, None);
        assert!(c.finish().is_ok());
        let mut c = Check::default();
        check_features_within(&mut c, &PlanFeatures { agency: true, ..Default::default() }, None);
        check_limits_within(&mut c, &PlanLimits { max_client_workspaces: Some(1), ..Default::default() }, None);
        let Err(parley_domain::DomainError::Validation(f)) = c.finish() else { panic!("refused") };
        let fields: Vec<_> = f.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["features.agency", "limits.maxClientWorkspaces"]);
    }
}
