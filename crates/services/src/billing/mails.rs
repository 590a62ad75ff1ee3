//! The billing mails, written to the outbox like every other: payment failed, receipt, trial ending and
//! ended, plan changed, subscription cancelled, usage warnings.

use crate::mail::{Template, escape, layout};

/// Minor units as a price, e.g. 4900 usd -> "USD 49.00".
pub(crate) fn money(amount: i64, currency: &str) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    let a = amount.unsigned_abs();
    format!("{sign}{} {}.{:02}", currency.to_uppercase(), a / 100, a % 100)
}

fn billing_link(url: &str) -> String {
    format!("{url}/app/billing")
}

pub(crate) fn payment_failed(plan: &str, amount: &str, grace_days: i64, url: &str) -> Template {
    let link = billing_link(url);
    Template {
        subject: format!("Payment failed for your Parley {plan} plan"),
        text: format!(
            "We could not charge {amount} for your {plan} plan.\n\nUpdate your card at {link}. If the payment is not made within {grace_days} days, campaigns, automated flows and bulk actions pause until it is.\n\n— Parley"
        ),
        html: layout(
            "Your payment failed",
            &format!(
                "<p>We could not charge <b>{}</b> for your <b>{}</b> plan.</p><p>If the payment is not made within {grace_days} days, campaigns, automated flows and bulk actions pause until it is. Conversations keep working.</p>",
                escape(amount),
                escape(plan)
            ),
            Some(("Fix the payment", &link)),
        ),
    }
}

pub(crate) fn payment_succeeded(
    plan: &str,
    amount: &str,
    number: &str,
    invoice_url: Option<&str>,
    url: &str,
) -> Template {
    let link = invoice_url.map(str::to_owned).unwrap_or_else(|| billing_link(url));
    Template {
        subject: format!("Receipt {number}: {amount} for Parley {plan}"),
        text: format!(
            "Thank you: we received {amount} for your {plan} plan (invoice {number}).\n\nInvoice: {link}\n\n— Parley"
        ),
        html: layout(
            "Payment received",
            &format!(
                "<p>Thank you: we received <b>{}</b> for your <b>{}</b> plan (invoice {}).</p>",
                escape(amount),
                escape(plan),
                escape(number)
            ),
            Some(("View the invoice", &link)),
        ),
    }
}

pub(crate) fn trial_ending(plan: &str, days: i64, url: &str) -> Template {
    let link = billing_link(url);
    Template {
        subject: format!("Your Parley trial ends in {days} days"),
        text: format!(
            "Your trial of the {plan} plan ends in {days} days. Choose a plan and add a card to keep campaigns, flows and bulk actions running: {link}\n\n— Parley"
        ),
        html: layout(
            "Your trial ends soon",
            &format!(
                "<p>Your trial of the <b>{}</b> plan ends in {days} days.</p><p>Choose a plan and add a card to keep everything running.</p>",
                escape(plan)
            ),
            Some(("Choose a plan", &link)),
        ),
    }
}

pub(crate) fn trial_ended(plan: &str, url: &str) -> Template {
    let link = billing_link(url);
    Template {
        subject: "Your Parley trial has ended".into(),
        text: format!(
            "Your trial of the {plan} plan has ended without a payment method, so campaigns, automated flows and bulk actions are paused. Conversations keep working. Subscribe at {link}\n\n— Parley"
        ),
        html: layout(
            "Your trial has ended",
            &format!(
                "<p>Your trial of the <b>{}</b> plan has ended without a payment method, so campaigns, automated flows and bulk actions are paused. Conversations keep working.</p>",
                escape(plan)
            ),
            Some(("Subscribe", &link)),
        ),
    }
}

pub(crate) fn plan_changed(from: &str, to: &str, when: &str, url: &str) -> Template {
    let link = billing_link(url);
    Template {
        subject: format!("Your Parley plan changes to {to}"),
        text: format!("Your plan changes from {from} to {to} {when}.\n\nBilling: {link}\n\n— Parley"),
        html: layout(
            "Your plan changed",
            &format!(
                "<p>Your plan changes from <b>{}</b> to <b>{}</b> {}.</p>",
                escape(from),
                escape(to),
                escape(when)
            ),
            Some(("Open billing", &link)),
        ),
    }
}

pub(crate) fn subscription_cancelled(plan: &str, until: &str, url: &str) -> Template {
    let link = billing_link(url);
    Template {
        subject: "Your Parley subscription is cancelled".into(),
        text: format!(
            "Your {plan} subscription is cancelled {until}. You can resume it before then at {link}\n\n— Parley"
        ),
        html: layout(
            "Subscription cancelled",
            &format!(
                "<p>Your <b>{}</b> subscription is cancelled {}. You can resume it before then.</p>",
                escape(plan),
                escape(until)
            ),
            Some(("Open billing", &link)),
        ),
    }
}

pub(crate) fn usage_warning(plan: &str, what: &str, pct: i64, used: i64, limit: i64, url: &str) -> Template {
    let link = billing_link(url);
    let headline = if pct >= 100 {
        format!("You reached your limit of {what}")
    } else {
        format!("You used {pct}% of your {what}")
    };
    Template {
        subject: format!("Parley: {headline}"),
        text: format!("{headline}: {used} of {limit} on the {plan} plan. Upgrade for more: {link}\n\n— Parley"),
        html: layout(
            &headline,
            &format!("<p>{used} of {limit} on the <b>{}</b> plan.</p>", escape(plan)),
            Some(("See plans", &link)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_in_major_units() {
        assert_eq!(money(4900, "usd"), "USD 49.00");
        assert_eq!(money(5, "eur"), "EUR 0.05");
        assert_eq!(money(-1234, "usd"), "-USD 12.34");
    }

    #[test]
    fn user_text_is_escaped() {
        let t = plan_changed("<b>x</b>", "Pro", "now", "http://h");
        assert!(!t.html.contains("<b>x</b>") && t.html.contains("&lt;b&gt;x&lt;/b&gt;"));
    }
}
