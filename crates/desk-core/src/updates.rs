//! The desk's side of in-app updates: the channel the member follows (an app preference), the
//! manifest it reads, and the memory of the daily check (`update-check.json` in the data
//! folder: when the desk last looked). The network, the signature check and the install are
//! the shell's (tauri-plugin-updater); the rules are `desk_domain::updates`.

use chrono::{DateTime, Utc};
use desk_domain::updates::{self, UpdateChannel};
use serde::{Deserialize, Serialize};

use crate::{Desk, DeskError};

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CheckStamp {
    last_check: Option<DateTime<Utc>>,
}

impl Desk {
    fn update_stamp_file(&self) -> std::path::PathBuf {
        self.paths.data_dir.join("update-check.json")
    }

    /// The version of this desk.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The release channel the member follows.
    pub fn update_channel(&self) -> UpdateChannel {
        self.app_prefs().update_channel
    }

    /// The manifest URL for the member's channel, from the configured endpoint template.
    pub fn update_endpoint(&self, template: &str) -> String {
        updates::manifest_endpoint(template, self.update_channel())
    }

    /// When the desk last looked for an update (none: never, or the stamp is unreadable).
    pub fn last_update_check(&self) -> Option<DateTime<Utc>> {
        let text = std::fs::read_to_string(self.update_stamp_file()).ok()?;
        serde_json::from_str::<CheckStamp>(&text).ok()?.last_check
    }

    /// Whether the daily check is due at `now`.
    pub fn update_check_due(&self, now: DateTime<Utc>) -> bool {
        updates::check_due(self.last_update_check(), now)
    }

    /// Remembers a check made at `at` (whatever its outcome: an unreachable server is tried
    /// again the next day, not in a loop).
    pub fn record_update_check(&self, at: DateTime<Utc>) -> Result<(), DeskError> {
        let path = self.update_stamp_file();
        let io = |e: std::io::Error| {
            DeskError::Internal(format!("{} cannot be written: {e}", path.display()))
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let text = serde_json::to_string(&CheckStamp {
            last_check: Some(at),
        })
        .map_err(|e| DeskError::Internal(format!("update stamp: {e}")))?;
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)
    }
}
