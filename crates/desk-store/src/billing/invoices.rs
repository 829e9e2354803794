//! The invoice list and one invoice in full. Hundreds of thousands of invoices are paged in
//! SQL: the mirror gets local indexes for each sort (the platform's own indexes serve its
//! writers, not a finance list), built once after a sync copied the invoices.

use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};

use crate::mirrors::has_mirror;
use crate::StoreError;

/// What the invoice list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum InvoiceSort {
    /// Invoice number.
    Number,
    /// Issue date.
    Issued,
    /// Due date (also: days overdue, reversed).
    Due,
    /// Total.
    Total,
    /// Amount still to pay.
    Outstanding,
    /// Status.
    Status,
}

/// One request for a page of invoices.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceQuery {
    /// Statuses to keep (draft, open, paid, void, uncollectible); empty: all.
    pub statuses: Vec<String>,
    /// Only this currency.
    pub currency: Option<String>,
    /// Only this tenant.
    pub tenant_id: Option<String>,
    /// Only open invoices past their due date.
    pub overdue_only: bool,
    /// Issued on or after (YYYY-MM-DD).
    pub issued_from: Option<String>,
    /// Issued on or before (YYYY-MM-DD).
    pub issued_to: Option<String>,
    /// Invoice numbers starting with this text.
    pub number_prefix: Option<String>,
    /// Sort column.
    pub sort: InvoiceSort,
    /// Sort direction.
    pub descending: bool,
    /// Rows to skip.
    pub offset: u32,
    /// Rows to return (at most 500).
    pub limit: u32,
}

/// An invoice as a row of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceRow {
    /// Id.
    pub id: i64,
    /// Customer-facing number.
    pub number: String,
    /// Tenant id.
    pub tenant_id: String,
    /// Tenant name.
    pub tenant_name: Option<String>,
    /// draft, open, paid, void, uncollectible.
    pub status: String,
    /// Billing period start.
    pub period_start: String,
    /// Billing period end.
    pub period_end: String,
    /// ISO currency.
    pub currency: String,
    /// Total, minor units.
    pub total_minor: i64,
    /// Due after credits, minor units.
    pub amount_due_minor: i64,
    /// Paid so far, minor units.
    pub amount_paid_minor: i64,
    /// Still to pay (due − paid), minor units; 0 unless open.
    pub outstanding_minor: i64,
    /// Issued.
    pub issued_at: Option<String>,
    /// Due.
    pub due_at: Option<String>,
    /// Paid.
    pub paid_at: Option<String>,
    /// Whole days past due, for an open invoice past its due date.
    pub days_overdue: Option<i64>,
}

/// A page of invoices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InvoicePage {
    /// Invoices matching the filters.
    pub total: i64,
    /// This page.
    pub rows: Vec<InvoiceRow>,
    /// The currencies present, for the filter menu.
    pub currencies: Vec<String>,
}

/// A line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct LineView {
    /// Id.
    pub id: i64,
    /// subscription, usage, proration, credit.
    pub kind: String,
    /// What it is for.
    pub description: String,
    /// Quantity.
    pub quantity: i64,
    /// Unit amount, minor units.
    pub unit_amount_minor: i64,
    /// Amount, minor units (negative for credits).
    pub amount_minor: i64,
    /// Service period start.
    pub service_period_start: Option<String>,
    /// Service period end.
    pub service_period_end: Option<String>,
}

/// A payment of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct PaymentView {
    /// Id.
    pub id: i64,
    /// succeeded, failed, refunded.
    pub status: String,
    /// Amount, minor units.
    pub amount_minor: i64,
    /// Refunded, minor units.
    pub refunded_amount_minor: i64,
    /// When it was attempted.
    pub attempted_at: String,
    /// Why it failed.
    pub failure_reason: Option<String>,
    /// The processor's charge id.
    pub processor_ref: Option<String>,
}

/// A credit note against an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct CreditNoteView {
    /// Number.
    pub number: String,
    /// Amount, minor units.
    pub amount_minor: i64,
    /// Why.
    pub reason: String,
    /// When.
    pub issued_at: String,
}

/// One invoice in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceDetail {
    /// The list's row.
    pub invoice: InvoiceRow,
    /// Subtotal, minor units.
    pub subtotal_minor: i64,
    /// Tax, minor units.
    pub tax_minor: i64,
    /// Its lines.
    pub lines: Vec<LineView>,
    /// The sum of its lines, minor units.
    pub lines_total_minor: i64,
    /// Whether the lines add up to the subtotal (flagged when they do not).
    pub lines_match: bool,
    /// Its payments, oldest first.
    pub payments: Vec<PaymentView>,
    /// Succeeded payments less refunds, minor units.
    pub collected_minor: i64,
    /// Credit notes against it.
    pub credit_notes: Vec<CreditNoteView>,
}

/// The billing mirrors [`prepare`] indexes: after a sync copied any of them, call it.
pub const INDEXED: [&str; 5] = [
    "invoices",
    "payments",
    "payment_retries",
    "dunning_notes",
    "disputes",
];

/// Local indexes for the invoice list's sorts and filters and for the reconciliation and
/// dunning reads, on whichever billing mirrors exist (once each; a no-op after).
pub async fn prepare(pool: &SqlitePool) -> Result<(), StoreError> {
    for (mirror, name, cols) in [
        ("invoices", "issued", "issued_at, id"),
        ("invoices", "due", "due_at, id"),
        ("invoices", "total", "total_minor, id"),
        ("invoices", "status_due", "status, due_at"),
        // A status filter with another sort: without these the status index wins and every
        // matching invoice is sorted (measured: 470 ms for the paid ones by number).
        ("invoices", "status_number", "status, number, id"),
        ("invoices", "status_issued", "status, issued_at, id"),
        ("invoices", "status_total", "status, total_minor, id"),
        ("invoices", "currency", "currency, status"),
        ("payments", "status", "status, invoice_id"),
        ("payment_retries", "payment", "payment_id, attempt"),
        ("dunning_notes", "payment", "payment_id, created_at"),
        ("disputes", "payment", "payment_id"),
    ] {
        if !has_mirror(pool, mirror).await? {
            continue;
        }
        sqlx::query(&format!(
            "CREATE INDEX IF NOT EXISTS local_{mirror}_{name} ON mirror_{mirror} ({cols})"
        ))
        .execute(pool)
        .await?;
    }
    Ok(())
}

const ROW: &str = "i.id, i.number, i.tenant_id,
    (SELECT t.name FROM mirror_tenants t WHERE t.id = i.tenant_id) AS tenant_name,
    i.status, i.period_start, i.period_end, i.currency, i.total_minor, i.amount_due_minor,
    i.amount_paid_minor,
    CASE WHEN i.status = 'open' THEN max(i.amount_due_minor - i.amount_paid_minor, 0) ELSE 0 END AS outstanding_minor,
    i.issued_at, i.due_at, i.paid_at,
    CASE WHEN i.status = 'open' AND i.due_at < strftime('%Y-%m-%dT%H:%M:%S', 'now')
         THEN CAST(julianday('now') - julianday(substr(i.due_at, 1, 19)) AS INTEGER) END AS days_overdue";

fn filters<'a>(qb: &mut QueryBuilder<'a, Sqlite>, q: &'a InvoiceQuery) {
    qb.push(" WHERE 1 = 1");
    if !q.statuses.is_empty() {
        qb.push(" AND i.status IN (");
        let mut sep = qb.separated(", ");
        for s in &q.statuses {
            sep.push_bind(s.as_str());
        }
        qb.push(")");
    }
    if let Some(c) = &q.currency {
        qb.push(" AND i.currency = ").push_bind(c.as_str());
    }
    if let Some(t) = &q.tenant_id {
        qb.push(" AND i.tenant_id = ").push_bind(t.as_str());
    }
    if q.overdue_only {
        qb.push(" AND i.status = 'open' AND i.due_at < strftime('%Y-%m-%dT%H:%M:%S', 'now')");
    }
    if let Some(d) = &q.issued_from {
        qb.push(" AND i.issued_at >= ").push_bind(d.as_str());
    }
    if let Some(d) = &q.issued_to {
        // The whole day: any time on it sorts before the next day.
        qb.push(" AND i.issued_at < date(")
            .push_bind(d.as_str())
            .push(", '+1 day')");
    }
    if let Some(p) = q
        .number_prefix
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        qb.push(" AND i.number >= ")
            .push_bind(p)
            .push(" AND i.number < ")
            .push_bind(format!("{p}\u{10FFFF}"));
    }
}

/// A page of invoices.
pub async fn invoices(pool: &SqlitePool, q: &InvoiceQuery) -> Result<InvoicePage, StoreError> {
    if !has_mirror(pool, "invoices").await? {
        return Ok(InvoicePage {
            total: 0,
            rows: Vec::new(),
            currencies: Vec::new(),
        });
    }
    // Each next currency is one seek in the currency index, not a scan of every invoice.
    let currencies: Vec<String> = sqlx::query_scalar(
        "WITH RECURSIVE c(code) AS (
             SELECT min(currency) FROM mirror_invoices
             UNION ALL
             SELECT (SELECT min(currency) FROM mirror_invoices WHERE currency > c.code)
               FROM c WHERE c.code IS NOT NULL)
         SELECT code FROM c WHERE code IS NOT NULL",
    )
    .fetch_all(pool)
    .await?;
    let mut count = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM mirror_invoices i");
    filters(&mut count, q);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    let mut rows = QueryBuilder::<Sqlite>::new(format!("SELECT {ROW} FROM mirror_invoices i"));
    filters(&mut rows, q);
    let (column, dir) = order(q);
    rows.push(format!(" ORDER BY {column} {dir}, i.id {dir} LIMIT "))
        .push_bind(i64::from(q.limit.min(500)))
        .push(" OFFSET ")
        .push_bind(i64::from(q.offset));
    let rows: Vec<InvoiceRow> = rows.build_query_as().fetch_all(pool).await?;
    Ok(InvoicePage {
        total,
        rows,
        currencies,
    })
}

/// Every invoice matching the filters of `q`, in its sort order (its offset and limit are
/// ignored), handed to `each` one by one as they are read: for exports of the whole list.
pub async fn for_each_invoice(
    pool: &SqlitePool,
    q: &InvoiceQuery,
    mut each: impl FnMut(InvoiceRow) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    if !has_mirror(pool, "invoices").await? {
        return Ok(0);
    }
    let mut rows = QueryBuilder::<Sqlite>::new(format!("SELECT {ROW} FROM mirror_invoices i"));
    filters(&mut rows, q);
    let (column, dir) = order(q);
    rows.push(format!(" ORDER BY {column} {dir}, i.id {dir}"));
    let mut n = 0;
    let mut stream = rows.build_query_as::<InvoiceRow>().fetch(pool);
    while let Some(row) = stream.try_next().await? {
        each(row)?;
        n += 1;
    }
    Ok(n)
}

fn order(q: &InvoiceQuery) -> (&'static str, &'static str) {
    let column = match q.sort {
        InvoiceSort::Number => "i.number",
        InvoiceSort::Issued => "i.issued_at",
        InvoiceSort::Due => "i.due_at",
        InvoiceSort::Total => "i.total_minor",
        InvoiceSort::Outstanding => "outstanding_minor",
        InvoiceSort::Status => "i.status",
    };
    (column, if q.descending { "DESC" } else { "ASC" })
}

/// One invoice with its lines, payments and credit notes, or none.
pub async fn invoice(pool: &SqlitePool, id: i64) -> Result<Option<InvoiceDetail>, StoreError> {
    if !has_mirror(pool, "invoices").await? {
        return Ok(None);
    }
    let Some(row) = sqlx::query(&format!(
        "SELECT {ROW}, i.subtotal_minor, i.tax_minor FROM mirror_invoices i WHERE i.id = ?"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let invoice = <InvoiceRow as sqlx::FromRow<_>>::from_row(&row)?;
    let subtotal_minor: i64 = row.try_get("subtotal_minor")?;
    let tax_minor: i64 = row.try_get("tax_minor")?;
    let lines: Vec<LineView> = if has_mirror(pool, "invoice_lines").await? {
        sqlx::query_as(
            "SELECT id, kind, description, quantity, unit_amount_minor, amount_minor,
                    service_period_start, service_period_end
               FROM mirror_invoice_lines WHERE invoice_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
    } else {
        Vec::new()
    };
    let payments: Vec<PaymentView> = if has_mirror(pool, "payments").await? {
        sqlx::query_as(
            "SELECT id, status, amount_minor, refunded_amount_minor, attempted_at, failure_reason,
                    processor_ref
               FROM mirror_payments WHERE invoice_id = ? ORDER BY attempted_at, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
    } else {
        Vec::new()
    };
    let credit_notes: Vec<CreditNoteView> = if has_mirror(pool, "credit_notes").await? {
        sqlx::query_as(
            "SELECT number, amount_minor, reason, issued_at FROM mirror_credit_notes
              WHERE invoice_id = ? ORDER BY issued_at",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
    } else {
        Vec::new()
    };
    let lines_total_minor: i64 = lines.iter().map(|l| l.amount_minor).sum();
    let collected_minor = payments
        .iter()
        .filter(|p| p.status != "failed")
        .map(|p| p.amount_minor - p.refunded_amount_minor)
        .sum();
    Ok(Some(InvoiceDetail {
        invoice,
        subtotal_minor,
        tax_minor,
        lines_match: lines.is_empty() || lines_total_minor == subtotal_minor,
        lines_total_minor,
        lines,
        payments,
        collected_minor,
        credit_notes,
    }))
}
