//! The events integrations can subscribe to: each kind's meaning, the schema of its data (a component of the
//! OpenAPI document) and an example body. The web page, `GET /webhooks/events` and docs/webhooks.md read it.

use super::dto::EventKind;
use serde_json::{Value, json};

/// (kind, description, data schema).
pub const KINDS: &[(&str, &str, &str)] = &[
    ("message.created", "A message was received from or sent to a customer (internal notes never leave).", "Message"),
    ("message.status", "A sent message's state changed: sent, delivered, read or failed.", "Message"),
    ("conversation.created", "A conversation was opened with a contact on a number.", "Conversation"),
    ("conversation.updated", "A conversation changed: status, last message, labels, unread count.", "Conversation"),
    (
        "conversation.assigned",
        "A conversation was assigned to (or unassigned from) a member or a team.",
        "Conversation",
    ),
    ("conversation.resolved", "A conversation was marked resolved.", "Conversation"),
    ("contact.created", "A contact was created by a person or through the API.", "Contact"),
    ("contact.updated", "A contact's details, fields, labels or consent changed.", "Contact"),
    ("deal.stage_changed", "A deal moved to another stage (won and lost are stages too).", "Deal"),
    ("ticket.created", "A ticket was opened.", "Ticket"),
    ("ticket.updated", "A ticket's status, priority, assignee or due date changed.", "Ticket"),
    ("campaign.completed", "A campaign finished: every recipient is in a final state.", "CampaignProgress"),
    ("flow.completed", "A chatbot flow run ended: completed, handed off, stopped or failed.", "FlowRunEnded"),
    (
        "subscription.updated",
        "The workspace's subscription changed (plan, state, period), as Stripe reported it.",
        "SubscriptionChanged",
    ),
];

/// Every kind, for validating subscriptions; `*` subscribes to all.
pub fn is_kind(kind: &str) -> bool {
    KINDS.iter().any(|(k, _, _)| *k == kind)
}

/// The body of a delivery: the same envelope for every kind.
pub fn envelope(
    event_id: i64,
    kind: &str,
    at: chrono::DateTime<chrono::Utc>,
    tenant: uuid::Uuid,
    data: &Value,
) -> Value {
    json!({ "id": event_id_text(event_id), "type": kind, "createdAt": at, "workspaceId": tenant, "data": data })
}

/// Receivers deduplicate on this id: a replay or a retry carries the same one.
pub fn event_id_text(id: i64) -> String {
    format!("evt_{id}")
}

fn example_data(kind: &str) -> Value {
    let conversation = json!({
        "id": "0193a5e2-7c1d-7b3e-9a41-2f6c8d0e1a22", "contactId": "0193a5e2-6b10-7f2a-8c55-1d2e3f4a5b6c",
        "connectionId": "0193a5e1-0f00-7aaa-8bbb-0c0d0e0f1a2b", "status": "open", "contactName": "Layla Haddad",
        "contactPhone": "+971501234567", "assigneeId": null, "teamId": null, "unreadCount": 1,
        "lastMessageAt": "2026-12-06T09:30:00Z", "lastMessagePreview": "Is my order on its way?"
    });
    match kind {
        "message.created" | "message.status" => json!({
            "id": "0193a5e2-8d2e-7c4f-8b52-3a7d9e1f2b33", "conversationId": conversation["id"], "direction": "inbound",
            "type": "text", "content": { "text": "Is my order on its way?" }, "media": null,
            "status": if kind == "message.status" { "read" } else { "received" }, "error": null,
            "waMessageId": "wamid.HBgLOTcxNTAxMjM0NTY3FQIAEhgUM0E", "attempts": 0,
            "createdAt": "2026-12-06T09:30:00Z"
        }),
        "conversation.assigned" => {
            let mut c = conversation;
            c["assigneeId"] = json!("0193a5e0-1111-7222-8333-444455556666");
            c["assignedBy"] = json!("0193a5e0-9999-7888-8777-666655554444");
            c
        }
        "conversation.resolved" => {
            let mut c = conversation;
            c["status"] = json!("resolved");
            c
        }
        "contact.created" | "contact.updated" => json!({
            "id": conversation["contactId"], "phone": "+971501234567", "name": "Layla Haddad", "email": null,
            "customFields": { "city": "Dubai" }, "labels": [{ "id": "0193a5e0-aaaa-7bbb-8ccc-dddd0000eeee", "name": "VIP" }],
            "consent": { "state": "opted_in", "source": "form" }, "createdAt": "2026-12-06T09:29:58Z"
        }),
        "deal.stage_changed" => json!({
            "id": "0193a5e3-0000-7111-8222-333344445555", "pipelineId": "0193a5e0-5555-7666-8777-888899990000",
            "stageId": "0193a5e0-5555-7666-8777-888899990001", "previousStageId": "0193a5e0-5555-7666-8777-888899990002",
            "title": "Annual plan for Haddad Trading", "value": 4800.0, "currency": "AED", "status": "open",
            "contactId": conversation["contactId"]
        }),
        "ticket.created" | "ticket.updated" => json!({
            "id": "0193a5e4-0000-7111-8222-333344445555", "number": 42, "subject": "Parcel arrived damaged",
            "status": "open", "priority": "high", "contactId": conversation["contactId"], "dueAt": "2026-12-07T17:00:00Z"
        }),
        "campaign.completed" => json!({
            "id": "0193a5e5-0000-7111-8222-333344445555", "status": "completed", "progress": 1.0,
            "counts": { "total": 1200, "sent": 1184, "delivered": 1160, "read": 902, "replied": 131, "failed": 16 }
        }),
        "flow.completed" => json!({
            "runId": "0193a5e6-0000-7111-8222-333344445555", "flowId": "0193a5e6-1111-7111-8222-333344445555",
            "version": 3, "contactId": conversation["contactId"], "conversationId": conversation["id"],
            "status": "completed", "reason": null
        }),
        "subscription.updated" => json!({
            "planId": "0193a5e0-7777-7888-8999-000011112222", "cycle": "monthly", "status": "active", "access": "full",
            "trialEnd": null, "currentPeriodStart": "2026-12-01T00:00:00Z", "currentPeriodEnd": "2027-01-01T00:00:00Z",
            "cancelAtPeriodEnd": false, "canceledAt": null
        }),
        _ => json!({}),
    }
}

pub fn catalog() -> Vec<EventKind> {
    let tenant = uuid::Uuid::from_u128(0x0193a5e0_0000_7000_8000_000000000001);
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-06T09:30:00Z").map(|t| t.to_utc()).unwrap_or_default();
    KINDS
        .iter()
        .enumerate()
        .map(|(i, (kind, description, schema))| EventKind {
            kind: (*kind).to_owned(),
            description: (*description).to_owned(),
            schema: (*schema).to_owned(),
            example: envelope(1000 + i as i64, kind, at, tenant, &example_data(kind)),
        })
        .collect()
}
