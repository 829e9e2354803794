//! Deployments on a laptop against a real PostgreSQL platform and the sandbox's deployer: a
//! deployment requested from the desk is picked up by the deployer, fails its health check and
//! arrives through sync as failed with the checks it ran; the desk offers the rollback to the
//! previous stable version, the deployer rolls it back, and the rollback's outcome, impact and
//! lessons are recorded; the success and rollback rates per service and month; and every
//! refusal: a request missing its tests, a second deployment while one is in flight, a
//! rollback offline, and every role but ops at the platform.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use std::collections::BTreeMap;
use std::time::Duration;

use desk_core::ops::deployments::DeploymentRequest;
use desk_core::DeskError;
use desk_sandbox::services::{health_server, Behaviour, Deployer, HealthPlan};
use desk_store::ops::deployments::DeploymentQuery;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::PlatformDb;
use platform_fixture::{assert_refused, staff, ROLES};

fn request(version: &str, tests: &str) -> DeploymentRequest {
    DeploymentRequest {
        service: "smtp-relay".into(),
        version: version.into(),
        test_result_ref: tests.into(),
        reason: "Faster bounce parsing".into(),
    }
}

#[tokio::test]
async fn a_failed_deployment_is_rolled_back_and_reviewed() {
    let db = PlatformDb::create().await;
    // smtp-relay's health endpoint fails: the deployer's check after the rollout sees 503.
    let plan = HealthPlan {
        services: vec!["smtp-relay".into()],
        integrations: Vec::new(),
        pinned: BTreeMap::from([("smtp-relay".to_string(), Behaviour::Failing)]),
    };
    let (addr, server) = health_server(plan, 0).await.expect("bind");
    tokio::spawn(server);
    sqlx::raw_sql(&format!(
        "INSERT INTO platform.services (name, team, health_url, sla_target)
         VALUES ('smtp-relay', 'deliverability', 'http://{addr}/health/smtp-relay', 99.9);
         INSERT INTO platform.deployments (service, version, previous_version, status, requested_by,
                                           requested_at, started_at, finished_at)
         VALUES ('smtp-relay', '2026.11.1', NULL, 'succeeded', 'ci', now() - interval '40 days',
                 now() - interval '40 days', now() - interval '40 days'),
                ('smtp-relay', '2026.11.2', '2026.11.1', 'succeeded', 'ci', now() - interval '3 days',
                 now() - interval '3 days', now() - interval '3 days');"
    ))
    .execute(&db.admin)
    .await
    .expect("seed");
    let ops = staff(&db, "desk_ops").await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &ops.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");

    // Refused before it is sent: no tests, a malformed version.
    match desk.ops_request_deployment(&request("v 2", " ")).await {
        Err(DeskError::InvalidInput(m)) => {
            assert!(m.contains("version: ") && m.contains("tests: "), "{m}")
        }
        other => panic!("expected a refusal per field, got {other:?}"),
    }
    // Refused by the platform: the version already runs.
    assert!(matches!(
        desk.ops_request_deployment(&request("2026.11.2", "ci#1: 10 passed")).await,
        Err(DeskError::InvalidInput(m)) if m.contains("already runs 2026.11.2")
    ));
    let id = desk
        .ops_request_deployment(&request("2026.12.1", "ci#48213: 1204 passed, 0 failed"))
        .await
        .expect("request");
    assert!(matches!(
        desk.ops_request_deployment(&request("2026.12.2", "ci#48214: 1204 passed")).await,
        Err(DeskError::InvalidInput(m)) if m.contains("already deploying 2026.12.1")
    ));
    desk.sync_now().await.expect("sync");
    let board = desk
        .ops_deployments(&DeploymentQuery::default())
        .await
        .expect("board");
    let d = &board.deployments[0];
    assert_eq!((d.id, d.status.as_str()), (id, "requested"));
    assert_eq!(d.previous_version.as_deref(), Some("2026.11.2"));
    assert_eq!(
        d.test_result_ref.as_deref(),
        Some("ci#48213: 1204 passed, 0 failed")
    );
    assert_eq!(d.requested_by, ops.login);

    // The deployer starts it, then finishes it; its health check finds the service failing.
    let deployer = Deployer::new(Duration::ZERO, 0.0, 7);
    deployer.pass(&db.admin).await.expect("start");
    deployer.pass(&db.admin).await.expect("finish");
    desk.sync_now()
        .await
        .expect("progress arrives through sync");
    let board = desk
        .ops_deployments(&DeploymentQuery::default())
        .await
        .expect("board");
    let d = &board.deployments[0];
    assert_eq!(d.status, "failed", "{d:?}");
    assert!(!d.health_checks.is_empty(), "the checks run after it");
    assert!(
        d.health_checks
            .iter()
            .any(|c| !c.ok && c.detail.contains("503")),
        "{:?}",
        d.health_checks
    );
    assert!(d.can_roll_back, "a failed deployment offers its rollback");

    // Offline, the rollback says why it cannot be asked for.
    drop(desk);
    let desk = laptop.start().await;
    assert!(matches!(
        desk.ops_request_rollback(id, "health check failing").await,
        Err(DeskError::Unreachable(m)) if m.contains("offline")
    ));
    assert!(desk.reconnect().await.expect("reconnect"));
    assert!(matches!(
        desk.ops_request_rollback(id, "  ").await,
        Err(DeskError::InvalidInput(m)) if m.contains("reason: ")
    ));
    let rollback = desk
        .ops_request_rollback(id, "smtp-relay answers 503 after 2026.12.1")
        .await
        .expect("rollback");
    assert!(matches!(
        desk.ops_request_rollback(id, "again").await,
        Err(DeskError::InvalidInput(m)) if m.contains("already in progress")
    ));
    desk.sync_now().await.expect("sync");
    let board = desk
        .ops_deployments(&DeploymentQuery::default())
        .await
        .expect("board");
    assert!(
        !board.deployments[0].can_roll_back,
        "one rollback at a time"
    );
    assert!(matches!(
        desk.ops_review_rollback(&rollback, "Sends delayed 20 min", "Canary first").await,
        Err(DeskError::InvalidInput(m)) if m.contains("still in progress")
    ));

    let deployer = Deployer::new(Duration::ZERO, 0.0, 7);
    deployer.pass(&db.admin).await.expect("rollback runs");
    deployer.pass(&db.admin).await.expect("rollback ends");
    desk.sync_now().await.expect("sync");
    desk.ops_review_rollback(
        &rollback,
        "Sends to Outlook delayed up to 20 minutes for 40 tenants",
        "Run the canary against the health check before the full rollout",
    )
    .await
    .expect("review");
    desk.sync_now().await.expect("sync");
    let board = desk
        .ops_deployments(&DeploymentQuery {
            service: Some("smtp-relay".into()),
            statuses: vec!["rolled_back".into()],
        })
        .await
        .expect("board");
    assert_eq!(board.matched, 1);
    let d = &board.deployments[0];
    assert_eq!(d.status, "rolled_back");
    let r = &d.rollbacks[0];
    assert_eq!(r.status, "succeeded");
    assert!(
        r.outcome
            .as_deref()
            .is_some_and(|o| o.contains("2026.11.2")),
        "{:?}",
        r.outcome
    );
    assert_eq!(
        r.impact.as_deref(),
        Some("Sends to Outlook delayed up to 20 minutes for 40 tenants")
    );
    assert_eq!(r.reviewed_by.as_deref(), Some(ops.login.as_str()));

    // Rates per service and month: this month one succeeded (3 days ago, unless that was last
    // month) and one rolled back.
    let all = desk
        .ops_deployments(&DeploymentQuery::default())
        .await
        .expect("board");
    let finished: i64 = all.rates.iter().map(|r| r.finished).sum();
    let rolled: i64 = all.rates.iter().map(|r| r.rolled_back).sum();
    assert_eq!((finished, rolled), (3, 1));
    let newest = &all.rates[0];
    assert!(newest.rollback_rate.is_some_and(|r| r > 0.0), "{newest:?}");

    // Only ops asks the deployer.
    for role in ROLES.iter().filter(|r| **r != "desk_ops") {
        let s = staff(&db, role).await;
        let r =
            sqlx::query("SELECT desk.request_deployment('smtp-relay', '2027.1.1', 'ci#9', 'x')")
                .execute(&s.pool)
                .await;
        assert_refused(r, "42501", role);
        let r = sqlx::query("SELECT desk.request_rollback(NULL, $1, 'x')")
            .bind(id)
            .execute(&s.pool)
            .await;
        assert_refused(r, "42501", role);
    }
    drop(desk);
    db.drop_db().await;
}
