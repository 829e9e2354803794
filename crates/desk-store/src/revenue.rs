//! Revenue reports for finance, from the synced subscription history and invoices: MRR/ARR
//! movements per month and currency, and recognised vs deferred revenue (the waterfall). The
//! rules are `desk_domain::revenue`; this reads their inputs out of the local store.

use chrono::{DateTime, NaiveDate, Utc};
use desk_domain::period::MonthRange;
use desk_domain::revenue::mrr::{mrr_movements, MrrMonth, SubscriptionEvent};
use desk_domain::revenue::recognition::{
    revenue_schedule, CreditNote, RecognisableLine, RevenueMonth, ServicePeriod,
};
use desk_domain::signals::PlanChangeKind;
use futures_util::TryStreamExt;
use sqlx::{Row, SqlitePool};

use crate::mirrors::{day, has_mirror};
use crate::StoreError;

fn instant(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("{text:?} is not a time: {e}")))
}

/// The subscription history, as the MRR rules read it.
pub async fn subscription_events(pool: &SqlitePool) -> Result<Vec<SubscriptionEvent>, StoreError> {
    if !has_mirror(pool, "subscription_events").await? {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mut rows = sqlx::query(
        "SELECT subscription_id, tenant_id, kind, occurred_at, mrr_before_minor, mrr_after_minor, currency
           FROM mirror_subscription_events",
    )
    .fetch(pool);
    while let Some(r) = rows.try_next().await? {
        let kind: String = r.try_get(2)?;
        let Some(kind) = PlanChangeKind::from_db(&kind) else {
            return Err(StoreError::Corrupt(format!(
                "unknown subscription event {kind:?}"
            )));
        };
        out.push(SubscriptionEvent {
            subscription_id: r.try_get(0)?,
            tenant_id: r.try_get(1)?,
            kind,
            occurred_at: instant(&r.try_get::<String, _>(3)?)?,
            mrr_before_minor: r.try_get(4)?,
            mrr_after_minor: r.try_get(5)?,
            currency: r.try_get(6)?,
        });
    }
    Ok(out)
}

/// MRR movements for each month of `months`, per currency.
pub async fn mrr(pool: &SqlitePool, months: &MonthRange) -> Result<Vec<MrrMonth>, StoreError> {
    Ok(mrr_movements(&subscription_events(pool).await?, months))
}

/// Every issued invoice line and credit note, as the recognition rules read them.
pub async fn ledger(
    pool: &SqlitePool,
) -> Result<(Vec<RecognisableLine>, Vec<CreditNote>), StoreError> {
    let mut lines = Vec::new();
    if has_mirror(pool, "invoice_lines").await? && has_mirror(pool, "invoices").await? {
        let mut rows = sqlx::query(
            "SELECT l.invoice_id, l.id, i.currency, l.amount_minor, l.service_period_start,
                    l.service_period_end, i.issued_at
               FROM mirror_invoice_lines l JOIN mirror_invoices i ON i.id = l.invoice_id
              WHERE i.status NOT IN ('draft', 'void') AND i.issued_at IS NOT NULL",
        )
        .fetch(pool);
        while let Some(r) = rows.try_next().await? {
            let start: Option<String> = r.try_get(4)?;
            let end: Option<String> = r.try_get(5)?;
            let period = match (start, end) {
                (Some(s), Some(e)) => Some(
                    ServicePeriod::from_instants(instant(&s)?, instant(&e)?)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                ),
                _ => None,
            };
            let issued: String = r.try_get(6)?;
            lines.push(RecognisableLine {
                invoice_id: r.try_get(0)?,
                line_id: r.try_get(1)?,
                currency: r.try_get(2)?,
                amount_minor: r.try_get(3)?,
                service_period: period,
                invoiced_on: day(&issued)
                    .ok_or_else(|| StoreError::Corrupt(format!("{issued:?} is not a day")))?,
            });
        }
    }
    let mut notes = Vec::new();
    if has_mirror(pool, "credit_notes").await? {
        let rows = sqlx::query(
            "SELECT invoice_id, currency, amount_minor, issued_at FROM mirror_credit_notes",
        )
        .fetch_all(pool)
        .await?;
        for r in rows {
            let issued: String = r.try_get(3)?;
            notes.push(CreditNote {
                invoice_id: r.try_get(0)?,
                currency: r.try_get(1)?,
                amount_minor: r.try_get(2)?,
                issued_on: day(&issued)
                    .ok_or_else(|| StoreError::Corrupt(format!("{issued:?} is not a day")))?,
            });
        }
    }
    Ok((lines, notes))
}

/// Invoiced, credited, recognised and deferred revenue for each month of `months`, per
/// currency (the deferred revenue waterfall).
pub async fn waterfall(
    pool: &SqlitePool,
    months: &MonthRange,
) -> Result<Vec<RevenueMonth>, StoreError> {
    let (lines, notes) = ledger(pool).await?;
    revenue_schedule(&lines, &notes, months).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The first day any line or credit note touches, for an "all time" range.
pub fn first_day(lines: &[RecognisableLine], notes: &[CreditNote]) -> Option<NaiveDate> {
    lines
        .iter()
        .map(|l| {
            l.service_period
                .map_or(l.invoiced_on, |p| p.start)
                .min(l.invoiced_on)
        })
        .chain(notes.iter().map(|n| n.issued_on))
        .min()
}
