//! A member's access follows the platform while their desk runs: an administrator's role
//! change shows on the member's running desk with its next sync (new sections); deactivation
//! ends the member's sessions, and their desk, at its next contact, wipes its local copy and
//! signs out, saying why.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_domain::{DeskRole, Section};
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::PlatformDb;
use platform_fixture::staff;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn role_changes_reach_the_running_desk_and_deactivation_wipes_it() {
    let db = PlatformDb::create().await;
    let admin = staff(&db, "desk_admin").await;
    let member = staff(&db, "desk_ops").await;
    sqlx::query(
        "INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title)
         VALUES ('relay', 'smtp-relay', 'high', 'ops', 'Relay queue above 50k')",
    )
    .execute(&db.admin)
    .await
    .expect("alert");

    let laptop = Laptop::new();
    let desk = Arc::new(laptop.start().await);
    let profile = add_profile(&desk, "Sandbox", 5432, &db.name, &member.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");
    let sections = |desk: &Arc<desk_core::Desk>| {
        let desk = desk.clone();
        async move {
            desk.status()
                .await
                .expect("status")
                .session
                .map(|s| s.sections)
                .unwrap_or_default()
        }
    };
    assert!(!sections(&desk).await.contains(&Section::Customers));

    // The administrator adds customer success: the member's next sync shows it.
    sqlx::query("SELECT desk.set_staff_roles($1, ARRAY['desk_ops', 'desk_cs'], 'covering CS')")
        .bind(&member.login)
        .execute(&admin.pool)
        .await
        .expect("set roles");
    desk.sync_now().await.expect("sync");
    let status = desk.status().await.expect("status");
    let session = status.session.expect("still signed in");
    assert_eq!(session.roles, vec![DeskRole::Cs, DeskRole::Ops]);
    assert!(session.sections.contains(&Section::Customers));
    // Remembered for an offline start too.
    let remembered = desk
        .store()
        .expect("store")
        .remembered_session()
        .await
        .expect("remembered")
        .expect("a member");
    assert_eq!(remembered.roles, vec![DeskRole::Cs, DeskRole::Ops]);

    // Deactivation while the desk runs its sync loop: it notices, wipes and signs out.
    let looping = tokio::spawn(desk.clone().run_sync(|| {}));
    tokio::time::sleep(Duration::from_millis(500)).await;
    sqlx::query("SELECT desk.deactivate_staff($1, 'left the company')")
        .bind(&member.login)
        .execute(&admin.pool)
        .await
        .expect("deactivate");
    let started = Instant::now();
    let status = loop {
        let status = desk.status().await.expect("status");
        if status.session.is_none() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the desk never noticed the deactivation"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let reason = status.access_revoked.expect("a reason is shown");
    assert!(
        reason.contains("revoked") && reason.contains("wiped"),
        "{reason}"
    );
    let pool = desk.store().expect("store").pool().clone();
    let mirrors: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'mirror\\_%' ESCAPE '\\'",
    )
    .fetch_one(&pool)
    .await
    .expect("mirrors");
    assert_eq!(mirrors, 0, "the local copy is wiped");
    assert!(desk
        .store()
        .expect("store")
        .remembered_session()
        .await
        .expect("remembered")
        .is_none());
    let _ = tokio::time::timeout(Duration::from_secs(10), looping).await;
    db.drop_db().await;
}
