//! Signing in as a staff member's own PostgreSQL login: roles become sections, refusals are
//! clear, and the member is remembered for a start without network.

use desk_core::{Connection, DeskError};
use desk_domain::{DeskRole, Section};
use desk_tests::cluster::Cluster;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::{admin_pool, create_login, PlatformDb};

#[tokio::test]
async fn finance_and_cs_member_signs_in_and_sees_their_sections() {
    let db = PlatformDb::create().await;
    let pg = db.admin.clone();
    let login = create_login(&pg, "pw-ana", &["desk_finance", "desk_cs"], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Local", 5432, &db.name, &login);

    let session = desk
        .sign_in(&profile.id, Some("pw-ana"))
        .await
        .expect("sign in");
    assert_eq!(session.login, login);
    assert_eq!(session.roles, vec![DeskRole::Finance, DeskRole::Cs]);
    assert_eq!(
        session.sections,
        vec![
            Section::Home,
            Section::Customers,
            Section::Billing,
            Section::Kpis
        ]
    );
    let status = desk.status().await.expect("status");
    assert_eq!(status.connection, Connection::Online);
    assert_eq!(status.queued_changes, 0);
    assert!(
        desk.list_profiles().expect("list")[0].has_password,
        "typed password kept in keychain"
    );
    db.drop_db().await;
}

#[tokio::test]
async fn roles_granted_through_another_role_count() {
    let db = PlatformDb::create().await;
    let pg = db.admin.clone();
    // A team role that is itself a member of desk_ops.
    let team = create_login(&pg, "x", &["desk_ops"], false).await;
    let login = create_login(&pg, "pw", &[&team], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Local", 5432, &db.name, &login);
    let session = desk
        .sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    assert_eq!(session.roles, vec![DeskRole::Ops]);
    assert!(session.sections.contains(&Section::Operations));
    db.drop_db().await;
}

#[tokio::test]
async fn a_login_without_desk_role_is_refused() {
    let db = PlatformDb::create().await;
    let pg = db.admin.clone();
    let login = create_login(&pg, "pw", &[], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Local", 5432, &db.name, &login);
    let err = desk
        .sign_in(&profile.id, Some("pw"))
        .await
        .expect_err("refused");
    assert!(matches!(err, DeskError::NotADeskUser(_)), "{err:?}");
    assert!(err.to_string().contains("not a member of any desk role"));
    assert_eq!(
        desk.status().await.expect("status").connection,
        Connection::SignedOut
    );
    db.drop_db().await;
}

#[tokio::test]
async fn a_disabled_login_cannot_sign_in() {
    let db = PlatformDb::create().await;
    let pg = db.admin.clone();
    let login = create_login(&pg, "pw", &["desk_cs"], false).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Local", 5432, &db.name, &login);
    let err = desk
        .sign_in(&profile.id, Some("pw"))
        .await
        .expect_err("refused");
    assert!(matches!(err, DeskError::AuthFailed(_)), "{err:?}");
    db.drop_db().await;
}

#[tokio::test]
async fn an_unreachable_platform_is_reported_as_such() {
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    // Port 1 on loopback: nothing listens there.
    let profile = add_profile(&desk, "Nowhere", 1, "test", "ana");
    let err = desk
        .sign_in(&profile.id, Some("pw"))
        .await
        .expect_err("refused");
    assert!(matches!(err, DeskError::Unreachable(_)), "{err:?}");
}

#[tokio::test]
async fn without_a_stored_password_sign_in_asks_for_one() {
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Local", 5432, "test", "ana");
    let err = desk.sign_in(&profile.id, None).await.expect_err("refused");
    assert!(matches!(err, DeskError::AuthFailed(_)));
    assert!(err.to_string().contains("type it"));
}

#[tokio::test]
async fn the_remembered_member_starts_offline_and_comes_back_online() {
    let db = PlatformDb::create().await;
    let pg = db.admin.clone();
    let login = create_login(&pg, "pw-bo", &["desk_admin"], true).await;
    let laptop = Laptop::new();
    {
        let desk = laptop.start().await;
        let profile = add_profile(&desk, "Local", 5432, &db.name, &login);
        desk.sign_in(&profile.id, Some("pw-bo"))
            .await
            .expect("sign in");
        desk.store().expect("store").close().await;
    }
    // Next launch: the member is there before any network, with their roles.
    let desk = laptop.start().await;
    let status = desk.status().await.expect("status");
    assert_eq!(status.connection, Connection::Offline);
    let session = status.session.expect("remembered");
    assert_eq!(session.login, login);
    assert_eq!(session.roles, vec![DeskRole::Admin]);
    assert!(session.sections.contains(&Section::Admin));

    assert!(desk.reconnect().await.expect("reconnect"));
    assert_eq!(
        desk.status().await.expect("status").connection,
        Connection::Online
    );
    db.drop_db().await;
}

#[tokio::test]
async fn sign_out_forgets_the_member() {
    let db = PlatformDb::create().await;
    let pg = db.admin.clone();
    let login = create_login(&pg, "pw", &["desk_security"], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Local", 5432, &db.name, &login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    let err = desk.delete_profile(&profile.id).await.expect_err("in use");
    assert!(matches!(err, DeskError::InvalidInput(_)));
    desk.sign_out().await.expect("sign out");
    desk.store().expect("store").close().await;
    let again = laptop.start().await;
    assert_eq!(
        again.status().await.expect("status").connection,
        Connection::SignedOut
    );
    again
        .delete_profile(&profile.id)
        .await
        .expect("removed once signed out");
    assert!(again.list_profiles().expect("list").is_empty());
    db.drop_db().await;
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_not_stored() {
    let cluster = Cluster::start();
    let pg = sqlx::PgPool::connect(&cluster.admin_url())
        .await
        .expect("cluster");
    desk_platform::migrate::migrate(&pg)
        .await
        .expect("migrate the cluster");
    let login = create_login(&pg, "right-pw", &["desk_cs"], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Throwaway", cluster.port, "postgres", &login);

    let err = desk
        .sign_in(&profile.id, Some("wrong-pw"))
        .await
        .expect_err("refused");
    assert!(matches!(err, DeskError::AuthFailed(_)), "{err:?}");
    assert!(
        !desk.list_profiles().expect("list")[0].has_password,
        "a refused password was kept"
    );

    let session = desk
        .sign_in(&profile.id, Some("right-pw"))
        .await
        .expect("sign in");
    assert_eq!(session.roles, vec![DeskRole::Cs]);
    // The keychain's password now signs in without typing.
    desk.sign_out().await.expect("out");
    desk.sign_in(&profile.id, None)
        .await
        .expect("sign in from keychain");
    pg.close().await;
}

#[tokio::test]
async fn a_platform_without_the_desk_schema_is_refused_with_the_version_needed() {
    let pg = admin_pool().await;
    let login = create_login(&pg, "pw", &["desk_cs"], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    // The machine's `test` database has never been migrated.
    let profile = add_profile(&desk, "Unmigrated", 5432, "test", &login);
    let err = desk
        .sign_in(&profile.id, Some("pw"))
        .await
        .expect_err("refused");
    assert!(matches!(err, DeskError::SchemaMismatch(_)), "{err:?}");
    let needed = desk_platform::migrate::SCHEMA_VERSION.to_string();
    assert!(err.to_string().contains(&needed), "{err}");
    assert!(err.to_string().contains("desk-sandbox migrate"));
}

#[tokio::test]
async fn a_signed_in_member_pulls_what_they_may_read() {
    let db = PlatformDb::create().await;
    for sql in [
        "CREATE TABLE platform.notes_for_ops (id bigint PRIMARY KEY, body text)",
        "SELECT desk.track('notes_for_ops', 'platform.notes_for_ops', ARRAY['id'], 'test')",
        "GRANT SELECT ON platform.notes_for_ops TO desk_ops",
        "INSERT INTO platform.notes_for_ops SELECT g, 'note ' || g FROM generate_series(1, 30) g",
    ] {
        sqlx::query(sql).execute(&db.admin).await.expect(sql);
    }
    let login = create_login(&db.admin, "pw", &["desk_ops"], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Local", 5432, &db.name, &login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    let report = desk.sync_now().await.expect("sync");
    assert!(report.copied.contains(&"notes_for_ops".to_string()));
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM mirror_notes_for_ops")
        .fetch_one(desk.store().expect("store").pool())
        .await
        .expect("count");
    assert_eq!(n, 30);
    let copy = desk.local_copy().await.expect("local copy");
    let notes = copy
        .iter()
        .find(|c| c.collection == "notes_for_ops")
        .expect("listed");
    assert_eq!((notes.rows, notes.pending), (30, 0));
    assert!(notes.synced_at.is_some());
    let status = desk.status().await.expect("status");
    assert!(
        status.last_sync_at.is_some(),
        "the status bar gets a last sync time"
    );
    assert!(!status.syncing);
    assert_eq!(status.sync_error, None);

    // Sign-out removes the synced copy from the laptop.
    desk.sign_out().await.expect("sign out");
    let left: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE name = 'mirror_notes_for_ops'",
    )
    .fetch_one(desk.store().expect("store").pool())
    .await
    .expect("count");
    assert_eq!(left, 0);
    db.drop_db().await;
}
