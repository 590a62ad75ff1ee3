//! Outbound webhooks (Settings → Webhooks): the endpoints with their health, the create and edit dialog with the
//! event catalogue, the one-time signing secret and its roll, tests, and an endpoint's deliveries with each attempt
//! and a replay. The pages load lazily through `webhookRoutes`.
export { webhookRoutes } from './routes';
