//! Pulling from the platform's change feed into the encrypted local store: a first copy, then
//! changes; a transaction that commits late is not skipped; a sync killed midway resumes
//! without loss or duplication; deletes and lost access remove local rows; a cursor older than
//! the feed's retention re-copies.

// Set-up helpers outside #[test] fns must stop the test with their message, like the tests.
#![allow(clippy::expect_used)]

use desk_sync::Puller;
use desk_tests::items::{insert_range, local_rows, platform_rows, world, World};

fn puller(w: &World, page: i64) -> Puller {
    let mut p = Puller::new(w.member.clone(), w.local.pool().clone());
    p.page_size = page;
    p.copy_page_size = page;
    p
}

#[tokio::test]
async fn a_first_copy_then_inserts_updates_and_deletes_arrive() {
    let w = world(2_500).await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut first = puller(&w, 1000);
    let log = seen.clone();
    first.progress = Some(std::sync::Arc::new(move |p: &desk_sync::Progress| {
        log.lock().expect("log").push(p.clone());
    }));
    let report = first.pull_all().await.expect("first pull");
    let seen = seen.lock().expect("log").clone();
    // Told before each page (0, 1000 and 2000 rows in), then once more as it catches up.
    let rows: Vec<u64> = seen.iter().map(|p| p.rows).collect();
    assert_eq!(rows, vec![0, 1000, 2000, 2500]);
    assert!(seen
        .iter()
        .all(|p| p.collection == "items" && p.index == 1 && p.total == 1));
    assert_eq!(report.rows_copied, 2_500);
    assert_eq!(report.copied, vec!["items".to_string()]);
    assert_eq!(local_rows(w.local.pool()).await, platform_rows(&w).await);
    // The mirror is indexed as the platform indexes the table (plain column indexes only).
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mirror_items' AND sql IS NOT NULL",
    )
    .fetch_all(w.local.pool())
    .await
    .expect("indexes");
    assert_eq!(indexes, vec!["mirror_items__team__name".to_string()]);

    insert_range(&w.db.admin, 2_501, 2_510).await;
    for sql in [
        "UPDATE platform.items SET name = 'renamed' WHERE id = 7",
        "DELETE FROM platform.items WHERE id IN (8, 9)",
    ] {
        sqlx::query(sql).execute(&w.db.admin).await.expect(sql);
    }
    let mut second = puller(&w, 1000);
    second.watch = [("items".to_string(), "name".to_string())].into();
    let report = second.pull_all().await.expect("second pull");
    assert!(report.copied.is_empty(), "no re-copy for ordinary changes");
    // The watched column's values of rows written, and of rows removed (read before removal).
    let names = report.watched.get("items").expect("watched");
    for want in ["renamed", "item 8", "item 9", "item 2501", "item 2510"] {
        assert!(names.contains(want), "{want} in {names:?}");
    }
    assert_eq!(names.len(), 13);
    assert_eq!(report.rows_changed, 11);
    assert_eq!(report.rows_deleted, 2);
    let local = local_rows(w.local.pool()).await;
    assert_eq!(local, platform_rows(&w).await);
    assert_eq!(
        local.iter().find(|r| r.0 == 7).map(|r| r.1.as_str()),
        Some("renamed")
    );
    w.db.drop_db().await;
}

#[tokio::test]
async fn a_transaction_that_commits_late_is_not_skipped() {
    let w = world(10).await;
    puller(&w, 100).pull_all().await.expect("first pull");

    // A long transaction writes first (lower feed sequence number) and commits last.
    let mut long = w.db.admin.begin().await.expect("begin");
    sqlx::query("INSERT INTO platform.items VALUES (100, 'slow writer', 'ops')")
        .execute(&mut *long)
        .await
        .expect("slow insert");
    sqlx::query("INSERT INTO platform.items VALUES (101, 'quick writer', 'ops')")
        .execute(&w.db.admin)
        .await
        .expect("quick insert");

    puller(&w, 100)
        .pull_all()
        .await
        .expect("pull while the long one runs");
    let ids: Vec<i64> = local_rows(w.local.pool())
        .await
        .iter()
        .map(|r| r.0)
        .collect();
    assert!(ids.contains(&101), "the committed row arrives at once");
    assert!(!ids.contains(&100), "an uncommitted row is never copied");

    long.commit().await.expect("commit late");
    puller(&w, 100)
        .pull_all()
        .await
        .expect("pull after the late commit");
    let ids: Vec<i64> = local_rows(w.local.pool())
        .await
        .iter()
        .map(|r| r.0)
        .collect();
    assert!(ids.contains(&100), "the late commit's row was skipped");
    assert_eq!(local_rows(w.local.pool()).await, platform_rows(&w).await);
    w.db.drop_db().await;
}

#[tokio::test]
async fn a_sync_killed_midway_resumes_without_loss_or_duplication() {
    let w = world(2_345).await;
    // Killed after two pages of the first copy.
    let mut first = puller(&w, 500);
    first.max_pages = Some(2);
    let report = first.pull_all().await.expect("partial pull");
    assert!(report.interrupted);
    assert_eq!(local_rows(w.local.pool()).await.len(), 1_000);

    // Changes land while the laptop is down, including rows already copied.
    insert_range(&w.db.admin, 5_000, 5_100).await;
    sqlx::query("UPDATE platform.items SET name = name || ' v2' WHERE id % 3 = 0")
        .execute(&w.db.admin)
        .await
        .expect("update");
    sqlx::query("DELETE FROM platform.items WHERE id BETWEEN 10 AND 19")
        .execute(&w.db.admin)
        .await
        .expect("delete");

    // The next start resumes the copy, then takes the changes; killed again mid-window.
    let mut second = puller(&w, 200);
    second.max_pages = Some(9);
    assert!(second.pull_all().await.expect("resumed pull").interrupted);
    let done = puller(&w, 200).pull_all().await.expect("final pull");
    assert!(!done.interrupted);
    assert_eq!(local_rows(w.local.pool()).await, platform_rows(&w).await);
    w.db.drop_db().await;
}

#[tokio::test]
async fn rows_moved_out_of_the_members_sight_are_removed() {
    let w = world(20).await;
    puller(&w, 100).pull_all().await.expect("first pull");
    sqlx::query("UPDATE platform.items SET team = 'finance' WHERE id <= 5")
        .execute(&w.db.admin)
        .await
        .expect("reassign");
    let report = puller(&w, 100).pull_all().await.expect("pull");
    assert_eq!(report.rows_deleted, 5);
    assert_eq!(local_rows(w.local.pool()).await.len(), 15);
    w.db.drop_db().await;
}

#[tokio::test]
async fn losing_access_to_a_collection_removes_its_local_copy() {
    let w = world(20).await;
    puller(&w, 100).pull_all().await.expect("first pull");
    let reader = format!("items_reader_{}", &w.db.name[7..]);
    sqlx::query(&format!("REVOKE SELECT ON platform.items FROM {reader}"))
        .execute(&w.db.admin)
        .await
        .expect("revoke");
    let report = puller(&w, 100).pull_all().await.expect("pull");
    assert_eq!(report.dropped, vec!["items".to_string()]);
    let left: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE name = 'mirror_items'")
            .fetch_one(w.local.pool())
            .await
            .expect("count");
    assert_eq!(left, 0);
    w.db.drop_db().await;
}

#[tokio::test]
async fn a_cursor_older_than_the_feeds_retention_recopies() {
    let w = world(50).await;
    puller(&w, 100).pull_all().await.expect("first pull");
    sqlx::query("UPDATE platform.items SET name = 'changed while away' WHERE id = 1")
        .execute(&w.db.admin)
        .await
        .expect("update");
    // The platform prunes its feed past the laptop's cursor.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let pruned: i64 = sqlx::query_scalar("SELECT desk.prune_feed('0 seconds')")
        .fetch_one(&w.db.admin)
        .await
        .expect("prune");
    assert!(pruned > 0);
    let report = puller(&w, 100).pull_all().await.expect("pull");
    assert_eq!(report.copied, vec!["items".to_string()]);
    assert_eq!(local_rows(w.local.pool()).await, platform_rows(&w).await);
    w.db.drop_db().await;
}
