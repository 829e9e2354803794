//! The platform schema as a whole: migrations are idempotent, every synced table feeds the
//! change feed with the right key, and nothing is granted to PUBLIC.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use desk_platform::migrate::{migrate, schema_version, SCHEMA_VERSION};
use desk_tests::platform::PlatformDb;
use platform_fixture::{seed, SEED};

#[tokio::test]
async fn migrations_apply_twice_cleanly() {
    let db = PlatformDb::create().await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(&db.admin)
        .await
        .expect("migrations table");
    migrate(&db.admin).await.expect("a second run is a no-op");
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations")
        .fetch_one(&db.admin)
        .await
        .expect("migrations table");
    assert_eq!(before, after);
    assert_eq!(
        schema_version(&db.admin).await.expect("version"),
        Some(SCHEMA_VERSION),
        "the schema reports the version this build knows"
    );
    // A second database on the same cluster migrates too (the group roles already exist).
    let other = PlatformDb::create().await;
    other.drop_db().await;
    db.drop_db().await;
}

#[tokio::test]
async fn every_tracked_table_feeds_the_change_feed() {
    let db = PlatformDb::create().await;
    let mut tracked: Vec<String> = sqlx::query_scalar("SELECT name FROM desk.collections")
        .fetch_all(&db.admin)
        .await
        .expect("collections");
    tracked.sort();
    let mut seeded: Vec<String> = SEED.iter().map(|(c, _)| c.to_string()).collect();
    seeded.sort();
    assert_eq!(tracked, seeded, "the seed covers every tracked collection");

    for (collection, key) in seed(&db.admin).await {
        let ops: Vec<String> = sqlx::query_scalar(
            "SELECT op::text FROM desk.change_feed WHERE collection = $1 AND row_key = $2::jsonb",
        )
        .bind(collection)
        .bind(&key)
        .fetch_all(&db.admin)
        .await
        .expect("feed");
        assert_eq!(
            ops,
            vec!["I"],
            "{collection} {key} is in the feed once, as an insert"
        );
    }
    // Nothing the desk keeps to itself is synced. (The audit trail is: administrators and
    // security engineers search it offline; it stays append-only on the platform.)
    for private in ["applied_changes", "change_feed", "email_outbox"] {
        assert!(
            !tracked.iter().any(|t| t == private),
            "{private} is not synced"
        );
    }
    db.drop_db().await;
}

#[tokio::test]
async fn nothing_is_granted_to_public() {
    let db = PlatformDb::create().await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
                LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
          WHERE n.nspname IN ('platform', 'desk') AND a.grantee = 0",
    )
    .fetch_all(&db.admin)
    .await
    .expect("table grants");
    assert!(tables.is_empty(), "tables granted to PUBLIC: {tables:?}");
    let definers: Vec<String> = sqlx::query_scalar(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace,
                LATERAL aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
          WHERE n.nspname IN ('platform', 'desk') AND p.prosecdef AND a.grantee = 0",
    )
    .fetch_all(&db.admin)
    .await
    .expect("function grants");
    assert!(
        definers.is_empty(),
        "SECURITY DEFINER functions PUBLIC may run: {definers:?}"
    );
    let unpinned: Vec<String> = sqlx::query_scalar(
        "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname IN ('platform', 'desk') AND p.prosecdef
            AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')",
    )
    .fetch_all(&db.admin)
    .await
    .expect("function settings");
    assert!(
        unpinned.is_empty(),
        "SECURITY DEFINER functions without a pinned search_path: {unpinned:?}"
    );
    let schemas: Vec<String> = sqlx::query_scalar(
        "SELECT n.nspname::text FROM pg_namespace n, LATERAL aclexplode(n.nspacl) a
          WHERE n.nspname IN ('platform', 'desk') AND a.grantee = 0",
    )
    .fetch_all(&db.admin)
    .await
    .expect("schema grants");
    assert!(schemas.is_empty(), "schemas PUBLIC may use: {schemas:?}");
    db.drop_db().await;
}
