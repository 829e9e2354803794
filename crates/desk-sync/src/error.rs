//! The one error type of the sync layer.

/// Why a sync step failed.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The platform database failed or refused.
    #[error("platform: {0}")]
    Platform(#[source] sqlx::Error),
    /// The local store failed.
    #[error("local store: {0}")]
    Local(#[source] sqlx::Error),
    /// What the platform sent does not fit what the desk expects.
    #[error("unexpected data from the platform: {0}")]
    Shape(String),
}

impl SyncError {
    pub(crate) fn pg(e: sqlx::Error) -> Self {
        SyncError::Platform(e)
    }

    pub(crate) fn local(e: sqlx::Error) -> Self {
        SyncError::Local(e)
    }

    /// Whether the platform is unreachable (as opposed to refusing), so the caller goes offline.
    pub fn is_connection_loss(&self) -> bool {
        match self {
            SyncError::Platform(
                sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed,
            ) => true,
            // Class 08: connection exception; class 57: the server is shutting down or
            // restarting (e.g. 57P01 admin_shutdown).
            SyncError::Platform(sqlx::Error::Database(db)) => db
                .code()
                .is_some_and(|c| c.starts_with("08") || c.starts_with("57")),
            _ => false,
        }
    }
}
