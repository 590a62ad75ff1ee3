//! Per-number sending limits as Meta applies them (throughput cap, messaging tier, quality rating, an error
//! forced on every send) and the counters a test or a benchmark reads to judge how well a sender behaved.
//! Plain data: the Graph handlers decide when to consult it, under the state lock.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// Meta's messaging limit: unique customers a business may start conversations with per rolling 24 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum MessagingLimit {
    #[serde(rename = "TIER_250")]
    Tier250,
    #[serde(rename = "TIER_1K")]
    Tier1K,
    #[serde(rename = "TIER_2K")]
    Tier2K,
    #[default]
    #[serde(rename = "TIER_10K")]
    Tier10K,
    #[serde(rename = "TIER_100K")]
    Tier100K,
    #[serde(rename = "TIER_UNLIMITED")]
    Unlimited,
}

impl MessagingLimit {
    /// Unique customers per 24 hours, None when unlimited.
    pub fn customers(self) -> Option<usize> {
        match self {
            Self::Tier250 => Some(250),
            Self::Tier1K => Some(1_000),
            Self::Tier2K => Some(2_000),
            Self::Tier10K => Some(10_000),
            Self::Tier100K => Some(100_000),
            Self::Unlimited => None,
        }
    }

    /// The name Meta uses in `whatsapp_business_manager_messaging_limit`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tier250 => "TIER_250",
            Self::Tier1K => "TIER_1K",
            Self::Tier2K => "TIER_2K",
            Self::Tier10K => "TIER_10K",
            Self::Tier100K => "TIER_100K",
            Self::Unlimited => "TIER_UNLIMITED",
        }
    }
}

/// The number's quality over the last 7 days, as `quality_rating` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum QualityRating {
    #[default]
    Green,
    Yellow,
    Red,
    Unknown,
}

impl QualityRating {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Green => "GREEN",
            Self::Yellow => "YELLOW",
            Self::Red => "RED",
            Self::Unknown => "UNKNOWN",
        }
    }
}

/// An error Meta answers for every send of a number while the cause lasts: what makes a campaign pause.
/// On the wire (control API JSON) it is the bare Graph error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub enum FailWith {
    /// 131048: too many earlier messages were blocked or reported as spam.
    SpamRateLimit,
    /// 132015: the template's quality is low; Meta paused it.
    TemplatePaused,
    /// 132016: the template was paused too often and is now disabled for good.
    TemplateDisabled,
    /// 131042: the business's payment method has a problem.
    PaymentIssue,
    /// 368: the account is blocked for a while for policy violations.
    PolicyViolation,
    /// 131031: the account is locked.
    AccountLocked,
    /// 131057: the account is in maintenance mode, e.g. during a throughput upgrade.
    MaintenanceMode,
}

impl FailWith {
    pub const ALL: [Self; 7] = [
        Self::SpamRateLimit,
        Self::TemplatePaused,
        Self::TemplateDisabled,
        Self::PaymentIssue,
        Self::PolicyViolation,
        Self::AccountLocked,
        Self::MaintenanceMode,
    ];

    pub fn code(self) -> i64 {
        match self {
            Self::SpamRateLimit => 131_048,
            Self::TemplatePaused => 132_015,
            Self::TemplateDisabled => 132_016,
            Self::PaymentIssue => 131_042,
            Self::PolicyViolation => 368,
            Self::AccountLocked => 131_031,
            Self::MaintenanceMode => 131_057,
        }
    }

    pub fn from_code(code: i64) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Meta's title (in the error message) and details for the code.
    pub(crate) fn text(self) -> (&'static str, &'static str) {
        match self {
            Self::SpamRateLimit => (
                "Spam rate limit hit",
                "Message failed to send because there are restrictions on how many messages can be sent from this \
                 phone number. This may be because too many previous messages were blocked or flagged as spam.",
            ),
            Self::TemplatePaused => (
                "Template is Paused",
                "Template is paused due to low quality so it cannot be sent in a template message.",
            ),
            Self::TemplateDisabled => (
                "Template is Disabled",
                "Template has been paused too many times due to low quality and is now permanently disabled.",
            ),
            Self::PaymentIssue => (
                "Business eligibility payment issue",
                "Message failed to send because there were one or more errors related to your payment method.",
            ),
            Self::PolicyViolation => (
                "Temporarily blocked for policies violations",
                "The WhatsApp Business Account associated with the app has been restricted or disabled for violating \
                 a platform policy.",
            ),
            Self::AccountLocked => (
                "Account has been locked",
                "The WhatsApp Business Account associated with the app has been restricted or disabled for violating \
                 a platform policy, or we were unable to verify data included in the request against data set on the \
                 WhatsApp Business Account.",
            ),
            Self::MaintenanceMode => (
                "Account in maintenance mode",
                "Business Account is in maintenance mode. This could be because the account is undergoing a \
                 throughput upgrade.",
            ),
        }
    }
}

impl TryFrom<i64> for FailWith {
    type Error = String;

    fn try_from(code: i64) -> Result<Self, String> {
        Self::from_code(code).ok_or_else(|| {
            let known: Vec<String> = Self::ALL.iter().map(|f| f.code().to_string()).collect();
            format!("unsupported error code {code}, expected one of {}", known.join(", "))
        })
    }
}

impl From<FailWith> for i64 {
    fn from(f: FailWith) -> i64 {
        f.code()
    }
}

/// How Meta treats one business number. The default is what every number starts with: no throughput cap
/// (so existing tests never see 130429 from it), TIER_10K, GREEN, no forced error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberLimits {
    /// Accepted sends per one-second window; above it a send gets 130429 at once. None: no cap.
    pub rate_per_second: Option<u32>,
    pub messaging_limit: MessagingLimit,
    pub quality_rating: QualityRating,
    /// Answered for every send while set.
    pub fail_with: Option<FailWith>,
}

impl NumberLimits {
    /// `throughput.level`: Meta's numbers run at 80/s (STANDARD) or 1,000/s (HIGH).
    pub fn throughput_level(&self) -> &'static str {
        match self.rate_per_second {
            Some(rate) if rate >= 1_000 => "HIGH",
            _ => "STANDARD",
        }
    }
}

/// What a number's senders did, for tests to assert against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NumberStats {
    /// Sends answered 200.
    pub accepted: u64,
    /// Sends refused with 130429 (the throughput cap or the THROTTLED_PREFIX hook).
    pub throttled: u64,
    /// Sends refused with any other error (invalid, forced error, wrong template parameters ...).
    pub refused: u64,
    /// Business-initiated messages accepted past the messaging limit (they fail in their status webhook).
    pub over_tier: u64,
    /// Customers counted against the messaging limit in the last 24 hours.
    pub unique_last_24h: u64,
    /// The most sends accepted in one of the one-second windows the cap is judged by (each opens with the
    /// first send after the previous one closed).
    pub max_per_second: u64,
}

const WINDOW: Duration = Duration::from_secs(1);

/// A number's limits with the live counters behind them.
#[derive(Debug, Default)]
pub(crate) struct NumberLoad {
    pub limits: NumberLimits,
    stats: NumberStats,
    /// The current one-second window opens with the first send accepted after the previous one closed,
    /// so a burst is judged as a whole and a test's timing does not depend on clock ticks.
    window: Option<(Instant, u64)>,
    /// Customers counted against the messaging limit, with when; `counted_order` expires them in O(1) each.
    counted: HashMap<String, DateTime<Utc>>,
    counted_order: VecDeque<(DateTime<Utc>, String)>,
}

impl NumberLoad {
    fn current_window(&mut self, now: Instant) -> u64 {
        match self.window {
            Some((start, count)) if now.duration_since(start) < WINDOW => count,
            _ => {
                self.window = None;
                0
            }
        }
    }

    /// Whether one more send fits in the current one-second window.
    pub fn has_capacity(&mut self, now: Instant) -> bool {
        let used = self.current_window(now);
        self.limits.rate_per_second.is_none_or(|cap| used < u64::from(cap))
    }

    pub fn record_accepted(&mut self, now: Instant) {
        let count = self.current_window(now) + 1;
        let start = self.window.map_or(now, |(start, _)| start);
        self.window = Some((start, count));
        self.stats.accepted += 1;
        self.stats.max_per_second = self.stats.max_per_second.max(count);
    }

    pub fn record_throttled(&mut self) {
        self.stats.throttled += 1;
    }

    pub fn record_refused(&mut self) {
        self.stats.refused += 1;
    }

    fn expire(&mut self, now: DateTime<Utc>) {
        let day = chrono::Duration::hours(24);
        while let Some((at, _)) = self.counted_order.front() {
            if now.signed_duration_since(*at) < day {
                break;
            }
            if let Some((at, customer)) = self.counted_order.pop_front()
                && self.counted.get(&customer) == Some(&at)
            {
                self.counted.remove(&customer);
            }
        }
    }

    /// A business-initiated message to `customer`: counts the customer if new in the last 24 hours;
    /// false (and counted as over the tier) when the limit has no room for a new customer.
    pub fn admit_business_initiated(&mut self, customer: &str, now: DateTime<Utc>) -> bool {
        self.expire(now);
        if self.counted.contains_key(customer) {
            return true;
        }
        if self.limits.messaging_limit.customers().is_some_and(|limit| self.counted.len() >= limit) {
            self.stats.over_tier += 1;
            return false;
        }
        self.counted.insert(customer.to_owned(), now);
        self.counted_order.push_back((now, customer.to_owned()));
        true
    }

    pub fn stats(&mut self, now: DateTime<Utc>) -> NumberStats {
        self.expire(now);
        NumberStats { unique_last_24h: self.counted.len() as u64, ..self.stats }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_counts_accepted_sends_per_one_second_window() {
        let mut load = NumberLoad {
            limits: NumberLimits { rate_per_second: Some(2), ..NumberLimits::default() },
            ..NumberLoad::default()
        };
        let t0 = Instant::now();
        for _ in 0..2 {
            assert!(load.has_capacity(t0));
            load.record_accepted(t0);
        }
        assert!(!load.has_capacity(t0 + Duration::from_millis(999)));
        assert!(load.has_capacity(t0 + WINDOW), "a new window opens after a second");
        load.record_accepted(t0 + WINDOW);
        let stats = load.stats(Utc::now());
        assert_eq!((stats.accepted, stats.max_per_second), (3, 2));
    }

    #[test]
    fn a_customer_counts_once_per_24_hours_and_expires_after() {
        let mut load = NumberLoad {
            limits: NumberLimits { messaging_limit: MessagingLimit::Tier250, ..NumberLimits::default() },
            ..NumberLoad::default()
        };
        let t0 = Utc::now();
        for i in 0..250 {
            assert!(load.admit_business_initiated(&format!("c{i}"), t0));
        }
        assert!(load.admit_business_initiated("c0", t0), "already counted");
        assert!(!load.admit_business_initiated("new", t0));
        assert_eq!(load.stats(t0).over_tier, 1);
        let later = t0 + chrono::Duration::hours(24);
        assert!(load.admit_business_initiated("new", later), "yesterday's customers no longer count");
        assert_eq!(load.stats(later).unique_last_24h, 1);
    }

    #[test]
    fn codes_and_tiers_read_as_meta_writes_them() {
        assert_eq!(serde_json::to_value(FailWith::PolicyViolation).ok(), Some(serde_json::json!(368)));
        assert_eq!(serde_json::from_value::<FailWith>(serde_json::json!(132015)).ok(), Some(FailWith::TemplatePaused));
        assert!(serde_json::from_value::<FailWith>(serde_json::json!(1)).is_err());
        assert_eq!(serde_json::to_value(MessagingLimit::Tier1K).ok(), Some(serde_json::json!("TIER_1K")));
        for name in ["TIER_250", "TIER_1K", "TIER_2K", "TIER_10K", "TIER_100K", "TIER_UNLIMITED"] {
            let tier = serde_json::from_value::<MessagingLimit>(serde_json::json!(name)).ok();
            assert_eq!(tier.map(MessagingLimit::as_str), Some(name));
        }
    }
}
