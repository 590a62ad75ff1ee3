//! The contacts a person picks: a search, criteria and a segment together, paged in any supported order,
//! counted, exported as a streamed CSV, or changed all at once by a bulk action (paused while the workspace is
//! restricted for an unpaid bill; exports stay open).

use super::contacts::{ContactService, contact_dto};
use super::criteria;
use super::csv_file::safe_cell;
use super::dto::{
    BulkContactsInput, BulkResult, ContactExportQuery, ContactFilterQuery, ContactList, ContactListQuery, CountResult,
    Criteria,
};
use super::fields::{FieldDef, defs, normalise, refused_values};
use super::segments::{criteria_errors_at, segment_filter};
use crate::ctx::TenantCtx;
use crate::{DbResultExt, DomainError, Result, Role};
use bytes::Bytes;
use parley_domain::TenantId;
use parley_store::TenantTx;
use parley_store::repo::crm::filter::{Cond, Filter};
use parley_store::repo::crm::selection::{self, After, Order, SortCol};
use parley_store::repo::{self};
use uuid::Uuid;

const EXPORT_BATCH: u64 = 2_000;

/// The filter for a search, criteria and segment (all must hold).
pub(crate) async fn build_filter(
    tx: &TenantTx,
    q: Option<&str>,
    criteria: Option<&Criteria>,
    segment_id: Option<Uuid>,
) -> Result<Filter> {
    let mut all = Vec::new();
    if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
        all.push(Filter::Cond(Cond::Search(q.chars().take(200).collect())));
    }
    if let Some(c) = criteria {
        let defs = defs(tx).await?;
        all.push(criteria::parse(c, &defs, chrono::Utc::now()).map_err(|e| criteria_errors_at(e, "criteria."))?);
    }
    if let Some(id) = segment_id {
        all.push(segment_filter(tx, id).await?);
    }
    Ok(Filter::All(all))
}

async fn query_filter(tx: &TenantTx, q: &ContactFilterQuery) -> Result<Filter> {
    let criteria = q.criteria.as_deref().filter(|c| !c.trim().is_empty()).map(criteria::from_query).transpose()?;
    build_filter(tx, q.q.as_deref(), criteria.as_ref(), q.segment_id).await
}

fn export_header(fields: &[FieldDef]) -> Vec<String> {
    let mut h: Vec<String> = [
        "phone",
        "name",
        "whatsapp_name",
        "email",
        "company",
        "notes",
        "labels",
        "consent",
        "consent_source",
        "consent_at",
        "created_at",
        "last_message_at",
    ]
    .map(String::from)
    .to_vec();
    h.extend(fields.iter().map(|f| f.key.clone()));
    h
}

fn export_row(r: &repo::crm::contacts::ContactRow, labels: Option<&String>, fields: &[FieldDef]) -> Vec<String> {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut row = vec![
        s(&r.phone),
        s(&r.name),
        s(&r.profile_name),
        s(&r.email),
        s(&r.company),
        s(&r.notes),
        labels.cloned().unwrap_or_default(),
        r.consent_status.clone(),
        s(&r.consent_source),
        r.consent_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
        r.created_at.to_rfc3339(),
        r.last_message_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
    ];
    for f in fields {
        row.push(match r.attributes.get(&f.key) {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(v)) => v.clone(),
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join(", "),
            Some(other) => other.to_string(),
        });
    }
    row
}

fn csv_line(cells: &[String]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(256));
    w.write_record(cells.iter().map(|c| safe_cell(c).into_owned())).map_err(DomainError::internal)?;
    w.into_inner().map_err(DomainError::internal)
}

impl ContactService {
    pub async fn list(&self, t: &TenantCtx, q: ContactListQuery) -> Result<ContactList> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let col = match q.sort.as_deref() {
            None | Some("") => SortCol::CreatedAt,
            Some(s) => SortCol::parse(s).ok_or_else(|| {
                DomainError::field("sort", "must be createdAt, updatedAt, name, phone, email or company")
            })?,
        };
        let desc = match q.order.as_deref() {
            None | Some("") | Some("desc") => true,
            Some("asc") => false,
            Some(_) => return Err(DomainError::field("order", "must be asc or desc")),
        };
        let after = match q.cursor.as_deref() {
            Some(c) => crate::cursor::decode("cursor", c).map(|(value, id)| Some(After { value, id }))?,
            None => None,
        };
        let mut c = crate::check::Check::default();
        let limit = super::deals::page_limit(&mut c, q.limit);
        c.finish()?;
        let filter = query_filter(
            &tx,
            &ContactFilterQuery { q: q.q.clone(), criteria: q.criteria.clone(), segment_id: q.segment_id },
        )
        .await?;
        // A time order's cursor carries an RFC 3339 time; any other key matches the cursor's pattern but names no
        // position in that order, so its page is empty rather than an error (or a failed cast in the database).
        if let Some(a) = &after
            && matches!(col, SortCol::CreatedAt | SortCol::UpdatedAt)
            && chrono::DateTime::parse_from_rfc3339(&a.value).is_err()
        {
            return Ok(ContactList { items: vec![], next_cursor: None });
        }
        let (rows, next) = selection::page(&tx, &filter, Order { col, desc }, after.as_ref(), limit).await.db()?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut labels = repo::crm::labels::of_contacts(&tx, &ids).await.db()?;
        Ok(ContactList {
            items: rows
                .into_iter()
                .map(|r| {
                    let l = labels.remove(&r.id).unwrap_or_default();
                    contact_dto(r, l)
                })
                .collect(),
            next_cursor: next.map(|a| crate::cursor::encode(&a.value, a.id)),
        })
    }

    pub async fn count(&self, t: &TenantCtx, q: ContactFilterQuery) -> Result<CountResult> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let filter = query_filter(&tx, &q).await?;
        Ok(CountResult { count: selection::count_matching(&tx, &filter).await.db()? })
    }

    pub async fn bulk(&self, t: &TenantCtx, i: BulkContactsInput) -> Result<BulkResult> {
        let min = if i.action == "delete" { Role::Manager } else { Role::Agent };
        let (tx, _) = self.0.begin(t, min).await?;
        self.0.require_unrestricted(&tx).await?;
        let s = &i.selection;
        let filter = match (&s.ids, s.all) {
            (Some(ids), _) if !ids.is_empty() => {
                // Named contacts are the whole selection: a filter beside them would be silently left out.
                if s.all == Some(true) || s.q.is_some() || s.criteria.is_some() || s.segment_id.is_some() {
                    return Err(DomainError::field(
                        "selection",
                        "name the contacts (ids) or choose all that match (all, q, criteria, segmentId), not both",
                    ));
                }
                if ids.len() > 10_000 {
                    return Err(DomainError::field(
                        "selection.ids",
                        "at most 10000 ids; select all that match instead",
                    ));
                }
                Filter::Cond(Cond::Ids(ids.clone()))
            }
            (_, Some(true)) => {
                build_filter(&tx, i.selection.q.as_deref(), i.selection.criteria.as_ref(), i.selection.segment_id)
                    .await?
            }
            _ => return Err(DomainError::field("selection", "name the contacts (ids) or choose all that match")),
        };
        let affected = match i.action.as_str() {
            "add_label" | "remove_label" => {
                let label = i.label_id.ok_or_else(|| DomainError::field("labelId", "is required"))?;
                super::labels::known_labels(&tx, &[label]).await?;
                if i.action == "add_label" {
                    selection::add_label(&tx, &filter, label).await.db()?
                } else {
                    selection::remove_label(&tx, &filter, label).await.db()?
                }
            }
            "set_field" => {
                let key = i.field_key.as_deref().ok_or_else(|| DomainError::field("fieldKey", "is required"))?;
                let defs = defs(&tx).await?;
                let def = defs
                    .iter()
                    .find(|d| d.key == key)
                    .ok_or_else(|| DomainError::missing("fieldKey", "is not a contact field"))?;
                let path = format!("customFields.{key}");
                let v = normalise(def, i.value.as_ref().unwrap_or(&serde_json::Value::Null))
                    .map_err(|m| refused_values(&[parley_domain::FieldError::new(&path, m)]))?;
                if v.is_null() && def.required {
                    return Err(refused_values(&[parley_domain::FieldError::new(&path, "is required")]));
                }
                selection::set_field(&tx, &filter, key, if v.is_null() { None } else { Some(v) }).await.db()?
            }
            "delete" => selection::delete(&tx, &filter).await.db()?,
            _ => return Err(DomainError::field("action", "must be add_label, remove_label, set_field or delete")),
        };
        tx.commit().await.db()?;
        Ok(BulkResult { affected })
    }

    /// The selected contacts as CSV, produced batch by batch while the client reads (memory stays flat
    /// however many there are). Errors before the first byte are answered normally; a later one aborts
    /// the download (and is logged).
    pub async fn export(
        &self,
        t: &TenantCtx,
        q: ContactExportQuery,
    ) -> Result<tokio::sync::mpsc::Receiver<std::result::Result<Bytes, std::io::Error>>> {
        let (tx, _) = self.0.begin(t, Role::Agent).await?;
        let ids: Option<Vec<Uuid>> = match q.ids.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(raw) => Some(
                raw.split(',')
                    .map(|s| Uuid::parse_str(s.trim()))
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|_| DomainError::field("ids", "must be contact ids separated by commas"))?,
            ),
            None => None,
        };
        let mut filter = query_filter(
            &tx,
            &ContactFilterQuery { q: q.q.clone(), criteria: q.criteria.clone(), segment_id: q.segment_id },
        )
        .await?;
        if let Some(ids) = ids {
            filter = Filter::All(vec![filter, Filter::Cond(Cond::Ids(ids))]);
        }
        let fields = defs(&tx).await?;
        drop(tx);
        let (send, recv) = tokio::sync::mpsc::channel(4);
        let core = self.0.clone();
        let tenant: TenantId = t.tenant_id;
        tokio::spawn(async move {
            let run = async {
                // One transaction for the whole file: a consistent snapshot of the contacts.
                let tx = core.db.tenant_tx(tenant).await.db()?;
                let header = csv_line(&export_header(&fields))?;
                if send.send(Ok(Bytes::from([b"\xEF\xBB\xBF".as_slice(), &header].concat()))).await.is_err() {
                    return Ok(());
                }
                let mut after = None;
                loop {
                    let rows = selection::batch_after(&tx, &filter, after, EXPORT_BATCH).await.db()?;
                    let Some(last) = rows.last() else { break };
                    after = Some(last.id);
                    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
                    let labels = selection::label_names(&tx, &ids).await.db()?;
                    let mut chunk = Vec::with_capacity(rows.len() * 128);
                    for r in &rows {
                        chunk.extend(csv_line(&export_row(r, labels.get(&r.id), &fields))?);
                    }
                    if send.send(Ok(Bytes::from(chunk))).await.is_err() {
                        break; // the client went away
                    }
                    if (rows.len() as u64) < EXPORT_BATCH {
                        break;
                    }
                }
                Ok::<(), DomainError>(())
            };
            if let Err(e) = run.await {
                tracing::error!(error = %e, "contact export stopped");
                // Abort the response, so the client sees a failed download rather than a short file.
                let _ = send.send(Err(std::io::Error::other("export stopped"))).await;
            }
        });
        Ok(recv)
    }
}
