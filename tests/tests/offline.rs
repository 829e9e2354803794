//! The platform goes away and comes back: the desk goes offline, keeps taking the member's
//! changes (shown at once, queued), and when the platform is back it reconnects by itself,
//! pushes the queue, and is online again.

// Set-up helpers outside #[test] fns must stop the test with their message, like the tests.
#![allow(clippy::expect_used)]

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use desk_core::{Connection, Desk};
use desk_sync::Change;
use desk_tests::cluster::Cluster;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::create_login;
use serde_json::json;

/// Waits (up to two minutes) until `cond` holds; a liveness wait, not a timing assertion.
async fn eventually<F, Fut>(what: &str, mut cond: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    for _ in 0..1200 {
        if cond().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never happened: {what}");
}

async fn connection(desk: &Desk) -> Connection {
    desk.status().await.expect("status").connection
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_goes_offline_keeps_changes_and_pushes_them_when_the_platform_is_back() {
    // A stuck desk (a deadlock) must fail the test, not hang the run.
    tokio::time::timeout(Duration::from_secs(240), offline_and_back())
        .await
        .expect("the desk got stuck: offline and back did not finish within 4 minutes");
}

async fn offline_and_back() {
    let cluster = Cluster::start();
    let admin = sqlx::PgPool::connect(&cluster.admin_url())
        .await
        .expect("cluster");
    desk_platform::migrate::migrate(&admin)
        .await
        .expect("migrate");
    let login = create_login(&admin, "pw-cs", &["desk_cs"], true).await;
    let staff_id: String = sqlx::query_scalar(
        "INSERT INTO desk.staff (login, full_name, email, team, roles)
         VALUES ($1, 'Casey CS', $1 || '@penguinmails.test', 'cs', ARRAY['desk_cs']) RETURNING id::text",
    )
    .bind(&login)
    .fetch_one(&admin)
    .await
    .expect("staff");
    sqlx::query(
        "INSERT INTO platform.plans (code, name, pricing, price_minor, currency, \"interval\")
         VALUES ('growth', 'Growth', 'per_seat', 2900, 'USD', 'month')",
    )
    .execute(&admin)
    .await
    .expect("plan");
    let tenant_id: String = sqlx::query_scalar(
        "INSERT INTO platform.tenants (name, domain, plan_code, status, currency)
         VALUES ('Acme Outreach', 'acme.test', 'growth', 'active', 'USD') RETURNING id::text",
    )
    .fetch_one(&admin)
    .await
    .expect("tenant");
    admin.close().await;

    let laptop = Laptop::new();
    let desk = Arc::new(laptop.start().await);
    let profile = add_profile(&desk, "Throwaway", cluster.port, "postgres", &login);
    desk.sign_in(&profile.id, Some("pw-cs"))
        .await
        .expect("sign in");
    tokio::spawn(desk.clone().run_sync(|| {}));
    // The first sync is done when the touchpoints' mirror exists (`last_sync_at` is set as
    // soon as any one collection finished, which may be before it).
    eventually("the first sync", || async {
        let mirrored: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'mirror_cs_touchpoints'",
        )
        .fetch_one(desk.store().expect("store").pool())
        .await
        .expect("local");
        desk.status().await.expect("status").last_sync_at.is_some() && mirrored == 1
    })
    .await;

    cluster.stop();
    desk.wake_sync();
    eventually("the status turns offline", || async {
        connection(&desk).await == Connection::Offline
    })
    .await;

    // Offline, the member records a call: it shows at once and waits in the queue.
    let id = uuid::Uuid::new_v4().to_string();
    let change = Change {
        action: "add_touchpoint".into(),
        args: json!({ "id": id, "tenant_id": tenant_id, "kind": "call", "summary": "on the train",
                      "outcome": "ok", "next_step": null, "happened_at": "2026-11-20T09:00:00+00:00" }),
        target: Some(("cs_touchpoints".into(), json!([id]))),
        optimistic: json!({ "id": id, "tenant_id": tenant_id, "author": staff_id, "kind": "call",
                            "summary": "on the train", "outcome": "ok",
                            "happened_at": "2026-11-20T09:00:00+00:00", "version": 1 })
        .as_object()
        .cloned(),
    };
    desk.queue_change(&change).await.expect("queued offline");
    assert_eq!(desk.status().await.expect("status").queued_changes, 1);
    let shown: i64 = sqlx::query_scalar("SELECT count(*) FROM mirror_cs_touchpoints WHERE id = ?")
        .bind(&id)
        .fetch_one(desk.store().expect("store").pool())
        .await
        .expect("local");
    assert_eq!(shown, 1);

    cluster.restart();
    desk.wake_sync();
    eventually("back online with the queue pushed", || async {
        let s = desk.status().await.expect("status");
        s.connection == Connection::Online && s.queued_changes == 0
    })
    .await;
    let admin = sqlx::PgPool::connect(&cluster.admin_url())
        .await
        .expect("cluster again");
    let on_platform: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM desk.cs_touchpoints WHERE summary = 'on the train'",
    )
    .fetch_one(&admin)
    .await
    .expect("count");
    assert_eq!(on_platform, 1);
    admin.close().await;
}
