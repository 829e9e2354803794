//! Desks on temporary folders with an in-memory keychain, as a freshly installed laptop.

use std::sync::Arc;

use desk_core::{Desk, DeskPaths, ProfileInput, ProfileView};
use desk_domain::TlsMode;
use desk_store::MemoryKeychain;
use tempfile::TempDir;

/// A laptop: its folders and its keychain, which outlive any one start of the desk.
pub struct Laptop {
    /// The home folder holding data, config and logs.
    pub home: TempDir,
    /// The keychain.
    pub keychain: Arc<MemoryKeychain>,
}

impl Laptop {
    /// A new laptop with an empty keychain.
    pub fn new() -> Laptop {
        Laptop {
            home: tempfile::tempdir().expect("tempdir"),
            keychain: Arc::new(MemoryKeychain::new()),
        }
    }

    /// The desk's folders on this laptop.
    pub fn paths(&self) -> DeskPaths {
        DeskPaths {
            data_dir: self.home.path().join("data"),
            config_dir: self.home.path().join("config"),
            log_dir: self.home.path().join("logs"),
        }
    }

    /// Starts the desk (as the app does at launch).
    pub async fn start(&self) -> Desk {
        Desk::start(self.paths(), self.keychain.clone(), "0.0.0-test").await
    }
}

impl Default for Laptop {
    fn default() -> Self {
        Self::new()
    }
}

/// Saves a loopback profile for `user` of `database` on `port`, without TLS.
pub fn add_profile(desk: &Desk, name: &str, port: u16, database: &str, user: &str) -> ProfileView {
    desk.save_profile(ProfileInput {
        id: None,
        name: name.into(),
        host: "127.0.0.1".into(),
        port: u32::from(port),
        database: database.into(),
        tls_mode: TlsMode::Disable,
        user: user.into(),
        password: None,
        remember_password: true,
    })
    .expect("save profile")
}
