//! Setting up logins on the machine's PostgreSQL: the desk's group roles and one fresh
//! login per test, so tests never share state.

use sqlx::postgres::{PgPool, PgPoolOptions};

/// The URL of the machine's PostgreSQL, overridable with `DESK_TEST_PG`.
pub fn admin_url() -> String {
    std::env::var("DESK_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

/// A superuser pool on the machine's PostgreSQL.
pub async fn admin_pool() -> PgPool {
    PgPoolOptions::new()
        .max_connections(2)
        .connect(&admin_url())
        .await
        .expect("the machine's PostgreSQL at 127.0.0.1:5432 (see README) answers")
}

/// Creates the desk's group roles if they do not exist yet (safe to race).
pub async fn ensure_desk_roles(pool: &PgPool) {
    for role in [
        "desk_admin",
        "desk_finance",
        "desk_cs",
        "desk_ops",
        "desk_security",
    ] {
        let sql = format!(
            "DO $$ BEGIN CREATE ROLE {role} NOLOGIN; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        );
        sqlx::query(&sql)
            .execute(pool)
            .await
            .expect("create group role");
    }
}

/// Creates a fresh login (`can_login` false makes it a disabled one) with `password`,
/// member of `groups`; returns its name.
pub async fn create_login(
    pool: &PgPool,
    password: &str,
    groups: &[&str],
    can_login: bool,
) -> String {
    ensure_desk_roles(pool).await;
    let name = format!("t_{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let login = if can_login { "LOGIN" } else { "NOLOGIN" };
    sqlx::query(&format!("CREATE ROLE {name} {login} PASSWORD '{password}'"))
        .execute(pool)
        .await
        .expect("create login");
    for g in groups {
        sqlx::query(&format!("GRANT {g} TO {name}"))
            .execute(pool)
            .await
            .expect("grant group");
    }
    name
}
