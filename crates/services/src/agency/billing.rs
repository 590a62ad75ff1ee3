//! Agency billing (docs/agencies.md, "Agency billing"): who pays for an agency's client workspaces. The agency's
//! side: its pooled usage broken down by client, its clients' billing states, and the switch of its billing mode
//! (stored by `AgencyService::store_billing_mode`, then every client moved to it at once; the billing sweep finishes
//! what a failure left). The client's side: its agency, the agency's plans and Checkout of one of them through
//! the platform's Stripe under the agency's name. The rules shared with the rest of billing (the pool's refusal,
//! access following a paying agency, moving a client) live in `billing::agency`.

use crate::agency::AgencyService;
use crate::agency::dto::BillingMode;
use crate::billing::agency::CLIENT_TRIAL_DAYS;
use crate::billing::dto::{BillingOverview, PlanFeatures, PlanLimits, RedirectUrl};
use crate::billing::entitlements::{Entitlements, features_of, limits_of, month_start};
use crate::billing::plans::gateway_error;
use crate::billing::quota::Meter;
use crate::billing::subscription::BillingService;
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use chrono::{DateTime, Duration, Utc};
use parley_billing::{CheckoutRequest, Cycle, PlanSpec, PriceSpec};
use parley_store::TenantTx;
use parley_store::repo::billing::agency::{self, ClientAgencyRow, OfferedPlanRow};
use parley_store::repo::billing::{subscriptions, usage};
use parley_store::repo::{self};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use utoipa::ToSchema;
use uuid::Uuid;

/// Metadata key naming the agency on an agency plan's Stripe product and prices.
const AGENCY_METADATA_KEY: &str = "parley_agency_id";

/// One monthly meter of the agency's pool: the agency and all the clients it pays for, against its plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PoolMeter {
    /// messagesPerMonth or campaignsPerMonth.
    pub key: String,
    pub used: i64,
    /// The agency plan's limit (null: unlimited).
    pub limit: Option<i64>,
}

/// Who used how much of the pool this period.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PoolShare {
    /// The client workspace; null for the agency's own use.
    pub client_id: Option<Uuid>,
    pub name: String,
    pub messages_per_month: i64,
    pub campaigns_per_month: i64,
}

/// A client's own subscription as its agency sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientBillingState {
    pub client_id: Uuid,
    pub name: String,
    /// trialing, active, past_due, paused, canceled, ... (as `BillingOverview.status`).
    pub status: String,
    /// ok, past_due, restricted or suspended.
    pub access: String,
    /// It pays its own subscription by card at the payment provider.
    pub pays_by_card: bool,
    pub has_payment_method: bool,
    pub trial_end: Option<DateTime<Utc>>,
    pub current_period_end: Option<DateTime<Utc>>,
    pub cancel_at_period_end: bool,
}

/// What a billing mode switch did to one client.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientSwitch {
    pub client_id: Uuid,
    pub name: String,
    /// unchanged, trial_started (the client now pays: a card-less trial to subscribe), agency_pays,
    /// own_subscription_ends (the agency pays; the client's own subscription ends with its period), or failed
    /// (the payment provider could not be reached: retried by the minute's billing sweep).
    pub outcome: String,
    pub error: Option<String>,
}

/// The agency's billing page.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgencyBilling {
    pub billing_mode: BillingMode,
    /// Whether clients can pay by card on this server (a payment provider is configured).
    pub card_billing: bool,
    /// Days a client has to add a card when the agency stops paying for it.
    pub client_trial_days: i64,
    /// Where the agency's billing period (the pool's) began.
    pub period_start: DateTime<Utc>,
    pub pool: Vec<PoolMeter>,
    /// The agency's own use first, then each client's share of the pool (clients the agency paid for this period).
    pub shares: Vec<PoolShare>,
    pub clients: Vec<ClientBillingState>,
    /// After a billing mode switch: what happened to each client (empty otherwise).
    pub switched: Vec<ClientSwitch>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BillingModeInput {
    pub billing_mode: BillingMode,
}

/// A plan of the agency's offer as its client sees it. Amounts in minor units, billed monthly.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OfferedPlan {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub currency: String,
    pub monthly_amount: i64,
    pub features: PlanFeatures,
    pub limits: PlanLimits,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgencyName {
    pub name: String,
    /// The agency brand's product name, when it set one.
    pub product_name: Option<String>,
}

/// A client workspace's billing page: billed through its agency, or paying the agency's plan by card.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClientBilling {
    pub agency: AgencyName,
    pub billing_mode: BillingMode,
    /// The workspace's plan from the agency's offer (its price when the plan is still sold).
    pub plan: Option<OfferedPlan>,
    /// The plans it may subscribe to (when it pays by card; empty while the agency pays).
    pub offer: Vec<OfferedPlan>,
    /// The workspace's own state, trial and usage against its limits.
    pub overview: BillingOverview,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgencyCheckoutInput {
    /// A plan of the agency's offer.
    pub plan_id: Uuid,
}

#[derive(Clone)]
pub struct AgencyBillingService(pub(crate) Arc<Core>);

fn offered(p: &OfferedPlanRow) -> OfferedPlan {
    OfferedPlan {
        id: p.id,
        name: p.name.clone(),
        description: p.description.clone(),
        currency: p.currency.clone(),
        monthly_amount: p.monthly_amount,
        features: features_of(&p.features),
        limits: limits_of(&p.limits),
    }
}

fn mode(raw: &str) -> Result<BillingMode> {
    crate::stored(BillingMode::parse, raw)
}

fn not_a_client() -> DomainError {
    DomainError::Conflict {
        code: "not_an_agency_client",
        message: "This workspace is not billed through an agency: its plans are on the billing page.".into(),
    }
}

impl AgencyBillingService {
    fn core(&self) -> &Core {
        &self.0
    }

    /// The agency's billing page (owners and managers of an agency).
    pub async fn overview(&self, t: &TenantCtx) -> Result<AgencyBilling> {
        let (tx, _) = self.core().begin(t, Role::Manager).await?;
        let row = repo::agency::agencies::get(&tx).await.db()?.ok_or_else(crate::agency::not_an_agency)?;
        let out = self.read(&tx, mode(&row.billing_mode)?).await?;
        tx.commit().await.db()?;
        Ok(out)
    }

    async fn read(&self, tx: &TenantTx, billing_mode: BillingMode) -> Result<AgencyBilling> {
        let now = Utc::now();
        let plan = Entitlements::load(tx).await?;
        let period = plan.as_ref().map_or_else(|| month_start(now), |e| e.period_start(now));
        let clients = repo::agency::clients::summaries(tx).await.db()?;
        let names: HashMap<Uuid, String> = clients.iter().map(|c| (c.id, c.name.clone())).collect();
        let mut pool = Vec::new();
        for meter in Meter::ALL {
            let used = usage::used(tx, meter.stored(), period).await.db()?;
            pool.push(PoolMeter {
                key: meter.key().into(),
                used,
                limit: plan.as_ref().and_then(|e| meter.limit(&e.limits)),
            });
        }
        let mut per_client: Vec<PoolShare> = Vec::new();
        for s in agency::pool_shares(tx, period).await.db()? {
            let i = match per_client.iter().position(|p| p.client_id == Some(s.client_id)) {
                Some(i) => i,
                None => {
                    per_client.push(PoolShare {
                        client_id: Some(s.client_id),
                        // A client removed since keeps its share under its id.
                        name: names.get(&s.client_id).cloned().unwrap_or_else(|| s.client_id.to_string()),
                        messages_per_month: 0,
                        campaigns_per_month: 0,
                    });
                    per_client.len() - 1
                }
            };
            match s.meter.as_str() {
                "messages" => per_client[i].messages_per_month += s.used,
                _ => per_client[i].campaigns_per_month += s.used,
            }
        }
        let sum = |f: fn(&PoolShare) -> i64| per_client.iter().map(f).sum::<i64>();
        let used = |key: &str| pool.iter().find(|m| m.key == key).map_or(0, |m| m.used);
        let own = PoolShare {
            client_id: None,
            name: repo::platform::tenants::current(tx).await.db()?.map(|t| t.name).unwrap_or_default(),
            messages_per_month: (used("messagesPerMonth") - sum(|p| p.messages_per_month)).max(0),
            campaigns_per_month: (used("campaignsPerMonth") - sum(|p| p.campaigns_per_month)).max(0),
        };
        per_client.sort_by(|a, b| b.messages_per_month.cmp(&a.messages_per_month).then(a.name.cmp(&b.name)));
        let mut shares = vec![own];
        shares.extend(per_client);
        let states = agency::clients_billing(tx)
            .await
            .db()?
            .into_iter()
            .map(|c| ClientBillingState {
                name: names.get(&c.id).cloned().unwrap_or_default(),
                client_id: c.id,
                pays_by_card: c.gateway == "stripe" && !matches!(c.status.as_str(), "canceled" | "incomplete_expired"),
                status: c.status,
                access: c.access,
                has_payment_method: c.has_payment_method,
                trial_end: c.trial_end,
                current_period_end: c.current_period_end,
                cancel_at_period_end: c.cancel_at_period_end,
            })
            .collect();
        Ok(AgencyBilling {
            billing_mode,
            card_billing: self.card_billing(),
            client_trial_days: CLIENT_TRIAL_DAYS,
            period_start: period,
            pool,
            shares,
            clients: states,
            switched: vec![],
        })
    }

    /// Clients pay by card only through a payment provider (Stripe, or its simulator).
    fn card_billing(&self) -> bool {
        self.core().billing.gateway.as_ref().is_some_and(|g| g.kind() == parley_billing::GatewayKind::Stripe)
    }

    /// Switches who pays for the clients (owners of the agency), then moves every client to it now: to `client`,
    /// each client the agency paid for gets a card-less trial of [`CLIENT_TRIAL_DAYS`] days to subscribe; to
    /// `agency`, each client's own subscription is set to end with its period and the agency pays from now on.
    /// Choosing the current mode again retries the clients a failure left behind.
    pub async fn set_mode(&self, t: &TenantCtx, input: BillingModeInput) -> Result<AgencyBilling> {
        AgencyService(self.0.clone()).store_billing_mode(t, input.billing_mode, self.card_billing()).await?;
        let (tx, _) = self.core().begin(t, Role::Owner).await?;
        let clients = repo::agency::clients::summaries(&tx).await.db()?;
        tx.commit().await.db()?;
        let mut switched = Vec::with_capacity(clients.len());
        for c in clients {
            let (outcome, error) = match self.core().converge_client(c.id).await {
                Ok(done) => (done.as_str().to_owned(), None),
                Err(e) => {
                    tracing::warn!(error = %e, client = %c.id, "agency client not moved to its billing mode");
                    ("failed".to_owned(), Some(e.to_string()))
                }
            };
            switched.push(ClientSwitch { client_id: c.id, name: c.name, outcome, error });
        }
        let (tx, _) = self.core().begin(t, Role::Owner).await?;
        let mut out = self.read(&tx, input.billing_mode).await?;
        tx.commit().await.db()?;
        out.switched = switched;
        Ok(out)
    }

    /// A client workspace's billing page (anyone of the client may read it, as `/billing`).
    pub async fn client(&self, t: &TenantCtx) -> Result<ClientBilling> {
        let (tx, _) = self.core().begin_billing(t, Role::Agent).await?;
        let agency = agency::client_agency(&tx).await.db()?.ok_or_else(not_a_client)?;
        let offer = agency::offer(&tx).await.db()?;
        let sub = subscriptions::get(&tx).await.db()?;
        let current = sub.as_ref().and_then(|s| s.agency_plan_id);
        let plan = match (current, &sub) {
            (Some(id), _) if offer.iter().any(|p| p.id == id) => offer.iter().find(|p| p.id == id).map(offered),
            // No longer sold: the copy on the workspace's subscription, without a price.
            (Some(id), Some(s)) => Some(OfferedPlan {
                id,
                name: s.agency_plan_name.clone().unwrap_or_default(),
                description: None,
                currency: offer.first().map_or_else(|| "usd".into(), |p| p.currency.clone()),
                monthly_amount: 0,
                features: s.agency_features.as_ref().map(features_of).unwrap_or_default(),
                limits: s.agency_limits.as_ref().map(limits_of).unwrap_or_default(),
            }),
            _ => None,
        };
        let billing_mode = mode(&agency.billing_mode)?;
        let overview = self.core().billing_overview(&tx).await?;
        tx.commit().await.db()?;
        Ok(ClientBilling {
            agency: AgencyName { name: agency.name, product_name: agency.product_name },
            billing_mode,
            plan,
            offer: if billing_mode == BillingMode::Client { offer.iter().map(offered).collect() } else { vec![] },
            overview,
        })
    }

    /// A Stripe Checkout page for a plan of the agency's offer (the client's owner, when the client pays). The
    /// plan's Stripe product and price are made on demand (a changed amount makes a new price; subscribers of the
    /// old one keep it), the page carries the agency's name, and the subscription's webhooks arrive through the
    /// usual handler, which maps the price back to the agency plan.
    pub async fn checkout(&self, t: &TenantCtx, input: AgencyCheckoutInput) -> Result<RedirectUrl> {
        let core = self.core();
        let billing = BillingService(self.0.clone());
        let (tx, actor) = core.begin_billing(t, Role::Owner).await?;
        // A plan of another agency (or any plan, for a workspace without an agency) is no plan of this workspace's.
        let plan = agency::offer(&tx).await.db()?.into_iter().find(|p| p.id == input.plan_id);
        let plan = plan.ok_or(DomainError::NotFound("The plan"))?;
        let agency = agency::client_agency(&tx).await.db()?.ok_or_else(not_a_client)?;
        if agency.billing_mode != "client" {
            return Err(DomainError::Conflict {
                code: "billed_by_agency",
                message: format!("{} pays for this workspace: there is nothing to subscribe to.", agency.name),
            });
        }
        let gateway = billing.gateway()?.clone();
        let sub = subscriptions::lock(&tx).await.db()?;
        if sub.as_ref().is_some_and(|s| {
            s.gateway == "stripe"
                && s.gateway_subscription_id.is_some()
                && !matches!(s.status.as_str(), "canceled" | "incomplete_expired")
        }) {
            return Err(DomainError::Conflict {
                code: "already_subscribed",
                message: "This workspace already has a subscription: manage it in the customer portal.".into(),
            });
        }
        let price_id = self.price_of(&tx, &agency, &plan).await?;
        let customer = billing.customer(&tx, &actor, sub.as_ref()).await?;
        let trial_end = sub
            .as_ref()
            .filter(|s| s.status == "trialing")
            .and_then(|s| s.trial_end)
            .filter(|end| *end > Utc::now() + Duration::days(2));
        let base = format!("{}/app/billing", core.cfg.public_url);
        let session = gateway
            .checkout(&CheckoutRequest {
                customer_id: customer,
                tenant_id: t.tenant_id.0.to_string(),
                price_id,
                trial_end,
                success_url: format!("{base}?checkout=success&session_id={{CHECKOUT_SESSION_ID}}"),
                cancel_url: format!("{base}?checkout=cancelled"),
                idempotency_key: format!("checkout:{}:{}:{}", t.tenant_id.0, plan.id, Uuid::now_v7()),
                business_name: Some(brand_name(&agency).to_owned()),
            })
            .await
            .map_err(gateway_error)?;
        core.audit_ctx(
            &tx,
            &actor,
            "billing.checkout_started",
            "agency_plan",
            plan.id,
            serde_json::json!({ "plan": plan.name, "agency": agency.name }),
        )
        .await?;
        tx.commit().await.db()?;
        Ok(RedirectUrl { url: session.url })
    }

    /// The agency plan's current Stripe price, made (with its product) when missing or when the plan's amount or
    /// currency changed since.
    async fn price_of(&self, tx: &TenantTx, agency: &ClientAgencyRow, plan: &OfferedPlanRow) -> Result<String> {
        let current = plan.gateway_price_id.clone().filter(|_| {
            plan.gateway_amount == Some(plan.monthly_amount) && plan.gateway_currency.as_deref() == Some(&plan.currency)
        });
        if let Some(price) = current {
            return Ok(price);
        }
        let gateway = BillingService(self.0.clone()).gateway()?.clone();
        let same_currency = plan.gateway_currency.as_deref() == Some(&plan.currency);
        let synced = gateway
            .sync_plan(&PlanSpec {
                plan_id: plan.id.to_string(),
                name: format!("{} — {}", brand_name(agency), plan.name),
                description: plan.description.clone(),
                active: true,
                currency: plan.currency.clone(),
                product_id: plan.gateway_product_id.clone(),
                prices: vec![PriceSpec {
                    cycle: Cycle::Monthly,
                    amount: plan.monthly_amount,
                    price_id: plan.gateway_price_id.clone(),
                    // A price in another currency is never reused: treated as another amount.
                    price_amount: plan.gateway_amount.filter(|_| same_currency),
                }],
                metadata: vec![(AGENCY_METADATA_KEY.to_owned(), agency.agency_id.to_string())],
            })
            .await
            .map_err(gateway_error)?;
        let price = synced
            .prices
            .into_iter()
            .find(|(c, _)| *c == Cycle::Monthly)
            .map(|(_, id)| id)
            .ok_or_else(|| DomainError::internal("the payment provider made no monthly price"))?;
        agency::plan_synced(tx, plan.id, &synced.product_id, &price, plan.monthly_amount, &plan.currency).await.db()?;
        Ok(price)
    }
}

/// The name clients know their agency by: its brand's product name, else the agency's own.
fn brand_name(a: &ClientAgencyRow) -> &str {
    a.product_name.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or(&a.name)
}
