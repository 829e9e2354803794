//! The platform schema: its migrations (`migrations/platform/`), applied only by an explicit
//! command (the sandbox, or an operator), and the version check the desk makes at sign-in so
//! it never syncs against a schema it does not know.

use sqlx::migrate::Migrator;
use sqlx::PgPool;

use crate::PlatformError;

/// The platform migrations, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/platform");

/// The platform schema version this build of the desk works with.
pub const SCHEMA_VERSION: i32 = 15;

/// Applies every pending platform migration (an operator's or the sandbox's act).
pub async fn migrate(pool: &PgPool) -> Result<(), PlatformError> {
    MIGRATOR
        .run(pool)
        .await
        .map_err(|e| PlatformError::Database(format!("platform migration failed: {e}")))
}

/// The schema version the platform reports, or `None` if it has no desk schema at all.
pub async fn schema_version(pool: &PgPool) -> Result<Option<i32>, PlatformError> {
    let has: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname = 'desk' AND p.proname = 'schema_version')",
    )
    .fetch_one(pool)
    .await?;
    if !has {
        return Ok(None);
    }
    Ok(Some(
        sqlx::query_scalar("SELECT desk.schema_version()")
            .fetch_one(pool)
            .await?,
    ))
}
