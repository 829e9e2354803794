//! Which desk roles the signed-in login holds: its memberships, direct or inherited, of the
//! platform's `desk_*` group roles.

use desk_domain::DeskRole;
use sqlx::PgPool;

use crate::PlatformError;

/// The login's own name and its desk roles, in [`DeskRole::ALL`] order.
pub async fn my_desk_roles(pool: &PgPool) -> Result<(String, Vec<DeskRole>), PlatformError> {
    let login: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(pool)
        .await?;
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT r.rolname::text FROM pg_roles r
          WHERE r.rolname LIKE 'desk\\_%'
            AND pg_has_role(current_user, r.oid, 'MEMBER')",
    )
    .fetch_all(pool)
    .await?;
    let roles = DeskRole::ALL
        .into_iter()
        .filter(|r| names.iter().any(|n| n == r.pg_role()))
        .collect();
    Ok((login, roles))
}
