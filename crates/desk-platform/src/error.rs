//! The one error type of the platform layer, sorted by what the user can do about it.

/// Why talking to the platform database failed.
#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    /// The login or password was refused.
    #[error("the platform refused the login: {0}")]
    AuthFailed(String),
    /// The database could not be reached (network, DNS, timeout, server down).
    #[error("the platform database is unreachable: {0}")]
    Unreachable(String),
    /// TLS could not be set up or the server's certificate was not trusted.
    #[error("the secure connection failed: {0}")]
    Tls(String),
    /// The platform refused a change on purpose (a rule, a conflict, a permission); the
    /// message says which.
    #[error("{0}")]
    Refused(String),
    /// Anything else the database said.
    #[error("the platform database said: {0}")]
    Database(String),
}

impl From<sqlx::Error> for PlatformError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) => match db.code().as_deref() {
                // invalid_password, invalid_authorization_specification
                Some("28P01") | Some("28000") => {
                    PlatformError::AuthFailed(db.message().to_string())
                }
                // cannot_connect_now, too_many_connections
                Some("57P03") | Some("53300") => {
                    PlatformError::Unreachable(db.message().to_string())
                }
                _ => PlatformError::Database(db.message().to_string()),
            },
            // The TLS layer reports a refused certificate as invalid data on the socket:
            // that is a trust problem to fix, not a network to wait for.
            sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::InvalidData => {
                PlatformError::Tls(io.to_string())
            }
            sqlx::Error::Io(io) => PlatformError::Unreachable(io.to_string()),
            sqlx::Error::PoolTimedOut => {
                PlatformError::Unreachable("no answer within the connection timeout".into())
            }
            sqlx::Error::Tls(t) => PlatformError::Tls(t.to_string()),
            _ => PlatformError::Database(e.to_string()),
        }
    }
}
