//! Pre-send checks: what Meta would refuse (a template not approved or paused, parameters missing or malformed, a
//! media header without media, marketing to +1 numbers, an audience above the numbers' messaging limit) is found
//! before a single message goes out. The audience is materialised in the caller's transaction, so the preview
//! (rolled back) and the launch (committed) count the same people.

use super::dto::*;
use super::editor::shape_of;
use super::{pacing, portfolio, template};
use crate::{Core, DbResultExt, DomainError, Result};
use parley_store::TenantTx;
use parley_store::repo::campaigns::{definitions::CampaignRow, prices, recipients};
use parley_store::repo::channel::templates;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Contact columns a parameter may come from (besides custom fields).
pub(crate) const CONTACT_COLUMNS: [&str; 5] = ["name", "first_name", "phone", "email", "company"];

/// A QR number's safe pace: one message every few seconds (WasenderAPI's account protection).
pub(crate) const QR_SECONDS_PER_MESSAGE: i64 = 5;

pub(crate) struct Prepared {
    pub issues: Vec<CampaignIssue>,
    pub summary: AudienceSummary,
    pub estimate: CostEstimate,
    /// The template as it will be sent.
    pub template: Option<Value>,
    pub rate: i64,
}

impl Prepared {
    pub fn blocking(&self) -> bool {
        self.issues.iter().any(|i| i.severity == "error")
    }

    pub fn preview(self) -> CampaignPreview {
        let duration = if self.rate > 0 { (self.summary.final_count + self.rate - 1) / self.rate } else { 0 };
        CampaignPreview {
            issues: self.issues,
            audience: self.summary,
            estimate: self.estimate,
            duration_seconds: duration,
            rate_per_second: self.rate,
        }
    }

    /// The launch's refusal: every blocking issue, by step.
    pub fn refusal(&self) -> DomainError {
        DomainError::NotReady {
            code: "campaign_not_ready",
            message: "The campaign cannot be sent yet: fix what each step lists.".into(),
            fields: self
                .issues
                .iter()
                .filter(|i| i.severity == "error")
                .map(|i| parley_domain::FieldError::new(&i.step, &i.message))
                .collect(),
        }
    }
}

fn issue(code: &str, severity: &str, step: &str, message: String) -> CampaignIssue {
    CampaignIssue { code: code.into(), severity: severity.into(), step: step.into(), message }
}

pub(crate) async fn prepare(core: &Core, tx: &TenantTx, row: &CampaignRow) -> Result<Prepared> {
    let mut issues = Vec::new();
    // Numbers.
    let mut numbers = Vec::new();
    for id in &row.connection_ids {
        match parley_store::repo::channel::connections::get(&tx.tx, *id).await.db()? {
            Some(c) => numbers.push(c),
            None => issues.push(issue("number_missing", "error", "number", "A chosen number was removed.".into())),
        }
    }
    if numbers.is_empty() {
        issues.push(issue("number_required", "error", "number", "Choose the number to send from.".into()));
    }
    for n in numbers.iter().filter(|n| !super::usable(n)) {
        issues.push(issue(
            "number_disconnected",
            "error",
            "number",
            format!("{} is {}: reconnect it before sending.", n.name, n.status.replace('_', " ")),
        ));
    }
    // Template.
    let tpl = match row.template_id {
        Some(id) => templates::get(tx, id).await.db()?,
        None => None,
    };
    let template_json = tpl.as_ref().map(super::editor::template_json);
    let category = tpl.as_ref().and_then(|t| t.category.clone()).unwrap_or_else(|| "MARKETING".into()).to_lowercase();
    match &tpl {
        None => issues.push(issue("template_required", "error", "template", "Choose an approved template.".into())),
        Some(t) => {
            match t.status.as_str() {
                "APPROVED" => {}
                "PAUSED" => issues.push(issue(
                    "template_paused",
                    "error",
                    "template",
                    format!("Meta paused {} for its quality; it cannot be sent until it is active again.", t.name),
                )),
                s => issues.push(issue(
                    "template_not_approved",
                    "error",
                    "template",
                    format!("{} is {}, not approved.", t.name, s.to_lowercase()),
                )),
            }
            for n in numbers.iter().filter(|n| n.kind == "cloud" && n.id != t.connection_id) {
                let same = templates::find(tx, n.id, &t.name, &t.language).await.db()?;
                if same.is_none_or(|s| s.status != "APPROVED") {
                    issues.push(issue(
                        "template_missing_on_number",
                        "error",
                        "template",
                        format!("{} has no approved template {} ({}).", n.name, t.name, t.language),
                    ));
                }
            }
        }
    }
    // Variables.
    let shape = template_json.as_ref().map(shape_of).unwrap_or_default();
    let mappings: Vec<VariableMapping> = serde_json::from_value(row.variables.clone()).unwrap_or_default();
    let audience: Audience = serde_json::from_value(row.audience.clone()).unwrap_or_default();
    let fields: HashSet<String> = crate::crm::fields::defs(tx).await?.into_iter().map(|f| f.key).collect();
    let csv = parley_store::repo::campaigns::definitions::csv_info(tx, row.id).await.db()?;
    let csv_columns: Vec<String> = csv.columns.and_then(|c| serde_json::from_value(c).ok()).unwrap_or_default();
    // A URL button through Parley's redirect is filled with each recipient's click token by the sender; it needs
    // where the redirect leads instead of a variable.
    let tracked = template_json
        .as_ref()
        .map(|t| template::tracked_slots(&t["components"], &super::redirect_base(core)))
        .unwrap_or_default();
    if !tracked.is_empty() && row.click_url.is_none() {
        issues.push(issue(
            "click_url_missing",
            "error",
            "variables",
            "The template's link button is tracked: say where it leads (an http or https link).".into(),
        ));
    }
    let mut slots = Vec::new();
    for slot in shape.slots.iter().filter(|s| !tracked.contains(s)) {
        let Some(m) = mappings.iter().find(|m| &m.slot == slot) else {
            issues.push(issue("variable_unmapped", "error", "variables", format!("Say what fills {{{{{slot}}}}}.")));
            continue;
        };
        let source = match m.source.as_str() {
            "constant" => {
                if let Some(p) = template::parameter_problem(&m.value) {
                    issues.push(issue("invalid_parameter", "error", "variables", format!("The value for {slot} {p}.")));
                }
                recipients::Source::Constant(m.value.clone())
            }
            "csv" => {
                if !csv_columns.iter().any(|c| c == &m.value) {
                    issues.push(issue(
                        "unknown_csv_column",
                        "error",
                        "variables",
                        format!("The uploaded file has no column {:?} (for {slot}).", m.value),
                    ));
                }
                recipients::Source::Csv(m.value.clone())
            }
            _ if CONTACT_COLUMNS.contains(&m.value.as_str()) => recipients::Source::Column(m.value.clone()),
            _ => {
                if !fields.contains(&m.value) {
                    issues.push(issue(
                        "unknown_field",
                        "error",
                        "variables",
                        format!("Contacts have no field {:?} (for {slot}).", m.value),
                    ));
                }
                recipients::Source::Field(m.value.clone())
            }
        };
        if let Some(f) = m.fallback.as_deref().filter(|f| !f.trim().is_empty())
            && let Some(p) = template::parameter_problem(f)
        {
            issues.push(issue("invalid_parameter", "error", "variables", format!("The fallback for {slot} {p}.")));
        }
        slots.push(recipients::Slot { key: slot.clone(), source, fallback: m.fallback.clone() });
    }
    if shape.media_header.is_some() && row.header_media_url.is_none() {
        issues.push(issue(
            "media_header_missing",
            "error",
            "template",
            format!(
                "The template shows a {} header: give the link of the file.",
                shape.media_header.clone().unwrap_or_default().to_lowercase()
            ),
        ));
    }
    // Audience.
    let filter;
    let source = if audience.csv {
        if csv.rows == 0 {
            issues.push(issue("csv_missing", "error", "audience", "Upload the CSV of numbers.".into()));
        }
        let room = core.stock_room(tx, crate::billing::quota::Stock::Contacts).await?;
        let new = recipients::csv_new_contacts(tx, row.id).await.db()? as i64;
        if room.is_some_and(|r| r < new) {
            issues.push(issue(
                "contacts_quota",
                "error",
                "audience",
                format!("{new} numbers of the file are new contacts; your plan has room for {}.", room.unwrap_or(0)),
            ));
        } else {
            recipients::create_csv_contacts(tx, row.id, room).await.db()?;
        }
        recipients::Audience::Csv
    } else {
        filter = super::editor::audience_filter(tx, &audience).await?;
        recipients::Audience::Contacts(&filter)
    };
    let m = recipients::materialise(tx, row.id, &source, &slots, category == "marketing").await.db()?;
    let summary = AudienceSummary {
        matched: m.matched,
        no_phone: m.no_phone,
        opted_out: m.opted_out,
        suppressed: m.suppressed,
        us_marketing: m.us_marketing,
        missing_variable: m.missing_variable,
        final_count: m.queued,
        csv_invalid: 0,
        csv_duplicates: 0,
    };
    if summary.final_count == 0 {
        issues.push(issue("audience_empty", "error", "audience", "Nobody in this audience can be messaged.".into()));
    }
    if summary.us_marketing > 0 {
        issues.push(issue(
            "us_marketing_paused",
            "warning",
            "audience",
            format!(
                "{} +1 numbers are left out: Meta does not deliver marketing templates to US numbers.",
                summary.us_marketing
            ),
        ));
    }
    if summary.missing_variable > 0 {
        issues.push(issue(
            "missing_variable",
            "warning",
            "variables",
            format!(
                "{} people have no value for a parameter and no fallback: they are skipped.",
                summary.missing_variable
            ),
        ));
    }
    // Messaging limits, per portfolio.
    let mut budgets: HashMap<String, (Option<i32>, i64)> = HashMap::new();
    for n in numbers.iter().filter(|n| n.kind == "cloud") {
        let p = portfolio(n);
        let used = pacing::used(&core.redis, &p).await;
        budgets.insert(p, (n.messaging_limit, used));
    }
    if !budgets.is_empty() && budgets.values().all(|(l, _)| l.is_some()) {
        let limit: i64 = budgets.values().map(|(l, _)| i64::from(l.unwrap_or(0))).sum();
        let left: i64 = budgets.values().map(|(l, u)| (i64::from(l.unwrap_or(0)) - u).max(0)).sum();
        if summary.final_count > limit {
            issues.push(issue(
                "above_messaging_limit",
                "error",
                "audience",
                format!(
                    "Your numbers may start conversations with {limit} customers a day (their messaging limit); this \
                     audience has {}. Split the campaign, add numbers, or raise the limit.",
                    summary.final_count
                ),
            ));
        } else if summary.final_count > left {
            issues.push(issue(
                "messaging_limit_busy",
                "warning",
                "schedule",
                format!("{left} of today's {limit} new conversations are left: the rest waits until room frees up."),
            ));
        }
    }
    // QR numbers send at most their daily cap each; the rest waits for the next day.
    let qr = numbers.iter().filter(|n| n.kind == "wasender").count() as i64;
    if qr > 0 && qr == numbers.len() as i64 {
        let cap = core.campaigns.cfg.qr_daily_cap.max(1);
        if summary.final_count > qr * cap {
            let days = (summary.final_count + qr * cap - 1) / (qr * cap);
            issues.push(issue(
                "qr_daily_cap",
                "warning",
                "schedule",
                format!(
                    "A QR number sends at most {cap} messages a day: this audience takes {days} days. Add numbers or \
                     use a Cloud API number to send faster."
                ),
            ));
        }
    }
    // Schedule.
    if row.status == "draft"
        && let Some(at) = row.schedule_at
        && at < chrono::Utc::now() - chrono::Duration::minutes(1)
    {
        issues.push(issue("schedule_in_past", "warning", "schedule", "The scheduled time has passed.".into()));
    }
    let estimate = estimate(&*core.price_table(tx).await?, tx, row.id, &category).await?;
    let rate = numbers
        .iter()
        .map(|n| {
            if n.kind == "wasender" {
                0
            } else {
                i64::from(row.rate_per_second.map_or(n.rate_per_second, |r| r.min(n.rate_per_second)))
            }
        })
        .sum::<i64>()
        .max(i64::from(numbers.iter().any(|n| n.kind == "wasender")));
    Ok(Prepared { issues, summary, estimate, template: template_json, rate })
}

/// Recipients × the price of the template's category in each recipient's country.
pub(crate) async fn estimate(
    table: &super::prices::PriceTable,
    tx: &TenantTx,
    campaign_id: uuid::Uuid,
    category: &str,
) -> Result<CostEstimate> {
    let mut lines: BTreeMap<String, CostLine> = BTreeMap::new();
    let currency = table.currency();
    for g in prices::recipients_by_prefix(tx, campaign_id).await.db()? {
        let country = parley_domain::country::country_of(&g.prefix).unwrap_or("*");
        let unit = table.price(country, category).unwrap_or(0.0);
        let line = lines.entry(country.to_owned()).or_insert_with(|| CostLine {
            country: country.to_owned(),
            unit_price: unit,
            ..Default::default()
        });
        line.recipients += g.n;
        line.total = line.recipients as f64 * unit;
    }
    let mut lines: Vec<CostLine> = lines.into_values().collect();
    lines.sort_by(|a, b| b.total.total_cmp(&a.total));
    Ok(CostEstimate { category: category.to_owned(), currency, total: lines.iter().map(|l| l.total).sum(), lines })
}
