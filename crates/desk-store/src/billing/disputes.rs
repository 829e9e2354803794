//! Payment disputes (chargebacks): amount, reason, the deadline for evidence and the days
//! left, the evidence finance submitted and the status; a dispute finance changed on this
//! laptop shows the change at once, marked pending until the platform has it (or refused).

use serde::Serialize;
use sqlx::{Row, SqlitePool};

use crate::mirrors::has_mirror;
use crate::record_sync::{record_sync, sync_join, RecordSync};
use crate::StoreError;

/// A dispute as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DisputeView {
    /// Id.
    pub id: i64,
    /// The disputed payment.
    pub payment_id: i64,
    /// The invoice it paid.
    pub invoice_id: Option<i64>,
    /// Its number.
    pub invoice_number: Option<String>,
    /// Tenant id.
    pub tenant_id: Option<String>,
    /// Tenant name.
    pub tenant_name: Option<String>,
    /// Disputed amount, minor units.
    pub amount_minor: i64,
    /// ISO currency.
    pub currency: String,
    /// fraudulent, duplicate, product_not_received, unrecognized, subscription_cancelled, other.
    pub reason: String,
    /// needs_response, under_review, won, lost.
    pub status: String,
    /// The deadline for evidence.
    pub evidence_due_at: Option<String>,
    /// Calendar days (UTC) until the deadline's day (0: today, negative once missed), while
    /// the dispute still needs a response (once evidence is in, the deadline no longer runs).
    pub days_left: Option<i64>,
    /// What finance submitted.
    pub evidence: Option<String>,
    /// Opened.
    pub opened_at: String,
    /// Closed (won or lost).
    pub closed_at: Option<String>,
    /// The record's version (for the change's conflict check).
    pub version: i64,
    /// Whether the platform has finance's last change.
    pub sync: RecordSync,
}

/// Disputes, those needing a response soonest first; `open_only` leaves out won and lost.
pub async fn disputes(pool: &SqlitePool, open_only: bool) -> Result<Vec<DisputeView>, StoreError> {
    if !has_mirror(pool, "disputes").await? {
        return Ok(Vec::new());
    }
    let joins = has_mirror(pool, "payments").await? && has_mirror(pool, "invoices").await?;
    let (cols, from) = if joins {
        let tenant = if has_mirror(pool, "tenants").await? {
            "(SELECT t.name FROM mirror_tenants t WHERE t.id = p.tenant_id)"
        } else {
            "NULL"
        };
        (
            format!("i.id AS invoice_id, i.number, p.tenant_id, {tenant} AS tenant_name"),
            "LEFT JOIN mirror_payments p ON p.id = d.payment_id
             LEFT JOIN mirror_invoices i ON i.id = p.invoice_id",
        )
    } else {
        (
            "NULL AS invoice_id, NULL AS number, NULL AS tenant_id, NULL AS tenant_name".into(),
            "",
        )
    };
    let sql = format!(
        "SELECT d.id, d.payment_id, {cols}, d.amount_minor, d.currency, d.reason, d.status,
                d.evidence_due_at, d.evidence, d.opened_at, d.closed_at, d.version,
                CASE WHEN d.status = 'needs_response' AND d.evidence_due_at IS NOT NULL
                     THEN CAST(julianday(substr(d.evidence_due_at, 1, 10)) - julianday(date('now')) AS INTEGER)
                END AS days_left,
                o.state, o.refusal
           FROM mirror_disputes d {from} {}
          {}
          ORDER BY d.status IN ('won', 'lost'), d.status <> 'needs_response',
                   d.evidence_due_at IS NULL, d.evidence_due_at, d.opened_at DESC",
        sync_join("disputes", "d.id"),
        if open_only {
            "WHERE d.status IN ('needs_response', 'under_review')"
        } else {
            ""
        }
    );
    let rows = sqlx::query(&sql).fetch_all(pool).await?;
    rows.iter()
        .map(|r| {
            Ok(DisputeView {
                id: r.try_get("id")?,
                payment_id: r.try_get("payment_id")?,
                invoice_id: r.try_get("invoice_id")?,
                invoice_number: r.try_get("number")?,
                tenant_id: r.try_get("tenant_id")?,
                tenant_name: r.try_get("tenant_name")?,
                amount_minor: r.try_get("amount_minor")?,
                currency: r.try_get("currency")?,
                reason: r.try_get("reason")?,
                status: r.try_get("status")?,
                evidence_due_at: r.try_get("evidence_due_at")?,
                days_left: r.try_get("days_left")?,
                evidence: r.try_get("evidence")?,
                opened_at: r.try_get("opened_at")?,
                closed_at: r.try_get("closed_at")?,
                version: r.try_get("version")?,
                sync: record_sync(r.try_get("state")?, r.try_get("refusal")?),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(StoreError::from)
}
