//! Staff administration on the platform: changing a member's desk roles through
//! `desk.set_staff_roles`, which checks segregation of duties, grants and revokes the
//! memberships and writes the audit trail in one transaction. A refusal comes back with the
//! database's words and the rule's reason (its DETAIL), for the administrator to read.

use desk_domain::DeskRole;
use sqlx::PgPool;

use crate::PlatformError;

/// The database's refusal of a change (its message, and the rule's reason when it gave one),
/// or another failure.
fn refusal(e: sqlx::Error) -> PlatformError {
    if let sqlx::Error::Database(db) = &e {
        let code = db.code().map(|c| c.to_string()).unwrap_or_default();
        // invalid_parameter_value, no_data_found, insufficient_privilege, and the desk's
        // conflict code: the platform said no, on purpose.
        if matches!(code.as_str(), "22023" | "P0002" | "42501" | "PD409") {
            let detail = db
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .and_then(|pg| pg.detail())
                .filter(|d| !d.is_empty() && !d.starts_with("expected="))
                .map(|d| format!(" — {d}"))
                .unwrap_or_default();
            return PlatformError::Refused(format!("{}{detail}", db.message()));
        }
    }
    PlatformError::from(e)
}

/// Replaces `login`'s desk roles, giving `reason`; refused when the set breaks a
/// segregation-of-duties rule, the member changed since `expected_version`, or the caller is
/// not an administrator.
pub async fn set_staff_roles(
    pool: &PgPool,
    login: &str,
    roles: &[DeskRole],
    reason: &str,
    expected_version: Option<i32>,
) -> Result<(), PlatformError> {
    let names: Vec<&str> = roles.iter().map(|r| r.pg_role()).collect();
    sqlx::query("SELECT 1 FROM desk.set_staff_roles($1, $2, $3, $4)")
        .bind(login)
        .bind(&names)
        .bind(reason)
        .bind(expected_version)
        .execute(pool)
        .await
        .map_err(refusal)?;
    Ok(())
}
