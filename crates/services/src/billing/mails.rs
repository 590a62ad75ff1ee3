//! The billing mails' values (templates `payment_failed`, `payment_receipt`, `trial_ending`, `trial_ended`,
//! `plan_changed`, `subscription_cancelled`, `usage_warning`, `usage_limit_reached`, and for agencies' clients
//! `agency_pays`, `agency_pays_subscription_ends`, `agency_bills_you` in `mail::templates`), written to the owners
//! with the workspace's brand like every other mail.

use crate::mail::{MailOf, Val};

/// Minor units as a price, e.g. 4900 usd -> "USD 49.00".
pub(crate) fn money(amount: i64, currency: &str) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    let a = amount.unsigned_abs();
    format!("{sign}{} {}.{:02}", currency.to_uppercase(), a / 100, a % 100)
}

fn billing_link(url: &str) -> String {
    format!("{url}/app/billing")
}

pub(crate) fn payment_failed(plan: &str, amount: &str, grace_days: i64, url: &str) -> MailOf {
    MailOf::new("payment_failed", billing_link(url))
        .with("plan", plan)
        .with("amount", amount)
        .with("days", grace_days.to_string())
}

/// The receipt links to the gateway's hosted invoice when there is one.
pub(crate) fn payment_succeeded(
    plan: &str,
    amount: &str,
    number: &str,
    invoice_url: Option<&str>,
    url: &str,
) -> MailOf {
    let link = invoice_url.map(str::to_owned).unwrap_or_else(|| billing_link(url));
    MailOf::new("payment_receipt", link).with("plan", plan).with("amount", amount).with("number", number)
}

pub(crate) fn trial_ending(plan: &str, days: i64, url: &str) -> MailOf {
    MailOf::new("trial_ending", billing_link(url)).with("plan", plan).with("days", days.to_string())
}

pub(crate) fn trial_ended(plan: &str, url: &str) -> MailOf {
    MailOf::new("trial_ended", billing_link(url)).with("plan", plan)
}

/// `when` as billing words it in English ("now (during your trial)", "on 2025-02-01"), and in Arabic.
fn when_words(when: &str) -> Val {
    let ar = match when {
        "now" => "الآن".to_owned(),
        "now (during your trial)" => "الآن (أثناء تجربتك)".to_owned(),
        w => match w.strip_prefix("at the end of the period, on ") {
            Some(date) => format!("في نهاية الفترة، في {date}"),
            None => w.strip_prefix("on ").map_or_else(|| w.to_owned(), |date| format!("في {date}")),
        },
    };
    Val::Local(vec![("en", when.to_owned()), ("ar", ar)])
}

pub(crate) fn plan_changed(from: &str, to: &str, when: &str, url: &str) -> MailOf {
    MailOf::new("plan_changed", billing_link(url)).with("from", from).with("to", to).with("when", when_words(when))
}

pub(crate) fn subscription_cancelled(plan: &str, until: &str, url: &str) -> MailOf {
    MailOf::new("subscription_cancelled", billing_link(url)).with("plan", plan).with("until", when_words(until))
}

/// A meter's label (`Meter::label`), and in Arabic.
fn meter_words(what: &str) -> Val {
    let ar = match what {
        "contacts" => "جهات الاتصال",
        "team members" => "أعضاء الفريق",
        "WhatsApp numbers" => "أرقام واتساب",
        "chatbot flows" => "تدفقات روبوت المحادثة",
        "webhook endpoints" => "نقاط استقبال الـ webhook",
        "messages this month" => "رسائل هذا الشهر",
        "campaigns this month" => "حملات هذا الشهر",
        other => other,
    };
    Val::Local(vec![("en", what.to_owned()), ("ar", ar.to_owned())])
}

pub(crate) fn usage_warning(plan: &str, what: &str, pct: i64, used: i64, limit: i64, url: &str) -> MailOf {
    let key = if pct >= 100 { "usage_limit_reached" } else { "usage_warning" };
    MailOf::new(key, billing_link(url))
        .with("plan", plan)
        .with("what", meter_words(what))
        .with("percent", pct.to_string())
        .with("used", used.to_string())
        .with("limit", limit.to_string())
}

/// To a client's owners when its agency stops paying for it: a card-less trial of `days` to subscribe.
pub(crate) fn agency_bills_you(agency: &str, days: i64, url: &str) -> MailOf {
    MailOf::new("agency_bills_you", billing_link(url)).with("agency", agency).with("days", days.to_string())
}

/// To a client's owners when its agency takes over paying for it; `ends` is when its own subscription stops.
pub(crate) fn agency_pays(agency: &str, ends: Option<&str>, url: &str) -> MailOf {
    match ends {
        Some(date) => {
            MailOf::new("agency_pays_subscription_ends", billing_link(url)).with("agency", agency).with("date", date)
        }
        None => MailOf::new("agency_pays", billing_link(url)).with("agency", agency),
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
    fn billing_words_read_in_arabic_too() {
        let Val::Local(v) = when_words("at the end of the period, on 2025-02-01") else { panic!("per language") };
        assert_eq!(v[1], ("ar", "في نهاية الفترة، في 2025-02-01".to_owned()));
        assert_eq!(usage_warning("Pro", "contacts", 100, 10, 10, "http://h").key, "usage_limit_reached");
        assert_eq!(usage_warning("Pro", "contacts", 90, 9, 10, "http://h").key, "usage_warning");
        assert_eq!(
            payment_succeeded("Pro", "USD 1.00", "N1", Some("https://pay.test/i/1"), "http://h").link,
            "https://pay.test/i/1"
        );
    }
}
