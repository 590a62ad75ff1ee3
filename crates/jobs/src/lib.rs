//! Background jobs on apalis (PostgreSQL-backed): job types come from the services, handlers stay thin
//! and call them. Jobs are written by the services in the same transaction as the change that needs
//! them; the workers here pick them up (woken by PostgreSQL notifications) on every node that runs them.

use apalis::prelude::*;
use apalis_cron::{CronScheduler, Tick};
use apalis_postgres::{Config, PostgresStorage};
use futures::FutureExt;
use futures::channel::oneshot;
use futures::future::{Either, LocalBoxFuture, Shared, select};
use futures_timer::Delay;
use parley_services::Services;
use parley_services::analytics::rollup::RollupService;
use parley_services::billing::jobs::{BILLING_EVENT, BillingEventJob};
use parley_services::billing::webhooks::WebhookService;
use parley_services::brand::domains::DomainService;
use parley_services::channel::jobs::{DOWNLOAD_MEDIA, DownloadMedia, SEND_MESSAGE, SendMessage};
use parley_services::channel::sender::SenderService;
use parley_services::crm::imports::{IMPORT_CONTACTS, ImportContactsJob, ImportService};
use parley_services::flows::jobs::{FLOW_HTTP, FLOW_WEBHOOK, FlowHttpJob, FlowJobsService, FlowWebhookJob};
use parley_services::operations::backup::BackupService;
use parley_services::privacy::{EXPORT_WORKSPACE, ExportWorkspaceJob, PrivacyService};
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

async fn export_workspace(job: ExportWorkspaceJob, privacy: Data<PrivacyService>) -> Result<(), BoxDynError> {
    privacy.run_workspace_export(job.tenant_id, job.export_id).await.map_err(|e| Box::new(e) as BoxDynError)
}

async fn privacy_sweep(_: Tick, privacy: Data<PrivacyService>) -> Result<(), BoxDynError> {
    privacy.sweep().await.map_err(|e| Box::new(e) as BoxDynError)
}

async fn domains_recheck(_: Tick, domains: Data<DomainService>) -> Result<(), BoxDynError> {
    domains.recheck_due().await.map(|_| ()).map_err(|e| Box::new(e) as BoxDynError)
}

async fn backup_schedule(_: Tick, backups: Data<BackupService>) -> Result<(), BoxDynError> {
    backups.scheduled_tick().await.map(|_| ()).map_err(|e| Box::new(e) as BoxDynError)
}

/// Scheduled backups: every minute each node asks whether today's backup is due (`[backup] schedule`); the first
/// to claim the day makes it, and retention runs after it.
const BACKUP_SCHEDULE: &str = "30 * * * * *";

/// Custom domains' periodic check: every minute, each round taking the domains whose last check is older than
/// `domains.recheck_minutes` (claimed, so nodes sweeping at once check each domain once).
const DOMAINS_SCHEDULE: &str = "0 * * * * *";

/// Privacy's sweep (message retention, expired workspace exports, storage deletions to retry): hourly. Nodes
/// running it at once redact disjoint batches or nothing, so no lock is needed.
const PRIVACY_SCHEDULE: &str = "0 17 * * * *";

/// Analytics' rollup pass: every five minutes, on every node (a pass is idempotent).
const ROLLUP_SCHEDULE: &str = "0 */5 * * * *";

fn config(queue: &str) -> Config {
    // A crashed node's jobs are taken over after ten missed five-second heartbeats.
    Config::default().queue(queue).batch_size(20).heartbeat_interval(Duration::from_secs(5)).missed_heartbeats(10)
}

/// Starts the workers in the background on the current runtime, each on its own blocking thread.
///
/// Each worker needs a task of its own: apalis's PostgreSQL backend fetches jobs again on every poll
/// of its worker, so workers sharing one task (a `select!`) woke each other with every finished
/// fetch into a loop of empty fetches, hundreds of transactions a second on an idle node. Alone, a
/// worker is woken only by a job notification, its heartbeat, or its own jobs finishing.
/// apalis's worker future trips the compiler's higher-ranked `Send` inference in `tokio::spawn`, so
/// each is built and driven by `block_on` on a blocking thread of the same runtime (its own tasks
/// are still spawned onto the runtime).
pub fn spawn(services: Services, node: String) {
    let handle = tokio::runtime::Handle::current();
    // The workers' threads are not the runtime's tasks: when it shuts down (a test's end) it drops this
    // task, and with it the sender, which ends them instead of leaving the shutdown waiting on them.
    let (stopping, stop) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let _stopping = stopping;
        std::future::pending::<()>().await
    });
    let stop = stop.shared();
    for (queue, worker) in workers(services, node) {
        let (handle, stop) = (handle.clone(), stop.clone());
        tokio::task::spawn_blocking(move || handle.block_on(supervise(queue, worker, stop)));
    }
}

/// Runs a worker until the runtime stops, building it again after a fatal error: apalis ends a worker
/// on any backend error (a failed fetch or heartbeat, e.g. while PostgreSQL restarts), and a queue
/// without its worker would wait for the next restart of the whole process.
async fn supervise(queue: &'static str, worker: MakeWorker, stop: Shared<oneshot::Receiver<()>>) {
    loop {
        match select(worker(), stop.clone()).await {
            Either::Left((Err(e), _)) => {
                tracing::error!(queue, error = %e, "background worker stopped; starting it again in 5 s");
                // futures-timer, not tokio's: this wait must end when the runtime does, timer or not.
                if let Either::Right(_) = select(Delay::new(RESTART_AFTER), stop.clone()).await {
                    return;
                }
            }
            Either::Left((Ok(()), _)) | Either::Right(_) => return,
        }
    }
}

const RESTART_AFTER: Duration = Duration::from_secs(5);

/// Builds a worker on the thread that drives it (its future is not `Send`); called again for a restart.
type MakeWorker = Box<dyn Fn() -> LocalBoxFuture<'static, Result<(), WorkerError>> + Send>;

/// A worker on a PostgreSQL queue, woken by the queue's insert notifications.
macro_rules! queue_worker {
    ($job:ty, $pool:expr, $queue:expr, $name:expr, $data:expr, $concurrency:expr, $handler:expr) => {{
        let (pool, name, data) = ($pool.clone(), $name, $data);
        let make: MakeWorker = Box::new(move || {
            let backend = PostgresStorage::<$job>::new(&pool).with_config(config($queue)).with_pubsub();
            WorkerBuilder::new(name.clone())
                .backend(backend)
                .data(data.clone())
                .concurrency($concurrency)
                .parallelize(tokio::spawn)
                .build($handler)
                .run()
                .boxed_local()
        });
        ($queue, make)
    }};
}

/// The channel's, the CRM's, billing's, flows' and analytics' workers, by queue.
fn workers(services: Services, node: String) -> Vec<(&'static str, MakeWorker)> {
    let pool = services.core.db.app.get_postgres_connection_pool().clone();
    let name = |suffix: &str| format!("{node}-{suffix}");
    let rollups = services.rollups.clone();
    let rollup_name = name("analytics");
    let rollup: MakeWorker = Box::new(move || {
        let schedule =
            <cron::Schedule as std::str::FromStr>::from_str(ROLLUP_SCHEDULE).expect("the rollup schedule parses");
        WorkerBuilder::new(rollup_name.clone())
            .backend(CronScheduler::new(schedule))
            .data(rollups.clone())
            .build(analytics_rollup)
            .run()
            .boxed_local()
    });
    let privacy = PrivacyService::new(services.core.clone());
    let sweep_name = name("privacy");
    let sweep_privacy = privacy.clone();
    let sweep: MakeWorker = Box::new(move || {
        let schedule =
            <cron::Schedule as std::str::FromStr>::from_str(PRIVACY_SCHEDULE).expect("the privacy schedule parses");
        WorkerBuilder::new(sweep_name.clone())
            .backend(CronScheduler::new(schedule))
            .data(sweep_privacy.clone())
            .build(privacy_sweep)
            .run()
            .boxed_local()
    });
    let domains = services.domains.clone();
    let domains_name = name("domains");
    let recheck: MakeWorker = Box::new(move || {
        let schedule =
            <cron::Schedule as std::str::FromStr>::from_str(DOMAINS_SCHEDULE).expect("the domains schedule parses");
        WorkerBuilder::new(domains_name.clone())
            .backend(CronScheduler::new(schedule))
            .data(domains.clone())
            .build(domains_recheck)
            .run()
            .boxed_local()
    });
    let backups = services.backups.clone();
    let backups_name = name("backups");
    let scheduled_backups: MakeWorker = Box::new(move || {
        let schedule =
            <cron::Schedule as std::str::FromStr>::from_str(BACKUP_SCHEDULE).expect("the backup schedule parses");
        WorkerBuilder::new(backups_name.clone())
            .backend(CronScheduler::new(schedule))
            .data(backups.clone())
            .build(backup_schedule)
            .run()
            .boxed_local()
    });
    vec![
        // Sends wait on the shared rate limiter, not on a worker slot: enough in flight to fill 80 msg/s
        // per number across a few numbers, few enough to stay within the connection pool.
        queue_worker!(SendMessage, pool, SEND_MESSAGE, name("send"), services.sender.clone(), 16, send_message),
        queue_worker!(DownloadMedia, pool, DOWNLOAD_MEDIA, name("media"), services.sender.clone(), 4, download_media),
        // One import at a time per node: each is a stream of large set-based batches.
        queue_worker!(
            ImportContactsJob,
            pool,
            IMPORT_CONTACTS,
            name("import"),
            services.imports.clone(),
            1,
            import_contacts
        ),
        queue_worker!(
            BillingEventJob,
            pool,
            BILLING_EVENT,
            name("billing"),
            services.billing_webhooks.clone(),
            2,
            billing_event
        ),
        // HTTP nodes wait on the network, not on the CPU: enough in flight that a slow API does not hold up others.
        queue_worker!(FlowHttpJob, pool, FLOW_HTTP, name("flow-http"), services.flow_jobs.clone(), 16, flow_http),
        queue_worker!(
            FlowWebhookJob,
            pool,
            FLOW_WEBHOOK,
            name("flow-webhook"),
            services.flow_jobs.clone(),
            8,
            flow_webhook
        ),
        ("analytics-rollup", rollup),
        // One workspace export at a time per node: each holds a workspace's tables in memory while it zips.
        queue_worker!(ExportWorkspaceJob, pool, EXPORT_WORKSPACE, name("export"), privacy, 1, export_workspace),
        ("privacy-sweep", sweep),
        ("domains-recheck", recheck),
        ("backup-schedule", scheduled_backups),
    ]
}
