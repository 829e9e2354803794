//! The alerts raised since a moment, from the synced copy, as the cascade grouping of the
//! health dashboard needs them (service, time, and what to show of each). Only failures count:
//! the platform monitor's deadline alerts (a deprecated API version, a credential rotation;
//! dedup keys `integration.*`) are raised together on a schedule, and grouping them would show
//! a cascade of outages that never happened.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::mirrors::has_mirror;
use crate::StoreError;

/// An alert of a cascade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CascadeAlert {
    /// Id.
    pub id: i64,
    /// The service that raised it.
    pub service: String,
    /// Title.
    pub title: String,
    /// critical, high, medium, low.
    pub severity: String,
    /// triggered, acknowledged, resolved.
    pub status: String,
    /// When it was raised.
    pub created_at: String,
}

/// The dedup-key prefix of the platform monitor's deadline alerts (migration 0021).
pub const DEADLINE_ALERT_PREFIX: &str = "integration.";

/// Failure alerts raised at or after `since`, oldest first.
pub async fn since(
    pool: &SqlitePool,
    since: DateTime<Utc>,
) -> Result<Vec<CascadeAlert>, StoreError> {
    if !has_mirror(pool, "alerts").await? {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT id, source_service, title, severity, status, created_at FROM mirror_alerts
          WHERE created_at >= ? AND substr(dedup_key, 1, length(?)) <> ?
          ORDER BY created_at, id",
    )
    .bind(since.to_rfc3339_opts(SecondsFormat::Secs, false))
    .bind(DEADLINE_ALERT_PREFIX)
    .bind(DEADLINE_ALERT_PREFIX)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, service, title, severity, status, created_at)| CascadeAlert {
                id,
                service,
                title,
                severity,
                status,
                created_at,
            },
        )
        .collect())
}
