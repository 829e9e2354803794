//! Pushing the user's changes: shown locally at once and queued; applied exactly once even
//! when sent twice or after a lost reply; refused with a typed reason that puts the record
//! back as the platform has it; and never lost across a restart.

// Set-up helpers outside #[test] fns must stop the test with their message, like the tests.
#![allow(clippy::expect_used)]

mod platform_fixture;

use std::sync::Arc;

use desk_store::{LocalStore, MemoryKeychain};
use desk_sync::{discover, enqueue, Change, Collection, Outcome, Puller, Pusher, Refusal};
use desk_tests::platform::PlatformDb;
use platform_fixture::{staff, Staff};
use serde_json::{json, Value};
use sqlx::PgPool;

struct Laptop {
    dir: tempfile::TempDir,
    keychain: Arc<MemoryKeychain>,
    store: LocalStore,
}

async fn laptop() -> Laptop {
    let dir = tempfile::tempdir().expect("tempdir");
    let keychain = Arc::new(MemoryKeychain::new());
    let store = LocalStore::open(&dir.path().join("desk.db"), keychain.as_ref())
        .await
        .expect("store");
    Laptop {
        dir,
        keychain,
        store,
    }
}

/// A customer on the platform; returns its id.
async fn tenant(admin: &PgPool) -> String {
    sqlx::query(
        "INSERT INTO platform.plans (code, name, pricing, price_minor, currency, \"interval\")
         VALUES ('growth', 'Growth', 'per_seat', 2900, 'USD', 'month') ON CONFLICT DO NOTHING",
    )
    .execute(admin)
    .await
    .expect("plan");
    sqlx::query_scalar(
        "INSERT INTO platform.tenants (name, domain, plan_code, status, currency)
         VALUES ('Acme Outreach', 'acme-outreach.test', 'growth', 'active', 'USD') RETURNING id::text",
    )
    .fetch_one(admin)
    .await
    .expect("tenant")
}

async fn synced(member: &Staff, l: &Laptop) -> Vec<Collection> {
    Puller::new(member.pool.clone(), l.store.pool().clone())
        .pull_all()
        .await
        .expect("pull");
    discover(&member.pool).await.expect("collections")
}

fn touchpoint(tenant_id: &str, author: &str) -> Change {
    let id = uuid::Uuid::new_v4().to_string();
    let at = "2026-11-20T10:00:00+00:00";
    Change {
        action: "add_touchpoint".into(),
        args: json!({ "id": id, "tenant_id": tenant_id, "kind": "call",
                      "summary": "QBR prep", "outcome": "renewal likely",
                      "next_step": "send proposal", "happened_at": at }),
        target: Some(("cs_touchpoints".into(), json!([id]))),
        optimistic: json!({ "id": id, "tenant_id": tenant_id, "author": author, "kind": "call",
                            "summary": "QBR prep", "outcome": "renewal likely",
                            "next_step": "send proposal", "happened_at": at, "version": 1 })
        .as_object()
        .cloned(),
    }
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

#[tokio::test]
async fn a_touchpoint_made_offline_shows_at_once_and_is_applied_once() {
    let db = PlatformDb::create().await;
    let tenant_id = tenant(&db.admin).await;
    let cs = staff(&db, "desk_cs").await;
    let l = laptop().await;
    let collections = synced(&cs, &l).await;

    let change = touchpoint(&tenant_id, &cs.id);
    let key = enqueue(l.store.pool(), &change).await.expect("queued");
    let local: i64 = sqlx::query_scalar("SELECT count(*) FROM mirror_cs_touchpoints")
        .fetch_one(l.store.pool())
        .await
        .expect("local");
    assert_eq!(local, 1, "the touchpoint shows locally before any network");
    assert_eq!(l.store.queued_changes().await.expect("queued"), 1);

    let pusher = Pusher::new(cs.pool.clone(), l.store.pool().clone());
    let report = pusher.push_all(&collections).await.expect("push");
    assert_eq!((report.applied, report.refused), (1, 0));
    assert_eq!(l.store.queued_changes().await.expect("queued"), 0);
    // Sent again (the same change, the same key): applied once all the same.
    assert_eq!(
        pusher
            .send(&key, &change.action, &change.args)
            .await
            .expect("resend"),
        Outcome::Applied
    );
    assert_eq!(
        pusher.push_all(&collections).await.expect("again").applied,
        0
    );
    assert_eq!(
        count(&db.admin, "SELECT count(*) FROM desk.cs_touchpoints").await,
        1
    );
    db.drop_db().await;
}

#[tokio::test]
async fn a_change_whose_reply_was_lost_is_not_applied_twice() {
    let db = PlatformDb::create().await;
    let tenant_id = tenant(&db.admin).await;
    let cs = staff(&db, "desk_cs").await;
    let l = laptop().await;
    let collections = synced(&cs, &l).await;
    let change = touchpoint(&tenant_id, &cs.id);
    let key = enqueue(l.store.pool(), &change).await.expect("queued");

    // The first send reached the platform and was applied, but its reply never came back.
    let _lost: Value = sqlx::query_scalar("SELECT desk.apply_change($1::uuid, $2, $3)")
        .bind(&key)
        .bind(&change.action)
        .bind(&change.args)
        .fetch_one(&cs.pool)
        .await
        .expect("first send");
    assert_eq!(l.store.queued_changes().await.expect("queued"), 1);

    let report = Pusher::new(cs.pool.clone(), l.store.pool().clone())
        .push_all(&collections)
        .await
        .expect("retry");
    assert_eq!(report.applied, 1);
    assert_eq!(
        count(&db.admin, "SELECT count(*) FROM desk.cs_touchpoints").await,
        1
    );
    assert_eq!(
        count(&db.admin, "SELECT count(*) FROM desk.applied_changes").await,
        1
    );
    db.drop_db().await;
}

#[tokio::test]
async fn a_stale_acknowledgement_is_refused_as_a_conflict_and_the_record_restored() {
    let db = PlatformDb::create().await;
    let ops = staff(&db, "desk_ops").await;
    let alert_id: i64 = sqlx::query_scalar(
        "INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title)
         VALUES ('smtp-queue', 'smtp-relay', 'high', 'ops', 'SMTP queue growing') RETURNING id",
    )
    .fetch_one(&db.admin)
    .await
    .expect("alert");
    let l = laptop().await;
    let collections = synced(&ops, &l).await;

    // Someone else acts on the alert on the platform after this laptop last synced.
    sqlx::query("UPDATE platform.alerts SET title = 'SMTP queue growing fast' WHERE id = $1")
        .bind(alert_id)
        .execute(&db.admin)
        .await
        .expect("other change");

    let change = Change {
        action: "ack_alert".into(),
        args: json!({ "alert_id": alert_id, "expected_version": 1 }),
        target: Some(("alerts".into(), json!([alert_id]))),
        optimistic: None,
    };
    enqueue(l.store.pool(), &change).await.expect("queued");
    sqlx::query("UPDATE mirror_alerts SET status = 'acknowledged' WHERE id = ?")
        .bind(alert_id)
        .execute(l.store.pool())
        .await
        .expect("optimistic");

    let report = Pusher::new(ops.pool.clone(), l.store.pool().clone())
        .push_all(&collections)
        .await
        .expect("push");
    assert_eq!((report.applied, report.refused), (0, 1));
    let refusal: String = sqlx::query_scalar("SELECT refusal FROM outbox WHERE state = 'refused'")
        .fetch_one(l.store.pool())
        .await
        .expect("refusal");
    let refusal: Value = serde_json::from_str(&refusal).expect("json");
    assert_eq!(refusal["reason"], "conflict");
    assert!(refusal["message"]
        .as_str()
        .unwrap_or("")
        .contains("changed since"));
    let (status, title): (String, String) =
        sqlx::query_as("SELECT status, title FROM mirror_alerts WHERE id = ?")
            .bind(alert_id)
            .fetch_one(l.store.pool())
            .await
            .expect("local alert");
    assert_eq!(
        status, "triggered",
        "the refused change was rolled back locally"
    );
    assert_eq!(
        title, "SMTP queue growing fast",
        "and the record shows the platform's state"
    );
    db.drop_db().await;
}

#[tokio::test]
async fn a_change_the_member_may_not_make_is_refused_for_permission() {
    let db = PlatformDb::create().await;
    let tenant_id = tenant(&db.admin).await;
    let finance = staff(&db, "desk_finance").await;
    let l = laptop().await;
    let pusher = Pusher::new(finance.pool.clone(), l.store.pool().clone());
    let change = touchpoint(&tenant_id, &finance.id);
    let outcome = pusher
        .send(
            &uuid::Uuid::new_v4().to_string(),
            &change.action,
            &change.args,
        )
        .await
        .expect("answer");
    assert!(
        matches!(outcome, Outcome::Refused(Refusal::Permission, _)),
        "{outcome:?}"
    );
    let bad = pusher
        .send(
            &uuid::Uuid::new_v4().to_string(),
            "add_touchpoint",
            &json!({ "id": "not-a-uuid" }),
        )
        .await
        .expect("answer");
    assert!(matches!(
        bad,
        Outcome::Refused(Refusal::Permission | Refusal::Validation, _)
    ));
    assert_eq!(
        count(&db.admin, "SELECT count(*) FROM desk.cs_touchpoints").await,
        0
    );
    db.drop_db().await;
}

#[tokio::test]
async fn queued_changes_survive_a_restart() {
    let db = PlatformDb::create().await;
    let tenant_id = tenant(&db.admin).await;
    let cs = staff(&db, "desk_cs").await;
    let l = laptop().await;
    let collections = synced(&cs, &l).await;
    enqueue(l.store.pool(), &touchpoint(&tenant_id, &cs.id))
        .await
        .expect("queued");
    l.store.close().await;

    // The laptop restarts: the store reopens with the keychain's key, the change is there.
    let store = LocalStore::open(&l.dir.path().join("desk.db"), l.keychain.as_ref())
        .await
        .expect("reopen");
    assert_eq!(store.queued_changes().await.expect("queued"), 1);
    let report = Pusher::new(cs.pool.clone(), store.pool().clone())
        .push_all(&collections)
        .await
        .expect("push");
    assert_eq!(report.applied, 1);
    assert_eq!(
        count(&db.admin, "SELECT count(*) FROM desk.cs_touchpoints").await,
        1
    );
    db.drop_db().await;
}
