//! The alert inbox on a laptop against a real PostgreSQL platform: alerts grouped by dedup
//! key with who acted; acknowledge, resolve as a false positive and an investigation note made
//! offline show at once as pending and reach the platform exactly once; resolving an alert
//! someone else resolved first is refused, naming who; a note on an alert of another team is
//! refused; notification settings are checked.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

use desk_core::DeskError;
use desk_domain::alerts::Severity;
use desk_store::alerts::AlertQuery;
use desk_store::cs::RecordSync;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::{create_login, PlatformDb};
use sqlx::PgPool;

async fn raise(pool: &PgPool, key: &str, team: &str, severity: &str, status: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title, status,
                                      acknowledged_at, resolved_at, acknowledged_by, resolved_by,
                                      created_at)
         VALUES ($1, 'api-gateway', $2, $3, 'Latency above SLO for ' || $1, $4,
                 CASE WHEN $4 <> 'triggered' THEN now() END, CASE WHEN $4 = 'resolved' THEN now() END,
                 CASE WHEN $4 <> 'triggered' THEN 'someone' END, CASE WHEN $4 = 'resolved' THEN 'someone' END,
                 now() - interval '30 minutes')
         RETURNING id",
    )
    .bind(key)
    .bind(severity)
    .bind(team)
    .bind(status)
    .fetch_one(pool)
    .await
    .expect("raise an alert")
}

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

#[tokio::test]
async fn ops_works_the_inbox_offline_and_is_refused_what_someone_else_did_first() {
    let db = PlatformDb::create().await;
    // One key fired twice (the first resolved), three open alerts, one of another team.
    raise(&db.admin, "gw-eu", "ops", "high", "resolved").await;
    let gw = raise(&db.admin, "gw-eu", "ops", "high", "triggered").await;
    let relay = raise(&db.admin, "relay", "ops", "critical", "triggered").await;
    let sync_fail = raise(&db.admin, "m365", "ops", "medium", "triggered").await;
    let security = raise(&db.admin, "stuffing", "security", "critical", "triggered").await;
    let login = create_login(&db.admin, "pw", &["desk_ops"], true).await;
    let other = create_login(&db.admin, "pw", &["desk_ops"], true).await;

    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Sandbox", 5432, &db.name, &login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");

    let inbox = desk
        .alerts_inbox(&AlertQuery::default())
        .await
        .expect("inbox");
    let ids: Vec<i64> = inbox.alerts.iter().map(|a| a.id).collect();
    assert_eq!(
        ids,
        vec![relay, gw, sync_fail],
        "one row per dedup key, most severe first; no security alert for ops"
    );
    assert_eq!(inbox.alerts[1].alerts_with_key, 2);
    // Half an hour unacknowledged: past critical's 5 minutes and high's 15, not medium's hour.
    assert!(inbox.alerts[0].overdue && inbox.alerts[1].overdue && !inbox.alerts[2].overdue);
    assert_eq!(
        (
            inbox.counts.open,
            inbox.counts.overdue,
            inbox.counts.critical
        ),
        (3, 2, 1)
    );
    let only_critical = desk
        .alerts_inbox(&AlertQuery {
            severities: vec![Severity::Critical],
            ..AlertQuery::default()
        })
        .await
        .expect("inbox");
    assert_eq!(only_critical.alerts.len(), 1);
    let searched = desk
        .alerts_inbox(&AlertQuery {
            search: Some("m365".into()),
            ..AlertQuery::default()
        })
        .await
        .expect("inbox");
    assert_eq!(
        searched.alerts.iter().map(|a| a.id).collect::<Vec<_>>(),
        [sync_fail]
    );

    // Offline work: acknowledge, a note, and a false positive, shown at once as pending.
    desk.alert_ack(relay).await.expect("ack");
    desk.alert_add_note(relay, "  Relay pool 3 draining since 10:05 ")
        .await
        .expect("note");
    desk.alert_resolve(gw, true, Some("Synthetic probe misconfigured"))
        .await
        .expect("resolve");
    assert!(matches!(
        desk.alert_add_note(relay, "   ").await,
        Err(DeskError::InvalidInput(m)) if m.starts_with("note")
    ));
    assert!(matches!(
        desk.alert_ack(relay).await,
        Err(DeskError::InvalidInput(m)) if m.contains("already acknowledged")
    ));
    let detail = desk.alert(relay).await.expect("detail");
    assert_eq!(detail.alert.status, "acknowledged");
    assert_eq!(
        detail.alert.acknowledged_by.as_deref(),
        Some(login.as_str())
    );
    assert_eq!(detail.alert.sync, RecordSync::Pending);
    assert_eq!(detail.notes.len(), 1);
    assert_eq!(detail.notes[0].body, "Relay pool 3 draining since 10:05");
    assert_eq!(detail.notes[0].sync, RecordSync::Pending);
    let gw_detail = desk.alert(gw).await.expect("detail");
    assert_eq!(gw_detail.history.len(), 1, "the earlier alert of its key");
    // Meanwhile someone else resolves the medium one, which this desk also resolves.
    desk.alert_resolve(sync_fail, false, None)
        .await
        .expect("resolve");
    let theirs = db.connect_as(&other, "pw").await.expect("other ops");
    sqlx::query("SELECT desk.resolve_alert($1, false, 'fixed by the vendor')")
        .bind(sync_fail)
        .execute(&theirs)
        .await
        .expect("resolved elsewhere");

    desk.sync_now().await.expect("push and pull");
    let (status, by): (String, Option<String>) =
        sqlx::query_as("SELECT status, acknowledged_by FROM platform.alerts WHERE id = $1")
            .bind(relay)
            .fetch_one(&db.admin)
            .await
            .expect("relay");
    assert_eq!(
        (status.as_str(), by.as_deref()),
        ("acknowledged", Some(login.as_str()))
    );
    let (status, fp): (String, bool) =
        sqlx::query_as("SELECT status, false_positive FROM platform.alerts WHERE id = $1")
            .bind(gw)
            .fetch_one(&db.admin)
            .await
            .expect("gw");
    assert_eq!((status.as_str(), fp), ("resolved", true));
    assert_eq!(
        scalar(
            &db.admin,
            &format!("SELECT count(*) FROM platform.alert_notes WHERE alert_id = {relay}")
        )
        .await,
        1,
        "the note reached the platform once"
    );
    desk.sync_now().await.expect("again");
    assert_eq!(
        scalar(&db.admin, "SELECT count(*) FROM platform.alert_notes").await,
        1,
        "a second sync sends nothing again"
    );
    let detail = desk.alert(relay).await.expect("detail");
    assert_eq!(detail.alert.sync, RecordSync::Synced);
    assert_eq!(detail.notes[0].sync, RecordSync::Synced);
    let refused = desk.alert(sync_fail).await.expect("detail");
    assert_eq!(
        refused.alert.resolved_by.as_deref(),
        Some(other.as_str()),
        "the platform's version"
    );
    match &refused.alert.sync {
        RecordSync::Refused { reason, message } => {
            assert_eq!(reason, "conflict");
            assert!(
                message.contains("already resolved") && message.contains(&other),
                "{message}"
            );
        }
        s => panic!("expected a refusal, got {s:?}"),
    }

    // Another team's alert: not in the local copy, and refused by the platform too.
    assert!(matches!(
        desk.alert(security).await,
        Err(DeskError::NotFound(_))
    ));
    let mine = db.connect_as(&login, "pw").await.expect("ops");
    let err = sqlx::query("SELECT desk.add_alert_note(gen_random_uuid(), $1, 'peek')")
        .bind(security)
        .execute(&mine)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("does not exist"), "{err}");

    // Settings are checked: ops cannot ask for security's alerts.
    let mut settings = desk.notification_settings().await.expect("settings");
    assert_eq!(settings.teams, ["ops"]);
    settings.teams.push("security".into());
    assert!(matches!(
        desk.save_notification_settings(&settings).await,
        Err(DeskError::InvalidInput(m)) if m.contains("security")
    ));

    desk.sign_out().await.expect("sign out");
    db.drop_db().await;
}
