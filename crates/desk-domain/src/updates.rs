//! In-app updates, the rules without the I/O: which manifest a release channel reads, which
//! offered version counts as an update, when the daily check is due, what each way of
//! installing the desk can do with an update, which failures stay quiet ("couldn't check")
//! and which are shown, and the test-only override of the update server and its key.
//!
//! The shell (`src-tauri/src/updates.rs`) does the network, the signature check and the
//! install through tauri-plugin-updater, and asks these functions what to do.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The release channel a laptop follows (app preference; stable unless the member picks beta).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum UpdateChannel {
    /// Released versions only (no pre-release such as `1.4.0-beta.2`).
    #[default]
    Stable,
    /// Pre-releases too, from the beta manifest.
    Beta,
}

impl UpdateChannel {
    /// The channel's name in the manifest's URL: `stable` or `beta`.
    pub fn name(self) -> &'static str {
        match self {
            UpdateChannel::Stable => "stable",
            UpdateChannel::Beta => "beta",
        }
    }
}

/// The placeholder of the configured endpoint that the channel's name replaces.
pub const CHANNEL_PLACEHOLDER: &str = "{{channel}}";

/// The manifest URL of `channel`, from the endpoint configured in `tauri.conf.json`
/// (`https://…/{{channel}}/latest.json`). The updater's own variables (`{{target}}`,
/// `{{arch}}`, `{{current_version}}`) are left for it to fill.
pub fn manifest_endpoint(template: &str, channel: UpdateChannel) -> String {
    template.replace(CHANNEL_PLACEHOLDER, channel.name())
}

/// A version as the updater announces it: `1.2.3`, `v1.2.3`, `1.3.0-beta.1`.
fn parse_version(text: &str) -> Option<semver::Version> {
    semver::Version::parse(text.trim().trim_start_matches('v')).ok()
}

/// Whether the manifest's `offered` version is an update for a desk running `current` on
/// `channel`: strictly newer (semver precedence, so an equal or older version is never
/// offered), and on the stable channel never a pre-release. A version that does not parse
/// is not offered.
pub fn is_offered(current: &str, offered: &str, channel: UpdateChannel) -> bool {
    let (Some(current), Some(offered)) = (parse_version(current), parse_version(offered)) else {
        return false;
    };
    if channel == UpdateChannel::Stable && !offered.pre.is_empty() {
        return false;
    }
    offered > current
}

/// How often the desk looks for an update by itself.
pub const CHECK_EVERY_HOURS: i64 = 24;

/// Whether the daily check is due: never checked, or the last check is a day old (a clock
/// that went backwards counts as due, so a wrong stamp cannot silence the check for long).
pub fn check_due(last_check: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    match last_check {
        None => true,
        Some(last) => last > now || now - last >= Duration::hours(CHECK_EVERY_HOURS),
    }
}

/// How this copy of the desk was installed (from the bundle marker the Tauri bundler writes
/// into the packaged binary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum InstallKind {
    /// A Debian/Ubuntu package (`.deb`).
    Deb,
    /// A Fedora/RHEL/openSUSE package (`.rpm`).
    Rpm,
    /// An AppImage file the member runs from where they keep it.
    AppImage,
    /// The macOS application bundle (`.app`, shipped in a `.dmg`).
    MacApp,
    /// The Windows MSI installer.
    Msi,
    /// The Windows NSIS setup program.
    Nsis,
    /// Not from a package: a build from source (`cargo build`, `scripts/run`).
    Unpackaged,
}

/// What an update does for one way of installing the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum InstallSupport {
    /// The desk replaces its own file (AppImage, macOS bundle) and asks for a restart.
    ReplacesItself,
    /// The system's package tool installs the downloaded package after asking for an
    /// administrator's password (`pkexec dpkg -i` / `pkexec rpm -U`); then a restart.
    PackageManager,
    /// The downloaded installer runs and the desk quits while it does (Windows).
    RunsInstaller,
    /// The update is downloaded and its signature checked, but this copy cannot install it:
    /// the member installs the new package themselves.
    ManualOnly,
}

impl InstallKind {
    /// What an update does for this kind of install (tauri-plugin-updater 2.x: an AppImage
    /// file is rewritten in place; `.deb` and `.rpm` go to `dpkg -i` / `rpm -U` through
    /// `pkexec`, else `zenity`/`kdialog` + `sudo`; a build from source has nothing to replace).
    pub fn support(self) -> InstallSupport {
        match self {
            InstallKind::AppImage | InstallKind::MacApp => InstallSupport::ReplacesItself,
            InstallKind::Deb | InstallKind::Rpm => InstallSupport::PackageManager,
            InstallKind::Msi | InstallKind::Nsis => InstallSupport::RunsInstaller,
            InstallKind::Unpackaged => InstallSupport::ManualOnly,
        }
    }

    /// The words for the About panel and the diagnostics.
    pub fn label(self) -> &'static str {
        match self {
            InstallKind::Deb => "Debian package (.deb)",
            InstallKind::Rpm => "RPM package (.rpm)",
            InstallKind::AppImage => "AppImage",
            InstallKind::MacApp => "macOS app",
            InstallKind::Msi => "Windows installer (.msi)",
            InstallKind::Nsis => "Windows setup (.exe)",
            InstallKind::Unpackaged => "built from source (not a package)",
        }
    }
}

/// Why a check, a download or an install did not end in an installed update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "detail", rename_all = "camelCase")]
pub enum UpdateProblem {
    /// The update server did not answer (offline, DNS, refused, timed out, 5xx).
    Unreachable(String),
    /// The server answered with something that is not an update manifest.
    NoManifest(String),
    /// The manifest has no build for this computer (operating system, processor, package).
    NoBuildForThisComputer(String),
    /// The download's signature is not from the desk's release key, or the file was changed.
    SignatureRejected(String),
    /// The signature is good but was made for another version than the manifest announces.
    VersionMismatch(String),
    /// The download broke off or the server refused it.
    DownloadFailed(String),
    /// The downloaded file is not a package this install can use.
    WrongFormat(String),
    /// The administrator's password was not given, or the package tool failed.
    InstallFailed(String),
}

impl UpdateProblem {
    /// Whether the problem stays quiet: a check that could not reach or read the server says
    /// "couldn't check" in passing (and the daily check only logs it); everything that went
    /// wrong with a download the member asked for is shown.
    pub fn is_quiet(&self) -> bool {
        matches!(
            self,
            UpdateProblem::Unreachable(_)
                | UpdateProblem::NoManifest(_)
                | UpdateProblem::NoBuildForThisComputer(_)
        )
    }

    /// The sentence the member reads.
    pub fn message(&self) -> String {
        match self {
            UpdateProblem::Unreachable(_) => {
                "Couldn't check for updates: the update server did not answer. The desk will try again later.".into()
            }
            UpdateProblem::NoManifest(_) => {
                "Couldn't check for updates: the update server's answer was not an update manifest.".into()
            }
            UpdateProblem::NoBuildForThisComputer(_) => {
                "Couldn't check for updates: the update server has no build for this computer.".into()
            }
            UpdateProblem::SignatureRejected(_) => {
                "The update was refused: its signature does not match Penguin Desk's release key, so the file may have been changed or was not made by PenguinMails. Nothing was installed.".into()
            }
            UpdateProblem::VersionMismatch(_) => {
                "The update was refused: it was signed for a different version than the update server announced. Nothing was installed.".into()
            }
            UpdateProblem::DownloadFailed(_) => {
                "The update could not be downloaded. Nothing was installed; try again later.".into()
            }
            UpdateProblem::WrongFormat(_) => {
                "The update was refused: the downloaded file is not a package this installation can use. Nothing was installed.".into()
            }
            UpdateProblem::InstallFailed(_) => {
                "The update was downloaded and verified but not installed: the installation was cancelled or failed.".into()
            }
        }
    }
}

/// The test-only override of the update server and its public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateOverride {
    /// The manifest URL (on this machine's loopback).
    pub endpoint: String,
    /// The minisign public key (base64 of the `.pub` file, as in `tauri.conf.json`).
    pub pubkey: String,
    /// A file to install an update into as if it were this desk's AppImage.
    pub install_path: Option<String>,
}

/// The environment variable naming a loopback update manifest (tests only).
pub const OVERRIDE_ENDPOINT_VAR: &str = "PENGUIN_DESK_TEST_UPDATE_ENDPOINT";
/// The environment variable holding the public key that manifest's artifacts are signed with.
pub const OVERRIDE_PUBKEY_VAR: &str = "PENGUIN_DESK_TEST_UPDATE_PUBKEY";
/// The environment variable naming a file an update is installed into as an AppImage would be.
pub const OVERRIDE_INSTALL_PATH_VAR: &str = "PENGUIN_DESK_TEST_UPDATE_INSTALL_PATH";

/// The override from the test environment variables, if they ask for one. It is honoured only
/// with both the endpoint and the key, and only for a plain-HTTP endpoint on this machine's
/// loopback (`127.0.0.1`, `localhost`, `[::1]`): it cannot point a desk at another server.
/// Anything else is refused with the reason (the shell logs it and keeps the real server).
pub fn update_override(
    endpoint: Option<&str>,
    pubkey: Option<&str>,
    install_path: Option<&str>,
) -> Result<Option<UpdateOverride>, String> {
    let endpoint = endpoint.map(str::trim).filter(|s| !s.is_empty());
    let pubkey = pubkey.map(str::trim).filter(|s| !s.is_empty());
    let (endpoint, pubkey) = match (endpoint, pubkey) {
        (None, None) => return Ok(None),
        (Some(e), Some(k)) => (e, k),
        _ => {
            return Err(format!(
                "{OVERRIDE_ENDPOINT_VAR} and {OVERRIDE_PUBKEY_VAR} go together; ignoring both"
            ))
        }
    };
    let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
    let host_ok = loopback.iter().any(|p| {
        endpoint
            .strip_prefix(p)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    });
    if !host_ok {
        return Err(format!(
            "{OVERRIDE_ENDPOINT_VAR} must be http://127.0.0.1:PORT/…, http://localhost:PORT/… or http://[::1]:PORT/… (tests only); ignoring it"
        ));
    }
    Ok(Some(UpdateOverride {
        endpoint: endpoint.to_string(),
        pubkey: pubkey.to_string(),
        install_path: install_path
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn each_channel_reads_its_own_manifest() {
        let template = "https://desk-updates.example/{{channel}}/latest.json";
        assert_eq!(
            manifest_endpoint(template, UpdateChannel::Stable),
            "https://desk-updates.example/stable/latest.json"
        );
        assert_eq!(
            manifest_endpoint(template, UpdateChannel::Beta),
            "https://desk-updates.example/beta/latest.json"
        );
        // The updater's own variables are left for it.
        assert_eq!(
            manifest_endpoint(
                "https://u/{{channel}}/{{target}}/{{current_version}}",
                UpdateChannel::Beta
            ),
            "https://u/beta/{{target}}/{{current_version}}"
        );
        assert_eq!(UpdateChannel::default(), UpdateChannel::Stable);
    }

    #[test]
    fn only_a_newer_version_is_offered() {
        use UpdateChannel::*;
        assert!(is_offered("0.1.0", "0.2.0", Stable));
        assert!(is_offered("0.1.0", "v0.1.1", Stable));
        assert!(is_offered("0.9.9", "1.0.0", Stable));
        assert!(
            is_offered("1.2.9", "1.10.0", Stable),
            "numeric, not text, order"
        );
        assert!(!is_offered("0.1.0", "0.1.0", Stable), "equal");
        assert!(!is_offered("0.2.0", "0.1.9", Stable), "older");
        assert!(!is_offered("0.1.0", "not a version", Stable));
        assert!(!is_offered("0.1.0", "", Beta));
    }

    #[test]
    fn pre_releases_only_on_the_beta_channel() {
        use UpdateChannel::*;
        assert!(!is_offered("0.1.0", "0.2.0-beta.1", Stable));
        assert!(is_offered("0.1.0", "0.2.0-beta.1", Beta));
        assert!(is_offered("0.2.0-beta.1", "0.2.0-beta.2", Beta));
        assert!(
            is_offered("0.2.0-beta.2", "0.2.0", Stable),
            "the release after its betas"
        );
        assert!(
            !is_offered("0.2.0", "0.2.0-beta.3", Beta),
            "a beta of a version already out"
        );
    }

    #[test]
    fn the_check_is_due_once_a_day() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
        assert!(check_due(None, now));
        assert!(!check_due(Some(now - Duration::hours(23)), now));
        assert!(check_due(Some(now - Duration::hours(24)), now));
        assert!(check_due(Some(now - Duration::days(9)), now));
        assert!(
            check_due(Some(now + Duration::hours(2)), now),
            "a stamp from the future"
        );
    }

    #[test]
    fn what_each_install_does_with_an_update() {
        assert_eq!(
            InstallKind::AppImage.support(),
            InstallSupport::ReplacesItself
        );
        assert_eq!(InstallKind::Deb.support(), InstallSupport::PackageManager);
        assert_eq!(InstallKind::Rpm.support(), InstallSupport::PackageManager);
        assert_eq!(
            InstallKind::MacApp.support(),
            InstallSupport::ReplacesItself
        );
        assert_eq!(InstallKind::Nsis.support(), InstallSupport::RunsInstaller);
        assert_eq!(
            InstallKind::Unpackaged.support(),
            InstallSupport::ManualOnly
        );
    }

    #[test]
    fn a_server_that_cannot_be_read_stays_quiet_and_a_bad_file_does_not() {
        assert!(UpdateProblem::Unreachable("refused".into()).is_quiet());
        assert!(UpdateProblem::NoManifest("404".into()).is_quiet());
        assert!(UpdateProblem::NoBuildForThisComputer("linux-x86_64".into()).is_quiet());
        for loud in [
            UpdateProblem::SignatureRejected("x".into()),
            UpdateProblem::VersionMismatch("x".into()),
            UpdateProblem::DownloadFailed("x".into()),
            UpdateProblem::WrongFormat("x".into()),
            UpdateProblem::InstallFailed("x".into()),
        ] {
            assert!(!loud.is_quiet(), "{loud:?}");
        }
        let m = UpdateProblem::SignatureRejected("x".into()).message();
        assert!(
            m.contains("signature") && m.contains("Nothing was installed"),
            "{m}"
        );
        assert!(UpdateProblem::Unreachable("x".into())
            .message()
            .starts_with("Couldn't check"));
    }

    #[test]
    fn the_override_is_for_loopback_tests_only() {
        let key = Some("a2V5");
        assert_eq!(update_override(None, None, None), Ok(None));
        let o = update_override(Some("http://127.0.0.1:4321/m.json"), key, Some("/tmp/app"))
            .unwrap()
            .unwrap();
        assert_eq!(o.endpoint, "http://127.0.0.1:4321/m.json");
        assert_eq!(o.install_path.as_deref(), Some("/tmp/app"));
        assert!(update_override(Some("http://localhost:80/m"), key, None)
            .unwrap()
            .is_some());
        assert!(update_override(Some("http://[::1]:80/m"), key, None)
            .unwrap()
            .is_some());
        for refused in [
            "https://updates.example/m.json",
            "http://127.0.0.1.evil.example:80/m",
            "http://localhost.evil.example/m",
            "http://10.0.0.1:80/m",
            "file:///tmp/m.json",
        ] {
            assert!(
                update_override(Some(refused), key, None).is_err(),
                "{refused}"
            );
        }
        assert!(update_override(Some("http://127.0.0.1:1/m"), None, None).is_err());
        assert!(update_override(None, key, None).is_err());
    }
}
