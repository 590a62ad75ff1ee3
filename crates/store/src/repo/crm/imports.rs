//! Contact imports: the uploaded file and its progress, and the set-based merge of one batch of rows
//! (one statement for the contacts, one for labels, one for errors, one for the counters — never a round
//! trip per row). A batch and its counters commit together, so a restarted import resumes exactly.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Value};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct ImportRow {
    pub id: Uuid,
    pub status: String,
    pub file_name: String,
    pub delimiter: String,
    pub headers: serde_json::Value,
    pub sample: serde_json::Value,
    pub row_count: i32,
    pub mapping: serde_json::Value,
    pub options: serde_json::Value,
    pub processed: i32,
    pub created: i32,
    pub updated: i32,
    pub skipped: i32,
    pub failed: i32,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

const COLS: &str = "id, status, file_name, delimiter, headers, sample, row_count, mapping, options, processed,
    created, updated, skipped, failed, error, created_at, finished_at";

pub struct NewImport<'a> {
    pub file_name: &'a str,
    pub content: &'a [u8],
    pub delimiter: &'a str,
    pub headers: serde_json::Value,
    pub sample: serde_json::Value,
    pub row_count: i32,
    pub mapping: serde_json::Value,
    pub created_by: Option<Uuid>,
}

pub async fn insert(tx: &TenantTx, i: NewImport<'_>) -> Result<ImportRow, DbErr> {
    ImportRow::find_by_statement(stmt(
        &format!(
            "insert into contact_imports (id, tenant_id, file_name, content, delimiter, headers, sample, row_count, mapping, created_by)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning {COLS}"
        ),
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            i.file_name.into(),
            i.content.to_vec().into(),
            i.delimiter.into(),
            i.headers.into(),
            i.sample.into(),
            i.row_count.into(),
            i.mapping.into(),
            i.created_by.into(),
        ],
    ))
    .one(&tx.tx)
    .await?
    .ok_or(DbErr::RecordNotInserted)
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<ImportRow>, DbErr> {
    ImportRow::find_by_statement(stmt(&format!("select {COLS} from contact_imports where id = $1"), [id.into()]))
        .one(&tx.tx)
        .await
}

/// The row locked for the worker (one worker per import at a time), with the file.
pub async fn lock_with_content(tx: &TenantTx, id: Uuid) -> Result<Option<(ImportRow, Vec<u8>)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Content {
        content: Vec<u8>,
    }
    let Some(row) = ImportRow::find_by_statement(stmt(
        &format!("select {COLS} from contact_imports where id = $1 for update skip locked"),
        [id.into()],
    ))
    .one(&tx.tx)
    .await?
    else {
        return Ok(None);
    };
    let c = Content::find_by_statement(stmt("select content from contact_imports where id = $1", [id.into()]))
        .one(&tx.tx)
        .await?
        .ok_or(DbErr::RecordNotFound("contact_imports".into()))?;
    Ok(Some((row, c.content)))
}

pub async fn list(tx: &TenantTx, limit: i64) -> Result<Vec<ImportRow>, DbErr> {
    ImportRow::find_by_statement(stmt(
        &format!("select {COLS} from contact_imports order by created_at desc limit $1"),
        [limit.into()],
    ))
    .all(&tx.tx)
    .await
}

/// Draft → queued with the choices made; answers `None` when it was not a draft.
pub async fn start(
    tx: &TenantTx,
    id: Uuid,
    mapping: &serde_json::Value,
    options: &serde_json::Value,
) -> Result<Option<ImportRow>, DbErr> {
    ImportRow::find_by_statement(stmt(
        &format!(
            "update contact_imports set status = 'queued', mapping = $2, options = $3, started_at = now()
             where id = $1 and status = 'draft' returning {COLS}"
        ),
        [id.into(), mapping.clone().into(), options.clone().into()],
    ))
    .one(&tx.tx)
    .await
}

pub async fn set_status(tx: &TenantTx, id: Uuid, status: &str, error: Option<&str>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "update contact_imports set status = $2, error = coalesce($3, error),
            finished_at = case when $2 in ('done', 'failed') then now() else finished_at end
         where id = $1",
        [id.into(), status.into(), error.map(str::to_owned).into()],
    ))
    .await?;
    Ok(())
}

/// One contact as a CSV row gave it, validated.
#[derive(Debug, Clone, Default)]
pub struct ImportedContact {
    pub phone: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub notes: Option<String>,
    pub fields: serde_json::Value,
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicates {
    /// Existing contacts are left as they are.
    Skip,
    /// Existing contacts get only the values they lack.
    Fill,
    /// The file's values win where it has one.
    Overwrite,
}

pub struct Batch<'a> {
    pub import_id: Uuid,
    pub contacts: &'a [ImportedContact],
    /// (row number, reason, raw cells) of rows refused before reaching the database.
    pub errors: &'a [(i32, String, serde_json::Value)],
    /// How many of `errors` are duplicates inside the file: listed with the failed rows, counted as skipped.
    pub duplicates: i32,
    pub rows: i32,
    pub mode: Duplicates,
    pub label_ids: &'a [Uuid],
    pub consent_status: &'a str,
    pub consent_basis: &'a str,
    pub actor: Option<Uuid>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchCounts {
    pub created: i32,
    pub updated: i32,
    pub skipped: i32,
    pub failed: i32,
}

/// A text column as an array; a missing value travels as '' and becomes NULL again in SQL (`nullif`).
fn texts(items: &[ImportedContact], f: impl Fn(&ImportedContact) -> Option<String>) -> Value {
    items.iter().map(|c| f(c).unwrap_or_default()).collect::<Vec<String>>().into()
}

/// Merges one batch in the caller's transaction and advances the import's counters by it.
pub async fn merge_batch(tx: &TenantTx, b: Batch<'_>) -> Result<BatchCounts, DbErr> {
    #[derive(FromQueryResult)]
    struct Merged {
        id: Uuid,
        phone: String,
        inserted: bool,
    }
    // Even overwriting, an import never turns an opt-out (or any known consent) into something else.
    const CONSENT: &str = "
        consent_status = case when contacts.consent_status = 'unknown' then excluded.consent_status else contacts.consent_status end,
        consent_source = case when contacts.consent_status = 'unknown' then excluded.consent_source else contacts.consent_source end,
        consent_at = case when contacts.consent_status = 'unknown' then excluded.consent_at else contacts.consent_at end,
        updated_at = now()";
    // fill: the contact's own values win; overwrite: the file's values win where it has one.
    let (ours, theirs) = ("contacts", "excluded");
    let update = |first: &str, second: &str| {
        format!(
            "do update set name = coalesce({first}.name, {second}.name), email = coalesce({first}.email, {second}.email),
                company = coalesce({first}.company, {second}.company), notes = coalesce({first}.notes, {second}.notes),
                attributes = {second}.attributes || {first}.attributes, {CONSENT}"
        )
    };
    let conflict = match b.mode {
        Duplicates::Skip => "do nothing".to_owned(),
        Duplicates::Fill => update(ours, theirs),
        Duplicates::Overwrite => update(theirs, ours),
    };
    let consent_known = b.consent_status != "unknown";
    let merged = Merged::find_by_statement(stmt(
        &format!(
            "insert into contacts (id, tenant_id, phone, name, email, company, notes, attributes,
                                   consent_status, consent_source, consent_at, source)
             select parley_uuid_v7(), $1, r.phone, nullif(r.name, ''), nullif(r.email, ''), nullif(r.company, ''),
                    nullif(r.notes, ''), r.fields,
                    $8, case when $9 then 'import' end, case when $9 then now() end, 'import'
               from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
                    as r(phone, name, email, company, notes, fields)
             on conflict (tenant_id, phone) where phone is not null {conflict}
             returning id, phone, (xmax = 0) as inserted"
        ),
        [
            tx.tenant_id.0.into(),
            texts(b.contacts, |c| Some(c.phone.clone())),
            texts(b.contacts, |c| c.name.clone()),
            texts(b.contacts, |c| c.email.clone()),
            texts(b.contacts, |c| c.company.clone()),
            texts(b.contacts, |c| c.notes.clone()),
            b.contacts.iter().map(|c| c.fields.clone()).collect::<Vec<serde_json::Value>>().into(),
            b.consent_status.into(),
            consent_known.into(),
        ],
    ))
    .all(&tx.tx)
    .await?;
    let ids: Vec<Uuid> = merged.iter().map(|m| m.id).collect();
    let created = merged.iter().filter(|m| m.inserted).count() as i32;
    let updated = merged.len() as i32 - created;

    // Labels: the ones chosen for the whole import, and the ones named in a column (created if new).
    if !b.label_ids.is_empty() && !ids.is_empty() {
        tx.execute_raw(stmt(
            "insert into contact_labels (tenant_id, contact_id, label_id)
             select $1, c, l.id from unnest($2::uuid[]) c cross join labels l where l.id = any($3)
             on conflict do nothing",
            [tx.tenant_id.0.into(), ids.clone().into(), b.label_ids.to_vec().into()],
        ))
        .await?;
    }
    let by_phone: std::collections::HashMap<&str, Uuid> = merged.iter().map(|m| (m.phone.as_str(), m.id)).collect();
    let (mut pair_contacts, mut pair_names) = (Vec::new(), Vec::new());
    for c in b.contacts {
        if let Some(id) = by_phone.get(c.phone.as_str()) {
            for l in &c.labels {
                pair_contacts.push(*id);
                pair_names.push(l.clone());
            }
        }
    }
    if !pair_names.is_empty() {
        tx.execute_raw(stmt(
            "insert into labels (id, tenant_id, name)
             select parley_uuid_v7(), $1, n from (select distinct on (lower(n)) n from unnest($2::text[]) n) x
             on conflict (tenant_id, lower(name)) do nothing",
            [tx.tenant_id.0.into(), pair_names.clone().into()],
        ))
        .await?;
        tx.execute_raw(stmt(
            "insert into contact_labels (tenant_id, contact_id, label_id)
             select $1, p.c, l.id from unnest($2::uuid[], $3::text[]) p(c, n) join labels l on lower(l.name) = lower(p.n)
             on conflict do nothing",
            [tx.tenant_id.0.into(), pair_contacts.into(), pair_names.into()],
        ))
        .await?;
    }
    if !ids.is_empty() {
        super::timeline::record(tx, &ids, "imported", "imported", None, b.actor).await?;
    }
    if !b.errors.is_empty() {
        tx.execute_raw(stmt(
            "insert into contact_import_errors (tenant_id, import_id, row_number, reason, raw)
             select $1, $2, r, reason, raw from unnest($3::int[], $4::text[], $5::jsonb[]) e(r, reason, raw)
             on conflict do nothing",
            [
                tx.tenant_id.0.into(),
                b.import_id.into(),
                b.errors.iter().map(|e| e.0).collect::<Vec<i32>>().into(),
                b.errors.iter().map(|e| e.1.clone()).collect::<Vec<String>>().into(),
                b.errors.iter().map(|e| e.2.clone()).collect::<Vec<serde_json::Value>>().into(),
            ],
        ))
        .await?;
    }
    let counts = BatchCounts {
        created,
        updated,
        skipped: b.contacts.len() as i32 - merged.len() as i32 + b.duplicates,
        failed: b.errors.len() as i32 - b.duplicates,
    };
    tx.execute_raw(stmt(
        "update contact_imports set processed = processed + $2, created = created + $3, updated = updated + $4,
            skipped = skipped + $5, failed = failed + $6, status = 'running'
         where id = $1",
        [
            b.import_id.into(),
            b.rows.into(),
            counts.created.into(),
            counts.updated.into(),
            counts.skipped.into(),
            counts.failed.into(),
        ],
    ))
    .await?;
    Ok(counts)
}

/// Which of `phones` are already contacts (an import's row for them updates rather than creates).
pub async fn existing_phones(tx: &TenantTx, phones: &[String]) -> Result<std::collections::HashSet<String>, DbErr> {
    #[derive(FromQueryResult)]
    struct Found {
        phone: String,
    }
    if phones.is_empty() {
        return Ok(Default::default());
    }
    Ok(Found::find_by_statement(stmt("select phone from contacts where phone = any($1)", [phones.to_vec().into()]))
        .all(&tx.tx)
        .await?
        .into_iter()
        .map(|f| f.phone)
        .collect())
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct ImportErrorRow {
    pub row_number: i32,
    pub reason: String,
    pub raw: serde_json::Value,
}

pub async fn errors(tx: &TenantTx, import_id: Uuid) -> Result<Vec<ImportErrorRow>, DbErr> {
    ImportErrorRow::find_by_statement(stmt(
        "select row_number, reason, raw from contact_import_errors where import_id = $1 order by row_number",
        [import_id.into()],
    ))
    .all(&tx.tx)
    .await
}
