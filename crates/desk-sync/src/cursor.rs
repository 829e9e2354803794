//! Where the pull of one collection stands, kept in the local store's `sync_cursors` in the
//! same local transaction as the rows it describes.

use serde::{Deserialize, Serialize};
use sqlx::{Sqlite, Transaction};

use crate::SyncError;

/// The state of one collection's pull. Snapshots are PostgreSQL `pg_snapshot` text
/// (`xmin:xmax:xip,...`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum Cursor {
    /// A full copy is under way as of `snapshot`; rows up to `after_key` are copied.
    #[serde(rename_all = "camelCase")]
    Copying {
        /// The snapshot the copy started at; changes after it are pulled from the feed.
        snapshot: String,
        /// The last key copied (JSON array), none before the first page.
        after_key: Option<serde_json::Value>,
    },
    /// Caught up with everything visible in `snapshot`.
    Live {
        /// The snapshot of the last complete pull.
        snapshot: String,
    },
    /// Pulling the feed rows of transactions visible in `to` but not in `from`, in sequence
    /// order, after `after_seq`.
    #[serde(rename_all = "camelCase")]
    Window {
        /// The snapshot of the last complete pull.
        from: String,
        /// The snapshot this pull catches up to.
        to: String,
        /// The last feed sequence number applied in this window.
        after_seq: i64,
    },
}

/// The cursor of `collection`, if it was ever pulled.
pub async fn load(local: &sqlx::SqlitePool, collection: &str) -> Result<Option<Cursor>, SyncError> {
    let text: Option<String> =
        sqlx::query_scalar("SELECT cursor FROM sync_cursors WHERE collection = ?")
            .bind(collection)
            .fetch_optional(local)
            .await
            .map_err(SyncError::local)?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| SyncError::Shape(format!("cursor: {e}"))))
        .transpose()
}

/// Saves the cursor of `collection` inside the page's local transaction.
pub async fn save(
    tx: &mut Transaction<'_, Sqlite>,
    collection: &str,
    cursor: &Cursor,
) -> Result<(), SyncError> {
    let text = serde_json::to_string(cursor).map_err(|e| SyncError::Shape(e.to_string()))?;
    sqlx::query(
        "INSERT INTO sync_cursors (collection, cursor, synced_at) VALUES (?, ?, ?)
         ON CONFLICT (collection) DO UPDATE SET cursor = excluded.cursor, synced_at = excluded.synced_at",
    )
    .bind(collection)
    .bind(text)
    .bind(chrono::Utc::now())
    .execute(&mut **tx)
    .await
    .map_err(SyncError::local)?;
    Ok(())
}

/// Forgets the cursor of `collection` (its mirror is gone or must be re-copied).
pub async fn forget(tx: &mut Transaction<'_, Sqlite>, collection: &str) -> Result<(), SyncError> {
    sqlx::query("DELETE FROM sync_cursors WHERE collection = ?")
        .bind(collection)
        .execute(&mut **tx)
        .await
        .map_err(SyncError::local)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_through_json() {
        for c in [
            Cursor::Copying {
                snapshot: "10:12:10".into(),
                after_key: Some(serde_json::json!([5])),
            },
            Cursor::Live {
                snapshot: "12:12:".into(),
            },
            Cursor::Window {
                from: "12:12:".into(),
                to: "14:15:14".into(),
                after_seq: 99,
            },
        ] {
            let text = serde_json::to_string(&c).expect("to json");
            assert_eq!(serde_json::from_str::<Cursor>(&text).expect("from json"), c);
        }
    }
}
