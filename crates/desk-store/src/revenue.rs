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
use std::collections::HashMap;

use sqlx::{Row, SqlitePool};

use crate::mirrors::{day, has_mirror};
use crate::packed::{self, int, Scan};
use crate::StoreError;

fn instant(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("{text:?} is not a time: {e}")))
}

/// The subscription history, as the MRR rules read it: ordered by time, ties by id.
pub async fn subscription_events(pool: &SqlitePool) -> Result<Vec<SubscriptionEvent>, StoreError> {
    if !has_mirror(pool, "subscription_events").await? {
        return Ok(Vec::new());
    }
    const TABLE: &str = "mirror_subscription_events";
    let mut out: Vec<(i64, SubscriptionEvent)> = Vec::new();
    let mut currencies = Interner::default();
    let scan = Scan {
        table: TABLE,
        key: "id",
        fields: &[
            "id",
            "subscription_id",
            "tenant_id",
            "kind",
            "occurred_at",
            "mrr_before_minor",
            "mrr_after_minor",
            "currency",
        ],
        filter: "",
    };
    packed::scan(pool, &scan, |f| {
        let Some(kind) = PlanChangeKind::from_db(f[3]) else {
            return Err(StoreError::Corrupt(format!(
                "unknown subscription event {:?}",
                f[3]
            )));
        };
        out.push((
            int(TABLE, f[0])?,
            SubscriptionEvent {
                subscription_id: int(TABLE, f[1])?,
                tenant_id: f[2].to_string(),
                kind,
                occurred_at: instant(f[4])?,
                mrr_before_minor: int(TABLE, f[5])?,
                mrr_after_minor: int(TABLE, f[6])?,
                currency: currencies.get(f[7]),
            },
        ));
        Ok(())
    })
    .await?;
    out.sort_unstable_by_key(|(id, e)| (e.occurred_at, *id));
    Ok(out.into_iter().map(|(_, e)| e).collect())
}

/// Hands out one shared copy of each currency code (a few codes over hundreds of thousands of
/// rows).
#[derive(Default)]
struct Interner(HashMap<String, String>);

impl Interner {
    fn get(&mut self, code: &str) -> String {
        if let Some(c) = self.0.get(code) {
            return c.clone();
        }
        self.0.insert(code.to_string(), code.to_string());
        code.to_string()
    }
}

/// MRR movements for each month of `months`, per currency.
pub async fn mrr(pool: &SqlitePool, months: &MonthRange) -> Result<Vec<MrrMonth>, StoreError> {
    Ok(mrr_movements(&subscription_events(pool).await?, months))
}

/// Every issued invoice line and credit note, as the recognition rules read them. The
/// invoices and their lines are each read in one pass in key order and joined here: joining
/// in SQLite looks every line's invoice up at random, which through the cipher's page cache
/// cost seconds at 20,000 tenants.
pub async fn ledger(
    pool: &SqlitePool,
) -> Result<(Vec<RecognisableLine>, Vec<CreditNote>), StoreError> {
    let mut lines = Vec::new();
    if has_mirror(pool, "invoice_lines").await? && has_mirror(pool, "invoices").await? {
        let mut currencies = Interner::default();
        let mut issued: HashMap<i64, (String, NaiveDate)> = HashMap::new();
        let invoices = Scan {
            table: "mirror_invoices",
            key: "id",
            fields: &["id", "currency", "issued_at"],
            filter: "status NOT IN ('draft', 'void') AND issued_at IS NOT NULL",
        };
        packed::scan(pool, &invoices, |f| {
            let on =
                day(f[2]).ok_or_else(|| StoreError::Corrupt(format!("{:?} is not a day", f[2])))?;
            issued.insert(int(invoices.table, f[0])?, (currencies.get(f[1]), on));
            Ok(())
        })
        .await?;
        const LINES: &str = "mirror_invoice_lines";
        let scan = Scan {
            table: LINES,
            key: "id",
            fields: &[
                "invoice_id",
                "id",
                "amount_minor",
                "service_period_start",
                "service_period_end",
            ],
            filter: "",
        };
        packed::scan(pool, &scan, |f| {
            let invoice_id = int(LINES, f[0])?;
            let Some((currency, invoiced_on)) = issued.get(&invoice_id) else {
                return Ok(());
            };
            let period = match (packed::opt(f[3]), packed::opt(f[4])) {
                (Some(s), Some(e)) => Some(
                    ServicePeriod::from_instants(instant(s)?, instant(e)?)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                ),
                _ => None,
            };
            lines.push(RecognisableLine {
                invoice_id,
                line_id: int(LINES, f[1])?,
                currency: currency.clone(),
                amount_minor: int(LINES, f[2])?,
                service_period: period,
                invoiced_on: *invoiced_on,
            });
            Ok(())
        })
        .await?;
        // The order the rules saw before: by invoice, then line.
        lines.sort_unstable_by_key(|l| (l.invoice_id, l.line_id));
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
