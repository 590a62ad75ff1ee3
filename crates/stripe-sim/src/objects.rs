//! The wire shapes: every object the simulator answers or puts in an event is an async-stripe struct filled from
//! the state and serialized by async-stripe, so a field the pinned types require can never be missing. Fields
//! Parley has no use for are null or empty, as on a plain test-mode account.

use crate::TrialEndBehavior;
use crate::state::{
    BillingReason, CheckoutSession, Customer, EndBehavior, Invoice, InvoiceStatus, Line, PaymentMethod, Phase,
    PortalSession, Price, Product, Schedule, ScheduleStatus, SessionStatus, State, SubStatus, Subscription, Ts,
};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use stripe_shared as ss;
use stripe_types::{Currency, Expandable, List};

/// Which fields the request asked to expand (`expand[]`, without a list's `data.` prefix).
pub(crate) type Expand<'a> = &'a [String];

fn expands(expand: Expand, field: &str) -> bool {
    expand.iter().any(|e| e == field)
}

pub(crate) fn to_json<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn currency(c: &str) -> Currency {
    c.parse().unwrap_or(Currency::USD)
}

fn meta(m: &crate::state::Meta) -> HashMap<String, String> {
    m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

fn self_ref() -> ss::ConnectAccountReference {
    ss::ConnectAccountReference { account: None, type_: ss::ConnectAccountReferenceType::Self_ }
}

pub(crate) fn list<T: Serialize>(url: &str, data: Vec<T>, has_more: bool) -> Value {
    to_json(&List { data, has_more, url: url.to_owned() })
}

pub(crate) fn customer(c: &Customer) -> ss::Customer {
    ss::Customer {
        address: None,
        balance: Some(0),
        business_name: None,
        cash_balance: None,
        created: c.created,
        currency: None,
        customer_account: None,
        default_source: None,
        delinquent: Some(false),
        description: None,
        discount: None,
        email: c.email.clone(),
        id: c.id.as_str().into(),
        individual_name: None,
        invoice_credit_balance: None,
        invoice_prefix: Some("PRLY".into()),
        invoice_settings: Some(ss::InvoiceSettingCustomerSetting {
            custom_fields: None,
            default_payment_method: c.default_pm.as_deref().map(|id| Expandable::Id(id.into())),
            footer: None,
            rendering_options: None,
        }),
        livemode: false,
        metadata: Some(meta(&c.metadata)),
        name: c.name.clone(),
        next_invoice_sequence: Some(1),
        phone: None,
        preferred_locales: Some(Vec::new()),
        shipping: None,
        sources: None,
        subscriptions: None,
        tax: None,
        tax_exempt: Some(ss::CustomerTaxExempt::None),
        tax_ids: None,
        test_clock: None,
    }
}

pub(crate) fn product(p: &Product) -> ss::Product {
    ss::Product {
        active: p.active,
        created: p.created,
        default_price: None,
        description: p.description.clone(),
        id: p.id.as_str().into(),
        images: Vec::new(),
        livemode: false,
        marketing_features: Vec::new(),
        metadata: meta(&p.metadata),
        name: p.name.clone(),
        package_dimensions: None,
        shippable: None,
        statement_descriptor: None,
        tax_code: None,
        tax_details: None,
        type_: ss::ProductType::Service,
        unit_label: None,
        updated: p.updated,
        url: None,
    }
}

fn recurring_interval(p: &Price) -> ss::RecurringInterval {
    match p.interval {
        crate::state::Interval::Day => ss::RecurringInterval::Day,
        crate::state::Interval::Week => ss::RecurringInterval::Week,
        crate::state::Interval::Month => ss::RecurringInterval::Month,
        crate::state::Interval::Year => ss::RecurringInterval::Year,
    }
}

pub(crate) fn price(p: &Price) -> ss::Price {
    ss::Price {
        active: p.active,
        billing_scheme: ss::PriceBillingScheme::PerUnit,
        created: p.created,
        currency: currency(&p.currency),
        currency_options: None,
        custom_unit_amount: None,
        id: p.id.as_str().into(),
        livemode: false,
        lookup_key: None,
        metadata: meta(&p.metadata),
        nickname: p.nickname.clone(),
        product: Expandable::Id(p.product.as_str().into()),
        recurring: Some(ss::Recurring {
            interval: recurring_interval(p),
            interval_count: u64::from(p.interval_count),
            meter: None,
            trial_period_days: None,
            usage_type: ss::RecurringUsageType::Licensed,
        }),
        tax_behavior: Some(ss::PriceTaxBehavior::Unspecified),
        tiers: None,
        tiers_mode: None,
        transform_quantity: None,
        type_: ss::PriceType::Recurring,
        unit_amount: Some(p.unit_amount),
        unit_amount_decimal: Some(p.unit_amount.to_string()),
    }
}

/// The legacy Plan object Stripe still sends beside every price on subscription items.
fn plan(p: &Price) -> ss::Plan {
    ss::Plan {
        active: p.active,
        amount: Some(p.unit_amount),
        amount_decimal: Some(p.unit_amount.to_string()),
        billing_scheme: ss::PlanBillingScheme::PerUnit,
        created: p.created,
        currency: currency(&p.currency),
        id: p.id.as_str().into(),
        interval: match p.interval {
            crate::state::Interval::Day => ss::PlanInterval::Day,
            crate::state::Interval::Week => ss::PlanInterval::Week,
            crate::state::Interval::Month => ss::PlanInterval::Month,
            crate::state::Interval::Year => ss::PlanInterval::Year,
        },
        interval_count: u64::from(p.interval_count),
        livemode: false,
        metadata: Some(meta(&p.metadata)),
        meter: None,
        nickname: p.nickname.clone(),
        product: Some(Expandable::Id(p.product.as_str().into())),
        tiers: None,
        tiers_mode: None,
        transform_usage: None,
        trial_period_days: None,
        usage_type: ss::PlanUsageType::Licensed,
    }
}

/// A price that was deleted from the state cannot happen (prices are only archived), but a render must not
/// panic: an empty placeholder keeps the object well-formed.
fn price_or_placeholder(state: &State, id: &str) -> Price {
    state.price(id).map(clone_price).unwrap_or_else(|| Price {
        id: id.to_owned(),
        created: 0,
        product: String::new(),
        currency: "usd".into(),
        unit_amount: 0,
        interval: crate::state::Interval::Month,
        interval_count: 1,
        active: false,
        metadata: Default::default(),
        nickname: None,
    })
}

fn clone_price(p: &Price) -> Price {
    Price {
        id: p.id.clone(),
        created: p.created,
        product: p.product.clone(),
        currency: p.currency.clone(),
        unit_amount: p.unit_amount,
        interval: p.interval,
        interval_count: p.interval_count,
        active: p.active,
        metadata: p.metadata.clone(),
        nickname: p.nickname.clone(),
    }
}

pub(crate) fn payment_method(pm: &PaymentMethod) -> ss::PaymentMethod {
    ss::PaymentMethod {
        acss_debit: None,
        affirm: None,
        afterpay_clearpay: None,
        alipay: None,
        allow_redisplay: Some(ss::PaymentMethodAllowRedisplay::Always),
        alma: None,
        amazon_pay: None,
        au_becs_debit: None,
        bacs_debit: None,
        bancontact: None,
        billie: None,
        billing_details: ss::BillingDetails { address: None, email: None, name: None, phone: None, tax_id: None },
        bizum: None,
        blik: None,
        boleto: None,
        card: Some(ss::PaymentMethodCard {
            brand: pm.brand.clone(),
            checks: Some(ss::PaymentMethodCardChecks {
                address_line1_check: None,
                address_postal_code_check: None,
                cvc_check: Some("pass".into()),
            }),
            country: Some("US".into()),
            description: None,
            display_brand: Some(pm.brand.clone()),
            exp_month: 12,
            exp_year: 2034,
            fingerprint: Some(format!("fp{}", pm.last4)),
            funding: "credit".into(),
            generated_from: None,
            iin: None,
            issuer: None,
            last4: pm.last4.clone(),
            networks: None,
            regulated_status: None,
            three_d_secure_usage: None,
            wallet: None,
        }),
        card_present: None,
        cashapp: None,
        created: pm.created,
        crypto: None,
        custom: None,
        customer: pm.customer.as_deref().map(|c| Expandable::Id(c.into())),
        customer_account: None,
        customer_balance: None,
        eps: None,
        fpx: None,
        giropay: None,
        grabpay: None,
        id: pm.id.as_str().into(),
        ideal: None,
        interac_present: None,
        kakao_pay: None,
        klarna: None,
        konbini: None,
        kr_card: None,
        link: None,
        livemode: false,
        mb_way: None,
        metadata: Some(HashMap::new()),
        mobilepay: None,
        multibanco: None,
        naver_pay: None,
        nz_bank_account: None,
        oxxo: None,
        p24: None,
        pay_by_bank: None,
        payco: None,
        paynow: None,
        paypal: None,
        paypay: None,
        payto: None,
        pix: None,
        promptpay: None,
        radar_options: None,
        revolut_pay: None,
        samsung_pay: None,
        satispay: None,
        scalapay: None,
        sepa_debit: None,
        sequra: None,
        sofort: None,
        sunbit: None,
        swish: None,
        twint: None,
        type_: ss::PaymentMethodType::Card,
        upi: None,
        us_bank_account: None,
        wechat_pay: None,
        zip: None,
    }
}

fn sub_status(s: SubStatus) -> ss::SubscriptionStatus {
    match s {
        SubStatus::Trialing => ss::SubscriptionStatus::Trialing,
        SubStatus::Active => ss::SubscriptionStatus::Active,
        SubStatus::PastDue => ss::SubscriptionStatus::PastDue,
        SubStatus::Unpaid => ss::SubscriptionStatus::Unpaid,
        SubStatus::Canceled => ss::SubscriptionStatus::Canceled,
        SubStatus::Paused => ss::SubscriptionStatus::Paused,
    }
}

fn subscription_item(state: &State, s: &Subscription) -> ss::SubscriptionItem {
    let p = price_or_placeholder(state, &s.price);
    ss::SubscriptionItem {
        billed_until: None,
        billing_thresholds: None,
        created: s.item_created,
        current_period_end: s.period_end,
        current_period_start: s.period_start,
        current_trial: None,
        discounts: Vec::new(),
        id: s.item_id.as_str().into(),
        metadata: HashMap::new(),
        plan: plan(&p),
        price: price(&p),
        quantity: Some(s.quantity),
        subscription: s.id.clone(),
        tax_rates: Some(Vec::new()),
    }
}

pub(crate) fn subscription(state: &State, s: &Subscription, expand: Expand) -> ss::Subscription {
    let p = price_or_placeholder(state, &s.price);
    let latest_invoice = s.latest_invoice.as_deref().map(|id| match state.invoice(id) {
        Some(inv) if expands(expand, "latest_invoice") => Expandable::Object(Box::new(invoice(state, inv, &[]))),
        _ => Expandable::Id(Some(id.into())),
    });
    let customer_field = match state.customer(&s.customer) {
        Some(c) if expands(expand, "customer") => Expandable::Object(Box::new(customer(c))),
        _ => Expandable::Id(s.customer.as_str().into()),
    };
    let default_pm = s.default_pm.as_deref().map(|id| match state.payment_method(id) {
        Some(pm) if expands(expand, "default_payment_method") => Expandable::Object(Box::new(payment_method(pm))),
        _ => Expandable::Id(id.into()),
    });
    let schedule_field = s.schedule.as_deref().map(|id| match state.schedule(id) {
        Some(sch) if expands(expand, "schedule") => Expandable::Object(Box::new(schedule(state, sch))),
        _ => Expandable::Id(id.into()),
    });
    ss::Subscription {
        application: None,
        application_fee_percent: None,
        automatic_tax: ss::SubscriptionAutomaticTax { disabled_reason: None, enabled: false, liability: None },
        billing_cycle_anchor: s.trial_end.unwrap_or(s.created),
        billing_cycle_anchor_config: None,
        billing_mode: ss::SubscriptionsResourceBillingMode {
            flexible: None,
            type_: ss::SubscriptionsResourceBillingModeType::Classic,
            updated_at: None,
        },
        billing_schedules: Vec::new(),
        billing_thresholds: None,
        cancel_at: s.cancel_at_period_end.then_some(s.period_end),
        cancel_at_period_end: s.cancel_at_period_end,
        canceled_at: s.canceled_at,
        cancellation_details: Some(ss::CancellationDetails {
            comment: None,
            feedback: None,
            feedback_option: None,
            reason: s
                .cancellation_reason
                .map(|r| r.parse().unwrap_or(ss::CancellationDetailsReason::CancellationRequested)),
        }),
        collection_method: ss::SubscriptionCollectionMethod::ChargeAutomatically,
        created: s.created,
        currency: currency(&p.currency),
        customer: customer_field,
        customer_account: None,
        days_until_due: None,
        default_payment_method: default_pm,
        default_source: None,
        default_tax_rates: Some(Vec::new()),
        description: None,
        discounts: Vec::new(),
        ended_at: s.ended_at,
        id: s.id.as_str().into(),
        invoice_settings: ss::SubscriptionsResourceSubscriptionInvoiceSettings {
            account_tax_ids: None,
            custom_fields: None,
            description: None,
            footer: None,
            issuer: self_ref(),
        },
        items: List {
            data: vec![subscription_item(state, s)],
            has_more: false,
            url: format!("/v1/subscription_items?subscription={}", s.id),
        },
        latest_invoice,
        livemode: false,
        managed_payments: None,
        metadata: meta(&s.metadata),
        next_pending_invoice_item_invoice: None,
        on_behalf_of: None,
        pause_collection: None,
        payment_settings: Some(ss::SubscriptionsResourcePaymentSettings {
            payment_method_options: None,
            payment_method_types: None,
            save_default_payment_method: Some(ss::SubscriptionsResourcePaymentSettingsSaveDefaultPaymentMethod::Off),
        }),
        pending_invoice_item_interval: None,
        pending_setup_intent: None,
        pending_update: None,
        presentment_details: None,
        schedule: schedule_field,
        start_date: s.created,
        status: sub_status(s.status),
        status_details: None,
        test_clock: None,
        transfer_data: None,
        trial_end: s.trial_end,
        trial_settings: Some(ss::SubscriptionsResourceTrialSettingsTrialSettings {
            end_behavior: ss::SubscriptionsResourceTrialSettingsEndBehavior {
                billing_cycle_anchor: None,
                missing_payment_method: match s.missing_pm {
                    TrialEndBehavior::Pause => {
                        ss::SubscriptionsResourceTrialSettingsEndBehaviorMissingPaymentMethod::Pause
                    }
                    TrialEndBehavior::Cancel => {
                        ss::SubscriptionsResourceTrialSettingsEndBehaviorMissingPaymentMethod::Cancel
                    }
                    TrialEndBehavior::CreateInvoice => {
                        ss::SubscriptionsResourceTrialSettingsEndBehaviorMissingPaymentMethod::CreateInvoice
                    }
                },
            },
        }),
        trial_start: s.trial_start,
    }
}

fn phase(state: &State, ph: &Phase) -> ss::SubscriptionSchedulePhaseConfiguration {
    let p = price_or_placeholder(state, &ph.price);
    ss::SubscriptionSchedulePhaseConfiguration {
        add_invoice_items: Vec::new(),
        application_fee_percent: None,
        automatic_tax: None,
        billing_cycle_anchor: None,
        billing_thresholds: None,
        collection_method: None,
        currency: currency(&p.currency),
        default_payment_method: None,
        default_tax_rates: Some(Vec::new()),
        description: None,
        discounts: Vec::new(),
        end_date: ph.end,
        invoice_settings: None,
        items: vec![ss::SubscriptionScheduleConfigurationItem {
            billing_thresholds: None,
            discounts: Vec::new(),
            metadata: Some(HashMap::new()),
            plan: Expandable::Id(ph.price.as_str().into()),
            price: Expandable::Id(ph.price.as_str().into()),
            quantity: Some(ph.quantity),
            tax_rates: Some(Vec::new()),
        }],
        metadata: Some(HashMap::new()),
        on_behalf_of: None,
        proration_behavior: ss::SubscriptionSchedulePhaseConfigurationProrationBehavior::CreateProrations,
        start_date: ph.start,
        transfer_data: None,
        trial: None,
        trial_end: None,
    }
}

pub(crate) fn schedule(state: &State, sch: &Schedule) -> ss::SubscriptionSchedule {
    let current = (sch.status == ScheduleStatus::Active)
        .then(|| sch.phases.iter().find(|ph| ph.start <= state.now && state.now < ph.end))
        .flatten()
        .map(|ph| ss::SubscriptionScheduleCurrentPhase { end_date: ph.end, start_date: ph.start });
    ss::SubscriptionSchedule {
        application: None,
        billing_mode: ss::SubscriptionsResourceBillingMode {
            flexible: None,
            type_: ss::SubscriptionsResourceBillingModeType::Classic,
            updated_at: None,
        },
        canceled_at: sch.canceled_at,
        completed_at: None,
        created: sch.created,
        current_phase: current,
        customer: Expandable::Id(sch.customer.as_str().into()),
        customer_account: None,
        default_settings: ss::SubscriptionSchedulesResourceDefaultSettings {
            application_fee_percent: None,
            automatic_tax: None,
            billing_cycle_anchor: ss::SubscriptionSchedulesResourceDefaultSettingsBillingCycleAnchor::Automatic,
            billing_thresholds: None,
            collection_method: None,
            default_payment_method: None,
            description: None,
            invoice_settings: ss::InvoiceSettingSubscriptionScheduleSetting {
                account_tax_ids: None,
                custom_fields: None,
                days_until_due: None,
                description: None,
                footer: None,
                issuer: self_ref(),
            },
            on_behalf_of: None,
            transfer_data: None,
        },
        end_behavior: match sch.end_behavior {
            EndBehavior::Release => ss::SubscriptionScheduleEndBehavior::Release,
            EndBehavior::Cancel => ss::SubscriptionScheduleEndBehavior::Cancel,
        },
        id: sch.id.as_str().into(),
        livemode: false,
        metadata: Some(meta(&sch.metadata)),
        pause_schedules: None,
        phases: sch.phases.iter().map(|ph| phase(state, ph)).collect(),
        released_at: sch.released_at,
        released_subscription: sch.released_subscription.clone(),
        status: match sch.status {
            ScheduleStatus::Active => ss::SubscriptionScheduleStatus::Active,
            ScheduleStatus::Released => ss::SubscriptionScheduleStatus::Released,
            ScheduleStatus::Canceled => ss::SubscriptionScheduleStatus::Canceled,
        },
        subscription: sch.subscription.as_deref().map(|id| Expandable::Id(id.into())),
        test_clock: None,
    }
}

fn line_item(state: &State, inv: &Invoice, l: &Line) -> ss::InvoiceLineItem {
    let p = price_or_placeholder(state, &l.price);
    ss::InvoiceLineItem {
        amount: l.amount,
        currency: currency(&inv.currency),
        description: Some(l.description.clone()),
        discount_amounts: Some(Vec::new()),
        discountable: !l.proration,
        discounts: Vec::new(),
        id: l.id.as_str().into(),
        invoice: inv.id.clone(),
        livemode: false,
        metadata: HashMap::new(),
        parent: l.sub_item.as_ref().map(|item| ss::BillingBillResourceInvoicingLinesParentsInvoiceLineItemParent {
            invoice_item_details: None,
            subscription_item_details: Some(
                ss::BillingBillResourceInvoicingLinesParentsInvoiceLineItemSubscriptionItemParent {
                    invoice_item: l.proration.then(|| format!("ii_{}", &l.id[3..])),
                    proration: l.proration,
                    proration_details: Some(ss::BillingBillResourceInvoicingLinesCommonProrationDetails {
                        credited_items: None,
                    }),
                    subscription: inv.subscription.clone(),
                    subscription_item: item.clone(),
                },
            ),
            type_: ss::BillingBillResourceInvoicingLinesParentsInvoiceLineItemParentType::SubscriptionItemDetails,
        }),
        period: ss::InvoiceLineItemPeriod { end: l.period_end, start: l.period_start },
        pretax_credit_amounts: Some(Vec::new()),
        pricing: Some(ss::BillingBillResourceInvoicingPricingPricing {
            price_details: Some(ss::BillingBillResourceInvoicingPricingPricingPriceDetails {
                price: Expandable::Id(l.price.as_str().into()),
                product: p.product.clone(),
            }),
            type_: ss::BillingBillResourceInvoicingPricingPricingType::PriceDetails,
            unit_amount_decimal: Some(p.unit_amount.to_string()),
        }),
        quantity: Some(l.quantity),
        quantity_decimal: Some(l.quantity.to_string()),
        subscription: inv.subscription.as_deref().map(|id| Expandable::Id(id.into())),
        subtotal: l.amount,
        taxes: Some(Vec::new()),
    }
}

pub(crate) fn invoice(state: &State, inv: &Invoice, expand: Expand) -> ss::Invoice {
    let cust = state.customer(&inv.customer);
    let total = inv.total();
    let due = inv.amount_due();
    let remaining =
        if inv.status == InvoiceStatus::Paid || inv.status == InvoiceStatus::Void { 0 } else { due - inv.amount_paid };
    let customer_field = match cust {
        Some(c) if expands(expand, "customer") => Expandable::Object(Box::new(customer(c))),
        _ => Expandable::Id(inv.customer.as_str().into()),
    };
    let subscription_field = |id: &str| match state.sub(id) {
        Some(s) if expands(expand, "subscription") => Expandable::Object(Box::new(subscription(state, s, &[]))),
        _ => Expandable::Id(id.into()),
    };
    let (hosted, pdf) = match (&inv.id, inv.status) {
        (Some(id), InvoiceStatus::Open | InvoiceStatus::Paid | InvoiceStatus::Void) => {
            (Some(state.public_url(&format!("/invoices/{id}"))), Some(state.public_url(&format!("/invoices/{id}/pdf"))))
        }
        _ => (None, None),
    };
    let lines: Vec<_> = inv.lines.iter().map(|l| line_item(state, inv, l)).collect();
    ss::Invoice {
        account_country: Some("US".into()),
        account_name: Some("Parley (Stripe simulator)".into()),
        account_tax_ids: None,
        amount_due: due,
        amount_overpaid: 0,
        amount_paid: inv.amount_paid,
        amount_paid_off_stripe: Some(0),
        amount_remaining: remaining,
        amount_shipping: 0,
        application: None,
        attempt_count: inv.attempt_count,
        attempted: inv.attempt_count > 0,
        auto_advance: Some(inv.status == InvoiceStatus::Open || inv.status == InvoiceStatus::Draft),
        automatic_tax: ss::AutomaticTax {
            disabled_reason: None,
            enabled: false,
            liability: None,
            provider: None,
            status: None,
        },
        automatically_finalizes_at: None,
        billing_reason: Some(match inv.billing_reason {
            BillingReason::SubscriptionCreate => ss::InvoiceBillingReason::SubscriptionCreate,
            BillingReason::SubscriptionCycle => ss::InvoiceBillingReason::SubscriptionCycle,
            BillingReason::SubscriptionUpdate => ss::InvoiceBillingReason::SubscriptionUpdate,
            BillingReason::Upcoming => ss::InvoiceBillingReason::Upcoming,
        }),
        collection_method: ss::InvoiceCollectionMethod::ChargeAutomatically,
        confirmation_secret: None,
        created: inv.created,
        currency: currency(&inv.currency),
        custom_fields: None,
        customer: Some(customer_field),
        customer_account: None,
        customer_address: None,
        customer_email: cust.and_then(|c| c.email.clone()),
        customer_name: cust.and_then(|c| c.name.clone()),
        customer_phone: None,
        customer_shipping: None,
        customer_tax_exempt: Some(ss::InvoiceCustomerTaxExempt::None),
        customer_tax_ids: Some(Vec::new()),
        default_payment_method: None,
        default_source: None,
        default_tax_rates: Vec::new(),
        description: None,
        discounts: Vec::new(),
        due_date: None,
        effective_at: inv.finalized_at,
        ending_balance: inv.finalized_at.map(|_| 0),
        footer: None,
        from_invoice: None,
        hosted_invoice_url: hosted,
        id: inv.id.as_deref().map(Into::into),
        invoice_pdf: pdf,
        issuer: self_ref(),
        last_finalization_error: None,
        latest_revision: None,
        lines: List { data: lines, has_more: false, url: format!("/v1/invoices/{}/lines", inv.id()) },
        livemode: false,
        metadata: Some(HashMap::new()),
        next_payment_attempt: inv.next_payment_attempt,
        number: inv.number.clone(),
        on_behalf_of: None,
        parent: inv.subscription.as_deref().map(|sub_id| ss::BillingBillResourceInvoicingParentsInvoiceParent {
            quote_details: None,
            subscription_details: Some(ss::BillingBillResourceInvoicingParentsInvoiceSubscriptionParent {
                metadata: state.sub(sub_id).map(|s| meta(&s.metadata)),
                subscription: subscription_field(sub_id),
                subscription_proration_date: inv.proration_date,
            }),
            type_: ss::BillingBillResourceInvoicingParentsInvoiceParentType::SubscriptionDetails,
        }),
        payment_settings: ss::InvoicesPaymentSettings {
            default_mandate: None,
            payment_method_options: None,
            payment_method_types: None,
        },
        payments: None,
        period_end: inv.period_end,
        period_start: inv.period_start,
        post_payment_credit_notes_amount: 0,
        pre_payment_credit_notes_amount: 0,
        receipt_number: None,
        rendering: None,
        shipping_cost: None,
        shipping_details: None,
        starting_balance: 0,
        statement_descriptor: None,
        status: Some(match inv.status {
            InvoiceStatus::Draft => ss::InvoiceStatus::Draft,
            InvoiceStatus::Open => ss::InvoiceStatus::Open,
            InvoiceStatus::Paid => ss::InvoiceStatus::Paid,
            InvoiceStatus::Void => ss::InvoiceStatus::Void,
        }),
        status_details: None,
        status_transitions: ss::InvoicesResourceStatusTransitions {
            finalized_at: inv.finalized_at,
            marked_uncollectible_at: None,
            paid_at: inv.paid_at,
            voided_at: inv.voided_at,
        },
        // Current API versions name the subscription only under `parent.subscription_details`.
        subscription: None,
        subtotal: total,
        subtotal_excluding_tax: Some(total),
        test_clock: None,
        threshold_reason: None,
        total,
        total_discount_amounts: Some(Vec::new()),
        total_excluding_tax: Some(total),
        total_pretax_credit_amounts: Some(Vec::new()),
        total_taxes: Some(Vec::new()),
        webhooks_delivered_at: Some(inv.created),
    }
}

pub(crate) fn checkout_session(state: &State, cs: &CheckoutSession, expand: Expand) -> ss::CheckoutSession {
    let p = price_or_placeholder(state, &cs.price);
    let amount = p.unit_amount * i64::try_from(cs.quantity).unwrap_or(1);
    let trialing = cs.trial_end.is_some_and(|t| t > cs.created);
    let due_now = if trialing { 0 } else { amount };
    let customer_field = cs.customer.as_deref().map(|id| match state.customer(id) {
        Some(c) if expands(expand, "customer") => Expandable::Object(Box::new(customer(c))),
        _ => Expandable::Id(id.into()),
    });
    let subscription_field = cs.subscription.as_deref().map(|id| match state.sub(id) {
        Some(s) if expands(expand, "subscription") => Expandable::Object(Box::new(subscription(state, s, &[]))),
        _ => Expandable::Id(id.into()),
    });
    let invoice_field = cs.invoice.as_deref().map(|id| match state.invoice(id) {
        Some(i) if expands(expand, "invoice") => Expandable::Object(Box::new(invoice(state, i, &[]))),
        _ => Expandable::Id(Some(id.into())),
    });
    let line_items = expands(expand, "line_items").then(|| List {
        data: vec![ss::CheckoutSessionItem {
            adjustable_quantity: None,
            amount_discount: 0,
            amount_subtotal: amount,
            amount_tax: 0,
            amount_total: amount,
            currency: currency(&p.currency),
            description: state.product(&p.product).map(|pr| pr.name.clone()),
            discounts: Some(Vec::new()),
            id: format!("li_{}", &cs.id[3..]).into(),
            metadata: Some(HashMap::new()),
            price: Some(price(&p)),
            quantity: Some(cs.quantity),
            taxes: Some(Vec::new()),
        }],
        has_more: false,
        url: format!("/v1/checkout/sessions/{}/line_items", cs.id),
    });
    ss::CheckoutSession {
        adaptive_pricing: None,
        after_expiration: None,
        allow_promotion_codes: None,
        allowed_payment_method_types: None,
        amount_subtotal: Some(due_now),
        amount_total: Some(due_now),
        automatic_tax: ss::PaymentPagesCheckoutSessionAutomaticTax {
            enabled: false,
            liability: None,
            provider: None,
            status: None,
        },
        billing_address_collection: None,
        branding_settings: cs.display_name.as_ref().map(|name| ss::PaymentPagesCheckoutSessionBrandingSettings {
            background_color: "#ffffff".into(),
            border_style: ss::PaymentPagesCheckoutSessionBrandingSettingsBorderStyle::Rounded,
            button_color: "#635bff".into(),
            display_name: name.clone(),
            font_family: "default".into(),
            icon: None,
            logo: None,
        }),
        cancel_url: cs.cancel_url.clone(),
        client_reference_id: cs.client_reference_id.clone(),
        client_secret: None,
        collected_information: None,
        consent: None,
        consent_collection: None,
        created: cs.created,
        currency: Some(currency(&p.currency)),
        currency_conversion: None,
        custom_fields: Vec::new(),
        custom_text: ss::PaymentPagesCheckoutSessionCustomText {
            after_submit: None,
            shipping_address: None,
            submit: None,
            terms_of_service_acceptance: None,
        },
        customer: customer_field,
        customer_account: None,
        customer_creation: cs.customer.is_none().then_some(ss::CheckoutSessionCustomerCreation::Always),
        customer_details: None,
        customer_email: cs.customer_email.clone(),
        discounts: Some(Vec::new()),
        excluded_payment_method_types: None,
        expires_at: cs.expires_at,
        id: cs.id.as_str().into(),
        integration_identifier: None,
        invoice: invoice_field,
        invoice_creation: None,
        line_items,
        livemode: false,
        locale: None,
        managed_payments: None,
        metadata: Some(meta(&cs.metadata)),
        mode: ss::CheckoutSessionMode::Subscription,
        name_collection: None,
        optional_items: None,
        origin_context: None,
        payment_intent: None,
        payment_link: None,
        payment_method_collection: Some(if cs.card_optional {
            ss::CheckoutSessionPaymentMethodCollection::IfRequired
        } else {
            ss::CheckoutSessionPaymentMethodCollection::Always
        }),
        payment_method_configuration_details: None,
        payment_method_options: None,
        payment_method_types: vec!["card".into()],
        payment_status: match (cs.status, trialing) {
            (SessionStatus::Complete, true) => ss::CheckoutSessionPaymentStatus::NoPaymentRequired,
            (SessionStatus::Complete, false) => ss::CheckoutSessionPaymentStatus::Paid,
            _ => ss::CheckoutSessionPaymentStatus::Unpaid,
        },
        permissions: None,
        phone_number_collection: None,
        presentment_details: None,
        recovered_from: None,
        redirect_on_completion: None,
        return_url: None,
        saved_payment_method_options: None,
        setup_intent: None,
        shipping_address_collection: None,
        shipping_cost: None,
        shipping_options: Vec::new(),
        status: Some(match cs.status {
            SessionStatus::Open => ss::CheckoutSessionStatus::Open,
            SessionStatus::Complete => ss::CheckoutSessionStatus::Complete,
            SessionStatus::Expired => ss::CheckoutSessionStatus::Expired,
        }),
        submit_type: None,
        subscription: subscription_field,
        success_url: Some(cs.success_url.clone()),
        tax_id_collection: None,
        total_details: None,
        ui_mode: Some(ss::CheckoutSessionUiMode::HostedPage),
        url: (cs.status == SessionStatus::Open).then(|| state.public_url(&format!("/checkout/{}", cs.id))),
        wallet_options: None,
    }
}

pub(crate) fn portal_session(state: &State, ps: &PortalSession) -> stripe_billing::BillingPortalSession {
    stripe_billing::BillingPortalSession {
        configuration: Expandable::Id("bpc_parley_stripe_sim".into()),
        created: ps.created,
        customer: ps.customer.clone(),
        customer_account: None,
        flow: None,
        id: ps.id.as_str().into(),
        livemode: false,
        locale: None,
        on_behalf_of: None,
        return_url: ps.return_url.clone(),
        url: state.public_url(&format!("/portal/{}", ps.id)),
    }
}

/// An event as Stripe sends it; `data.object` is a snapshot taken now.
pub(crate) fn event(
    id: &str,
    type_: &str,
    created: Ts,
    object: &Value,
    previous: Option<&Value>,
    pending_webhooks: i64,
    request: Option<&(String, Option<String>)>,
) -> ss::Event {
    let mini = |v: &Value| miniserde::json::from_str(&v.to_string()).unwrap_or(miniserde::json::Value::Null);
    ss::Event {
        account: None,
        api_version: Some(ss::version::VERSION.as_str().to_owned()),
        context: None,
        created,
        data: ss::NotificationEventData { object: mini(object), previous_attributes: previous.map(mini) },
        id: id.into(),
        livemode: false,
        pending_webhooks,
        request: Some(ss::NotificationEventRequest {
            id: request.map(|r| r.0.clone()),
            idempotency_key: request.and_then(|r| r.1.clone()),
        }),
        type_: type_.parse().unwrap_or(ss::EventType::Unknown(type_.to_owned())),
    }
}
