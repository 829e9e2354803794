//! The sandbox's staff logins: one per desk role (`sandbox_admin`, `sandbox_finance`,
//! `sandbox_cs`, `sandbox_ops`, `sandbox_security`) and `sandbox_all` holding every role the
//! segregation-of-duties rules allow together. Created through the platform's own
//! `desk.create_staff` (so they get a staff row, a welcome e-mail and an audit row like any
//! staff member), called as the superuser, which counts as a member of `desk_admin`.

use sqlx::{PgPool, Row};

use crate::state::{random_password, Login};
use crate::SandboxError;

/// The desk's group roles, in display order.
pub const ROLES: [&str; 5] = [
    "desk_admin",
    "desk_finance",
    "desk_cs",
    "desk_ops",
    "desk_security",
];

/// Every role, less enough roles to respect the forbidden pairs (the first of a forbidden pair
/// is dropped, in the order the database lists them).
pub async fn widest_allowed_roles(pool: &PgPool) -> Result<Vec<String>, SandboxError> {
    let pairs: Vec<(String, String)> = sqlx::query_as(
        "SELECT role_a, role_b FROM desk.forbidden_role_pairs ORDER BY role_a, role_b",
    )
    .fetch_all(pool)
    .await?;
    let mut roles: Vec<String> = ROLES.iter().map(|r| r.to_string()).collect();
    for (a, b) in pairs {
        if roles.contains(&a) && roles.contains(&b) {
            roles.retain(|r| r != &a);
        }
    }
    Ok(roles)
}

/// The logins the sandbox wants: (login, team, roles).
pub async fn wanted(pool: &PgPool) -> Result<Vec<(String, String, Vec<String>)>, SandboxError> {
    let mut out: Vec<(String, String, Vec<String>)> = ROLES
        .iter()
        .map(|r| {
            let team = r.trim_start_matches("desk_").to_string();
            (format!("sandbox_{team}"), team, vec![r.to_string()])
        })
        .collect();
    out.push((
        "sandbox_all".into(),
        "ops".into(),
        widest_allowed_roles(pool).await?,
    ));
    Ok(out)
}

/// Creates the sandbox's logins that do not exist yet; keeps the known password of those that
/// do (and sets a new one where it is not known). Returns every login with its password.
pub async fn ensure_logins(pool: &PgPool, known: &[Login]) -> Result<Vec<Login>, SandboxError> {
    let mut out = Vec::new();
    for (login, team, roles) in wanted(pool).await? {
        let exists: bool = sqlx::query("SELECT EXISTS (SELECT 1 FROM desk.staff WHERE login = $1)")
            .bind(&login)
            .fetch_one(pool)
            .await?
            .try_get(0)?;
        let remembered = known
            .iter()
            .find(|l| l.login == login)
            .map(|l| l.password.clone());
        let password = if exists {
            match remembered {
                Some(p) => p,
                None => {
                    let p = random_password()?;
                    // The login was made by an earlier run whose state file is gone.
                    sqlx::query(&format!("ALTER ROLE {login} PASSWORD '{p}'"))
                        .execute(pool)
                        .await?;
                    p
                }
            }
        } else {
            let p = random_password()?;
            let full_name = format!("Sandbox {}", capitalise(&login["sandbox_".len()..]));
            sqlx::query("SELECT id FROM desk.create_staff($1, $2, $3, $4, $5, $6)")
                .bind(&login)
                .bind(&full_name)
                .bind(format!("{login}@sandbox.penguinmails.com"))
                .bind(&team)
                .bind(&roles)
                .bind(&p)
                .fetch_one(pool)
                .await?;
            p
        };
        out.push(Login {
            login,
            roles,
            password,
        });
    }
    Ok(out)
}

/// Gives the sandbox's customer-success logins a book of their own, so "My accounts" shows
/// something: of each seven tenants (in id order) the first goes to `sandbox_cs`, the second
/// to `sandbox_all`. Done once: a login that already owns accounts keeps them.
pub async fn give_accounts(pool: &PgPool) -> Result<(), SandboxError> {
    for (login, slot) in [("sandbox_cs", 1), ("sandbox_all", 2)] {
        let owns: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM platform.tenants t JOIN desk.staff s ON s.id = t.owner_csm
                             WHERE s.login = $1)",
        )
        .bind(login)
        .fetch_one(pool)
        .await?;
        if owns {
            continue;
        }
        sqlx::query(
            "UPDATE platform.tenants t SET owner_csm = s.id
               FROM desk.staff s,
                    (SELECT id, row_number() OVER (ORDER BY id) AS n FROM platform.tenants) o
              WHERE s.login = $1 AND 'desk_cs' = ANY (s.roles) AND o.id = t.id AND o.n % 7 = $2::int",
        )
        .bind(login)
        .bind(slot)
        .execute(pool)
        .await?;
    }
    Ok(())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The table of logins, as printed by `start`.
pub fn table(logins: &[Login]) -> String {
    let mut s = format!("{:<18} {:<34} {}\n", "login", "password", "desk roles");
    for l in logins {
        s.push_str(&format!(
            "{:<18} {:<34} {}\n",
            l.login,
            l.password,
            l.roles.join(", ")
        ));
    }
    s
}
