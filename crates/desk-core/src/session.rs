//! Signing in as the staff member's own PostgreSQL login, remembering who signed in for
//! offline starts, reconnecting after a start without network, and signing out.

use chrono::{DateTime, Utc};
use desk_domain::{sections_for, DeskRole, Profile};
use desk_platform::{connect, my_desk_roles, Credentials};
use desk_store::profiles::password_entry;
use desk_store::RememberedSession;
use sqlx::PgPool;

use crate::desk::close_later;
use crate::views::Session;
use crate::{Desk, DeskError};

fn session_of(r: &RememberedSession, online: bool) -> Session {
    Session {
        profile_id: r.profile_id.clone(),
        profile_name: r.profile_name.clone(),
        login: r.login.clone(),
        sections: sections_for(&r.roles),
        roles: r.roles.clone(),
        online,
        signed_in_at: r.signed_in_at,
        setup_pending_until: None,
    }
}

/// What signing in found: the pool, the login, its desk roles, and until when its setup code
/// works if it has not chosen a password yet.
type Connected = (PgPool, String, Vec<DeskRole>, Option<DateTime<Utc>>);

/// Connects with `password` and reads the login's desk roles; a login with none is refused.
async fn connect_as(profile: &Profile, password: &str) -> Result<Connected, DeskError> {
    let pool = connect(Credentials {
        profile,
        password,
        root_cert: None,
    })
    .await?;
    let (login, roles) = my_desk_roles(&pool).await?;
    if roles.is_empty() {
        pool.close().await;
        return Err(DeskError::NotADeskUser(format!(
            "The login {login} is not a member of any desk role (desk_admin, desk_finance, \
             desk_cs, desk_ops, desk_security); ask an administrator to grant you one."
        )));
    }
    let needed = desk_platform::migrate::SCHEMA_VERSION;
    match desk_platform::migrate::schema_version(&pool).await? {
        Some(v) if v == needed => {}
        found => {
            pool.close().await;
            let found = found.map_or_else(
                || "no desk schema".to_string(),
                |v| format!("schema version {v}"),
            );
            return Err(DeskError::SchemaMismatch(format!(
                "The platform database {} has {found}; this Penguin Desk needs schema version \
                 {needed}. Ask an operator to run `desk-sandbox migrate` (or install the desk \
                 that matches the platform).",
                profile.database
            )));
        }
    }
    let setup = desk_platform::staff::my_setup_expiry(&pool).await?;
    Ok((pool, login, roles, setup))
}

impl Desk {
    /// Signs in with the profile `profile_id`: with `password` if given (then kept in the
    /// keychain), else with the keychain's. The roles are remembered in the local store so
    /// the next start works offline. Refused when the local store is not open, because the
    /// desk does not keep customer data unencrypted.
    pub async fn sign_in(
        &self,
        profile_id: &str,
        password: Option<&str>,
    ) -> Result<Session, DeskError> {
        let store = self.store()?;
        let profile = self.profile(profile_id)?;
        let entry = password_entry(&profile.id);
        let typed = password.filter(|p| !p.is_empty());
        let password = match typed {
            Some(p) => p.to_string(),
            None => self.keychain.get(&entry)?.ok_or_else(|| {
                DeskError::AuthFailed(format!(
                    "No password is stored for {}; type it to sign in.",
                    profile.name
                ))
            })?,
        };
        let (pool, login, roles, setup) = connect_as(&profile, &password).await?;
        if typed.is_some() {
            self.keychain.set(&entry, &password)?;
        }
        let remembered = RememberedSession {
            profile_id: profile.id.clone(),
            profile_name: profile.name.clone(),
            login,
            roles,
            signed_in_at: Utc::now(),
        };
        store.remember_session(&remembered).await?;
        let session = Session {
            setup_pending_until: setup,
            ..session_of(&remembered, true)
        };
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let mut state = self.state.write().await;
        if let Some(old) = state.pool.replace(pool) {
            close_later(old);
        }
        state.session = Some(session.clone());
        drop(state);
        if let Ok(mut r) = self.revoked.lock() {
            *r = None;
        }
        tracing::info!(login = %session.login, roles = ?session.roles, "signed in");
        Ok(session)
    }

    /// Signs out: forgets the member and the data synced for them. Refused while their
    /// changes still wait for the platform, so that nothing is lost.
    pub async fn sign_out(&self) -> Result<(), DeskError> {
        let store = self.store()?;
        store.sign_out_wipe().await?;
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.set_sync_activity(false, None);
        let mut state = self.state.write().await;
        if let Some(pool) = state.pool.take() {
            close_later(pool);
        }
        if let Some(s) = state.session.take() {
            tracing::info!(login = %s.login, "signed out");
        }
        Ok(())
    }

    /// Restores the member remembered in the local store, offline.
    pub(crate) async fn restore_remembered(&self) -> Result<(), DeskError> {
        let Ok(store) = &self.store else {
            return Ok(());
        };
        if let Some(r) = store.remembered_session().await? {
            tracing::info!(login = %r.login, "restored the remembered session (offline)");
            self.state.write().await.session = Some(session_of(&r, false));
        }
        Ok(())
    }

    /// Tries to bring an offline session online with the keychain's password, refreshing the
    /// member's roles. Returns whether the session is online afterwards.
    pub async fn reconnect(&self) -> Result<bool, DeskError> {
        let Some(session) = self.state.read().await.session.clone() else {
            return Ok(false);
        };
        if session.online {
            return Ok(true);
        }
        let profile = self.profile(&session.profile_id)?;
        let Some(password) = self.keychain.get(&password_entry(&profile.id))? else {
            return Ok(false);
        };
        let (pool, login, roles, setup) = match connect_as(&profile, &password).await {
            Ok(connected) => connected,
            // Deactivated (the login may no longer log in) or stripped of every desk role.
            Err(DeskError::AuthFailed(m)) if crate::access::login_disabled(&m) => {
                self.revoke_access(&crate::access::revoked_reason(&session.login))
                    .await?;
                return Ok(false);
            }
            Err(DeskError::NotADeskUser(_)) => {
                self.revoke_access(&crate::access::roles_removed_reason(&session.login))
                    .await?;
                return Ok(false);
            }
            Err(e) => return Err(e),
        };
        let remembered = RememberedSession {
            profile_id: profile.id.clone(),
            profile_name: profile.name.clone(),
            login,
            roles,
            signed_in_at: session.signed_in_at,
        };
        self.store()?.remember_session(&remembered).await?;
        let mut state = self.state.write().await;
        state.pool = Some(pool);
        state.session = Some(Session {
            setup_pending_until: setup,
            ..session_of(&remembered, true)
        });
        tracing::info!(login = %remembered.login, "reconnected to the platform");
        Ok(true)
    }
}
