//! The one error type of the sandbox crate; the binary turns it into a message and exit code 1.

use std::path::PathBuf;

/// Why a sandbox command failed.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// No PostgreSQL server binaries were found.
    #[error("no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin; install postgresql or set PG_BIN")]
    NoServerBinaries,
    /// A PostgreSQL tool (initdb, pg_ctl, runuser, chown) failed.
    #[error("{tool} failed: {detail}")]
    Tool {
        /// The tool that failed.
        tool: String,
        /// Its exit status or error, and what it printed.
        detail: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The sandbox folder holds something unexpected.
    #[error("{0}")]
    BadSandbox(String),
    /// A database call failed.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// Applying the platform migrations failed.
    #[error("platform migrations: {0}")]
    Migrate(#[from] desk_platform::PlatformError),
    /// The profiles file could not be written.
    #[error("profiles: {0}")]
    Store(#[from] desk_store::StoreError),
    /// The state file could not be (de)serialised.
    #[error("sandbox state file: {0}")]
    State(#[from] serde_json::Error),
    /// No randomness from the operating system (for passwords).
    #[error("no randomness from the operating system: {0}")]
    Random(String),
}

impl SandboxError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> SandboxError {
        let path = path.into();
        move |source| SandboxError::Io { path, source }
    }
}
