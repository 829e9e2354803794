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

/// A fresh platform database on the machine's PostgreSQL, migrated to the current schema.
pub struct PlatformDb {
    /// Its name.
    pub name: String,
    /// A superuser pool on it (the platform's own writers act through this).
    pub admin: PgPool,
}

impl PlatformDb {
    /// Creates and migrates a new database named `desk_t_<random>`.
    pub async fn create() -> PlatformDb {
        let server = admin_pool().await;
        let name = format!(
            "desk_t_{}",
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        );
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&server)
            .await
            .expect("create database");
        server.close().await;
        let admin = PgPoolOptions::new()
            .max_connections(4)
            .connect(&Self::url_for(&name, "postgres", ""))
            .await
            .expect("connect to the new database");
        desk_platform::migrate::migrate(&admin)
            .await
            .expect("migrate the platform");
        PlatformDb { name, admin }
    }

    fn url_for(db: &str, user: &str, password: &str) -> String {
        let base = admin_url();
        let host = base
            .split('@')
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("127.0.0.1:5432")
            .to_string();
        if password.is_empty() {
            format!("postgres://{user}@{host}/{db}")
        } else {
            format!("postgres://{user}:{password}@{host}/{db}")
        }
    }

    /// The URL to connect to this database as `user`.
    pub fn url(&self, user: &str, password: &str) -> String {
        Self::url_for(&self.name, user, password)
    }

    /// A pool on this database logged in as `user`.
    pub async fn connect_as(&self, user: &str, password: &str) -> Result<PgPool, sqlx::Error> {
        PgPoolOptions::new()
            .max_connections(2)
            .connect(&self.url(user, password))
            .await
    }

    /// Drops the database (call at the end of a test).
    pub async fn drop_db(self) {
        self.admin.close().await;
        let server = admin_pool().await;
        let _ = sqlx::query(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ))
        .execute(&server)
        .await;
        server.close().await;
    }
}
