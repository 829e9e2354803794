//! Finance's offline work on a generated platform: reconciliation finds the payments and
//! invoices that do not match; a follow-up note on a failed payment and a dispute's new
//! status and evidence show at once on the laptop, marked pending, and reach the platform
//! exactly once at the next sync; a dispute someone else changed meanwhile is refused as a
//! conflict and shows the platform's version; only finance may write either; exports carry
//! the list's filters.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

use desk_core::billing::DisputeUpdate;
use desk_core::export::{ExportFormat, ExportRequest};
use desk_core::DeskError;
use desk_store::billing::{ExceptionKind, InvoiceQuery, InvoiceSort};
use desk_store::cs::RecordSync;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::{create_login, PlatformDb};
use sqlx::PgPool;

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

#[tokio::test]
async fn finance_reconciles_follows_up_and_works_disputes_offline() {
    let db = PlatformDb::create().await;
    desk_sandbox::generate(&db.admin, &desk_sandbox::Config::new(5, 60))
        .await
        .expect("generate");
    // Two disputes finance will work: one it changes alone, one someone else changes too.
    sqlx::query(
        "INSERT INTO platform.disputes (payment_id, amount_minor, currency, reason, status, evidence_due_at)
         SELECT id, amount_minor, currency, 'duplicate', 'needs_response', now() + interval '5 days'
           FROM platform.payments WHERE status = 'succeeded' ORDER BY id LIMIT 2",
    )
    .execute(&db.admin)
    .await
    .expect("disputes");
    let failed_payment = scalar(
        &db.admin,
        "SELECT min(id) FROM platform.payments WHERE status = 'failed'",
    )
    .await;
    // A payment against a voided invoice, the books' classic: it must show as unmatched.
    let void_invoice = scalar(
        &db.admin,
        "SELECT min(id) FROM platform.invoices WHERE status = 'void'",
    )
    .await;
    sqlx::query(
        "INSERT INTO platform.payments (invoice_id, tenant_id, amount_minor, currency, status, attempted_at)
         SELECT id, tenant_id, total_minor, currency, 'succeeded', issued_at + interval '2 hours'
           FROM platform.invoices WHERE id = $1",
    )
    .bind(void_invoice)
    .execute(&db.admin)
    .await
    .expect("payment of a void invoice");

    let login = create_login(&db.admin, "pw", &["desk_finance"], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Sandbox", 5432, &db.name, &login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");

    // Reconciliation.
    let report = desk.billing_exceptions().await.expect("exceptions");
    assert!(report.payments_checked > 0 && report.invoices_checked > 0);
    assert!(
        report
            .rows
            .iter()
            .any(|x| x.kind == ExceptionKind::UnmatchedPayment
                && x.invoice_id == void_invoice
                && x.detail.contains("void")),
        "the payment of the void invoice is unmatched"
    );
    let twice = scalar(
        &db.admin,
        "SELECT count(*) FROM (SELECT p.invoice_id FROM platform.payments p
           JOIN platform.invoices i ON i.id = p.invoice_id
          WHERE p.status <> 'failed' AND i.status NOT IN ('void', 'draft')
          GROUP BY p.invoice_id, i.amount_due_minor HAVING sum(p.amount_minor) > i.amount_due_minor) x",
    )
    .await;
    let found_twice = report
        .rows
        .iter()
        .filter(|x| x.kind == ExceptionKind::PaidTwice)
        .count();
    assert_eq!(i64::try_from(found_twice).expect("count"), twice);
    assert!(report
        .rows
        .iter()
        .filter(|x| x.kind == ExceptionKind::PaidShort)
        .all(|x| x.actual_minor < x.expected_minor && x.invoice_status == "paid"));

    // A follow-up note, queued: shown at once, pending.
    let note = desk
        .billing_add_dunning_note(
            failed_payment,
            "  Called the customer: new card on Friday ",
            false,
        )
        .await
        .expect("note");
    assert!(matches!(
        desk.billing_add_dunning_note(failed_payment, "   ", false).await,
        Err(DeskError::InvalidInput(m)) if m.starts_with("note")
    ));
    let cases = desk.billing_dunning(false).await.expect("dunning");
    let case = cases
        .iter()
        .find(|c| c.payment_id == failed_payment)
        .expect("the failed payment is listed");
    assert!(!case.failure_reason.is_empty());
    assert_eq!(
        case.notes.first().map(|n| n.id.as_str()),
        Some(note.as_str())
    );
    assert_eq!(
        case.notes[0].body,
        "Called the customer: new card on Friday"
    );
    assert_eq!(case.notes[0].sync, RecordSync::Pending);
    assert_eq!(case.notes[0].author, login);

    // Dispute changes, queued.
    let disputes = desk.billing_disputes(true).await.expect("disputes");
    let mine: Vec<_> = disputes
        .iter()
        .filter(|d| {
            d.reason == "duplicate" && d.status == "needs_response" && d.days_left.is_some()
        })
        .collect();
    assert!(mine.len() >= 2, "both inserted disputes are open: {mine:?}");
    let (alone, contested) = (mine[0].id, mine[1].id);
    let update = |id: i64, status: &str, evidence: Option<&str>| DisputeUpdate {
        dispute_id: id,
        status: status.into(),
        evidence: evidence.map(str::to_string),
        reason: Some("evidence sent".into()),
    };
    desk.billing_update_dispute(&update(
        alone,
        "under_review",
        Some("Invoice and delivery logs"),
    ))
    .await
    .expect("update");
    desk.billing_update_dispute(&update(
        contested,
        "under_review",
        Some("Signed order form"),
    ))
    .await
    .expect("update");
    let shown = desk.billing_disputes(true).await.expect("disputes");
    let d = shown.iter().find(|d| d.id == alone).expect("listed");
    assert_eq!(
        (d.status.as_str(), d.evidence.as_deref(), &d.sync),
        (
            "under_review",
            Some("Invoice and delivery logs"),
            &RecordSync::Pending
        )
    );
    // Meanwhile someone at the platform closes the contested one.
    sqlx::query("UPDATE platform.disputes SET status = 'won', closed_at = now() WHERE id = $1")
        .bind(contested)
        .execute(&db.admin)
        .await
        .expect("won elsewhere");

    desk.sync_now().await.expect("push and pull");
    assert_eq!(
        scalar(
            &db.admin,
            &format!(
                "SELECT count(*) FROM platform.dunning_notes WHERE payment_id = {failed_payment}"
            )
        )
        .await,
        1,
        "the note reached the platform once"
    );
    let (status, evidence): (String, Option<String>) =
        sqlx::query_as("SELECT status, evidence FROM platform.disputes WHERE id = $1")
            .bind(alone)
            .fetch_one(&db.admin)
            .await
            .expect("dispute");
    assert_eq!(
        (status.as_str(), evidence.as_deref()),
        ("under_review", Some("Invoice and delivery logs"))
    );
    let after = desk.billing_disputes(false).await.expect("disputes");
    let contested_now = after.iter().find(|d| d.id == contested).expect("listed");
    assert_eq!(
        contested_now.status, "won",
        "the platform's version is shown"
    );
    assert!(
        matches!(&contested_now.sync, RecordSync::Refused { reason, .. } if reason == "conflict"),
        "refused as a conflict: {:?}",
        contested_now.sync
    );
    let cases = desk.billing_dunning(false).await.expect("dunning");
    let case = cases
        .iter()
        .find(|c| c.payment_id == failed_payment)
        .expect("listed");
    assert_eq!(case.notes[0].sync, RecordSync::Synced);
    // A closed dispute cannot change any more.
    assert!(matches!(
        desk.billing_update_dispute(&update(contested, "lost", None)).await,
        Err(DeskError::InvalidInput(m)) if m.contains("closed")
    ));

    // Exports carry the filters.
    let dir = tempfile::tempdir().expect("dir");
    let query = InvoiceQuery {
        statuses: vec!["paid".into()],
        currency: None,
        tenant_id: None,
        overdue_only: false,
        issued_from: None,
        issued_to: None,
        number_prefix: None,
        sort: InvoiceSort::Number,
        descending: false,
        offset: 0,
        limit: 50,
    };
    let paid = scalar(
        &db.admin,
        "SELECT count(*) FROM platform.invoices WHERE status = 'paid'",
    )
    .await;
    let file = desk
        .finance_export(
            &ExportRequest::Invoices { query },
            ExportFormat::Csv,
            dir.path(),
        )
        .await
        .expect("export");
    assert_eq!(
        i64::try_from(file.rows).expect("rows"),
        paid,
        "every page, not just the first"
    );
    let text = std::fs::read_to_string(&file.path).expect("read");
    let mut lines = text.lines();
    assert!(lines.next().expect("header").starts_with("Number,Tenant,"));
    assert!(lines.all(|l| l.contains(",paid,")));
    let xlsx = desk
        .finance_export(
            &ExportRequest::Mrr {
                from: "2025-01".into(),
                to: "2025-12".into(),
            },
            ExportFormat::Xlsx,
            dir.path(),
        )
        .await
        .expect("xlsx");
    assert!(xlsx.rows >= 12, "a row per month and currency");

    db.drop_db().await;
}

#[tokio::test]
async fn only_finance_may_add_dunning_notes_or_change_disputes() {
    let db = PlatformDb::create().await;
    desk_sandbox::generate(&db.admin, &desk_sandbox::Config::new(5, 20))
        .await
        .expect("generate");
    let failed = scalar(
        &db.admin,
        "SELECT min(id) FROM platform.payments WHERE status = 'failed'",
    )
    .await;
    for role in ["desk_cs", "desk_ops", "desk_admin", "desk_security"] {
        let login = create_login(&db.admin, "pw", &[role], true).await;
        let pool = db.connect_as(&login, "pw").await.expect("connect");
        let answer: serde_json::Value = sqlx::query_scalar(
            "SELECT desk.apply_change(gen_random_uuid(), 'add_dunning_note',
                 jsonb_build_object('id', gen_random_uuid(), 'payment_id', $1::bigint, 'body', 'x'))",
        )
        .bind(failed)
        .fetch_one(&pool)
        .await
        .expect("apply");
        assert_eq!(answer["status"], "refused", "{role}: {answer}");
        assert_eq!(answer["reason"], "permission", "{role}: {answer}");
        let read = sqlx::query("SELECT 1 FROM platform.dunning_notes LIMIT 1")
            .fetch_optional(&pool)
            .await;
        assert!(read.is_err(), "{role} cannot read dunning notes");
        pool.close().await;
    }
    assert_eq!(
        scalar(&db.admin, "SELECT count(*) FROM platform.dunning_notes").await,
        0
    );
    db.drop_db().await;
}
