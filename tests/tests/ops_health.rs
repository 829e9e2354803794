//! The service health dashboard against a real PostgreSQL platform and the sandbox's health
//! endpoints: status, uptime against the SLA, p95, error rate and throughput over a window
//! from the recorded metrics; a service worse than last week listed as an optimisation
//! candidate with its figures; alerts of several services within minutes grouped as one
//! probable incident led by the first; the desk's own probes (healthy, failing, and one that
//! times out); and, offline, the last known dashboard with its age.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

use std::collections::BTreeMap;

use desk_core::DeskError;
use desk_domain::operations::{HealthWindow, ServiceStatus};
use desk_sandbox::services::{health_server, Behaviour, HealthPlan};
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::{create_login, PlatformDb};

#[tokio::test]
async fn ops_sees_health_candidates_cascades_and_probes_and_the_last_known_state_offline() {
    let db = PlatformDb::create().await;
    let plan = HealthPlan {
        services: vec![
            "api-gateway".into(),
            "inbox-sync".into(),
            "smtp-relay".into(),
        ],
        integrations: Vec::new(),
        pinned: BTreeMap::from([
            ("api-gateway".to_string(), Behaviour::Healthy),
            ("inbox-sync".to_string(), Behaviour::Slow),
            ("smtp-relay".to_string(), Behaviour::Failing),
        ]),
    };
    let (addr, server) = health_server(plan, 0).await.expect("bind");
    tokio::spawn(server);
    // Fourteen days of five-minute buckets: the gateway steady; inbox-sync 50 % slower this
    // week; smtp-relay failing 10 % of requests for the last hour (down now, under its SLA for
    // the day: 12 of 288 buckets down is 95.8 %).
    sqlx::raw_sql(&format!(
        "INSERT INTO platform.services (name, team, health_url, sla_target, p95_target_ms) VALUES
           ('api-gateway', 'platform', 'http://{addr}/health/api-gateway', 99.95, 250),
           ('inbox-sync', 'deliverability', 'http://{addr}/health/inbox-sync', 99.5, 2000),
           ('smtp-relay', 'deliverability', 'http://{addr}/health/smtp-relay', 99.9, 1500);
         INSERT INTO platform.service_metrics (service, bucket, p95_ms, error_rate, requests)
         SELECT s, date_bin('5 minutes', now(), TIMESTAMPTZ '2000-01-01') - n * interval '5 minutes',
                CASE WHEN s = 'inbox-sync' AND n < 2016 THEN 900 WHEN s = 'inbox-sync' THEN 600 ELSE 120 END,
                CASE WHEN s = 'smtp-relay' AND n < 12 THEN 0.10 ELSE 0.001 END,
                1000
           FROM unnest(ARRAY['api-gateway', 'inbox-sync', 'smtp-relay']) s, generate_series(0, 4031) n;
         INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title, created_at) VALUES
           ('a1', 'auth-service', 'critical', 'ops', 'auth-service: token errors', now() - interval '3 hours'),
           ('a2', 'api-gateway', 'high', 'ops', 'api-gateway: 5xx above 2 %', now() - interval '3 hours' + interval '1 minute'),
           ('a3', 'webhook-dispatcher', 'medium', 'ops', 'webhooks: retries piling up', now() - interval '3 hours' + interval '4 minutes'),
           ('a4', 'search-indexer', 'low', 'ops', 'search-indexer: lag', now() - interval '1 hour');"
    ))
    .execute(&db.admin)
    .await
    .expect("seed");
    let login = create_login(&db.admin, "pw", &["desk_ops"], true).await;

    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");

    let day = desk.ops_health(HealthWindow::Day).await.expect("dashboard");
    assert!(day.live);
    let names: Vec<&str> = day.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["smtp-relay", "api-gateway", "inbox-sync"],
        "worst first"
    );
    let relay = &day.services[0];
    assert_eq!(relay.status, ServiceStatus::Down);
    let uptime = relay.uptime_percent.expect("uptime");
    assert!((uptime - 100.0 * 276.0 / 288.0).abs() < 0.5, "{uptime}");
    assert_eq!(relay.meets_sla, Some(false));
    assert_eq!(relay.meets_floor, Some(false));
    let gateway = &day.services[1];
    assert_eq!(gateway.status, ServiceStatus::Healthy);
    assert_eq!(gateway.uptime_percent, Some(100.0));
    assert_eq!(gateway.meets_sla, Some(true));
    assert_eq!(gateway.p95_ms, Some(120.0));
    let per_hour = gateway.requests_per_hour.expect("throughput");
    assert!((per_hour - 12_000.0).abs() < 1_000.0, "{per_hour}");
    assert!(
        (90..=100).contains(&gateway.series.len()),
        "15-minute points over a day: {}",
        gateway.series.len()
    );
    let relay_errors = relay.error_rate.expect("errors");
    assert!(
        relay_errors > 0.004 && relay_errors < 0.006,
        "{relay_errors}"
    );
    let week = desk.ops_health(HealthWindow::Week).await.expect("week");
    assert!((160..=170).contains(&week.services[0].series.len()));

    // inbox-sync got slower week over week; nothing else did.
    let candidates: Vec<&str> = day.candidates.iter().map(|c| c.service.as_str()).collect();
    assert_eq!(candidates, ["inbox-sync"]);
    assert_eq!(day.candidates[0].reasons, ["p95 600 ms → 900 ms (+50 %)"]);

    // One cascade: auth-service first, then the gateway and the webhooks; the lone indexer
    // alert an hour ago is not part of it.
    assert_eq!(day.cascades.len(), 1);
    let c = &day.cascades[0];
    assert_eq!(c.cascade.origin_service, "auth-service");
    assert_eq!(
        c.cascade.services,
        ["auth-service", "api-gateway", "webhook-dispatcher"]
    );
    assert_eq!(c.alerts[0].title, "auth-service: token errors");

    // The desk's own probes: healthy, failing with 503, and too slow (timed out).
    let probes = desk.ops_probe().await.expect("probe");
    let by: BTreeMap<&str, _> = probes.iter().map(|p| (p.service.as_str(), p)).collect();
    assert_eq!(by["api-gateway"].status, ServiceStatus::Healthy);
    assert!(by["api-gateway"].detail.starts_with("HTTP 200"));
    assert_eq!(by["smtp-relay"].status, ServiceStatus::Down);
    assert_eq!(by["smtp-relay"].status_code, Some(503));
    assert_eq!(by["inbox-sync"].status, ServiceStatus::Down);
    assert_eq!(by["inbox-sync"].detail, "no answer within 5 s");
    assert_eq!(by["inbox-sync"].status_code, None);
    desk.sync_now().await.expect("sync");
    drop(desk);

    // Offline: the last known dashboard, said to be so, with when it was read.
    let desk = laptop.start().await;
    let offline = desk.ops_health(HealthWindow::Day).await.expect("offline");
    assert!(!offline.live);
    assert!(offline.offline_reason.is_some());
    assert_eq!(offline.taken_at, day.taken_at);
    let brief =
        |d: &desk_core::ops::health::HealthDashboard| -> Vec<(String, ServiceStatus, usize)> {
            d.services
                .iter()
                .map(|s| (s.name.clone(), s.status, s.series.len()))
                .collect()
        };
    assert_eq!(
        brief(&offline),
        brief(&day),
        "the same services, statuses and charts"
    );
    assert_eq!(
        offline.cascades.len(),
        1,
        "cascades come from the synced alerts"
    );
    let never = desk.ops_health(HealthWindow::Month).await;
    assert!(
        matches!(&never, Err(DeskError::Unreachable(m)) if m.contains("30 days")),
        "{never:?}"
    );
    assert_eq!(desk.ops_last_probes().await.expect("probes").len(), 3);
    drop(desk);
    db.drop_db().await;
}

#[tokio::test]
async fn the_metrics_are_for_ops_only() {
    let db = PlatformDb::create().await;
    for role in ["desk_finance", "desk_cs", "desk_security"] {
        let login = create_login(&db.admin, "pw", &[role], true).await;
        let pool = db.connect_as(&login, "pw").await.expect("connect");
        let r = sqlx::query("SELECT count(*) FROM platform.service_metrics")
            .execute(&pool)
            .await;
        match r {
            Err(sqlx::Error::Database(e)) => {
                assert_eq!(e.code().as_deref(), Some("42501"), "{role}")
            }
            other => panic!("{role} read the metrics: {other:?}"),
        }
        pool.close().await;
    }
    db.drop_db().await;
}
