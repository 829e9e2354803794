//! The last dashboards the desk read live from the platform, by name, with when: what the
//! health screen shows offline ("as of 2 h ago").

use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::SqlitePool;

use crate::StoreError;

/// Keeps `body` as the latest `name`, taken at `at`.
pub async fn save<T: Serialize>(
    pool: &SqlitePool,
    name: &str,
    at: DateTime<Utc>,
    body: &T,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(body)
        .map_err(|e| StoreError::Corrupt(format!("snapshot {name}: {e}")))?;
    sqlx::query(
        "INSERT INTO ops_snapshots (name, taken_at, body) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET taken_at = excluded.taken_at, body = excluded.body",
    )
    .bind(name)
    .bind(at.to_rfc3339_opts(SecondsFormat::Secs, true))
    .bind(json)
    .execute(pool)
    .await?;
    Ok(())
}

/// The latest `name` and when it was taken, if the desk ever read it.
pub async fn load<T: DeserializeOwned>(
    pool: &SqlitePool,
    name: &str,
) -> Result<Option<(T, String)>, StoreError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT body, taken_at FROM ops_snapshots WHERE name = ?")
            .bind(name)
            .fetch_optional(pool)
            .await?;
    row.map(|(body, at)| {
        serde_json::from_str(&body)
            .map(|b| (b, at))
            .map_err(|e| StoreError::Corrupt(format!("snapshot {name}: {e}")))
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_latest_snapshot_replaces_the_one_before() {
        let dir = tempfile::tempdir().expect("dir");
        let kc = crate::MemoryKeychain::new();
        let store = crate::LocalStore::open(&dir.path().join("s.db"), &kc)
            .await
            .expect("open");
        let t = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .expect("t")
                .with_timezone(&Utc)
        };
        assert!(load::<Vec<i32>>(store.pool(), "health:day")
            .await
            .expect("load")
            .is_none());
        save(
            store.pool(),
            "health:day",
            t("2026-12-01T10:00:00Z"),
            &vec![1],
        )
        .await
        .expect("save");
        save(
            store.pool(),
            "health:day",
            t("2026-12-01T11:00:00Z"),
            &vec![2],
        )
        .await
        .expect("save");
        let got = load::<Vec<i32>>(store.pool(), "health:day")
            .await
            .expect("load");
        assert_eq!(got, Some((vec![2], "2026-12-01T11:00:00Z".to_string())));
        store.close().await;
    }
}
