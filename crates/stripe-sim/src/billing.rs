//! Subscription lifecycle rules: Checkout completion, invoices and charges with the test cards, failed-payment
//! retries, proration, plan changes, cancellation, schedules, card updates from the Portal, and the test clock
//! that drives trial ends, renewals and retries in time order.
//!
//! Simplifications (documented in docs/billing.md): one item per subscription; invoices are finalized and charged
//! as soon as they are made (Stripe waits about an hour); a trial makes no $0 invoice; after the last retry
//! (+3, +5, +7 days after the first failure) the subscription is `unpaid` and stops renewing; a paused or unpaid
//! subscription makes no invoices until a card is added in the Portal.

use crate::TrialEndBehavior;
use crate::api::ApiError;
use crate::ids;
use crate::state::{
    BillingReason, CardBehavior, CheckoutSession, Customer, DAY, EndBehavior, Interval, Invoice, InvoiceStatus, Line,
    PaymentMethod, Phase, ScheduleStatus, SessionStatus, State, SubStatus, Subscription, Ts,
};
use chrono::{DateTime, Months};

/// Retries after a failed charge, counted from the first failure.
pub(crate) const RETRY_DAYS: [i64; 3] = [3, 5, 7];
/// `invoice.upcoming` and `customer.subscription.trial_will_end` go out this long before.
const NOTICE: Ts = 3 * DAY;
/// A Checkout Session's life.
const CHECKOUT_TTL: Ts = DAY;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Proration {
    AlwaysInvoice,
    CreateProrations,
    None,
}

impl Proration {
    pub fn parse(s: Option<&str>) -> Result<Self, ApiError> {
        match s {
            None | Some("create_prorations") => Ok(Self::CreateProrations),
            Some("always_invoice") => Ok(Self::AlwaysInvoice),
            Some("none") => Ok(Self::None),
            Some(other) => Err(ApiError::invalid(
                format!(
                    "Invalid proration_behavior: must be one of always_invoice, create_prorations, or none (got {other})"
                ),
                "proration_behavior",
            )),
        }
    }
}

/// What a clock advance has to do next.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Due {
    TrialWillEnd(String),
    Upcoming(String),
    Expire(String),
    TrialEnd(String),
    PeriodEnd(String),
    Retry(String),
}

/// `amount * part / whole`, rounded to the nearest minor unit (half away from zero), as Stripe prorates.
pub(crate) fn prorate(amount: i64, part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    let num = i128::from(amount) * i128::from(part.clamp(0, whole));
    let den = i128::from(whole);
    let rounded = if num >= 0 { (2 * num + den) / (2 * den) } else { -((-2 * num + den) / (2 * den)) };
    i64::try_from(rounded).unwrap_or(0)
}

pub(crate) fn add_interval(from: Ts, interval: Interval, count: u32) -> Ts {
    let Some(start) = DateTime::from_timestamp(from, 0) else { return from };
    let next = match interval {
        Interval::Day => start.checked_add_signed(chrono::Duration::days(i64::from(count))),
        Interval::Week => start.checked_add_signed(chrono::Duration::weeks(i64::from(count))),
        Interval::Month => start.checked_add_months(Months::new(count)),
        Interval::Year => start.checked_add_months(Months::new(count.saturating_mul(12))),
    };
    next.map_or(from, |d| d.timestamp())
}

pub(crate) fn date(ts: Ts) -> String {
    DateTime::from_timestamp(ts, 0).map(|d| d.format("%d %b %Y").to_string()).unwrap_or_default()
}

/// Why the hosted Checkout page could not complete.
pub(crate) enum CheckoutRefusal {
    /// The page shows the form again with this message (declined card, bad number).
    Retry(String),
    /// The session cannot be paid any more (expired, completed, the customer already subscribed).
    Closed(String),
}

impl State {
    fn period_end_for(&self, price_id: &str, from: Ts) -> Ts {
        self.price(price_id).map_or(from + 30 * DAY, |p| add_interval(from, p.interval, p.interval_count))
    }

    fn product_name(&self, price_id: &str) -> String {
        self.price(price_id)
            .and_then(|p| self.product(&p.product))
            .map_or_else(|| price_id.to_owned(), |p| p.name.clone())
    }

    fn period_line(&self, sub: &Subscription, price_id: &str, start: Ts, end: Ts) -> Line {
        let amount = self.price(price_id).map_or(0, |p| p.unit_amount) * i64::try_from(sub.quantity).unwrap_or(1);
        Line {
            id: ids::new("il"),
            description: format!("{} × {} (at {})", sub.quantity, self.product_name(price_id), self.money(price_id)),
            amount,
            price: price_id.to_owned(),
            quantity: sub.quantity,
            period_start: start,
            period_end: end,
            proration: false,
            sub_item: Some(sub.item_id.clone()),
        }
    }

    /// "$49.00 / month"
    pub fn money(&self, price_id: &str) -> String {
        match self.price(price_id) {
            Some(p) => {
                let every = if p.interval_count == 1 {
                    p.interval.as_str().to_owned()
                } else {
                    format!("{} {}s", p.interval_count, p.interval.as_str())
                };
                format!("{} / {every}", format_amount(p.unit_amount, &p.currency))
            }
            None => price_id.to_owned(),
        }
    }

    /// The credit for the unused time on the current price and the charge for the rest of the period on the new
    /// one, from `at` to the period end, prorated by the second.
    pub fn proration_lines(&self, sub: &Subscription, new_price: &str, at: Ts) -> Vec<Line> {
        let whole = sub.period_end - sub.period_start;
        let left = (sub.period_end - at).clamp(0, whole);
        let q = i64::try_from(sub.quantity).unwrap_or(1);
        let old_amount = self.price(&sub.price).map_or(0, |p| p.unit_amount) * q;
        let new_amount = self.price(new_price).map_or(0, |p| p.unit_amount) * q;
        let line = |description: String, amount: i64, price: &str| Line {
            id: ids::new("il"),
            description,
            amount,
            price: price.to_owned(),
            quantity: sub.quantity,
            period_start: at,
            period_end: sub.period_end,
            proration: true,
            sub_item: Some(sub.item_id.clone()),
        };
        vec![
            line(
                format!("Unused time on {} after {}", self.product_name(&sub.price), date(at)),
                -prorate(old_amount, left, whole),
                &sub.price,
            ),
            line(
                format!("Remaining time on {} after {}", self.product_name(new_price), date(at)),
                prorate(new_amount, left, whole),
                new_price,
            ),
        ]
    }

    fn next_invoice_number(&mut self) -> String {
        self.invoice_seq += 1;
        format!("PRLY-{:04}", self.invoice_seq)
    }

    /// A draft invoice for the subscription, made its latest invoice; nothing is announced yet.
    fn draft_invoice(&mut self, sub_id: &str, reason: BillingReason, lines: Vec<Line>, period: (Ts, Ts)) -> String {
        let id = ids::new("in");
        let (customer, currency) = match self.sub(sub_id) {
            Some(s) => {
                (s.customer.clone(), self.price(&s.price).map_or_else(|| "usd".to_owned(), |p| p.currency.clone()))
            }
            None => (String::new(), "usd".to_owned()),
        };
        self.invoices.push(Invoice {
            id: Some(id.clone()),
            number: None,
            customer,
            subscription: Some(sub_id.to_owned()),
            status: InvoiceStatus::Draft,
            currency,
            lines,
            created: self.now,
            period_start: period.0,
            period_end: period.1,
            billing_reason: reason,
            attempt_count: 0,
            next_payment_attempt: None,
            first_failure: None,
            finalized_at: None,
            paid_at: None,
            voided_at: None,
            amount_paid: 0,
            proration_date: None,
        });
        if let Some(s) = self.sub_mut(sub_id) {
            s.latest_invoice = Some(id.clone());
        }
        id
    }

    /// `invoice.created` (draft), then finalization with a number (`invoice.finalized`).
    fn open_invoice(&mut self, id: &str) {
        self.emit_invoice("invoice.created", id);
        let number = self.next_invoice_number();
        let now = self.now;
        if let Some(inv) = self.invoice_mut(id) {
            inv.number = Some(number);
            inv.status = InvoiceStatus::Open;
            inv.finalized_at = Some(now);
        }
        self.emit_invoice("invoice.finalized", id);
    }

    /// One payment attempt on an open invoice with the subscription's card. `at_checkout` is the first payment
    /// on the Checkout page; `scheduled` attempts move the retry schedule (a Portal retry does not).
    pub fn charge_invoice(&mut self, id: &str, at_checkout: bool, scheduled: bool) -> bool {
        let Some(inv) = self.invoice(id) else { return false };
        if inv.status != InvoiceStatus::Open {
            return inv.status == InvoiceStatus::Paid;
        }
        let amount = inv.amount_due();
        let sub_id = inv.subscription.clone();
        let card = sub_id.as_deref().and_then(|s| self.sub(s)).and_then(|s| self.charge_card(s)).map(|pm| pm.behavior);
        let paid = amount == 0
            || match card {
                Some(CardBehavior::Succeeds) => true,
                Some(CardBehavior::RenewalsFail) => at_checkout,
                Some(CardBehavior::Declined) | None => false,
            };
        let now = self.now;
        let Some(inv) = self.invoice_mut(id) else { return false };
        if amount > 0 {
            inv.attempt_count += 1;
        }
        if paid {
            inv.status = InvoiceStatus::Paid;
            inv.amount_paid = amount;
            inv.paid_at = Some(now);
            inv.next_payment_attempt = None;
            self.emit_invoice("invoice.paid", id);
            self.emit_invoice("invoice.payment_succeeded", id);
            if let Some(sub_id) = sub_id {
                self.reactivate_if_settled(&sub_id);
            }
            return true;
        }
        let mut exhausted = false;
        if scheduled {
            let first = *inv.first_failure.get_or_insert(now);
            let failures = usize::try_from(inv.attempt_count).unwrap_or(usize::MAX);
            inv.next_payment_attempt = RETRY_DAYS.get(failures.saturating_sub(1)).map(|d| first + d * DAY);
            exhausted = inv.next_payment_attempt.is_none();
        }
        self.emit_invoice("invoice.payment_failed", id);
        if let Some(sub_id) = sub_id {
            let before = self.sub_json(&sub_id);
            if let Some(s) = self.sub_mut(&sub_id) {
                match s.status {
                    SubStatus::Active | SubStatus::Trialing | SubStatus::PastDue if exhausted => {
                        s.status = SubStatus::Unpaid
                    }
                    SubStatus::Active | SubStatus::Trialing => s.status = SubStatus::PastDue,
                    _ => {}
                }
            }
            self.emit_sub_updated(&sub_id, &before);
        }
        false
    }

    /// A past-due or unpaid subscription whose invoices are all paid is active again.
    fn reactivate_if_settled(&mut self, sub_id: &str) {
        let open =
            self.invoices.iter().any(|i| i.subscription.as_deref() == Some(sub_id) && i.status == InvoiceStatus::Open);
        let Some(s) = self.sub(sub_id) else { return };
        if open || !matches!(s.status, SubStatus::PastDue | SubStatus::Unpaid) {
            return;
        }
        let before = self.sub_json(sub_id);
        if let Some(s) = self.sub_mut(sub_id) {
            s.status = SubStatus::Active;
        }
        self.emit_sub_updated(sub_id, &before);
    }

    /// Opens and charges an invoice made by `draft_invoice`.
    fn bill(&mut self, id: &str, at_checkout: bool) -> bool {
        self.open_invoice(id);
        self.charge_invoice(id, at_checkout, true)
    }

    pub fn attach_card(&mut self, customer: &str, number: &str) -> Result<String, String> {
        let Some((behavior, last4)) = CardBehavior::of(number) else {
            return Err("Your card number is incorrect. Use one of the test cards.".into());
        };
        if behavior == CardBehavior::Declined {
            return Err("Your card was declined.".into());
        }
        let brand = if number.trim_start().starts_with('5') { "mastercard" } else { "visa" };
        let id = ids::new("pm");
        self.payment_methods.push(PaymentMethod {
            id: id.clone(),
            created: self.now,
            customer: Some(customer.to_owned()),
            behavior,
            last4,
            brand: brand.into(),
        });
        let object = self.payment_method(&id).map(|pm| crate::objects::to_json(&crate::objects::payment_method(pm)));
        self.emit("payment_method.attached", object.unwrap_or_default(), None);
        Ok(id)
    }

    pub fn new_checkout(&mut self, mut cs: CheckoutSession) -> String {
        cs.id = format!("cs_test_{}", &ids::new("x")[2..]);
        cs.created = self.now;
        cs.expires_at = self.now + CHECKOUT_TTL;
        let id = cs.id.clone();
        self.checkout_sessions.push(cs);
        id
    }

    /// The customer's subscription that Checkout's one-subscription rule counts, if any.
    pub fn live_subscription(&self, customer: &str) -> Option<&Subscription> {
        self.subscriptions.iter().find(|s| s.customer == customer && s.status.is_live())
    }

    /// Pays a Checkout Session from the hosted page: `card` None starts a trial without a card where allowed.
    /// Returns the success URL to redirect to.
    pub fn complete_checkout(&mut self, id: &str, card: Option<&str>) -> Result<String, CheckoutRefusal> {
        let Some(cs) = self.checkout(id) else { return Err(CheckoutRefusal::Closed("No such session.".into())) };
        match cs.status {
            SessionStatus::Complete => {
                return Err(CheckoutRefusal::Closed("This checkout is already complete.".into()));
            }
            SessionStatus::Expired => return Err(CheckoutRefusal::Closed("This checkout session has expired.".into())),
            SessionStatus::Open => {}
        }
        let trialing = cs.trial_end.is_some_and(|t| t > self.now);
        if card.is_none() && !(trialing && cs.card_optional) {
            return Err(CheckoutRefusal::Retry("Enter a card number.".into()));
        }
        if let Some(number) = card {
            match CardBehavior::of(number) {
                None => return Err(CheckoutRefusal::Retry("Your card number is incorrect.".into())),
                Some((CardBehavior::Declined, _)) => {
                    return Err(CheckoutRefusal::Retry("Your card was declined.".into()));
                }
                Some(_) => {}
            }
        }
        let (price, quantity, trial_end, sub_metadata, missing_pm) =
            (cs.price.clone(), cs.quantity, cs.trial_end, cs.sub_metadata.clone(), cs.missing_pm);
        let customer = match cs.customer.clone() {
            Some(c) => c,
            None => {
                let customer = Customer {
                    id: ids::new("cus"),
                    created: self.now,
                    name: None,
                    email: cs.customer_email.clone(),
                    metadata: Default::default(),
                    default_pm: None,
                };
                let object = crate::objects::to_json(&crate::objects::customer(&customer));
                let c = customer.id.clone();
                self.customers.push(customer);
                self.emit("customer.created", object, None);
                c
            }
        };
        if let Some(s) = self.live_subscription(&customer) {
            return Err(CheckoutRefusal::Closed(format!(
                "This customer already has a subscription ({}); manage it in the billing portal.",
                s.id
            )));
        }
        let pm = match card {
            Some(number) => Some(self.attach_card(&customer, number).map_err(CheckoutRefusal::Retry)?),
            None => None,
        };
        let sub_id = ids::new("sub");
        let now = self.now;
        let period_end = if trialing { trial_end.unwrap_or(now) } else { self.period_end_for(&price, now) };
        let missing_pm = missing_pm.unwrap_or(self.cfg.trial_end_behavior);
        self.subscriptions.push(Subscription {
            id: sub_id.clone(),
            customer: customer.clone(),
            created: now,
            status: if trialing { SubStatus::Trialing } else { SubStatus::Active },
            item_id: ids::new("si"),
            item_created: now,
            price: price.clone(),
            quantity,
            period_start: now,
            period_end,
            cancel_at_period_end: false,
            canceled_at: None,
            ended_at: None,
            cancellation_reason: None,
            trial_start: trialing.then_some(now),
            trial_end: if trialing { trial_end } else { None },
            missing_pm,
            latest_invoice: None,
            schedule: None,
            metadata: sub_metadata,
            default_pm: pm,
            pending_lines: Vec::new(),
            upcoming_sent_for: None,
            trial_will_end_sent: false,
        });
        let invoice = if trialing {
            None
        } else {
            let line = self.sub(&sub_id).map(|s| self.period_line(s, &price, now, period_end));
            Some(self.draft_invoice(&sub_id, BillingReason::SubscriptionCreate, line.into_iter().collect(), (now, now)))
        };
        self.emit_sub("customer.subscription.created", &sub_id);
        if let Some(inv) = &invoice {
            self.bill(inv, true);
        }
        if trialing && period_end - NOTICE <= now {
            self.trial_will_end(&sub_id);
        }
        if let Some(cs) = self.checkout_mut(id) {
            cs.status = SessionStatus::Complete;
            cs.customer = Some(customer);
            cs.subscription = Some(sub_id);
            cs.invoice = invoice;
        }
        let Some(cs) = self.checkout(id) else { return Err(CheckoutRefusal::Closed("No such session.".into())) };
        let object = crate::objects::to_json(&crate::objects::checkout_session(self, cs, &[]));
        let success = cs.success_url.replace("{CHECKOUT_SESSION_ID}", id);
        self.emit("checkout.session.completed", object, None);
        Ok(success)
    }

    fn trial_will_end(&mut self, sub_id: &str) {
        if let Some(s) = self.sub_mut(sub_id) {
            s.trial_will_end_sent = true;
        }
        self.emit_sub("customer.subscription.trial_will_end", sub_id);
    }

    /// Ends a trial now (at the trial end, or early with `trial_end=now`): charge, or apply the
    /// missing-payment-method behaviour.
    pub fn end_trial(&mut self, sub_id: &str) {
        let Some(s) = self.sub(sub_id) else { return };
        if s.status != SubStatus::Trialing {
            return;
        }
        if s.cancel_at_period_end {
            self.cancel_now(sub_id, "cancellation_requested");
            return;
        }
        let has_card = self.charge_card(s).is_some();
        let behavior = s.missing_pm;
        let price = s.price.clone();
        let now = self.now;
        let before = self.sub_json(sub_id);
        if !has_card && behavior != TrialEndBehavior::CreateInvoice {
            if behavior == TrialEndBehavior::Cancel {
                self.cancel_now(sub_id, "cancellation_requested");
                return;
            }
            if let Some(s) = self.sub_mut(sub_id) {
                s.status = SubStatus::Paused;
                s.trial_end = Some(now);
            }
            self.emit_sub_updated(sub_id, &before);
            self.emit_sub("customer.subscription.paused", sub_id);
            return;
        }
        let end = self.period_end_for(&price, now);
        if let Some(s) = self.sub_mut(sub_id) {
            s.status = SubStatus::Active;
            s.trial_end = Some(now);
            s.period_start = now;
            s.period_end = end;
        }
        let lines = self.take_renewal_lines(sub_id, &price, now, end);
        let inv = self.draft_invoice(sub_id, BillingReason::SubscriptionCycle, lines, (now, now));
        self.emit_sub_updated(sub_id, &before);
        self.bill(&inv, false);
    }

    fn take_renewal_lines(&mut self, sub_id: &str, price: &str, start: Ts, end: Ts) -> Vec<Line> {
        let Some(s) = self.sub_mut(sub_id) else { return Vec::new() };
        let mut lines = std::mem::take(&mut s.pending_lines);
        if let Some(s) = self.sub(sub_id) {
            lines.push(self.period_line(s, price, start, end));
        }
        lines
    }

    /// The end of the current period: cancellation, a scheduled change, or the next period and its invoice.
    fn period_end(&mut self, sub_id: &str) {
        let Some(s) = self.sub(sub_id) else { return };
        let at = s.period_end;
        let before = self.sub_json(sub_id);
        if s.cancel_at_period_end {
            self.cancel_now(sub_id, "cancellation_requested");
            return;
        }
        if !self.apply_schedule(sub_id, at) {
            return;
        }
        let Some(s) = self.sub(sub_id) else { return };
        let price = s.price.clone();
        let end = self.period_end_for(&price, at);
        if let Some(s) = self.sub_mut(sub_id) {
            s.period_start = at;
            s.period_end = end;
        }
        let lines = self.take_renewal_lines(sub_id, &price, at, end);
        let inv = self.draft_invoice(sub_id, BillingReason::SubscriptionCycle, lines, (at, at));
        self.emit_sub_updated(sub_id, &before);
        self.bill(&inv, false);
    }

    /// Moves a scheduled subscription into the phase that starts at `at`, and ends the schedule after its last
    /// phase. Returns false when the schedule canceled the subscription.
    fn apply_schedule(&mut self, sub_id: &str, at: Ts) -> bool {
        let Some(sched_id) = self.sub(sub_id).and_then(|s| s.schedule.clone()) else { return true };
        let Some(sched) = self.schedule(&sched_id) else { return true };
        if sched.status != ScheduleStatus::Active {
            return true;
        }
        let last_end = sched.phases.last().map_or(at, |p| p.end);
        let behavior = sched.end_behavior;
        if let Some(phase) = sched.phases.iter().find(|p| p.start <= at && at < p.end).cloned()
            && let Some(s) = self.sub_mut(sub_id)
        {
            s.price = phase.price;
            s.quantity = phase.quantity;
        }
        if at >= last_end {
            match behavior {
                EndBehavior::Release => self.release_schedule(&sched_id),
                EndBehavior::Cancel => {
                    self.cancel_now(sub_id, "cancellation_requested");
                    return false;
                }
            }
        }
        true
    }

    pub fn release_schedule(&mut self, sched_id: &str) {
        let now = self.now;
        let Some(sched) = self.schedule_mut(sched_id) else { return };
        if sched.status != ScheduleStatus::Active {
            return;
        }
        sched.status = ScheduleStatus::Released;
        sched.released_at = Some(now);
        sched.released_subscription = sched.subscription.clone();
        let sub_id = sched.subscription.clone();
        self.emit_schedule("subscription_schedule.released", sched_id);
        if let Some(sub_id) = sub_id {
            let before = self.sub_json(&sub_id);
            if let Some(s) = self.sub_mut(&sub_id) {
                s.schedule = None;
            }
            self.emit_sub_updated(&sub_id, &before);
        }
    }

    /// Cancels at once (`DELETE`, the end of a period with `cancel_at_period_end`, a trial without a card).
    pub fn cancel_now(&mut self, sub_id: &str, reason: &'static str) {
        let now = self.now;
        let Some(s) = self.sub_mut(sub_id) else { return };
        if s.status == SubStatus::Canceled {
            return;
        }
        s.status = SubStatus::Canceled;
        s.canceled_at = Some(s.canceled_at.unwrap_or(now));
        s.ended_at = Some(now);
        s.cancellation_reason = Some(reason);
        let sched = s.schedule.take();
        if let Some(sched_id) = sched
            && let Some(sch) = self.schedule_mut(&sched_id)
            && sch.status == ScheduleStatus::Active
        {
            sch.status = ScheduleStatus::Canceled;
            sch.canceled_at = Some(now);
            self.emit_schedule("subscription_schedule.canceled", &sched_id);
        }
        self.emit_sub("customer.subscription.deleted", sub_id);
    }

    pub fn set_cancel_at_period_end(&mut self, sub_id: &str, cancel: bool) {
        let now = self.now;
        let before = self.sub_json(sub_id);
        if let Some(s) = self.sub_mut(sub_id) {
            s.cancel_at_period_end = cancel;
            s.canceled_at = cancel.then_some(now);
            s.cancellation_reason = cancel.then_some("cancellation_requested");
        }
        self.emit_sub_updated(sub_id, &before);
    }

    /// A new price for the subscription's item. A different billing interval restarts the period now and bills
    /// at once (as Stripe does); otherwise `proration` decides what happens to the prorated difference.
    pub fn change_price(
        &mut self,
        sub_id: &str,
        new_price: &str,
        quantity: Option<u64>,
        proration: Proration,
        proration_date: Option<Ts>,
    ) {
        let Some(s) = self.sub(sub_id) else { return };
        let at = proration_date.unwrap_or(self.now);
        let same_cycle = match (self.price(&s.price), self.price(new_price)) {
            (Some(a), Some(b)) => a.interval == b.interval && a.interval_count == b.interval_count,
            _ => true,
        };
        let trialing = s.status == SubStatus::Trialing;
        let mut lines = if trialing || (proration == Proration::None && same_cycle) {
            Vec::new()
        } else {
            self.proration_lines(s, new_price, at)
        };
        let before = self.sub_json(sub_id);
        let now = self.now;
        let new_end = self.period_end_for(new_price, now);
        if let Some(s) = self.sub_mut(sub_id) {
            s.price = new_price.to_owned();
            if let Some(q) = quantity {
                s.quantity = q;
            }
            if !same_cycle && !trialing {
                s.period_start = now;
                s.period_end = new_end;
            }
        }
        if !same_cycle && !trialing {
            // The old price's credit only: the new cycle is billed whole from now.
            lines.truncate(1);
            let fresh = self.sub(sub_id).map(|s| self.period_line(s, new_price, now, new_end));
            lines.extend(fresh);
            let inv = self.draft_invoice(sub_id, BillingReason::SubscriptionUpdate, lines, (now, now));
            self.emit_sub_updated(sub_id, &before);
            self.bill(&inv, false);
            return;
        }
        match proration {
            Proration::AlwaysInvoice if !lines.is_empty() => {
                let inv = self.draft_invoice(sub_id, BillingReason::SubscriptionUpdate, lines, (at, at));
                if let Some(i) = self.invoice_mut(&inv) {
                    i.proration_date = Some(at);
                }
                self.emit_sub_updated(sub_id, &before);
                self.bill(&inv, false);
            }
            Proration::CreateProrations => {
                if let Some(s) = self.sub_mut(sub_id) {
                    s.pending_lines.extend(lines);
                }
                self.emit_sub_updated(sub_id, &before);
            }
            _ => self.emit_sub_updated(sub_id, &before),
        }
    }

    /// The invoice a change would make (`new_price`), or the next renewal's (None), without changing anything.
    pub fn preview(&self, sub: &Subscription, new_price: Option<&str>, proration: Proration, at: Ts) -> Invoice {
        let mut lines = Vec::new();
        let (start, end) = match new_price {
            Some(p) if proration == Proration::AlwaysInvoice => {
                if sub.status != SubStatus::Trialing {
                    lines = self.proration_lines(sub, p, at);
                }
                (at, at)
            }
            _ => {
                lines.extend(sub.pending_lines.iter().cloned());
                if let Some(p) = new_price
                    && proration == Proration::CreateProrations
                    && sub.status != SubStatus::Trialing
                {
                    lines.extend(self.proration_lines(sub, p, at));
                }
                let price = new_price.unwrap_or(&sub.price);
                let next_end = self.period_end_for(price, sub.period_end);
                lines.push(self.period_line(sub, price, sub.period_end, next_end));
                (sub.period_end, sub.period_end)
            }
        };
        Invoice {
            id: None,
            number: None,
            customer: sub.customer.clone(),
            subscription: Some(sub.id.clone()),
            status: InvoiceStatus::Draft,
            currency: self.price(&sub.price).map_or_else(|| "usd".to_owned(), |p| p.currency.clone()),
            lines,
            created: self.now,
            period_start: start,
            period_end: end,
            billing_reason: BillingReason::Upcoming,
            attempt_count: 0,
            next_payment_attempt: Some(if new_price.is_some() && proration == Proration::AlwaysInvoice {
                at
            } else {
                sub.period_end
            }),
            first_failure: None,
            finalized_at: None,
            paid_at: None,
            voided_at: None,
            amount_paid: 0,
            proration_date: new_price.map(|_| at),
        }
    }

    fn upcoming(&mut self, sub_id: &str) {
        let Some(s) = self.sub(sub_id) else { return };
        let preview = self.preview(s, None, Proration::CreateProrations, self.now);
        let period_end = s.period_end;
        let object = crate::objects::to_json(&crate::objects::invoice(self, &preview, &[]));
        if let Some(s) = self.sub_mut(sub_id) {
            s.upcoming_sent_for = Some(period_end);
        }
        self.emit("invoice.upcoming", object, None);
    }

    /// A card entered in the Portal: it becomes the default, a paused subscription resumes (and bills), and every
    /// open invoice is retried at once.
    pub fn portal_card(&mut self, customer: &str, number: &str) -> Result<(), String> {
        let pm = self.attach_card(customer, number)?;
        if let Some(c) = self.customer_mut(customer) {
            c.default_pm = Some(pm.clone());
        }
        let subs: Vec<String> = self
            .subscriptions
            .iter()
            .filter(|s| s.customer == customer && s.status.is_live())
            .map(|s| s.id.clone())
            .collect();
        for sub_id in &subs {
            let before = self.sub_json(sub_id);
            let paused = self.sub(sub_id).is_some_and(|s| s.status == SubStatus::Paused);
            if let Some(s) = self.sub_mut(sub_id) {
                s.default_pm = Some(pm.clone());
            }
            if paused {
                self.resume_paused(sub_id, &before);
            } else {
                self.emit_sub_updated(sub_id, &before);
            }
        }
        let open: Vec<String> = self
            .invoices
            .iter()
            .filter(|i| i.customer == customer && i.status == InvoiceStatus::Open)
            .filter_map(|i| i.id.clone())
            .collect();
        for id in open {
            self.charge_invoice(&id, false, false);
        }
        Ok(())
    }

    /// A paused subscription (trial ended without a card) starts a new period now and bills it.
    fn resume_paused(&mut self, sub_id: &str, before: &serde_json::Value) {
        let now = self.now;
        let Some(price) = self.sub(sub_id).map(|s| s.price.clone()) else { return };
        let end = self.period_end_for(&price, now);
        if let Some(s) = self.sub_mut(sub_id) {
            s.status = SubStatus::Active;
            s.period_start = now;
            s.period_end = end;
        }
        let lines = self.take_renewal_lines(sub_id, &price, now, end);
        let inv = self.draft_invoice(sub_id, BillingReason::SubscriptionCycle, lines, (now, now));
        self.emit_sub_updated(sub_id, before);
        self.emit_sub("customer.subscription.resumed", sub_id);
        self.bill(&inv, false);
    }

    pub fn new_schedule_phases(&self, sub: &Subscription) -> Vec<Phase> {
        vec![Phase { price: sub.price.clone(), quantity: sub.quantity, start: sub.period_start, end: sub.period_end }]
    }

    /// The end of a phase given `end_date` or `iterations` (default one billing period of its price).
    pub fn phase_end(&self, price: &str, start: Ts, end_date: Option<Ts>, iterations: Option<i64>) -> Ts {
        end_date.unwrap_or_else(|| {
            let mut end = start;
            for _ in 0..iterations.unwrap_or(1).clamp(1, 120) {
                end = self.period_end_for(price, end);
            }
            end
        })
    }

    fn next_due(&self, until: Ts) -> Option<(Ts, Due)> {
        let mut due: Vec<(Ts, Due)> = Vec::new();
        for s in &self.subscriptions {
            match s.status {
                SubStatus::Trialing => {
                    let end = s.trial_end.unwrap_or(s.period_end);
                    if !s.trial_will_end_sent && end - NOTICE <= until {
                        due.push(((end - NOTICE).max(self.now), Due::TrialWillEnd(s.id.clone())));
                    }
                    due.push((end, Due::TrialEnd(s.id.clone())));
                }
                SubStatus::Active | SubStatus::PastDue => {
                    if !s.cancel_at_period_end
                        && s.upcoming_sent_for != Some(s.period_end)
                        && s.period_end - s.period_start > NOTICE
                    {
                        due.push(((s.period_end - NOTICE).max(self.now), Due::Upcoming(s.id.clone())));
                    }
                    due.push((s.period_end, Due::PeriodEnd(s.id.clone())));
                }
                SubStatus::Unpaid | SubStatus::Canceled | SubStatus::Paused => {}
            }
        }
        for inv in &self.invoices {
            if inv.status == InvoiceStatus::Open
                && let (Some(at), Some(id)) = (inv.next_payment_attempt, &inv.id)
                && inv.subscription.as_deref().and_then(|s| self.sub(s)).is_some_and(|s| s.status.is_live())
            {
                due.push((at, Due::Retry(id.clone())));
            }
        }
        for cs in &self.checkout_sessions {
            if cs.status == SessionStatus::Open {
                due.push((cs.expires_at, Due::Expire(cs.id.clone())));
            }
        }
        due.into_iter().filter(|(t, _)| *t <= until).min()
    }

    /// Moves the clock to `to`, handling everything due on the way in time order.
    pub fn advance_to(&mut self, to: Ts) {
        // A safety net against a rule that failed to make progress: no real advance needs this many steps.
        for _ in 0..100_000 {
            let Some((at, due)) = self.next_due(to) else { break };
            self.now = self.now.max(at);
            match due {
                Due::TrialWillEnd(id) => self.trial_will_end(&id),
                Due::Upcoming(id) => self.upcoming(&id),
                Due::TrialEnd(id) => self.end_trial(&id),
                Due::PeriodEnd(id) => self.period_end(&id),
                Due::Retry(id) => {
                    self.charge_invoice(&id, false, true);
                }
                Due::Expire(id) => {
                    if let Some(cs) = self.checkout_mut(&id) {
                        cs.status = SessionStatus::Expired;
                    }
                    if let Some(cs) = self.checkout(&id) {
                        let object = crate::objects::to_json(&crate::objects::checkout_session(self, cs, &[]));
                        self.emit("checkout.session.expired", object, None);
                    }
                }
            }
        }
        self.now = self.now.max(to);
    }
}

/// "$49.00", "€9.50", "¥500" (zero-decimal currencies have no minor unit).
pub(crate) fn format_amount(amount: i64, currency: &str) -> String {
    let zero_decimal = matches!(currency, "jpy" | "krw" | "vnd" | "clp" | "isk" | "ugx" | "xaf" | "xof");
    let symbol = match currency {
        "usd" => "$".to_owned(),
        "eur" => "€".to_owned(),
        "gbp" => "£".to_owned(),
        "jpy" => "¥".to_owned(),
        "inr" => "₹".to_owned(),
        "brl" => "R$".to_owned(),
        other => format!("{} ", other.to_uppercase()),
    };
    let sign = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    if zero_decimal { format!("{sign}{symbol}{abs}") } else { format!("{sign}{symbol}{}.{:02}", abs / 100, abs % 100) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proration_rounds_to_the_nearest_minor_unit() {
        assert_eq!(prorate(4900, 15 * DAY, 30 * DAY), 2450);
        assert_eq!(prorate(1000, 1, 3), 333);
        assert_eq!(prorate(1000, 2, 3), 667);
        assert_eq!(prorate(-1000, 2, 3), -667);
        assert_eq!(prorate(100, 5, 10), 50);
        assert_eq!(prorate(1, 1, 2), 1);
        assert_eq!(prorate(4900, 40 * DAY, 30 * DAY), 4900);
    }

    #[test]
    fn months_are_calendar_months() {
        let jan31 = DateTime::parse_from_rfc3339("2027-01-31T10:00:00Z").expect("date").timestamp();
        let feb = add_interval(jan31, Interval::Month, 1);
        assert_eq!(DateTime::from_timestamp(feb, 0).expect("ts").to_rfc3339(), "2027-02-28T10:00:00+00:00");
        assert_eq!(add_interval(jan31, Interval::Year, 1) - jan31, 365 * DAY);
    }

    #[test]
    fn amounts_are_written_with_their_currency() {
        assert_eq!(format_amount(4900, "usd"), "$49.00");
        assert_eq!(format_amount(-1234, "eur"), "-€12.34");
        assert_eq!(format_amount(500, "jpy"), "¥500");
    }
}
