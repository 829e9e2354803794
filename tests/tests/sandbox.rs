//! The sandbox platform as its users meet it: the generator gives the same platform for the
//! same seed and a different one for another seed, its money adds up (invoice lines to totals,
//! MRR from one subscription event to the next, payments in their invoice's currency), every
//! tenant has its subscription and two years of usage, every reference holds although the bulk
//! load bypasses the foreign-key triggers, the operations data has what the ops screens
//! compare and follow (a month of metrics with one service worse this week, deployments with
//! their tests and health checks, reviewed rollbacks, escalations through the state machine
//! with repeats, an alert cascade), and `start`/`stop` run a real cluster with a login per
//! role.

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

    // Every piece of evidence hashes to the digest and size recorded for it, and one breach's
    // 72-hour clock is running.
    assert!(count(pool, "SELECT count(*) FROM platform.incident_evidence").await > 0);
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM platform.incident_evidence e
               JOIN platform.incident_evidence_content c ON c.evidence_id = e.id
              WHERE encode(sha256(c.content), 'hex') <> e.sha256 OR length(c.content) <> e.size_bytes"
        )
        .await,
        0
    );
    assert!(
        count(
            pool,
            "SELECT count(*) FROM platform.security_incidents
              WHERE breach_confirmed_at IS NOT NULL AND authority_notified_at IS NULL
                AND status NOT IN ('closed', 'false_positive')"
        )
        .await
            >= 1
    );

    // The bulk load wrote no change-feed rows (the settings the migrations add are fed, as
    // they would be on a live platform), and new rows get fresh ids.
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM desk.change_feed
              WHERE collection NOT IN ('platform_settings', 'setting_versions', 'setting_environments')"
        )
        .await,
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

async fn ratio(pool: &PgPool, sql: &str) -> f64 {
    sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn the_generated_operations_data_feeds_the_ops_screens() {
    let (db, _) = generated(42, 20).await;
    let pool = &db.admin;
    let now = "timestamptz '2026-11-01 12:00:00+00'";

    // Thirty days of five-minute metrics per service, ending at "now".
    assert_eq!(
        count(pool, "SELECT count(*) FROM platform.service_metrics").await,
        12 * 30 * 24 * 12
    );
    assert_eq!(
        count(
            pool,
            &format!(
                "SELECT count(*) FROM platform.service_metrics
                  WHERE bucket = {now} - interval '5 minutes' OR bucket = {now} - interval '30 days'"
            )
        )
        .await,
        24
    );
    // This week against last: inbox-sync is slower (p95 about ×1.5) with more errors (about
    // 0.6 % instead of under 0.4 %); every other service behaves as it did.
    let weeks = |service: &str, column: &str| {
        format!(
            "SELECT (avg({column}) FILTER (WHERE bucket >= {now} - interval '7 days'))
                  / (avg({column}) FILTER (WHERE bucket < {now} - interval '7 days' AND bucket >= {now} - interval '14 days'))
               FROM platform.service_metrics WHERE service = '{service}'"
        )
    };
    let slower = ratio(pool, &weeks("inbox-sync", "p95_ms")).await;
    assert!((1.35..1.65).contains(&slower), "inbox-sync p95 ×{slower}");
    let errors = ratio(
        pool,
        &format!(
            "SELECT avg(error_rate) FROM platform.service_metrics
              WHERE service = 'inbox-sync' AND bucket >= {now} - interval '7 days'"
        ),
    )
    .await;
    assert!(
        (0.005..0.007).contains(&errors),
        "inbox-sync errors {errors}"
    );
    let services: Vec<String> =
        sqlx::query_scalar("SELECT name FROM platform.services WHERE name <> 'inbox-sync'")
            .fetch_all(pool)
            .await
            .expect("services");
    for s in services {
        let r = ratio(pool, &weeks(&s, "p95_ms")).await;
        assert!((0.95..1.05).contains(&r), "{s}: p95 ×{r} week over week");
    }
    let bad_hour = ratio(
        pool,
        &format!(
            "SELECT max(error_rate) FROM platform.service_metrics
              WHERE service = 'smtp-relay' AND bucket >= {now} - interval '1 day'"
        ),
    )
    .await;
    assert!(bad_hour > 0.02, "smtp-relay's bad hour yesterday");

    // Deployments carry their tests, reason and health checks; failed and rolled-back ones
    // failed a check; a few stopped part-way.
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM platform.deployments
              WHERE test_result_ref !~ '^ci#[0-9]+: [0-9]+ passed, 0 failed$' OR btrim(coalesce(reason, '')) = ''
                 OR (status = 'running') <> (health_checks = '[]')
                 OR (status <> 'running' AND jsonb_array_length(health_checks) <> 3)"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM platform.deployments d
              WHERE d.status IN ('failed', 'rolled_back', 'partially_deployed')
                AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(d.health_checks) c WHERE NOT (c->>'ok')::boolean)"
        )
        .await,
        0,
        "unsuccessful deployments whose checks all passed"
    );
    let partial = count(
        pool,
        "SELECT count(*) FROM platform.deployments
          WHERE status = 'partially_deployed' AND notes ~ '^rolled out to 2 of 3 regions; [a-z-]+ stopped at the canary$'",
    )
    .await;
    let all = count(pool, "SELECT count(*) FROM platform.deployments").await;
    assert!(
        partial * 100 >= all && partial * 100 <= all * 6,
        "{partial} of {all} partial"
    );
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM platform.deployments d, jsonb_array_elements(d.health_checks) c
              WHERE NOT (c ?& ARRAY['check', 'ok', 'latencyMs', 'detail', 'at'])
                 OR (c->>'at')::timestamptz > d.finished_at"
        )
        .await,
        0
    );
    // Rollbacks say how they went; most have been reviewed.
    let rollbacks = count(pool, "SELECT count(*) FROM platform.rollback_requests").await;
    assert!(rollbacks > 0);
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM platform.rollback_requests r JOIN platform.deployments d ON d.id = r.deployment_id
              WHERE r.outcome !~ ('^deployer: rolled back to ' || d.previous_version || ' in [0-9]+ min$')"
        )
        .await,
        0
    );
    let reviewed = count(
        pool,
        "SELECT count(*) FROM platform.rollback_requests
          WHERE impact IS NOT NULL AND lessons IS NOT NULL AND reviewed_by = 'sandbox_ops' AND reviewed_at > finished_at",
    )
    .await;
    assert!(
        reviewed * 2 > rollbacks,
        "{reviewed} of {rollbacks} reviewed"
    );

    // Escalations: every state change follows the state machine and ends at the state; vendors,
    // findings, root causes and satisfaction on the timelines; articles linked both ways; the
    // CSM notified when the tenant has one; repeats for the patterns report.
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM platform.escalation_timeline
              WHERE kind = 'state_change'
                AND NOT desk.escalation_step_allowed(split_part(body, ' → ', 1), split_part(body, ' → ', 2))"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM platform.escalations e
              WHERE e.state <> coalesce((SELECT split_part(t.body, ' → ', 2) FROM platform.escalation_timeline t
                                           WHERE t.escalation_id = e.id AND t.kind = 'state_change'
                                           ORDER BY t.at DESC LIMIT 1), 'new')"
        )
        .await,
        0,
        "escalations whose last state change does not end at their state"
    );
    for kind in ["finding", "root_cause", "satisfaction"] {
        assert!(
            count(
                pool,
                &format!("SELECT count(*) FROM platform.escalation_timeline WHERE kind = '{kind}'")
            )
            .await
                > 0,
            "{kind} entries"
        );
    }
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM platform.escalations e
              WHERE (e.state = 'waiting_on_vendor' AND e.vendor IS NULL)
                 OR (e.vendor IS NOT NULL AND NOT EXISTS (
                       SELECT 1 FROM platform.escalation_timeline t
                        WHERE t.escalation_id = e.id AND t.kind = 'vendor_contact' AND t.body LIKE e.vendor || ': %'))
                 OR (e.satisfaction IS NOT NULL) <> EXISTS (
                       SELECT 1 FROM platform.escalation_timeline t
                        WHERE t.escalation_id = e.id AND t.kind = 'satisfaction'
                          AND t.body = e.satisfaction || '/5: ' || e.satisfaction_note)
                 OR (e.satisfaction IS NOT NULL AND e.state NOT IN ('resolved', 'closed'))
                 OR (e.csm_notified_at IS NOT NULL) <> EXISTS (
                       SELECT 1 FROM platform.tenants t WHERE t.id = e.tenant_id AND t.owner_csm IS NOT NULL)"
        )
        .await,
        0
    );
    let done = count(
        pool,
        "SELECT count(*) FROM platform.escalations WHERE state IN ('resolved', 'closed')",
    )
    .await;
    let rated = count(
        pool,
        "SELECT count(*) FROM platform.escalations WHERE satisfaction IS NOT NULL",
    )
    .await;
    assert!(rated * 2 > done, "{rated} of {done} rated");
    let linked = count(
        pool,
        "SELECT count(*) FROM platform.escalations WHERE kb_article_id IS NOT NULL",
    )
    .await;
    assert!(linked > 0);
    assert_eq!(
        count(
            pool,
            "SELECT count(*) FROM platform.kb_articles k FULL JOIN platform.escalations e ON e.kb_article_id = k.id
              WHERE (k.escalation_id IS NOT NULL OR e.kb_article_id IS NOT NULL) AND k.escalation_id IS DISTINCT FROM e.id"
        )
        .await,
        0,
        "articles and escalations not linked both ways"
    );
    let with_escalations = count(
        pool,
        "SELECT count(DISTINCT tenant_id) FROM platform.escalations",
    )
    .await;
    let with_repeats = count(
        pool,
        "SELECT count(DISTINCT a.tenant_id) FROM platform.escalations a JOIN platform.escalations b
            ON b.tenant_id = a.tenant_id AND b.category = a.category AND b.id <> a.id
           AND b.opened_at > a.opened_at AND b.opened_at <= a.opened_at + interval '30 days'",
    )
    .await;
    assert!(
        with_repeats * 5 >= with_escalations && with_repeats * 2 <= with_escalations,
        "{with_repeats} of {with_escalations} tenants with a repeat"
    );

    // A cascade three hours ago: four services alerting ops within four minutes.
    let cascade: Vec<(String, f64)> = sqlx::query_as(&format!(
        "SELECT source_service, extract(epoch FROM created_at - ({now} - interval '3 hours'))::float8
           FROM platform.alerts
          WHERE team = 'ops' AND dedup_key LIKE '%:cascade:%' ORDER BY created_at"
    ))
    .fetch_all(pool)
    .await
    .expect("cascade");
    assert_eq!(
        cascade,
        vec![
            ("auth-service".to_string(), 0.0),
            ("api-gateway".to_string(), 60.0),
            ("campaign-scheduler".to_string(), 120.0),
            ("webhook-dispatcher".to_string(), 240.0),
        ]
    );
    assert_eq!(
        count(
            pool,
            &format!(
                "SELECT count(*) FROM platform.alerts WHERE dedup_key NOT LIKE '%:cascade:%'
                   AND created_at BETWEEN {now} - interval '190 minutes' AND {now} - interval '166 minutes'"
            )
        )
        .await,
        0,
        "no other alert joins the cascade"
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
