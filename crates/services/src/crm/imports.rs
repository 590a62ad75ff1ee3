//! Contact imports: upload (the file is checked and kept), mapping and options, then a background job
//! that merges the rows in batches. Each batch commits with the import's counters, so a job that dies
//! (a restart, a crash) is picked up again and resumes at the first row not yet counted. Rows that would
//! create contacts beyond the plan's limit fail with a reason; updates of existing contacts still apply.

use super::csv_file::{self, Shape};
use super::dto::{Import, ImportProgress, StartImportInput};
use super::fields::{FieldDef, defs, normalise};
use crate::billing::quota::Stock;
use crate::ctx::TenantCtx;
use crate::events::Event;
use crate::{Core, DbResultExt, DomainError, Result, Role};
use parley_domain::{Email, FieldError, Phone, TenantId};
use parley_store::TenantTx;
use parley_store::repo::crm::imports::{
    self as repo_imports, Batch, Duplicates, ImportRow, ImportedContact, NewImport,
};
use parley_store::repo::{self, crm::settings};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

pub const IMPORT_CONTACTS: &str = "parley::import_contacts";
pub const BATCH_ROWS: usize = 2_000;
/// The reason kept for a row refused because the plan holds no more contacts.
pub const CONTACT_LIMIT_REACHED: &str = "Your plan's contact limit is reached";

/// Job arguments: ids only; the job reloads the import (STYLE.md).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ImportContactsJob {
    pub tenant_id: Uuid,
    pub import_id: Uuid,
}

#[derive(Clone)]
pub struct ImportService(pub(crate) Arc<Core>);

fn strings(v: &Value) -> Vec<String> {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

pub(crate) fn import_dto(r: ImportRow) -> Import {
    Import {
        id: r.id,
        status: r.status,
        file_name: r.file_name,
        delimiter: r.delimiter,
        headers: strings(&r.headers),
        sample: serde_json::from_value(r.sample).unwrap_or_default(),
        row_count: r.row_count,
        mapping: serde_json::from_value(r.mapping).unwrap_or_default(),
        processed: r.processed,
        created: r.created,
        updated: r.updated,
        skipped: r.skipped,
        failed: r.failed,
        error: r.error,
        created_at: r.created_at,
        finished_at: r.finished_at,
    }
}

fn progress(r: &ImportRow) -> Event {
    Event::ImportProgress {
        progress: ImportProgress {
            import_id: r.id,
            status: r.status.clone(),
            row_count: r.row_count,
            processed: r.processed,
            created: r.created,
            updated: r.updated,
            skipped: r.skipped,
            failed: r.failed,
        },
    }
}

/// What a person chose, as the job reads it back from the import row.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Options {
    default_country: Option<String>,
    duplicates: String,
    label_ids: Vec<Uuid>,
    consent_status: String,
    consent_basis: String,
    actor: Option<Uuid>,
}

/// Where a column's cells go. Public, with [`target`], [`columns`] and [`parse_record`], so the fuzz target
/// `fuzz/fuzz_targets/csv_import.rs` drives the job's own row mapping without a database.
#[derive(Debug, Clone)]
pub enum Target {
    Skip,
    Phone,
    Name,
    Email,
    Company,
    Notes,
    Labels,
    Field(FieldDef),
}

/// A mapping's target by name (`phone`, `field.<key>` ...); `None` for a field the workspace no longer has.
pub fn target(raw: &str, defs: &[FieldDef]) -> Option<Target> {
    Some(match raw {
        "skip" => Target::Skip,
        "phone" => Target::Phone,
        "name" => Target::Name,
        "email" => Target::Email,
        "company" => Target::Company,
        "notes" => Target::Notes,
        "labels" => Target::Labels,
        f => Target::Field(defs.iter().find(|d| Some(d.key.as_str()) == f.strip_prefix("field."))?.clone()),
    })
}

/// A cell as typed, less the `'` an export (or a careful person) put before a formula-like value.
fn cell(raw: &str) -> &str {
    let t = raw.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => t,
    }
}

/// One row turned into a contact, or the reason it cannot be imported.
fn read_row(
    cells: &[String],
    columns: &[(usize, Target)],
    country: Option<&str>,
) -> std::result::Result<ImportedContact, String> {
    let mut c = ImportedContact { fields: Value::Object(Map::new()), ..Default::default() };
    let mut problems: Vec<String> = Vec::new();
    let mut phone_seen = false;
    for (i, t) in columns {
        let v = cells.get(*i).map(|s| cell(s)).unwrap_or("");
        let text = |n: usize| -> Option<String> { if v.is_empty() { None } else { Some(v.chars().take(n).collect()) } };
        match t {
            Target::Skip => {}
            Target::Phone => {
                phone_seen = true;
                match Phone::parse_in(v, country) {
                    Ok(p) => c.phone = p.as_str().to_owned(),
                    Err(_) if v.is_empty() => problems.push("phone is missing".into()),
                    Err(_) => problems.push(format!("phone {v:?} is not a valid number")),
                }
            }
            Target::Name => c.name = text(120),
            Target::Company => c.company = text(200),
            Target::Notes => c.notes = text(5000),
            Target::Email if v.is_empty() => {}
            Target::Email => match Email::parse(v) {
                Ok(e) => c.email = Some(e.as_str().to_owned()),
                Err(_) => problems.push(format!("email {v:?} is not valid")),
            },
            Target::Labels => {
                c.labels = v
                    .split([',', ';'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| s.chars().take(50).collect())
                    .collect()
            }
            Target::Field(def) => match normalise(def, &Value::String(v.to_owned())) {
                Ok(Value::Null) if def.required => problems.push(format!("{} is required", def.label)),
                Ok(Value::Null) => {}
                Ok(val) => {
                    if let Value::Object(m) = &mut c.fields {
                        m.insert(def.key.clone(), val);
                    }
                }
                Err(m) => problems.push(format!("{} {m}", def.label)),
            },
        }
    }
    if !phone_seen {
        problems.push("phone is missing".into());
    }
    if problems.is_empty() { Ok(c) } else { Err(problems.join("; ")) }
}

/// The file's mapped columns by position, as a batch reads them; skipped columns are left out.
pub fn columns(headers: &[String], mapping: &HashMap<String, String>, fields: &[FieldDef]) -> Vec<(usize, Target)> {
    headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| mapping.get(h).and_then(|t| target(t, fields)).map(|t| (i, t)))
        .filter(|(_, t)| !matches!(t, Target::Skip))
        .collect()
}

/// One record's cells (of a file with `width` columns) as a contact, or the reason the row is refused.
pub fn parse_record(
    cells: &[String],
    width: usize,
    columns: &[(usize, Target)],
    country: Option<&str>,
) -> std::result::Result<ImportedContact, String> {
    if cells.len() > width && cells[width..].iter().any(|x| !x.trim().is_empty()) {
        Err(format!("the row has {} cells but the file has {} columns", cells.len(), width))
    } else {
        read_row(cells, columns, country)
    }
}

fn raw_json(headers: &[String], cells: &[String]) -> Value {
    Value::Object(headers.iter().cloned().zip(cells.iter().map(|c| Value::String(c.clone()))).collect())
}

impl ImportService {
    /// Refuses people who may not import before their (up to 50 MB) file is read.
    pub async fn may_import(&self, t: &TenantCtx) -> Result<()> {
        self.0.begin(t, Role::Manager).await.map(|_| ())
    }

    /// Stores an uploaded file as a draft and describes it, with a suggested mapping.
    pub async fn upload(&self, t: &TenantCtx, file_name: &str, bytes: &[u8]) -> Result<Import> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        let shape: Shape = csv_file::inspect(bytes)?;
        let fields = defs(&tx).await?;
        let remembered = settings::get(&tx).await.db()?.import_mapping;
        let keys: Vec<(String, String)> = fields.iter().map(|d| (d.key.clone(), d.label.clone())).collect();
        let mapping: Map<String, Value> = shape
            .headers
            .iter()
            .map(|h| {
                let kept =
                    remembered.get(h.to_lowercase()).and_then(Value::as_str).filter(|t| target(t, &fields).is_some());
                let guess = kept.map(str::to_owned).unwrap_or_else(|| csv_file::guess_target(h, &keys));
                (h.clone(), Value::String(guess))
            })
            .collect();
        let name: String = file_name.chars().filter(|c| !c.is_control()).take(200).collect();
        let row = repo_imports::insert(
            &tx,
            NewImport {
                file_name: if name.trim().is_empty() { "contacts.csv" } else { &name },
                content: bytes,
                delimiter: match shape.delimiter {
                    b';' => ";",
                    b'\t' => "\t",
                    _ => ",",
                },
                headers: json!(shape.headers),
                sample: json!(shape.sample),
                row_count: shape.rows as i32,
                mapping: Value::Object(mapping),
                created_by: actor.user_id.map(|u| u.0),
            },
        )
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(import_dto(row))
    }

    pub async fn start(&self, t: &TenantCtx, id: Uuid, i: StartImportInput) -> Result<Import> {
        let (tx, actor) = self.0.begin(t, Role::Manager).await?;
        // No room for a single new contact: refuse now rather than fail every row later.
        self.0.reserve_stock(&tx, Stock::Contacts, 1).await?;
        let row = repo_imports::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Import"))?;
        if row.status != "draft" {
            return Err(DomainError::Conflict {
                code: "import_started",
                message: "This import has already started.".into(),
            });
        }
        let mut errors: Vec<FieldError> = Vec::new();
        let duplicates = i.duplicates.as_deref().unwrap_or("skip");
        if !matches!(duplicates, "skip" | "fill" | "overwrite") {
            errors.push(FieldError::new("duplicates", "must be skip, fill or overwrite"));
        }
        let country =
            i.default_country.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_ascii_uppercase);
        if country.as_deref().is_some_and(|c| parley_domain::country::calling_code(c).is_none()) {
            errors.push(FieldError::new("defaultCountry", "is not a supported country code"));
        }
        let consent_status = i.consent.status.as_str();
        if !matches!(consent_status, "opted_in" | "unknown") {
            errors.push(FieldError::new("consent.status", "must be opted_in or unknown"));
        }
        let basis = i.consent.basis.trim();
        if consent_status == "opted_in" && basis.is_empty() {
            errors.push(FieldError::new("consent.basis", "say how these people agreed to hear from you"));
        }
        if basis.chars().count() > 500 {
            errors.push(FieldError::new("consent.basis", "must be at most 500 characters"));
        }
        if !errors.is_empty() {
            return Err(DomainError::Validation(errors));
        }
        // The mapping is read against this file's columns and the workspace's fields: names that match nothing
        // there are 404s, and a mapping without exactly one phone column cannot import this file (409).
        let fields = defs(&tx).await?;
        let headers = strings(&row.headers);
        let mut missing: Vec<FieldError> = Vec::new();
        let mut phones = 0;
        for (h, t) in &i.mapping {
            if !headers.contains(h) {
                missing.push(FieldError::new(format!("mapping.{h}"), "is not a column of the file"));
            }
            match target(t, &fields) {
                Some(Target::Phone) => phones += 1,
                Some(_) => {}
                None => missing.push(FieldError::new(format!("mapping.{h}"), format!("{t:?} is not a contact field"))),
            }
        }
        if !missing.is_empty() {
            return Err(DomainError::Missing(missing));
        }
        if phones != 1 {
            return Err(DomainError::Conflict {
                code: "phone_column_required",
                message: "Exactly one column of the file must be the phone number.".into(),
            });
        }
        crate::crm::labels::known_labels(&tx, &i.label_ids).await?;
        let options = Options {
            default_country: country,
            duplicates: duplicates.to_owned(),
            label_ids: i.label_ids.clone(),
            consent_status: consent_status.to_owned(),
            consent_basis: basis.to_owned(),
            actor: actor.user_id.map(|u| u.0),
        };
        let mapping = json!(i.mapping);
        let remembered: Map<String, Value> =
            i.mapping.iter().map(|(h, t)| (h.to_lowercase(), Value::String(t.clone()))).collect();
        settings::remember_mapping(&tx, &Value::Object(remembered)).await.db()?;
        let row = repo_imports::start(&tx, id, &mapping, &json!(options)).await.db()?.ok_or(DomainError::Conflict {
            code: "import_started",
            message: "This import has already started.".into(),
        })?;
        let job = ImportContactsJob { tenant_id: t.tenant_id.0, import_id: id };
        repo::jobs::enqueue(&tx.tx, IMPORT_CONTACTS, &json!(job), &id.to_string(), 25).await.db()?;
        tx.commit().await.db()?;
        self.0.events.publish(t.tenant_id.0, [progress(&row)]);
        Ok(import_dto(row))
    }

    pub async fn get(&self, t: &TenantCtx, id: Uuid) -> Result<Import> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        Ok(import_dto(repo_imports::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Import"))?))
    }

    pub async fn list(&self, t: &TenantCtx) -> Result<Vec<Import>> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        Ok(repo_imports::list(&tx, 50).await.db()?.into_iter().map(import_dto).collect())
    }

    /// The failed rows as CSV: row number, reason, then the row's own cells.
    pub async fn errors_csv(&self, t: &TenantCtx, id: Uuid) -> Result<Vec<u8>> {
        let (tx, _) = self.0.begin(t, Role::Manager).await?;
        let row = repo_imports::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Import"))?;
        let headers = strings(&row.headers);
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut head = vec!["row".to_owned(), "reason".to_owned()];
        head.extend(headers.iter().cloned());
        w.write_record(head.iter().map(|h| csv_file::safe_cell(h).into_owned())).map_err(DomainError::internal)?;
        for e in repo_imports::errors(&tx, id).await.db()? {
            let mut rec = vec![e.row_number.to_string(), e.reason];
            rec.extend(headers.iter().map(|h| e.raw.get(h).and_then(Value::as_str).unwrap_or("").to_owned()));
            w.write_record(rec.iter().map(|c| csv_file::safe_cell(c).into_owned())).map_err(DomainError::internal)?;
        }
        w.into_inner().map_err(DomainError::internal)
    }

    /// The job: imports every row not yet counted.
    pub async fn run(&self, tenant_id: Uuid, id: Uuid) -> Result<()> {
        self.run_batches(tenant_id, id, usize::MAX).await.map(|_| ())
    }

    /// Runs at most `max` batches; answers whether the import is finished. A worker that stops between
    /// batches (or dies inside one, whose transaction then rolls back) leaves the import resumable.
    pub async fn run_batches(&self, tenant_id: Uuid, id: Uuid, max: usize) -> Result<bool> {
        for _ in 0..max {
            let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
            let Some((row, content)) = repo_imports::lock_with_content(&tx, id).await.db()? else {
                // Gone (deleted workspace) or locked by another worker, which carries on.
                return Ok(true);
            };
            if matches!(row.status.as_str(), "done" | "failed" | "draft") {
                return Ok(true);
            }
            let finished = match self.batch(&tx, &row, &content).await {
                Ok(f) => f,
                Err(e) => {
                    drop(tx);
                    self.fail(tenant_id, id, &e).await?;
                    return Err(e);
                }
            };
            if finished {
                repo_imports::set_status(&tx, id, "done", None).await.db()?;
            }
            let after = repo_imports::get(&tx, id).await.db()?.ok_or(DomainError::NotFound("Import"))?;
            tx.commit().await.db()?;
            self.0.events.publish(tenant_id, [progress(&after)]);
            if finished {
                return Ok(true);
            }
        }
        Ok(false)
    }

    async fn fail(&self, tenant_id: Uuid, id: Uuid, e: &DomainError) -> Result<()> {
        tracing::error!(import = %id, error = %e, "contact import failed");
        let tx = self.0.db.tenant_tx(TenantId(tenant_id)).await.db()?;
        repo_imports::set_status(&tx, id, "failed", Some("The import stopped on an unexpected error.")).await.db()?;
        let after = repo_imports::get(&tx, id).await.db()?;
        tx.commit().await.db()?;
        if let Some(after) = after {
            self.0.events.publish(tenant_id, [progress(&after)]);
        }
        Ok(())
    }

    /// Reads the next batch after `processed` rows and merges it; answers whether the file is done.
    async fn batch(&self, tx: &TenantTx, row: &ImportRow, content: &[u8]) -> Result<bool> {
        let opts: Options = serde_json::from_value(row.options.clone()).map_err(DomainError::internal)?;
        let fields = defs(tx).await?;
        let headers = strings(&row.headers);
        let mapping: HashMap<String, String> = serde_json::from_value(row.mapping.clone()).unwrap_or_default();
        let columns = columns(&headers, &mapping, &fields);
        let delimiter = row.delimiter.as_bytes().first().copied().unwrap_or(b',');
        let mut rdr = csv_file::reader(content, delimiter);
        let done = row.processed.max(0) as usize;
        // Duplicates inside the file are judged against every earlier row, counted or not.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut contacts: Vec<ImportedContact> = Vec::new();
        // Each contact's row number and cells, in case the plan's limit refuses it.
        let mut origins: Vec<(i32, Value)> = Vec::new();
        let mut errors: Vec<(i32, String, Value)> = Vec::new();
        let (mut duplicates, mut rows) = (0i32, 0i32);
        let mut record = csv::ByteRecord::new();
        let mut index = 0usize;
        let mut at_end = false;
        loop {
            let read = rdr.read_byte_record(&mut record);
            let number = index + 2; // the header is line 1
            index += 1;
            let cells: std::result::Result<Vec<String>, String> = match read {
                Ok(false) => {
                    at_end = true;
                    break;
                }
                Ok(true) => Ok(record.iter().map(csv_file::decode).collect()),
                Err(e) => Err(format!("the row cannot be read as CSV: {e}")),
            };
            let parsed = cells
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|c| parse_record(c, headers.len(), &columns, opts.default_country.as_deref()));
            let earlier = parsed.as_ref().ok().and_then(|c| seen.get(&c.phone).copied());
            if let Ok(c) = &parsed {
                seen.entry(c.phone.clone()).or_insert(number);
            }
            if index <= done {
                continue;
            }
            rows += 1;
            match (parsed, earlier) {
                (Ok(_), Some(first)) => {
                    duplicates += 1;
                    errors.push((
                        number as i32,
                        format!("duplicate of row {first} (same phone); skipped"),
                        raw_json(&headers, cells.as_deref().unwrap_or_default()),
                    ));
                }
                (Ok(c), None) => {
                    contacts.push(c);
                    origins.push((number as i32, raw_json(&headers, cells.as_deref().unwrap_or_default())));
                }
                (Err(reason), _) => {
                    errors.push((number as i32, reason, raw_json(&headers, cells.as_deref().unwrap_or_default())))
                }
            }
            if rows as usize >= BATCH_ROWS {
                break;
            }
        }
        // The room is read under the workspace's contacts lock, held until this batch commits.
        if let Some(room) = self.0.stock_room(tx, Stock::Contacts).await? {
            let phones: Vec<String> = contacts.iter().map(|c| c.phone.clone()).collect();
            let existing = repo_imports::existing_phones(tx, &phones).await.db()?;
            let mut left = room;
            let mut kept = Vec::with_capacity(contacts.len());
            for (c, (number, raw)) in contacts.into_iter().zip(origins) {
                if existing.contains(&c.phone) {
                    kept.push(c);
                } else if left > 0 {
                    left -= 1;
                    kept.push(c);
                } else {
                    errors.push((number, CONTACT_LIMIT_REACHED.to_owned(), raw));
                }
            }
            contacts = kept;
        }
        let mode = match opts.duplicates.as_str() {
            "fill" => Duplicates::Fill,
            "overwrite" => Duplicates::Overwrite,
            _ => Duplicates::Skip,
        };
        repo_imports::merge_batch(
            tx,
            Batch {
                import_id: row.id,
                contacts: &contacts,
                errors: &errors,
                duplicates,
                rows,
                mode,
                label_ids: &opts.label_ids,
                consent_status: &opts.consent_status,
                consent_basis: &opts.consent_basis,
                actor: opts.actor,
            },
        )
        .await
        .db()?;
        Ok(at_end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crm::fields::FieldKind;

    #[test]
    fn a_row_reports_every_problem_at_once() {
        let seats = FieldDef {
            key: "seats".into(),
            label: "Seats".into(),
            kind: FieldKind::Number,
            required: false,
            options: vec![],
        };
        let cols = vec![(0, Target::Phone), (1, Target::Email), (2, Target::Field(seats))];
        let err =
            read_row(&["12ab".into(), "nope".into(), "many".into()], &cols, Some("PT")).expect_err("should be refused");
        assert!(err.contains("phone") && err.contains("email") && err.contains("Seats"), "{err}");
        let ok = read_row(&["'+351912345678".into(), "".into(), "3".into()], &cols, None).expect("should be accepted");
        assert_eq!(ok.phone, "+351912345678");
        assert_eq!(ok.fields, json!({"seats": 3.0}));
    }

    #[test]
    fn cells_beyond_the_header_count_only_when_they_hold_something() {
        let headers = vec!["Phone".to_owned(), "Name".to_owned()];
        let mapping = HashMap::from([("Phone".to_owned(), "phone".to_owned()), ("Name".to_owned(), "skip".to_owned())]);
        let cols = columns(&headers, &mapping, &[]);
        assert!(matches!(cols.as_slice(), [(0, Target::Phone)]));
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        assert!(parse_record(&row(&["+351912345678", "Ana", " ", ""]), 2, &cols, None).is_ok());
        let err = parse_record(&row(&["+351912345678", "Ana", "extra"]), 2, &cols, None).expect_err("refused");
        assert_eq!(err, "the row has 3 cells but the file has 2 columns");
    }
}
