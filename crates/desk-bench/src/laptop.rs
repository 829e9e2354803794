//! A fresh laptop for a benchmark: the desk's folders in a temporary directory, and a desk
//! started there and signed in with a profile and its password, as a staff member would.

use std::path::Path;
use std::sync::Arc;

use desk_core::{Desk, DeskPaths, ProfileInput};
use desk_domain::Profile;
use desk_store::MemoryKeychain;

/// The desk's folders under `dir`.
pub fn paths(dir: &Path) -> DeskPaths {
    DeskPaths {
        data_dir: dir.join("data"),
        config_dir: dir.join("config"),
        log_dir: dir.join("logs"),
    }
}

/// A desk started on `paths` with `keychain`, signed in with this profile and password (not
/// yet synced).
pub async fn signed_in(
    paths: &DeskPaths,
    keychain: Arc<MemoryKeychain>,
    profile: &Profile,
    password: &str,
) -> Result<Arc<Desk>, String> {
    let desk = Arc::new(Desk::start(paths.clone(), keychain, "bench").await);
    let saved = desk
        .save_profile(ProfileInput {
            id: None,
            name: profile.name.clone(),
            host: profile.host.clone(),
            port: u32::from(profile.port),
            database: profile.database.clone(),
            tls_mode: profile.tls_mode,
            user: profile.user.clone(),
            password: Some(password.to_string()),
            remember_password: true,
        })
        .map_err(|e| e.to_string())?;
    desk.sign_in(&saved.id, None)
        .await
        .map_err(|e| e.to_string())?;
    Ok(desk)
}
