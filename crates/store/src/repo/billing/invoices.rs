//! A workspace's invoices: copies of the gateway's (kept current by its webhooks) and the platform admin's
//! manual ones.

use crate::TenantTx;
use crate::repo::stmt;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

#[derive(Debug, Clone, FromQueryResult)]
pub struct InvoiceRow {
    pub id: Uuid,
    pub gateway: String,
    pub gateway_invoice_id: Option<String>,
    pub number: Option<String>,
    pub status: String,
    pub currency: String,
    pub total: i64,
    pub amount_due: i64,
    pub amount_paid: i64,
    pub description: Option<String>,
    pub period_start: Option<DateTime<Utc>>,
    pub period_end: Option<DateTime<Utc>>,
    pub hosted_url: Option<String>,
    pub pdf_url: Option<String>,
    pub attempt_count: i32,
    pub next_payment_attempt: Option<DateTime<Utc>>,
    pub issued_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
}

pub struct InvoiceWrite<'a> {
    pub gateway: &'a str,
    pub gateway_invoice_id: Option<&'a str>,
    pub number: Option<&'a str>,
    pub status: &'a str,
    pub currency: &'a str,
    pub total: i64,
    pub amount_due: i64,
    pub amount_paid: i64,
    pub description: Option<&'a str>,
    pub period_start: Option<DateTime<Utc>>,
    pub period_end: Option<DateTime<Utc>>,
    pub hosted_url: Option<&'a str>,
    pub pdf_url: Option<&'a str>,
    pub attempt_count: i32,
    pub next_payment_attempt: Option<DateTime<Utc>>,
    pub issued_at: DateTime<Utc>,
}

/// Inserts or refreshes an invoice by its gateway id.
pub async fn upsert(tx: &TenantTx, w: &InvoiceWrite<'_>) -> Result<(), DbErr> {
    tx.execute_raw(stmt(
        "insert into invoices (id, tenant_id, gateway, gateway_invoice_id, number, status, currency, total, amount_due,
                               amount_paid, description, period_start, period_end, hosted_url, pdf_url, attempt_count,
                               next_payment_attempt, issued_at, paid_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 case when $6 = 'paid' then now() end)
         on conflict (gateway_invoice_id) do update set number = excluded.number, status = excluded.status,
             total = excluded.total, amount_due = excluded.amount_due, amount_paid = excluded.amount_paid,
             hosted_url = excluded.hosted_url, pdf_url = excluded.pdf_url, attempt_count = excluded.attempt_count,
             next_payment_attempt = excluded.next_payment_attempt,
             paid_at = coalesce(invoices.paid_at, excluded.paid_at), updated_at = now()",
        [
            Uuid::now_v7().into(),
            tx.tenant_id.0.into(),
            w.gateway.into(),
            w.gateway_invoice_id.map(str::to_owned).into(),
            w.number.map(str::to_owned).into(),
            w.status.into(),
            w.currency.into(),
            w.total.into(),
            w.amount_due.into(),
            w.amount_paid.into(),
            w.description.map(str::to_owned).into(),
            w.period_start.into(),
            w.period_end.into(),
            w.hosted_url.map(str::to_owned).into(),
            w.pdf_url.map(str::to_owned).into(),
            w.attempt_count.into(),
            w.next_payment_attempt.into(),
            w.issued_at.into(),
        ],
    ))
    .await?;
    Ok(())
}

pub async fn list(tx: &TenantTx, limit: i64) -> Result<Vec<InvoiceRow>, DbErr> {
    InvoiceRow::find_by_statement(stmt(
        "select id, gateway, gateway_invoice_id, number, status, currency, total, amount_due, amount_paid, description,
                period_start, period_end, hosted_url, pdf_url, attempt_count, next_payment_attempt, issued_at, paid_at
           from invoices where status <> 'draft' order by issued_at desc, id desc limit $1",
        [limit.into()],
    ))
    .all(&tx.tx)
    .await
}

pub async fn get(tx: &TenantTx, id: Uuid) -> Result<Option<InvoiceRow>, DbErr> {
    InvoiceRow::find_by_statement(stmt(
        "select id, gateway, gateway_invoice_id, number, status, currency, total, amount_due, amount_paid, description,
                period_start, period_end, hosted_url, pdf_url, attempt_count, next_payment_attempt, issued_at, paid_at
           from invoices where id = $1",
        [id.into()],
    ))
    .one(&tx.tx)
    .await
}

/// The next number of a manual invoice: `M-<year>-<n>` per workspace.
pub async fn next_manual_number(tx: &TenantTx) -> Result<String, DbErr> {
    let n = crate::repo::count(&tx.tx, "select count(*) + 1 as n from invoices where gateway = 'manual'", []).await?;
    Ok(format!("M-{}-{n:04}", Utc::now().format("%Y")))
}

pub async fn mark_paid(tx: &TenantTx, id: Uuid) -> Result<bool, DbErr> {
    let r = tx
        .execute_raw(stmt(
            "update invoices set status = 'paid', amount_paid = amount_due, paid_at = now(), updated_at = now()
             where id = $1 and gateway = 'manual' and status = 'open'",
            [id.into()],
        ))
        .await?;
    Ok(r.rows_affected() == 1)
}
