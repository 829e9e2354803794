//! Opening a connection pool to the platform database for one signed-in staff member.

use std::time::Duration;

use desk_domain::{Profile, TlsMode};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgSslMode};

use crate::PlatformError;

/// How long a sign-in waits for the database before calling it unreachable.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(8);

/// A profile plus the password typed or taken from the keychain. Never logged.
pub struct Credentials<'a> {
    /// Which database and login.
    pub profile: &'a Profile,
    /// The login's password.
    pub password: &'a str,
    /// A PEM file of certificate authorities to trust besides the system's (a company's own
    /// CA). None: the system's roots, plus `PGSSLROOTCERT` if the environment names one.
    pub root_cert: Option<&'a std::path::Path>,
}

fn ssl_mode(mode: TlsMode) -> PgSslMode {
    match mode {
        TlsMode::Disable => PgSslMode::Disable,
        TlsMode::Prefer => PgSslMode::Prefer,
        TlsMode::Require => PgSslMode::Require,
        TlsMode::VerifyCa => PgSslMode::VerifyCa,
        TlsMode::VerifyFull => PgSslMode::VerifyFull,
    }
}

/// Connects as the profile's login and checks the connection with one round trip.
pub async fn connect(creds: Credentials<'_>) -> Result<PgPool, PlatformError> {
    let p = creds.profile;
    let opts = PgConnectOptions::new()
        .host(&p.host)
        .port(p.port)
        .database(&p.database)
        .username(&p.user)
        .password(creds.password)
        .ssl_mode(ssl_mode(p.tls_mode))
        .application_name("penguin-desk");
    let opts = match creds.root_cert {
        Some(path) => opts.ssl_root_cert(path),
        None => opts,
    };
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect_with(opts)
        .await?;
    sqlx::query("SELECT 1").execute(&pool).await?;
    tracing::info!(host = %p.host, port = p.port, database = %p.database, user = %p.user, "connected to the platform");
    Ok(pool)
}
