//! Third-party integrations on a laptop against a real PostgreSQL platform and the sandbox's
//! status endpoints: the desk's own probes (operational, 503, no answer in time); the recorded
//! error rate and latency with a provider getting worse; a deprecation under 30 days as an
//! alert until its migration is done (a stale change refused as a conflict); a credential
//! rotation overdue, then recorded; the detail's failure timeline and the platform's checks,
//! kept for offline; onboarding a new integration in order with evidence (a skipped step, a
//! missing owner or evidence refused, the security review refused to ops and done by security)
//! until production adds it; every other role refused for every write; and the sandbox's
//! integrations filling the screen.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use desk_core::integrations::onboarding::NewIntegrationOnboarding;
use desk_core::{Desk, DeskError};
use desk_domain::alerts::Severity;
use desk_domain::integrations::{DeprecationUrgency, RotationUrgency};
use desk_domain::operations::{HealthWindow, ServiceStatus};
use desk_sandbox::services::{health_server, raise_integration_alerts, Behaviour, HealthPlan};
use desk_store::alerts::{AlertInbox, AlertQuery};
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::PlatformDb;
use platform_fixture::{assert_refused, staff, ROLES};

async fn signed_in(laptop: &Laptop, db: &PlatformDb, login: &str) -> Desk {
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");
    desk
}

/// The member's whole alert inbox after a sync.
async fn synced_inbox(desk: &Desk) -> AlertInbox {
    desk.sync_now().await.expect("sync");
    desk.alerts_inbox(&AlertQuery::default())
        .await
        .expect("inbox")
}

#[track_caller]
fn refused_with(r: Result<(), DeskError>, words: &str) {
    match r {
        Err(DeskError::InvalidInput(m)) => assert!(m.contains(words), "{words:?} not in {m:?}"),
        other => panic!("expected a refusal saying {words:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn ops_sees_probes_error_rates_deprecations_and_rotations_and_acts_on_them() {
    let db = PlatformDb::create().await;
    let plan = HealthPlan {
        services: Vec::new(),
        integrations: vec!["sendgrid".into(), "stripe".into(), "okta".into()],
        pinned: BTreeMap::from([
            ("sendgrid".to_string(), Behaviour::Failing),
            ("stripe".to_string(), Behaviour::Healthy),
            ("okta".to_string(), Behaviour::Slow),
        ]),
    };
    let (addr, server) = health_server(plan, 0).await.expect("bind");
    tokio::spawn(server);
    // SendGrid: 0.2 % errors and p95 400 ms the week before, 3 % and 900 ms this week, and a
    // failure still open. Stripe steady, its API version retired in 21 days (not started) and
    // an older notice already done. Okta's credentials were due three days ago.
    sqlx::raw_sql(&format!(
        "INSERT INTO platform.integrations (name, kind, vendor, status, status_url, api_version,
                                           credential_rotation_due, notes) VALUES
           ('sendgrid', 'email_provider', 'SendGrid', 'degraded', 'http://{addr}/status/sendgrid', 'v3',
            current_date + 45, 'Mail Send timeouts'),
           ('stripe', 'payments', 'Stripe', 'healthy', 'http://{addr}/status/stripe', '2024-06-20',
            current_date + 10, ''),
           ('okta', 'identity', 'Okta', 'down', 'http://{addr}/status/okta', 'v1', current_date - 3, '');
         INSERT INTO platform.integration_daily (integration, day, calls, errors, p50_ms, p95_ms)
         SELECT i, current_date - n, 10000,
                CASE WHEN i = 'sendgrid' AND n < 7 THEN 300 ELSE 20 END, 120,
                CASE WHEN i = 'sendgrid' AND n < 7 THEN 900 ELSE 400 END
           FROM unnest(ARRAY['sendgrid', 'stripe']) i, generate_series(0, 13) n;
         INSERT INTO platform.integration_failures (integration, started_at, ended_at, summary, impact) VALUES
           ('sendgrid', now() - interval '5 hours', NULL, 'Mail Send timeouts', 'Sends queued up to 40 min'),
           ('sendgrid', now() - interval '9 days', now() - interval '9 days' + interval '2 hours',
            'Mail Send 5xx', 'Sends retried');
         INSERT INTO platform.integration_checks (integration, checked_at, ok, latency_ms, error)
         SELECT 'sendgrid', now() - n * interval '15 minutes', n NOT BETWEEN 2 AND 4,
                CASE WHEN n NOT BETWEEN 2 AND 4 THEN 200 END,
                CASE WHEN n BETWEEN 2 AND 4 THEN 'timeout after 10 s' END
           FROM generate_series(0, 11) n;
         INSERT INTO platform.integration_deprecations (id, integration, api_version, notice, announced_on,
                                                        deadline, migration_status, note) VALUES
           ('de000000-0000-4000-8000-000000000001', 'stripe', '2024-06-20', 'Webhook endpoints need 2025-03-31',
            current_date - 160, current_date + 21, 'not_started', ''),
           ('de000000-0000-4000-8000-000000000002', 'sendgrid', 'v2', 'v2 Mail Send retires',
            current_date - 300, current_date - 40, 'done', 'on v3 since 2026.8.2');"
    ))
    .execute(&db.admin)
    .await
    .expect("seed");
    let ops = staff(&db, "desk_ops").await;
    let laptop = Laptop::new();
    let desk = signed_in(&laptop, &db, &ops.login).await;

    // The table: worst recorded status first, the week's figures, the alerts.
    let board = desk.ops_integrations().await.expect("board");
    let names: Vec<&str> = board
        .integrations
        .iter()
        .map(|i| i.integration.name.as_str())
        .collect();
    assert_eq!(names, ["okta", "sendgrid", "stripe"]);
    let sendgrid = &board.integrations[1];
    assert_eq!(sendgrid.recorded_status, ServiceStatus::Degraded);
    assert_eq!(sendgrid.calls_status, ServiceStatus::Degraded);
    assert_eq!(sendgrid.week.error_rate, Some(0.03));
    assert_eq!(sendgrid.week.p95_ms, Some(900.0));
    assert_eq!(
        sendgrid.worse,
        [
            "p95 400 ms → 900 ms (+125 %)",
            "error rate 0.20 % → 3.00 % (+1400 %)"
        ]
    );
    assert_eq!(sendgrid.open_failures, 1);
    assert!(sendgrid.deprecation.is_none(), "its v2 migration is done");
    let stripe = &board.integrations[2];
    assert_eq!(stripe.calls_status, ServiceStatus::Healthy);
    assert!(stripe.worse.is_empty());
    let notice = stripe.deprecation.as_ref().expect("stripe's notice");
    assert_eq!(
        (notice.days_left, notice.urgency, notice.alert),
        (21, DeprecationUrgency::Soon, true)
    );
    assert_eq!(stripe.rotation, RotationUrgency::DueSoon);
    assert_eq!(board.integrations[0].rotation, RotationUrgency::Overdue);
    assert_eq!(board.integrations[0].rotation_days_left, Some(-3));
    assert_eq!(
        (
            board.deprecation_alerts,
            board.rotations_overdue,
            board.rotations_due_soon,
            board.open_failures
        ),
        (1, 1, 1, 1)
    );

    // The desk's own probes of the status endpoints: operational, 503, and too slow.
    let probes = desk.ops_probe_integrations().await.expect("probe");
    let by: BTreeMap<&str, _> = probes.iter().map(|p| (p.service.as_str(), p)).collect();
    assert_eq!(by.len(), 3);
    assert_eq!(by["stripe"].status, ServiceStatus::Healthy);
    assert!(
        by["stripe"].detail.starts_with("HTTP 200"),
        "{:?}",
        by["stripe"]
    );
    assert_eq!(by["sendgrid"].status, ServiceStatus::Down);
    assert_eq!(by["sendgrid"].status_code, Some(503));
    assert_eq!(by["okta"].status, ServiceStatus::Down);
    assert_eq!(by["okta"].detail, "no answer within 5 s");
    assert_eq!(
        desk.ops_last_integration_probes()
            .await
            .expect("kept")
            .len(),
        3
    );

    // One integration in full: its days, failure timeline and the platform's checks.
    let detail = desk.ops_integration("sendgrid").await.expect("detail");
    assert_eq!(detail.days.len(), 14);
    assert_eq!(detail.month.calls, 140_000);
    assert_eq!(detail.failures.len(), 2);
    assert!(
        detail.failures[0].ended_at.is_none(),
        "newest first, still open"
    );
    assert!(detail.checks.live);
    assert_eq!((detail.checks.checked, detail.checks.failed), (12, 3));
    assert_eq!(detail.checks.runs.len(), 1);
    assert_eq!(detail.checks.runs[0].failed_checks, 3);
    assert_eq!(detail.checks.runs[0].error, "timeout after 10 s");
    assert!(detail.checks.runs[0].ended_at.is_some());
    assert!(matches!(
        desk.ops_integration("nope").await,
        Err(DeskError::NotFound(_))
    ));

    // The stripe migration: started, a stale change refused, done only with its note.
    let id = "de000000-0000-4000-8000-000000000001";
    desk.ops_set_deprecation_status(
        id,
        "in_progress",
        "Webhook handler on 2025-03-31 in review",
        Some(1),
    )
    .await
    .expect("in progress");
    refused_with(
        desk.ops_set_deprecation_status(id, "done", "merged", Some(1))
            .await,
        "changed since you loaded it",
    );
    refused_with(
        desk.ops_set_deprecation_status(id, "done", " ", Some(2))
            .await,
        "note: ",
    );
    refused_with(
        desk.ops_set_deprecation_status(id, "finished", "x", Some(2))
            .await,
        "status: ",
    );
    desk.sync_now().await.expect("sync");
    let board = desk.ops_integrations().await.expect("board");
    let notice = board
        .deprecations
        .iter()
        .find(|d| d.id == id)
        .expect("notice");
    assert_eq!(notice.migration_status, "in_progress");
    assert_eq!(notice.updated_by.as_deref(), Some(ops.login.as_str()));
    assert!(notice.alert, "still an alert until the migration is done");
    desk.ops_set_deprecation_status(
        id,
        "done",
        "All webhooks pinned to 2025-03-31",
        Some(notice.version),
    )
    .await
    .expect("done");

    // Okta's rotation: a date that is not after today refused, then recorded.
    let okta_version = board.integrations[0].integration.version;
    refused_with(
        desk.ops_record_rotation("okta", &Utc::now().date_naive().to_string(), "", None)
            .await,
        "after today",
    );
    refused_with(
        desk.ops_record_rotation("okta", "soon", "", None).await,
        "next due: a date",
    );
    let next = (Utc::now().date_naive() + Duration::days(90)).to_string();
    desk.ops_record_rotation(
        "okta",
        &next,
        "API token rolled in the vault",
        Some(okta_version),
    )
    .await
    .expect("rotation");
    desk.sync_now().await.expect("sync");
    let board = desk.ops_integrations().await.expect("board");
    assert_eq!(board.deprecation_alerts, 0, "the migration is done");
    assert_eq!(board.rotations_overdue, 0);
    let okta = &board.integrations[0];
    assert_eq!(okta.rotation, RotationUrgency::Ok);
    assert_eq!(
        okta.integration.credential_rotation_due.as_deref(),
        Some(next.as_str())
    );
    assert_eq!(
        okta.integration.credential_rotated_by.as_deref(),
        Some(ops.login.as_str())
    );
    let rotations = desk.ops_integration("okta").await.expect("okta").rotations;
    assert_eq!(rotations.len(), 1);
    assert_eq!(rotations[0].note, "API token rolled in the vault");
    refused_with(
        desk.ops_record_rotation("okta", &next, "again", Some(okta_version))
            .await,
        "changed since you loaded it",
    );
    desk.sync_now().await.expect("sync");
    drop(desk);

    // Offline: the screen from the local copy, the checks as last read, changes refused.
    let desk = laptop.start().await;
    let board = desk.ops_integrations().await.expect("offline board");
    assert_eq!(board.integrations.len(), 3);
    let detail = desk
        .ops_integration("sendgrid")
        .await
        .expect("offline detail");
    assert!(!detail.checks.live);
    assert!(detail.checks.offline_reason.is_some());
    assert_eq!(detail.checks.runs.len(), 1, "the last reading, kept");
    assert!(matches!(
        desk.ops_set_deprecation_status(id, "in_progress", "reopened", None).await,
        Err(DeskError::Unreachable(m)) if m.contains("offline")
    ));
    drop(desk);

    // Only ops changes a deprecation or records a rotation.
    for role in ROLES.iter().filter(|r| **r != "desk_ops") {
        let s = staff(&db, role).await;
        let r =
            sqlx::query("SELECT desk.set_deprecation_status($1::uuid, 'in_progress', 'x', NULL)")
                .bind(id)
                .execute(&s.pool)
                .await;
        assert_refused(r, "42501", role);
        let r = sqlx::query(
            "SELECT desk.record_credential_rotation('okta', current_date + 30, 'x', NULL)",
        )
        .execute(&s.pool)
        .await;
        assert_refused(r, "42501", role);
        s.pool.close().await;
    }
    db.drop_db().await;
}

#[tokio::test]
async fn the_platform_monitor_alerts_ops_about_deadlines_and_resolves_them_when_met() {
    let db = PlatformDb::create().await;
    // Stripe's API version retires in 21 days and SendGrid's in 5 (both still to migrate),
    // HubSpot's in 45 (not yet pressing), an old one is done. Okta's credentials were due
    // three days ago, SendGrid's are due in 45 days.
    sqlx::raw_sql(
        "INSERT INTO platform.integrations (name, kind, vendor, api_version, credential_rotation_due) VALUES
           ('sendgrid', 'email_provider', 'SendGrid', 'v3', current_date + 45),
           ('stripe', 'payments', 'Stripe', '2024-06-20', NULL),
           ('hubspot', 'crm', 'HubSpot', 'v1', NULL),
           ('okta', 'identity', 'Okta', 'v1', current_date - 3);
         INSERT INTO platform.integration_deprecations (id, integration, api_version, notice, announced_on,
                                                        deadline, migration_status, note) VALUES
           ('de000000-0000-4000-8000-000000000001', 'stripe', '2024-06-20', 'Webhook endpoints need 2025-03-31',
            current_date - 160, current_date + 21, 'not_started', ''),
           ('de000000-0000-4000-8000-000000000002', 'sendgrid', 'v2', 'v2 Mail Send retires',
            current_date - 300, current_date + 5, 'in_progress', 'half the senders moved'),
           ('de000000-0000-4000-8000-000000000003', 'hubspot', 'v1', 'Contacts v1 retires',
            current_date - 10, current_date + 45, 'not_started', ''),
           ('de000000-0000-4000-8000-000000000004', 'sendgrid', 'v1', 'v1 retired',
            current_date - 700, current_date - 300, 'done', 'long gone');",
    )
    .execute(&db.admin)
    .await
    .expect("seed");

    // The monitor's first look raises three alerts for ops; a second look repeats none.
    let first = raise_integration_alerts(&db.admin).await.expect("monitor");
    assert_eq!((first.raised, first.escalated, first.resolved), (3, 0, 0));
    let again = raise_integration_alerts(&db.admin).await.expect("monitor");
    assert!(!again.changed(), "{again}");

    let ops = staff(&db, "desk_ops").await;
    let laptop = Laptop::new();
    let desk = signed_in(&laptop, &db, &ops.login).await;
    let inbox = synced_inbox(&desk).await;
    let mut seen: Vec<(String, Severity, String)> = inbox
        .alerts
        .iter()
        .map(|a| (a.title.clone(), a.severity, a.team.clone()))
        .collect();
    seen.sort();
    let date = |days: i64| (Utc::now().date_naive() + Duration::days(days)).to_string();
    assert_eq!(
        seen,
        [
            (
                format!("Okta: credential rotation overdue since {}", date(-3)),
                Severity::High,
                "ops".to_string()
            ),
            (
                format!("SendGrid: API v2 retires on {}", date(5)),
                Severity::High,
                "ops".to_string()
            ),
            (
                format!("Stripe: API 2024-06-20 retires on {}", date(21)),
                Severity::Medium,
                "ops".to_string()
            ),
        ]
    );
    let sendgrid = inbox
        .alerts
        .iter()
        .find(|a| a.title.starts_with("SendGrid"))
        .expect("sendgrid");
    assert!(
        sendgrid
            .details
            .contains("Migration: in progress (half the senders moved)"),
        "{}",
        sendgrid.details
    );
    assert_eq!(inbox.counts.open, 3);
    // Raised together, yet not a cascade of outages on the health dashboard.
    let health = desk
        .ops_health(HealthWindow::Day)
        .await
        .expect("health dashboard");
    assert!(health.cascades.is_empty(), "{:?}", health.cascades);

    // The deadline passes without the migration: the open alert becomes critical, not a
    // second alert.
    sqlx::query(
        "UPDATE platform.integration_deprecations SET deadline = current_date - 1
          WHERE id = 'de000000-0000-4000-8000-000000000001'",
    )
    .execute(&db.admin)
    .await
    .expect("deadline passes");
    let later = raise_integration_alerts(&db.admin).await.expect("monitor");
    assert_eq!((later.raised, later.escalated, later.resolved), (0, 1, 0));
    let inbox = synced_inbox(&desk).await;
    let stripe = inbox
        .alerts
        .iter()
        .find(|a| a.title.starts_with("Stripe"))
        .expect("stripe");
    assert_eq!(stripe.severity, Severity::Critical);
    assert_eq!(
        stripe.title,
        format!("Stripe: API 2024-06-20 was retired on {}", date(-1))
    );
    assert_eq!(inbox.alerts.len(), 3);

    // Ops finishes the Stripe migration and rotates Okta's credentials: the monitor resolves
    // both alerts itself; SendGrid's stays open.
    let board = desk.ops_integrations().await.expect("board");
    let notice = board
        .deprecations
        .iter()
        .find(|d| d.id == "de000000-0000-4000-8000-000000000001")
        .expect("notice");
    desk.ops_set_deprecation_status(
        &notice.id,
        "done",
        "All webhooks pinned to 2025-03-31",
        Some(notice.version),
    )
    .await
    .expect("done");
    desk.ops_record_rotation("okta", &date(90), "API token rolled in the vault", None)
        .await
        .expect("rotation");
    let met = raise_integration_alerts(&db.admin).await.expect("monitor");
    assert_eq!((met.raised, met.escalated, met.resolved), (0, 0, 2));
    let inbox = synced_inbox(&desk).await;
    let open: Vec<&str> = inbox
        .alerts
        .iter()
        .filter(|a| a.status != "resolved")
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(open, [format!("SendGrid: API v2 retires on {}", date(5))]);
    let resolved = inbox
        .alerts
        .iter()
        .find(|a| a.title.starts_with("Okta"))
        .expect("okta");
    assert_eq!(
        (resolved.status.as_str(), resolved.resolved_by.as_deref()),
        ("resolved", Some("platform-monitor"))
    );
    assert!(resolved.details.ends_with("the credentials were rotated."));
    drop(desk);

    // Routed to ops: the other teams' roles do not see them, and no desk role runs the monitor.
    for role in ROLES.iter().filter(|r| **r != "desk_ops") {
        let s = staff(&db, role).await;
        let seen: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM platform.alerts WHERE dedup_key LIKE 'integration.%'",
        )
        .fetch_one(&s.pool)
        .await
        .expect("count");
        let expected = if *role == "desk_admin" { 3 } else { 0 };
        assert_eq!(seen, expected, "{role}");
        let r = sqlx::query("SELECT * FROM platform.raise_integration_alerts()")
            .execute(&s.pool)
            .await;
        assert_refused(r, "42501", role);
        s.pool.close().await;
    }
    db.drop_db().await;
}

#[tokio::test]
async fn a_new_integration_is_onboarded_in_order_with_evidence_and_a_security_review() {
    let db = PlatformDb::create().await;
    let ops = staff(&db, "desk_ops").await;
    let sec = staff(&db, "desk_security").await;
    let laptop = Laptop::new();
    let desk = signed_in(&laptop, &db, &ops.login).await;

    let postmark = NewIntegrationOnboarding {
        name: "postmark".into(),
        kind: "email_provider".into(),
        vendor: "Postmark".into(),
        api_version: "v1".into(),
        status_url: Some("http://127.0.0.1:9/status/postmark".into()),
        purpose: "A fallback provider for transactional sends".into(),
    };
    refused_with(
        desk.ops_start_onboarding(&NewIntegrationOnboarding {
            name: "Post Mark".into(),
            ..postmark.clone()
        })
        .await
        .map(|_| ()),
        "name: ",
    );
    let id = desk.ops_start_onboarding(&postmark).await.expect("start");
    refused_with(
        desk.ops_start_onboarding(&postmark).await.map(|_| ()),
        "already being onboarded",
    );
    desk.sync_now().await.expect("sync");
    let board = desk.ops_onboardings().await.expect("onboardings");
    let o = &board.onboardings[0];
    assert_eq!((o.id.as_str(), o.name.as_str()), (id.as_str(), "postmark"));
    let steps: Vec<&str> = o.steps.iter().map(|s| s.step.as_str()).collect();
    assert_eq!(
        steps,
        [
            "requirements",
            "design",
            "staging_test",
            "security_review",
            "production"
        ]
    );
    assert_eq!(o.next_step.as_deref(), Some("requirements"));
    assert_eq!(o.requested_by, ops.login);
    assert!(board
        .people
        .iter()
        .any(|p| p.login == sec.login && p.team == "security"));

    // In order, with an owner and evidence.
    refused_with(
        desk.ops_complete_onboarding_step(&id, "design", "design doc", None)
            .await,
        "step: complete requirements before design",
    );
    let r =
        sqlx::query("SELECT desk.complete_onboarding_step($1::uuid, 'design', 'design doc', NULL)")
            .bind(&id)
            .execute(&ops.pool)
            .await;
    assert_refused(r, "22023", "the platform refuses a skipped step too");
    refused_with(
        desk.ops_complete_onboarding_step(&id, "requirements", "PRD", None)
            .await,
        "owner: give requirements an owner",
    );
    desk.ops_assign_onboarding_step(&id, "requirements", &ops.login, None)
        .await
        .expect("owner");
    desk.sync_now().await.expect("sync");
    refused_with(
        desk.ops_complete_onboarding_step(&id, "requirements", "  ", None)
            .await,
        "evidence: ",
    );
    refused_with(
        desk.ops_assign_onboarding_step(&id, "security_review", &ops.login, None)
            .await,
        "needs an owner from security",
    );
    refused_with(
        desk.ops_assign_onboarding_step(&id, "design", "nobody_here", None)
            .await,
        "not an active staff member",
    );
    let version = desk.ops_onboardings().await.expect("board").onboardings[0].version;
    desk.ops_complete_onboarding_step(
        &id,
        "requirements",
        "Requirements signed off: docs/postmark.md",
        Some(version),
    )
    .await
    .expect("requirements");
    refused_with(
        desk.ops_assign_onboarding_step(&id, "design", &ops.login, Some(version))
            .await,
        "changed since you loaded it",
    );
    for (step, evidence) in [
        ("design", "Design review ENG-4520"),
        ("staging_test", "Staging run #812: 64 passed"),
    ] {
        desk.ops_assign_onboarding_step(&id, step, &ops.login, None)
            .await
            .expect("owner");
        desk.sync_now().await.expect("sync");
        desk.ops_complete_onboarding_step(&id, step, evidence, None)
            .await
            .expect(step);
    }
    desk.ops_assign_onboarding_step(&id, "security_review", &sec.login, None)
        .await
        .expect("security owns the review");
    desk.sync_now().await.expect("sync");

    // The security review: refused to ops (here and at the platform), done by security.
    refused_with(
        desk.ops_complete_onboarding_step(&id, "security_review", "looks fine", None)
            .await,
        "security review is completed by security",
    );
    let r = sqlx::query(
        "SELECT desk.complete_onboarding_step($1::uuid, 'security_review', 'ok', NULL)",
    )
    .bind(&id)
    .execute(&ops.pool)
    .await;
    assert_refused(r, "42501", "ops completing the security review");
    let sec_laptop = Laptop::new();
    let sec_desk = signed_in(&sec_laptop, &db, &sec.login).await;
    let seen = sec_desk
        .ops_onboardings()
        .await
        .expect("security reads onboardings");
    assert_eq!(
        seen.onboardings[0].next_step.as_deref(),
        Some("security_review")
    );
    assert!(
        sec_desk
            .ops_integrations()
            .await
            .expect("board")
            .integrations
            .is_empty(),
        "security does not sync the integrations themselves"
    );
    sec_desk
        .ops_complete_onboarding_step(
            &id,
            "security_review",
            "Pen test report SEC-311: no findings",
            None,
        )
        .await
        .expect("security review");
    sec_desk.sync_now().await.expect("sync");
    refused_with(
        sec_desk
            .ops_complete_onboarding_step(&id, "production", "live", None)
            .await,
        "production is completed by ops",
    );
    let r =
        sqlx::query("SELECT desk.complete_onboarding_step($1::uuid, 'production', 'live', NULL)")
            .bind(&id)
            .execute(&sec.pool)
            .await;
    assert_refused(r, "42501", "security completing production");
    drop(sec_desk);

    // Production adds the integration.
    desk.ops_assign_onboarding_step(&id, "production", &ops.login, None)
        .await
        .expect("owner");
    desk.sync_now().await.expect("sync");
    desk.ops_complete_onboarding_step(&id, "production", "Live since release 2026.12.3", None)
        .await
        .expect("production");
    desk.sync_now().await.expect("sync");
    let o = desk.ops_onboardings().await.expect("board").onboardings[0].clone();
    assert!(o.completed_at.is_some());
    assert_eq!(o.next_step, None);
    let review = &o.steps[3];
    assert_eq!(review.completed_by.as_deref(), Some(sec.login.as_str()));
    assert_eq!(
        review.evidence.as_deref(),
        Some("Pen test report SEC-311: no findings")
    );
    assert!(o
        .steps
        .iter()
        .all(|s| s.completed_at.is_some() && s.evidence.is_some()));
    let board = desk.ops_integrations().await.expect("board");
    let added = &board.integrations[0];
    assert_eq!(added.integration.name, "postmark");
    assert_eq!(added.recorded_status, ServiceStatus::Unknown);
    assert_eq!(
        added.integration.status_url.as_deref(),
        Some("http://127.0.0.1:9/status/postmark")
    );
    refused_with(
        desk.ops_assign_onboarding_step(&id, "production", &ops.login, None)
            .await,
        "already in production",
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM desk.audit_trail WHERE target = 'onboarding:postmark'",
    )
    .fetch_one(&db.admin)
    .await
    .expect("audit");
    assert_eq!(
        audited,
        1 + 5 + 5,
        "the start, five assignments and five completions"
    );
    drop(desk);

    // Every other role is refused for each onboarding write.
    for role in ["desk_admin", "desk_finance", "desk_cs"] {
        let s = staff(&db, role).await;
        let r = sqlx::query(
            "SELECT desk.start_integration_onboarding(NULL, 'intercom', 'chat', 'Intercom', '2.11', NULL, '')",
        )
        .execute(&s.pool)
        .await;
        assert_refused(r, "42501", role);
        for sql in [
            "SELECT desk.assign_onboarding_step($1::uuid, 'production', 'x', NULL)",
            "SELECT desk.complete_onboarding_step($1::uuid, 'production', 'x', NULL)",
            "SELECT desk.complete_onboarding_step($1::uuid, 'security_review', 'x', NULL)",
        ] {
            let r = sqlx::query(sql).bind(&id).execute(&s.pool).await;
            assert_refused(r, "42501", &format!("{role}: {sql}"));
        }
        s.pool.close().await;
    }
    let r = sqlx::query(
        "SELECT desk.start_integration_onboarding(NULL, 'intercom', 'chat', 'Intercom', '2.11', NULL, '')",
    )
    .execute(&sec.pool)
    .await;
    assert_refused(r, "42501", "security starting an onboarding");
    db.drop_db().await;
}

#[tokio::test]
async fn the_sandbox_integrations_fill_the_screen() {
    let db = PlatformDb::create().await;
    desk_sandbox::generate(&db.admin, &desk_sandbox::Config::new(11, 3))
        .await
        .expect("generate");
    let ops = staff(&db, "desk_ops").await;
    let laptop = Laptop::new();
    let desk = signed_in(&laptop, &db, &ops.login).await;
    let board = desk.ops_integrations().await.expect("board");
    assert_eq!(board.integrations.len(), 10);
    let kinds: Vec<&str> = board
        .integrations
        .iter()
        .map(|i| i.integration.kind.as_str())
        .collect();
    for kind in ["email_provider", "payments", "crm", "chat"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let sendgrid = board
        .integrations
        .iter()
        .find(|i| i.integration.name == "sendgrid")
        .expect("sendgrid");
    assert!(
        sendgrid.worse.iter().any(|w| w.starts_with("error rate")),
        "{:?}",
        sendgrid.worse
    );
    assert_eq!(board.deprecation_alerts, 1);
    assert_eq!(board.rotations_overdue, 1);
    assert!(board.rotations_due_soon >= 1);
    assert!(board.open_failures >= 2);
    let statuses: Vec<&str> = board
        .deprecations
        .iter()
        .map(|d| d.migration_status.as_str())
        .collect();
    assert!(statuses.contains(&"in_progress") && statuses.contains(&"done"));
    let onboardings = desk
        .ops_onboardings()
        .await
        .expect("onboardings")
        .onboardings;
    let next: Vec<Option<&str>> = onboardings.iter().map(|o| o.next_step.as_deref()).collect();
    assert_eq!(next, [Some("staging_test"), Some("security_review")]);
    let detail = desk.ops_integration("sendgrid").await.expect("detail");
    assert_eq!(detail.days.len(), 30);
    assert!(detail.checks.live && detail.checks.checked > 0);
    drop(desk);
    db.drop_db().await;
}
