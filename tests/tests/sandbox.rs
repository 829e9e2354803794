//! The sandbox platform as its users meet it: the generator gives the same platform for the
//! same seed and a different one for another seed, its money adds up (invoice lines to totals,
//! MRR from one subscription event to the next, payments in their invoice's currency), every
//! tenant has its subscription and two years of usage, every reference holds although the bulk
//! load bypasses the foreign-key triggers, and `start`/`stop` run a real cluster with a login
//! per role.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

use chrono::NaiveDate;
use desk_sandbox::commands::{self, StartOptions};
use desk_sandbox::{generate, Config, Summary};
use desk_tests::platform::PlatformDb;
use sqlx::PgPool;

fn config(seed: u64, tenants: usize) -> Config {
    Config {
        seed,
        tenants,
        as_of: NaiveDate::from_ymd_opt(2026, 11, 1).expect("a date"),
    }
}

async fn generated(seed: u64, tenants: usize) -> (PlatformDb, Summary) {
    let db = PlatformDb::create().await;
    let summary = generate(&db.admin, &config(seed, tenants))
        .await
        .expect("generate");
    (db, summary)
}

async fn names(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar("SELECT name FROM platform.tenants ORDER BY id")
        .fetch_all(pool)
        .await
        .expect("names")
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn the_same_seed_gives_the_same_platform_and_another_seed_another() {
    let (a, sa) = generated(7, 20).await;
    let (b, sb) = generated(7, 20).await;
    let (c, _) = generated(8, 20).await;
    assert_eq!(names(&a.admin).await, names(&b.admin).await);
    assert_eq!(sa.tables, sb.tables, "same row counts per table");
    let same_invoices = "SELECT count(*) FROM platform.invoices";
    assert_eq!(
        count(&a.admin, same_invoices).await,
        count(&b.admin, same_invoices).await
    );
    assert_ne!(names(&a.admin).await, names(&c.admin).await);
    for db in [a, b, c] {
        db.drop_db().await;
    }
}

#[tokio::test]
async fn the_generated_platform_is_consistent() {
    let (db, summary) = generated(42, 20).await;
    let pool = &db.admin;
    assert!(!summary.skipped);
    assert_eq!(
        count(pool, "SELECT count(*) FROM platform.tenants").await,
        20
    );

    // Every invoice: the total is subtotal plus tax; its lines sum to the subtotal except for
    // the rare amended invoice the generator plants for reconciliation to find.
    let invoices = count(pool, "SELECT count(*) FROM platform.invoices").await;
    assert!(invoices > 100);
    let bad_totals = count(
        pool,
        "SELECT count(*) FROM platform.invoices i WHERE i.total_minor <> i.subtotal_minor + i.tax_minor",
    )
    .await;
    assert_eq!(
        bad_totals, 0,
        "invoices whose total is not subtotal plus tax"
    );
    let off = count(
        pool,
        "SELECT count(*) FROM platform.invoices i
          WHERE i.subtotal_minor <> (SELECT coalesce(sum(l.amount_minor), 0)
                                       FROM platform.invoice_lines l WHERE l.invoice_id = i.id)",
    )
    .await;
    assert!(
        off * 100 < invoices,
        "{off} of {invoices} invoices' lines do not add up: more than the rare planted ones"
    );

    // Every tenant: one subscription and 730 consecutive days of usage.
    let without = count(
        pool,
        "SELECT count(*) FROM platform.tenants t
          WHERE NOT EXISTS (SELECT 1 FROM platform.subscriptions s WHERE s.tenant_id = t.id)",
    )
    .await;
    assert_eq!(without, 0, "tenants without a subscription");
    let short = count(
        pool,
        "SELECT count(*) FROM platform.tenants t
          WHERE (SELECT count(*) FROM platform.usage_daily u WHERE u.tenant_id = t.id) <> 730
             OR (SELECT max(day) - min(day) FROM platform.usage_daily u WHERE u.tenant_id = t.id) <> 729",
    )
    .await;
    assert_eq!(short, 0, "tenants without two years of daily usage");

    // MRR: each event starts where the previous one ended; the history starts at 0 and ends at
    // the subscription's current MRR (0 once cancelled).
    let broken = count(
        pool,
        "SELECT count(*) FROM (
           SELECT mrr_before_minor, lag(mrr_after_minor) OVER w AS prev, row_number() OVER w AS n
             FROM platform.subscription_events WINDOW w AS (PARTITION BY subscription_id ORDER BY occurred_at, id)) e
          WHERE (n = 1 AND mrr_before_minor <> 0) OR (n > 1 AND prev <> mrr_before_minor)",
    )
    .await;
    assert_eq!(broken, 0, "subscription events whose MRR chain breaks");
    let final_off = count(
        pool,
        "SELECT count(*) FROM platform.subscriptions s
           JOIN platform.plans p ON p.code = s.plan_code
           JOIN LATERAL (SELECT mrr_after_minor FROM platform.subscription_events e
                          WHERE e.subscription_id = s.id ORDER BY occurred_at DESC, id DESC LIMIT 1) last ON true
          WHERE last.mrr_after_minor <> CASE
                  WHEN s.status IN ('cancelled', 'trialing') THEN 0
                  ELSE s.unit_price_minor * CASE WHEN p.pricing = 'per_seat' THEN s.seats ELSE 1 END
                       / CASE WHEN s.\"interval\" = 'year' THEN 12 ELSE 1 END END",
    )
    .await;
    assert_eq!(
        final_off, 0,
        "subscriptions whose last event's MRR is not their price"
    );

    // Payments: their invoice exists, same tenant and currency; paid invoices are paid in full
    // but for the rare double or short payment planted for reconciliation.
    let stray = count(
        pool,
        "SELECT count(*) FROM platform.payments p
          WHERE NOT EXISTS (SELECT 1 FROM platform.invoices i
                             WHERE i.id = p.invoice_id AND i.currency = p.currency AND i.tenant_id = p.tenant_id)",
    )
    .await;
    assert_eq!(stray, 0, "payments without a matching invoice");
    let unpaid = count(
        pool,
        "SELECT count(*) FROM platform.invoices i WHERE i.status = 'paid'
            AND i.amount_paid_minor <> (SELECT coalesce(sum(p.amount_minor), 0) FROM platform.payments p
                                         WHERE p.invoice_id = i.id AND p.status IN ('succeeded', 'refunded'))",
    )
    .await;
    assert!(
        unpaid * 100 < invoices,
        "{unpaid} paid invoices' payments differ from what they record: more than the planted ones"
    );
    assert!(
        count(
            pool,
            "SELECT count(*) FROM platform.payments WHERE status = 'failed'"
        )
        .await
            > 0
    );

    // Every foreign key holds, although the load ran with the FK triggers off.
    let fks: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.conrelid::regclass::text, a.attname::text, c.confrelid::regclass::text, b.attname::text
           FROM pg_constraint c
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
           JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]
          WHERE c.contype = 'f' AND c.connamespace::regnamespace::text IN ('platform', 'desk')",
    )
    .fetch_all(pool)
    .await
    .expect("foreign keys");
    assert!(fks.len() > 20);
    for (table, col, target, target_col) in fks {
        let n = count(
            pool,
            &format!(
                "SELECT count(*) FROM {table} x WHERE x.{col} IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM {target} y WHERE y.{target_col} = x.{col})"
            ),
        )
        .await;
        assert_eq!(n, 0, "{table}.{col} → {target}: {n} dangling");
    }

    // The bulk load wrote no change-feed rows, and new rows get fresh ids.
    assert_eq!(
        count(pool, "SELECT count(*) FROM desk.change_feed").await,
        0
    );
    let fresh = count(
        pool,
        "SELECT nextval(pg_get_serial_sequence('platform.invoices', 'id')) - (SELECT max(id) FROM platform.invoices)",
    )
    .await;
    assert!(fresh > 0, "the invoice sequence is past the loaded ids");

    // A second run finds the platform filled and adds nothing.
    let before = count(pool, "SELECT count(*) FROM platform.usage_daily").await;
    let again = generate(pool, &config(42, 20))
        .await
        .expect("generate again");
    assert!(again.skipped);
    assert_eq!(
        count(pool, "SELECT count(*) FROM platform.usage_daily").await,
        before
    );
    db.drop_db().await;
}

/// Stops the sandbox even when an assertion fails half-way.
struct StopOnDrop(std::path::PathBuf);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        let _ = commands::stop(self.0.clone());
    }
}

#[tokio::test]
async fn start_runs_a_sandbox_with_a_login_per_role_and_stop_stops_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sandbox = dir.path().join("sandbox");
    let opts = StartOptions {
        dir: sandbox.clone(),
        port: None,
        config: config(1, 3),
        write_profiles: false,
    };
    let _guard = StopOnDrop(sandbox.clone());
    let first = commands::start(opts.clone()).await.expect("start");
    assert!(!first.summary.skipped);
    let logins: Vec<&str> = first
        .state
        .logins
        .iter()
        .map(|l| l.login.as_str())
        .collect();
    for want in [
        "sandbox_admin",
        "sandbox_finance",
        "sandbox_cs",
        "sandbox_ops",
        "sandbox_security",
        "sandbox_all",
    ] {
        assert!(logins.contains(&want), "{want} in {logins:?}");
    }
    let all = first
        .state
        .logins
        .iter()
        .find(|l| l.login == "sandbox_all")
        .expect("sandbox_all");
    assert!(
        !all.roles.contains(&"desk_admin".to_string()),
        "no forbidden pair: {:?}",
        all.roles
    );

    // Finance signs in with its password and sees invoices, but not staff.
    let finance = first
        .state
        .logins
        .iter()
        .find(|l| l.login == "sandbox_finance")
        .expect("finance");
    let url = format!(
        "postgres://sandbox_finance:{}@127.0.0.1:{}/platform",
        finance.password, first.state.port
    );
    let pool = PgPool::connect(&url).await.expect("finance signs in");
    assert!(count(&pool, "SELECT count(*) FROM platform.invoices").await > 0);
    assert!(sqlx::query("SELECT 1 FROM desk.staff")
        .fetch_all(&pool)
        .await
        .is_err());
    pool.close().await;

    // Starting again keeps the logins and the data.
    let second = commands::start(opts).await.expect("start again");
    assert!(second.summary.skipped);
    assert_eq!(second.state.logins, first.state.logins);
    let admin = commands::superuser_pool(&second.state, "platform")
        .await
        .expect("superuser");
    assert_eq!(
        count(&admin, "SELECT count(*) FROM platform.tenants").await,
        3
    );
    // The CS login has a book of its own ("My accounts").
    assert_eq!(
        count(
            &admin,
            "SELECT count(*) FROM platform.tenants t JOIN desk.staff s ON s.id = t.owner_csm
              WHERE s.login = 'sandbox_cs'"
        )
        .await,
        1
    );
    admin.close().await;

    commands::stop(sandbox.clone()).expect("stop");
    assert!(PgPool::connect(&url).await.is_err(), "stopped");
}
