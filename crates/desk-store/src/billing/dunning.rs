//! Failed payments (dunning): each failed charge with the processor's reason, its scheduled
//! and past retries, the invoice it was for, and finance's follow-up notes — the latest note
//! says whether the follow-up is done. Notes written on this laptop show at once, marked
//! pending until the platform has them (or refused, with its reason).

use serde::{Deserialize, Serialize};
use sqlx::{Row, SqlitePool};

use crate::mirrors::has_mirror;
use crate::record_sync::{record_sync, sync_join, RecordSync};
use crate::StoreError;

/// A retry of a failed payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RetryView {
    /// 1 for the first retry.
    pub attempt: i64,
    /// When it is (or was) scheduled.
    pub scheduled_at: String,
    /// When it ran, if it has.
    pub attempted_at: Option<String>,
    /// succeeded, failed or skipped; none while still ahead.
    pub outcome: Option<String>,
    /// Why it failed.
    pub failure_reason: Option<String>,
}

/// A follow-up note on a failed payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DunningNote {
    /// Id.
    pub id: String,
    /// What was done or learned.
    pub body: String,
    /// Whether this note closes the follow-up.
    pub follow_up_done: bool,
    /// When it was written.
    pub created_at: String,
    /// Who wrote it (their login).
    pub author: String,
    /// Whether the platform has it.
    pub sync: RecordSync,
}

/// A failed payment and what has happened since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DunningCase {
    /// The failed payment.
    pub payment_id: i64,
    /// The invoice it was for.
    pub invoice_id: i64,
    /// Its number.
    pub invoice_number: String,
    /// The invoice's status now (open while dunning goes on, paid once recovered).
    pub invoice_status: String,
    /// Tenant id.
    pub tenant_id: String,
    /// Tenant name.
    pub tenant_name: Option<String>,
    /// The amount that failed, minor units.
    pub amount_minor: i64,
    /// ISO currency.
    pub currency: String,
    /// The processor's reason.
    pub failure_reason: String,
    /// When the charge failed.
    pub failed_at: String,
    /// The retries, first first.
    pub retries: Vec<RetryView>,
    /// The next retry still ahead, if any.
    pub next_retry_at: Option<String>,
    /// Whether the latest note marks the follow-up done.
    pub follow_up_done: bool,
    /// The notes, newest first.
    pub notes: Vec<DunningNote>,
}

/// Failed payments, the most recent first; `open_only` keeps those whose invoice is still
/// open (dunning goes on).
pub async fn dunning(pool: &SqlitePool, open_only: bool) -> Result<Vec<DunningCase>, StoreError> {
    if !has_mirror(pool, "payments").await? || !has_mirror(pool, "invoices").await? {
        return Ok(Vec::new());
    }
    let retries = if has_mirror(pool, "payment_retries").await? {
        "(SELECT json_group_array(json_object('attempt', r.attempt, 'scheduledAt', r.scheduled_at,
                 'attemptedAt', r.attempted_at, 'outcome', r.outcome, 'failureReason', r.failure_reason))
            FROM (SELECT * FROM mirror_payment_retries r WHERE r.payment_id = p.id ORDER BY r.attempt) r)"
    } else {
        "'[]'"
    };
    let tenant = if has_mirror(pool, "tenants").await? {
        "(SELECT t.name FROM mirror_tenants t WHERE t.id = p.tenant_id)"
    } else {
        "NULL"
    };
    let sql = format!(
        "SELECT p.id, p.invoice_id, i.number, i.status AS invoice_status, p.tenant_id,
                {tenant} AS tenant_name, p.amount_minor, p.currency, p.failure_reason,
                p.attempted_at, {retries} AS retries
           FROM mirror_payments p JOIN mirror_invoices i ON i.id = p.invoice_id
          WHERE p.status = 'failed' {}
          ORDER BY p.attempted_at DESC, p.id DESC",
        if open_only {
            "AND i.status = 'open'"
        } else {
            ""
        }
    );
    let mut cases = Vec::new();
    for r in sqlx::query(&sql).fetch_all(pool).await? {
        let retries: String = r.try_get("retries")?;
        let retries: Vec<RetryView> =
            serde_json::from_str(&retries).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let next_retry_at = retries
            .iter()
            .find(|x| x.outcome.is_none())
            .map(|x| x.scheduled_at.clone());
        cases.push(DunningCase {
            payment_id: r.try_get("id")?,
            invoice_id: r.try_get("invoice_id")?,
            invoice_number: r.try_get("number")?,
            invoice_status: r.try_get("invoice_status")?,
            tenant_id: r.try_get("tenant_id")?,
            tenant_name: r.try_get("tenant_name")?,
            amount_minor: r.try_get("amount_minor")?,
            currency: r.try_get("currency")?,
            failure_reason: r
                .try_get::<Option<String>, _>("failure_reason")?
                .unwrap_or_default(),
            failed_at: r.try_get("attempted_at")?,
            retries,
            next_retry_at,
            follow_up_done: false,
            notes: Vec::new(),
        });
    }
    if has_mirror(pool, "dunning_notes").await? && !cases.is_empty() {
        let sql = format!(
            "SELECT n.id, n.payment_id, n.body, n.follow_up_done, n.created_at, n.author_login,
                    o.state, o.refusal
               FROM mirror_dunning_notes n {}
              ORDER BY n.created_at DESC, n.id",
            sync_join("dunning_notes", "n.id")
        );
        let mut by_payment: std::collections::HashMap<i64, Vec<DunningNote>> =
            std::collections::HashMap::new();
        for r in sqlx::query(&sql).fetch_all(pool).await? {
            by_payment
                .entry(r.try_get("payment_id")?)
                .or_default()
                .push(DunningNote {
                    id: r.try_get("id")?,
                    body: r.try_get("body")?,
                    follow_up_done: r.try_get("follow_up_done")?,
                    created_at: r.try_get("created_at")?,
                    author: r.try_get("author_login")?,
                    sync: record_sync(r.try_get("state")?, r.try_get("refusal")?),
                });
        }
        for case in &mut cases {
            if let Some(notes) = by_payment.remove(&case.payment_id) {
                case.follow_up_done = notes.first().is_some_and(|n| n.follow_up_done);
                case.notes = notes;
            }
        }
    }
    Ok(cases)
}

/// The failed payment `payment_id`, if it is in the local copy: (tenant id, currency).
pub async fn failed_payment(
    pool: &SqlitePool,
    payment_id: i64,
) -> Result<Option<(String, String)>, StoreError> {
    if !has_mirror(pool, "payments").await? {
        return Ok(None);
    }
    Ok(sqlx::query_as(
        "SELECT tenant_id, currency FROM mirror_payments WHERE id = ? AND status = 'failed'",
    )
    .bind(payment_id)
    .fetch_optional(pool)
    .await?)
}
