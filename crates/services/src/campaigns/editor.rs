//! The wizard's side of campaigns: drafts saved step by step, the uploaded CSV, the pre-send checks with the
//! audience's final count (materialised in a transaction that is rolled back, so the preview counts exactly what
//! a launch would send), the cost estimate, and the list.

use super::dto::*;
use super::template::{self, Shape};
use super::{campaign_not_found, checks, progress};
use crate::billing::quota::Feature;
use crate::check::Check;
use crate::crm::csv_file;
use crate::ctx::TenantCtx;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use bytes::Bytes;
use parley_domain::Phone;
use parley_store::TenantTx;
use parley_store::repo::campaigns::{definitions as repo, recipients, suppressions};
use parley_store::repo::crm::filter::{Cond, Filter};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct CampaignService(pub(crate) Arc<Core>);

/// "21:00" → 1260.
pub(crate) fn minutes_of(field: &str, raw: &str, c: &mut Check) -> Option<i16> {
    // `H:MM` or `HH:MM`, digits only, as the document's pattern says.
    let digits =
        |s: &str, len: std::ops::RangeInclusive<usize>| len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let parsed = raw
        .split_once(':')
        .filter(|(h, m)| digits(h, 1..=2) && digits(m, 2..=2))
        .and_then(|(h, m)| Some((h.parse::<i16>().ok()?, m.parse::<i16>().ok()?)));
    match parsed {
        Some((h, m)) if (0..24).contains(&h) && (0..60).contains(&m) => Some(h * 60 + m),
        _ => {
            c.push(field, "must be a time of day as HH:MM");
            None
        }
    }
}

pub(crate) fn hhmm(m: Option<i16>) -> Option<String> {
    m.map(|m| format!("{:02}:{:02}", m / 60, m % 60))
}

/// The contacts filter an audience names (contacts in an included segment or with an included label, minus the
/// excluded ones). A segment of another workspace is not found (404).
pub(crate) async fn audience_filter(tx: &TenantTx, a: &Audience) -> Result<Filter> {
    let mut any = Vec::new();
    for id in &a.include_segments {
        any.push(crate::crm::segments::segment_filter(tx, *id).await?);
    }
    any.extend(a.include_labels.iter().map(|l| Filter::Cond(Cond::Label { label_id: *l, has: true })));
    let mut all = Vec::new();
    if !any.is_empty() {
        all.push(Filter::Any(any));
    } else if !a.all_contacts {
        // Nothing included: nobody (an empty `Any` would be everyone).
        all.push(Filter::Cond(Cond::Ids(vec![])));
    }
    for id in &a.exclude_segments {
        let seg = crate::crm::segments::segment_filter(tx, *id).await?;
        all.push(Filter::Not(Box::new(seg)));
    }
    all.extend(a.exclude_labels.iter().map(|l| Filter::Cond(Cond::Label { label_id: *l, has: false })));
    Ok(Filter::All(all))
}

impl CampaignService {
    pub async fn list(&self, t: &TenantCtx, q: StatusPageQuery) -> Result<CampaignList> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let limit = crate::check::in_range("limit", q.limit, 25, 100)?;
        let before = q.cursor.as_deref().map(|c| crate::cursor::decode_at("cursor", c)).transpose()?;
        let rows = repo::page(&tx, q.status.as_deref(), before, limit + 1).await.db()?;
        let more = rows.len() as u64 > limit;
        let mut items = Vec::with_capacity(rows.len());
        for r in rows.into_iter().take(limit as usize) {
            let p = progress::of(&tx, &r).await?;
            items.push(summary(r, p));
        }
        let next_cursor = if more {
            items.last().map(|c: &CampaignSummary| crate::cursor::encode_at(c.created_at, c.id))
        } else {
            None
        };
        Ok(CampaignList { items, next_cursor })
    }

    pub async fn get(&self, t: &TenantCtx, id: Uuid) -> Result<Campaign> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        campaign_dto(&self.0, &tx, row).await
    }

    pub async fn create(&self, t: &TenantCtx, input: CampaignInput) -> Result<Campaign> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        self.0.require_feature(&tx, Feature::Campaigns).await?;
        let id = Uuid::now_v7();
        let w = validated(&tx, &input).await?;
        repo::insert(&tx, id, &w.write(&input), actor.user_id.map(|u| u.0)).await.db()?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        let dto = campaign_dto(&self.0, &tx, row).await?;
        tx.commit().await.db()?;
        Ok(dto)
    }

    /// Saves a draft (or a scheduled campaign, which keeps its schedule).
    pub async fn update(&self, t: &TenantCtx, id: Uuid, input: CampaignInput) -> Result<Campaign> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo::lock(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        if !matches!(row.status.as_str(), "draft" | "scheduled") {
            return Err(not_editable(&row.status));
        }
        let w = validated(&tx, &input).await?;
        repo::update(&tx, id, &w.write(&input)).await.db()?;
        // A changed campaign is scheduled again by a person (the schedule's checks run on what it is now).
        repo::transition(&tx, id, &["scheduled"], "draft", None).await.db()?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        let dto = campaign_dto(&self.0, &tx, row).await?;
        tx.commit().await.db()?;
        Ok(dto)
    }

    pub async fn delete(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo::lock(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        if !repo::delete(&tx, id).await.db()? {
            return Err(DomainError::Conflict {
                code: "campaign_running",
                message: format!("A {} campaign cannot be deleted; cancel it first.", row.status),
            });
        }
        tx.commit().await.db()
    }

    /// Refuses what `upload_csv` would refuse for who the caller is and which campaign it names (403, 404, 409),
    /// before a large upload is read.
    pub async fn may_edit(&self, t: &TenantCtx, id: Uuid) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        if !matches!(row.status.as_str(), "draft" | "scheduled") {
            return Err(not_editable(&row.status));
        }
        Ok(())
    }

    /// Replaces the draft's CSV: numbers normalised (with the workspace's country for national ones), invalid rows
    /// and duplicates counted and reported by line.
    pub async fn upload_csv(&self, t: &TenantCtx, id: Uuid, bytes: Bytes) -> Result<CsvUploadResult> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo::lock(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        if !matches!(row.status.as_str(), "draft" | "scheduled") {
            return Err(not_editable(&row.status));
        }
        let country = home_country(&tx, row.connection_ids.first().copied()).await?;
        let parsed = parse_csv(&bytes, country)?;
        repo::replace_csv(&tx, id, &parsed.phones, &parsed.data).await.db()?;
        tx.commit().await.db()?;
        Ok(CsvUploadResult {
            rows: parsed.phones.len() as i64,
            invalid: parsed.invalid,
            duplicates: parsed.duplicates,
            columns: parsed.columns,
            problems: parsed.problems,
        })
    }

    /// The pre-send checks, the audience's final count with who was left out and why, the cost estimate and the
    /// time sending takes: exactly what a launch would do, rolled back.
    pub async fn preview(&self, t: &TenantCtx, id: Uuid) -> Result<CampaignPreview> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        let p = checks::prepare(&self.0, &tx, &row).await?;
        // `tx` is dropped without a commit: the recipients materialised for counting are never stored.
        Ok(p.preview())
    }

    pub async fn recipients(&self, t: &TenantCtx, id: Uuid, q: RecipientPageQuery) -> Result<CampaignRecipientList> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        if let Some(s) = q.status.as_deref()
            && !RECIPIENT_STATES.contains(&s)
        {
            return Err(DomainError::field("status", &format!("must be one of: {}", RECIPIENT_STATES.join(", "))));
        }
        let limit = crate::check::in_range("limit", q.limit, 50, 200)?;
        let after = q.cursor.as_deref().map(|c| crate::cursor::decode("cursor", c).map(|(_, id)| id)).transpose()?;
        let rows = recipients::page(&tx, id, q.status.as_deref(), after, limit + 1).await.db()?;
        let more = rows.len() as u64 > limit;
        let items: Vec<CampaignRecipient> =
            rows.into_iter().take(limit as usize).map(CampaignRecipient::from).collect();
        let next_cursor = if more { items.last().map(|r| crate::cursor::encode("r", r.id)) } else { None };
        Ok(CampaignRecipientList { items, next_cursor })
    }

    /// Every recipient with their state, as CSV (streamed page by page by the caller).
    pub async fn export_page(&self, t: &TenantCtx, id: Uuid, after: Option<Uuid>) -> Result<(Vec<u8>, Option<Uuid>)> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        let rows = recipients::page(&tx, id, None, after, 2_000).await.db()?;
        let last = (rows.len() == 2_000).then(|| rows.last().map(|r| r.id)).flatten();
        let mut w = csv::Writer::from_writer(Vec::new());
        if after.is_none() {
            w.write_record([
                "phone",
                "name",
                "status",
                "error_code",
                "error_reason",
                "sent_at",
                "delivered_at",
                "read_at",
                "replied_at",
                "failed_at",
                "clicked_at",
                "clicks",
                "cost",
            ])
            .map_err(DomainError::internal)?;
        }
        let at = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
        for r in rows {
            let name = r.contact_name.clone().unwrap_or_default();
            w.write_record([
                csv_file::safe_cell(&r.phone).into_owned(),
                csv_file::safe_cell(&name).into_owned(),
                r.status.clone(),
                r.error_code.clone().unwrap_or_default(),
                csv_file::safe_cell(r.error_reason.as_deref().unwrap_or_default()).into_owned(),
                at(r.sent_at),
                at(r.delivered_at),
                at(r.read_at),
                at(r.replied_at),
                at(r.failed_at),
                at(r.clicked_at),
                r.click_count.to_string(),
                r.cost.map(|c| format!("{c:.4}")).unwrap_or_default(),
            ])
            .map_err(DomainError::internal)?;
        }
        Ok((w.into_inner().map_err(DomainError::internal)?, last))
    }

    pub async fn stats(&self, t: &TenantCtx, id: Uuid) -> Result<CampaignStats> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let row = repo::get(&tx, id).await.db()?.ok_or_else(campaign_not_found)?;
        let mut stats = progress::stats(&tx, &row).await?;
        // Costs are in the price table's currency.
        stats.currency = self.0.price_table(&tx).await?.currency();
        Ok(stats)
    }

    pub async fn suppressions(&self, t: &TenantCtx, q: SuppressionQuery) -> Result<SuppressionList> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let limit = crate::check::in_range("limit", q.limit, 50, 200)?;
        let after = q.cursor.as_deref().map(|c| crate::cursor::decode("cursor", c).map(|(k, _)| k)).transpose()?;
        let search: Option<String> =
            q.q.as_deref().map(|s| s.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect());
        let rows = suppressions::page(&tx, search.as_deref().filter(|s| !s.is_empty()), after.as_deref(), limit + 1)
            .await
            .db()?;
        let more = rows.len() as u64 > limit;
        let items: Vec<Suppression> = rows
            .into_iter()
            .take(limit as usize)
            .map(|r| Suppression {
                phone: r.phone,
                reason: r.reason,
                created_by: r.created_by_name,
                created_at: r.created_at,
            })
            .collect();
        let next_cursor = if more { items.last().map(|s| crate::cursor::encode(&s.phone, Uuid::nil())) } else { None };
        Ok(SuppressionList { items, next_cursor })
    }

    pub async fn add_suppressions(&self, t: &TenantCtx, input: AddSuppressionsInput) -> Result<AddSuppressionsResult> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        if input.phones.len() > 10_000 {
            return Err(DomainError::field("phones", "must hold at most 10,000 numbers; upload them in parts"));
        }
        let mut c = Check::default();
        let reason = input.reason.as_deref().and_then(|r| c.text("reason", r, 0, 200)).filter(|r| !r.is_empty());
        c.finish()?;
        let country = home_country(&tx, None).await?;
        let (mut ok, mut invalid) = (Vec::new(), Vec::new());
        for p in &input.phones {
            match Phone::parse_in(p, country) {
                Ok(p) => ok.push(p.as_str().to_owned()),
                Err(_) => invalid.push(p.clone()),
            }
        }
        ok.sort();
        ok.dedup();
        let added = suppressions::add(&tx, &ok, reason.as_deref(), actor.user_id.map(|u| u.0)).await.db()?;
        tx.commit().await.db()?;
        Ok(AddSuppressionsResult { added, invalid })
    }

    pub async fn remove_suppression(&self, t: &TenantCtx, phone: &str) -> Result<()> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let phone = Phone::parse(phone).map_err(|_| DomainError::NotFound("Suppressed number"))?;
        if !suppressions::remove(&tx, phone.as_str()).await.db()? {
            return Err(DomainError::NotFound("Suppressed number"));
        }
        tx.commit().await.db()
    }

    pub async fn prices(&self, t: &TenantCtx) -> Result<Vec<MessagePrice>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        Ok(parley_store::repo::campaigns::prices::all(&tx)
            .await
            .db()?
            .into_iter()
            .map(|p| MessagePrice { country: p.country, category: p.category, price: p.price, currency: p.currency })
            .collect())
    }
}

/// The country national numbers in a file are read in: the number's (or the workspace's first number's).
async fn home_country(tx: &TenantTx, connection: Option<Uuid>) -> Result<Option<&'static str>> {
    let rows = parley_store::repo::channel::connections::list(&tx.tx).await.db()?;
    let row = connection.and_then(|id| rows.iter().find(|r| r.id == id)).or(rows.first());
    Ok(row.and_then(|r| r.display_phone_number.as_deref()).and_then(parley_domain::country::country_of))
}

pub(crate) const RECIPIENT_STATES: [&str; 9] =
    ["pending", "sending", "sent", "delivered", "read", "replied", "failed", "skipped", "unknown"];

pub(crate) fn not_editable(status: &str) -> DomainError {
    DomainError::Conflict {
        code: "campaign_not_editable",
        message: format!("A {status} campaign cannot be changed; only drafts and scheduled campaigns can."),
    }
}

/// A draft's fields, checked for shape (not for completeness: the pre-send checks say what is missing).
pub(crate) struct Valid {
    name: String,
    timezone: String,
    quiet: (Option<i16>, Option<i16>),
    media: Option<String>,
    click_url: Option<String>,
    variables: Value,
    audience: Value,
}

impl Valid {
    fn write<'a>(&'a self, i: &'a CampaignInput) -> repo::CampaignWrite<'a> {
        repo::CampaignWrite {
            name: &self.name,
            connection_ids: &i.connection_ids,
            template_id: i.template_id,
            variables: &self.variables,
            header_media_url: self.media.as_deref(),
            audience: &self.audience,
            schedule_at: i.schedule_at,
            timezone: &self.timezone,
            recipient_timezone: i.recipient_timezone,
            quiet_start: self.quiet.0,
            quiet_end: self.quiet.1,
            rate_per_second: i.rate_per_second,
            reply_flow_id: i.reply_flow_id,
            click_url: self.click_url.as_deref(),
        }
    }
}

const SOURCES: [&str; 3] = ["field", "constant", "csv"];

/// Checks a draft's shape and that everything it names is this workspace's (another's is 404, as if it did not
/// exist).
async fn validated(tx: &TenantTx, i: &CampaignInput) -> Result<Valid> {
    let mut c = Check::default();
    let name = c.text("name", &i.name, 1, 120).unwrap_or_default();
    let timezone = i.timezone.clone().unwrap_or_else(|| "UTC".into());
    if timezone.parse::<chrono_tz::Tz>().is_err() {
        c.push("timezone", "must be an IANA time zone such as Europe/Lisbon");
    }
    let quiet = match (i.quiet_start.as_deref(), i.quiet_end.as_deref()) {
        (None, None) => (None, None),
        (Some(s), Some(e)) => (minutes_of("quietStart", s, &mut c), minutes_of("quietEnd", e, &mut c)),
        _ => {
            c.push("quietStart", "quiet hours need both a start and an end");
            (None, None)
        }
    };
    if quiet.0.is_some() && quiet.0 == quiet.1 {
        c.push("quietEnd", "must differ from the start");
    }
    if let Some(r) = i.rate_per_second
        && !(1..=1000).contains(&r)
    {
        c.push("ratePerSecond", "must be between 1 and 1,000");
    }
    if i.connection_ids.len() > 20 {
        c.push("connectionIds", "must name at most 20 numbers");
    }
    if i.variables.len() > 40 {
        c.push("variables", "must hold at most 40 mappings");
    }
    for v in &i.variables {
        let n = &v.slot;
        if !SOURCES.contains(&v.source.as_str()) {
            c.push(&format!("variables.{n}.source"), "must be field, constant or csv");
        }
        c.text(&format!("variables.{n}.value"), &v.value, usize::from(v.source != "constant"), 1024);
        if let Some(f) = &v.fallback {
            c.text(&format!("variables.{n}.fallback"), f, 0, 1024);
        }
    }
    let media = i.header_media_url.as_deref().map(str::trim).filter(|m| !m.is_empty()).map(str::to_owned);
    if let Some(m) = &media
        && (!m.starts_with("https://") && !m.starts_with("http://") || m.chars().count() > 2048)
    {
        c.push("headerMediaUrl", "must be an http(s) link of at most 2,048 characters");
    }
    let click_url = i.click_url.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
    // The limit counts the link as sent, surrounding white space included, as the document's `maxLength` does.
    if i.click_url.as_deref().is_some_and(|raw| raw.chars().count() > 2048)
        || click_url.as_deref().is_some_and(|u| !is_web_link(u))
    {
        c.push("clickUrl", "must be an http(s) link (with a host) of at most 2,048 characters");
    }
    if i.audience.include_segments.len() + i.audience.exclude_segments.len() > 20
        || i.audience.include_labels.len() + i.audience.exclude_labels.len() > 50
    {
        c.push("audience", "names too many segments or labels");
    }
    c.finish()?;
    for id in &i.connection_ids {
        parley_store::repo::channel::connections::get(&tx.tx, *id)
            .await
            .db()?
            .ok_or(DomainError::NotFound("WhatsApp number"))?;
    }
    if let Some(id) = i.template_id {
        parley_store::repo::channel::templates::get(tx, id).await.db()?.ok_or(DomainError::NotFound("Template"))?;
    }
    for id in i.audience.include_segments.iter().chain(&i.audience.exclude_segments) {
        parley_store::repo::crm::segments::get(tx, *id).await.db()?.ok_or(DomainError::NotFound("Segment"))?;
    }
    let labels: Vec<Uuid> = i.audience.include_labels.iter().chain(&i.audience.exclude_labels).copied().collect();
    if !labels.is_empty() {
        let mut distinct = labels.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if parley_store::repo::crm::labels::count_known(tx, &distinct).await.db()? != distinct.len() as u64 {
            return Err(DomainError::NotFound("Label"));
        }
    }
    if let Some(f) = i.reply_flow_id {
        parley_store::repo::flows::definitions::get(tx, f).await.db()?.ok_or(DomainError::NotFound("Flow"))?;
    }
    Ok(Valid {
        name,
        timezone,
        quiet,
        media,
        click_url,
        variables: serde_json::to_value(&i.variables).map_err(DomainError::internal)?,
        audience: serde_json::to_value(&i.audience).map_err(DomainError::internal)?,
    })
}

/// An absolute http(s) link with a host and no spaces: where a redirect may send people.
fn is_web_link(u: &str) -> bool {
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    u.chars().count() <= 2048
        && host.is_some_and(|h| !h.is_empty() && !h.contains('@'))
        && !u.chars().any(|c| c.is_whitespace() || c.is_control())
}

struct ParsedCsv {
    phones: Vec<String>,
    data: Vec<Value>,
    columns: Vec<String>,
    invalid: i64,
    duplicates: i64,
    problems: Vec<CsvProblem>,
}

/// The column holding the numbers: one named like a phone, else the first.
fn phone_column(headers: &[String]) -> usize {
    headers
        .iter()
        .position(|h| {
            let h = h.to_ascii_lowercase();
            ["phone", "mobile", "whatsapp", "number", "msisdn", "cell", "telefone", "teléfono", "هاتف"]
                .iter()
                .any(|k| h.contains(k))
        })
        .unwrap_or(0)
}

fn parse_csv(bytes: &[u8], country: Option<&str>) -> Result<ParsedCsv> {
    let shape = csv_file::inspect(bytes)?;
    if shape.rows > 200_000 {
        return Err(DomainError::Rejected {
            code: "csv_too_large",
            message: format!("The file has {} rows; a campaign takes at most 200,000.", shape.rows),
        });
    }
    let at = phone_column(&shape.headers);
    let mut rdr = csv_file::reader(bytes, shape.delimiter);
    let mut record = csv::ByteRecord::new();
    let mut seen = HashSet::new();
    let mut out = ParsedCsv {
        phones: Vec::with_capacity(shape.rows),
        data: Vec::with_capacity(shape.rows),
        columns: shape.headers.clone(),
        invalid: 0,
        duplicates: 0,
        problems: Vec::new(),
    };
    let mut line = 1i64;
    loop {
        line += 1;
        let problem = |out: &mut ParsedCsv, message: String| {
            out.invalid += 1;
            if out.problems.len() < 20 {
                out.problems.push(CsvProblem { line, message });
            }
        };
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let raw = record.get(at).map(csv_file::decode).unwrap_or_default();
                match Phone::parse_in(raw.trim(), country) {
                    Ok(p) => {
                        if !seen.insert(p.as_str().to_owned()) {
                            out.duplicates += 1;
                            continue;
                        }
                        let mut data = serde_json::Map::new();
                        for (h, v) in shape.headers.iter().zip(record.iter()) {
                            data.insert(h.clone(), json!(csv_file::decode(v).trim()));
                        }
                        out.phones.push(p.as_str().to_owned());
                        out.data.push(Value::Object(data));
                    }
                    Err(_) => problem(&mut out, format!("{raw:?} is not a phone number")),
                }
            }
            Err(e) => problem(&mut out, format!("the row cannot be read: {e}")),
        }
    }
    // A readable file whose rows hold no phone number is kept as an empty audience with its problems listed: the
    // wizard shows them, and the launch's checks refuse an empty audience.
    Ok(out)
}

pub(crate) fn summary(r: repo::CampaignRow, progress: CampaignProgress) -> CampaignSummary {
    CampaignSummary {
        template_name: r.template.as_ref().and_then(|t| t["name"].as_str()).map(str::to_owned),
        audience_size: r.recipients_total,
        id: r.id,
        name: r.name,
        status: r.status,
        status_reason: r.status_reason,
        progress,
        schedule_at: r.schedule_at,
        created_by: r.created_by_name,
        created_at: r.created_at,
        started_at: r.started_at,
        completed_at: r.completed_at,
    }
}

pub(crate) async fn campaign_dto(core: &Core, tx: &TenantTx, r: repo::CampaignRow) -> Result<Campaign> {
    let progress = progress::of(tx, &r).await?;
    let csv = repo::csv_info(tx, r.id).await.db()?;
    let template = match (&r.template, r.template_id) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(id)) => parley_store::repo::channel::templates::get(tx, id).await.db()?.map(|t| template_json(&t)),
        _ => None,
    };
    let tracked_slots = template
        .as_ref()
        .map(|t| template::tracked_slots(&t["components"], &super::redirect_base(core)))
        .unwrap_or_default();
    Ok(Campaign {
        id: r.id,
        name: r.name,
        status: r.status,
        status_reason: r.status_reason,
        connection_ids: r.connection_ids,
        template_id: r.template_id,
        template,
        variables: serde_json::from_value(r.variables).unwrap_or_default(),
        header_media_url: r.header_media_url,
        audience: serde_json::from_value(r.audience).unwrap_or_default(),
        schedule_at: r.schedule_at,
        timezone: r.timezone,
        recipient_timezone: r.recipient_timezone,
        quiet_start: hhmm(r.quiet_start),
        quiet_end: hhmm(r.quiet_end),
        rate_per_second: r.rate_per_second,
        reply_flow_id: r.reply_flow_id,
        click_url: r.click_url,
        tracked_slots,
        estimated_cost: r.estimated_cost,
        audience_summary: r.audience_summary.and_then(|s| serde_json::from_value(s).ok()),
        csv_rows: csv.rows,
        csv_columns: csv.columns.and_then(|c| serde_json::from_value(c).ok()).unwrap_or_default(),
        progress,
        created_by: r.created_by_name,
        created_at: r.created_at,
        updated_at: r.updated_at,
        started_at: r.started_at,
        completed_at: r.completed_at,
    })
}

/// A template as a campaign keeps it (what every recipient gets, even if the template changes later).
pub(crate) fn template_json(t: &parley_store::repo::channel::templates::TemplateRow) -> Value {
    json!({ "id": t.id, "name": t.name, "language": t.language, "status": t.status,
            "category": t.category.as_deref().map(str::to_lowercase), "components": t.components })
}

pub(crate) fn shape_of(template: &Value) -> Shape {
    template::shape(&template["components"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_with_bad_and_repeated_rows_keeps_the_good_ones_once_and_says_which_lines_failed() {
        let csv = "name;Mobile;city\nAna;+351 912 345 678;Lisbon\nBad;not a phone;x\nAna again;+351912345678;Porto\n\
                   Rui;912 000 111;Faro\n";
        let p = parse_csv(csv.as_bytes(), Some("PT")).expect("parses");
        assert_eq!(p.phones, ["+351912345678", "+351912000111"]);
        assert_eq!((p.invalid, p.duplicates), (1, 1));
        assert_eq!(p.problems[0].line, 3);
        assert_eq!(p.data[0]["city"], "Lisbon");
        assert_eq!(p.columns, ["name", "Mobile", "city"]);
    }

    #[test]
    fn a_destination_must_be_a_web_link_with_a_host() {
        assert!(is_web_link("https://shop.example.com/offer?x=1"));
        assert!(is_web_link("http://shop.example.com"));
        for bad in [
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "ftp://x.example",
            "https://a b.example",
            "https://user@evil.example/",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
    }

    #[test]
    fn quiet_hours_read_as_minutes_of_the_day() {
        let mut c = Check::default();
        assert_eq!(minutes_of("q", "21:00", &mut c), Some(1260));
        assert_eq!(minutes_of("q", "8:05", &mut c), Some(485));
        assert_eq!(minutes_of("q", "25:00", &mut c), None);
        assert_eq!(minutes_of("q", "+8:05", &mut c), None, "digits only");
        assert_eq!(minutes_of("q", " 8:05", &mut c), None);
        assert!(c.finish().is_err());
        assert_eq!(hhmm(Some(485)).as_deref(), Some("08:05"));
    }
}
