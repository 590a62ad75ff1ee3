//! Reports as CSV or JSON files. The conversations report is written a day per row, a month of days per page, so a
//! long range streams; the others are one table each (an agent, a campaign, a flow version or a stage per row).

use super::dto::*;
use super::reports::AnalyticsService;
use crate::ctx::TenantCtx;
use crate::{DomainError, Result};
use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};

/// Days per page of the conversations export.
const PAGE_DAYS: i64 = 31;

/// One CSV field: quoted when it holds a separator, a quote or a line break; a leading `=`, `+`, `-` or `@` is
/// prefixed with `'` so a spreadsheet shows text rather than running a formula.
fn field(v: &Value) -> String {
    let s = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => {
            n.as_f64().filter(|f| f.fract() != 0.0).map_or_else(|| n.to_string(), |f| format!("{f:.1}"))
        }
        other => other.to_string(),
    };
    let s = if s.starts_with(['=', '+', '@']) || (s.starts_with('-') && s.parse::<f64>().is_err()) {
        format!("'{s}")
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

fn csv(columns: &[&str], rows: &[Value], header: bool) -> String {
    let mut out = String::new();
    if header {
        out.push_str(&columns.join(","));
        out.push_str("\r\n");
    }
    for r in rows {
        let line: Vec<String> = columns.iter().map(|c| field(&r[*c])).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

const DAY_COLUMNS: &[&str] = &[
    "day",
    "opened",
    "resolved",
    "messagesIn",
    "messagesOut",
    "messagesAgent",
    "messagesBot",
    "messagesCampaign",
    "firstResponseMedian",
    "firstResponseP90",
    "firstResponseBusinessMedian",
    "resolutionMedian",
    "resolutionP90",
    "resolutionBusinessMedian",
];

/// A file's name and type.
pub struct ExportFile {
    pub filename: String,
    pub content_type: &'static str,
}

impl AnalyticsService {
    pub fn export_file(&self, q: &ExportQuery) -> ExportFile {
        let name = match q.report {
            ExportReport::Conversations => "conversations",
            ExportReport::Agents => "agents",
            ExportReport::Campaigns => "campaigns",
            ExportReport::Flows => "flows",
            ExportReport::Contacts => "contacts",
        };
        match q.format {
            ExportFormat::Csv => {
                ExportFile { filename: format!("parley-{name}.csv"), content_type: "text/csv; charset=utf-8" }
            }
            ExportFormat::Json => {
                ExportFile { filename: format!("parley-{name}.json"), content_type: "application/json" }
            }
        }
    }

    /// Checks the export's range and filters (a 4xx before anything is written) and fixes its days.
    pub async fn export_resolve(&self, t: &TenantCtx, q: &mut ExportQuery) -> Result<()> {
        let r = self.range_of(t, &q.range()).await?;
        (q.from, q.to) = (Some(r.from), Some(r.to));
        Ok(())
    }

    /// One page of the export from `after` (the day the previous page ended with), and where the next page starts.
    pub async fn export_page(
        &self,
        t: &TenantCtx,
        q: &ExportQuery,
        after: Option<NaiveDate>,
    ) -> Result<(String, Option<NaiveDate>)> {
        let json = q.format == ExportFormat::Json;
        let range = q.range();
        match q.report {
            ExportReport::Conversations => {
                let (Some(from), Some(last)) = (range.from, range.to) else {
                    return Err(DomainError::field("from", "the export's range is resolved first (export_resolve)"));
                };
                let first = after.map_or(from, |a| a + Duration::days(1));
                let page_end = (first + Duration::days(PAGE_DAYS - 1)).min(last);
                let mut rows = Vec::new();
                let mut day = first;
                while day <= page_end {
                    let one = AnalyticsQuery { from: Some(day), to: Some(day), compare: None, ..range.clone() };
                    let r = self.conversations(t, one, false).await?;
                    let x = &r.totals;
                    rows.push(json!({
                        "day": day.format("%Y-%m-%d").to_string(),
                        "opened": x.opened, "resolved": x.resolved,
                        "messagesIn": x.messages_in, "messagesOut": x.messages_out,
                        "messagesAgent": x.messages_agent, "messagesBot": x.messages_bot,
                        "messagesCampaign": x.messages_campaign,
                        "firstResponseMedian": x.first_response.median, "firstResponseP90": x.first_response.p90,
                        "firstResponseBusinessMedian": x.first_response_business.median,
                        "resolutionMedian": x.resolution.median, "resolutionP90": x.resolution.p90,
                        "resolutionBusinessMedian": x.resolution_business.median,
                    }));
                    day += Duration::days(1);
                }
                let next = (page_end < last).then_some(page_end);
                let body = if json {
                    let items: Vec<String> = rows.iter().map(Value::to_string).collect();
                    let open = if after.is_none() { "[" } else { "," };
                    let close = if next.is_none() { "]" } else { "" };
                    format!("{open}{}{close}", items.join(","))
                } else {
                    csv(DAY_COLUMNS, &rows, after.is_none())
                };
                Ok((body, next))
            }
            report => {
                let (columns, rows): (&[&str], Vec<Value>) = match report {
                    ExportReport::Agents => {
                        let r = self.agents(t, range, false).await?;
                        let rows = r
                            .agents
                            .iter()
                            .map(|a| {
                                json!({
                                    "agent": a.name, "conversationsHandled": a.conversations_handled,
                                    "messagesSent": a.messages_sent,
                                    "firstResponseMedian": a.first_response.median,
                                    "resolutionMedian": a.resolution.median, "resolutionRate": a.resolution_rate,
                                    "onlineSeconds": a.online_seconds, "awaySeconds": a.away_seconds,
                                    "busySeconds": a.busy_seconds,
                                })
                            })
                            .collect();
                        (
                            &[
                                "agent",
                                "conversationsHandled",
                                "messagesSent",
                                "firstResponseMedian",
                                "resolutionMedian",
                                "resolutionRate",
                                "onlineSeconds",
                                "awaySeconds",
                                "busySeconds",
                            ],
                            rows,
                        )
                    }
                    ExportReport::Campaigns => {
                        let r = self.campaigns(t, range).await?;
                        let rows = r
                            .campaigns
                            .iter()
                            .map(|c| {
                                json!({
                                    "campaign": c.name, "status": c.status,
                                    "startedAt": c.started_at.map(|s| s.to_rfc3339()),
                                    "recipients": c.recipients, "sent": c.sent, "delivered": c.delivered,
                                    "read": c.read, "replied": c.replied, "failed": c.failed, "cost": c.cost,
                                    "currency": r.currency,
                                })
                            })
                            .collect();
                        (
                            &[
                                "campaign",
                                "status",
                                "startedAt",
                                "recipients",
                                "sent",
                                "delivered",
                                "read",
                                "replied",
                                "failed",
                                "cost",
                                "currency",
                            ],
                            rows,
                        )
                    }
                    ExportReport::Flows => {
                        let r = self.flows(t, range, false).await?;
                        let rows = r
                            .flows
                            .iter()
                            .map(|f| {
                                json!({
                                    "flow": f.name, "version": f.version, "started": f.started,
                                    "completed": f.completed, "handedOff": f.handed_off, "failed": f.failed,
                                    "stopped": f.stopped, "completionRate": f.completion_rate,
                                    "durationMedian": f.duration.median,
                                })
                            })
                            .collect();
                        (
                            &[
                                "flow",
                                "version",
                                "started",
                                "completed",
                                "handedOff",
                                "failed",
                                "stopped",
                                "completionRate",
                                "durationMedian",
                            ],
                            rows,
                        )
                    }
                    _ => {
                        let r = self.contacts(t, range, false).await?;
                        let mut rows: Vec<Value> = r
                            .new_by_source
                            .iter()
                            .map(|s| json!({ "metric": "newContacts", "key": s.key, "count": s.count }))
                            .collect();
                        rows.push(json!({ "metric": "optIns", "count": r.opt_ins }));
                        rows.push(json!({ "metric": "optOuts", "count": r.opt_outs }));
                        rows.push(json!({ "metric": "dealsWon", "count": r.deals_won, "value": r.won_value }));
                        rows.push(json!({ "metric": "dealsLost", "count": r.deals_lost, "value": r.lost_value }));
                        for s in &r.stages {
                            rows.push(json!({
                                "metric": "stage", "key": format!("{} / {}", s.pipeline, s.name), "count": s.open_deals,
                                "value": s.open_value, "left": s.left, "meanSecondsInStage": s.mean_seconds_in_stage,
                            }));
                        }
                        (&["metric", "key", "count", "value", "left", "meanSecondsInStage"], rows)
                    }
                };
                let body = if json { Value::Array(rows).to_string() } else { csv(columns, &rows, true) };
                Ok((body, None))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(field(&json!("a,b")), "\"a,b\"");
        assert_eq!(field(&json!("say \"hi\"")), "\"say \"\"hi\"\"\"");
        assert_eq!(field(&json!("=SUM(A1)")), "'=SUM(A1)");
        assert_eq!(field(&json!("-12")), "-12", "a negative number stays a number");
        assert_eq!(field(&json!(null)), "");
        assert_eq!(field(&json!(12.345)), "12.3");
        assert_eq!(field(&json!(7)), "7");
    }
}
