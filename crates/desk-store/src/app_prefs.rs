//! The app's own preferences on this laptop, whoever signs in: keep running in the tray when
//! the window is closed, start at login, and the release channel updates come from. JSON in the config folder beside the profiles,
//! written to a temporary file renamed over the old one; a damaged file is reported, and the
//! defaults (both off) apply until the member saves again.

use std::path::{Path, PathBuf};

use desk_domain::updates::UpdateChannel;
use serde::{Deserialize, Serialize};

use crate::StoreError;

/// The app's preferences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppPrefs {
    /// Closing the window hides it; the desk keeps syncing and notifying from the tray.
    pub keep_in_tray: bool,
    /// Start the desk when the member logs in to the computer.
    pub autostart: bool,
    /// The release channel the updates come from (stable in files saved before it existed).
    #[serde(default)]
    pub update_channel: UpdateChannel,
}

/// The preferences file at a path.
#[derive(Debug, Clone)]
pub struct AppPrefsFile {
    path: PathBuf,
}

impl AppPrefsFile {
    /// The file at `path` (created on the first save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        AppPrefsFile { path: path.into() }
    }

    /// Where the file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved preferences, or the defaults when none were saved.
    pub fn load(&self) -> Result<AppPrefs, StoreError> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                StoreError::Corrupt(format!("{} is damaged: {e}", self.path.display()))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(AppPrefs::default()),
            Err(e) => Err(StoreError::Corrupt(format!(
                "{} cannot be read: {e}",
                self.path.display()
            ))),
        }
    }

    /// Saves the preferences.
    pub fn save(&self, prefs: &AppPrefs) -> Result<(), StoreError> {
        let io = |e: std::io::Error| {
            StoreError::Corrupt(format!("{} cannot be written: {e}", self.path.display()))
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let text = serde_json::to_string_pretty(prefs)
            .map_err(|e| StoreError::Corrupt(format!("preferences: {e}")))?;
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_until_saved_then_what_was_saved() {
        let dir = tempfile::tempdir().unwrap();
        let file = AppPrefsFile::new(dir.path().join("config/app.json"));
        assert_eq!(file.load().unwrap(), AppPrefs::default());
        let prefs = AppPrefs {
            keep_in_tray: true,
            autostart: false,
            update_channel: UpdateChannel::Beta,
        };
        file.save(&prefs).unwrap();
        assert_eq!(file.load().unwrap(), prefs);
    }

    #[test]
    fn a_file_saved_before_the_channel_existed_follows_stable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.json");
        std::fs::write(&path, r#"{"keepInTray":true,"autostart":true}"#).unwrap();
        let prefs = AppPrefsFile::new(path).load().unwrap();
        assert!(prefs.keep_in_tray && prefs.autostart);
        assert_eq!(prefs.update_channel, UpdateChannel::Stable);
    }

    #[test]
    fn a_damaged_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.json");
        std::fs::write(&path, "{ not json").unwrap();
        assert!(
            matches!(AppPrefsFile::new(path).load(), Err(StoreError::Corrupt(m)) if m.contains("damaged"))
        );
    }
}
