//! Native notifications for new alerts, counted at the OS boundary: a private D-Bus session
//! with a real notification daemon (dunst under Xvfb) and `dbus-monitor` recording each
//! `Notify` call. Against a real PostgreSQL platform: the alerts there at sign-in are not
//! news; a new alert routed to the member's team at or above their threshold notifies once,
//! never again across a restart and re-syncs; other teams and lower severities stay silent;
//! the sync loop itself notifies an alert committed while it listens; after an offline period
//! many alerts become one summary; quiet hours hold a high alert back but let a critical one
//! through.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use chrono::Timelike;
use desk_domain::alerts::QuietHours;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::notifications::{DbusNotifier, DesktopSession};
use desk_tests::platform::{create_login, PlatformDb};
use sqlx::PgPool;

async fn raise(pool: &PgPool, key: &str, team: &str, severity: &str, title: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title)
         VALUES ($1, 'smtp-relay', $2, $3, $4) RETURNING id",
    )
    .bind(key)
    .bind(severity)
    .bind(team)
    .bind(title)
    .fetch_one(pool)
    .await
    .expect("raise an alert")
}

// Several threads: the session's waits block one while the sync loop runs on another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_alerts_notify_exactly_once_at_the_os_boundary() {
    let session = DesktopSession::start();
    // This test binary holds this one test: the process's session bus is the private one.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &session.address);

    let db = PlatformDb::create().await;
    raise(
        &db.admin,
        "old-1",
        "ops",
        "critical",
        "Already open at sign-in",
    )
    .await;
    let login = create_login(&db.admin, "pw", &["desk_ops"], true).await;
    let laptop = Laptop::new();

    // First start: the alerts already there are the baseline, not news.
    let desk = laptop.start().await;
    desk.set_notifier(Arc::new(DbusNotifier));
    let profile = add_profile(&desk, "Sandbox", 5432, &db.name, &login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");
    let r = desk.notify_new_alerts(false).await.expect("notify");
    assert_eq!((r.baseline, r.notifications), (1, 0));

    // Routing: ops at high or above notifies; ops low, finance critical and security critical
    // (not even visible to ops) do not.
    raise(&db.admin, "relay-1", "ops", "high", "Relay queue above 50k").await;
    raise(&db.admin, "relay-2", "ops", "low", "Relay queue above 5k").await;
    raise(
        &db.admin,
        "fin-1",
        "finance",
        "critical",
        "Payment failures",
    )
    .await;
    raise(
        &db.admin,
        "sec-1",
        "security",
        "critical",
        "Credential stuffing",
    )
    .await;
    desk.sync_now().await.expect("sync");
    let r = desk.notify_new_alerts(false).await.expect("notify");
    assert_eq!(r.notifications, 1);
    let seen = session.wait_for(1);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].summary, "High · Relay queue above 50k");
    assert_eq!(seen[0].body, "ops alert from smtp-relay");

    // Re-syncs and a second pass notify nothing new.
    desk.sync_now().await.expect("sync");
    desk.notify_new_alerts(false).await.expect("notify");
    desk.sync_now().await.expect("sync");

    // A restart: the desk starts again from the same laptop and reconnects.
    drop(desk);
    let desk = Arc::new(laptop.start().await);
    desk.set_notifier(Arc::new(DbusNotifier));
    desk.reconnect().await.expect("reconnect");
    desk.sync_now().await.expect("sync");
    let r = desk.notify_new_alerts(false).await.expect("notify");
    assert_eq!((r.baseline, r.decided, r.notifications), (0, 0, 0));
    assert_eq!(
        session.wait_for(1).len(),
        1,
        "nothing twice after a restart"
    );

    // The sync loop, listening, notifies an alert committed now.
    let looping = tokio::spawn(desk.clone().run_sync(|| {}));
    tokio::time::sleep(Duration::from_millis(500)).await;
    raise(&db.admin, "api-1", "ops", "critical", "API p95 above SLO").await;
    let seen = session.wait_for(2);
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[1].summary, "Critical · API p95 above SLO");
    looping.abort();
    let _ = looping.await;

    // After an offline period, several at once are one summary.
    for (i, severity) in ["high", "critical", "high", "critical", "high"]
        .iter()
        .enumerate()
    {
        raise(&db.admin, &format!("burst-{i}"), "ops", severity, "Burst").await;
    }
    desk.sync_now().await.expect("sync");
    let r = desk.notify_new_alerts(true).await.expect("notify");
    assert_eq!((r.decided, r.notifications), (5, 1));
    let seen = session.wait_for(3);
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(seen[2].summary, "5 new alerts, 2 critical");

    // Quiet hours now: a high alert is held back, a critical one breaks through.
    let mut settings = desk.notification_settings().await.expect("settings");
    let now = chrono::Local::now().time();
    let hhmm = |h: u32, m: u32| format!("{h:02}:{m:02}");
    settings.quiet_hours = Some(QuietHours {
        start: hhmm((now.hour() + 23) % 24, now.minute()),
        end: hhmm((now.hour() + 1) % 24, now.minute()),
    });
    desk.save_notification_settings(&settings)
        .await
        .expect("save");
    let held = raise(&db.admin, "quiet-1", "ops", "high", "Held back").await;
    raise(&db.admin, "quiet-2", "ops", "critical", "Breaks through").await;
    desk.sync_now().await.expect("sync");
    let r = desk.notify_new_alerts(false).await.expect("notify");
    assert_eq!((r.decided, r.notifications), (2, 1));
    let seen = session.wait_for(4);
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert_eq!(seen[3].summary, "Critical · Breaks through");
    let outcome = desk_store::alerts::outcome_of(desk.store().expect("store").pool(), held)
        .await
        .expect("outcome");
    assert_eq!(outcome.as_deref(), Some("quiet"));

    desk.sign_out().await.expect("sign out");
    db.drop_db().await;
}
