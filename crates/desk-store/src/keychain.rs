//! The OS keychain, behind a small trait so tests can use an in-memory one.
//!
//! On Linux this is the Secret Service (GNOME Keyring, KWallet), on macOS the Keychain, on
//! Windows the Credential Manager, all through the `keyring` crate. Secrets are never logged.

use std::collections::HashMap;
use std::sync::Mutex;

/// Why the keychain could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    /// No keychain service is reachable at all.
    #[error("{0}")]
    Unavailable(String),
    /// The keychain answered but refused the operation.
    #[error("{0}")]
    Refused(String),
}

/// Somewhere secrets can be kept by name.
pub trait SecretStore: Send + Sync {
    /// Checks that the keychain answers at all.
    fn probe(&self) -> Result<(), KeychainError>;
    /// The secret stored under `name`, if any.
    fn get(&self, name: &str) -> Result<Option<String>, KeychainError>;
    /// Stores `value` under `name`, replacing any previous one.
    fn set(&self, name: &str, value: &str) -> Result<(), KeychainError>;
    /// Removes the secret under `name`; removing a missing one is not an error.
    fn delete(&self, name: &str) -> Result<(), KeychainError>;
}

/// The operating system's keychain, all entries under one service name.
#[derive(Debug, Clone)]
pub struct OsKeychain {
    service: String,
}

impl OsKeychain {
    /// A keychain whose entries are filed under `service` (e.g. "penguin-desk").
    pub fn new(service: impl Into<String>) -> Self {
        OsKeychain {
            service: service.into(),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, KeychainError> {
        keyring::Entry::new(&self.service, name).map_err(map_keyring)
    }
}

fn map_keyring(e: keyring::Error) -> KeychainError {
    match e {
        keyring::Error::PlatformFailure(inner) => KeychainError::Unavailable(inner.to_string()),
        keyring::Error::NoStorageAccess(inner) => KeychainError::Unavailable(inner.to_string()),
        other => KeychainError::Refused(other.to_string()),
    }
}

impl SecretStore for OsKeychain {
    fn probe(&self) -> Result<(), KeychainError> {
        match self.entry("probe")?.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring(e)),
        }
    }

    fn get(&self, name: &str) -> Result<Option<String>, KeychainError> {
        match self.entry(name)?.get_password() {
            Ok(v) => Ok(Some(v)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring(e)),
        }
    }

    fn set(&self, name: &str, value: &str) -> Result<(), KeychainError> {
        self.entry(name)?.set_password(value).map_err(map_keyring)
    }

    fn delete(&self, name: &str) -> Result<(), KeychainError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring(e)),
        }
    }
}

/// A keychain held in memory, for tests; `unavailable()` builds one that never answers.
#[derive(Debug, Default)]
pub struct MemoryKeychain {
    entries: Mutex<HashMap<String, String>>,
    unavailable: bool,
}

impl MemoryKeychain {
    /// An empty, reachable keychain.
    pub fn new() -> Self {
        Self::default()
    }

    /// A keychain that behaves as if no keychain service were running.
    pub fn unavailable() -> Self {
        MemoryKeychain {
            entries: Mutex::default(),
            unavailable: true,
        }
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, String>>, KeychainError> {
        if self.unavailable {
            return Err(KeychainError::Unavailable(
                "no Secret Service on the session bus".into(),
            ));
        }
        self.entries
            .lock()
            .map_err(|_| KeychainError::Refused("keychain lock poisoned".into()))
    }
}

impl SecretStore for MemoryKeychain {
    fn probe(&self) -> Result<(), KeychainError> {
        self.lock().map(|_| ())
    }

    fn get(&self, name: &str) -> Result<Option<String>, KeychainError> {
        Ok(self.lock()?.get(name).cloned())
    }

    fn set(&self, name: &str, value: &str) -> Result<(), KeychainError> {
        self.lock()?.insert(name.to_string(), value.to_string());
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), KeychainError> {
        self.lock()?.remove(name);
        Ok(())
    }
}
