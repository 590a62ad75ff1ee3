//! The Stripe gateway: `BillingGateway` over async-stripe 1.0's client, against api.stripe.com or any
//! server that speaks its API (Parley's simulator, `crates/stripe-sim`). Owns every request shape sent to
//! Stripe; nothing outside this module names an async-stripe type.

mod convert;

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy};
use stripe_billing::billing_portal_session::CreateBillingPortalSession;
use stripe_billing::invoice::{
    CreatePreviewInvoice, CreatePreviewInvoiceSubscriptionDetails, CreatePreviewInvoiceSubscriptionDetailsItems,
    CreatePreviewInvoiceSubscriptionDetailsProrationBehavior, ListInvoice, RetrieveInvoice,
};
use stripe_billing::subscription::{
    ListSubscription, RetrieveSubscription, UpdateSubscription, UpdateSubscriptionItems,
    UpdateSubscriptionProrationBehavior,
};
use stripe_billing::subscription_schedule::{
    CreateSubscriptionSchedule, ReleaseSubscriptionSchedule, RetrieveSubscriptionSchedule, UpdateSubscriptionSchedule,
    UpdateSubscriptionSchedulePhases, UpdateSubscriptionSchedulePhasesEndDate, UpdateSubscriptionSchedulePhasesItems,
    UpdateSubscriptionSchedulePhasesProrationBehavior, UpdateSubscriptionSchedulePhasesStartDate,
};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionBrandingSettings, CreateCheckoutSessionLineItems,
    CreateCheckoutSessionSubscriptionData, CreateCheckoutSessionSubscriptionDataTrialSettings,
    CreateCheckoutSessionSubscriptionDataTrialSettingsEndBehavior,
    CreateCheckoutSessionSubscriptionDataTrialSettingsEndBehaviorMissingPaymentMethod,
};
use stripe_client_core::{CustomizableStripeRequest, StripeRequest};
use stripe_core::customer::{CreateCustomer, RetrieveCustomer, RetrieveCustomerReturned, UpdateCustomer};
use stripe_product::price::{CreatePrice, CreatePriceRecurring, CreatePriceRecurringInterval, ListPrice, UpdatePrice};
use stripe_product::product::{CreateProduct, UpdateProduct};
use stripe_shared::{CheckoutSessionMode, Subscription, SubscriptionScheduleEndBehavior, SubscriptionScheduleStatus};

use self::convert::{gateway_error, subscription_core, unreadable};
use crate::{
    BillingGateway, CheckoutRequest, CheckoutSession, CustomerSpec, Cycle, GatewayError, GatewayKind, InvoiceSnapshot,
    PlanSpec, PriceSpec, ProrationPreview, SubscriptionSnapshot, SyncedPlan,
};

/// Metadata keys Parley writes on Stripe objects, so the dashboard (and a support engineer) can tell which
/// plan or tenant an object belongs to.
pub const PLAN_METADATA_KEY: &str = "parley_plan_id";
pub const CYCLE_METADATA_KEY: &str = "parley_cycle";
pub const TENANT_METADATA_KEY: &str = "parley_tenant_id";

/// Per-attempt limit: a hung connection becomes `Unavailable` (and the job retries) instead of holding a worker.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Parley subscriptions have one item; a customer has at most a handful of subscriptions and we show the
/// latest invoices only.
const LIST_LIMIT: i64 = 100;

/// What Stripe does when a trial ends without a payment method (`trial_settings.end_behavior`). Checkout
/// collects a card up front, so this only matters when the card was removed during the trial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrialEndBehavior {
    Cancel,
    /// Stripe's default: an open invoice the customer must pay.
    #[default]
    CreateInvoice,
    Pause,
}

#[derive(Clone)]
pub struct StripeConfig {
    pub secret_key: String,
    /// `None` for api.stripe.com; the simulator's API root otherwise, e.g. `http://127.0.0.1:PORT/stripe-sim`
    /// (the client appends `/v1/...`).
    pub base_url: Option<String>,
    pub trial_end_behavior: TrialEndBehavior,
}

impl std::fmt::Debug for StripeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeConfig")
            .field("secret_key", &"[redacted]")
            .field("base_url", &self.base_url)
            .field("trial_end_behavior", &self.trial_end_behavior)
            .finish()
    }
}

#[derive(Clone, Debug)]
pub struct StripeGateway {
    client: Client,
    trial_end_behavior: TrialEndBehavior,
}

impl StripeGateway {
    /// Builds the client. Installs the aws-lc-rs rustls provider for the process when none is installed yet:
    /// with both ring and aws-lc-rs in the dependency graph the first TLS connection would otherwise panic
    /// (STACK.md, trap 1). Errors only on an unusable secret or URL.
    pub fn new(config: StripeConfig) -> Result<Self, GatewayError> {
        // Err means a provider is already installed, which is all we need.
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let mut builder = ClientBuilder::new(config.secret_key).timeout(REQUEST_TIMEOUT);
        if let Some(url) = config.base_url {
            // async-stripe joins `{base}v1{path}`: without the trailing slash `/stripe-sim` would become
            // `/stripe-simv1/...`.
            let url = if url.ends_with('/') { url } else { format!("{url}/") };
            builder = builder.url(url);
        }
        let client = builder.build().map_err(gateway_error)?;
        Ok(Self { client, trial_end_behavior: config.trial_end_behavior })
    }

    async fn fetch_subscription(&self, id: &str) -> Result<Subscription, GatewayError> {
        RetrieveSubscription::new(id).send(&self.client).await.map_err(gateway_error)
    }

    /// A subscription plus what it does not say itself: the price a schedule moves it to, and whether the
    /// customer has a payment method the next invoice can use.
    async fn snapshot(&self, sub: Subscription) -> Result<SubscriptionSnapshot, GatewayError> {
        let core = subscription_core(&sub)?;
        let (schedule_id, scheduled_price_id) = match &core.schedule_id {
            Some(schedule_id) => {
                let schedule = RetrieveSubscriptionSchedule::new(schedule_id.as_str())
                    .send(&self.client)
                    .await
                    .map_err(gateway_error)?;
                if matches!(
                    schedule.status,
                    SubscriptionScheduleStatus::Active | SubscriptionScheduleStatus::NotStarted
                ) {
                    // The next phase is the first one that starts at or after the end of the current period.
                    let period_end = core.current_period_end.timestamp();
                    let next_price = schedule
                        .phases
                        .iter()
                        .find(|phase| phase.start_date >= period_end)
                        .and_then(|phase| phase.items.first())
                        .map(|item| item.price.id().as_str().to_owned())
                        .filter(|price| *price != core.price_id);
                    (Some(schedule_id.clone()), next_price)
                } else {
                    // A released or finished schedule no longer governs the subscription.
                    (None, None)
                }
            }
            None => (None, None),
        };
        // Stripe charges a subscription's invoices with its own default payment method, else the customer's
        // invoice default, else the customer's default source. A card merely attached is not used, so it does
        // not count.
        let has_payment_method = core.has_own_payment_method || {
            match RetrieveCustomer::new(core.customer_id.as_str()).send(&self.client).await.map_err(gateway_error)? {
                RetrieveCustomerReturned::Customer(customer) => {
                    customer.invoice_settings.as_ref().is_some_and(|s| s.default_payment_method.is_some())
                        || customer.default_source.is_some()
                }
                RetrieveCustomerReturned::DeletedCustomer(_) => false,
            }
        };
        Ok(SubscriptionSnapshot {
            id: core.id,
            customer_id: core.customer_id,
            status: core.status,
            price_id: core.price_id,
            item_id: core.item_id,
            current_period_start: core.current_period_start,
            current_period_end: core.current_period_end,
            cancel_at_period_end: core.cancel_at_period_end,
            canceled_at: core.canceled_at,
            trial_end: core.trial_end,
            scheduled_price_id,
            schedule_id,
            has_payment_method,
            created: core.created,
        })
    }

    async fn release_schedule(&self, schedule_id: &str, idempotency_key: &str) -> Result<(), GatewayError> {
        keyed(ReleaseSubscriptionSchedule::new(schedule_id).customize(), idempotency_key)?
            .send(&self.client)
            .await
            .map_err(gateway_error)?;
        Ok(())
    }

    /// Brings the stored product in line with the plan, or creates it. Returns the product id and whether it
    /// is a new one (whose stored prices, if any, belong to a product Stripe no longer knows).
    async fn sync_product(&self, plan: &PlanSpec) -> Result<(String, bool), GatewayError> {
        let mut metadata = HashMap::from([(PLAN_METADATA_KEY.to_owned(), plan.plan_id.clone())]);
        metadata.extend(plan.metadata.iter().cloned());
        if let Some(id) = &plan.product_id {
            // An update sets the same fields to the same values however often it runs, so it needs no
            // idempotency key; a derived key would even be harmful: renaming A -> B -> A within Stripe's 24 h key
            // window would replay the first answer and leave the product named B.
            let update = UpdateProduct::new(id.as_str())
                .name(plan.name.as_str())
                .active(plan.active)
                .metadata(metadata.clone())
                // An empty description clears it.
                .description(plan.description.clone().unwrap_or_default());
            match update.send(&self.client).await.map_err(gateway_error) {
                Ok(product) => return Ok((product.id.as_str().to_owned(), false)),
                // Stored ids from another Stripe account (test keys swapped for live ones): start afresh below.
                Err(GatewayError::NotFound(_)) => {}
                Err(other) => return Err(other),
            }
        }
        let mut create = CreateProduct::new(plan.name.as_str()).active(plan.active).metadata(metadata);
        if let Some(description) = plan.description.as_deref().filter(|d| !d.is_empty()) {
            create = create.description(description);
        }
        let key = match &plan.product_id {
            None => format!("parley-product-{}", plan.plan_id),
            Some(lost) => format!("parley-product-{}-replaces-{lost}", plan.plan_id),
        };
        let product = keyed(create.customize(), &key)?.send(&self.client).await.map_err(gateway_error)?;
        Ok((product.id.as_str().to_owned(), true))
    }

    /// A new price for the cycle's amount. The key names the price it replaces, so a retry finds the same new
    /// price, while going back to an earlier amount later makes a fresh one instead of replaying an archived
    /// price.
    async fn create_price(
        &self,
        plan: &PlanSpec,
        product_id: &str,
        spec: &PriceSpec,
        replaces: Option<&str>,
    ) -> Result<String, GatewayError> {
        let key = format!(
            "parley-price-{}-{}-{}{}-on-{product_id}-after-{}",
            plan.plan_id,
            spec.cycle.as_str(),
            spec.amount,
            plan.currency,
            replaces.unwrap_or("none")
        );
        let mut metadata = HashMap::from([
            (PLAN_METADATA_KEY.to_owned(), plan.plan_id.clone()),
            (CYCLE_METADATA_KEY.to_owned(), spec.cycle.as_str().to_owned()),
        ]);
        metadata.extend(plan.metadata.iter().cloned());
        let currency: stripe_types::Currency =
            plan.currency.to_ascii_lowercase().parse().unwrap_or_else(|never| match never {});
        let create = CreatePrice::new(currency)
            .product(product_id)
            .unit_amount(spec.amount)
            .recurring(recurring(spec.cycle))
            .active(plan.active)
            .metadata(metadata);
        let price = keyed(create.customize(), &key)?.send(&self.client).await.map_err(gateway_error)?;
        Ok(price.id.as_str().to_owned())
    }

    async fn set_price_active(&self, price_id: &str, active: bool) -> Result<(), GatewayError> {
        // Naturally idempotent (see sync_product).
        UpdatePrice::new(price_id).active(active).send(&self.client).await.map_err(gateway_error)?;
        Ok(())
    }
}

/// Sends the request with `Idempotency-Key: key`: a retried job or a double click gets Stripe's first answer
/// back instead of making a second object.
fn keyed<T>(req: CustomizableStripeRequest<T>, key: &str) -> Result<CustomizableStripeRequest<T>, GatewayError> {
    let key = IdempotencyKey::new(key).map_err(|e| GatewayError::Refused(format!("idempotency key: {e}")))?;
    Ok(req.request_strategy(RequestStrategy::Idempotent(key)))
}

fn recurring(cycle: Cycle) -> CreatePriceRecurring {
    let mut recurring = CreatePriceRecurring::new(match cycle {
        Cycle::Annual => CreatePriceRecurringInterval::Year,
        Cycle::Monthly | Cycle::Quarterly => CreatePriceRecurringInterval::Month,
    });
    recurring.interval_count = Some(match cycle {
        Cycle::Annual => 1,
        Cycle::Monthly | Cycle::Quarterly => u64::from(cycle.months()),
    });
    recurring
}

#[async_trait]
impl BillingGateway for StripeGateway {
    fn kind(&self) -> GatewayKind {
        GatewayKind::Stripe
    }

    async fn ping(&self) -> Result<(), GatewayError> {
        ListPrice::new().limit(1).send(&self.client).await.map_err(gateway_error)?;
        Ok(())
    }

    async fn sync_plan(&self, plan: &PlanSpec) -> Result<SyncedPlan, GatewayError> {
        let (product_id, fresh_product) = self.sync_product(plan).await?;
        let mut prices = Vec::with_capacity(plan.prices.len());
        for spec in &plan.prices {
            // Stored prices of a product Stripe lost belong to that lost account: never reused or archived.
            let stored = spec.price_id.as_deref().filter(|_| !fresh_product);
            let price_id = match stored {
                Some(id) if spec.price_amount == Some(spec.amount) => {
                    // Follows the plan: archived with it, and back when the plan is reactivated.
                    match self.set_price_active(id, plan.active).await {
                        Ok(()) => id.to_owned(),
                        // Named in the key as replaced, so this never replays an earlier price of the cycle.
                        Err(GatewayError::NotFound(_)) => self.create_price(plan, &product_id, spec, Some(id)).await?,
                        Err(other) => return Err(other),
                    }
                }
                // A price's amount is fixed for ever: a new amount is a new price, and the old one is archived,
                // not deleted, so its subscribers stay on it.
                Some(old) => {
                    let new = self.create_price(plan, &product_id, spec, Some(old)).await?;
                    match self.set_price_active(old, false).await {
                        Ok(()) | Err(GatewayError::NotFound(_)) => new,
                        Err(other) => return Err(other),
                    }
                }
                None => self.create_price(plan, &product_id, spec, None).await?,
            };
            prices.push((spec.cycle, price_id));
        }
        if !fresh_product {
            // Prices of this product that are no longer any cycle's current price (a cycle dropped from the
            // plan, or an id Parley lost track of): archived so Checkout and the Portal cannot offer them.
            let active = ListPrice::new()
                .product(product_id.as_str())
                .active(true)
                .limit(LIST_LIMIT)
                .send(&self.client)
                .await
                .map_err(gateway_error)?;
            for stale in active.data.iter().filter(|p| !prices.iter().any(|(_, id)| *id == p.id.as_str())) {
                self.set_price_active(stale.id.as_str(), false).await?;
            }
        }
        Ok(SyncedPlan { product_id, prices })
    }

    async fn ensure_customer(&self, customer: &CustomerSpec, existing: Option<&str>) -> Result<String, GatewayError> {
        let mut replaces = None;
        if let Some(id) = existing {
            match RetrieveCustomer::new(id).send(&self.client).await.map_err(gateway_error) {
                Ok(RetrieveCustomerReturned::Customer(current)) => {
                    if current.name.as_deref() != Some(customer.name.as_str())
                        || current.email.as_deref() != Some(customer.email.as_str())
                    {
                        // Same values, same result: no idempotency key needed (see sync_product).
                        UpdateCustomer::new(id)
                            .name(customer.name.as_str())
                            .email(customer.email.as_str())
                            .send(&self.client)
                            .await
                            .map_err(gateway_error)?;
                    }
                    return Ok(current.id.as_str().to_owned());
                }
                // Deleted in the dashboard (or another account's id after a key change): make a new one.
                Ok(RetrieveCustomerReturned::DeletedCustomer(_)) | Err(GatewayError::NotFound(_)) => {
                    replaces = Some(id);
                }
                Err(other) => return Err(other),
            }
        }
        let key = match replaces {
            None => format!("parley-customer-{}", customer.tenant_id),
            // A fresh key, or Stripe would replay the deleted customer for 24 hours.
            Some(old) => format!("parley-customer-{}-replaces-{old}", customer.tenant_id),
        };
        let create = CreateCustomer::new()
            .name(customer.name.as_str())
            .email(customer.email.as_str())
            .metadata(HashMap::from([(TENANT_METADATA_KEY.to_owned(), customer.tenant_id.clone())]));
        let created = keyed(create.customize(), &key)?.send(&self.client).await.map_err(gateway_error)?;
        Ok(created.id.as_str().to_owned())
    }

    async fn checkout(&self, req: &CheckoutRequest) -> Result<CheckoutSession, GatewayError> {
        let metadata = HashMap::from([(TENANT_METADATA_KEY.to_owned(), req.tenant_id.clone())]);
        let mut line = CreateCheckoutSessionLineItems::new();
        line.price = Some(req.price_id.clone());
        line.quantity = Some(1);
        let mut subscription = CreateCheckoutSessionSubscriptionData::new();
        // On the subscription too, so subscription events name the tenant without a lookup.
        subscription.metadata = Some(metadata.clone());
        if let Some(trial_end) = req.trial_end {
            subscription.trial_end = Some(trial_end.timestamp());
            use CreateCheckoutSessionSubscriptionDataTrialSettingsEndBehaviorMissingPaymentMethod as Missing;
            subscription.trial_settings = Some(CreateCheckoutSessionSubscriptionDataTrialSettings {
                end_behavior: CreateCheckoutSessionSubscriptionDataTrialSettingsEndBehavior {
                    missing_payment_method: match self.trial_end_behavior {
                        TrialEndBehavior::Cancel => Missing::Cancel,
                        TrialEndBehavior::CreateInvoice => Missing::CreateInvoice,
                        TrialEndBehavior::Pause => Missing::Pause,
                    },
                },
            });
        }
        let mut create = CreateCheckoutSession::new()
            .mode(CheckoutSessionMode::Subscription)
            .customer(req.customer_id.as_str())
            .line_items(vec![line])
            .client_reference_id(req.tenant_id.as_str())
            .subscription_data(subscription)
            .success_url(req.success_url.as_str())
            .cancel_url(req.cancel_url.as_str())
            .metadata(metadata);
        if let Some(name) = &req.business_name {
            let mut branding = CreateCheckoutSessionBrandingSettings::new();
            branding.display_name = Some(name.clone());
            create = create.branding_settings(branding);
        }
        let session =
            keyed(create.customize(), &req.idempotency_key)?.send(&self.client).await.map_err(gateway_error)?;
        let url = session.url.ok_or_else(|| unreadable(format!("checkout session {} without url", session.id)))?;
        Ok(CheckoutSession { id: session.id.as_str().to_owned(), url })
    }

    async fn portal(&self, customer_id: &str, return_url: &str) -> Result<String, GatewayError> {
        // A portal session is a short-lived link, not a lasting object: making two is harmless.
        let session = CreateBillingPortalSession::new()
            .customer(customer_id)
            .return_url(return_url)
            .send(&self.client)
            .await
            .map_err(gateway_error)?;
        Ok(session.url)
    }

    async fn subscription(&self, id: &str) -> Result<SubscriptionSnapshot, GatewayError> {
        let sub = self.fetch_subscription(id).await?;
        self.snapshot(sub).await
    }

    async fn customer_subscriptions(&self, customer_id: &str) -> Result<Vec<SubscriptionSnapshot>, GatewayError> {
        // Stripe's list leaves canceled subscriptions out unless asked for them.
        let list = ListSubscription::new()
            .customer(customer_id)
            .limit(LIST_LIMIT)
            .send(&self.client)
            .await
            .map_err(gateway_error)?;
        let mut snapshots = Vec::with_capacity(list.data.len());
        for sub in list.data {
            let snapshot = self.snapshot(sub).await?;
            if snapshot.status != crate::SubscriptionStatus::Canceled {
                snapshots.push(snapshot);
            }
        }
        Ok(snapshots)
    }

    async fn preview_change(
        &self,
        sub: &SubscriptionSnapshot,
        price_id: &str,
    ) -> Result<ProrationPreview, GatewayError> {
        let mut item = CreatePreviewInvoiceSubscriptionDetailsItems::new();
        item.id = Some(sub.item_id.clone());
        item.price = Some(price_id.to_owned());
        let mut details = CreatePreviewInvoiceSubscriptionDetails::new();
        details.items = Some(vec![item]);
        // The same behaviour change_now uses, so the preview is the invoice the customer will get.
        details.proration_behavior = Some(CreatePreviewInvoiceSubscriptionDetailsProrationBehavior::AlwaysInvoice);
        let invoice = CreatePreviewInvoice::new()
            .customer(sub.customer_id.as_str())
            .subscription(sub.id.as_str())
            .subscription_details(details)
            .send(&self.client)
            .await
            .map_err(gateway_error)?;
        Ok(convert::preview(&invoice))
    }

    async fn change_now(
        &self,
        sub: &SubscriptionSnapshot,
        price_id: &str,
        idempotency_key: &str,
    ) -> Result<SubscriptionSnapshot, GatewayError> {
        if let Some(schedule_id) = &sub.schedule_id {
            // An upgrade supersedes a pending downgrade; a schedule left in place would apply it anyway.
            self.release_schedule(schedule_id, &format!("{idempotency_key}:release")).await?;
        }
        let mut item = UpdateSubscriptionItems::new();
        item.id = Some(sub.item_id.clone());
        item.price = Some(price_id.to_owned());
        let update = UpdateSubscription::new(sub.id.as_str())
            .items(vec![item])
            .proration_behavior(UpdateSubscriptionProrationBehavior::AlwaysInvoice);
        let updated = keyed(update.customize(), idempotency_key)?.send(&self.client).await.map_err(gateway_error)?;
        self.snapshot(updated).await
    }

    async fn change_at_period_end(
        &self,
        sub: &SubscriptionSnapshot,
        price_id: Option<&str>,
        idempotency_key: &str,
    ) -> Result<SubscriptionSnapshot, GatewayError> {
        let Some(price_id) = price_id else {
            if let Some(schedule_id) = &sub.schedule_id {
                // Released, not canceled: the subscription carries on as it is.
                self.release_schedule(schedule_id, idempotency_key).await?;
            }
            return self.subscription(&sub.id).await;
        };
        let schedule = match &sub.schedule_id {
            Some(id) => {
                RetrieveSubscriptionSchedule::new(id.as_str()).send(&self.client).await.map_err(gateway_error)?
            }
            None => keyed(
                CreateSubscriptionSchedule::new().from_subscription(sub.id.as_str()).customize(),
                &format!("{idempotency_key}:schedule"),
            )?
            .send(&self.client)
            .await
            .map_err(gateway_error)?,
        };
        // Stripe requires the first phase to keep the current phase's start; the current price runs to the
        // end of the period, then the new one (one billing period, after which `release` keeps it going).
        let current_start = schedule
            .current_phase
            .as_ref()
            .map(|p| p.start_date)
            .or_else(|| schedule.phases.first().map(|p| p.start_date))
            .unwrap_or_else(|| sub.current_period_start.timestamp());
        let phase_items = |price: &str| {
            let mut item = UpdateSubscriptionSchedulePhasesItems::new();
            item.price = Some(price.to_owned());
            item.quantity = Some(1);
            vec![item]
        };
        let mut current = UpdateSubscriptionSchedulePhases::new(phase_items(&sub.price_id));
        current.start_date = Some(UpdateSubscriptionSchedulePhasesStartDate::Timestamp(current_start));
        current.end_date = Some(UpdateSubscriptionSchedulePhasesEndDate::Timestamp(sub.current_period_end.timestamp()));
        let mut next = UpdateSubscriptionSchedulePhases::new(phase_items(price_id));
        // The switch happens on the renewal boundary: nothing to prorate.
        next.proration_behavior = Some(UpdateSubscriptionSchedulePhasesProrationBehavior::None);
        let update = UpdateSubscriptionSchedule::new(schedule.id.as_str())
            .phases(vec![current, next])
            .end_behavior(SubscriptionScheduleEndBehavior::Release);
        keyed(update.customize(), &format!("{idempotency_key}:phases"))?
            .send(&self.client)
            .await
            .map_err(gateway_error)?;
        self.subscription(&sub.id).await
    }

    async fn set_cancel_at_period_end(
        &self,
        sub: &SubscriptionSnapshot,
        cancel: bool,
        idempotency_key: &str,
    ) -> Result<SubscriptionSnapshot, GatewayError> {
        if cancel && let Some(schedule_id) = &sub.schedule_id {
            // Stripe refuses cancellation changes on a subscription a schedule manages, and a scheduled
            // downgrade is moot once the subscription ends.
            self.release_schedule(schedule_id, &format!("{idempotency_key}:release")).await?;
        }
        let update = UpdateSubscription::new(sub.id.as_str()).cancel_at_period_end(cancel);
        let updated = keyed(update.customize(), idempotency_key)?.send(&self.client).await.map_err(gateway_error)?;
        self.snapshot(updated).await
    }

    async fn invoice(&self, id: &str) -> Result<InvoiceSnapshot, GatewayError> {
        let invoice = RetrieveInvoice::new(id).send(&self.client).await.map_err(gateway_error)?;
        convert::invoice(&invoice)
    }

    async fn invoices(&self, customer_id: &str) -> Result<Vec<InvoiceSnapshot>, GatewayError> {
        // Newest first, as Stripe lists them.
        let list = ListInvoice::new()
            .customer(customer_id)
            .limit(LIST_LIMIT)
            .send(&self.client)
            .await
            .map_err(gateway_error)?;
        list.data.iter().map(convert::invoice).collect()
    }
}
