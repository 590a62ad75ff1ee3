//! Rolling raw facts up into the hourly and daily tables reports read. A range is rolled up in one transaction
//! that replaces its rows, so rerunning it gives the same rows; the cron pass redoes the previous hour (facts
//! committed late in it) and any hour a late message landed in; `backfill` rebuilds history a day at a time.

use crate::analytics::sketch::Sketch;
use crate::inbox::dto::BusinessHoursDay;
use crate::inbox::hours::Schedule;
use crate::{Core, DbResultExt, Result};
use chrono::{DateTime, Duration, DurationRound, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use futures::{StreamExt, TryStreamExt};
use parley_domain::TenantId;
use parley_store::TenantTx;
use parley_store::repo::analytics::facts::{self, CycleFact, MessageCounts};
use parley_store::repo::analytics::rollups::{self, AgentHour, ConversationRollup, DailyRow, FlowHour, HourlyRow};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct RollupService(pub(crate) Arc<Core>);

/// What one pass or backfill did.
#[derive(Debug, Clone, Default)]
pub struct RollupReport {
    pub tenants: usize,
    pub hours: usize,
}

/// The workspace's clock for reports: its time zone and, when it keeps business hours, their schedule.
#[derive(Debug, Clone)]
pub struct Clock {
    pub tz: Tz,
    pub hours: Option<Schedule>,
}

impl Clock {
    pub async fn load(tx: &TenantTx) -> Result<Self> {
        let s = parley_store::repo::inbox::inbox_settings::get(tx).await.db()?;
        let tz: Tz = s.timezone.parse().unwrap_or(Tz::UTC);
        let days: Vec<BusinessHoursDay> = serde_json::from_value(s.business_hours).unwrap_or_default();
        let hours = s.business_hours_enabled.then(|| Schedule::parse(&s.timezone, &days).ok()).flatten();
        Ok(Self { tz, hours })
    }

    /// Seconds from `a` to `b`: wall-clock, and inside business hours (the same when none are kept).
    fn durations(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> (f64, f64) {
        let wall = (b - a).num_milliseconds().max(0) as f64 / 1000.0;
        let business = self.hours.as_ref().map_or(wall, |h| h.open_seconds(a, b) as f64);
        (wall, business)
    }

    /// The first instant of a local day.
    pub fn day_start(&self, day: NaiveDate) -> DateTime<Utc> {
        let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        // A midnight skipped by a daylight-saving change starts the day at the first valid instant.
        (0..4)
            .find_map(|h| self.tz.from_local_datetime(&(midnight + Duration::hours(h))).earliest())
            .map_or_else(|| Utc.from_utc_datetime(&midnight), |t| t.with_timezone(&Utc))
    }

    pub fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }
}

pub fn hour_floor(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(Duration::hours(1)).unwrap_or(at)
}

type Key = (DateTime<Utc>, Uuid, Uuid, Uuid, Uuid);

/// The conversation rollup rows of raw facts: counts as they come, cycle events into sketches (wall-clock and
/// business hours), each fact credited to the label-less row and to each of its conversation's labels.
pub fn conversation_rows(counts: Vec<MessageCounts>, cycles: Vec<CycleFact>, clock: &Clock) -> Vec<HourlyRow> {
    #[derive(Default)]
    struct Acc {
        r: ConversationRollup,
        frt: Sketch,
        frt_bh: Sketch,
        res: Sketch,
        res_bh: Sketch,
    }
    let mut acc: BTreeMap<Key, Acc> = BTreeMap::new();
    for c in counts {
        let a = acc.entry((c.hour, c.connection_id, c.team_id, c.agent_id, c.label_id)).or_default();
        a.r.messages_in += c.messages_in as i32;
        a.r.messages_out += c.messages_out as i32;
        a.r.messages_agent += c.messages_agent as i32;
        a.r.messages_bot += c.messages_bot as i32;
        a.r.messages_campaign += c.messages_campaign as i32;
        a.r.messages_failed += c.messages_failed as i32;
    }
    for f in cycles {
        let hour = hour_floor(f.at);
        let took = f.opened_at.map(|o| clock.durations(o, f.at));
        for label in std::iter::once(Uuid::nil()).chain(f.labels.iter().copied()) {
            let a = acc.entry((hour, f.connection_id, f.team_id, f.agent_id, label)).or_default();
            match f.kind.as_str() {
                "opened" => a.r.opened += 1,
                "first_response" => {
                    if let Some((wall, business)) = took {
                        a.frt.add(wall);
                        a.frt_bh.add(business);
                    }
                }
                _ => {
                    a.r.resolved += 1;
                    if let Some((wall, business)) = took {
                        a.res.add(wall);
                        a.res_bh.add(business);
                    }
                }
            }
        }
    }
    acc.into_iter()
        .map(|((hour, connection_id, team_id, agent_id, label_id), a)| HourlyRow {
            hour,
            r: ConversationRollup {
                connection_id,
                team_id,
                agent_id,
                label_id,
                first_response: a.frt.to_stored(),
                first_response_bh: a.frt_bh.to_stored(),
                resolution: a.res.to_stored(),
                resolution_bh: a.res_bh.to_stored(),
                ..a.r
            },
        })
        .collect()
}

/// A conversation rollup being added up: its counts, and its sketches parsed once (adding rows never goes back to
/// JSON until the sum is stored).
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub r: ConversationRollup,
    pub frt: Sketch,
    pub frt_bh: Sketch,
    pub res: Sketch,
    pub res_bh: Sketch,
}

impl Figures {
    pub fn of(mut r: ConversationRollup) -> Self {
        let parse = |v: &mut Option<Vec<u8>>| v.take().map(|v| Sketch::from_stored(&v)).unwrap_or_default();
        Self {
            frt: parse(&mut r.first_response),
            frt_bh: parse(&mut r.first_response_bh),
            res: parse(&mut r.resolution),
            res_bh: parse(&mut r.resolution_bh),
            r,
        }
    }

    pub fn add(&mut self, o: &Figures) {
        let (a, b) = (&mut self.r, &o.r);
        a.messages_in += b.messages_in;
        a.messages_out += b.messages_out;
        a.messages_agent += b.messages_agent;
        a.messages_bot += b.messages_bot;
        a.messages_campaign += b.messages_campaign;
        a.messages_failed += b.messages_failed;
        a.opened += b.opened;
        a.resolved += b.resolved;
        self.frt.merge(&o.frt);
        self.frt_bh.merge(&o.frt_bh);
        self.res.merge(&o.res);
        self.res_bh.merge(&o.res_bh);
    }

    pub fn into_rollup(self) -> ConversationRollup {
        ConversationRollup {
            first_response: self.frt.to_stored(),
            first_response_bh: self.frt_bh.to_stored(),
            resolution: self.res.to_stored(),
            resolution_bh: self.res_bh.to_stored(),
            ..self.r
        }
    }
}

/// Seconds per agent, hour and availability from their status spans.
pub fn agent_hours(spans: Vec<facts::StatusSpan>) -> Vec<AgentHour> {
    let mut acc: BTreeMap<(DateTime<Utc>, Uuid), AgentHour> = BTreeMap::new();
    for s in spans {
        let mut at = s.from_at;
        while at < s.to_at {
            let hour = hour_floor(at);
            let end = (hour + Duration::hours(1)).min(s.to_at);
            let secs = (end - at).num_seconds() as i32;
            let row = acc.entry((hour, s.user_id)).or_insert(AgentHour {
                hour,
                agent_id: s.user_id,
                online_s: 0,
                away_s: 0,
                busy_s: 0,
            });
            match s.status.as_str() {
                "online" => row.online_s += secs,
                "away" => row.away_s += secs,
                _ => row.busy_s += secs,
            }
            at = end;
        }
    }
    acc.into_values().collect()
}

/// Flow rows: per hour, flow and version a row for the flow (node '') and one per node runs dropped off at.
pub fn flow_hours(facts: Vec<facts::FlowFact>) -> Vec<FlowHour> {
    type FlowKey = (DateTime<Utc>, Uuid, i32, String);
    let mut acc: BTreeMap<FlowKey, (FlowHour, Sketch)> = BTreeMap::new();
    for f in facts {
        let mut bump = |node: &str, f: &facts::FlowFact, with_duration: bool| {
            let (row, sketch) = acc.entry((f.hour, f.flow_id, f.version, node.to_owned())).or_insert_with(|| {
                let row = FlowHour {
                    hour: f.hour,
                    flow_id: f.flow_id,
                    version: f.version,
                    node: node.to_owned(),
                    started: 0,
                    completed: 0,
                    handed_off: 0,
                    failed: 0,
                    stopped: 0,
                    duration: None,
                };
                (row, Sketch::default())
            });
            let n = f.count as i32;
            match f.kind.as_str() {
                "started" => row.started += n,
                "completed" => row.completed += n,
                "handed_off" => row.handed_off += n,
                "failed" => row.failed += n,
                _ => row.stopped += n,
            }
            if with_duration {
                for d in &f.durations {
                    sketch.add(*d);
                }
            }
        };
        bump("", &f, f.kind == "completed");
        if let Some(node) = f.node.as_deref().filter(|n| !n.is_empty() && f.kind != "started") {
            bump(node, &f, false);
        }
    }
    acc.into_values()
        .map(|(mut row, sketch)| {
            row.duration = sketch.to_stored();
            row
        })
        .collect()
}

impl RollupService {
    /// Rolls up `[from, to)` (whole hours) for one tenant: hourly rows, then the local days they touch, in one
    /// transaction.
    pub async fn roll_tenant(&self, tenant: Uuid, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<()> {
        let (from, to) = whole_hours(from, to);
        if to <= from {
            return Ok(());
        }
        let (tx, clock) = self.begin(tenant).await?;
        roll_hours(&tx, &clock, from, to).await?;
        roll_days(&tx, &clock, clock.day_of(from), clock.day_of(to - Duration::seconds(1))).await?;
        tx.tx.commit().await.db()?;
        Ok(())
    }

    /// Rolls `[from, to)` up, then records the tenant's progress when the range reaches the current hour. A range of
    /// a day or less is one `roll_tenant`; a longer one (a backfill, a tenant's first pass) rolls its hours a day per
    /// transaction, several days at once (the facts queries keep a core each busy), then rebuilds its local days a
    /// month per transaction. Reports read daily rows only up to the progress, so they never see the days half done.
    pub async fn roll_range(&self, tenant: Uuid, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<usize> {
        let (from, to) = whole_hours(from, to);
        if to - from <= Duration::days(1) {
            self.roll_tenant(tenant, from, to).await?;
        } else {
            let mut chunks = Vec::new();
            let mut at = from;
            while at < to {
                let next = (at + Duration::days(1)).min(to);
                chunks.push((at, next));
                at = next;
            }
            let parallel = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 4);
            futures::stream::iter(chunks)
                .map(|(a, b)| self.roll_hours_alone(tenant, a, b))
                .buffer_unordered(parallel)
                .try_collect::<Vec<()>>()
                .await?;
            let (mut tx, clock) = self.begin(tenant).await?;
            let (mut day, last) = (clock.day_of(from), clock.day_of(to - Duration::seconds(1)));
            loop {
                let until = (day + Duration::days(30)).min(last);
                roll_days(&tx, &clock, day, until).await?;
                tx.tx.commit().await.db()?;
                day = until + Duration::days(1);
                if day > last {
                    break;
                }
                tx = self.begin(tenant).await?.0;
            }
        }
        let current = hour_floor(Utc::now());
        if to >= current {
            let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
            rollups::set_progress(&tx, current).await.db()?;
            tx.tx.commit().await.db()?;
        }
        Ok((to - from).num_hours().max(0) as usize)
    }

    /// The hourly tables of `[from, to)` in a transaction of their own (daily rows are left to the caller).
    async fn roll_hours_alone(&self, tenant: Uuid, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<()> {
        let (tx, clock) = self.begin(tenant).await?;
        roll_hours(&tx, &clock, from, to).await?;
        tx.tx.commit().await.db()
    }

    /// A rollup transaction of the tenant's, its statements planned for their own range, and its clock.
    async fn begin(&self, tenant: Uuid) -> Result<(TenantTx, Clock)> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        facts::plan_for_each_range(&tx).await.db()?;
        let clock = Clock::load(&tx).await?;
        Ok((tx, clock))
    }

    /// The cron pass, for every tenant: the hours since its last pass and the one before again (facts committed
    /// late in it), or its whole history on its first pass; then every earlier hour a message inserted since the
    /// last pass belongs to.
    pub async fn run_once(&self) -> Result<RollupReport> {
        let now = Utc::now();
        let current = hour_floor(now);
        let mut report = RollupReport::default();
        let tenants = parley_store::repo::platform::system::tenant_ids(&self.0.db).await.db()?;
        for tenant in &tenants {
            let tx = self.0.db.tenant_tx(TenantId(*tenant)).await.db()?;
            let from = match rollups::progress(&tx).await.db()? {
                Some(done) => done.min(current) - Duration::hours(1),
                None => rollups::earliest_fact(&tx).await.db()?.map_or(current - Duration::hours(1), hour_floor),
            };
            drop(tx);
            report.hours += self.roll_range(*tenant, from, current).await?;
            self.refresh_campaigns(*tenant, false).await?;
        }
        report.tenants = tenants.len();
        if let Some(scanned) = rollups::late_scan(&self.0.db).await.db()? {
            // A few minutes of overlap: a transaction that began before the last pass may have committed after it.
            let late = parley_store::repo::platform::system::late_message_hours(
                &self.0.db,
                scanned - Duration::minutes(10),
                current - Duration::hours(1),
            )
            .await
            .db()?;
            let mut by_tenant: HashMap<Uuid, BTreeSet<DateTime<Utc>>> = HashMap::new();
            for l in late {
                by_tenant.entry(l.tenant_id).or_default().insert(l.hour);
            }
            for (tenant, hours) in by_tenant {
                for (first, last) in late_spans(&hours) {
                    self.roll_tenant(tenant, first, last + Duration::hours(1)).await?;
                    report.hours += (last - first).num_hours() as usize + 1;
                }
            }
        }
        rollups::save_late_scan(&self.0.db, now).await.db()?;
        Ok(report)
    }

    /// Rebuilds every tenant's (or one tenant's) rollups from `since` to the current hour.
    pub async fn backfill(&self, since: DateTime<Utc>, tenant: Option<Uuid>) -> Result<RollupReport> {
        let current = hour_floor(Utc::now());
        let tenants = match tenant {
            Some(t) => vec![t],
            None => parley_store::repo::platform::system::tenant_ids(&self.0.db).await.db()?,
        };
        let mut report = RollupReport { tenants: tenants.len(), hours: 0 };
        for t in tenants {
            self.refresh_campaigns(t, true).await?;
            report.hours += self.roll_range(t, since, current).await?;
        }
        Ok(report)
    }

    /// Recounts the funnels of the tenant's campaigns statuses may still change for (every started one with `all`).
    pub async fn refresh_campaigns(&self, tenant: Uuid, all: bool) -> Result<()> {
        let tx = self.0.db.tenant_tx(TenantId(tenant)).await.db()?;
        rollups::refresh_campaigns(&tx, all).await.db()?;
        tx.tx.commit().await.db()?;
        Ok(())
    }

    /// What the cron job runs every five minutes on every node (a pass is idempotent): a rollup pass, then the
    /// weekly mails due.
    pub async fn tick(&self) -> Result<RollupReport> {
        let report = self.run_once().await?;
        super::reports::AnalyticsService(self.0.clone()).send_weekly_reports().await?;
        Ok(report)
    }
}

/// `[from, to)` widened to whole hours.
fn whole_hours(from: DateTime<Utc>, to: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (hour_floor(from), hour_floor(to + Duration::hours(1) - Duration::nanoseconds(1)))
}

/// Replaces the hourly rows of `[from, to)` (conversations, agents, flows, CRM) with what the raw facts say.
async fn roll_hours(tx: &TenantTx, clock: &Clock, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<()> {
    let counts = facts::message_counts(tx, from, to).await.db()?;
    let cycles = facts::cycles(tx, from, to).await.db()?;
    rollups::replace_hourly(tx, from, to, &conversation_rows(counts, cycles, clock)).await.db()?;
    let spans = facts::status_spans(tx, from, to).await.db()?;
    rollups::replace_agent_hours(tx, from, to, &agent_hours(spans)).await.db()?;
    let flows = facts::flow_facts(tx, from, to).await.db()?;
    rollups::replace_flow_hours(tx, from, to, &flow_hours(flows)).await.db()?;
    let crm = facts::crm_facts(tx, from, to).await.db()?;
    rollups::replace_crm_hours(tx, from, to, &crm).await.db()?;
    Ok(())
}

/// Late hours as spans to roll up, one per day they fall on (from its first late hour to its last): an import of a
/// month's messages rolls the month a day at a time, as a backfill does, instead of redoing each hour's day once per
/// hour, while a lone late status still rolls only its own hour.
fn late_spans(hours: &BTreeSet<DateTime<Utc>>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for &h in hours {
        match spans.last_mut() {
            Some((first, last)) if first.date_naive() == h.date_naive() => *last = h,
            _ => spans.push((h, h)),
        }
    }
    spans
}

/// Rebuilds the daily rows of local days `[first, last]` from the hourly rows.
async fn roll_days(tx: &TenantTx, clock: &Clock, first: NaiveDate, last: NaiveDate) -> Result<()> {
    let (start, end) = (clock.day_start(first), clock.day_start(last + Duration::days(1)));
    let hours = rollups::hourly_all(tx, start, end).await.db()?;
    type DayKey = (NaiveDate, Uuid, Uuid, Uuid, Uuid);
    let mut days: BTreeMap<DayKey, (Figures, Vec<i32>)> = BTreeMap::new();
    let any = rollups::ANY;
    for h in hours {
        let day = clock.day_of(h.hour);
        let local_hour = h.hour.with_timezone(&clock.tz).hour() as usize;
        let (c, t, a, l) = (h.r.connection_id, h.r.team_id, h.r.agent_id, h.r.label_id);
        let figures = Figures::of(h.r);
        // The cube's row, the day's total, and one row per dimension with the others "any" (`rollups::daily`).
        for (c, t, a) in [(c, t, a), (any, any, any), (c, any, any), (any, t, any), (any, any, a)] {
            let (sum, by_hour) = days.entry((day, c, t, a, l)).or_insert_with(|| {
                let dims =
                    ConversationRollup { connection_id: c, team_id: t, agent_id: a, label_id: l, ..Default::default() };
                (Figures { r: dims, ..Default::default() }, vec![0; 24])
            });
            by_hour[local_hour] += figures.r.messages_in;
            sum.add(&figures);
        }
    }
    let rows: Vec<DailyRow> = days
        .into_iter()
        .map(|((day, ..), (sum, in_by_hour))| DailyRow { day, in_by_hour, r: sum.into_rollup() })
        .collect();
    rollups::replace_daily(tx, first, last, &rows).await.db()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_hours_roll_a_day_at_a_time() {
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).single().expect("a valid hour");
        let hours: BTreeSet<_> = [at(1, 3), at(1, 5), at(1, 23), at(2, 0), at(9, 12)].into_iter().collect();
        assert_eq!(late_spans(&hours), vec![(at(1, 3), at(1, 23)), (at(2, 0), at(2, 0)), (at(9, 12), at(9, 12))]);
        assert!(late_spans(&BTreeSet::new()).is_empty());
    }
}
