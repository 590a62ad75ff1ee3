//! The one table of which scope each API route needs from an API key. People are not affected (their role
//! decides). A route the table does not name is refused to keys (deny by default), so a new endpoint is closed to
//! integrations until someone decides its scope here; `tests/api_platform.rs` walks the OpenAPI document to keep
//! every operation named.

use axum::http::Method;
use parley_services::identity::scopes::{Access, ApiScope, ScopeFamily};

/// What a key needs for one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Scope(ApiScope),
    /// People only: account, team, keys, billing changes, platform administration, and the routes called by
    /// Meta, Stripe or a signed link rather than with a credential.
    KeyForbidden,
}

#[derive(Clone, Copy)]
enum Grant {
    /// `GET` and `HEAD` need `family:read`, anything else `family:write` (forbidden for read-only families).
    Family(ScopeFamily),
    Exactly(ApiScope),
    Forbidden,
}

struct Rule {
    /// `None`: any method.
    method: Option<Method>,
    /// A path template as axum matches it (`/api/v1/contacts/{id}`), matched whole or as a prefix of whole
    /// segments (`/api/v1/contacts` covers `/api/v1/contacts/{id}/labels`, not `/api/v1/contacts-x`).
    path: &'static str,
    grant: Grant,
}

fn any(path: &'static str, grant: Grant) -> Rule {
    Rule { method: None, path, grant }
}

fn on(method: Method, path: &'static str, grant: Grant) -> Rule {
    Rule { method: Some(method), path, grant }
}

use Grant::{Exactly, Family, Forbidden};
use ScopeFamily as F;

/// First match wins: exceptions come before the family prefix they carve out of.
fn rules() -> Vec<Rule> {
    vec![
        // People only.
        any("/api/v1/auth", Forbidden),
        any("/api/v1/users", Forbidden),
        any("/api/v1/team", Forbidden),
        any("/api/v1/invitations", Forbidden),
        any("/api/v1/api-keys", Forbidden),
        any("/api/v1/settings/security", Forbidden),
        // A whole workspace's data and its retention: the owner's, in person.
        any("/api/v1/settings/data", Forbidden),
        // The brand's mail texts and sender (test sends go to the person asking): owners, in person.
        any("/api/v1/settings/mail", Forbidden),
        // The brand (its domains and mail too) is the workspace's face: people decide it. The public brand and its
        // images are read without a credential.
        any("/api/v1/settings/brand", Forbidden),
        any("/api/v1/settings/domains", Forbidden),
        any("/api/v1/brand", Forbidden),
        // An agency's clients, its offer and support entries, and a client's support settings: people, in person.
        any("/api/v1/agency", Forbidden),
        any("/api/v1/settings/agency-support", Forbidden),
        // The workspace's language (its invitations, new members'): the owner, in person. The platform's wording of
        // web strings is read without a credential (`/strings`) and written by the platform admin (`/admin`).
        any("/api/v1/settings/language", Forbidden),
        any("/api/v1/strings", Forbidden),
        // Website widgets (their identity secret is shown when made): people decide them. The script's own API is
        // called from the customer's site with a visitor token, never with a key.
        any("/api/v1/widgets", Forbidden),
        any("/api/v1/widget", Forbidden),
        any("/api/v1/audit-logs", Forbidden),
        any("/api/v1/admin", Forbidden),
        any("/api/v1/config", Forbidden),
        any("/api/v1/dev", Forbidden),
        any("/api/v1/public", Forbidden),
        // Called by Meta, WasenderAPI and Stripe with their signatures, never with a key.
        any("/api/v1/webhooks/whatsapp", Forbidden),
        any("/api/v1/webhooks/wasender", Forbidden),
        any("/api/v1/webhooks/stripe", Forbidden),
        // Billing is read only through the API, and invoices are the owner's alone.
        on(Method::GET, "/api/v1/billing/invoices", Forbidden),
        any("/api/v1/billing", Family(F::Billing)),
        any("/api/v1/dashboard", Family(F::Analytics)),
        any("/api/v1/analytics", Family(F::Analytics)),
        // Sending: a message into a conversation, its status and retry, media, and the numbers and templates to
        // send from (reading them, creating and syncing templates; connecting a number holds credentials: people).
        on(Method::POST, "/api/v1/conversations/{id}/messages", Exactly(ApiScope::MessagesWrite)),
        any("/api/v1/messages", Family(F::Messages)),
        any("/api/v1/media", Family(F::Messages)),
        on(Method::GET, "/api/v1/whatsapp/connections", Exactly(ApiScope::MessagesRead)),
        on(Method::GET, "/api/v1/whatsapp/connections/{id}", Exactly(ApiScope::MessagesRead)),
        any("/api/v1/whatsapp/connections/{id}/templates", Family(F::Messages)),
        any("/api/v1/whatsapp", Forbidden),
        // The inbox, with the agents and teams it routes to (changing teams is team management: people).
        any("/api/v1/conversations", Family(F::Conversations)),
        any("/api/v1/canned-responses", Family(F::Conversations)),
        any("/api/v1/inbox", Family(F::Conversations)),
        on(Method::PATCH, "/api/v1/agents/me", Forbidden),
        any("/api/v1/agents", Family(F::Conversations)),
        on(Method::GET, "/api/v1/teams", Exactly(ApiScope::ConversationsRead)),
        any("/api/v1/teams", Forbidden),
        // The CRM.
        any("/api/v1/contacts", Family(F::Contacts)),
        any("/api/v1/contact-fields", Family(F::Contacts)),
        any("/api/v1/labels", Family(F::Contacts)),
        any("/api/v1/pipelines", Family(F::Contacts)),
        any("/api/v1/deals", Family(F::Contacts)),
        any("/api/v1/tickets", Family(F::Contacts)),
        any("/api/v1/campaigns", Family(F::Campaigns)),
        any("/api/v1/suppressions", Family(F::Campaigns)),
        any("/api/v1/flows", Family(F::Flows)),
        any("/api/v1/flow-runs", Family(F::Flows)),
        // Outbound webhooks and automations.
        any("/api/v1/webhooks", Family(F::Webhooks)),
        any("/api/v1/automations", Family(F::Webhooks)),
    ]
}

fn covers(rule: &str, template: &str) -> bool {
    template == rule || template.strip_prefix(rule).is_some_and(|rest| rest.starts_with('/'))
}

/// What a key needs for `method` on the route `template`; `None`: the table does not name it (refused to keys).
pub fn need(method: &Method, template: &str) -> Option<Need> {
    let rule =
        rules().into_iter().find(|r| r.method.as_ref().is_none_or(|m| m == method) && covers(r.path, template))?;
    let read = *method == Method::GET || *method == Method::HEAD;
    Some(match rule.grant {
        Forbidden => Need::KeyForbidden,
        Exactly(s) => Need::Scope(s),
        Family(f) if read => Need::Scope(ApiScope::new(f, Access::Read)),
        Family(f) if f.writable() => Need::Scope(ApiScope::new(f, Access::Write)),
        Family(_) => Need::KeyForbidden,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exceptions_win_over_their_family_and_prefixes_match_whole_segments() {
        let post = Method::POST;
        assert_eq!(need(&post, "/api/v1/conversations/{id}/messages"), Some(Need::Scope(ApiScope::MessagesWrite)));
        assert_eq!(
            need(&Method::GET, "/api/v1/conversations/{id}/messages"),
            Some(Need::Scope(ApiScope::ConversationsRead))
        );
        assert_eq!(need(&post, "/api/v1/contacts/{id}/merge"), Some(Need::Scope(ApiScope::ContactsWrite)));
        assert_eq!(need(&post, "/api/v1/webhooks/stripe"), Some(Need::KeyForbidden));
        assert_eq!(need(&post, "/api/v1/webhooks/{id}/test"), Some(Need::Scope(ApiScope::WebhooksWrite)));
        assert_eq!(need(&post, "/api/v1/billing/change"), Some(Need::KeyForbidden));
        assert_eq!(need(&Method::GET, "/api/v1/billing"), Some(Need::Scope(ApiScope::BillingRead)));
        assert_eq!(need(&Method::GET, "/api/v1/contacts-export"), None);
        assert_eq!(need(&Method::GET, "/api/v1/something-new"), None);
    }
}
