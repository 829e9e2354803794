//! Reconciliation: payments matched to the invoices they pay, and what does not match listed
//! as exceptions for finance to clear — a payment against a voided or draft invoice (or in
//! another currency, or from another tenant), an invoice paid twice or more than it asked, an
//! invoice marked paid whose payments fall short, and an invoice whose lines do not add up to
//! its subtotal. Refunds do not make a payment unmatched: the money came in against the right
//! invoice and went back through a credit note.

use desk_domain::money::format_minor;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use crate::mirrors::has_mirror;
use crate::StoreError;

/// What is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ExceptionKind {
    /// A payment that pays no open or paid invoice of its tenant in its currency.
    UnmatchedPayment,
    /// More collected than the invoice asked (usually two payments).
    PaidTwice,
    /// Marked paid, but the payments add up to less than was due.
    PaidShort,
    /// The lines do not add up to the subtotal.
    LinesMismatch,
}

impl ExceptionKind {
    /// The kind as the platform and exports spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            ExceptionKind::UnmatchedPayment => "unmatchedPayment",
            ExceptionKind::PaidTwice => "paidTwice",
            ExceptionKind::PaidShort => "paidShort",
            ExceptionKind::LinesMismatch => "linesMismatch",
        }
    }

    fn parse(text: &str) -> Option<ExceptionKind> {
        [
            ExceptionKind::UnmatchedPayment,
            ExceptionKind::PaidTwice,
            ExceptionKind::PaidShort,
            ExceptionKind::LinesMismatch,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

/// One exception.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReconciliationException {
    /// What is wrong.
    pub kind: ExceptionKind,
    /// The invoice concerned.
    pub invoice_id: i64,
    /// Its number.
    pub invoice_number: String,
    /// Its status.
    pub invoice_status: String,
    /// The payment concerned, for an unmatched payment.
    pub payment_id: Option<i64>,
    /// Tenant id.
    pub tenant_id: String,
    /// Tenant name.
    pub tenant_name: Option<String>,
    /// ISO currency of the amounts.
    pub currency: String,
    /// What should be there, minor units (due, or the subtotal).
    pub expected_minor: i64,
    /// What is there, minor units (collected, or the lines' sum).
    pub actual_minor: i64,
    /// actual − expected, minor units.
    pub difference_minor: i64,
    /// Since when (the payment or the issue date).
    pub at: Option<String>,
    /// In words, with the amounts.
    pub detail: String,
}

/// The exceptions and how much was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReconciliationReport {
    /// Every exception, the most recent first.
    pub rows: Vec<ReconciliationException>,
    /// Payments that collected money (not failed).
    pub payments_checked: i64,
    /// Invoices issued (not drafts).
    pub invoices_checked: i64,
}

const EXCEPTIONS: &str = "
WITH pay AS (
    SELECT invoice_id, count(*) AS n, sum(amount_minor) AS gross, max(attempted_at) AS last_at
      FROM mirror_payments WHERE status <> 'failed' GROUP BY invoice_id)
SELECT 'unmatchedPayment' AS kind, i.id, i.number, i.status, p.id AS payment_id, p.tenant_id,
       p.currency, 0 AS expected, p.amount_minor AS actual, p.attempted_at AS at,
       CASE WHEN i.status IN ('void', 'draft') THEN 'status'
            WHEN p.currency <> i.currency THEN 'currency'
            ELSE 'tenant' END AS why, i.currency AS invoice_currency, NULL AS n
  FROM mirror_payments p JOIN mirror_invoices i ON i.id = p.invoice_id
 WHERE p.status <> 'failed'
   AND (i.status IN ('void', 'draft') OR p.currency <> i.currency OR p.tenant_id <> i.tenant_id)
UNION ALL
SELECT 'paidTwice', i.id, i.number, i.status, NULL, i.tenant_id, i.currency, i.amount_due_minor,
       pay.gross, pay.last_at, NULL, i.currency, pay.n
  FROM pay JOIN mirror_invoices i ON i.id = pay.invoice_id
 WHERE i.status NOT IN ('void', 'draft') AND pay.gross > i.amount_due_minor
UNION ALL
SELECT 'paidShort', i.id, i.number, i.status, NULL, i.tenant_id, i.currency, i.amount_due_minor,
       coalesce(pay.gross, 0), coalesce(pay.last_at, i.paid_at), NULL, i.currency, coalesce(pay.n, 0)
  FROM mirror_invoices i LEFT JOIN pay ON pay.invoice_id = i.id
 WHERE i.status = 'paid' AND coalesce(pay.gross, 0) < i.amount_due_minor";

const LINES_MISMATCH: &str = "
SELECT 'linesMismatch' AS kind, i.id, i.number, i.status, NULL AS payment_id, i.tenant_id,
       i.currency, i.subtotal_minor AS expected, l.s AS actual, i.issued_at AS at, NULL AS why,
       i.currency AS invoice_currency, l.n AS n
  FROM (SELECT invoice_id, sum(amount_minor) AS s, count(*) AS n
          FROM mirror_invoice_lines GROUP BY invoice_id) l
  JOIN mirror_invoices i ON i.id = l.invoice_id
 WHERE l.s <> i.subtotal_minor AND i.status <> 'draft'";

/// Every reconciliation exception in the local copy.
pub async fn exceptions(pool: &SqlitePool) -> Result<ReconciliationReport, StoreError> {
    if !has_mirror(pool, "invoices").await? || !has_mirror(pool, "payments").await? {
        return Ok(ReconciliationReport {
            rows: Vec::new(),
            payments_checked: 0,
            invoices_checked: 0,
        });
    }
    let sql = if has_mirror(pool, "invoice_lines").await? {
        format!("{EXCEPTIONS} UNION ALL {LINES_MISMATCH}")
    } else {
        EXCEPTIONS.to_string()
    };
    let names: std::collections::HashMap<String, String> = if has_mirror(pool, "tenants").await? {
        sqlx::query_as("SELECT id, name FROM mirror_tenants")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect()
    } else {
        Default::default()
    };
    let mut rows = Vec::new();
    for r in sqlx::query(&sql).fetch_all(pool).await? {
        let kind: String = r.try_get("kind")?;
        let kind = ExceptionKind::parse(&kind)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown exception {kind:?}")))?;
        let currency: String = r.try_get("currency")?;
        let expected: i64 = r.try_get("expected")?;
        let actual: i64 = r.try_get("actual")?;
        let status: String = r.try_get("status")?;
        let n: Option<i64> = r.try_get("n")?;
        let money = |m: i64| format!("{} {currency}", format_minor(m, &currency));
        let detail = match kind {
            ExceptionKind::UnmatchedPayment => {
                let why: String = r.try_get("why")?;
                let invoice_currency: String = r.try_get("invoice_currency")?;
                match why.as_str() {
                    "status" => format!("{} paid against a {status} invoice", money(actual)),
                    "currency" => format!(
                        "{} paid in {currency}, invoiced in {invoice_currency}",
                        money(actual)
                    ),
                    _ => format!("{} paid by another tenant", money(actual)),
                }
            }
            ExceptionKind::PaidTwice => format!(
                "{} collected in {} payments, {} was due",
                money(actual),
                n.unwrap_or(0),
                money(expected)
            ),
            ExceptionKind::PaidShort => format!(
                "Marked paid: {} collected, {} was due ({} short)",
                money(actual),
                money(expected),
                money(expected - actual)
            ),
            ExceptionKind::LinesMismatch => {
                let n = n.unwrap_or(0);
                format!(
                    "{n} {} to {}, the subtotal is {}",
                    if n == 1 { "line sums" } else { "lines sum" },
                    money(actual),
                    money(expected)
                )
            }
        };
        let tenant_id: String = r.try_get("tenant_id")?;
        rows.push(ReconciliationException {
            kind,
            invoice_id: r.try_get("id")?,
            invoice_number: r.try_get("number")?,
            invoice_status: status,
            payment_id: r.try_get("payment_id")?,
            tenant_name: names.get(&tenant_id).cloned(),
            tenant_id,
            currency,
            expected_minor: expected,
            actual_minor: actual,
            difference_minor: actual - expected,
            at: r.try_get("at")?,
            detail,
        });
    }
    rows.sort_by(|a, b| b.at.cmp(&a.at).then(b.invoice_id.cmp(&a.invoice_id)));
    let payments_checked: i64 =
        sqlx::query_scalar("SELECT count(*) FROM mirror_payments WHERE status <> 'failed'")
            .fetch_one(pool)
            .await?;
    let invoices_checked: i64 =
        sqlx::query_scalar("SELECT count(*) FROM mirror_invoices WHERE status <> 'draft'")
            .fetch_one(pool)
            .await?;
    Ok(ReconciliationReport {
        rows,
        payments_checked,
        invoices_checked,
    })
}
