//! The app's preferences on this laptop (keep running in the tray, start at login), read and
//! saved for the shell, which applies them to the window and the OS.

use desk_store::app_prefs::{AppPrefs, AppPrefsFile};

use crate::{Desk, DeskError};

impl Desk {
    fn prefs_file(&self) -> AppPrefsFile {
        AppPrefsFile::new(self.paths.config_dir.join("app.json"))
    }

    /// The saved preferences (the defaults if none, or if the file is damaged: logged).
    pub fn app_prefs(&self) -> AppPrefs {
        self.prefs_file().load().unwrap_or_else(|e| {
            tracing::warn!(error = %e, "app preferences unreadable; using the defaults");
            AppPrefs::default()
        })
    }

    /// Saves the preferences.
    pub fn save_app_prefs(&self, prefs: &AppPrefs) -> Result<(), DeskError> {
        Ok(self.prefs_file().save(prefs)?)
    }
}
