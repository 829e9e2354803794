//! `--write-profiles`: one desk profile per sandbox login in the app's profiles file, and each
//! password in the OS keychain under the entry the app reads, so the desk signs in to the
//! sandbox without typing. Without a keychain the profiles are still written and the user is
//! told to type the passwords.

use std::path::PathBuf;

use desk_domain::{Profile, TlsMode};
use desk_store::profiles::password_entry;
use desk_store::{OsKeychain, ProfilesFile, SecretStore};

use crate::state::Login;
use crate::SandboxError;

/// The keychain service the desk files its secrets under.
pub const KEYCHAIN_SERVICE: &str = "penguin-desk";

/// The app's config folder: `$XDG_CONFIG_HOME/com.penguinmails.desk`, by default
/// `~/.config/com.penguinmails.desk` (what Tauri's `app_config_dir` gives on Linux).
pub fn app_config_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CONFIG_HOME") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".config"),
    };
    Some(base.join("com.penguinmails.desk"))
}

/// The profile id of a sandbox login (stable, so a second `start` replaces it).
pub fn profile_id(login: &str) -> String {
    format!("sandbox-{}", login.trim_start_matches("sandbox_"))
}

/// Writes the profiles to `profiles_path` and the passwords to `keychain`; returns a line per
/// thing done or skipped, for the user.
pub fn write_profiles(
    profiles_path: PathBuf,
    keychain: &dyn SecretStore,
    port: u16,
    logins: &[Login],
) -> Result<Vec<String>, SandboxError> {
    let file = ProfilesFile::new(profiles_path);
    let mut report = Vec::new();
    for l in logins {
        file.upsert(Profile {
            id: profile_id(&l.login),
            name: format!("Sandbox ({})", l.login.trim_start_matches("sandbox_")),
            host: "127.0.0.1".into(),
            port,
            database: "platform".into(),
            tls_mode: TlsMode::Disable,
            user: l.login.clone(),
        })?;
    }
    report.push(format!(
        "wrote {} profiles to {}",
        logins.len(),
        file.path().display()
    ));
    match keychain.probe() {
        Ok(()) => {
            for l in logins {
                if let Err(e) = keychain.set(&password_entry(&profile_id(&l.login)), &l.password) {
                    report.push(format!("keychain refused the password of {}: {e}", l.login));
                }
            }
            report.push(format!("stored {} passwords in the keychain", logins.len()));
        }
        Err(e) => report.push(format!(
            "no keychain answers ({e}): passwords not stored; type them at sign-in"
        )),
    }
    Ok(report)
}

/// [`write_profiles`] into the app's own config folder and the OS keychain.
pub fn write_app_profiles(port: u16, logins: &[Login]) -> Result<Vec<String>, SandboxError> {
    let dir = app_config_dir().ok_or_else(|| {
        SandboxError::BadSandbox("neither XDG_CONFIG_HOME nor HOME is set".into())
    })?;
    write_profiles(
        dir.join("profiles.json"),
        &OsKeychain::new(KEYCHAIN_SERVICE),
        port,
        logins,
    )
}
