//! The error every command returns, with a stable code the UI can branch on and a message
//! for people. Lower layers' errors are mapped here, once.

use desk_domain::ProfileError;
use desk_platform::PlatformError;
use desk_store::StoreError;
use serde::Serialize;

/// What went wrong, as the UI receives it: `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[serde(tag = "code", content = "message", rename_all = "camelCase")]
pub enum DeskError {
    /// No OS keychain is reachable; nothing is stored unencrypted.
    #[error("{0}")]
    KeychainUnavailable(String),
    /// The local store exists but its key is missing from the keychain.
    #[error("{0}")]
    StoreKeyMissing(String),
    /// The keychain's key does not open the local store.
    #[error("{0}")]
    StoreKeyMismatch(String),
    /// The local store failed otherwise.
    #[error("{0}")]
    Store(String),
    /// The input was refused; the message names each field.
    #[error("{0}")]
    InvalidInput(String),
    /// The named thing does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The platform refused the login or password.
    #[error("{0}")]
    AuthFailed(String),
    /// The platform database could not be reached.
    #[error("{0}")]
    Unreachable(String),
    /// The login holds no desk role.
    #[error("{0}")]
    NotADeskUser(String),
    /// The platform database refused otherwise.
    #[error("{0}")]
    Platform(String),
    /// The platform's schema is not the version this desk works with.
    #[error("{0}")]
    SchemaMismatch(String),
    /// The action needs a signed-in member.
    #[error("{0}")]
    NotSignedIn(String),
    /// Changes still wait for the platform.
    #[error("{0}")]
    PendingChanges(String),
    /// A fault inside the desk.
    #[error("{0}")]
    Internal(String),
}

impl DeskError {
    /// An input refused for `problems`, one `field: message` line each under a headline
    /// naming `what` ("The flag change is refused (2 problem(s))"), which the UI splits so
    /// each problem shows beside its field.
    pub fn refused(what: &str, problems: &[String]) -> DeskError {
        DeskError::InvalidInput(format!(
            "{what} is refused ({} problem(s))\n{}",
            problems.len(),
            problems.join("\n")
        ))
    }
}

impl From<StoreError> for DeskError {
    fn from(e: StoreError) -> Self {
        let message = e.to_string();
        match e {
            StoreError::KeychainUnavailable(_) => DeskError::KeychainUnavailable(message),
            StoreError::KeyMissing(_) => DeskError::StoreKeyMissing(message),
            StoreError::KeyMismatch(_) => DeskError::StoreKeyMismatch(message),
            _ => DeskError::Store(message),
        }
    }
}

impl From<PlatformError> for DeskError {
    fn from(e: PlatformError) -> Self {
        let message = e.to_string();
        match e {
            PlatformError::AuthFailed(_) => DeskError::AuthFailed(message),
            PlatformError::Unreachable(_) | PlatformError::Tls(_) => {
                DeskError::Unreachable(message)
            }
            PlatformError::Database(_) => DeskError::Platform(message),
            PlatformError::Refused(_) => DeskError::InvalidInput(message),
        }
    }
}

impl From<desk_sync::SyncError> for DeskError {
    fn from(e: desk_sync::SyncError) -> Self {
        let message = e.to_string();
        if e.is_connection_loss() {
            DeskError::Unreachable(message)
        } else {
            match e {
                desk_sync::SyncError::Local(_) => DeskError::Store(message),
                _ => DeskError::Platform(message),
            }
        }
    }
}

impl From<ProfileError> for DeskError {
    fn from(e: ProfileError) -> Self {
        DeskError::InvalidInput(e.to_string())
    }
}

impl From<desk_store::local::PendingChanges> for DeskError {
    fn from(e: desk_store::local::PendingChanges) -> Self {
        match e {
            desk_store::local::PendingChanges::Waiting(_) => {
                DeskError::PendingChanges(e.to_string())
            }
            desk_store::local::PendingChanges::Store(s) => s.into(),
        }
    }
}

impl From<desk_store::KeychainError> for DeskError {
    fn from(e: desk_store::KeychainError) -> Self {
        StoreError::from(e).into()
    }
}
