//! What the UI is shown: plain, serialisable views of the desk's state.

use chrono::{DateTime, Utc};
use desk_domain::{DeskRole, Profile, Section, TlsMode};
use serde::{Deserialize, Serialize};

use crate::DeskError;

/// A saved profile as listed, with whether a password is in the keychain for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileView {
    /// Stable id.
    pub id: String,
    /// The name given to it.
    pub name: String,
    /// Database host.
    pub host: String,
    /// Database port.
    pub port: u16,
    /// Database name.
    pub database: String,
    /// TLS mode.
    pub tls_mode: TlsMode,
    /// PostgreSQL login.
    pub user: String,
    /// Whether its password is kept in the keychain.
    pub has_password: bool,
}

impl ProfileView {
    pub(crate) fn new(p: Profile, has_password: bool) -> Self {
        ProfileView {
            id: p.id,
            name: p.name,
            host: p.host,
            port: p.port,
            database: p.database,
            tls_mode: p.tls_mode,
            user: p.user,
            has_password,
        }
    }
}

/// A new profile (no id) or an edit of one (its id), as typed in the form.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInput {
    /// The profile to edit, or none for a new one.
    pub id: Option<String>,
    /// Name.
    pub name: String,
    /// Host.
    pub host: String,
    /// Port.
    pub port: u32,
    /// Database.
    pub database: String,
    /// TLS mode.
    pub tls_mode: TlsMode,
    /// PostgreSQL login.
    pub user: String,
    /// A new password, or none to keep the stored one.
    pub password: Option<String>,
    /// Whether to keep the password in the keychain.
    pub remember_password: bool,
}

/// The signed-in staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// The profile signed in with.
    pub profile_id: String,
    /// Its name.
    pub profile_name: String,
    /// The PostgreSQL login.
    pub login: String,
    /// Their desk roles.
    pub roles: Vec<DeskRole>,
    /// The sections of the window those roles open.
    pub sections: Vec<Section>,
    /// Whether the platform database is reachable right now.
    pub online: bool,
    /// When they last signed in successfully.
    pub signed_in_at: DateTime<Utc>,
    /// Set while the member, signed in with their one-time setup code, has not chosen a
    /// password yet: when the code stops working. The window asks for a password first.
    pub setup_pending_until: Option<DateTime<Utc>>,
}

/// The connection state the status bar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Connection {
    /// Nobody is signed in.
    SignedOut,
    /// Signed in and the platform answers.
    Online,
    /// Signed in from the remembered session; the platform does not answer.
    Offline,
}

/// Everything the window needs to know at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// Why the desk signed the member out by itself (their access was revoked), if it did.
    pub access_revoked: Option<String>,
    /// Open, overdue and critical alerts the member sees (zeros when signed out).
    pub alerts: desk_store::alerts::AlertCounts,
    /// The app's version.
    pub version: String,
    /// Why the local store is not open, if it is not.
    pub store_problem: Option<DeskError>,
    /// Who is signed in.
    pub session: Option<Session>,
    /// Online, offline or signed out.
    pub connection: Connection,
    /// When any collection last finished syncing.
    pub last_sync_at: Option<DateTime<Utc>>,
    /// The user's changes waiting for the platform.
    pub queued_changes: u32,
    /// The user's changes the platform refused (each shows its reason on its record).
    pub refused_changes: u32,
    /// Whether a pull is running now.
    pub syncing: bool,
    /// Where the running pull stands, if one runs.
    pub sync_progress: Option<SyncProgress>,
    /// Whether the book of accounts is being derived from freshly synced data.
    pub deriving: bool,
    /// Why the last sync failed, if it did (cleared by the next success).
    pub sync_error: Option<String>,
}

/// One collection of the laptop's encrypted copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LocalCollection {
    /// The collection's name (e.g. `tenants`).
    pub collection: String,
    /// Rows held on this laptop.
    pub rows: u32,
    /// When it last finished syncing.
    pub synced_at: Option<DateTime<Utc>>,
    /// The member's changes to it waiting for the platform.
    pub pending: u32,
}

/// Where a running pull stands, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    /// The collection being pulled.
    pub collection: String,
    /// Its position among this pull's collections (1-based).
    pub index: u32,
    /// How many collections this pull covers.
    pub total: u32,
    /// Rows written so far in this pull.
    pub rows: u32,
}
