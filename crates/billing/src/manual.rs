//! The manual gateway: for a self-hosted buyer who does not bill through Parley. Plans still sync (so the
//! plan catalogue looks the same everywhere) with synthetic, stable ids; everything that needs a remote
//! answer (hosted pages, subscriptions, invoices) is `Unsupported`, and the services assign plans by hand.

use async_trait::async_trait;

use crate::{
    BillingGateway, CheckoutRequest, CheckoutSession, CustomerSpec, GatewayError, GatewayKind, InvoiceSnapshot,
    PlanSpec, ProrationPreview, SubscriptionSnapshot, SyncedPlan,
};

const UNSUPPORTED: GatewayError = GatewayError::Unsupported("manual");

#[derive(Debug, Clone, Copy, Default)]
pub struct ManualGateway;

impl ManualGateway {
    pub fn new() -> Self {
        Self
    }
}

#[async_trait]
impl BillingGateway for ManualGateway {
    fn kind(&self) -> GatewayKind {
        GatewayKind::Manual
    }

    async fn sync_plan(&self, plan: &PlanSpec) -> Result<SyncedPlan, GatewayError> {
        // Derived from the plan id alone, so a re-sync (or a new amount) never changes them: nothing remote
        // holds these ids, only Parley's own rows.
        Ok(SyncedPlan {
            product_id: format!("manual_prod_{}", plan.plan_id),
            prices: plan
                .prices
                .iter()
                .map(|p| (p.cycle, format!("manual_price_{}_{}", plan.plan_id, p.cycle.as_str())))
                .collect(),
        })
    }

    async fn ensure_customer(&self, _: &CustomerSpec, _: Option<&str>) -> Result<String, GatewayError> {
        Err(UNSUPPORTED)
    }

    async fn checkout(&self, _: &CheckoutRequest) -> Result<CheckoutSession, GatewayError> {
        Err(UNSUPPORTED)
    }

    async fn portal(&self, _: &str, _: &str) -> Result<String, GatewayError> {
        Err(UNSUPPORTED)
    }

    async fn subscription(&self, _: &str) -> Result<SubscriptionSnapshot, GatewayError> {
        Err(UNSUPPORTED)
    }

    async fn customer_subscriptions(&self, _: &str) -> Result<Vec<SubscriptionSnapshot>, GatewayError> {
        Err(UNSUPPORTED)
    }

    async fn preview_change(&self, _: &SubscriptionSnapshot, _: &str) -> Result<ProrationPreview, GatewayError> {
        Err(UNSUPPORTED)
    }

    async fn change_now(
        &self,
        _: &SubscriptionSnapshot,
        _: &str,
        _: &str,
    ) -> Result<SubscriptionSnapshot, GatewayError> {
        Err(UNSUPPORTED)
    }

    async fn change_at_period_end(
        &self,
        _: &SubscriptionSnapshot,
        _: Option<&str>,
        _: &str,
    ) -> Result<SubscriptionSnapshot, GatewayError> {
        Err(UNSUPPORTED)
    }

    async fn set_cancel_at_period_end(
        &self,
        _: &SubscriptionSnapshot,
        _: bool,
        _: &str,
    ) -> Result<SubscriptionSnapshot, GatewayError> {
        Err(UNSUPPORTED)
    }

    async fn invoice(&self, _: &str) -> Result<InvoiceSnapshot, GatewayError> {
        Err(UNSUPPORTED)
    }

    async fn invoices(&self, _: &str) -> Result<Vec<InvoiceSnapshot>, GatewayError> {
        Err(UNSUPPORTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cycle, PriceSpec};

    #[tokio::test]
    async fn manual_plans_get_stable_synthetic_ids_and_remote_calls_are_unsupported() {
        let gw = ManualGateway::new();
        let mut plan = PlanSpec {
            plan_id: "pro".into(),
            name: "Pro".into(),
            description: None,
            active: true,
            currency: "usd".into(),
            product_id: None,
            prices: vec![PriceSpec { cycle: Cycle::Monthly, amount: 2900, price_id: None, price_amount: None }],
            metadata: vec![],
        };
        let first = gw.sync_plan(&plan).await.expect("sync");
        assert_eq!(first.product_id, "manual_prod_pro");
        assert_eq!(first.prices, vec![(Cycle::Monthly, "manual_price_pro_monthly".to_string())]);
        plan.prices[0].amount = 3900;
        assert_eq!(gw.sync_plan(&plan).await.expect("resync"), first);
        assert_eq!(gw.kind(), GatewayKind::Manual);
        assert!(matches!(gw.invoices("cus").await, Err(GatewayError::Unsupported("manual"))));
        assert!(matches!(gw.portal("cus", "http://x").await, Err(GatewayError::Unsupported("manual"))));
    }
}
