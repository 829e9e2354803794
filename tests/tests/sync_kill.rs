//! A sync killed with SIGKILL (a crash, a closed lid that never came back, the task manager)
//! at any moment, in the middle of a full copy or of a window of changes, loses nothing and
//! duplicates nothing: the next start resumes from the last committed page, and the encrypted
//! store stays intact. The pull runs in a process of its own (`desk-pull`) so the kill is real.

// Set-up helpers outside #[test] fns must stop the test with their message, like the tests.
#![allow(clippy::expect_used)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use desk_sync::Puller;
use desk_tests::items::{insert_range, local_rows, platform_rows, world, World};
use sqlx::SqlitePool;

/// The pull of `items` as the child last committed it: its cursor state and the rows held.
async fn progress(local: &SqlitePool) -> (Option<String>, i64) {
    let state: Option<String> = sqlx::query_scalar(
        "SELECT json_extract(cursor, '$.state') FROM sync_cursors WHERE collection = 'items'",
    )
    .fetch_optional(local)
    .await
    .expect("cursor")
    .flatten();
    // Before the mirror table exists there is nothing yet: 0 rows.
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM mirror_items")
        .fetch_one(local)
        .await
        .unwrap_or_default();
    (state, rows)
}

fn spawn_pull(w: &World, page: i64) -> Child {
    Command::new(env!("CARGO_BIN_EXE_desk-pull"))
        .arg(w.db.url(&w.login, "pw"))
        .arg(w.store_file())
        .arg(w.store_key())
        .arg(page.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start desk-pull")
}

/// Kills `child` with SIGKILL as soon as its pull is seen in `state` with at least
/// `min_rows` local rows; returns what was seen. Fails if that moment never comes.
async fn kill_when(mut child: Child, local: &SqlitePool, state: &str, min_rows: i64) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (seen, rows) = progress(local).await;
        if seen.as_deref() == Some(state) && rows >= min_rows {
            child.kill().expect("SIGKILL");
            child.wait().expect("reap");
            return rows;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("desk-pull ended on its own ({status}) before reaching {state}");
        }
        assert!(
            Instant::now() < deadline,
            "desk-pull never reached {state} with {min_rows} rows (last seen {seen:?}, {rows} rows)"
        );
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
}

async fn integrity(local: &SqlitePool) -> String {
    sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(local)
        .await
        .expect("integrity check")
}

#[tokio::test]
async fn a_pull_killed_mid_copy_and_mid_window_resumes_without_loss_or_duplication() {
    let total = 60_000;
    let w = world(total).await;

    // 1. Killed in the middle of the first copy.
    let held = kill_when(spawn_pull(&w, 1_000), w.local.pool(), "copying", 5_000).await;
    assert!(held < total, "the kill came after the copy ended");
    assert_eq!(integrity(w.local.pool()).await, "ok");

    // Changes land while the laptop is down, on rows copied and rows not yet copied.
    insert_range(&w.db.admin, 100_001, 100_500).await;
    for sql in [
        "UPDATE platform.items SET name = name || ' v2' WHERE id % 7 = 0",
        "DELETE FROM platform.items WHERE id BETWEEN 100 AND 199 OR id BETWEEN 50000 AND 50099",
        "UPDATE platform.items SET team = 'finance' WHERE id BETWEEN 300 AND 309",
    ] {
        sqlx::query(sql).execute(&w.db.admin).await.expect(sql);
    }

    // 2. The next start resumes the copy; it is let run until live, then stopped the hard way.
    kill_when(spawn_pull(&w, 1_000), w.local.pool(), "live", 0).await;

    // 3. Many changes, and a kill in the middle of applying them.
    sqlx::query("UPDATE platform.items SET name = name || ' v3' WHERE id % 2 = 0")
        .execute(&w.db.admin)
        .await
        .expect("many updates");
    sqlx::query("DELETE FROM platform.items WHERE id % 11 = 0")
        .execute(&w.db.admin)
        .await
        .expect("many deletes");
    kill_when(spawn_pull(&w, 200), w.local.pool(), "window", 1).await;
    assert_eq!(integrity(w.local.pool()).await, "ok");

    // 4. A kill moments after start, wherever it lands.
    let mut child = spawn_pull(&w, 200);
    tokio::time::sleep(Duration::from_millis(150)).await;
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");

    // The next start (here, in this process) finishes, and the copy equals the platform.
    let mut last = Puller::new(w.member.clone(), w.local.pool().clone());
    last.page_size = 500;
    last.copy_page_size = 500;
    let report = last.pull_all().await.expect("the pull after the kills");
    assert!(!report.interrupted);
    assert!(
        report.copied.is_empty(),
        "resumed, not copied again from scratch"
    );
    assert_eq!(integrity(w.local.pool()).await, "ok");
    let local = local_rows(w.local.pool()).await;
    let platform = platform_rows(&w).await;
    assert_eq!(local.len(), platform.len());
    assert_eq!(local, platform);
    w.db.drop_db().await;
}
