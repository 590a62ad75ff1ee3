//! Background jobs on apalis (PostgreSQL-backed): job types come from the services, handlers stay thin
//! and call them. Jobs are written by the services in the same transaction as the change that needs
//! them; the workers here pick them up (woken by PostgreSQL notifications) on every node that runs them.

use apalis::prelude::*;
use apalis_cron::{CronScheduler, Tick};
use apalis_postgres::{Config, PostgresStorage};
use parley_services::Services;
use parley_services::analytics::rollup::RollupService;
use parley_services::billing::jobs::{BILLING_EVENT, BillingEventJob};
use parley_services::billing::webhooks::WebhookService;
use parley_services::channel::jobs::{DOWNLOAD_MEDIA, DownloadMedia, SEND_MESSAGE, SendMessage};
use parley_services::channel::sender::SenderService;
use parley_services::crm::imports::{IMPORT_CONTACTS, ImportContactsJob, ImportService};
use parley_services::flows::jobs::{FLOW_HTTP, FLOW_WEBHOOK, FlowHttpJob, FlowJobsService, FlowWebhookJob};
use std::time::Duration;

async fn send_message(job: SendMessage, sender: Data<SenderService>) -> Result<(), BoxDynError> {
    sender.send_message(job.tenant_id, job.message_id).await.map_err(|e| Box::new(e) as BoxDynError)
}

async fn download_media(job: DownloadMedia, sender: Data<SenderService>) -> Result<(), BoxDynError> {
    sender.download_media(job.tenant_id, job.media_id).await.map_err(|e| Box::new(e) as BoxDynError)
}

async fn import_contacts(job: ImportContactsJob, imports: Data<ImportService>) -> Result<(), BoxDynError> {
    imports.run(job.tenant_id, job.import_id).await.map_err(|e| Box::new(e) as BoxDynError)
}

async fn billing_event(job: BillingEventJob, hooks: Data<WebhookService>) -> Result<(), BoxDynError> {
    hooks.process(&job.event_id).await.map_err(|e| Box::new(e) as BoxDynError)
}

async fn flow_http(job: FlowHttpJob, flows: Data<FlowJobsService>) -> Result<(), BoxDynError> {
    flows.http(job).await.map_err(|e| Box::new(e) as BoxDynError)
}

async fn flow_webhook(job: FlowWebhookJob, flows: Data<FlowJobsService>) -> Result<(), BoxDynError> {
    flows.webhook(job).await.map_err(|e| Box::new(e) as BoxDynError)
}

async fn analytics_rollup(_: Tick, rollups: Data<RollupService>) -> Result<(), BoxDynError> {
    rollups.tick().await.map(|_| ()).map_err(|e| Box::new(e) as BoxDynError)
}

/// Analytics' rollup pass: every five minutes, on every node (a pass is idempotent).
const ROLLUP_SCHEDULE: &str = "0 */5 * * * *";

fn config(queue: &str) -> Config {
    // A crashed node's jobs are taken over after ten missed five-second heartbeats.
    Config::default().queue(queue).batch_size(20).heartbeat_interval(Duration::from_secs(5)).missed_heartbeats(10)
}

/// Starts the workers in the background on the current runtime. apalis's worker future trips the
/// compiler's higher-ranked `Send` inference in `tokio::spawn`, so it is driven by `block_on` on a
/// blocking thread of the same runtime (its own tasks are still spawned onto the runtime).
pub fn spawn(services: Services, node: String) {
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = handle.block_on(run(services, &node)) {
            tracing::error!(error = %e, "background workers stopped");
        }
    });
}

/// Runs the channel's, the CRM's, billing's, flows' and analytics' workers until one of them stops (which only happens on a fatal backend error).
pub async fn run(services: Services, node: &str) -> anyhow::Result<()> {
    let pool = services.core.db.app.get_postgres_connection_pool().clone();
    let sends = PostgresStorage::<SendMessage>::new(&pool).with_config(config(SEND_MESSAGE)).with_pubsub();
    let downloads = PostgresStorage::<DownloadMedia>::new(&pool).with_config(config(DOWNLOAD_MEDIA)).with_pubsub();
    // Sends wait on the shared rate limiter, not on a worker slot: enough in flight to fill 80 msg/s
    // per number across a few numbers, few enough to stay within the connection pool.
    let send_worker = WorkerBuilder::new(format!("{node}-send"))
        .backend(sends)
        .data(services.sender.clone())
        .concurrency(16)
        .parallelize(tokio::spawn)
        .build(send_message);
    let media_worker = WorkerBuilder::new(format!("{node}-media"))
        .backend(downloads)
        .data(services.sender.clone())
        .concurrency(4)
        .parallelize(tokio::spawn)
        .build(download_media);
    let imports = PostgresStorage::<ImportContactsJob>::new(&pool).with_config(config(IMPORT_CONTACTS)).with_pubsub();
    // One import at a time per node: each is a stream of large set-based batches.
    let import_worker = WorkerBuilder::new(format!("{node}-import"))
        .backend(imports)
        .data(services.imports.clone())
        .concurrency(1)
        .build(import_contacts);
    let billing_events =
        PostgresStorage::<BillingEventJob>::new(&pool).with_config(config(BILLING_EVENT)).with_pubsub();
    let billing_worker = WorkerBuilder::new(format!("{node}-billing"))
        .backend(billing_events)
        .data(services.billing_webhooks.clone())
        .concurrency(2)
        .build(billing_event);
    // HTTP nodes wait on the network, not on the CPU: enough in flight that a slow API does not hold up others.
    let flow_http_jobs = PostgresStorage::<FlowHttpJob>::new(&pool).with_config(config(FLOW_HTTP)).with_pubsub();
    let flow_http_worker = WorkerBuilder::new(format!("{node}-flow-http"))
        .backend(flow_http_jobs)
        .data(services.flow_jobs.clone())
        .concurrency(16)
        .parallelize(tokio::spawn)
        .build(flow_http);
    let flow_webhooks = PostgresStorage::<FlowWebhookJob>::new(&pool).with_config(config(FLOW_WEBHOOK)).with_pubsub();
    let flow_webhook_worker = WorkerBuilder::new(format!("{node}-flow-webhook"))
        .backend(flow_webhooks)
        .data(services.flow_jobs.clone())
        .concurrency(8)
        .parallelize(tokio::spawn)
        .build(flow_webhook);
    let schedule = <cron::Schedule as std::str::FromStr>::from_str(ROLLUP_SCHEDULE)?;
    let rollup_worker = WorkerBuilder::new(format!("{node}-analytics"))
        .backend(CronScheduler::new(schedule))
        .data(services.rollups.clone())
        .build(analytics_rollup);
    tokio::select! {
        r = rollup_worker.run() => r.map_err(|e| anyhow::anyhow!("analytics rollup worker stopped: {e}")),
        r = flow_http_worker.run() => r.map_err(|e| anyhow::anyhow!("flow HTTP worker stopped: {e}")),
        r = flow_webhook_worker.run() => r.map_err(|e| anyhow::anyhow!("flow webhook worker stopped: {e}")),
        r = billing_worker.run() => r.map_err(|e| anyhow::anyhow!("billing worker stopped: {e}")),
        r = send_worker.run() => r.map_err(|e| anyhow::anyhow!("send worker stopped: {e}")),
        r = media_worker.run() => r.map_err(|e| anyhow::anyhow!("media worker stopped: {e}")),
        r = import_worker.run() => r.map_err(|e| anyhow::anyhow!("import worker stopped: {e}")),
    }
}
