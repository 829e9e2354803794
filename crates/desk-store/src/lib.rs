//! The laptop side of Penguin Desk's data: the encrypted local SQLite store (SQLCipher, its
//! key in the OS keychain), the keychain itself, and the profiles file (which never holds a
//! secret). Customer data is only ever written to a store opened with a keychain key.
#![warn(missing_docs)]

pub mod admin;
pub mod alerts;
pub mod app_prefs;
pub mod billing;
pub mod cs;
pub mod error;
pub mod incidents;
pub mod integrations;
pub mod keychain;
pub mod kpi;
pub mod local;
pub mod mirrors;
pub mod ops;
pub mod packed;
pub mod profiles;
pub mod record_sync;
pub mod revenue;

pub use error::StoreError;
pub use keychain::{KeychainError, MemoryKeychain, OsKeychain, SecretStore};
pub use local::{LocalStore, RememberedSession};
pub use profiles::ProfilesFile;
