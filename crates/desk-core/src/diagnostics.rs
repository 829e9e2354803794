//! "Copy diagnostics": versions, paths, the desk's state and the last log lines, as text a
//! staff member can paste into a ticket. Every line passes [`desk_domain::diagnostics::redact`];
//! no password, key or token is ever included.

use std::path::{Path, PathBuf};

use desk_domain::diagnostics::redact;

use crate::{Desk, DeskError};

/// How many log lines the diagnostics carry.
pub const LOG_LINES: usize = 200;

/// The newest file in `log_dir` (the rotating appender's current file).
pub fn newest_log_file(log_dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(log_dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max_by_key(|(modified, _)| *modified)
        .map(|(_, path)| path)
}

/// The last `n` lines of the newest log file, redacted.
pub fn last_log_lines(log_dir: &Path, n: usize) -> Vec<String> {
    let Some(file) = newest_log_file(log_dir) else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(&file) else {
        return Vec::new();
    };
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..]
        .iter()
        .map(|l| redact(l))
        .collect()
}

impl Desk {
    /// The diagnostics text; `extra` adds facts only the shell knows (Tauri, WebView).
    pub async fn diagnostics(&self, extra: &[(&str, String)]) -> Result<String, DeskError> {
        let mut out = Vec::new();
        out.push(format!("Penguin Desk {}", self.version));
        out.push(format!(
            "OS: {} {} ({})",
            std::env::consts::OS,
            std::env::consts::ARCH,
            if cfg!(debug_assertions) {
                "debug build"
            } else {
                "release build"
            }
        ));
        for (k, v) in extra {
            out.push(format!("{k}: {v}"));
        }
        out.push(format!("Data folder: {}", self.paths.data_dir.display()));
        out.push(format!(
            "Config folder: {}",
            self.paths.config_dir.display()
        ));
        out.push(format!("Log folder: {}", self.paths.log_dir.display()));
        match &self.store {
            Ok(s) => out.push(format!(
                "Local store: open, encrypted, at {}",
                s.path().display()
            )),
            Err(e) => out.push(format!("Local store: NOT OPEN: {e}")),
        }
        let profiles = self.profiles.load().map(|p| p.len());
        out.push(format!(
            "Profiles: {}",
            profiles.map_or_else(|e| format!("unreadable: {e}"), |n| n.to_string())
        ));
        let status = self.status().await?;
        match &status.session {
            Some(s) => out.push(format!(
                "Signed in: {} on profile \"{}\", roles {:?}, {}",
                s.login,
                s.profile_name,
                s.roles,
                if s.online { "online" } else { "offline" }
            )),
            None => out.push("Signed in: nobody".into()),
        }
        out.push(format!("Queued changes: {}", status.queued_changes));
        out.push(format!(
            "Last sync: {}",
            status
                .last_sync_at
                .map_or_else(|| "never".to_string(), |t| t.to_rfc3339())
        ));
        out.push(format!("--- last {LOG_LINES} log lines ---"));
        out.extend(last_log_lines(&self.paths.log_dir, LOG_LINES));
        Ok(out
            .into_iter()
            .map(|l| redact(&l))
            .collect::<Vec<_>>()
            .join("\n"))
    }
}
