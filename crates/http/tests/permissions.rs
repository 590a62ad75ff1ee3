//! Agents answer customers; they do not manage the workspace. Every operation of the API, called with
//! an agent's token, is refused unless this table says agents may use it. The table is checked against
//! the OpenAPI document, so a new endpoint cannot be forgotten.

use axum::http::{Method, StatusCode};
use parley_test_support::{TestApp, api_operations, path_matches};
use serde_json::{Value, json};

/// (method, path template, body, what an agent gets)
fn table(agent: &str) -> Vec<(Method, String, Option<Value>, StatusCode)> {
    let any = "0190a4f2-0000-7000-8000-000000000001";
    let s = |p: &str| p.replace("{id}", any);
    vec![
        (Method::GET, "/api/v1/users".into(), None, StatusCode::FORBIDDEN),
        (
            Method::POST,
            "/api/v1/users".into(),
            Some(json!({ "email": "x@example.com", "name": "X", "role": "agent", "password": "long-enough-1" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, format!("/api/v1/users/{agent}"), None, StatusCode::OK),
        (Method::GET, s("/api/v1/users/{id}"), None, StatusCode::FORBIDDEN),
        (Method::PATCH, s("/api/v1/users/{id}"), Some(json!({ "name": "X" })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/users/{id}"), None, StatusCode::FORBIDDEN),
        (Method::PATCH, s("/api/v1/users/{id}/status"), Some(json!({ "status": "disabled" })), StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/team/summary".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/invitations".into(), None, StatusCode::FORBIDDEN),
        (
            Method::POST,
            "/api/v1/invitations".into(),
            Some(json!({ "email": "y@example.com", "role": "agent" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::POST, s("/api/v1/invitations/{id}/resend"), None, StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/invitations/{id}"), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/api-keys".into(), None, StatusCode::FORBIDDEN),
        (Method::POST, "/api/v1/api-keys".into(), Some(json!({ "name": "k" })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/api-keys/{id}"), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/audit-logs".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/admin/tenants".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/admin/tenants/{id}"), None, StatusCode::FORBIDDEN),
        (Method::PATCH, s("/api/v1/admin/tenants/{id}"), Some(json!({ "status": "suspended" })), StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/admin/stats".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/admin/backups".into(), None, StatusCode::FORBIDDEN),
        (Method::POST, "/api/v1/admin/backups".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/admin/backups/{id}"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/admin/backups/{id}/verify"), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/admin/backups/{id}/download"), None, StatusCode::FORBIDDEN),
        // Operations: the platform admin's System page.
        (Method::GET, "/api/v1/admin/system/health".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/admin/system/maintenance".into(), None, StatusCode::FORBIDDEN),
        (
            Method::PUT,
            "/api/v1/admin/system/maintenance".into(),
            Some(json!({ "enabled": true })),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, "/api/v1/admin/analytics".into(), None, StatusCode::FORBIDDEN),
        // Analytics: agents read their own numbers (the service narrows every report to them); the weekly mail is a
        // manager's.
        (Method::GET, "/api/v1/analytics/dashboard".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/analytics/conversations".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/analytics/agents".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/analytics/campaigns".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/analytics/flows".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/analytics/contacts".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/analytics/export?report=agents".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/analytics/report-schedule".into(), None, StatusCode::FORBIDDEN),
        (
            Method::PUT,
            "/api/v1/analytics/report-schedule".into(),
            Some(json!({ "weekday": 1, "hour": 9 })),
            StatusCode::FORBIDDEN,
        ),
        (Method::DELETE, "/api/v1/analytics/report-schedule".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/admin/prices".into(), None, StatusCode::FORBIDDEN),
        (
            Method::PUT,
            "/api/v1/admin/prices".into(),
            Some(json!({ "currency": "EUR", "prices": [] })),
            StatusCode::FORBIDDEN,
        ),
        // WhatsApp numbers: agents see them (to pick templates), managers manage them.
        (Method::GET, "/api/v1/whatsapp/connections".into(), None, StatusCode::OK),
        (
            Method::POST,
            "/api/v1/whatsapp/connections".into(),
            Some(
                json!({ "kind": "cloud", "name": "X", "phoneNumberId": "1", "wabaId": "2", "accessToken": "t", "appSecret": "s" }),
            ),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, s("/api/v1/whatsapp/connections/{id}"), None, StatusCode::NOT_FOUND),
        (Method::PATCH, s("/api/v1/whatsapp/connections/{id}"), Some(json!({ "name": "X" })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/whatsapp/connections/{id}"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/whatsapp/connections/{id}/test"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/whatsapp/connections/{id}/qr"), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/whatsapp/connections/{id}/templates"), None, StatusCode::NOT_FOUND),
        (
            Method::POST,
            s("/api/v1/whatsapp/connections/{id}/templates"),
            Some(json!({ "name": "x", "language": "en", "category": "UTILITY", "components": [] })),
            StatusCode::FORBIDDEN,
        ),
        (Method::POST, s("/api/v1/whatsapp/connections/{id}/templates/sync"), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/whatsapp/connections/{id}/events"), None, StatusCode::FORBIDDEN),
        // Customers and conversations are the agents' work (a missing id answers 404, not 403).
        (Method::GET, "/api/v1/contacts".into(), None, StatusCode::OK),
        (Method::POST, "/api/v1/contacts".into(), Some(json!({ "phone": "nope" })), StatusCode::UNPROCESSABLE_ENTITY),
        (Method::GET, s("/api/v1/contacts/{id}"), None, StatusCode::NOT_FOUND),
        (Method::PATCH, s("/api/v1/contacts/{id}"), Some(json!({ "name": "X" })), StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/conversations".into(), None, StatusCode::OK),
        (
            Method::POST,
            "/api/v1/conversations".into(),
            Some(json!({ "contactId": any, "connectionId": any })),
            StatusCode::NOT_FOUND,
        ),
        (Method::GET, s("/api/v1/conversations/{id}"), None, StatusCode::NOT_FOUND),
        (Method::PATCH, s("/api/v1/conversations/{id}"), Some(json!({ "status": "resolved" })), StatusCode::NOT_FOUND),
        (Method::POST, s("/api/v1/conversations/{id}/read"), None, StatusCode::NOT_FOUND),
        (Method::GET, s("/api/v1/conversations/{id}/messages"), None, StatusCode::NOT_FOUND),
        (
            Method::POST,
            s("/api/v1/conversations/{id}/messages"),
            Some(json!({ "type": "text", "text": "hi" })),
            StatusCode::NOT_FOUND,
        ),
        (Method::GET, s("/api/v1/messages/{id}"), None, StatusCode::NOT_FOUND),
        (Method::POST, s("/api/v1/messages/{id}/retry"), None, StatusCode::NOT_FOUND),
        (Method::POST, "/api/v1/media".into(), None, StatusCode::BAD_REQUEST),
        (Method::GET, s("/api/v1/media/{id}"), None, StatusCode::NOT_FOUND),
        (Method::POST, s("/api/v1/media/{id}/retry"), None, StatusCode::NOT_FOUND),
        // The team inbox: agents work conversations and read the set-up; managers change the set-up.
        (Method::GET, "/api/v1/conversations/counts".into(), None, StatusCode::OK),
        (
            Method::PATCH,
            s("/api/v1/conversations/{id}/assign"),
            Some(json!({ "assigneeId": null })),
            StatusCode::NOT_FOUND,
        ),
        (Method::POST, s("/api/v1/conversations/{id}/notes"), Some(json!({ "text": "n" })), StatusCode::NOT_FOUND),
        (Method::PUT, s("/api/v1/conversations/{id}/labels"), Some(json!({ "labelIds": [] })), StatusCode::NOT_FOUND),
        (Method::PUT, s("/api/v1/contacts/{id}/labels"), Some(json!({ "labelIds": [] })), StatusCode::NOT_FOUND),
        // Contacts: agents read, edit, label, filter, export and save segments; managers delete, merge,
        // import and define fields and consent keywords.
        (Method::GET, "/api/v1/contacts/count".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/contacts/export".into(), None, StatusCode::OK),
        (Method::DELETE, s("/api/v1/contacts/{id}"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/contacts/{id}/tags"), Some(json!({ "labelIds": [] })), StatusCode::NOT_FOUND),
        (
            Method::DELETE,
            s("/api/v1/contacts/{id}/tags/{labelId}").replace("{labelId}", any),
            None,
            StatusCode::NOT_FOUND,
        ),
        (Method::PUT, s("/api/v1/contacts/{id}/consent"), Some(json!({ "status": "opted_in" })), StatusCode::NOT_FOUND),
        (Method::GET, s("/api/v1/contacts/{id}/timeline"), None, StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/settings/security/ip-allowlist".into(), None, StatusCode::FORBIDDEN),
        (
            Method::PUT,
            "/api/v1/settings/security/ip-allowlist".into(),
            Some(json!({ "entries": [] })),
            StatusCode::FORBIDDEN,
        ),
        // Website widgets: owners and managers; a widget conversation's visitor is read like the conversation.
        (Method::GET, "/api/v1/widgets".into(), None, StatusCode::FORBIDDEN),
        (Method::POST, "/api/v1/widgets".into(), Some(json!({ "name": "Site" })), StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/widgets/{id}"), None, StatusCode::FORBIDDEN),
        (Method::PATCH, s("/api/v1/widgets/{id}"), Some(json!({ "name": "X" })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/widgets/{id}"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/widgets/{id}/identity-secret"), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/conversations/{id}/visitor"), None, StatusCode::NOT_FOUND),
        // The workspace's language: everyone reads it, the owner changes it. The platform's wording of web strings:
        // anyone reads a language's, the platform admin writes them.
        (Method::GET, "/api/v1/settings/language".into(), None, StatusCode::OK),
        (Method::PUT, "/api/v1/settings/language".into(), Some(json!({ "language": "ja" })), StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/strings/ja".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/admin/strings/ja".into(), None, StatusCode::FORBIDDEN),
        (Method::PUT, "/api/v1/admin/strings/ja/nav.team".into(), Some(json!({ "value": "x" })), StatusCode::FORBIDDEN),
        (Method::DELETE, "/api/v1/admin/strings/ja/nav.team".into(), None, StatusCode::FORBIDDEN),
        // The brand: owners and managers; its public face (by host, and its images) is anyone's.
        (Method::GET, "/api/v1/brand".into(), None, StatusCode::OK),
        (Method::GET, format!("/api/v1/brand/assets/{any}/favicon"), None, StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/settings/brand".into(), None, StatusCode::FORBIDDEN),
        (Method::PUT, "/api/v1/settings/brand".into(), Some(json!({ "productName": "Mine" })), StatusCode::FORBIDDEN),
        (Method::PUT, "/api/v1/settings/brand/assets/favicon".into(), Some(json!({})), StatusCode::FORBIDDEN),
        (Method::DELETE, "/api/v1/settings/brand/assets/favicon".into(), None, StatusCode::FORBIDDEN),
        // Privacy: exporting a person's data is for managers and owners, erasing and the workspace's data for owners.
        (Method::GET, s("/api/v1/contacts/{id}/export"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/contacts/{id}/erase"), Some(json!({ "confirm": "x" })), StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/settings/data/privacy".into(), None, StatusCode::FORBIDDEN),
        (
            Method::PUT,
            "/api/v1/settings/data/privacy".into(),
            Some(json!({ "retentionDays": 30 })),
            StatusCode::FORBIDDEN,
        ),
        (Method::POST, "/api/v1/settings/data/export".into(), Some(json!({})), StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/settings/data/exports".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/settings/data/exports/{id}/download"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/contacts/{id}/merge"), Some(json!({ "otherId": any })), StatusCode::FORBIDDEN),
        (
            Method::POST,
            "/api/v1/contacts/bulk".into(),
            Some(json!({ "selection": { "ids": [any] }, "action": "delete" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, "/api/v1/contacts/consent-settings".into(), None, StatusCode::OK),
        (
            Method::PUT,
            "/api/v1/contacts/consent-settings".into(),
            Some(json!({ "optOutKeywords": ["stop"], "optInKeywords": ["start"] })),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, "/api/v1/contact-fields".into(), None, StatusCode::OK),
        (
            Method::POST,
            "/api/v1/contact-fields".into(),
            Some(json!({ "key": "k", "label": "K", "kind": "text" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::PATCH, s("/api/v1/contact-fields/{id}"), Some(json!({ "label": "K" })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/contact-fields/{id}"), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/contacts/segments".into(), None, StatusCode::OK),
        (
            Method::POST,
            "/api/v1/contacts/segments".into(),
            Some(json!({ "name": "Agent's", "criteria": { "op": "and", "conditions": [] } })),
            StatusCode::CREATED,
        ),
        (Method::GET, s("/api/v1/contacts/segments/{id}"), None, StatusCode::NOT_FOUND),
        (Method::PATCH, s("/api/v1/contacts/segments/{id}"), Some(json!({ "name": "X" })), StatusCode::NOT_FOUND),
        (Method::DELETE, s("/api/v1/contacts/segments/{id}"), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/contacts/segments/{id}/count"), None, StatusCode::NOT_FOUND),
        (Method::POST, "/api/v1/contacts/import".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/contacts/imports".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/contacts/imports/{id}"), None, StatusCode::FORBIDDEN),
        (
            Method::POST,
            s("/api/v1/contacts/imports/{id}/start"),
            Some(json!({ "mapping": {}, "consent": { "status": "unknown" } })),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, s("/api/v1/contacts/imports/{id}/errors.csv"), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/labels".into(), None, StatusCode::OK),
        (Method::POST, "/api/v1/labels".into(), Some(json!({ "name": "VIP" })), StatusCode::FORBIDDEN),
        (Method::PATCH, s("/api/v1/labels/{id}"), Some(json!({ "name": "X" })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/labels/{id}"), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/canned-responses".into(), None, StatusCode::OK),
        (
            Method::POST,
            "/api/v1/canned-responses".into(),
            Some(json!({ "shortcut": "hi", "title": "Hi", "content": "Hello" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::PATCH, s("/api/v1/canned-responses/{id}"), Some(json!({ "title": "X" })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/canned-responses/{id}"), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/teams".into(), None, StatusCode::OK),
        (Method::POST, "/api/v1/teams".into(), Some(json!({ "name": "Sales" })), StatusCode::FORBIDDEN),
        (Method::PATCH, s("/api/v1/teams/{id}"), Some(json!({ "name": "X" })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/teams/{id}"), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/agents".into(), None, StatusCode::OK),
        (Method::PATCH, "/api/v1/agents/me".into(), Some(json!({ "status": "busy" })), StatusCode::OK),
        (Method::PATCH, s("/api/v1/agents/{id}"), Some(json!({ "capacity": 3 })), StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/inbox/settings".into(), None, StatusCode::OK),
        (
            Method::PUT,
            "/api/v1/inbox/settings".into(),
            Some(json!({ "timezone": "UTC", "businessHoursEnabled": false, "businessHours": [],
                         "awayMessageEnabled": false, "awayMessage": "", "autoAssign": "off", "defaultCapacity": 5 })),
            StatusCode::FORBIDDEN,
        ),
        // Deals and tickets are the agents' work; pipelines are shaped, and deals and tickets deleted, by managers.
        (Method::GET, "/api/v1/pipelines".into(), None, StatusCode::OK),
        (Method::POST, "/api/v1/pipelines".into(), Some(json!({ "name": "Mine" })), StatusCode::FORBIDDEN),
        (Method::PATCH, s("/api/v1/pipelines/{id}"), Some(json!({ "name": "Mine" })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/pipelines/{id}"), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/deals".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/deals/board".into(), None, StatusCode::OK),
        (Method::POST, "/api/v1/deals".into(), Some(json!({ "title": "x", "contactId": any })), StatusCode::NOT_FOUND),
        (Method::GET, s("/api/v1/deals/{id}"), None, StatusCode::NOT_FOUND),
        (Method::PATCH, s("/api/v1/deals/{id}"), Some(json!({ "title": "x" })), StatusCode::NOT_FOUND),
        (Method::DELETE, s("/api/v1/deals/{id}"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/deals/{id}/move"), Some(json!({ "stageId": any })), StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/tickets".into(), None, StatusCode::OK),
        (
            Method::POST,
            "/api/v1/tickets".into(),
            Some(json!({ "subject": "x", "contactId": any })),
            StatusCode::NOT_FOUND,
        ),
        (Method::GET, s("/api/v1/tickets/{id}"), None, StatusCode::NOT_FOUND),
        (Method::PATCH, s("/api/v1/tickets/{id}"), Some(json!({ "status": "closed" })), StatusCode::NOT_FOUND),
        (Method::DELETE, s("/api/v1/tickets/{id}"), None, StatusCode::FORBIDDEN),
        (
            Method::PUT,
            s("/api/v1/tickets/{id}/conversations"),
            Some(json!({ "conversationIds": [] })),
            StatusCode::NOT_FOUND,
        ),
        (Method::GET, s("/api/v1/tickets/{id}/comments"), None, StatusCode::NOT_FOUND),
        (Method::POST, s("/api/v1/tickets/{id}/comments"), Some(json!({ "body": "x" })), StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/dashboard/crm".into(), None, StatusCode::OK),
        // Billing: agents see the plan, its usage and the plans on offer; the owner pays and changes the plan.
        (Method::GET, "/api/v1/billing".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/billing/plans".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/billing/invoices".into(), None, StatusCode::FORBIDDEN),
        (Method::POST, "/api/v1/billing/checkout".into(), Some(json!({ "planId": any })), StatusCode::FORBIDDEN),
        (Method::POST, "/api/v1/billing/preview".into(), Some(json!({ "planId": any })), StatusCode::FORBIDDEN),
        (Method::POST, "/api/v1/billing/change".into(), Some(json!({ "planId": any })), StatusCode::FORBIDDEN),
        (Method::POST, "/api/v1/billing/cancel".into(), None, StatusCode::FORBIDDEN),
        (Method::POST, "/api/v1/billing/resume".into(), None, StatusCode::FORBIDDEN),
        (Method::POST, "/api/v1/billing/refresh".into(), None, StatusCode::FORBIDDEN),
        (Method::POST, "/api/v1/billing/portal".into(), None, StatusCode::FORBIDDEN),
        // The platform's plans and every workspace's billing are the platform admin's.
        (Method::GET, "/api/v1/admin/plans".into(), None, StatusCode::FORBIDDEN),
        (
            Method::POST,
            "/api/v1/admin/plans".into(),
            Some(json!({ "name": "Mine", "prices": [{ "cycle": "monthly", "amount": 0 }] })),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::PATCH,
            s("/api/v1/admin/plans/{id}"),
            Some(json!({ "name": "Mine", "prices": [{ "cycle": "monthly", "amount": 0 }] })),
            StatusCode::FORBIDDEN,
        ),
        (Method::POST, s("/api/v1/admin/plans/{id}/archive"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/admin/plans/{id}/default"), None, StatusCode::FORBIDDEN),
        (Method::PUT, "/api/v1/admin/plans/order".into(), Some(json!({ "ids": [] })), StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/admin/billing".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/admin/tenants/{id}/billing"), None, StatusCode::FORBIDDEN),
        (
            Method::PUT,
            s("/api/v1/admin/tenants/{id}/billing/overrides"),
            Some(json!({ "limits": { "maxContacts": 10 }, "reason": "goodwill" })),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::POST,
            s("/api/v1/admin/tenants/{id}/billing/extend-trial"),
            Some(json!({ "days": 7, "reason": "goodwill" })),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::POST,
            s("/api/v1/admin/tenants/{id}/billing/assign"),
            Some(json!({ "planId": any, "reason": "goodwill" })),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::POST,
            s("/api/v1/admin/tenants/{id}/billing/invoices"),
            Some(json!({ "amount": 100, "description": "Setup" })),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::POST,
            s("/api/v1/admin/tenants/{id}/billing/invoices/{invoiceId}/paid").replace("{invoiceId}", any),
            None,
            StatusCode::FORBIDDEN,
        ),
        // Campaigns: agents see them, their recipients and stats; managers build, launch and steer them.
        (Method::GET, "/api/v1/campaigns".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/campaigns/prices".into(), None, StatusCode::OK),
        (Method::POST, "/api/v1/campaigns".into(), Some(json!({ "name": "Mine" })), StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/campaigns/{id}"), None, StatusCode::NOT_FOUND),
        (Method::PATCH, s("/api/v1/campaigns/{id}"), Some(json!({ "name": "Mine" })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/campaigns/{id}"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/campaigns/{id}/csv"), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/campaigns/{id}/preview"), None, StatusCode::NOT_FOUND),
        (Method::GET, s("/api/v1/campaigns/{id}/estimate"), None, StatusCode::NOT_FOUND),
        (
            Method::POST,
            s("/api/v1/campaigns/{id}/schedule"),
            Some(json!({ "scheduleAt": "2099-01-01T09:00:00Z" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::POST, s("/api/v1/campaigns/{id}/start"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/campaigns/{id}/pause"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/campaigns/{id}/resume"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/campaigns/{id}/cancel"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/campaigns/{id}/retry-failed"), None, StatusCode::FORBIDDEN),
        (
            Method::POST,
            s("/api/v1/campaigns/{id}/test-send"),
            Some(json!({ "phone": "+14155550100" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, s("/api/v1/campaigns/{id}/messages"), None, StatusCode::NOT_FOUND),
        (Method::GET, s("/api/v1/campaigns/{id}/stats"), None, StatusCode::NOT_FOUND),
        (Method::GET, s("/api/v1/campaigns/{id}/export"), None, StatusCode::NOT_FOUND),
        (Method::GET, "/api/v1/suppressions".into(), None, StatusCode::OK),
        (
            Method::POST,
            "/api/v1/suppressions".into(),
            Some(json!({ "phones": ["+14155550100"] })),
            StatusCode::FORBIDDEN,
        ),
        (Method::DELETE, "/api/v1/suppressions/+14155550100".into(), None, StatusCode::FORBIDDEN),
        // Flows: agents see them, their runs and traces, start and stop runs; managers build them.
        (Method::GET, "/api/v1/flows".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/flows/templates".into(), None, StatusCode::OK),
        (Method::POST, "/api/v1/flows".into(), Some(json!({ "name": "Mine" })), StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/flows/{id}"), None, StatusCode::NOT_FOUND),
        (
            Method::PUT,
            s("/api/v1/flows/{id}"),
            Some(json!({ "name": "X", "trigger": { "kind": "manual" }, "draft": { "nodes": [] } })),
            StatusCode::FORBIDDEN,
        ),
        (Method::DELETE, s("/api/v1/flows/{id}"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/flows/{id}/publish"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/flows/{id}/pause"), Some(json!({})), StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/flows/{id}/resume"), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/flows/{id}/versions"), None, StatusCode::NOT_FOUND),
        (Method::GET, s("/api/v1/flows/{id}/versions/1"), None, StatusCode::NOT_FOUND),
        (Method::GET, s("/api/v1/flows/{id}/versions/1/diff"), None, StatusCode::NOT_FOUND),
        (Method::POST, s("/api/v1/flows/{id}/versions/1/restore"), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/flows/{id}/executions"), None, StatusCode::NOT_FOUND),
        (Method::POST, s("/api/v1/flows/{id}/executions"), Some(json!({ "contactId": any })), StatusCode::NOT_FOUND),
        (Method::GET, s("/api/v1/flows/{id}/analytics"), None, StatusCode::NOT_FOUND),
        (Method::POST, s("/api/v1/flows/{id}/sandbox"), Some(json!({})), StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/flows/{id}/sandbox/{id}"), None, StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/flows/{id}/sandbox/{id}"), None, StatusCode::FORBIDDEN),
        (
            Method::POST,
            s("/api/v1/flows/{id}/sandbox/{id}/messages"),
            Some(json!({ "text": "hi" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::POST, s("/api/v1/flows/{id}/sandbox/{id}/skip"), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/flow-runs/{id}"), None, StatusCode::NOT_FOUND),
        (Method::POST, s("/api/v1/flow-runs/{id}/stop"), None, StatusCode::NOT_FOUND),
        (Method::GET, s("/api/v1/conversations/{id}/bot"), None, StatusCode::NOT_FOUND),
        // Outbound webhooks: managers and owners only; the event catalogue is public to the workspace.
        (Method::GET, "/api/v1/webhooks/events".into(), None, StatusCode::OK),
        (Method::GET, "/api/v1/webhooks".into(), None, StatusCode::FORBIDDEN),
        (
            Method::POST,
            "/api/v1/webhooks".into(),
            Some(json!({ "url": "https://example.com/h", "events": ["*"] })),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, s("/api/v1/webhooks/{id}"), None, StatusCode::FORBIDDEN),
        (Method::PATCH, s("/api/v1/webhooks/{id}"), Some(json!({ "enabled": false })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/webhooks/{id}"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/webhooks/{id}/test"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/webhooks/{id}/roll-secret"), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/webhooks/{id}/logs"), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/webhooks/{id}/logs/1"), None, StatusCode::FORBIDDEN),
        (Method::POST, s("/api/v1/webhooks/{id}/logs/1/replay"), None, StatusCode::FORBIDDEN),
        // Automations: agents read rules and their run logs; managers and owners write them.
        (Method::GET, "/api/v1/automations".into(), None, StatusCode::OK),
        (
            Method::POST,
            "/api/v1/automations".into(),
            Some(json!({ "name": "Mine", "trigger": { "kind": "contactCreated" },
                         "actions": [ { "type": "stopOtherRules" } ] })),
            StatusCode::FORBIDDEN,
        ),
        (Method::POST, "/api/v1/automations/reorder".into(), Some(json!({ "ids": [any] })), StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/automations/{id}"), None, StatusCode::NOT_FOUND),
        (Method::PATCH, s("/api/v1/automations/{id}"), Some(json!({ "name": "Mine" })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/automations/{id}"), None, StatusCode::FORBIDDEN),
        (Method::PATCH, s("/api/v1/automations/{id}/status"), Some(json!({ "enabled": false })), StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/automations/{id}/runs"), None, StatusCode::NOT_FOUND),
        // Agencies: the agency's pages are its owners' and managers'; a client's support settings its owners'; the
        // agencies' caps and list the platform admin's.
        (Method::GET, "/api/v1/agency".into(), None, StatusCode::FORBIDDEN),
        (Method::PATCH, "/api/v1/agency".into(), Some(json!({ "billingMode": "client" })), StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/agency/clients".into(), None, StatusCode::FORBIDDEN),
        (
            Method::POST,
            "/api/v1/agency/clients".into(),
            Some(json!({ "name": "Client", "ownerEmail": "c@example.com", "planId": any })),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, s("/api/v1/agency/clients/{id}"), None, StatusCode::FORBIDDEN),
        (
            Method::PATCH,
            s("/api/v1/agency/clients/{id}"),
            Some(json!({ "status": "suspended" })),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::POST,
            s("/api/v1/agency/clients/{id}/support"),
            Some(json!({ "minutes": 30, "reason": "help" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::DELETE, s("/api/v1/agency/clients/{id}/support"), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/agency/plans".into(), None, StatusCode::FORBIDDEN),
        (
            Method::POST,
            "/api/v1/agency/plans".into(),
            Some(json!({ "name": "Plan", "monthlyAmount": 100 })),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::PATCH,
            s("/api/v1/agency/plans/{id}"),
            Some(json!({ "name": "Plan", "monthlyAmount": 100 })),
            StatusCode::FORBIDDEN,
        ),
        (Method::DELETE, s("/api/v1/agency/plans/{id}"), None, StatusCode::FORBIDDEN),
        (Method::GET, "/api/v1/settings/agency-support".into(), None, StatusCode::FORBIDDEN),
        (
            Method::PUT,
            "/api/v1/settings/agency-support".into(),
            Some(json!({ "enabled": false })),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, "/api/v1/admin/agencies".into(), None, StatusCode::FORBIDDEN),
        (Method::GET, s("/api/v1/admin/tenants/{id}/agency"), None, StatusCode::FORBIDDEN),
        (Method::PUT, s("/api/v1/admin/tenants/{id}/agency"), Some(json!({ "maxClients": 3 })), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/admin/tenants/{id}/agency"), None, StatusCode::FORBIDDEN),
        // Agency billing: the agency's pool and billing mode are its owners' and managers' (the mode its owners'); a
        // client's billing through its agency is read by everyone of it (an agent of a workspace without an agency is
        // told so) and paid by its owners.
        (Method::GET, "/api/v1/agency/billing".into(), None, StatusCode::FORBIDDEN),
        (
            Method::PUT,
            "/api/v1/agency/billing/mode".into(),
            Some(json!({ "billingMode": "agency" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, "/api/v1/billing/agency".into(), None, StatusCode::CONFLICT),
        (Method::POST, "/api/v1/billing/agency/checkout".into(), Some(json!({ "planId": any })), StatusCode::FORBIDDEN),
        // Branded mail: the templates' texts and the sender are the owners'.
        (Method::GET, "/api/v1/settings/mail/templates".into(), None, StatusCode::FORBIDDEN),
        (
            Method::PUT,
            "/api/v1/settings/mail/templates/welcome/en".into(),
            Some(json!({ "subject": "Hi", "body": "Hello" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::DELETE, "/api/v1/settings/mail/templates/welcome/en".into(), None, StatusCode::FORBIDDEN),
        (
            Method::POST,
            "/api/v1/settings/mail/templates/welcome/en/preview".into(),
            Some(json!({})),
            StatusCode::FORBIDDEN,
        ),
        (
            Method::POST,
            "/api/v1/settings/mail/templates/welcome/en/test".into(),
            Some(json!({})),
            StatusCode::FORBIDDEN,
        ),
        (Method::GET, "/api/v1/settings/mail/sender".into(), None, StatusCode::FORBIDDEN),
        (Method::PUT, "/api/v1/settings/mail/sender".into(), Some(json!({ "fromName": "X" })), StatusCode::FORBIDDEN),
        (Method::POST, "/api/v1/settings/mail/sender/verify".into(), Some(json!({})), StatusCode::FORBIDDEN),
        // Custom domains: owners and managers of a workspace that may brand.
        (Method::GET, "/api/v1/settings/domains".into(), None, StatusCode::FORBIDDEN),
        (
            Method::POST,
            "/api/v1/settings/domains".into(),
            Some(json!({ "domain": "app.x.test" })),
            StatusCode::FORBIDDEN,
        ),
        (Method::POST, s("/api/v1/settings/domains/{id}/check"), Some(json!({})), StatusCode::FORBIDDEN),
        (Method::DELETE, s("/api/v1/settings/domains/{id}"), None, StatusCode::FORBIDDEN),
    ]
}

/// Operations anyone may call for themselves (sign-in, own profile) or without signing in.
/// Webhooks are authenticated by the provider's signature, not by a person (see tests/channel.rs).
fn personal(path: &str) -> bool {
    path.starts_with("/api/v1/auth/")
        || path.starts_with("/api/v1/webhooks/whatsapp/")
        || path.starts_with("/api/v1/webhooks/wasender/")
        || path == "/api/v1/webhooks/stripe"
        || path.starts_with("/api/v1/public/")
        || path.starts_with("/api/v1/widget/")
        || path == "/api/v1/config"
        || path == "/api/v1/dev/mailbox"
        || path == "/api/v1/dev/webhook-sink"
        || path == "/api/v1/dev/dns/records"
}

#[tokio::test]
async fn an_agent_is_refused_every_management_operation() {
    let app = TestApp::spawn().await;
    let owner = app.signup("Acme").await;
    let agent = app.add_member(&owner, "agent").await;
    let cases = table(&agent.user_id.to_string());

    for (m, path) in api_operations().into_iter().filter(|(_, p)| !personal(p)) {
        // A case may carry a query string (the operation needs one); the operation is its path.
        let covered = cases
            .iter()
            .any(|(cm, cp, _, _)| cm.as_str() == m && path_matches(&path, cp.split('?').next().unwrap_or(cp)));
        assert!(covered, "{m} {path} is not in the agent permission table");
    }

    let before = app.get("/api/v1/audit-logs", &owner.token).await.body["total"].clone();
    for (method, path, body, expected) in cases {
        let res = app.call(method.clone(), &path, Some(&agent.token), body).await;
        assert_eq!(res.status, expected, "{method} {path}: {}", res.body);
        if expected == StatusCode::FORBIDDEN {
            assert_eq!(res.code(), "forbidden", "{method} {path}");
        }
    }
    let after = app.get("/api/v1/audit-logs", &owner.token).await.body["total"].clone();
    assert_eq!(before, after, "refused calls changed nothing");
}
