//! Keeping the member's access in step with the platform while the desk runs: after each sync
//! the desk re-reads the login's desk roles, so an administrator's role change takes effect on
//! the member's running desk at once (its sections change with the next status); and when the
//! platform revoked the member (no desk role left, or the login no longer allowed to log in, as
//! deactivation does), the desk wipes its local copy, unsent changes included, and signs out,
//! saying why.

use desk_platform::my_desk_roles;
use desk_store::RememberedSession;

use crate::{Desk, DeskError};

/// What a check of the member's access found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessChange {
    /// Nothing changed (or nothing could be checked: offline, signed out).
    Unchanged,
    /// The roles changed; the session now holds these sections.
    RolesChanged,
    /// Access was revoked; the local copy is wiped and the member signed out.
    Revoked,
}

/// Whether a refused sign-in says the login itself is disabled (PostgreSQL's "role … is not
/// permitted to log in", SQLSTATE 28000), as deactivation leaves it; a wrong password or a
/// connection rule of the server is not that.
pub fn login_disabled(message: &str) -> bool {
    message.contains("is not permitted to log in")
}

/// What the desk says after the platform disabled `login`.
pub fn revoked_reason(login: &str) -> String {
    format!(
        "Your access was revoked ({login} may no longer sign in), so this laptop's copy was wiped and you were signed out."
    )
}

/// What the desk says after an administrator left `login` with no desk role.
pub fn roles_removed_reason(login: &str) -> String {
    format!(
        "An administrator removed {login}'s desk roles, so this laptop's copy was wiped and you were signed out."
    )
}

impl Desk {
    /// Re-reads the member's desk roles from the platform and applies what changed.
    pub async fn refresh_access(&self) -> Result<AccessChange, DeskError> {
        let Some(pool) = self.platform().await else {
            return Ok(AccessChange::Unchanged);
        };
        let Some(session) = self.state.read().await.session.clone() else {
            return Ok(AccessChange::Unchanged);
        };
        let (login, roles) = my_desk_roles(&pool).await?;
        if roles == session.roles {
            return Ok(AccessChange::Unchanged);
        }
        if roles.is_empty() {
            self.revoke_access(&roles_removed_reason(&login)).await?;
            return Ok(AccessChange::Revoked);
        }
        let remembered = RememberedSession {
            profile_id: session.profile_id.clone(),
            profile_name: session.profile_name.clone(),
            login: login.clone(),
            roles: roles.clone(),
            signed_in_at: session.signed_in_at,
        };
        self.store()?.remember_session(&remembered).await?;
        if let Some(s) = self.state.write().await.session.as_mut() {
            s.sections = desk_domain::sections_for(&roles);
            s.roles = roles;
        }
        tracing::info!(login = %login, roles = ?remembered.roles, "roles changed on the platform");
        Ok(AccessChange::RolesChanged)
    }

    /// Wipes the local copy (unsent changes too: they can never be sent now), forgets the
    /// member and stops the sync loop; the status says `reason` until the next sign-in.
    pub(crate) async fn revoke_access(&self, reason: &str) -> Result<(), DeskError> {
        self.store()?.wipe_revoked().await?;
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let mut state = self.state.write().await;
        if let Some(pool) = state.pool.take() {
            crate::desk::close_later(pool);
        }
        let login = state.session.take().map(|s| s.login).unwrap_or_default();
        drop(state);
        if let Ok(mut r) = self.revoked.lock() {
            *r = Some(reason.to_string());
        }
        tracing::warn!(login = %login, reason, "access revoked: local copy wiped, signed out");
        Ok(())
    }

    /// Why the desk signed the member out by itself, if it did.
    pub fn access_revoked(&self) -> Option<String> {
        self.revoked.lock().ok().and_then(|r| r.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_disabled_login_counts_as_revoked() {
        assert!(login_disabled(
            r#"role "t_ab12" is not permitted to log in"#
        ));
        assert!(!login_disabled(
            r#"password authentication failed for user "t_ab12""#
        ));
        assert!(!login_disabled(
            r#"no pg_hba.conf entry for host "10.0.0.2", user "t_ab12", database "platform""#
        ));
    }
}
