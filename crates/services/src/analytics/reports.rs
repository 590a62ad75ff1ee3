//! The reports. Each reads the rollups for the part of the range they cover (daily rows for whole days of the
//! workspace's time zone, hourly rows otherwise) and computes the rest, the current partial hour, from raw facts
//! with the rollup's own code; `raw` computes the whole range from raw facts (the benchmark's floor and the
//! rollup-versus-raw test). Agents see only their own numbers.

use super::dto::*;
use super::rollup::{Clock, Figures, agent_hours, conversation_rows, flow_hours, hour_floor};
use super::sketch::Sketch;
use crate::ctx::{Actor, TenantCtx};
use crate::{Core, DbResultExt, DomainError, Result, Role};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use parley_store::TenantTx;
use parley_store::repo::analytics::rollups::{ConversationRollup, Dims};
use parley_store::repo::analytics::{facts, lookups, rollups};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use uuid::Uuid;

#[derive(Clone)]
pub struct AnalyticsService(pub(crate) Arc<Core>);

/// The longest range a report covers.
pub const MAX_DAYS: i64 = 366;

/// A report's range, resolved: local days, their instants, and whether the time zone is the workspace's (then the
/// daily rollups apply).
#[derive(Debug, Clone)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tz: Tz,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    native: bool,
    clock: Clock,
}

impl Window {
    fn new(clock: &Clock, tz: Tz, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> Self {
        let local = Clock { tz, hours: clock.hours.clone() };
        let start = local.day_start(from);
        let end = local.day_start(to + Duration::days(1)).min(now).max(start);
        Self { from, to, tz, start, end, native: tz == clock.tz, clock: local }
    }

    fn range(&self) -> ReportRange {
        ReportRange {
            from: self.from,
            to: self.to,
            timezone: self.tz.name().to_owned(),
            start: self.start,
            end: self.end,
        }
    }

    /// The period of the same length just before.
    fn previous(&self, clock: &Clock, now: DateTime<Utc>) -> Self {
        let days = (self.to - self.from).num_days() + 1;
        Self::new(clock, self.tz, self.from - Duration::days(days), self.from - Duration::days(1), now)
    }

    fn hourly_series(&self) -> bool {
        (self.to - self.from).num_days() < 2
    }
}

/// A report's filters, checked against the workspace and the caller's role.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filters {
    pub dims: Dims,
}

/// A piece of a conversation report: a day's rollup (with its messages per local hour) or an hour's.
#[derive(Debug, Clone)]
struct Slice {
    at: DateTime<Utc>,
    in_by_hour: Option<Vec<i32>>,
    f: Figures,
}

fn durations(s: &Sketch) -> Durations {
    Durations { count: s.n as i64, median: s.quantile(0.5), p90: s.quantile(0.9), mean: s.mean() }
}

fn sketch(v: &Option<Vec<u8>>) -> Sketch {
    v.as_deref().map(Sketch::from_stored).unwrap_or_default()
}

fn totals(f: &Figures) -> ConversationTotals {
    let r = &f.r;
    ConversationTotals {
        opened: r.opened.into(),
        resolved: r.resolved.into(),
        messages_in: r.messages_in.into(),
        messages_out: r.messages_out.into(),
        messages_agent: r.messages_agent.into(),
        messages_bot: r.messages_bot.into(),
        messages_campaign: r.messages_campaign.into(),
        first_response: durations(&f.frt),
        first_response_business: durations(&f.frt_bh),
        resolution: durations(&f.res),
        resolution_business: durations(&f.res_bh),
    }
}

fn matches(r: &ConversationRollup, d: &Dims) -> bool {
    d.connection_id.is_none_or(|c| c == r.connection_id)
        && d.team_id.is_none_or(|t| t == r.team_id)
        && d.agent_id.is_none_or(|a| a == r.agent_id)
        && r.label_id == d.label_id.unwrap_or(Uuid::nil())
}

impl AnalyticsService {
    /// Opens the report's transaction and resolves its range and filters.
    async fn open(&self, t: &TenantCtx, q: &AnalyticsQuery) -> Result<(TenantTx, Actor, Clock, Window, Filters)> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        facts::plan_for_each_range(&tx).await.db()?;
        let clock = Clock::load(&tx).await?;
        let window = resolve_window(q, &clock, Utc::now())?;
        let filters = self.filters(&tx, &actor, q).await?;
        Ok((tx, actor, clock, window, filters))
    }

    /// The range a query resolves to, its filters checked.
    pub async fn range_of(&self, t: &TenantCtx, q: &AnalyticsQuery) -> Result<ReportRange> {
        Ok(self.open(t, q).await?.3.range())
    }

    async fn filters(&self, tx: &TenantTx, actor: &Actor, q: &AnalyticsQuery) -> Result<Filters> {
        let mut agent = q.agent_id;
        if !actor.role.at_least(Role::Manager) {
            let me = actor.user_id.ok_or(DomainError::Forbidden)?.0;
            if agent.is_some_and(|a| a != me) {
                return Err(DomainError::Forbidden);
            }
            agent = Some(me);
        }
        let k = lookups::known(tx, q.connection_id, q.team_id, agent, q.label_id).await.db()?;
        let mut missing = Vec::new();
        for (ok, field, what) in [
            (k.connection, "connectionId", "names no WhatsApp number of this workspace"),
            (k.team, "teamId", "names no team of this workspace"),
            (k.agent, "agentId", "names no member of this workspace"),
            (k.label, "labelId", "names no label of this workspace"),
        ] {
            if !ok {
                missing.push(parley_domain::FieldError::new(field, what));
            }
        }
        if !missing.is_empty() {
            return Err(DomainError::Missing(missing));
        }
        Ok(Filters {
            dims: Dims { connection_id: q.connection_id, team_id: q.team_id, agent_id: agent, label_id: q.label_id },
        })
    }

    /// Where the tenant's rollups end: hours before it are rolled up (`None` with `raw`, or before its first pass).
    async fn rolled_until(&self, tx: &TenantTx, raw: bool) -> Result<Option<DateTime<Utc>>> {
        if raw {
            return Ok(None);
        }
        rollups::progress(tx).await.db()
    }

    /// The range's conversation figures as slices: rollups up to `rolled`, raw facts after it.
    /// With `by_agent`, the rollup rows keep each agent apart (the agents report).
    /// (The agents report shows wall-clock times only: its rows come without the business-hours sketches.)
    async fn slices(&self, tx: &TenantTx, w: &Window, d: &Dims, raw: bool, by_agent: bool) -> Result<Vec<Slice>> {
        let business = !by_agent;
        let rolled = self.rolled_until(tx, raw).await?.map_or(w.start, |r| r.clamp(w.start, w.end));
        let mut out = Vec::new();
        let mut hourly_from = w.start;
        if w.native {
            // Whole local days inside the rolled-up part come from the daily table.
            let mut last_full = None;
            let mut day = w.from;
            while day <= w.to && w.clock.day_start(day + Duration::days(1)) <= rolled {
                last_full = Some(day);
                day += Duration::days(1);
            }
            if let Some(last) = last_full {
                for r in rollups::daily(tx, w.from, last, d, by_agent, business).await.db()? {
                    out.push(Slice {
                        at: w.clock.day_start(r.day),
                        in_by_hour: Some(r.in_by_hour),
                        f: Figures::of(r.r),
                    });
                }
                hourly_from = w.clock.day_start(last + Duration::days(1));
            }
        }
        if hourly_from < rolled {
            for r in rollups::hourly(tx, hourly_from, rolled, d, business).await.db()? {
                out.push(Slice { at: r.hour, in_by_hour: None, f: Figures::of(r.r) });
            }
        }
        if rolled < w.end {
            let clock = &w.clock;
            let counts = facts::message_counts(tx, rolled, w.end).await.db()?;
            let cycles = facts::cycles(tx, rolled, w.end).await.db()?;
            for r in conversation_rows(counts, cycles, clock) {
                if matches(&r.r, d) {
                    out.push(Slice { at: r.hour, in_by_hour: None, f: Figures::of(r.r) });
                }
            }
        }
        Ok(out)
    }

    /// The overview: conversations, messages, response and resolution times, the busiest hours.
    pub async fn conversations(&self, t: &TenantCtx, q: AnalyticsQuery, raw: bool) -> Result<ConversationReport> {
        let (tx, _, clock, w, f) = self.open(t, &q).await?;
        let slices = self.slices(&tx, &w, &f.dims, raw, false).await?;
        let mut all = Figures::default();
        let mut series: BTreeMap<DateTime<Utc>, Figures> = BTreeMap::new();
        let mut heatmap = vec![vec![0i64; 24]; 7];
        for s in &slices {
            all.add(&s.f);
            let local = s.at.with_timezone(&w.tz);
            let bucket = if w.hourly_series() { hour_floor(s.at) } else { w.clock.day_start(local.date_naive()) };
            series.entry(bucket).or_default().add(&s.f);
            let weekday = local.weekday().num_days_from_monday() as usize;
            match &s.in_by_hour {
                Some(hours) => {
                    for (h, n) in hours.iter().enumerate().take(24) {
                        heatmap[weekday][h] += i64::from(*n);
                    }
                }
                None => heatmap[weekday][local.hour() as usize] += i64::from(s.f.r.messages_in),
            }
        }
        let series = fill_series(&w, series);
        let (previous, previous_range) = if q.compare.unwrap_or(false) {
            let p = w.previous(&clock, Utc::now());
            let mut prev = Figures::default();
            for s in self.slices(&tx, &p, &f.dims, raw, false).await? {
                prev.add(&s.f);
            }
            (Some(totals(&prev)), Some(p.range()))
        } else {
            (None, None)
        };
        let d = f.dims;
        let open_backlog = lookups::backlog(&tx, d.connection_id, d.team_id, d.agent_id, d.label_id).await.db()?;
        Ok(ConversationReport {
            range: w.range(),
            totals: totals(&all),
            previous,
            previous_range,
            series,
            heatmap,
            open_backlog,
        })
    }

    /// Per agent: conversations handled, messages, response and resolution times, resolution rate, time on line.
    pub async fn agents(&self, t: &TenantCtx, q: AnalyticsQuery, raw: bool) -> Result<AgentReport> {
        let (tx, _, _, w, f) = self.open(t, &q).await?;
        let slices = self.slices(&tx, &w, &f.dims, raw, true).await?;
        let mut per: HashMap<Uuid, Figures> = HashMap::new();
        for s in &slices {
            if !s.f.r.agent_id.is_nil() {
                per.entry(s.f.r.agent_id).or_default().add(&s.f);
            }
        }
        let rolled = self.rolled_until(&tx, raw).await?.map_or(w.start, |r| r.clamp(w.start, w.end));
        let mut time: HashMap<Uuid, (i64, i64, i64)> = HashMap::new();
        let mut add_time = |agent: Uuid, on: i32, away: i32, busy: i32| {
            let e = time.entry(agent).or_default();
            e.0 += i64::from(on);
            e.1 += i64::from(away);
            e.2 += i64::from(busy);
        };
        if rolled > w.start {
            for a in rollups::agent_time(&tx, w.start, rolled).await.db()? {
                add_time(a.agent_id, a.online_s, a.away_s, a.busy_s);
            }
        }
        if rolled < w.end {
            for a in agent_hours(facts::status_spans(&tx, rolled, w.end).await.db()?) {
                add_time(a.agent_id, a.online_s, a.away_s, a.busy_s);
            }
        }
        let mut agents = Vec::new();
        for a in lookups::agents(&tx).await.db()? {
            if f.dims.agent_id.is_some_and(|x| x != a.agent_id) {
                continue;
            }
            let r = per.remove(&a.agent_id).unwrap_or_default();
            let (on, away, busy) = time.get(&a.agent_id).copied().unwrap_or_default();
            let resolved = i64::from(r.r.resolved);
            agents.push(AgentFigures {
                agent_id: a.agent_id,
                name: a.name,
                conversations_handled: resolved,
                messages_sent: r.r.messages_agent.into(),
                first_response: durations(&r.frt),
                resolution: durations(&r.res),
                resolution_rate: (resolved + a.open > 0).then(|| resolved as f64 / (resolved + a.open) as f64),
                online_seconds: on,
                away_seconds: away,
                busy_seconds: busy,
            });
        }
        Ok(AgentReport { range: w.range(), agents })
    }

    /// The campaigns that started in the range, with their funnels.
    pub async fn campaigns(&self, t: &TenantCtx, q: AnalyticsQuery) -> Result<CampaignReport> {
        let (tx, _, _, w, _) = self.open(t, &q).await?;
        let currency = self.0.price_table(&tx).await?.currency();
        let campaigns = rollups::campaigns(&tx, w.start, w.clock.day_start(w.to + Duration::days(1)))
            .await
            .db()?
            .into_iter()
            .map(|c| CampaignFigures {
                campaign_id: c.campaign_id,
                name: c.name,
                status: c.status,
                started_at: c.started_at,
                recipients: c.recipients.into(),
                sent: c.sent.into(),
                delivered: c.delivered.into(),
                read: c.read.into(),
                replied: c.replied.into(),
                failed: c.failed.into(),
                cost: c.cost,
                failures: serde_json::from_value(c.failures).unwrap_or_default(),
            })
            .collect();
        Ok(CampaignReport { range: w.range(), currency, campaigns })
    }

    /// Per flow and version: runs, completions, hand-offs, drop-off per node, time to complete.
    pub async fn flows(&self, t: &TenantCtx, q: AnalyticsQuery, raw: bool) -> Result<FlowReport> {
        let (tx, _, _, w, _) = self.open(t, &q).await?;
        let rolled = self.rolled_until(&tx, raw).await?.map_or(w.start, |r| r.clamp(w.start, w.end));
        let mut rows = if rolled > w.start { rollups::flow_hours(&tx, w.start, rolled).await.db()? } else { vec![] };
        if rolled < w.end {
            rows.extend(flow_hours(facts::flow_facts(&tx, rolled, w.end).await.db()?));
        }
        struct Acc {
            f: FlowFigures,
            duration: Sketch,
            nodes: BTreeMap<String, i64>,
        }
        let mut per: BTreeMap<(Uuid, i32), Acc> = BTreeMap::new();
        for r in rows {
            let a = per.entry((r.flow_id, r.version)).or_insert_with(|| Acc {
                f: FlowFigures {
                    flow_id: r.flow_id,
                    name: String::new(),
                    version: r.version,
                    started: 0,
                    completed: 0,
                    handed_off: 0,
                    failed: 0,
                    stopped: 0,
                    completion_rate: None,
                    duration: Durations::default(),
                    drop_off: vec![],
                },
                duration: Sketch::default(),
                nodes: BTreeMap::new(),
            });
            if r.node.is_empty() {
                a.f.started += i64::from(r.started);
                a.f.completed += i64::from(r.completed);
                a.f.handed_off += i64::from(r.handed_off);
                a.f.failed += i64::from(r.failed);
                a.f.stopped += i64::from(r.stopped);
                a.duration.merge(&sketch(&r.duration));
            } else {
                *a.nodes.entry(r.node).or_default() += i64::from(r.handed_off + r.failed + r.stopped);
            }
        }
        let keys: Vec<(Uuid, i32)> = per.keys().copied().collect();
        let flow_ids: Vec<Uuid> = keys.iter().map(|k| k.0).collect();
        let versions: Vec<i32> = keys.iter().map(|k| k.1).collect();
        let mut names = HashMap::new();
        let mut kinds = HashMap::new();
        for n in lookups::flow_nodes(&tx, &flow_ids, &versions).await.db()? {
            names.insert(n.flow_id, n.name.clone());
            if let (Some(node), Some(kind)) = (n.node, n.kind) {
                kinds.insert((n.flow_id, n.version, node), kind);
            }
        }
        let flows = per
            .into_iter()
            .map(|((flow, version), mut a)| {
                a.f.name = names.get(&flow).cloned().unwrap_or_default();
                let ended = a.f.completed + a.f.handed_off + a.f.failed + a.f.stopped;
                a.f.completion_rate = (ended > 0).then(|| a.f.completed as f64 / ended as f64);
                a.f.duration = durations(&a.duration);
                let mut drop: Vec<NodeDropOff> = a
                    .nodes
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(node, runs)| NodeDropOff {
                        label: kinds.get(&(flow, version, node.clone())).cloned(),
                        node,
                        runs,
                    })
                    .collect();
                drop.sort_by(|a, b| b.runs.cmp(&a.runs).then(a.node.cmp(&b.node)));
                a.f.drop_off = drop;
                a.f
            })
            .collect();
        Ok(FlowReport { range: w.range(), flows })
    }

    /// Contacts and deals: new contacts by source, consent changes, won and lost deals, the pipelines' stages.
    pub async fn contacts(&self, t: &TenantCtx, q: AnalyticsQuery, raw: bool) -> Result<ContactReport> {
        let (tx, _, _, w, _) = self.open(t, &q).await?;
        let rolled = self.rolled_until(&tx, raw).await?.map_or(w.start, |r| r.clamp(w.start, w.end));
        let mut sums: BTreeMap<(String, String), (i64, f64, i64)> = BTreeMap::new();
        let mut add = |metric: String, key: String, count: i64, amount: f64, seconds: i64| {
            let e = sums.entry((metric, key)).or_default();
            e.0 += count;
            e.1 += amount;
            e.2 += seconds;
        };
        if rolled > w.start {
            for r in rollups::crm_sums(&tx, w.start, rolled).await.db()? {
                add(r.metric, r.key, r.count, r.amount, r.seconds);
            }
        }
        if rolled < w.end {
            for r in facts::crm_facts(&tx, rolled, w.end).await.db()? {
                add(r.metric, r.key, r.count, r.amount, r.seconds);
            }
        }
        let get = |metric: &str, key: &str| sums.get(&(metric.to_owned(), key.to_owned())).copied().unwrap_or_default();
        let mut new_by_source: Vec<KeyCount> = sums
            .iter()
            .filter(|((m, _), _)| m == "contact_new")
            .map(|((_, k), v)| KeyCount { key: k.clone(), count: v.0 })
            .collect();
        new_by_source.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
        let (won, lost) = (get("deal_won", ""), get("deal_lost", ""));
        let stages = lookups::stages(&tx)
            .await
            .db()?
            .into_iter()
            .map(|s| {
                let (left, _, seconds) = get("stage_left", &s.stage_id.to_string());
                StageFigures {
                    stage_id: s.stage_id,
                    pipeline_id: s.pipeline_id,
                    pipeline: s.pipeline,
                    name: s.name,
                    open_deals: s.open_deals,
                    open_value: s.open_value,
                    left,
                    mean_seconds_in_stage: (left > 0).then(|| seconds as f64 / left as f64),
                }
            })
            .collect();
        Ok(ContactReport {
            range: w.range(),
            new_contacts: new_by_source.iter().map(|s| s.count).sum(),
            new_by_source,
            opt_ins: get("consent", "opted_in").0,
            opt_outs: get("consent", "opted_out").0,
            deals_won: won.0,
            deals_lost: lost.0,
            won_value: won.1,
            lost_value: lost.1,
            win_rate: (won.0 + lost.0 > 0).then(|| won.0 as f64 / (won.0 + lost.0) as f64),
            stages,
        })
    }

    /// The last 7 days (today included) against the 7 before, with a point per day.
    pub async fn dashboard(&self, t: &TenantCtx) -> Result<AnalyticsDashboard> {
        let (tx, actor) = self.0.begin(t, Role::Agent).await?;
        facts::plan_for_each_range(&tx).await.db()?;
        let clock = Clock::load(&tx).await?;
        drop(tx);
        let today = clock.day_of(Utc::now());
        let q = AnalyticsQuery {
            from: Some(today - Duration::days(6)),
            to: Some(today),
            compare: Some(true),
            agent_id: (!actor.role.at_least(Role::Manager)).then(|| actor.user_id.map(|u| u.0)).flatten(),
            ..Default::default()
        };
        let r = self.conversations(t, q, false).await?;
        let prev = r.previous.clone().unwrap_or_default();
        let headline =
            |metric: &str, value: Option<f64>, previous: Option<f64>, pick: &dyn Fn(&SeriesPoint) -> Option<f64>| {
                Headline { metric: metric.into(), value, previous, trend: r.series.iter().map(pick).collect() }
            };
        let headlines = vec![
            headline("opened", Some(r.totals.opened as f64), Some(prev.opened as f64), &|p| Some(p.opened as f64)),
            headline("resolved", Some(r.totals.resolved as f64), Some(prev.resolved as f64), &|p| {
                Some(p.resolved as f64)
            }),
            headline("messagesIn", Some(r.totals.messages_in as f64), Some(prev.messages_in as f64), &|p| {
                Some(p.messages_in as f64)
            }),
            headline("messagesOut", Some(r.totals.messages_out as f64), Some(prev.messages_out as f64), &|p| {
                Some(p.messages_out as f64)
            }),
            headline("firstResponseMedian", r.totals.first_response.median, prev.first_response.median, &|p| {
                p.first_response_median
            }),
        ];
        Ok(AnalyticsDashboard { range: r.range, headlines })
    }
}

/// A point per bucket of the range (days, or hours for one or two days), empty ones included.
fn fill_series(w: &Window, mut got: BTreeMap<DateTime<Utc>, Figures>) -> Vec<SeriesPoint> {
    let mut out = Vec::new();
    let mut push = |at: DateTime<Utc>, label: String, f: Figures| {
        out.push(SeriesPoint {
            at,
            label,
            opened: f.r.opened.into(),
            resolved: f.r.resolved.into(),
            messages_in: f.r.messages_in.into(),
            messages_out: f.r.messages_out.into(),
            first_response_median: f.frt.quantile(0.5),
        });
    };
    if w.hourly_series() {
        let mut at = w.start;
        let stop = w.clock.day_start(w.to + Duration::days(1));
        while at < stop {
            let label = at.with_timezone(&w.tz).format("%Y-%m-%d %H:00").to_string();
            push(at, label, got.remove(&at).unwrap_or_default());
            at += Duration::hours(1);
        }
    } else {
        let mut day = w.from;
        while day <= w.to {
            let at = w.clock.day_start(day);
            push(at, day.format("%Y-%m-%d").to_string(), got.remove(&at).unwrap_or_default());
            day += Duration::days(1);
        }
    }
    out
}

/// The range a query asks for: both days, one (the other from it), or neither (the last 7 days), in its time zone.
pub fn resolve_window(q: &AnalyticsQuery, clock: &Clock, now: DateTime<Utc>) -> Result<Window> {
    let tz: Tz = match q.timezone.as_deref() {
        Some(name) => name.parse().map_err(|_| DomainError::field("timezone", "is not an IANA time zone"))?,
        None => clock.tz,
    };
    let today = now.with_timezone(&tz).date_naive();
    let (from, to) = match (q.from, q.to) {
        (Some(f), Some(t)) => (f, t),
        // A start alone runs to today, or for the longest range a report covers when today is further.
        (Some(f), None) => (f, today.min(f + Duration::days(MAX_DAYS - 1)).max(f)),
        (None, Some(t)) => (t - Duration::days(6), t),
        (None, None) => (today - Duration::days(6), today),
    };
    if to < from {
        return Err(DomainError::field("to", "must not be before from"));
    }
    if (to - from).num_days() + 1 > MAX_DAYS {
        return Err(DomainError::field("to", "must be at most 366 days after from"));
    }
    Ok(Window::new(clock, tz, from, to, now))
}
