//! The sandbox's platform services, which the operations screens will read and probe: each
//! service's health endpoint on loopback answers as its schedule (or a pin) says — healthy,
//! failing with 503, or too slow for the desk's probe — and the deployer works the requests
//! in a real PostgreSQL platform: a requested deployment runs and then succeeds or fails at
//! the configured rate, and a requested rollback puts the deployment back.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

use std::collections::BTreeMap;
use std::time::Duration;

use desk_core::settings::probe;
use desk_sandbox::services::{health_server, point_health_urls, Behaviour, Deployer, HealthPlan};
use desk_tests::platform::PlatformDb;

#[tokio::test]
async fn health_endpoints_answer_healthy_failing_or_too_slow() {
    let plan = HealthPlan {
        services: vec![
            "api-gateway".into(),
            "billing-service".into(),
            "deliverability-monitor".into(),
        ],
        pinned: BTreeMap::from([
            ("api-gateway".to_string(), Behaviour::Healthy),
            ("billing-service".to_string(), Behaviour::Failing),
            ("deliverability-monitor".to_string(), Behaviour::Slow),
        ]),
    };
    let (addr, server) = health_server(plan, 0).await.expect("bind");
    tokio::spawn(server);
    let url = |s: &str| format!("http://{addr}/health/{s}");

    let ok = probe("api-gateway", &url("api-gateway")).await;
    assert!(ok.healthy && ok.detail.starts_with("HTTP 200"), "{ok:?}");
    let failing = probe("billing-service", &url("billing-service")).await;
    assert!(
        !failing.healthy && failing.detail.starts_with("HTTP 503"),
        "{failing:?}"
    );
    let slow = probe("deliverability-monitor", &url("deliverability-monitor")).await;
    assert!(!slow.healthy, "{slow:?}");
    assert_eq!(slow.detail, "no answer within 5 s");
    let unknown = probe("nope", &url("nope")).await;
    assert!(
        !unknown.healthy && unknown.detail.starts_with("HTTP 404"),
        "{unknown:?}"
    );
}

#[tokio::test]
async fn the_deployer_works_deployments_and_rollbacks() {
    let db = PlatformDb::create().await;
    sqlx::raw_sql(
        "INSERT INTO platform.services (name, team, health_url, sla_target)
         VALUES ('smtp-relay', 'deliverability', 'https://unserved.invalid/healthz', 99.9);
         INSERT INTO platform.deployments (id, service, version, previous_version, status, requested_by)
         VALUES (1, 'smtp-relay', '2026.12.1', '2026.11.4', 'requested', 'ci'),
                (2, 'smtp-relay', '2026.12.2', '2026.12.1', 'requested', 'ci');",
    )
    .execute(&db.admin)
    .await
    .expect("requests");
    let status = |id: i64| {
        let pool = db.admin.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT status FROM platform.deployments WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .expect("status")
        }
    };

    // The health URLs point at the sandbox's server.
    let addr = "127.0.0.1:41999".parse().expect("addr");
    assert_eq!(point_health_urls(&db.admin, addr).await.expect("urls"), 1);
    let url: String = sqlx::query_scalar("SELECT health_url FROM platform.services")
        .fetch_one(&db.admin)
        .await
        .expect("url");
    assert_eq!(url, "http://127.0.0.1:41999/health/smtp-relay");

    // Requested deployments start, and finish once their work time has passed.
    let slow = Deployer::new(Duration::from_secs(3600), 0.0, 1);
    let pass = slow.pass(&db.admin).await.expect("pass");
    assert_eq!((pass.started, pass.finished), (2, 0));
    assert_eq!(status(1).await, "running");
    let always_ok = Deployer::new(Duration::ZERO, 0.0, 1);
    sqlx::query("UPDATE platform.deployments SET status = 'requested' WHERE id = 2")
        .execute(&db.admin)
        .await
        .expect("again");
    let pass = always_ok.pass(&db.admin).await.expect("pass");
    assert_eq!(pass.finished, 2);
    assert_eq!(
        (status(1).await, status(2).await),
        ("succeeded".to_string(), "succeeded".to_string())
    );

    // A failure rate of 1 fails them; a rollback puts the deployment back.
    sqlx::query(
        "INSERT INTO platform.deployments (id, service, version, previous_version, status, requested_by)
         VALUES (3, 'smtp-relay', '2026.12.3', '2026.12.2', 'requested', 'ci')",
    )
    .execute(&db.admin)
    .await
    .expect("third");
    let always_fails = Deployer::new(Duration::ZERO, 1.0, 1);
    always_fails.pass(&db.admin).await.expect("pass");
    assert_eq!(status(3).await, "failed");
    let notes: String = sqlx::query_scalar("SELECT notes FROM platform.deployments WHERE id = 3")
        .fetch_one(&db.admin)
        .await
        .expect("notes");
    assert!(notes.contains("health checks failed"), "{notes}");
    sqlx::query(
        "INSERT INTO platform.rollback_requests (deployment_id, requested_by, reason)
         VALUES (3, 'ops', 'bounces doubled after 2026.12.3')",
    )
    .execute(&db.admin)
    .await
    .expect("rollback request");
    let pass = always_ok.pass(&db.admin).await.expect("pass");
    assert_eq!(pass.rolled_back, 1);
    assert_eq!(status(3).await, "rolled_back");
    let (rollback, finished): (String, bool) = sqlx::query_as(
        "SELECT status, finished_at IS NOT NULL FROM platform.rollback_requests WHERE deployment_id = 3",
    )
    .fetch_one(&db.admin)
    .await
    .expect("rollback");
    assert_eq!((rollback.as_str(), finished), ("succeeded", true));
    db.drop_db().await;
}
