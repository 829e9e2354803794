//! The finance rules hold on a whole generated platform, not just on hand-built cases: the MRR
//! movements of every month add up exactly (starting + new + expansion − contraction − churn +
//! reactivation = ending, and ending is what the subscriptions pay at month end), and revenue
//! recognised over all time equals what was invoiced less what was credited, per currency,
//! with no deferred revenue left once every service period has ended.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use desk_domain::period::{MonthRange, YearMonth};
use desk_domain::revenue::mrr::{mrr_at_end_of, mrr_movements, SubscriptionEvent};
use desk_domain::revenue::recognition::{
    revenue_schedule, CreditNote, RecognisableLine, ServicePeriod,
};
use desk_domain::signals::PlanChangeKind;
use desk_tests::platform::PlatformDb;
use sqlx::Row;

const AS_OF: (i32, u32, u32) = (2026, 11, 1);

async fn generated() -> PlatformDb {
    let db = PlatformDb::create().await;
    let config = desk_sandbox::Config {
        seed: 5,
        tenants: 120,
        as_of: NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).expect("date"),
    };
    desk_sandbox::generate(&db.admin, &config)
        .await
        .expect("generate");
    db
}

#[tokio::test]
async fn mrr_movements_add_up_every_month_of_the_generated_history() {
    let db = generated().await;
    let rows = sqlx::query(
        "SELECT subscription_id, tenant_id::text AS tenant_id, kind, occurred_at, mrr_before_minor,
                mrr_after_minor, currency::text AS currency
           FROM platform.subscription_events",
    )
    .fetch_all(&db.admin)
    .await
    .expect("events");
    let events: Vec<SubscriptionEvent> = rows
        .iter()
        .map(|r| SubscriptionEvent {
            subscription_id: r.get("subscription_id"),
            tenant_id: r.get("tenant_id"),
            kind: PlanChangeKind::from_db(r.get("kind")).expect("a known kind"),
            occurred_at: r.get::<DateTime<Utc>, _>("occurred_at"),
            mrr_before_minor: r.get("mrr_before_minor"),
            mrr_after_minor: r.get("mrr_after_minor"),
            currency: r.get("currency"),
        })
        .collect();
    assert!(
        events.len() > 120,
        "a real history: {} events",
        events.len()
    );
    let last = YearMonth::new(AS_OF.0, AS_OF.1).expect("month");
    let months = MonthRange::new(last.plus(-23).expect("month"), last).expect("24 months");
    let report = mrr_movements(&events, &months);
    assert!(!report.is_empty());
    let mut previous_end: BTreeMap<String, i64> = BTreeMap::new();
    for m in &report {
        assert_eq!(
            m.ending,
            m.starting + m.new + m.expansion - m.contraction - m.churn + m.reactivation,
            "{} {}: the movements add up",
            m.month,
            m.currency
        );
        if let Some(end) = previous_end.get(&m.currency) {
            assert_eq!(
                m.starting, *end,
                "{} starts where the month before ended",
                m.month
            );
        }
        previous_end.insert(m.currency.clone(), m.ending);
        let month: YearMonth = m.month.parse().expect("month");
        let paying = mrr_at_end_of(&events, month);
        assert_eq!(
            m.ending,
            paying.get(&m.currency).copied().unwrap_or(0),
            "{} {}: ending MRR is what the subscriptions pay",
            m.month,
            m.currency
        );
    }
    // The platform's own bookkeeping agrees: the last month ends at the live subscriptions' MRR.
    let live: Vec<(String, i64)> = sqlx::query_as(
        "SELECT DISTINCT ON (subscription_id) currency::text, mrr_after_minor
           FROM platform.subscription_events ORDER BY subscription_id, occurred_at DESC, id DESC",
    )
    .fetch_all(&db.admin)
    .await
    .expect("live");
    let mut by_currency: BTreeMap<String, i64> = BTreeMap::new();
    for (c, m) in live {
        *by_currency.entry(c).or_default() += m;
    }
    for (currency, end) in previous_end {
        assert_eq!(
            by_currency.get(&currency).copied().unwrap_or(0),
            end,
            "{currency}"
        );
    }
    db.drop_db().await;
}

#[tokio::test]
async fn revenue_recognised_over_all_time_equals_invoiced_less_credited() {
    let db = generated().await;
    let rows = sqlx::query(
        "SELECT l.invoice_id, l.id, i.currency::text AS currency, l.amount_minor,
                l.service_period_start, l.service_period_end, i.issued_at
           FROM platform.invoice_lines l JOIN platform.invoices i ON i.id = l.invoice_id
          WHERE i.status NOT IN ('draft', 'void')",
    )
    .fetch_all(&db.admin)
    .await
    .expect("lines");
    let mut lines = Vec::with_capacity(rows.len());
    let mut last_day = NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).expect("date");
    for r in &rows {
        let start: Option<DateTime<Utc>> = r.get("service_period_start");
        let end: Option<DateTime<Utc>> = r.get("service_period_end");
        let issued: DateTime<Utc> = r.get("issued_at");
        let period = match (start, end) {
            (Some(s), Some(e)) => Some(ServicePeriod::from_instants(s, e).expect("a period")),
            _ => None,
        };
        if let Some(e) = end {
            last_day = last_day.max(e.date_naive());
        }
        lines.push(RecognisableLine {
            invoice_id: r.get("invoice_id"),
            line_id: r.get("id"),
            currency: r.get("currency"),
            amount_minor: r.get("amount_minor"),
            service_period: period,
            invoiced_on: issued.date_naive(),
        });
    }
    let notes: Vec<CreditNote> = sqlx::query(
        "SELECT invoice_id, currency::text AS currency, amount_minor, issued_at FROM platform.credit_notes",
    )
    .fetch_all(&db.admin)
    .await
    .expect("credit notes")
    .iter()
    .map(|r| CreditNote {
        invoice_id: r.get("invoice_id"),
        currency: r.get("currency"),
        amount_minor: r.get("amount_minor"),
        issued_on: r.get::<DateTime<Utc>, _>("issued_at").date_naive(),
    })
    .collect();
    assert!(lines.len() > 1000, "a real ledger: {} lines", lines.len());
    let first = lines
        .iter()
        .map(|l| {
            l.service_period
                .map_or(l.invoiced_on, |p| p.start)
                .min(l.invoiced_on)
        })
        .chain(notes.iter().map(|n| n.issued_on))
        .min()
        .expect("a first day");
    let months = MonthRange::new(
        YearMonth::of(first),
        YearMonth::of(last_day).plus(1).expect("month"),
    )
    .expect("range");
    let schedule = revenue_schedule(&lines, &notes, &months).expect("schedule");
    let mut invoiced: BTreeMap<String, i64> = BTreeMap::new();
    for l in &lines {
        *invoiced.entry(l.currency.clone()).or_default() += l.amount_minor;
    }
    let mut credited: BTreeMap<String, i64> = BTreeMap::new();
    for n in &notes {
        *credited.entry(n.currency.clone()).or_default() += n.amount_minor;
    }
    let mut recognised: BTreeMap<String, i64> = BTreeMap::new();
    let mut closing: BTreeMap<String, i64> = BTreeMap::new();
    for m in &schedule {
        assert_eq!(
            m.deferred_closing,
            m.deferred_opening + m.invoiced - m.credited - m.recognised,
            "{} {}: the waterfall holds",
            m.month,
            m.currency
        );
        *recognised.entry(m.currency.clone()).or_default() += m.recognised;
        closing.insert(m.currency.clone(), m.deferred_closing);
    }
    for (currency, total) in &invoiced {
        let net = total - credited.get(currency).copied().unwrap_or(0);
        assert_eq!(
            recognised.get(currency).copied().unwrap_or(0),
            net,
            "{currency}: recognised = invoiced − credited"
        );
        assert_eq!(
            closing.get(currency).copied().unwrap_or(0),
            0,
            "{currency}: nothing left deferred"
        );
    }
    db.drop_db().await;
}
