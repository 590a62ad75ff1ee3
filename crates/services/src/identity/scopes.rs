//! What an API key may touch: read or write per resource family. `write` implies `read`; analytics and billing
//! are read only.
//! Which route needs which scope is the HTTP layer's table (`parley_http::guard::scopes`).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A resource family: the CRM (`contacts`: contacts, labels, fields, segments, imports, deals, tickets), the inbox
/// (`conversations`), sending (`messages`), `campaigns`, `flows`, outbound `webhooks` and automations,
/// `analytics` and `billing`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeFamily {
    Contacts,
    Conversations,
    Messages,
    Campaigns,
    Flows,
    Webhooks,
    Analytics,
    Billing,
}

impl ScopeFamily {
    pub const ALL: [ScopeFamily; 8] = [
        Self::Contacts,
        Self::Conversations,
        Self::Messages,
        Self::Campaigns,
        Self::Flows,
        Self::Webhooks,
        Self::Analytics,
        Self::Billing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Contacts => "contacts",
            Self::Conversations => "conversations",
            Self::Messages => "messages",
            Self::Campaigns => "campaigns",
            Self::Flows => "flows",
            Self::Webhooks => "webhooks",
            Self::Analytics => "analytics",
            Self::Billing => "billing",
        }
    }

    /// Analytics has nothing to write, and billing is read only through the API (plans are changed by the
    /// owner, in the app).
    pub fn writable(self) -> bool {
        !matches!(self, Self::Analytics | Self::Billing)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    Read,
    Write,
}

/// One scope a key holds or a route needs, written `family:read` or `family:write`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum ApiScope {
    #[serde(rename = "contacts:read")]
    ContactsRead,
    #[serde(rename = "contacts:write")]
    ContactsWrite,
    #[serde(rename = "conversations:read")]
    ConversationsRead,
    #[serde(rename = "conversations:write")]
    ConversationsWrite,
    #[serde(rename = "messages:read")]
    MessagesRead,
    #[serde(rename = "messages:write")]
    MessagesWrite,
    #[serde(rename = "campaigns:read")]
    CampaignsRead,
    #[serde(rename = "campaigns:write")]
    CampaignsWrite,
    #[serde(rename = "flows:read")]
    FlowsRead,
    #[serde(rename = "flows:write")]
    FlowsWrite,
    #[serde(rename = "webhooks:read")]
    WebhooksRead,
    #[serde(rename = "webhooks:write")]
    WebhooksWrite,
    #[serde(rename = "analytics:read")]
    AnalyticsRead,
    #[serde(rename = "billing:read")]
    BillingRead,
}

impl ApiScope {
    pub const ALL: [ApiScope; 14] = [
        Self::ContactsRead,
        Self::ContactsWrite,
        Self::ConversationsRead,
        Self::ConversationsWrite,
        Self::MessagesRead,
        Self::MessagesWrite,
        Self::CampaignsRead,
        Self::CampaignsWrite,
        Self::FlowsRead,
        Self::FlowsWrite,
        Self::WebhooksRead,
        Self::WebhooksWrite,
        Self::AnalyticsRead,
        Self::BillingRead,
    ];

    pub fn new(family: ScopeFamily, access: Access) -> Self {
        use {Access::*, ScopeFamily::*};
        match (family, access) {
            (Contacts, Read) => Self::ContactsRead,
            (Contacts, Write) => Self::ContactsWrite,
            (Conversations, Read) => Self::ConversationsRead,
            (Conversations, Write) => Self::ConversationsWrite,
            (Messages, Read) => Self::MessagesRead,
            (Messages, Write) => Self::MessagesWrite,
            (Campaigns, Read) => Self::CampaignsRead,
            (Campaigns, Write) => Self::CampaignsWrite,
            (Flows, Read) => Self::FlowsRead,
            (Flows, Write) => Self::FlowsWrite,
            (Webhooks, Read) => Self::WebhooksRead,
            (Webhooks, Write) => Self::WebhooksWrite,
            (Analytics, _) => Self::AnalyticsRead,
            (Billing, _) => Self::BillingRead,
        }
    }

    pub fn family(self) -> ScopeFamily {
        self.parts().0
    }

    pub fn access(self) -> Access {
        self.parts().1
    }

    fn parts(self) -> (ScopeFamily, Access) {
        use {Access::*, ScopeFamily::*};
        match self {
            Self::ContactsRead => (Contacts, Read),
            Self::ContactsWrite => (Contacts, Write),
            Self::ConversationsRead => (Conversations, Read),
            Self::ConversationsWrite => (Conversations, Write),
            Self::MessagesRead => (Messages, Read),
            Self::MessagesWrite => (Messages, Write),
            Self::CampaignsRead => (Campaigns, Read),
            Self::CampaignsWrite => (Campaigns, Write),
            Self::FlowsRead => (Flows, Read),
            Self::FlowsWrite => (Flows, Write),
            Self::WebhooksRead => (Webhooks, Read),
            Self::WebhooksWrite => (Webhooks, Write),
            Self::AnalyticsRead => (Analytics, Read),
            Self::BillingRead => (Billing, Read),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ContactsRead => "contacts:read",
            Self::ContactsWrite => "contacts:write",
            Self::ConversationsRead => "conversations:read",
            Self::ConversationsWrite => "conversations:write",
            Self::MessagesRead => "messages:read",
            Self::MessagesWrite => "messages:write",
            Self::CampaignsRead => "campaigns:read",
            Self::CampaignsWrite => "campaigns:write",
            Self::FlowsRead => "flows:read",
            Self::FlowsWrite => "flows:write",
            Self::WebhooksRead => "webhooks:read",
            Self::WebhooksWrite => "webhooks:write",
            Self::AnalyticsRead => "analytics:read",
            Self::BillingRead => "billing:read",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether holding `self` allows what `needed` guards: the same family, and write covers read.
    pub fn grants(self, needed: ApiScope) -> bool {
        self.family() == needed.family() && self.access() >= needed.access()
    }
}

/// Whether any of `held` allows `needed`.
pub fn allows(held: &[ApiScope], needed: ApiScope) -> bool {
    held.iter().any(|h| h.grants(needed))
}

/// The smallest equivalent set, in a stable order: `x:read` is dropped next to `x:write`.
pub fn normalize(scopes: &[ApiScope]) -> Vec<ApiScope> {
    ApiScope::ALL
        .into_iter()
        .filter(|s| scopes.contains(s))
        .filter(|s| {
            s.access() == Access::Write
                || !s.family().writable()
                || !scopes.contains(&ApiScope::new(s.family(), Access::Write))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_implies_read_of_the_same_family_only() {
        assert!(ApiScope::ContactsWrite.grants(ApiScope::ContactsRead));
        assert!(!ApiScope::ContactsRead.grants(ApiScope::ContactsWrite));
        assert!(!ApiScope::ContactsWrite.grants(ApiScope::MessagesRead));
        assert!(allows(&[ApiScope::BillingRead, ApiScope::FlowsWrite], ApiScope::FlowsRead));
    }

    #[test]
    fn names_round_trip_and_normalizing_drops_read_next_to_write() {
        for s in ApiScope::ALL {
            assert_eq!(ApiScope::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).ok(), Some(serde_json::Value::String(s.as_str().into())));
        }
        assert_eq!(
            normalize(&[
                ApiScope::ContactsRead,
                ApiScope::ContactsWrite,
                ApiScope::BillingRead,
                ApiScope::AnalyticsRead
            ]),
            vec![ApiScope::ContactsWrite, ApiScope::AnalyticsRead, ApiScope::BillingRead]
        );
    }
}
