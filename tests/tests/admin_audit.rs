//! The audit viewer on an administrator's laptop against a real PostgreSQL platform: the
//! append-only trail syncs to admins and security engineers (not to other roles), entries made
//! after the first sync arrive with the next one, the filters (actor, action and target
//! prefixes, days, words) narrow it, newest first, and the export writes every matching entry.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

use desk_core::export::{ExportFormat, ExportRequest};
use desk_core::DeskError;
use desk_store::admin::AuditQuery;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::{create_login, PlatformDb};
use sqlx::PgPool;

async fn raise(pool: &PgPool, key: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title)
         VALUES ($1, 'smtp-relay', 'high', 'ops', 'Relay queue above 50k') RETURNING id",
    )
    .bind(key)
    .fetch_one(pool)
    .await
    .expect("raise an alert")
}

fn query() -> AuditQuery {
    AuditQuery {
        limit: 100,
        ..AuditQuery::default()
    }
}

#[tokio::test]
async fn admins_search_the_audit_trail_offline_and_export_it() {
    let db = PlatformDb::create().await;
    let ops = create_login(&db.admin, "pw", &["desk_ops"], true).await;
    let ops_pool = db.connect_as(&ops, "pw").await.expect("ops");
    let first = raise(&db.admin, "relay-1").await;
    let second = raise(&db.admin, "relay-2").await;
    sqlx::query("SELECT desk.ack_alert($1)")
        .bind(first)
        .execute(&ops_pool)
        .await
        .expect("ack");

    let admin = create_login(&db.admin, "pw", &["desk_admin"], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Sandbox", 5432, &db.name, &admin);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");

    let page = desk.admin_audit(&query()).await.expect("audit");
    assert_eq!(page.total, 1);
    let ack = &page.rows[0];
    assert_eq!(
        (ack.actor.as_str(), ack.action.as_str()),
        (ops.as_str(), "alert.ack")
    );
    assert_eq!(ack.target, format!("alert:{first}"));
    assert!(ack
        .before
        .as_deref()
        .is_some_and(|b| b.contains("triggered")));
    assert!(ack
        .after
        .as_deref()
        .is_some_and(|a| a.contains("acknowledged")));

    // Changes after the first sync arrive with the next one, newest first.
    sqlx::query("SELECT desk.resolve_alert($1, true, 'synthetic probe misconfigured')")
        .bind(second)
        .execute(&ops_pool)
        .await
        .expect("resolve");
    desk.sync_now().await.expect("sync");
    let page = desk.admin_audit(&query()).await.expect("audit");
    assert_eq!(page.total, 2);
    assert_eq!(page.rows[0].action, "alert.resolve");
    assert_eq!(
        page.rows[0].reason.as_deref(),
        Some("synthetic probe misconfigured")
    );
    assert_eq!(page.actions, ["alert.ack", "alert.resolve"]);
    assert_eq!(page.actors, std::slice::from_ref(&ops));

    // Filters.
    let by = |q: AuditQuery| {
        let desk = &desk;
        async move { desk.admin_audit(&q).await.expect("audit").total }
    };
    assert_eq!(
        by(AuditQuery {
            action: Some("alert.".into()),
            ..query()
        })
        .await,
        2
    );
    assert_eq!(
        by(AuditQuery {
            action: Some("alert.ack".into()),
            ..query()
        })
        .await,
        1
    );
    assert_eq!(
        by(AuditQuery {
            action: Some("staff.".into()),
            ..query()
        })
        .await,
        0
    );
    assert_eq!(
        by(AuditQuery {
            target: Some(format!("alert:{second}")),
            ..query()
        })
        .await,
        1
    );
    assert_eq!(
        by(AuditQuery {
            actor: Some(admin.clone()),
            ..query()
        })
        .await,
        0
    );
    assert_eq!(
        by(AuditQuery {
            text: Some("misconfigured".into()),
            ..query()
        })
        .await,
        1
    );
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(
        by(AuditQuery {
            from: Some(today.clone()),
            to: Some(today),
            ..query()
        })
        .await,
        2
    );
    assert_eq!(
        by(AuditQuery {
            to: Some("2020-01-01".into()),
            ..query()
        })
        .await,
        0
    );
    assert!(matches!(
        desk.admin_audit(&AuditQuery { from: Some("yesterday".into()), ..query() }).await,
        Err(DeskError::InvalidInput(m)) if m.starts_with("from")
    ));
    let paged = desk
        .admin_audit(&AuditQuery {
            offset: 1,
            limit: 1,
            ..query()
        })
        .await
        .expect("page 2");
    assert_eq!((paged.total, paged.rows.len()), (2, 1));
    assert_eq!(paged.rows[0].action, "alert.ack");

    // The export writes every matching entry, not the page.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = desk
        .finance_export(
            &ExportRequest::Audit {
                query: AuditQuery {
                    action: Some("alert.".into()),
                    offset: 0,
                    limit: 1,
                    ..query()
                },
            },
            ExportFormat::Csv,
            dir.path(),
        )
        .await
        .expect("export");
    assert_eq!(file.rows, 2);
    let text = std::fs::read_to_string(&file.path).expect("read");
    assert!(text.starts_with("Id,At,Actor,Action,Target,Reason,Before,After"));
    assert!(text.contains("synthetic probe misconfigured"));

    // Offline, the trail is still there.
    drop(desk);
    let desk = laptop.start().await;
    assert_eq!(desk.admin_audit(&query()).await.expect("offline").total, 2);

    // An ops member's laptop holds no trail at all.
    let ops_laptop = Laptop::new();
    let ops_desk = ops_laptop.start().await;
    let p = add_profile(&ops_desk, "Sandbox", 5432, &db.name, &ops);
    ops_desk.sign_in(&p.id, Some("pw")).await.expect("sign in");
    ops_desk.sync_now().await.expect("sync");
    assert_eq!(
        ops_desk.admin_audit(&query()).await.expect("audit").total,
        0
    );
    ops_desk.sign_out().await.expect("sign out");
    db.drop_db().await;
}
