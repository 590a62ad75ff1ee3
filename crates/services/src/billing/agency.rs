//! Billing of an agency's client workspaces, as the rest of billing needs it (docs/agencies.md, "Agency
//! billing"): whether the agency pays for this workspace, the refusal when the agency's pooled meter is full, the
//! client's access following its paying agency's, and the agency plan a client's own Stripe price stands for. The
//! use cases (the agency's billing page, the mode switch, the client's page and Checkout) are in
//! `agency::billing`.

use crate::billing::entitlements::Entitlements;
use crate::billing::mails;
use crate::billing::plans::gateway_error;
use crate::billing::quota::Meter;
use crate::{Core, DbResultExt, DomainError, Result};
use chrono::{Duration, Utc};
use parley_domain::TenantId;
use parley_store::TenantTx;
use parley_store::repo::billing::agency::{self, ClientAgencyRow};
use parley_store::repo::billing::plans;
use parley_store::repo::billing::subscriptions::{self, SubscriptionRow};
use serde_json::json;
use uuid::Uuid;

/// Days a client has to add a card when its agency stops paying for it (`agency` -> `client`).
pub const CLIENT_TRIAL_DAYS: i64 = 14;

/// What moving a client to its agency's billing mode did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Converged {
    /// Nothing to do: the client already matches.
    Unchanged,
    /// The agency stopped paying: the client's card-less trial started.
    TrialStarted,
    /// The agency pays again: the client has no bill of its own.
    AgencyPays,
    /// The agency pays again; the client's own Stripe subscription runs to its period's end and does not renew.
    OwnSubscriptionEnds,
}

impl Converged {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unchanged => "unchanged",
            Self::TrialStarted => "trial_started",
            Self::AgencyPays => "agency_pays",
            Self::OwnSubscriptionEnds => "own_subscription_ends",
        }
    }
}

/// A subscription of its own that still runs at Stripe.
fn live(s: &SubscriptionRow) -> bool {
    s.gateway == "stripe"
        && s.gateway_subscription_id.is_some()
        && !matches!(s.status.as_str(), "canceled" | "incomplete_expired")
}

/// The plan's name as mails and pages say it: the agency plan's for a client, else the platform plan's.
pub(crate) async fn plan_name(tx: &TenantTx, sub: &SubscriptionRow) -> Result<Option<String>> {
    if let Some(name) = sub.agency_plan_name.clone() {
        return Ok(Some(name));
    }
    Ok(match sub.plan_id {
        Some(id) => plans::get(&tx.tx, id).await.db()?.map(|p| p.name),
        None => None,
    })
}

impl Core {
    /// The workspace's agency when that agency pays for it (None: not a client, or a client paying itself).
    pub(crate) async fn paying_agency(&self, tx: &TenantTx) -> Result<Option<ClientAgencyRow>> {
        Ok(agency::client_agency(tx).await.db()?.filter(|a| a.billing_mode == "agency"))
    }

    /// The refusal of a client's use that its paying agency's pooled meter has no room for (the commit failed
    /// with `POOL_OVER_LIMIT`). The agency's figures are not the client's to see: the message names the agency and
    /// the meter, and says who can make room.
    pub(crate) async fn pool_refusal(&self, tx: &TenantTx, meter: Meter) -> DomainError {
        let agency = match agency::client_agency(tx).await {
            Ok(a) => a,
            Err(e) => return DomainError::internal(e),
        };
        let plan = match Entitlements::load(tx).await {
            Ok(e) => e.map(|e| e.plan.name),
            Err(e) => return e,
        };
        let name = agency.map_or_else(|| "Your agency".to_owned(), |a| a.name);
        DomainError::QuotaExceeded {
            message: format!(
                "{name} pays for this workspace, and the {} its plan allows for all its workspaces together are used \
                 up. {name} can raise the limit.",
                meter.label()
            ),
            details: json!({ "limit": meter.key(), "max": null, "used": null, "plan": plan, "upgradeTo": null,
                             "pooled": true, "agency": name }),
        }
    }

    /// A client its agency pays for has no bill of its own: its access is the agency's (mapped), whatever its own
    /// subscription says, and a subscription of its own that ended leaves it simply agency-paid. Answers false for
    /// every other workspace (whose access follows its own subscription).
    pub(crate) async fn follow_paying_agency(&self, tx: &TenantTx, sub: &SubscriptionRow) -> Result<bool> {
        let Some(a) = self.paying_agency(tx).await? else { return Ok(false) };
        let access = agency::access_for_clients(&a.access);
        if sub.gateway == "stripe" && matches!(sub.status.as_str(), "canceled" | "incomplete_expired") {
            agency::set_agency_paid(tx, access).await.db()?;
        } else {
            agency::follow_agency_access(tx, access).await.db()?;
        }
        Ok(true)
    }

    /// After a gateway snapshot of a client's own subscription: the agency plan its price was made for becomes the
    /// client's plan copy (a Checkout of another plan of the offer). Nothing for other workspaces.
    pub(crate) async fn copy_agency_plan_of_price(&self, tx: &TenantTx, price_id: &str) -> Result<()> {
        if let Some(p) = agency::plan_of_price(tx, price_id).await.db()? {
            agency::set_plan_copy(tx, &p).await.db()?;
        }
        Ok(())
    }

    /// Brings one client's subscription in line with who pays for it now (its agency's billing mode), in the
    /// client's own transaction: the agency stopped paying -> a card-less trial of [`CLIENT_TRIAL_DAYS`]; the agency
    /// pays again -> no bill of its own, and a Stripe subscription of its own set to end with its period. The
    /// client's owners are told by mail. Repeating it changes nothing; the billing sweep runs it for every client
    /// out of line (so a mode stored by any path converges), the agency's mode switch at once. A gateway failure
    /// answers an error and leaves the client as it was (the sweep tries again).
    pub(crate) async fn converge_client(&self, client: Uuid) -> Result<Converged> {
        let tx = self.db.tenant_tx(TenantId(client)).await.db()?;
        let Some(a) = agency::client_agency(&tx).await.db()? else { return Ok(Converged::Unchanged) };
        let Some(sub) = subscriptions::lock(&tx).await.db()? else { return Ok(Converged::Unchanged) };
        let url = self.cfg.public_url.clone();
        let done = match a.billing_mode.as_str() {
            "agency" if live(&sub) && !sub.cancel_at_period_end => {
                let gateway = self.billing.gateway.clone().ok_or_else(|| DomainError::internal("no gateway"))?;
                let id = sub.gateway_subscription_id.clone().unwrap_or_default();
                let snap = gateway.subscription(&id).await.map_err(gateway_error)?;
                let key = format!("agency-pays:{client}:{}", sub.updated_at.timestamp_micros());
                let after = gateway.set_cancel_at_period_end(&snap, true, &key).await.map_err(gateway_error)?;
                self.store_snapshot(&tx, &after, Utc::now()).await?;
                let ends = after.current_period_end.format("%Y-%m-%d").to_string();
                self.mail_owners(&tx, &mails::agency_pays(&a.name, Some(&ends), &url)).await?;
                Converged::OwnSubscriptionEnds
            }
            "agency"
                if !live(&sub)
                    && matches!(sub.gateway.as_str(), "none" | "stripe")
                    && (sub.gateway != "none" || sub.status != "active" || sub.trial_end.is_some()) =>
            {
                agency::set_agency_paid(&tx, agency::access_for_clients(&a.access)).await.db()?;
                self.mail_owners(&tx, &mails::agency_pays(&a.name, None, &url)).await?;
                Converged::AgencyPays
            }
            "agency" => {
                agency::follow_agency_access(&tx, agency::access_for_clients(&a.access)).await.db()?;
                Converged::Unchanged
            }
            // Without a card gateway a trial could never be paid: such a server keeps its agencies paying.
            "client"
                if sub.gateway == "none"
                    && sub.status == "active"
                    && sub.trial_end.is_none()
                    && self
                        .billing
                        .gateway
                        .as_ref()
                        .is_some_and(|g| g.kind() == parley_billing::GatewayKind::Stripe) =>
            {
                agency::start_paying_trial(&tx, Utc::now() + Duration::days(CLIENT_TRIAL_DAYS)).await.db()?;
                self.mail_owners(&tx, &mails::agency_bills_you(&a.name, CLIENT_TRIAL_DAYS, &url)).await?;
                Converged::TrialStarted
            }
            _ => Converged::Unchanged,
        };
        if done != Converged::Unchanged {
            // In the client's own log: who pays for it changed without anyone of the client acting.
            let payer = if a.billing_mode == "agency" { "agency" } else { "client" };
            let meta = json!({ "agency": a.name, "payer": payer, "outcome": done.as_str() });
            self.audit(&tx, None, &Default::default(), "billing.payer_changed", Some("subscription"), None, meta)
                .await?;
        }
        tx.commit().await.db()?;
        if done != Converged::Unchanged {
            self.wake_mailer();
        }
        Ok(done)
    }

    /// Refuses the platform's catalogue to an agency's client: its plans come from its agency (409
    /// `billed_by_agency`).
    pub(crate) async fn refuse_platform_plans_to_clients(&self, tx: &TenantTx) -> Result<()> {
        if let Some(a) = agency::client_agency(tx).await.db()? {
            return Err(DomainError::Conflict {
                code: "billed_by_agency",
                message: format!(
                    "This workspace's plan comes from {}: choose one of its plans on the billing page.",
                    a.name
                ),
            });
        }
        Ok(())
    }
}
