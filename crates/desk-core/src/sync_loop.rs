//! Keeping the local copy in step while a member is signed in: pull now, then again when the
//! platform NOTIFYs a change (LISTEN `desk_changes`) or every [`PERIODIC_PULL`] to cover lost
//! wake-ups; when the platform stops answering, go offline and reconnect with backoff.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use desk_sync::{discover, Collection, ProgressFn, PullReport, Puller, Pusher};
use sqlx::postgres::PgListener;

use crate::desk::SyncActivity;
use crate::{Desk, DeskError};

/// How often to pull when no notification arrives.
pub const PERIODIC_PULL: Duration = Duration::from_secs(30);
/// The longest wait between reconnect attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

impl Desk {
    pub(crate) fn sync_activity(&self) -> SyncActivity {
        self.sync.lock().map(|a| a.clone()).unwrap_or_default()
    }

    pub(crate) fn set_sync_activity(&self, running: bool, last_error: Option<String>) {
        if let Ok(mut a) = self.sync.lock() {
            a.running = running;
            a.last_error = last_error;
            a.progress = None;
        }
    }

    fn set_progress(&self, p: &desk_sync::Progress) {
        if let Ok(mut a) = self.sync.lock() {
            let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            a.progress = Some(crate::SyncProgress {
                collection: p.collection.clone(),
                index: clamp(p.index),
                total: clamp(p.total),
                rows: u32::try_from(p.rows).unwrap_or(u32::MAX),
            });
        }
    }

    fn set_deriving(&self, deriving: bool) {
        if let Ok(mut a) = self.sync.lock() {
            a.deriving = deriving;
        }
    }

    fn set_running(&self, running: bool) {
        if let Ok(mut a) = self.sync.lock() {
            a.running = running;
        }
    }

    /// Sends the member's queued changes, then pulls every collection they may read into
    /// the local store, once.
    pub async fn sync_now(&self) -> Result<PullReport, DeskError> {
        self.sync_with(None, &mut None, None).await
    }

    /// Pushes queued changes, then pulls: only the collections in `only` when they are all
    /// known in `known` (a change notification named them), else all of them, discovered
    /// afresh into `known`.
    async fn sync_with(
        &self,
        only: Option<&[String]>,
        known: &mut Option<Vec<Collection>>,
        progress: Option<ProgressFn>,
    ) -> Result<PullReport, DeskError> {
        let store = self.store()?;
        let pool = self.platform().await.ok_or_else(|| {
            DeskError::Unreachable("offline: the platform database is not connected".into())
        })?;
        self.set_running(true);
        let local = store.pool().clone();
        let result = async {
            let targeted: Option<Vec<Collection>> = match (only, known.as_ref()) {
                (Some(names), Some(all))
                    if names.iter().all(|n| all.iter().any(|c| &c.name == n)) =>
                {
                    Some(
                        all.iter()
                            .filter(|c| names.contains(&c.name))
                            .cloned()
                            .collect(),
                    )
                }
                _ => None,
            };
            let queued = store.queued_changes().await? > 0;
            if targeted.is_none() || queued {
                *known = Some(discover(&pool).await?);
            }
            let all = known.clone().unwrap_or_default();
            if queued {
                let pushed = Pusher::new(pool.clone(), local.clone())
                    .push_all(&all)
                    .await?;
                tracing::info!(
                    applied = pushed.applied,
                    refused = pushed.refused,
                    waiting = pushed.waiting,
                    "pushed"
                );
            }
            let mut puller = Puller::new(pool, local);
            puller.progress = progress;
            puller.watch = crate::cs::WATCH
                .iter()
                .map(|(c, col)| (c.to_string(), col.to_string()))
                .collect();
            let report = match targeted {
                Some(these) if !queued => puller.pull_these(&these).await?,
                _ => puller.pull_discovered(&all).await?,
            };
            if report
                .copied
                .iter()
                .any(|c| desk_store::billing::INDEXED.contains(&c.as_str()))
            {
                // Index the finance reads once after a copy, not on their queries.
                desk_store::billing::prepare(store.pool()).await?;
            }
            if report
                .copied
                .iter()
                .any(|c| c == "alerts" || c == "alert_notes")
            {
                desk_store::alerts::prepare(store.pool()).await?;
            }
            if report.copied.iter().any(|c| c == "audit_trail") {
                desk_store::admin::audit::prepare(store.pool()).await?;
            }
            // An administrator may have changed the member's roles meanwhile.
            self.refresh_access().await?;
            Ok::<_, DeskError>(report)
        }
        .await;
        match result {
            Ok(report) => {
                self.set_sync_activity(false, None);
                tracing::debug!(
                    collections = report.collections,
                    copied = report.rows_copied,
                    changed = report.rows_changed,
                    deleted = report.rows_deleted,
                    "pulled"
                );
                Ok(report)
            }
            Err(err) => {
                self.set_sync_activity(false, Some(err.to_string()));
                Err(err)
            }
        }
    }

    async fn go_offline(&self) {
        let mut state = self.state.write().await;
        if let Some(pool) = state.pool.take() {
            crate::desk::close_later(pool);
        }
        if let Some(s) = state.session.as_mut() {
            s.online = false;
        }
    }

    /// Runs until the member signs out (or another sign-in starts a newer loop): LISTENs,
    /// pulls, then waits for a change notification (pulling just the collections it names),
    /// a queued change or "Sync now" (push and pull), or the periodic timer (a full pull);
    /// reconnects with backoff while offline. `changed` is called whenever the status may
    /// have changed.
    pub async fn run_sync(self: Arc<Self>, changed: impl Fn() + Send + Sync + 'static) {
        let changed: Arc<dyn Fn() + Send + Sync> = Arc::new(changed);
        // Progress after each page, told to the UI at most every 300 ms.
        let progress: ProgressFn = {
            let desk = Arc::downgrade(&self);
            let changed = changed.clone();
            let last = std::sync::Mutex::new(None::<std::time::Instant>);
            Arc::new(move |p: &desk_sync::Progress| {
                let Some(desk) = desk.upgrade() else { return };
                desk.set_progress(p);
                if let Ok(mut last) = last.lock() {
                    if last.is_none_or(|t| t.elapsed() >= Duration::from_millis(300)) {
                        *last = Some(std::time::Instant::now());
                        changed();
                    }
                }
            })
        };
        let generation = self.generation.load(Ordering::SeqCst);
        let current = |d: &Desk| d.generation.load(Ordering::SeqCst) == generation;
        let mut listener: Option<PgListener> = None;
        let mut known: Option<Vec<Collection>> = None;
        let mut only: Option<Vec<String>> = None;
        let mut backoff = Duration::from_secs(1);
        // The first sync after an offline period summarises new alerts sooner.
        let mut catching_up = false;
        let mut alerts_checked = false;
        while current(&self) {
            let Some(session) = self.state.read().await.session.clone() else {
                return;
            };
            if !session.online {
                listener = None;
                match self.reconnect().await {
                    Ok(true) => {
                        backoff = Duration::from_secs(1);
                        catching_up = true;
                        changed();
                    }
                    // No stored password (wait for the member to sign in), or access revoked.
                    Ok(false) => {
                        changed();
                        return;
                    }
                    Err(e) => {
                        tracing::info!(error = %e, retry_in = ?backoff, "still offline");
                        tokio::select! {
                            _ = tokio::time::sleep(backoff) => {}
                            _ = self.wake.notified() => {}
                        }
                        backoff = (backoff * 2).min(MAX_BACKOFF);
                        continue;
                    }
                }
            }
            // LISTEN before pulling, so no change committed in between goes unnoticed.
            if listener.is_none() {
                listener = self.listen().await;
                only = None;
            }
            changed();
            match self
                .sync_with(only.as_deref(), &mut known, Some(progress.clone()))
                .await
            {
                Ok(report) => {
                    // Alerts first: a notification should not wait for the book of accounts.
                    let touched = |c: &String| c == "alerts";
                    if !alerts_checked
                        || report.changed.iter().any(touched)
                        || report.copied.iter().any(touched)
                    {
                        match self.notify_new_alerts(catching_up).await {
                            Ok(r) if r.notifications > 0 || r.failed > 0 => {
                                tracing::info!(?r, "alert notifications")
                            }
                            Ok(_) => {}
                            Err(e) => tracing::warn!(error = %e, "alert notifications failed"),
                        }
                        alerts_checked = true;
                        catching_up = false;
                        changed();
                    }
                    let plan = if self.cs_needs_refresh().await.unwrap_or(false) {
                        crate::cs::RefreshPlan::All
                    } else {
                        crate::cs::refresh_plan(&report)
                    };
                    let scope = match &plan {
                        crate::cs::RefreshPlan::Nothing => None,
                        crate::cs::RefreshPlan::All => Some(desk_store::cs::Scope::All),
                        crate::cs::RefreshPlan::Tenants(ids) => {
                            Some(desk_store::cs::Scope::Tenants(ids))
                        }
                    };
                    if let Some(scope) = scope {
                        self.set_deriving(true);
                        changed();
                        if let Err(e) = self.cs_refresh_scope(scope).await {
                            tracing::warn!(error = %e, "deriving the book of accounts failed");
                        }
                        self.set_deriving(false);
                    }
                }
                Err(DeskError::Unreachable(m)) => {
                    tracing::warn!(error = %m, "platform lost; going offline");
                    listener = None; // it holds one of the pool's connections
                    self.go_offline().await;
                    changed();
                    continue;
                }
                // The platform disabled the login (deactivated) while it was connected.
                Err(e) if crate::access::login_disabled(&e.to_string()) => {
                    let reason = crate::access::revoked_reason(&session.login);
                    if let Err(e) = self.revoke_access(&reason).await {
                        tracing::error!(error = %e, "could not wipe after access was revoked");
                    }
                    changed();
                    return;
                }
                Err(e) => tracing::warn!(error = %e, "sync failed"),
            }
            changed();
            only = match listener.as_mut() {
                Some(l) => {
                    tokio::select! {
                        got = tokio::time::timeout(PERIODIC_PULL, l.try_recv()) => match got {
                            Ok(Ok(Some(first))) => {
                                let mut names = vec![first.payload().to_string()];
                                while let Some(n) = l.next_buffered() {
                                    if !names.iter().any(|x| x == n.payload()) {
                                        names.push(n.payload().to_string());
                                    }
                                }
                                Some(names)
                            }
                            // The connection dropped: pull now, which finds out whether the
                            // platform is gone (offline) or it was a blip (listen again).
                            Ok(Ok(None)) => {
                                tracing::warn!("listener connection lost");
                                listener = None;
                                None
                            }
                            Ok(Err(e)) => {
                                tracing::warn!(error = %e, "listener lost");
                                listener = None;
                                None
                            }
                            Err(_) => None, // periodic: everything
                        },
                        _ = self.wake.notified() => None,
                    }
                }
                None => {
                    tokio::select! {
                        _ = tokio::time::sleep(PERIODIC_PULL) => {}
                        _ = self.wake.notified() => {}
                    }
                    None
                }
            };
        }
    }

    async fn listen(&self) -> Option<PgListener> {
        let pool = self.platform().await?;
        match PgListener::connect_with(&pool).await {
            Ok(mut l) => match l.listen("desk_changes").await {
                Ok(()) => {
                    // Report a lost connection at once instead of reconnecting inside try_recv.
                    l.eager_reconnect(false);
                    Some(l)
                }
                Err(e) => {
                    tracing::warn!(error = %e, "LISTEN failed; pulling periodically");
                    None
                }
            },
            Err(e) => {
                tracing::warn!(error = %e, "no listener connection");
                None
            }
        }
    }
}

impl Desk {
    /// Applies the member's change to the local copy at once (it shows, marked pending) and
    /// queues it for the platform; works offline. Wakes the sync loop to send it.
    pub async fn queue_change(&self, change: &desk_sync::Change) -> Result<String, DeskError> {
        let store = self.store()?;
        self.signed_in_login("to make changes").await?;
        let key = desk_sync::enqueue(store.pool(), change).await?;
        self.wake.notify_one();
        Ok(key)
    }

    /// Wakes the sync loop now (e.g. the user asked to sync).
    pub fn wake_sync(&self) {
        self.wake.notify_one();
    }
}

impl Desk {
    /// What the laptop holds: each synced collection with its rows, last sync and pending
    /// changes, read from the local store (works offline).
    pub async fn local_copy(&self) -> Result<Vec<crate::LocalCollection>, DeskError> {
        let store = self.store()?;
        let clamp = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(desk_sync::mirror::summaries(store.pool())
            .await?
            .into_iter()
            .map(|m| crate::LocalCollection {
                collection: m.collection,
                rows: clamp(m.rows),
                synced_at: m.synced_at,
                pending: clamp(m.pending),
            })
            .collect())
    }
}
