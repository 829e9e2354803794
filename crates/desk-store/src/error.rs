//! The one error type of the local-store layer.

use std::path::PathBuf;

use crate::keychain::KeychainError;

/// What can go wrong opening or using the local store, the keychain or the profiles file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No OS keychain answered; the desk refuses to keep customer data without encryption.
    #[error(
        "no keychain is reachable ({0}); Penguin Desk will not store customer data unencrypted"
    )]
    KeychainUnavailable(String),
    /// The keychain answered but refused or failed an operation.
    #[error("the keychain refused: {0}")]
    Keychain(String),
    /// A store file exists but its key is gone from the keychain.
    #[error(
        "the local store at {0} exists but its key is not in the keychain; it was left untouched"
    )]
    KeyMissing(PathBuf),
    /// The keychain's key does not open the store file.
    #[error("the key in the keychain does not open the local store at {0}; it was left untouched")]
    KeyMismatch(PathBuf),
    /// The store file could not be read or written.
    #[error("local store: {0}")]
    Database(#[from] sqlx::Error),
    /// The store's schema could not be brought up to date.
    #[error("local store migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A file of the desk could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The profiles file is not valid.
    #[error("the profiles file {path} is damaged ({reason}); it was left untouched")]
    ProfilesFileDamaged {
        /// The file concerned.
        path: PathBuf,
        /// The parser's reason.
        reason: String,
    },
    /// A stored value could not be understood.
    #[error("local store holds an unreadable value: {0}")]
    Corrupt(String),
}

impl From<KeychainError> for StoreError {
    fn from(e: KeychainError) -> Self {
        match e {
            KeychainError::Unavailable(m) => StoreError::KeychainUnavailable(m),
            KeychainError::Refused(m) => StoreError::Keychain(m),
        }
    }
}
