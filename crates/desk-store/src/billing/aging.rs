//! Accounts-receivable aging: what customers still owe on open invoices, by how long it is past
//! due (current, 1–30, 31–60, 61–90, over 90 days), per currency — never summed across
//! currencies.

use serde::Serialize;
use sqlx::SqlitePool;

use crate::mirrors::has_mirror;
use crate::StoreError;

/// One currency's receivables by age, minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct AgingRow {
    /// ISO currency.
    pub currency: String,
    /// Not yet due.
    pub current_minor: i64,
    /// 1–30 days past due.
    pub days_1_30_minor: i64,
    /// 31–60 days past due.
    pub days_31_60_minor: i64,
    /// 61–90 days past due.
    pub days_61_90_minor: i64,
    /// More than 90 days past due.
    pub over_90_minor: i64,
    /// All of it.
    pub total_minor: i64,
    /// Open invoices with something left to pay.
    pub invoices: i64,
}

/// Receivables by age and currency, as of now.
pub async fn ar_aging(pool: &SqlitePool) -> Result<Vec<AgingRow>, StoreError> {
    if !has_mirror(pool, "invoices").await? {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_as(
        "WITH o AS (
            SELECT currency, amount_due_minor - amount_paid_minor AS owed,
                   CAST(julianday('now') - julianday(substr(due_at, 1, 19)) AS INTEGER) AS late
              FROM mirror_invoices
             WHERE status = 'open' AND amount_due_minor > amount_paid_minor)
         SELECT currency,
                coalesce(sum(CASE WHEN late IS NULL OR late <= 0 THEN owed END), 0) AS current_minor,
                coalesce(sum(CASE WHEN late BETWEEN 1 AND 30 THEN owed END), 0) AS days_1_30_minor,
                coalesce(sum(CASE WHEN late BETWEEN 31 AND 60 THEN owed END), 0) AS days_31_60_minor,
                coalesce(sum(CASE WHEN late BETWEEN 61 AND 90 THEN owed END), 0) AS days_61_90_minor,
                coalesce(sum(CASE WHEN late > 90 THEN owed END), 0) AS over_90_minor,
                sum(owed) AS total_minor,
                count(*) AS invoices
           FROM o GROUP BY currency ORDER BY currency",
    )
    .fetch_all(pool)
    .await?)
}
