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

/// The refusal of a change whose problems the database listed one per line in its DETAIL
/// (`field: message`): those lines, so each can be shown beside its field. Other failures as
/// [`refusal`] reads them.
pub(crate) fn problems(e: sqlx::Error) -> PlatformError {
    if let sqlx::Error::Database(db) = &e {
        if db.code().as_deref() == Some("22023") {
            if let Some(detail) = db
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .and_then(|pg| pg.detail())
                .filter(|d| !d.is_empty())
            {
                return PlatformError::Refused(format!("{}\n{detail}", db.message()));
            }
        }
    }
    refusal(e)
}

/// What the new-member form needs from the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffForm {
    /// The company's e-mail domains (a work e-mail must be in one, or a subdomain).
    pub email_domains: Vec<String>,
    /// How long a setup code stays valid.
    pub setup_code_hours: i32,
}

/// The company's e-mail domains and the setup code's lifetime, from the platform's settings.
pub async fn staff_form(pool: &PgPool) -> Result<StaffForm, PlatformError> {
    let (email_domains, setup_code_hours): (Vec<String>, i32) =
        sqlx::query_as("SELECT email_domains, setup_code_hours FROM desk.staff_form()")
            .fetch_one(pool)
            .await
            .map_err(refusal)?;
    Ok(StaffForm {
        email_domains,
        setup_code_hours,
    })
}

/// A new member's details as the platform takes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember<'a> {
    /// The login to create.
    pub login: &'a str,
    /// Full name.
    pub full_name: &'a str,
    /// Work e-mail.
    pub email: &'a str,
    /// Team.
    pub team: &'a str,
    /// Desk roles.
    pub roles: &'a [DeskRole],
}

fn role_names(roles: &[DeskRole]) -> Vec<&'static str> {
    roles.iter().map(|r| r.pg_role()).collect()
}

/// The problems the platform finds with a new member's details (domains, uniqueness of the
/// login and e-mail, segregation of duties), one `field: message` each; empty when none.
pub async fn new_member_problems(
    pool: &PgPool,
    m: &NewMember<'_>,
) -> Result<Vec<String>, PlatformError> {
    sqlx::query_scalar("SELECT desk.new_staff_problems($1, $2, $3, $4, $5)")
        .bind(m.login)
        .bind(m.full_name)
        .bind(m.email)
        .bind(m.team)
        .bind(role_names(m.roles))
        .fetch_one(pool)
        .await
        .map_err(refusal)
}

/// The e-mails (lower-case) and logins already taken on the platform: staff e-mails, and every
/// PostgreSQL role name (a new login must not collide with any).
pub async fn taken_names(pool: &PgPool) -> Result<(Vec<String>, Vec<String>), PlatformError> {
    let emails: Vec<String> = sqlx::query_scalar("SELECT lower(email) FROM desk.staff")
        .fetch_all(pool)
        .await
        .map_err(refusal)?;
    let logins: Vec<String> = sqlx::query_scalar("SELECT rolname::text FROM pg_roles")
        .fetch_all(pool)
        .await
        .map_err(refusal)?;
    Ok((emails, logins))
}

/// What creating an account (or renewing its setup code) gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Until when the setup code works.
    pub setup_expires_at: chrono::DateTime<chrono::Utc>,
    /// Whether the welcome e-mail was queued.
    pub welcome_queued: bool,
    /// When it was not: the instructions for the administrator to hand over.
    pub handover: Option<String>,
}

/// Creates a member with `setup_code` as their one-time code, on `conn` (a transaction when
/// several are created together). Refused with one `field: message` line per problem.
pub async fn create_member(
    conn: &mut sqlx::PgConnection,
    m: &NewMember<'_>,
    setup_code: &str,
) -> Result<Created, PlatformError> {
    let (setup_expires_at, welcome_queued, handover) = sqlx::query_as(
        "SELECT setup_expires_at, welcome_queued, handover
           FROM desk.create_staff_account($1, $2, $3, $4, $5, $6)",
    )
    .bind(m.login)
    .bind(m.full_name)
    .bind(m.email)
    .bind(m.team)
    .bind(role_names(m.roles))
    .bind(setup_code)
    .fetch_one(&mut *conn)
    .await
    .map_err(problems)?;
    Ok(Created {
        setup_expires_at,
        welcome_queued,
        handover,
    })
}

/// Gives `login`, whose setup is still pending, a new one-time code.
pub async fn renew_setup_code(
    pool: &PgPool,
    login: &str,
    setup_code: &str,
) -> Result<Created, PlatformError> {
    let (setup_expires_at, welcome_queued, handover) = sqlx::query_as(
        "SELECT setup_expires_at, welcome_queued, handover FROM desk.renew_setup_code($1, $2)",
    )
    .bind(login)
    .bind(setup_code)
    .fetch_one(pool)
    .await
    .map_err(refusal)?;
    Ok(Created {
        setup_expires_at,
        welcome_queued,
        handover,
    })
}

/// Until when the signed-in login's setup code works, while it has not chosen a password.
pub async fn my_setup_expiry(
    pool: &PgPool,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, PlatformError> {
    Ok(
        sqlx::query_scalar::<_, Option<chrono::DateTime<chrono::Utc>>>(
            "SELECT setup_expires_at FROM desk.whoami()",
        )
        .fetch_optional(pool)
        .await
        .map_err(refusal)?
        .flatten(),
    )
}

/// The shortest password the platform's password policy allows.
pub async fn password_min_length(pool: &PgPool) -> Result<i32, PlatformError> {
    sqlx::query_scalar("SELECT desk.password_min_length()")
        .fetch_one(pool)
        .await
        .map_err(refusal)
}

/// The signed-in member, still on their setup code, chooses `password`.
pub async fn complete_setup(pool: &PgPool, password: &str) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.complete_setup($1)")
        .bind(password)
        .execute(pool)
        .await
        .map_err(refusal)?;
    Ok(())
}

/// One thing that depends on a member: `kind` is what a successor takes over (`account`,
/// `escalation`, `alert`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Dependant {
    /// account, escalation or alert.
    pub kind: String,
    /// Its id.
    pub id: String,
    /// Its name.
    pub label: String,
    /// What it is, in words.
    pub detail: String,
}

/// What depends on `login`: accounts and success plans they own, escalations assigned to them,
/// alerts they acknowledged and did not resolve.
pub async fn dependants(pool: &PgPool, login: &str) -> Result<Vec<Dependant>, PlatformError> {
    sqlx::query_as("SELECT kind, id, label, detail FROM desk.staff_dependants($1)")
        .bind(login)
        .fetch_all(pool)
        .await
        .map_err(refusal)
}

/// Whether `login` is the last active administrator (who cannot be deactivated).
pub async fn is_last_admin(pool: &PgPool, login: &str) -> Result<bool, PlatformError> {
    sqlx::query_scalar(
        "SELECT 'desk_admin' = ANY (s.roles)
            AND NOT EXISTS (SELECT 1 FROM desk.staff o
                             WHERE o.active AND o.login <> s.login AND 'desk_admin' = ANY (o.roles))
           FROM desk.staff s WHERE s.login = $1 AND s.active",
    )
    .bind(login)
    .fetch_optional(pool)
    .await
    .map_err(refusal)
    .map(|v| v.unwrap_or(false))
}

/// Deactivates `login`, handing each kind of dependant to the successor named for it in
/// `successors` (`{"account": login, ...}`). Refused with one line per kind still unassigned
/// or given to someone who cannot take it, or when `login` is the last administrator.
pub async fn deactivate(
    pool: &PgPool,
    login: &str,
    reason: &str,
    successors: &serde_json::Value,
) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.deactivate_staff($1, $2, $3)")
        .bind(login)
        .bind(reason)
        .bind(successors)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}

/// The teams of the alerts `login` acknowledged and has not resolved (a successor must serve
/// each of them).
pub async fn open_alert_teams(pool: &PgPool, login: &str) -> Result<Vec<String>, PlatformError> {
    sqlx::query_scalar(
        "SELECT DISTINCT team FROM platform.alerts
          WHERE acknowledged_by = $1 AND status = 'acknowledged' ORDER BY 1",
    )
    .bind(login)
    .fetch_all(pool)
    .await
    .map_err(refusal)
}
