//! From async-stripe's types to the gateway-neutral snapshots, and from `StripeError` to `GatewayError`.
//! The only place that knows where Stripe keeps what (period dates on the item, the invoice's subscription
//! under `parent` since API 2025-03-31).

use chrono::{DateTime, Utc};
use stripe::StripeError;
use stripe_shared::{Invoice, Subscription};

use crate::{GatewayError, InvoiceSnapshot, InvoiceStatus, PreviewLine, ProrationPreview, SubscriptionStatus};

/// connect/timeout/5xx/429 (and 409, Stripe's "another request holds the lock") are worth retrying; 404 is
/// a missing object; other 4xx are refusals carrying Stripe's message.
pub(crate) fn gateway_error(err: StripeError) -> GatewayError {
    match err {
        StripeError::Stripe(api, status) => {
            let message = api
                .message
                .clone()
                .or_else(|| api.code.as_ref().map(|c| c.as_str().to_owned()))
                .unwrap_or_else(|| format!("HTTP {status}"));
            match status {
                404 => GatewayError::NotFound(message),
                409 | 429 => GatewayError::Unavailable(message),
                400..=499 => GatewayError::Refused(message),
                _ => GatewayError::Unavailable(format!("HTTP {status}: {message}")),
            }
        }
        StripeError::ClientError(m) => GatewayError::Unavailable(m),
        StripeError::Timeout => GatewayError::Unavailable("timed out".into()),
        // An error body that is not Stripe's JSON comes from something in between (a proxy's 502 page), and
        // a success body we cannot read is a version mismatch: neither is the customer's fault.
        StripeError::JSONDeserialize(m) => GatewayError::Unavailable(format!("unreadable answer: {m}")),
        StripeError::ConfigError(m) => GatewayError::Refused(format!("client configuration: {m}")),
    }
}

pub(crate) fn unreadable(what: impl std::fmt::Display) -> GatewayError {
    GatewayError::Unavailable(format!("unreadable answer: {what}"))
}

pub(crate) fn time(ts: i64) -> Result<DateTime<Utc>, GatewayError> {
    DateTime::from_timestamp(ts, 0).ok_or_else(|| unreadable(format!("timestamp {ts}")))
}

pub(crate) fn subscription_status(s: &stripe_shared::SubscriptionStatus) -> Result<SubscriptionStatus, GatewayError> {
    use stripe_shared::SubscriptionStatus as S;
    Ok(match s {
        S::Active => SubscriptionStatus::Active,
        S::Canceled => SubscriptionStatus::Canceled,
        S::Incomplete => SubscriptionStatus::Incomplete,
        S::IncompleteExpired => SubscriptionStatus::IncompleteExpired,
        S::PastDue => SubscriptionStatus::PastDue,
        S::Paused => SubscriptionStatus::Paused,
        S::Trialing => SubscriptionStatus::Trialing,
        S::Unpaid => SubscriptionStatus::Unpaid,
        // Guessing a status would grant or revoke access wrongly; refuse to snapshot instead.
        other => return Err(unreadable(format!("subscription status {}", other.as_str()))),
    })
}

/// The parts of a subscription read straight from it; the schedule and payment method need more requests.
pub(crate) struct SubscriptionCore {
    pub id: String,
    pub customer_id: String,
    pub status: SubscriptionStatus,
    pub price_id: String,
    pub item_id: String,
    pub current_period_start: DateTime<Utc>,
    pub current_period_end: DateTime<Utc>,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<DateTime<Utc>>,
    pub trial_end: Option<DateTime<Utc>>,
    pub schedule_id: Option<String>,
    pub has_own_payment_method: bool,
    pub created: DateTime<Utc>,
}

pub(crate) fn subscription_core(sub: &Subscription) -> Result<SubscriptionCore, GatewayError> {
    // Parley subscriptions have exactly one item; since API 2025-03-31 the billing period lives on it.
    let item = sub.items.data.first().ok_or_else(|| unreadable(format!("subscription {} has no item", sub.id)))?;
    Ok(SubscriptionCore {
        id: sub.id.as_str().to_owned(),
        customer_id: sub.customer.id().as_str().to_owned(),
        status: subscription_status(&sub.status)?,
        price_id: item.price.id.as_str().to_owned(),
        item_id: item.id.as_str().to_owned(),
        current_period_start: time(item.current_period_start)?,
        current_period_end: time(item.current_period_end)?,
        cancel_at_period_end: sub.cancel_at_period_end,
        canceled_at: sub.canceled_at.map(time).transpose()?,
        trial_end: sub.trial_end.map(time).transpose()?,
        schedule_id: sub.schedule.as_ref().map(|s| s.id().as_str().to_owned()),
        has_own_payment_method: sub.default_payment_method.is_some() || sub.default_source.is_some(),
        created: time(sub.created)?,
    })
}

pub(crate) fn invoice_status(s: &stripe_shared::InvoiceStatus) -> Result<InvoiceStatus, GatewayError> {
    use stripe_shared::InvoiceStatus as S;
    Ok(match s {
        S::Draft => InvoiceStatus::Draft,
        S::Open => InvoiceStatus::Open,
        S::Paid => InvoiceStatus::Paid,
        S::Uncollectible => InvoiceStatus::Uncollectible,
        S::Void => InvoiceStatus::Void,
        other => return Err(unreadable(format!("invoice status {}", other.as_str()))),
    })
}

pub(crate) fn invoice_subscription_id(inv: &Invoice) -> Option<String> {
    inv.parent
        .as_ref()
        .and_then(|p| p.subscription_details.as_ref())
        .map(|d| d.subscription.id().as_str().to_owned())
        .or_else(|| inv.subscription.as_ref().map(|s| s.id().as_str().to_owned()))
}

pub(crate) fn invoice(inv: &Invoice) -> Result<InvoiceSnapshot, GatewayError> {
    let id = inv.id.as_ref().ok_or_else(|| unreadable("invoice without id"))?.as_str().to_owned();
    let status =
        invoice_status(inv.status.as_ref().ok_or_else(|| unreadable(format!("invoice {id} without status")))?)?;
    // The invoice's own period_start/end describe the usage window before it (equal to `created` on a
    // subscription's first invoice); what a customer reads as "the period billed" is its lines' period.
    let (period_start, period_end) = if inv.lines.data.is_empty() {
        (inv.period_start, inv.period_end)
    } else {
        let start = inv.lines.data.iter().map(|l| l.period.start).min().unwrap_or(inv.period_start);
        let end = inv.lines.data.iter().map(|l| l.period.end).max().unwrap_or(inv.period_end);
        (start, end)
    };
    Ok(InvoiceSnapshot {
        customer_id: inv
            .customer
            .as_ref()
            .ok_or_else(|| unreadable(format!("invoice {id} without customer")))?
            .id()
            .as_str()
            .to_owned(),
        subscription_id: invoice_subscription_id(inv),
        number: inv.number.clone(),
        status,
        currency: inv.currency.to_string(),
        total: inv.total,
        amount_due: inv.amount_due,
        amount_paid: inv.amount_paid,
        created: time(inv.created)?,
        period_start: Some(time(period_start)?),
        period_end: Some(time(period_end)?),
        hosted_invoice_url: inv.hosted_invoice_url.clone(),
        invoice_pdf: inv.invoice_pdf.clone(),
        attempt_count: i64::try_from(inv.attempt_count).unwrap_or(i64::MAX),
        next_payment_attempt: inv.next_payment_attempt.map(time).transpose()?,
        id,
    })
}

pub(crate) fn preview(inv: &Invoice) -> ProrationPreview {
    ProrationPreview {
        currency: inv.currency.to_string(),
        // Stripe never makes amount_due negative: a downgrade's credit shows as a negative total (it goes to the
        // customer's balance), which is what "may be negative" means to the caller.
        amount_due: if inv.total < 0 { inv.total } else { inv.amount_due },
        lines: inv
            .lines
            .data
            .iter()
            .map(|l| PreviewLine { description: l.description.clone().unwrap_or_default(), amount: l.amount })
            .collect(),
    }
}
