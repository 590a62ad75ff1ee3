//! Webhook shapes from the API contract (generated from openapi.json, from crates/services/src/automations/dto.rs)
//! and the closed lists the screens walk over (the schema types states as plain strings).
import type { components } from '../../api/generated/schema';

type Schemas = components['schemas'];

export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type CreateWebhookInput = Schemas['CreateWebhookInput'];
export type UpdateWebhookInput = Schemas['UpdateWebhookInput'];
export type CreatedWebhook = Schemas['CreatedWebhook'];
export type RolledSecret = Schemas['RolledSecret'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type DeliveryPage = Schemas['DeliveryPage'];
export type WebhookAttempt = Schemas['WebhookAttempt'];
export type WebhookDeliveryDetail = Schemas['WebhookDeliveryDetail'];
export type WebhookTestResult = Schemas['WebhookTestResult'];
export type EventKind = Schemas['EventKind'];

/** A delivery's states, as `GET /webhooks/{id}/logs?state=` takes them. */
export const DELIVERY_STATES = ['pending', 'sending', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** How long a rolled secret's predecessor keeps signing, in hours (the roll dialog's choices). */
export const OVERLAP_CHOICES = [0, 24, 168] as const;
