//! Signed in-app updates through tauri-plugin-updater: the check (the member's channel picks
//! the manifest), the download with its progress, the signature check against the release key
//! in `tauri.conf.json`, and the install where this kind of install allows one; plus the daily
//! check in the background. What counts as an update, which failures stay quiet and what each
//! install does are `desk_domain::updates`; this module only drives the plugin.
//!
//! Tests point a debug desk at a loopback server and a throwaway key with the
//! `PENGUIN_DESK_TEST_UPDATE_*` variables (`desk_domain::updates::update_override`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use desk_core::{Desk, DeskError};
use desk_domain::updates::{
    self, InstallKind, InstallSupport, UpdateChannel, UpdateOverride, UpdateProblem,
};
use serde::Serialize;
use tauri::utils::config::BundleType;
use tauri::{AppHandle, Manager};
use tauri_plugin_updater::{Error as PluginError, Update, UpdaterExt};
use tauri_specta::Event;
use tokio::sync::Mutex;

/// How long a check may wait for the update server.
const CHECK_TIMEOUT: Duration = Duration::from_secs(20);
/// How long after start the first background check waits (the window comes first).
const FIRST_CHECK_AFTER: Duration = Duration::from_secs(20);
/// How often the background task looks whether the daily check is due.
const WAKE_EVERY: Duration = Duration::from_secs(60 * 60);

/// A newer version the update server offers.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateInfo {
    /// The version running now.
    pub current_version: String,
    /// The version offered.
    pub version: String,
    /// Its release notes (Markdown, as published).
    pub notes: Option<String>,
    /// When it was published (RFC 3339), if the manifest says.
    pub published: Option<String>,
    /// What installing it does on this computer.
    pub support: InstallSupport,
}

/// The outcome of a check.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum UpdateCheck {
    /// No newer version on the member's channel.
    UpToDate {
        /// The version running now.
        version: String,
        /// The channel checked.
        channel: UpdateChannel,
    },
    /// A newer version is offered.
    Available {
        /// What is offered.
        update: UpdateInfo,
    },
    /// The server could not be reached or read: said quietly, never as an error dialog.
    CouldNotCheck {
        /// Why.
        problem: UpdateProblem,
        /// The sentence to show.
        message: String,
    },
}

/// The outcome of "Download and install".
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum UpdateOutcome {
    /// Installed; the new version runs after a restart.
    Installed {
        /// The version installed.
        version: String,
    },
    /// Downloaded and its signature accepted, but this copy cannot install it.
    Verified {
        /// The version downloaded.
        version: String,
        /// What the member does instead.
        message: String,
    },
    /// Refused or failed; nothing was installed.
    Refused {
        /// Why.
        problem: UpdateProblem,
        /// The sentence to show.
        message: String,
    },
}

/// The About panel's facts.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct About {
    /// The desk's version.
    pub version: String,
    /// The release channel followed.
    pub channel: UpdateChannel,
    /// How this copy was installed.
    pub install_kind: InstallKind,
    /// The same in words.
    pub install_label: String,
    /// What an update does for it.
    pub install_support: InstallSupport,
    /// When the desk last looked for an update.
    pub last_check: Option<DateTime<Utc>>,
    /// The Tauri version.
    pub tauri_version: String,
    /// The WebView's version.
    pub webview_version: String,
}

/// Download progress of an update, in bytes.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct UpdateProgress {
    /// Bytes received so far.
    pub downloaded: u64,
    /// The download's size, when the server says.
    pub total: Option<u64>,
}

/// The daily check found a newer version.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct UpdateAvailable {
    /// What is offered.
    pub update: UpdateInfo,
}

/// Open the update dialog and check now (the tray menu's "Check for updates…").
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct OpenUpdates;

/// The update found by the last check, kept for "Download and install".
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

/// The test override from the environment, if it is valid (an invalid one is logged and
/// ignored: the real server and key stay).
fn test_override() -> Option<UpdateOverride> {
    let var = |name: &str| std::env::var(name).ok();
    match updates::update_override(
        var(updates::OVERRIDE_ENDPOINT_VAR).as_deref(),
        var(updates::OVERRIDE_PUBKEY_VAR).as_deref(),
        var(updates::OVERRIDE_INSTALL_PATH_VAR).as_deref(),
    ) {
        Ok(o) => o,
        Err(reason) => {
            tracing::warn!(%reason, "update test override refused");
            None
        }
    }
}

/// How this copy was installed (the marker the bundler writes into a packaged binary).
pub fn install_kind() -> InstallKind {
    if test_override().is_some_and(|o| o.install_path.is_some()) {
        // The test installs into its own file as an AppImage would be.
        return InstallKind::AppImage;
    }
    match tauri::utils::platform::bundle_type() {
        Some(BundleType::Deb) => InstallKind::Deb,
        Some(BundleType::Rpm) => InstallKind::Rpm,
        Some(BundleType::AppImage) => InstallKind::AppImage,
        Some(BundleType::App) | Some(BundleType::Dmg) => InstallKind::MacApp,
        Some(BundleType::Msi) => InstallKind::Msi,
        Some(BundleType::Nsis) => InstallKind::Nsis,
        _ => InstallKind::Unpackaged,
    }
}

/// The configured endpoint template (`plugins.updater.endpoints[0]` in `tauri.conf.json`).
fn endpoint_template(app: &AppHandle) -> Option<String> {
    app.config()
        .plugins
        .0
        .get("updater")?
        .get("endpoints")?
        .get(0)?
        .as_str()
        .map(str::to_string)
}

/// What a plugin error means for the member; `downloading` tells a broken download from a
/// server that could not be reached at check time.
fn problem_of(e: &PluginError, downloading: bool) -> UpdateProblem {
    let detail = e.to_string();
    match e {
        PluginError::Reqwest(_) | PluginError::Network(_) if downloading => {
            UpdateProblem::DownloadFailed(detail)
        }
        PluginError::Reqwest(_) | PluginError::Network(_) => UpdateProblem::Unreachable(detail),
        PluginError::ReleaseNotFound
        | PluginError::Serialization(_)
        | PluginError::Semver(_)
        | PluginError::UrlParse(_)
        | PluginError::EmptyEndpoints
        | PluginError::InsecureTransportProtocol => UpdateProblem::NoManifest(detail),
        PluginError::TargetNotFound(_)
        | PluginError::TargetsNotFound(_)
        | PluginError::UnsupportedOs
        | PluginError::UnsupportedArch => UpdateProblem::NoBuildForThisComputer(detail),
        PluginError::Minisign(_) | PluginError::Base64(_) | PluginError::SignatureUtf8(_) => {
            UpdateProblem::SignatureRejected(detail)
        }
        PluginError::SignedVersionMismatch { .. } | PluginError::MissingSignedVersion => {
            UpdateProblem::VersionMismatch(detail)
        }
        PluginError::InvalidUpdaterFormat | PluginError::BinaryNotFoundInArchive => {
            UpdateProblem::WrongFormat(detail)
        }
        _ if downloading => UpdateProblem::InstallFailed(detail),
        _ => UpdateProblem::Unreachable(detail),
    }
}

/// An updater for the member's channel (or the test override), with the desk's version rule.
fn updater(app: &AppHandle, desk: &Desk) -> Result<tauri_plugin_updater::Updater, UpdateProblem> {
    let channel = desk.update_channel();
    let mut builder = app
        .updater_builder()
        .timeout(CHECK_TIMEOUT)
        .version_comparator(move |current, release| {
            updates::is_offered(&current.to_string(), &release.version.to_string(), channel)
        });
    let endpoint = match test_override() {
        Some(o) => {
            builder = builder.pubkey(o.pubkey);
            if let Some(path) = o.install_path {
                builder = builder.executable_path(PathBuf::from(path));
            }
            o.endpoint
        }
        None => {
            let template = endpoint_template(app).ok_or_else(|| {
                UpdateProblem::NoManifest("no updater endpoint in the configuration".into())
            })?;
            desk.update_endpoint(&template)
        }
    };
    let url = endpoint
        .parse()
        .map_err(|e| UpdateProblem::NoManifest(format!("{endpoint}: {e}")))?;
    builder
        .endpoints(vec![url])
        .and_then(|b| b.build())
        .map_err(|e| problem_of(&e, false))
}

/// Looks for a newer version on the member's channel and keeps it for the install.
pub async fn check(app: &AppHandle, desk: &Desk) -> UpdateCheck {
    let pending = app.state::<PendingUpdate>();
    let found = match updater(app, desk) {
        Ok(u) => u.check().await.map_err(|e| problem_of(&e, false)),
        Err(p) => Err(p),
    };
    if let Err(e) = desk.record_update_check(Utc::now()) {
        tracing::warn!(error = %e, "could not remember the update check");
    }
    match found {
        Ok(Some(update)) => {
            let info = UpdateInfo {
                current_version: update.current_version.clone(),
                version: update.version.clone(),
                notes: update.body.clone(),
                published: update.date.map(|d| d.to_string()),
                support: install_kind().support(),
            };
            tracing::info!(version = %info.version, "an update is available");
            *pending.0.lock().await = Some(update);
            UpdateCheck::Available { update: info }
        }
        Ok(None) => {
            *pending.0.lock().await = None;
            UpdateCheck::UpToDate {
                version: desk.version().to_string(),
                channel: desk.update_channel(),
            }
        }
        Err(problem) => {
            tracing::info!(?problem, "could not check for updates");
            UpdateCheck::CouldNotCheck {
                message: problem.message(),
                problem,
            }
        }
    }
}

/// Downloads the update found by the last check (checking again if there is none), with its
/// progress as [`UpdateProgress`] events, verifies its signature, and installs it where this
/// kind of install allows. A refused or failed update installs nothing.
pub async fn install(app: &AppHandle, desk: &Desk) -> Result<UpdateOutcome, DeskError> {
    let pending = app.state::<PendingUpdate>();
    let mut slot = pending.0.lock().await;
    if slot.is_none() {
        drop(slot);
        if let UpdateCheck::CouldNotCheck { problem, message } = check(app, desk).await {
            return Ok(UpdateOutcome::Refused { problem, message });
        }
        slot = pending.0.lock().await;
    }
    let Some(update) = slot.clone() else {
        return Err(DeskError::Internal(
            "there is no update to install: the desk is up to date".into(),
        ));
    };
    drop(slot);

    let progress_app = app.clone();
    let mut downloaded: u64 = 0;
    let mut last_sent: u64 = 0;
    let on_chunk = move |len: usize, total: Option<u64>| {
        downloaded += len as u64;
        // About every 1% (or 64 KiB when the size is unknown), and at the end.
        let step = total.map_or(64 * 1024, |t| (t / 100).max(1));
        if downloaded - last_sent >= step || total == Some(downloaded) {
            last_sent = downloaded;
            let event = UpdateProgress { downloaded, total };
            if let Err(e) = event.emit(&progress_app) {
                tracing::debug!(error = %e, "could not emit the update progress");
            }
        }
    };
    let kind = install_kind();
    let version = update.version.clone();
    let result = if kind.support() == InstallSupport::ManualOnly {
        // `download` verifies the signature; nothing here can be replaced.
        update.download(on_chunk, || {}).await.map(|_| false)
    } else {
        update
            .download_and_install(on_chunk, || {})
            .await
            .map(|()| true)
    };
    *pending.0.lock().await = None;
    Ok(match result {
        Ok(true) => {
            tracing::info!(%version, "update installed");
            UpdateOutcome::Installed { version }
        }
        Ok(false) => {
            tracing::info!(%version, "update downloaded and verified; not installable here");
            UpdateOutcome::Verified {
                message: format!(
                    "Version {version} was downloaded and its signature checked, but this copy of Penguin Desk is {}, so it cannot replace itself. Install the new package from the release page.",
                    kind.label()
                ),
                version,
            }
        }
        Err(e) => {
            let problem = problem_of(&e, true);
            tracing::warn!(?problem, "update refused");
            UpdateOutcome::Refused {
                message: problem.message(),
                problem,
            }
        }
    })
}

/// The About panel's facts.
pub fn about(desk: &Desk) -> About {
    let kind = install_kind();
    About {
        version: desk.version().to_string(),
        channel: desk.update_channel(),
        install_kind: kind,
        install_label: kind.label().to_string(),
        install_support: kind.support(),
        last_check: desk.last_update_check(),
        tauri_version: tauri::VERSION.to_string(),
        webview_version: tauri::webview_version().unwrap_or_else(|e| format!("unknown ({e})")),
    }
}

/// The daily check: shortly after start, then whenever a day has passed since the last check
/// (remembered across restarts). A newer version is announced with [`UpdateAvailable`]; a
/// server that cannot be reached is only logged.
pub fn start_daily_check(app: &AppHandle, desk: Arc<Desk>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_CHECK_AFTER).await;
        loop {
            if desk.update_check_due(Utc::now()) {
                if let UpdateCheck::Available { update } = check(&app, &desk).await {
                    if let Err(e) = (UpdateAvailable { update }).emit(&app) {
                        tracing::warn!(error = %e, "could not announce the update");
                    }
                }
            }
            tokio::time::sleep(WAKE_EVERY).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_server_is_quiet_at_check_time_and_a_broken_download_is_not() {
        let network = || PluginError::Network("connection refused".into());
        assert!(matches!(
            problem_of(&network(), false),
            UpdateProblem::Unreachable(_)
        ));
        assert!(problem_of(&network(), false).is_quiet());
        assert!(matches!(
            problem_of(&network(), true),
            UpdateProblem::DownloadFailed(_)
        ));
        assert!(!problem_of(&network(), true).is_quiet());
    }

    /// An error, whether it happened while downloading, and what it must mean.
    type Case = (PluginError, bool, fn(&UpdateProblem) -> bool);

    #[test]
    fn each_plugin_error_means_what_the_member_reads() {
        let cases: [Case; 6] = [
            (PluginError::ReleaseNotFound, false, |p| {
                matches!(p, UpdateProblem::NoManifest(_))
            }),
            (
                PluginError::TargetsNotFound(vec!["linux-x86_64".into()]),
                false,
                |p| matches!(p, UpdateProblem::NoBuildForThisComputer(_)),
            ),
            (
                PluginError::SignedVersionMismatch {
                    signed: "1.0.0".into(),
                    announced: "2.0.0".into(),
                },
                true,
                |p| matches!(p, UpdateProblem::VersionMismatch(_)),
            ),
            (PluginError::MissingSignedVersion, true, |p| {
                matches!(p, UpdateProblem::VersionMismatch(_))
            }),
            (PluginError::InvalidUpdaterFormat, true, |p| {
                matches!(p, UpdateProblem::WrongFormat(_))
            }),
            (PluginError::AuthenticationFailed, true, |p| {
                matches!(p, UpdateProblem::InstallFailed(_))
            }),
        ];
        for (error, downloading, expected) in cases {
            let problem = problem_of(&error, downloading);
            assert!(expected(&problem), "{error} gave {problem:?}");
        }
    }
}
