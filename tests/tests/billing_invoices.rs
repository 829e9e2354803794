//! Finance on a generated platform, offline on the laptop: the invoice list filters and sorts
//! in SQL, an invoice opens with its lines, payments and credit notes, lines that do not add
//! up to the subtotal are flagged, and receivables aging per currency matches the platform.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

use desk_store::billing::{InvoiceQuery, InvoiceSort};
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::{create_login, PlatformDb};

fn query(sort: InvoiceSort, descending: bool) -> InvoiceQuery {
    InvoiceQuery {
        statuses: Vec::new(),
        currency: None,
        tenant_id: None,
        overdue_only: false,
        issued_from: None,
        issued_to: None,
        number_prefix: None,
        sort,
        descending,
        offset: 0,
        limit: 200,
    }
}

#[tokio::test]
async fn finance_lists_opens_checks_and_ages_invoices_offline() {
    let db = PlatformDb::create().await;
    desk_sandbox::generate(&db.admin, &desk_sandbox::Config::new(3, 40))
        .await
        .expect("generate");
    let login = create_login(&db.admin, "pw", &["desk_finance"], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Sandbox", 5432, &db.name, &login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");

    let platform_count: i64 = sqlx::query_scalar("SELECT count(*) FROM platform.invoices")
        .fetch_one(&db.admin)
        .await
        .expect("count");
    let all = desk
        .billing_invoices(&query(InvoiceSort::Total, true))
        .await
        .expect("invoices");
    assert_eq!(all.total, platform_count);
    let totals: Vec<i64> = all.rows.iter().map(|r| r.total_minor).collect();
    assert!(
        totals.windows(2).all(|p| p[0] >= p[1]),
        "sorted by total, largest first"
    );
    assert!(all.rows.iter().all(|r| r.tenant_name.is_some()));
    assert!(!all.currencies.is_empty());

    let mut overdue = query(InvoiceSort::Due, false);
    overdue.overdue_only = true;
    let overdue = desk.billing_invoices(&overdue).await.expect("overdue");
    assert!(overdue
        .rows
        .iter()
        .all(|r| r.status == "open" && r.days_overdue.is_some_and(|d| d >= 0)));

    let mut by_number = query(InvoiceSort::Number, false);
    let first = &all.rows[0];
    by_number.number_prefix = Some(first.number.clone());
    let found = desk.billing_invoices(&by_number).await.expect("by number");
    assert_eq!(found.rows.first().map(|r| r.id), Some(first.id));

    // One invoice in full: its lines add up to its subtotal.
    let detail = desk.billing_invoice(first.id).await.expect("invoice");
    assert!(!detail.lines.is_empty());
    assert!(detail.lines_match, "generated lines add up");
    assert_eq!(detail.lines_total_minor, detail.subtotal_minor);

    // A line changed behind the invoice's back is flagged after the next sync.
    let line_id = detail.lines[0].id;
    sqlx::query("UPDATE platform.invoice_lines SET amount_minor = amount_minor + 1 WHERE id = $1")
        .bind(line_id)
        .execute(&db.admin)
        .await
        .expect("tamper");
    desk.sync_now().await.expect("sync again");
    let detail = desk.billing_invoice(first.id).await.expect("invoice");
    assert!(!detail.lines_match, "flagged");
    assert_eq!(detail.lines_total_minor, detail.subtotal_minor + 1);

    // Aging per currency: the platform's open receivables, never mixed across currencies.
    let aging = desk.billing_aging().await.expect("aging");
    let owed: Vec<(String, i64)> = sqlx::query_as(
        "SELECT currency::text, sum(amount_due_minor - amount_paid_minor)::bigint FROM platform.invoices
          WHERE status = 'open' AND amount_due_minor > amount_paid_minor GROUP BY 1 ORDER BY 1",
    )
    .fetch_all(&db.admin)
    .await
    .expect("owed");
    let ours: Vec<(String, i64)> = aging
        .iter()
        .map(|a| (a.currency.clone(), a.total_minor))
        .collect();
    assert_eq!(ours, owed);
    for a in &aging {
        assert_eq!(
            a.total_minor,
            a.current_minor
                + a.days_1_30_minor
                + a.days_31_60_minor
                + a.days_61_90_minor
                + a.over_90_minor,
            "{}: the buckets add up",
            a.currency
        );
    }

    // The revenue reports read the same local copy.
    let this_month = chrono::Utc::now().format("%Y-%m").to_string();
    let mrr = desk.revenue_mrr("2025-01", &this_month).await.expect("mrr");
    assert!(!mrr.is_empty());
    for m in &mrr {
        assert_eq!(
            m.ending,
            m.starting + m.new + m.expansion - m.contraction - m.churn + m.reactivation
        );
    }
    let months: std::collections::BTreeSet<&str> = mrr.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months.first().copied(), Some("2025-01"));
    let waterfall = desk
        .revenue_waterfall("2025-01", &this_month)
        .await
        .expect("waterfall");
    assert!(waterfall.iter().any(|m| m.recognised > 0));
    for m in &waterfall {
        assert_eq!(
            m.deferred_closing,
            m.deferred_opening + m.invoiced - m.credited - m.recognised
        );
    }
    assert!(matches!(
        desk.revenue_mrr("2026-13", "2026-12").await,
        Err(desk_core::DeskError::InvalidInput(_))
    ));
    db.drop_db().await;
}
