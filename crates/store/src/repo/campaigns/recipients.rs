//! One row per person a campaign messages. Materialised in one statement at start (unique per campaign and phone,
//! whatever the audience's overlap), claimed in batches with `FOR UPDATE SKIP LOCKED`, marked `sending` before the
//! Graph API call and settled by its answer or by status webhooks, which only ever move a row forward.

use crate::repo::crm::filter::{self, Filter};
use crate::repo::stmt;
use crate::{Db, TenantTx};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Value};
use serde_json::Value as Json;
use uuid::Uuid;

/// Where a template parameter's value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A contact column: name, first_name, phone, email, company.
    Column(String),
    /// A custom field (`contacts.attributes`).
    Field(String),
    Constant(String),
    /// A column of the uploaded CSV.
    Csv(String),
}

#[derive(Debug, Clone)]
pub struct Slot {
    /// `body.1`, `header.1`, `button.0.1`.
    pub key: String,
    pub source: Source,
    pub fallback: Option<String>,
}

/// Who the campaign is for: contacts matching a filter, or the uploaded CSV's numbers.
pub enum Audience<'a> {
    Contacts(&'a Filter),
    Csv,
}

/// Counts of the audience materialisation left out, by reason, and what it kept.
#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct Materialised {
    pub matched: i64,
    pub no_phone: i64,
    pub opted_out: i64,
    pub suppressed: i64,
    pub us_marketing: i64,
    pub missing_variable: i64,
    pub queued: i64,
}

struct Binder {
    values: Vec<Value>,
}

impl Binder {
    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        format!("${}", self.values.len())
    }
}

fn source_sql(b: &mut Binder, s: &Source) -> String {
    match s {
        Source::Column(c) => match c.as_str() {
            "first_name" => "split_part(coalesce(contacts.name, contacts.profile_name, ''), ' ', 1)".into(),
            "phone" => "contacts.phone".into(),
            "email" => "contacts.email".into(),
            "company" => "contacts.company".into(),
            _ => "coalesce(contacts.name, contacts.profile_name)".into(),
        },
        Source::Field(key) => format!("contacts.attributes ->> {}", b.bind(key.clone())),
        Source::Constant(v) => format!("{}::text", b.bind(v.clone())),
        Source::Csv(col) => format!("csv.data ->> {}", b.bind(col.clone())),
    }
}

/// Creates the recipients of a campaign in one statement and counts who was left out: contacts without a phone,
/// opted out, on the suppression list, +1 numbers when the template is marketing (Meta refuses those), and people
/// a parameter has no value for (kept as `skipped` with the reason, so the recipients table shows them).
pub async fn materialise(
    tx: &TenantTx,
    campaign_id: Uuid,
    audience: &Audience<'_>,
    slots: &[Slot],
    block_us: bool,
) -> Result<Materialised, DbErr> {
    let mut b = Binder { values: vec![campaign_id.into(), tx.tenant_id.0.into(), block_us.into()] };
    let uses_csv = matches!(audience, Audience::Csv) || slots.iter().any(|s| matches!(s.source, Source::Csv(_)));
    let from = match audience {
        Audience::Contacts(f) => {
            let compiled = filter::compile(f, b.values.len());
            let cond = compiled.sql;
            b.values.extend(compiled.values);
            let csv_join = if uses_csv {
                "left join campaign_csv_rows csv on csv.campaign_id = $1 and csv.phone = contacts.phone"
            } else {
                ""
            };
            format!("from contacts {csv_join} where {cond}")
        }
        Audience::Csv => "from campaign_csv_rows csv left join contacts on contacts.phone = csv.phone
                          where csv.campaign_id = $1"
            .into(),
    };
    let phone = if matches!(audience, Audience::Csv) { "csv.phone" } else { "contacts.phone" };
    let vars: Vec<String> = slots
        .iter()
        .map(|s| {
            let expr = source_sql(&mut b, &s.source);
            let fallback = match &s.fallback {
                Some(f) if !f.trim().is_empty() => b.bind(f.clone()),
                _ => "null".into(),
            };
            format!("{}, coalesce(nullif(btrim({expr}), ''), {fallback})", b.bind(s.key.clone()))
        })
        .collect();
    let vars =
        if vars.is_empty() { "'{}'::jsonb".to_owned() } else { format!("jsonb_build_object({})", vars.join(", ")) };
    // `matched` is everyone the audience names; each later step keeps fewer, and the counts say why.
    let sql = format!(
        "with matched as (
           select contacts.id as contact_id, {phone} as phone, contacts.consent_status, {vars} as vars {from}
         ),
         phoned as (select * from matched where phone is not null),
         allowed as (select * from phoned where consent_status is distinct from 'opted_out'),
         unsuppressed as (
           select * from allowed a where not exists (select 1 from suppressions s where s.phone = a.phone)
         ),
         reachable as (select * from unsuppressed where not ($3 and phone like '+1%')),
         inserted as (
           insert into campaign_recipients (id, tenant_id, campaign_id, contact_id, phone, vars, status, error_code,
                                            error_reason)
           select parley_uuid_v7(), $2, $1, contact_id, phone, vars,
                  case when missing then 'skipped' else 'pending' end,
                  case when missing then 'missing_variable' end,
                  case when missing then 'A template parameter has no value for this person and no fallback.' end
             from (select distinct on (phone) *, exists (select 1 from jsonb_each(vars) e where e.value = 'null')
                          as missing
                     from reachable order by phone, contact_id) r
           on conflict (campaign_id, phone) do nothing
           returning status
         )
         select (select count(*) from matched) as matched,
                (select count(*) from matched) - (select count(*) from phoned) as no_phone,
                (select count(*) from phoned) - (select count(*) from allowed) as opted_out,
                (select count(*) from allowed) - (select count(*) from unsuppressed) as suppressed,
                (select count(*) from unsuppressed) - (select count(*) from reachable) as us_marketing,
                (select count(*) from inserted where status = 'skipped') as missing_variable,
                (select count(*) from inserted where status = 'pending') as queued"
    );
    Ok(Materialised::find_by_statement(stmt(&sql, b.values)).one(&tx.tx).await?.unwrap_or_default())
}

/// Contacts for the CSV's numbers that have none yet (a reply lands in the inbox under them), within `room`.
pub async fn create_csv_contacts(tx: &TenantTx, campaign_id: Uuid, room: Option<i64>) -> Result<u64, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "insert into contacts (id, tenant_id, phone, name, source)
             select parley_uuid_v7(), $2, csv.phone, nullif(btrim(coalesce(csv.data ->> 'name', '')), ''), 'campaign'

               from campaign_csv_rows csv
              where csv.campaign_id = $1 and not exists (select 1 from contacts k where k.phone = csv.phone)
              order by csv.phone
              limit $3
             on conflict do nothing",
            [campaign_id.into(), tx.tenant_id.0.into(), room.unwrap_or(i64::MAX).into()],
        ))
        .await?;
    Ok(r.rows_affected())
}

/// How many of the CSV's numbers have no contact yet.
pub async fn csv_new_contacts(tx: &TenantTx, campaign_id: Uuid) -> Result<u64, DbErr> {
    crate::repo::count(
        &tx.tx,
        "select count(*) as n from campaign_csv_rows csv
          where csv.campaign_id = $1 and not exists (select 1 from contacts k where k.phone = csv.phone)",
        [campaign_id.into()],
    )
    .await
}

/// A recipient claimed for sending.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Claimed {
    pub id: Uuid,
    pub contact_id: Option<Uuid>,
    pub phone: String,
    pub vars: Json,
    pub attempts: i16,
    /// The token a tracked URL button carries, once a send gave it one (a retry sends the same).
    pub click_token: Option<String>,
}

/// Takes up to `limit` due recipients; other workers skip them until this transaction ends.
pub async fn claim(tx: &TenantTx, campaign_id: Uuid, limit: i64) -> Result<Vec<Claimed>, DbErr> {
    Claimed::find_by_statement(stmt(
        "select id, contact_id, phone, vars, attempts, click_token from campaign_recipients
          where campaign_id = $1 and status = 'pending' and not_before <= now()
          order by not_before, id limit $2
          for update skip locked",
        [campaign_id.into(), limit.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Moves recipients' `not_before` (quiet hours, their own time zone, the messaging tier, a back-off).
pub async fn defer(tx: &TenantTx, ids: &[Uuid], until: &[DateTime<Utc>]) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    tx.execute_raw(stmt(
        "update campaign_recipients r set not_before = d.until
           from unnest($1::uuid[], $2::timestamptz[]) as d(id, until) where r.id = d.id",
        [ids.to_vec().into(), until.to_vec().into()],
    ))
    .await?;
    Ok(())
}

/// Moves recipients' `not_before` and says why they wait (a QR number's daily cap); the reason is cleared when they
/// are sent.
pub async fn defer_because(
    tx: &TenantTx,
    ids: &[Uuid],
    until: DateTime<Utc>,
    code: &str,
    reason: &str,
) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    tx.execute_raw(stmt(
        "update campaign_recipients set not_before = $2, error_code = $3, error_reason = $4 where id = any($1)",
        [ids.to_vec().into(), until.into(), code.into(), reason.into()],
    ))
    .await?;
    Ok(())
}

/// Marks claimed recipients `sending` (before the API call) with their number, inbox message and the click token
/// their tracked button carries (empty for none).
pub async fn mark_sending(
    tx: &TenantTx,
    ids: &[Uuid],
    message_ids: &[Uuid],
    click_tokens: &[String],
    connection_id: Uuid,
) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update campaign_recipients r
            set status = 'sending', message_id = d.message_id, connection_id = $3, claimed_at = now(),
                attempts = r.attempts + 1, error_code = null, error_reason = null,
                click_token = coalesce(r.click_token, nullif(d.token, ''))
           from unnest($1::uuid[], $2::uuid[], $4::text[]) as d(id, message_id, token) where r.id = d.id",
        [ids.to_vec().into(), message_ids.to_vec().into(), connection_id.into(), click_tokens.to_vec().into()],
    ))
    .await?;
    Ok(())
}

/// Skips recipients for good (a final answer, or a person no longer reachable), with the reason.
pub async fn skip(tx: &TenantTx, ids: &[Uuid], code: &str, reason: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update campaign_recipients set status = 'skipped', error_code = $2, error_reason = $3
          where id = any($1) and status in ('pending', 'sending')",
        [ids.to_vec().into(), code.into(), reason.into()],
    ))
    .await?;
    Ok(())
}

/// What the Graph API answered for one recipient.
pub struct Answer {
    pub id: Uuid,
    /// sent, failed, pending (refused before sending: try again at `not_before`).
    pub status: &'static str,
    pub wa_message_id: Option<String>,
    pub held: bool,
    pub error_code: Option<String>,
    pub error_reason: Option<String>,
    pub retryable: bool,
    pub not_before: Option<DateTime<Utc>>,
}

/// Records the answers. A row a status webhook already moved past `sending` keeps its state (the webhook won the
/// race); its WhatsApp id is recorded either way.
pub async fn settle(tx: &TenantTx, answers: &[Answer]) -> Result<(), DbErr> {
    if answers.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = answers.iter().map(|a| a.id).collect();
    let statuses: Vec<String> = answers.iter().map(|a| a.status.to_owned()).collect();
    // Arrays cannot hold nulls as bound here: empty text and 0 stand for "none" and become null in SQL.
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let wa: Vec<String> = answers.iter().map(|a| text(&a.wa_message_id)).collect();
    let held: Vec<bool> = answers.iter().map(|a| a.held).collect();
    let codes: Vec<String> = answers.iter().map(|a| text(&a.error_code)).collect();
    let reasons: Vec<String> = answers.iter().map(|a| text(&a.error_reason)).collect();
    let retry: Vec<bool> = answers.iter().map(|a| a.retryable).collect();
    let after: Vec<i64> = answers.iter().map(|a| a.not_before.map_or(0, |t| t.timestamp_millis())).collect();
    tx.execute_raw(stmt(
        "update campaign_recipients r
            set status = case when r.status = 'sending' then d.status else r.status end,
                wa_message_id = coalesce(nullif(d.wa, ''), r.wa_message_id),
                held = r.held or d.held,
                sent_at = case when d.status = 'sent' then coalesce(r.sent_at, now()) else r.sent_at end,
                failed_at = case when d.status = 'failed' and r.status = 'sending' then now() else r.failed_at end,
                error_code = case when r.status = 'sending' then nullif(d.code, '') else r.error_code end,
                error_reason = case when r.status = 'sending' then nullif(d.reason, '') else r.error_reason end,
                retryable = d.retry,
                not_before = case when d.after = 0 then r.not_before else to_timestamp(d.after / 1000.0) end,
                message_id = case when d.status = 'pending' then null else r.message_id end
           from unnest($1::uuid[], $2::text[], $3::text[], $4::bool[], $5::text[], $6::text[], $7::bool[],
                       $8::int8[]) as d(id, status, wa, held, code, reason, retry, after)
          where r.id = d.id",
        [ids.into(), statuses.into(), wa.into(), held.into(), codes.into(), reasons.into(), retry.into(), after.into()],
    ))
    .await?;
    Ok(())
}

/// A status webhook's news about a campaign message.
pub struct StatusNews<'a> {
    /// `biz_opaque_callback_data`: the recipient the send named.
    pub recipient_id: Uuid,
    pub wa_message_id: &'a str,
    /// sent, delivered, read, failed.
    pub status: &'a str,
    pub at: DateTime<Utc>,
    pub error_code: Option<String>,
    pub error_reason: Option<String>,
    pub pricing_category: Option<String>,
    pub billable: bool,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct StatusApplied {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub message_id: Option<Uuid>,
    pub wa_message_id: Option<String>,
    pub status: String,
    pub error_code: Option<String>,
    pub error_reason: Option<String>,
    pub phone: String,
    /// Billable and not priced yet: the caller prices it by the phone's country (`set_costs`).
    pub unpriced: bool,
    pub pricing_category: Option<String>,
}

/// Prices recipients not priced yet (a retried webhook does not price twice).
pub async fn set_costs(tx: &TenantTx, costs: &[(Uuid, f64)]) -> Result<(), DbErr> {
    if costs.is_empty() {
        return Ok(());
    }
    let (ids, prices): (Vec<Uuid>, Vec<f64>) = costs.iter().copied().unzip();
    tx.execute_raw(stmt(
        "update campaign_recipients r set cost = d.cost
           from unnest($1::uuid[], $2::float8[]) as d(id, cost) where r.id = d.id and r.cost is null",
        [ids.into(), prices.into()],
    ))
    .await?;
    Ok(())
}

/// Applies statuses to the recipients they are about (named by the callback data), moving each only forward:
/// sent < delivered < read < replied, and failed only from sending or sent; records the pricing category Meta's
/// pricing object names. One statement for a webhook's statuses; at most one status per recipient in a call (a
/// webhook naming one message twice is applied in rounds by the caller). Answers the rows it found.
pub async fn apply_statuses(tx: &TenantTx, news: &[StatusNews<'_>]) -> Result<Vec<StatusApplied>, DbErr> {
    if news.is_empty() {
        return Ok(vec![]);
    }
    // Arrays of nullable text do not bind: empty text stands for none.
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let ids: Vec<Uuid> = news.iter().map(|n| n.recipient_id).collect();
    let wa: Vec<String> = news.iter().map(|n| n.wa_message_id.to_owned()).collect();
    let status: Vec<String> = news.iter().map(|n| n.status.to_owned()).collect();
    let at: Vec<DateTime<Utc>> = news.iter().map(|n| n.at).collect();
    let codes: Vec<String> = news.iter().map(|n| text(&n.error_code)).collect();
    let reasons: Vec<String> = news.iter().map(|n| text(&n.error_reason)).collect();
    let categories: Vec<String> = news.iter().map(|n| text(&n.pricing_category)).collect();
    let billable: Vec<bool> = news.iter().map(|n| n.billable).collect();
    StatusApplied::find_by_statement(stmt(
        "with rank(s, n) as (values ('pending', 0), ('sending', 1), ('unknown', 1), ('sent', 2), ('delivered', 3),
                                    ('read', 4), ('replied', 5), ('failed', 2), ('skipped', 9)),
              d as (
                select * from unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[],
                                     $7::text[], $8::bool[]) as d(id, wa, st, at, code, reason, category, billable)
              ),
              -- Locked in one order, so that two webhooks naming the same recipients cannot deadlock.
              target as (select r.id from campaign_recipients r where r.id in (select id from d) order by r.id
                         for update)
         update campaign_recipients r
            set status = case
                  when d.st = 'failed' and r.status in ('sending', 'unknown', 'sent') then 'failed'
                  when d.st <> 'failed' and (select n from rank where s = d.st) > (select n from rank where s = r.status)
                       and r.status not in ('failed', 'skipped') then d.st
                  else r.status end,
                wa_message_id = coalesce(r.wa_message_id, d.wa),
                sent_at = case when d.st in ('sent', 'delivered', 'read') then coalesce(r.sent_at, d.at)
                               else r.sent_at end,
                delivered_at = case when d.st in ('delivered', 'read') then coalesce(r.delivered_at, d.at)
                                    else r.delivered_at end,
                read_at = case when d.st = 'read' then coalesce(r.read_at, d.at) else r.read_at end,
                failed_at = case when d.st = 'failed' and r.status in ('sending', 'unknown', 'sent') then d.at
                                 else r.failed_at end,
                error_code = case when d.st = 'failed' then coalesce(nullif(d.code, ''), r.error_code)
                                  else r.error_code end,
                error_reason = case when d.st = 'failed' then coalesce(nullif(d.reason, ''), r.error_reason)
                                    else r.error_reason end,
                pricing_category = coalesce(r.pricing_category, nullif(d.category, ''))
           from d, target where r.id = d.id and target.id = d.id
          returning r.id, r.campaign_id, r.message_id, r.wa_message_id, r.status, r.error_code, r.error_reason,
                    r.phone, (d.billable and r.cost is null) as unpriced, r.pricing_category",
        [
            ids.into(),
            wa.into(),
            status.into(),
            at.into(),
            codes.into(),
            reasons.into(),
            categories.into(),
            billable.into(),
        ],
    ))
    .all(&tx.tx)
    .await
}

/// Puts a recipient back in the queue at `at` (131049: Meta's marketing cap for that person; retry in 24 h).
pub async fn requeue(tx: &TenantTx, id: Uuid, at: DateTime<Utc>, code: &str, reason: &str) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update campaign_recipients r set status = 'pending', not_before = $2, wa_message_id = null, message_id = null,
                error_code = $3, error_reason = $4, retryable = true
          where r.id = $1
            and exists (select 1 from campaigns c where c.id = r.campaign_id and c.status in ('running', 'paused'))",
        [id.into(), at.into(), code.into(), reason.into()],
    ))
    .await?;
    Ok(())
}

/// Customers who wrote back after a campaign messaged them (in the last `days`): their rows become `replied`.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Replied {
    pub campaign_id: Uuid,
    pub contact_id: Uuid,
    pub reply_flow_id: Option<Uuid>,
}

pub async fn mark_replied(tx: &TenantTx, contacts: &[Uuid], days: i32) -> Result<Vec<Replied>, DbErr> {
    Replied::find_by_statement(stmt(
        "update campaign_recipients r set status = 'replied', replied_at = now()
           from campaigns c
          where c.id = r.campaign_id and r.contact_id = any($1) and r.status in ('sent', 'delivered', 'read')
            and r.sent_at > now() - make_interval(days => $2)
          returning r.campaign_id, r.contact_id, c.reply_flow_id",
        [contacts.to_vec().into(), days.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Rows left `sending` longer than `older_than` (the process died mid-call and no webhook settled them): `unknown`,
/// never resent. Across tenants (the sender's sweep); answers (tenant, campaign, inbox message) of each.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Stale {
    pub tenant_id: Uuid,
    pub campaign_id: Uuid,
    pub message_id: Option<Uuid>,
}

pub async fn settle_stale(db: &Db, older_than: std::time::Duration) -> Result<Vec<Stale>, DbErr> {
    Stale::find_by_statement(stmt(
        "update campaign_recipients set status = 'unknown', error_code = 'send_interrupted',
                error_reason = 'Sending was interrupted and WhatsApp never said whether it got the message; it was not \
                                resent, to avoid a duplicate.'
          where status = 'sending' and claimed_at < now() - make_interval(secs => $1)
          returning tenant_id, campaign_id, message_id",
        [older_than.as_secs_f64().into()],
    ))
    .all(db.system())
    .await
}

/// Counters of one campaign.
#[derive(Debug, Clone, Default, FromQueryResult)]
pub struct Counts {
    pub total: i64,
    pub pending: i64,
    pub sending: i64,
    pub sent: i64,
    pub delivered: i64,
    pub read: i64,
    pub replied: i64,
    pub failed: i64,
    pub skipped: i64,
    pub unknown: i64,
    pub held: i64,
    pub clicked: i64,
    /// Failed rows "retry failed" may send again.
    pub retryable: i64,
    /// Accepted by WhatsApp in the last 10 seconds (the rate now).
    pub recent: i64,
    pub cost: Option<f64>,
}

pub async fn counts(tx: &TenantTx, campaign_id: Uuid) -> Result<Counts, DbErr> {
    Ok(Counts::find_by_statement(stmt(
        "select count(*) as total,
                count(*) filter (where status = 'pending') as pending,
                count(*) filter (where status = 'sending') as sending,
                count(*) filter (where status = 'sent') as sent,
                count(*) filter (where status = 'delivered') as delivered,
                count(*) filter (where status = 'read') as read,
                count(*) filter (where status = 'replied') as replied,
                count(*) filter (where status = 'failed') as failed,
                count(*) filter (where status = 'skipped') as skipped,
                count(*) filter (where status = 'unknown') as unknown,
                count(*) filter (where held) as held,
                count(*) filter (where clicked_at is not null) as clicked,
                count(*) filter (where status = 'failed' and retryable) as retryable,
                count(*) filter (where sent_at > now() - interval '10 seconds') as recent,
                sum(cost)::float8 as cost
           from campaign_recipients where campaign_id = $1",
        [campaign_id.into()],
    ))
    .one(&tx.tx)
    .await?
    .unwrap_or_default())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct RecipientRow {
    pub id: Uuid,
    pub contact_id: Option<Uuid>,
    pub contact_name: Option<String>,
    pub phone: String,
    pub status: String,
    pub held: bool,
    pub connection_id: Option<Uuid>,
    pub message_id: Option<Uuid>,
    pub wa_message_id: Option<String>,
    pub error_code: Option<String>,
    pub error_reason: Option<String>,
    pub retryable: bool,
    pub attempts: i16,
    pub pricing_category: Option<String>,
    pub cost: Option<f64>,
    pub not_before: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub read_at: Option<DateTime<Utc>>,
    pub replied_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    /// The first click on the tracked button, and how many there were.
    pub clicked_at: Option<DateTime<Utc>>,
    pub click_count: i32,
}

/// A page of recipients in creation order (ids are time-ordered), optionally of one state.
pub async fn page(
    tx: &TenantTx,
    campaign_id: Uuid,
    status: Option<&str>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<RecipientRow>, DbErr> {
    RecipientRow::find_by_statement(stmt(
        "select r.id, r.contact_id, coalesce(k.name, k.profile_name) as contact_name, r.phone, r.status, r.held,
                r.connection_id, r.message_id, r.wa_message_id, r.error_code, r.error_reason, r.retryable, r.attempts,
                r.pricing_category, r.cost::float8 as cost, r.not_before, r.sent_at, r.delivered_at, r.read_at,
                r.replied_at, r.failed_at, r.clicked_at, r.click_count
           from campaign_recipients r left join contacts k on k.id = r.contact_id
          where r.campaign_id = $1 and ($2::text is null or r.status = $2) and ($3::uuid is null or r.id > $3)
          order by r.id limit $4",
        [campaign_id.into(), status.map(str::to_owned).into(), after.into(), (limit as i64).into()],
    ))
    .all(&tx.tx)
    .await
}

/// Failed rows that may be sent again go back to the queue; answers how many.
pub async fn retry_failed(tx: &TenantTx, campaign_id: Uuid) -> Result<u64, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update campaign_recipients set status = 'pending', not_before = now(), wa_message_id = null,
                    message_id = null, error_code = null, error_reason = null, retryable = false, failed_at = null
              where campaign_id = $1 and status = 'failed' and retryable",
            [campaign_id.into()],
        ))
        .await?;
    Ok(r.rows_affected())
}

/// A cancelled campaign's unsent rows end as `skipped`.
pub async fn cancel_pending(tx: &TenantTx, campaign_id: Uuid) -> Result<u64, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update campaign_recipients set status = 'skipped', error_code = 'cancelled',
                    error_reason = 'The campaign was cancelled before this message was sent.'
              where campaign_id = $1 and status = 'pending'",
            [campaign_id.into()],
        ))
        .await?;
    Ok(r.rows_affected())
}

/// Rows not yet in a final state (pending or sending), or sent in the last five seconds (Meta's asynchronous failures,
/// such as 131049, which puts the person back in the queue, come just after the send): none means the campaign is
/// complete.
pub async fn unsettled(tx: &TenantTx, campaign_id: Uuid) -> Result<u64, DbErr> {
    crate::repo::count(
        &tx.tx,
        "select count(*) as n from (select 1 from campaign_recipients
          where campaign_id = $1
            and (status in ('pending', 'sending') or (status = 'sent' and sent_at > now() - interval '5 seconds'))
          limit 1) x",
        [campaign_id.into()],
    )
    .await
}

/// The next time a deferred recipient is due (the sender sleeps a lane until then).
pub async fn next_due(tx: &TenantTx, campaign_id: Uuid) -> Result<Option<DateTime<Utc>>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        at: Option<DateTime<Utc>>,
    }
    Ok(Row::find_by_statement(stmt(
        "select min(not_before) as at from campaign_recipients where campaign_id = $1 and status = 'pending'",
        [campaign_id.into()],
    ))
    .one(&tx.tx)
    .await?
    .and_then(|r| r.at))
}

/// The recipient a click token belongs to, and where its campaign's tracked button leads.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Clicked {
    pub tenant_id: Uuid,
    pub campaign_id: Uuid,
    pub click_url: String,
}

/// Records a click on a tracked button (the first time, and one more in the count). The redirect knows no tenant
/// yet, so this looks the token up across tenants; the token is the secret. Answers nothing for an unknown token
/// or a campaign without a destination.
pub async fn click(db: &Db, token: &str) -> Result<Option<Clicked>, DbErr> {
    Clicked::find_by_statement(stmt(
        "update campaign_recipients r set clicked_at = coalesce(r.clicked_at, now()), click_count = r.click_count + 1
           from campaigns c
          where r.click_token = $1 and c.id = r.campaign_id and c.click_url is not null
          returning r.tenant_id, r.campaign_id, c.click_url",
        [token.into()],
    ))
    .one(db.system())
    .await
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct Failure {
    pub code: String,
    pub reason: Option<String>,
    pub n: i64,
}

/// Failed and skipped rows by error code, most frequent first.
pub async fn failures(tx: &TenantTx, campaign_id: Uuid) -> Result<Vec<Failure>, DbErr> {
    Failure::find_by_statement(stmt(
        "select coalesce(error_code, 'unknown') as code, min(error_reason) as reason, count(*) as n
           from campaign_recipients
          where campaign_id = $1 and status in ('failed', 'skipped', 'unknown')
          group by 1 order by 3 desc limit 20",
        [campaign_id.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Removes a campaign's recipients (a schedule's checks counted them; the start materialises them again).
pub async fn clear(tx: &TenantTx, campaign_id: Uuid) -> Result<(), DbErr> {
    tx.execute_raw(stmt("delete from campaign_recipients where campaign_id = $1", [campaign_id.into()])).await?;
    Ok(())
}

/// An asynchronous failure Meta says is final for this person (they stopped marketing, cannot receive): skipped.
pub async fn skip_failed(tx: &TenantTx, id: Uuid) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update campaign_recipients set status = 'skipped', retryable = false where id = $1 and status = 'failed'",
        [id.into()],
    ))
    .await?;
    Ok(())
}

/// Tags the contact's conversations on the campaign's numbers with the campaign (the inbox shows it).
pub async fn tag_conversations(tx: &TenantTx, contact_id: Uuid, campaign_id: Uuid) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update conversations v set campaign_id = $2
           from campaigns c
          where c.id = $2 and v.contact_id = $1 and v.connection_id = any(c.connection_ids)",
        [contact_id.into(), campaign_id.into()],
    ))
    .await?;
    Ok(())
}
