//! What every area reads the sync engine's mirrors with: whether a collection is held
//! locally (a member without the grant, or before the first sync, has no mirror), and the day
//! of a synced date or timestamp, or the instant of a synced timestamp.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::SqlitePool;

use crate::StoreError;

/// Whether the local store holds the mirror of `collection`.
pub async fn has_mirror(pool: &SqlitePool, collection: &str) -> Result<bool, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
            .bind(format!("mirror_{collection}"))
            .fetch_one(pool)
            .await?;
    Ok(n > 0)
}

/// The instant of a synced timestamp (`2026-11-25T10:00:00+00:00`), if it is one.
pub fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The UTC day of a synced date (`2026-11-25`) or timestamp (`2026-11-25T10:00:00+00:00`).
pub fn day(text: &str) -> Option<NaiveDate> {
    text.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// A `LIKE … ESCAPE '\'` pattern matching text that contains `word` literally (its `%`, `_`
/// and `\` are escaped, so a login such as `sandbox_ops` matches itself only).
pub fn contains_pattern(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}
