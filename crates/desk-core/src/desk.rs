//! The [`Desk`]: the one object the shell holds, owning the keychain, the local store, the
//! profiles file and the signed-in session.

use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use desk_store::{LocalStore, ProfilesFile, SecretStore};
use sqlx::PgPool;
use tokio::sync::RwLock;

use crate::views::{AppStatus, Connection, Session};
use crate::DeskError;

/// Closes a platform pool in the background. Never awaited under the state lock: `close`
/// waits for every connection to come back, and a sync loop's listener holds one until the
/// loop notices, which it cannot while the lock is held.
pub(crate) fn close_later(pool: PgPool) {
    tokio::spawn(async move { pool.close().await });
}

/// Where the desk keeps its files on this machine.
#[derive(Debug, Clone)]
pub struct DeskPaths {
    /// The encrypted local store and other data.
    pub data_dir: PathBuf,
    /// The profiles file.
    pub config_dir: PathBuf,
    /// The rotating log files.
    pub log_dir: PathBuf,
}

impl DeskPaths {
    /// The local store file.
    pub fn store_file(&self) -> PathBuf {
        self.data_dir.join("desk.db")
    }

    /// The profiles file.
    pub fn profiles_file(&self) -> PathBuf {
        self.config_dir.join("profiles.json")
    }
}

/// What the sync loop is doing, for the status bar.
#[derive(Debug, Clone, Default)]
pub(crate) struct SyncActivity {
    pub(crate) running: bool,
    pub(crate) last_error: Option<String>,
    pub(crate) progress: Option<crate::SyncProgress>,
    /// Deriving the book of accounts after a sync.
    pub(crate) deriving: bool,
}

#[derive(Default)]
pub(crate) struct SessionState {
    pub(crate) session: Option<Session>,
    pub(crate) pool: Option<PgPool>,
}

/// The application service.
pub struct Desk {
    pub(crate) paths: DeskPaths,
    pub(crate) version: String,
    pub(crate) keychain: Arc<dyn SecretStore>,
    pub(crate) store: Result<LocalStore, DeskError>,
    pub(crate) profiles: ProfilesFile,
    pub(crate) state: RwLock<SessionState>,
    pub(crate) sync: Mutex<SyncActivity>,
    /// Bumped at every sign-in and sign-out; a sync loop of an older generation stops.
    pub(crate) generation: AtomicU64,
    /// Wakes the sync loop early (a change was queued).
    pub(crate) wake: tokio::sync::Notify,
    /// One derivation of the book of accounts at a time.
    pub(crate) cs_refresh: tokio::sync::Mutex<()>,
    /// How notifications reach the OS (set by the shell; none: decided, not shown).
    pub(crate) notifier: std::sync::RwLock<Option<Arc<dyn crate::alerts::Notifier>>>,
    /// Why the desk signed the member out by itself (access revoked), until the next sign-in.
    pub(crate) revoked: Mutex<Option<String>>,
}

impl Desk {
    /// Opens the local store (creating its key on first start) and restores the member
    /// remembered from the last sign-in, offline until [`Desk::reconnect`] reaches the platform.
    /// A store that cannot be opened is not fatal: the desk starts and says why.
    pub async fn start(paths: DeskPaths, keychain: Arc<dyn SecretStore>, version: &str) -> Desk {
        let store = LocalStore::open(&paths.store_file(), keychain.as_ref())
            .await
            .map_err(DeskError::from);
        if let Err(e) = &store {
            tracing::error!(error = %e, "the local store is not open");
        }
        let profiles = ProfilesFile::new(paths.profiles_file());
        let desk = Desk {
            paths,
            version: version.to_string(),
            keychain,
            store,
            profiles,
            state: RwLock::new(SessionState::default()),
            sync: Mutex::new(SyncActivity::default()),
            generation: AtomicU64::new(0),
            wake: tokio::sync::Notify::new(),
            cs_refresh: tokio::sync::Mutex::new(()),
            notifier: std::sync::RwLock::new(None),
            revoked: Mutex::new(None),
        };
        if let Err(e) = desk.restore_remembered().await {
            tracing::warn!(error = %e, "could not restore the remembered session");
        }
        desk
    }

    /// Where the desk keeps its files.
    pub fn paths(&self) -> &DeskPaths {
        &self.paths
    }

    /// The open local store, or why it is not open.
    pub fn store(&self) -> Result<&LocalStore, DeskError> {
        self.store.as_ref().map_err(Clone::clone)
    }

    /// The signed-in member's login, or `NotSignedIn` saying what signing in is needed for
    /// (e.g. "to see billing").
    pub(crate) async fn signed_in_login(&self, needed_for: &str) -> Result<String, DeskError> {
        self.state
            .read()
            .await
            .session
            .as_ref()
            .map(|s| s.login.clone())
            .ok_or_else(|| DeskError::NotSignedIn(format!("Sign in {needed_for}.")))
    }

    /// The signed-in member's desk roles, or `NotSignedIn` saying what signing in is needed
    /// for.
    pub(crate) async fn signed_in_roles(
        &self,
        needed_for: &str,
    ) -> Result<Vec<desk_domain::DeskRole>, DeskError> {
        self.state
            .read()
            .await
            .session
            .as_ref()
            .map(|s| s.roles.clone())
            .ok_or_else(|| DeskError::NotSignedIn(format!("Sign in {needed_for}.")))
    }

    /// The platform connection of the signed-in member, when online.
    pub async fn platform(&self) -> Option<PgPool> {
        self.state.read().await.pool.clone()
    }

    /// The platform connection for a change that needs it: `NotSignedIn`, or `Unreachable`
    /// saying that `what` needs the platform and what the screen shows meanwhile.
    pub(crate) async fn online_platform(
        &self,
        what: &str,
        meanwhile: &str,
    ) -> Result<PgPool, DeskError> {
        self.signed_in_login(&format!("for {}", what.to_lowercase()))
            .await?;
        self.platform().await.ok_or_else(|| {
            DeskError::Unreachable(format!(
                "{what} needs the platform, and this desk is offline; {meanwhile}"
            ))
        })
    }

    /// The state the window shows at a glance.
    pub async fn status(&self) -> Result<AppStatus, DeskError> {
        let session = self.state.read().await.session.clone();
        let connection = match &session {
            None => Connection::SignedOut,
            Some(s) if s.online => Connection::Online,
            Some(_) => Connection::Offline,
        };
        let (last_sync_at, queued_changes, refused_changes) = match &self.store {
            Ok(store) => (
                store.last_sync_at().await?,
                store.queued_changes().await?,
                store.refused_changes().await?,
            ),
            Err(_) => (None, 0, 0),
        };
        let activity = self.sync_activity();
        let alerts = self.alert_counts().await;
        Ok(AppStatus {
            access_revoked: self.access_revoked(),
            alerts,
            syncing: activity.running,
            sync_progress: activity.progress,
            deriving: activity.deriving,
            sync_error: activity.last_error,
            version: self.version.clone(),
            store_problem: self.store.as_ref().err().cloned(),
            session,
            connection,
            last_sync_at,
            queued_changes,
            refused_changes,
        })
    }
}
