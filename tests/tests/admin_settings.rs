//! Platform settings per environment from an administrator's desk, against a real PostgreSQL
//! platform and a real HTTP health endpoint on loopback: a change lands in staging as a new
//! version (refused naming the cross-setting rule it breaks, or a missing rationale, or a stale
//! version); production only takes what staging runs; after a promotion the desk probes the
//! affected service and, when the probe fails, restores production's previous value as a new
//! version and says so; any earlier version can be rolled back to; the settings and their log
//! reach the desk through sync; every other role is refused.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;

use desk_core::settings::{Environment, SettingChange, SettingRollback};
use desk_core::DeskError;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::PlatformDb;
use platform_fixture::{assert_refused, staff};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A health endpoint on loopback answering every request with the status in `status`.
async fn health_endpoint(status: Arc<AtomicU16>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let status = status.load(Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = [0u8; 2048];
                let mut seen = Vec::new();
                while let Ok(n) = socket.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    seen.extend_from_slice(&buf[..n]);
                    if seen.windows(4).any(|w| w == b"\r\n\r\n") {
                        break;
                    }
                }
                let reply = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                );
                let _ = socket.write_all(reply.as_bytes()).await;
            });
        }
    });
    format!("http://{addr}/healthz")
}

fn change(key: &str, value: &str, rationale: &str, expected: Option<i32>) -> SettingChange {
    SettingChange {
        key: key.into(),
        value: value.into(),
        rationale: rationale.into(),
        expected_version: expected,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_setting_goes_through_staging_to_production_and_back() {
    let db = PlatformDb::create().await;
    let status = Arc::new(AtomicU16::new(200));
    let url = health_endpoint(status.clone()).await;
    sqlx::raw_sql(&format!(
        "INSERT INTO platform.services (name, team, health_url, sla_target)
         VALUES ('smtp-relay', 'deliverability', '{url}', 99.9), ('billing-service', 'billing', '{url}', 99.9);
         INSERT INTO platform.platform_settings (key, description, value_type, min_value, max_value, current_version) VALUES
           ('sending.warmup_days', 'Days a new mailbox warms up', 'number', 7, 60, 1),
           ('trial.length_days', 'Length of a free trial', 'number', 7, 30, 1);
         INSERT INTO platform.platform_setting_versions (key, version, value, rationale) VALUES
           ('sending.warmup_days', 1, '14', 'initial'), ('trial.length_days', 1, '14', 'initial');
         SELECT desk.adopt_settings();"
    ))
    .execute(&db.admin)
    .await
    .expect("settings");
    let admin = staff(&db, "desk_admin").await;
    let ops = staff(&db, "desk_ops").await;

    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &admin.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");
    let warmup = desk
        .admin_settings()
        .await
        .expect("settings")
        .into_iter()
        .find(|s| s.key == "sending.warmup_days")
        .expect("synced");
    assert_eq!(warmup.service.as_deref(), Some("smtp-relay"));
    let staging = warmup.staging.expect("staging");
    let production = warmup.production.expect("production");
    assert_eq!((staging.version, staging.value.as_str()), (1, "14"));
    assert_eq!((production.version, production.value.as_str()), (1, "14"));
    let key = "sending.warmup_days";

    // Refused: a cross-setting rule, by name; a missing rationale; not a value.
    let e = desk
        .admin_change_setting(&change(key, "21", "slower warm-up", Some(1)))
        .await
        .expect_err("rule");
    let m = e.to_string();
    assert!(
        m.contains("rule trial_covers_warmup: trial.length_days >= sending.warmup_days must hold in staging (14 >= 21)"),
        "{m}"
    );
    assert!(matches!(
        desk.admin_change_setting(&change(key, "10", " ", Some(1))).await,
        Err(DeskError::InvalidInput(m)) if m.starts_with("rationale:")
    ));
    assert!(matches!(
        desk.admin_change_setting(&change(key, "ten", "x", Some(1))).await,
        Err(DeskError::InvalidInput(m)) if m.starts_with("value:")
    ));
    assert!(desk
        .admin_change_setting(&change(key, "61", "x", Some(1)))
        .await
        .is_err_and(|e| e.to_string().contains("must be between 7 and 60")));

    // A change lands in staging only.
    let v2 = desk
        .admin_change_setting(&change(key, "10", "faster onboarding", Some(1)))
        .await
        .expect("changed");
    assert_eq!(v2, 2);
    assert!(desk
        .admin_change_setting(&change(key, "11", "again", Some(1)))
        .await
        .is_err_and(|e| e.to_string().contains("changed since")));
    let live = |env: &'static str| {
        let pool = db.admin.clone();
        async move {
            sqlx::query_as::<_, (i32, String)>(
                "SELECT e.version, v.value::text FROM platform.setting_environments e
                   JOIN platform.platform_setting_versions v USING (key, version)
                  WHERE e.key = 'sending.warmup_days' AND e.environment = $1",
            )
            .bind(env)
            .fetch_one(&pool)
            .await
            .expect("live")
        }
    };
    assert_eq!(live("staging").await, (2, "10".into()));
    assert_eq!(live("production").await, (1, "14".into()));

    // Production takes only what staging runs; the health check passes.
    assert!(desk
        .admin_promote_setting(key, 1, "go")
        .await
        .is_err_and(|e| e.to_string().contains("staging runs version 2")));
    let outcome = desk
        .admin_promote_setting(key, 2, "rolled out to staging yesterday, no bounces")
        .await
        .expect("promoted");
    let health = outcome.health.expect("smtp-relay has a health check");
    assert!(
        health.healthy && health.detail.starts_with("HTTP 200"),
        "{health:?}"
    );
    assert_eq!(outcome.restored_version, None);
    assert_eq!(live("production").await, (2, "10".into()));

    // A promotion whose health check fails is restored at once, as a new version.
    let v3 = desk
        .admin_change_setting(&change(key, "8", "even faster", Some(2)))
        .await
        .expect("v3");
    status.store(503, Ordering::SeqCst);
    let outcome = desk
        .admin_promote_setting(key, v3, "staging looked fine")
        .await
        .expect("promoted, then restored");
    assert!(!outcome.health.as_ref().expect("checked").healthy);
    assert_eq!(outcome.restored_version, Some(4));
    assert!(
        outcome.message.contains("HTTP 503") && outcome.message.contains("restored"),
        "{}",
        outcome.message
    );
    assert_eq!(live("production").await, (4, "10".into()));
    assert_eq!(live("staging").await, (3, "8".into()));
    // The restore version never ran in staging, so it cannot be promoted.
    assert!(desk
        .admin_promote_setting(key, 4, "x")
        .await
        .is_err_and(|e| e.to_string().contains("never applied to staging")));

    // Roll production back to the first value, as a new version.
    status.store(200, Ordering::SeqCst);
    let v5 = desk
        .admin_rollback_setting(&SettingRollback {
            key: key.into(),
            environment: Environment::Production,
            to_version: 1,
            rationale: "back to the two-week warm-up while we investigate".into(),
        })
        .await
        .expect("rolled back");
    assert_eq!(v5, 5);
    assert_eq!(live("production").await, (5, "14".into()));

    // The log reaches the desk.
    desk.sync_now().await.expect("sync");
    let detail = desk.admin_setting(key).await.expect("detail");
    let actions: Vec<(String, String, i32)> = detail
        .applications
        .iter()
        .map(|a| (a.action.clone(), a.environment.clone(), a.version))
        .collect();
    assert_eq!(
        &actions[..5],
        &[
            ("rollback".to_string(), "production".to_string(), 5),
            ("restore".into(), "production".into(), 4),
            ("promote".into(), "production".into(), 3),
            ("change".into(), "staging".into(), 3),
            ("promote".into(), "production".into(), 2),
        ]
    );
    assert_eq!(detail.versions.len(), 5);
    assert!(detail.versions[1]
        .rationale
        .starts_with("restore to version 2: smtp-relay's health check failed"));
    assert_eq!(detail.rules.len(), 1);
    assert_eq!(
        (
            detail.setting.staging.map(|l| l.version),
            detail.setting.production.map(|l| l.version)
        ),
        (Some(3), Some(5))
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM desk.audit_trail WHERE target = 'setting:sending.warmup_days@production'",
    )
    .fetch_one(&db.admin)
    .await
    .expect("audit");
    assert_eq!(audited, 4, "two promotions, a restore and a rollback");

    // Every other role is refused.
    for (sql, what) in [
        (
            "SELECT * FROM desk.change_setting('sending.warmup_days', '9', 'x')",
            "change",
        ),
        (
            "SELECT * FROM desk.promote_setting('sending.warmup_days', 3, 'x')",
            "promote",
        ),
        (
            "SELECT * FROM desk.rollback_setting('sending.warmup_days', 'staging', 1, 'x')",
            "rollback",
        ),
    ] {
        assert_refused(sqlx::query(sql).execute(&ops.pool).await, "42501", what);
    }
    // The log is append-only.
    assert_refused(
        sqlx::query("DELETE FROM platform.setting_applications")
            .execute(&db.admin)
            .await,
        "42501",
        "rewrite the log",
    );
    db.drop_db().await;
}

#[tokio::test]
async fn offline_the_settings_are_readable_and_changes_say_why_not() {
    let db = PlatformDb::create().await;
    let admin = staff(&db, "desk_admin").await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &admin.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");
    drop(desk);
    let desk = laptop.start().await;
    // Started without reaching the platform (never reconnected): the remembered session.
    let keys: Vec<String> = desk
        .admin_settings()
        .await
        .expect("offline list")
        .into_iter()
        .map(|s| s.key)
        .collect();
    // The platform's own settings: the response team of each incident type (0019) and the
    // staff account settings.
    let teams: Vec<String> = [
        "credential_compromise",
        "data_breach",
        "dos",
        "insider",
        "malware",
        "other",
        "phishing",
    ]
    .iter()
    .map(|t| format!("security.response_team.{t}"))
    .collect();
    let mut expected = teams;
    expected.extend([
        "staff.email_domains".into(),
        "staff.setup_code_hours".into(),
    ]);
    assert_eq!(keys, expected);
    let e = desk
        .admin_change_setting(&change("staff.setup_code_hours", "48", "shorter", None))
        .await
        .expect_err("offline");
    assert!(
        matches!(e, DeskError::Unreachable(ref m) if m.contains("offline")),
        "{e:?}"
    );
    db.drop_db().await;
}
