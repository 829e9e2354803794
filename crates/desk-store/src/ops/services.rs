//! The platform's services from the synced copy, as the desk's probes need them: each name
//! with its health endpoint.

use sqlx::SqlitePool;

use crate::mirrors::has_mirror;
use crate::StoreError;

/// Every synced service's (name, health URL), by name; none before the first sync.
pub async fn health_targets(pool: &SqlitePool) -> Result<Vec<(String, String)>, StoreError> {
    if !has_mirror(pool, "services").await? {
        return Ok(Vec::new());
    }
    Ok(
        sqlx::query_as("SELECT name, health_url FROM mirror_services ORDER BY name")
            .fetch_all(pool)
            .await?,
    )
}
