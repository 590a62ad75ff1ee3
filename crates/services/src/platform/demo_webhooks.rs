//! The demo workspace's outbound webhooks: a live endpoint posting to the demo server's own request sink (so its log
//! fills as people try the product), with a week of delivered history, and a retired CRM endpoint that Parley turned
//! off after a day of failures, its failed deliveries and every attempt kept for replay.

use crate::{Core, DbResultExt, Result};
use parley_store::TenantTx;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use uuid::Uuid;

const LIVE_EVENTS: [&str; 5] =
    ["message.created", "conversation.created", "conversation.resolved", "contact.created", "deal.stage_changed"];

pub(crate) async fn seed(core: &Core, tx: &TenantTx, owner: Uuid) -> Result<()> {
    let sink = format!("{}/api/v1/dev/webhook-sink", core.cfg.public_url.trim_end_matches('/'));
    let live = Uuid::now_v7();
    let retired = Uuid::now_v7();
    let seal = |s: &str| core.channel.sealer.seal(s.as_bytes());
    let exec = |sql: &str, values: Vec<sea_orm::Value>| {
        tx.tx.execute_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, values))
    };
    exec(
        "insert into webhook_endpoints (id, tenant_id, url, description, events, enabled, secret, created_by, created_at,
                                        updated_at)
         values ($1, $2, $3, 'Order system sync (demo request sink)', $4, true, $5, $6, now() - interval '9 days',
                 now() - interval '9 days')",
        vec![
            live.into(),
            tx.tenant_id.0.into(),
            sink.into(),
            LIVE_EVENTS.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>().into(),
            seal("whsec_demo_order_system_sync_0000000000000000").into(),
            owner.into(),
        ],
    )
    .await
    .db()?;
    exec(
        "insert into webhook_endpoints (id, tenant_id, url, description, events, enabled, disabled_reason, secret,
                                        failing_since, created_by, created_at, updated_at)
         values ($1, $2, 'https://crm-legacy.demo-company.example/hooks/parley', 'Legacy CRM (retired in November)',
                 array['contact.created', 'contact.updated'], false,
                 'Every delivery failed for too long, so Parley turned it off.',
                 $3, now() - interval '3 days', $4, now() - interval '60 days', now() - interval '2 days')",
        vec![
            retired.into(),
            tx.tenant_id.0.into(),
            seal("whsec_demo_legacy_crm_000000000000000000000000").into(),
            owner.into(),
        ],
    )
    .await
    .db()?;
    // History: the live endpoint heard each of the last week's new contacts and delivered them first time (a few
    // after a retry); the retired one gave up on three contact updates after a day of 503s.
    exec(
        "with c as (
           select id, name, phone, email, company, row_number() over (order by created_at desc) as n
             from contacts order by created_at desc limit 40
         ), ev as (
           insert into domain_events (tenant_id, kind, subject_id, payload, created_at)
           select $1, 'contact.created', c.id,
                  jsonb_build_object('id', c.id, 'name', c.name, 'phone', c.phone, 'email', c.email,
                                     'company', c.company),
                  now() - make_interval(hours => (c.n * 4)::int)
             from c order by c.n desc
           returning id, subject_id, created_at
         ), d as (
           insert into webhook_deliveries (tenant_id, endpoint_id, event_id, subject_id, state, attempts,
                                           next_attempt_at, last_status, created_at, delivered_at)
           select $1, $2, ev.id, ev.subject_id, 'delivered', case when ev.id % 9 = 0 then 2 else 1 end,
                  ev.created_at, 200, ev.created_at, ev.created_at + interval '180 milliseconds'
             from ev
           returning id, attempts, created_at
         )
         insert into webhook_attempts (tenant_id, delivery_id, attempt, at, status, response_excerpt, error,
                                       duration_ms)
         select $1, d.id, a, d.created_at + make_interval(secs => (a - 1) * 10),
                case when a < d.attempts then 502 else 200 end,
                case when a < d.attempts then 'Bad Gateway' else '{\"received\":true}' end,
                case when a < d.attempts then 'answered 502' end,
                case when a < d.attempts then 31 else 42 + (d.id % 60)::int end
           from d, generate_series(1, d.attempts) a",
        vec![tx.tenant_id.0.into(), live.into()],
    )
    .await
    .db()?;
    exec(
        "with c as (select id, name, phone from contacts order by updated_at desc limit 3), ev as (
           insert into domain_events (tenant_id, kind, subject_id, payload, created_at)
           select $1, 'contact.updated', c.id, jsonb_build_object('id', c.id, 'name', c.name, 'phone', c.phone),
                  now() - interval '4 days'
             from c
           returning id, subject_id, created_at
         ), d as (
           insert into webhook_deliveries (tenant_id, endpoint_id, event_id, subject_id, state, attempts,
                                           next_attempt_at, last_status, last_error, created_at)
           select $1, $2, ev.id, ev.subject_id, 'dead', 9, ev.created_at + interval '1 day', 503, 'answered 503',
                  ev.created_at
             from ev
           returning id, created_at
         )
         insert into webhook_attempts (tenant_id, delivery_id, attempt, at, status, response_excerpt, error,
                                       duration_ms)
         select $1, d.id, a, d.created_at + make_interval(secs => least(10 * power(3, a - 1), 7200)::int * a),
                503, '<html><body><h1>503 Service Unavailable</h1>The server is down for maintenance.</body></html>',
                'answered 503', 120 + a * 7
           from d, generate_series(1, 9) a",
        vec![tx.tenant_id.0.into(), retired.into()],
    )
    .await
    .db()?;
    Ok(())
}
