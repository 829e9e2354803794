//! The sandbox's platform services, which the operations screens will read and probe: each
//! service's health endpoint on loopback answers as its schedule (or a pin) says — healthy,
//! failing with 503, or too slow for the desk's probe — and the deployer works the requests
//! in a real PostgreSQL platform: a deployment requested from the desk runs and then succeeds
//! or fails (at the configured rate, or because the service's health endpoint fails) with the
//! health check it ran recorded, and a rollback requested from the desk puts the deployment
//! back and records the deployer's outcome.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

use std::collections::BTreeMap;
use std::time::Duration;

use desk_core::settings::probe;
use desk_sandbox::services::{health_server, point_health_urls, Behaviour, Deployer, HealthPlan};
use desk_tests::platform::{create_login, PlatformDb};
use serde_json::{json, Value};
use sqlx::PgPool;

#[tokio::test]
async fn health_endpoints_answer_healthy_failing_or_too_slow() {
    let plan = HealthPlan {
        services: vec![
            "api-gateway".into(),
            "billing-service".into(),
            "deliverability-monitor".into(),
        ],
        integrations: Vec::new(),
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

/// A health server answering for smtp-relay as `b`, with the platform's health URLs pointed at it.
async fn serve_smtp_relay(db: &PlatformDb, b: Behaviour) {
    let plan = HealthPlan {
        services: vec!["smtp-relay".into()],
        integrations: Vec::new(),
        pinned: BTreeMap::from([("smtp-relay".to_string(), b)]),
    };
    let (addr, server) = health_server(plan, 0).await.expect("bind");
    tokio::spawn(server);
    assert_eq!(point_health_urls(&db.admin, addr).await.expect("urls"), 1);
}

/// (status, notes, health_checks) of a deployment.
async fn deployment(db: &PlatformDb, id: i64) -> (String, String, Value) {
    sqlx::query_as(
        "SELECT status, coalesce(notes, ''), health_checks FROM platform.deployments WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&db.admin)
    .await
    .expect("deployment")
}

/// Asks for a deployment through the desk's function, as an ops login; returns its id.
async fn request_deployment(ops: &PgPool, version: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT (desk.request_deployment('smtp-relay', $1, 'ci#48213: 1204 passed, 0 failed',
                                         'Release ' || $1 || ': faster bounce parsing')).id",
    )
    .bind(version)
    .fetch_one(ops)
    .await
    .expect("request a deployment")
}

/// The one health check the deployer recorded: (ok, detail, latency given).
fn only_check(checks: &Value) -> (bool, String, bool) {
    let list = checks.as_array().expect("an array");
    assert_eq!(list.len(), 1, "{checks}");
    let c = &list[0];
    assert_eq!(c["check"], "health endpoint", "{c}");
    assert!(c["at"].as_str().is_some_and(|a| a.contains('T')), "{c}");
    (
        c["ok"].as_bool().expect("ok"),
        c["detail"].as_str().expect("detail").to_string(),
        c["latencyMs"].is_i64(),
    )
}

#[tokio::test]
async fn the_deployer_works_deployments_and_rollbacks() {
    let db = PlatformDb::create().await;
    sqlx::raw_sql(
        "INSERT INTO platform.services (name, team, health_url, sla_target)
         VALUES ('smtp-relay', 'deliverability', 'https://unserved.invalid/healthz', 99.9);
         INSERT INTO platform.deployments (id, service, version, previous_version, status, requested_by)
         VALUES (1, 'smtp-relay', '2026.12.1', '2026.11.4', 'requested', 'ci'),
                (2, 'smtp-relay', '2026.12.2', '2026.12.1', 'requested', 'ci');
         SELECT setval(pg_get_serial_sequence('platform.deployments', 'id'), 2);",
    )
    .execute(&db.admin)
    .await
    .expect("requests");
    let login = create_login(&db.admin, "pw", &["desk_ops"], true).await;
    let ops = db.connect_as(&login, "pw").await.expect("ops signs in");

    // The health URLs point at the sandbox's server.
    let addr = "127.0.0.1:41999".parse().expect("addr");
    assert_eq!(point_health_urls(&db.admin, addr).await.expect("urls"), 1);
    let url: String = sqlx::query_scalar("SELECT health_url FROM platform.services")
        .fetch_one(&db.admin)
        .await
        .expect("url");
    assert_eq!(url, "http://127.0.0.1:41999/health/smtp-relay");
    serve_smtp_relay(&db, Behaviour::Healthy).await;

    // Requested deployments start, and finish once their work time has passed, with the
    // health check the deployer ran.
    let slow = Deployer::new(Duration::from_secs(3600), 0.0, 1);
    let pass = slow.pass(&db.admin).await.expect("pass");
    assert_eq!((pass.started, pass.finished), (2, 0));
    let (status, _, checks) = deployment(&db, 1).await;
    assert_eq!((status.as_str(), checks), ("running", json!([])));
    let always_ok = Deployer::new(Duration::ZERO, 0.0, 1);
    sqlx::query("UPDATE platform.deployments SET status = 'requested' WHERE id = 2")
        .execute(&db.admin)
        .await
        .expect("again");
    let pass = always_ok.pass(&db.admin).await.expect("pass");
    assert_eq!(pass.finished, 2);
    for id in [1, 2] {
        let (status, notes, checks) = deployment(&db, id).await;
        assert_eq!(status, "succeeded", "{notes}");
        let (ok, detail, timed) = only_check(&checks);
        assert!(ok && timed && detail.starts_with("200 OK in "), "{checks}");
    }

    // A deployment requested from the desk: a failure rate of 1 fails it, and its health
    // check is recorded all the same.
    let third = request_deployment(&ops, "2026.12.3").await;
    let (status, _, _) = deployment(&db, third).await;
    assert_eq!(status, "requested");
    let always_fails = Deployer::new(Duration::ZERO, 1.0, 1);
    always_fails.pass(&db.admin).await.expect("pass");
    let (status, notes, checks) = deployment(&db, third).await;
    assert_eq!(status, "failed");
    assert!(notes.contains("deployer: the canary failed"), "{notes}");
    assert!(only_check(&checks).0, "{checks}");
    let (reason, tests, previous): (String, String, String) = sqlx::query_as(
        "SELECT reason, test_result_ref, previous_version FROM platform.deployments WHERE id = $1",
    )
    .bind(third)
    .fetch_one(&db.admin)
    .await
    .expect("request");
    assert_eq!(reason, "Release 2026.12.3: faster bounce parsing");
    assert!(tests.starts_with("ci#48213"), "{tests}");
    assert_eq!(previous, "2026.12.2");

    // A rollback requested from the desk puts the deployment back and says so.
    sqlx::query("SELECT desk.request_rollback(NULL, $1, 'bounces doubled after 2026.12.3')")
        .bind(third)
        .execute(&ops)
        .await
        .expect("rollback request");
    let pass = always_ok.pass(&db.admin).await.expect("pass");
    assert_eq!(pass.rolled_back, 1);
    let (status, notes, _) = deployment(&db, third).await;
    assert_eq!(status, "rolled_back");
    assert!(
        notes.contains("deployer: rolled back to 2026.12.2"),
        "{notes}"
    );
    let (rollback, finished, outcome): (String, bool, Option<String>) = sqlx::query_as(
        "SELECT status, finished_at IS NOT NULL, outcome FROM platform.rollback_requests WHERE deployment_id = $1",
    )
    .bind(third)
    .fetch_one(&db.admin)
    .await
    .expect("rollback");
    assert_eq!((rollback.as_str(), finished), ("succeeded", true));
    assert_eq!(
        outcome.as_deref(),
        Some("deployer: rolled back to 2026.12.2")
    );

    // Without a failure draw, a service whose health endpoint fails fails the deployment.
    serve_smtp_relay(&db, Behaviour::Failing).await;
    let fourth = request_deployment(&ops, "2026.12.4").await;
    always_ok.pass(&db.admin).await.expect("pass");
    let (status, notes, checks) = deployment(&db, fourth).await;
    assert_eq!(status, "failed");
    assert!(
        notes.contains("the health check failed (503 Service Unavailable)"),
        "{notes}"
    );
    assert_eq!(
        only_check(&checks),
        (false, "503 Service Unavailable".to_string(), true)
    );
    ops.close().await;
    db.drop_db().await;
}
