//! Administration for `desk_admin` (the audit trail and the directory for `desk_security`
//! too): the audit viewer and the staff directory over the synced copies, which work offline,
//! and role changes, which take effect in the platform at once and so need a connection.
//! Creating and deactivating accounts, settings, security policies and feature flags come next.

use desk_domain::DeskRole;
use desk_store::admin::{AuditPage, AuditQuery, StaffQuery, StaffView};
use serde::Deserialize;

use crate::{Desk, DeskError};

/// Checks the viewer's dates: each `YYYY-MM-DD`, and `from` not after `to`.
pub fn check_audit_query(q: &AuditQuery) -> Result<(), DeskError> {
    let day = |field: &str, v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| {
                chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                    DeskError::InvalidInput(format!("{field}: {d:?} is not a day (YYYY-MM-DD)"))
                })
            })
            .transpose()
    };
    if let (Some(from), Some(to)) = (day("from", &q.from)?, day("to", &q.to)?) {
        if from > to {
            return Err(DeskError::InvalidInput(format!(
                "from: {from} is after to ({to})"
            )));
        }
    }
    Ok(())
}

/// A change of a member's desk roles.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RoleChange {
    /// The member's login.
    pub login: String,
    /// Every desk role they should hold afterwards.
    pub roles: Vec<DeskRole>,
    /// Why (kept in the audit trail).
    pub reason: String,
    /// The member's version the administrator saw (refused if it changed since).
    pub expected_version: Option<i32>,
}

/// Checks a role change before it goes to the platform (which checks it again, with the
/// segregation-of-duties rules): at least one role, a reason, and not one's own admin role.
pub fn check_role_change(change: &RoleChange, me: &str) -> Result<String, DeskError> {
    if change.roles.is_empty() {
        return Err(DeskError::InvalidInput(
            "roles: a staff member needs at least one desk role".into(),
        ));
    }
    let reason = change.reason.trim();
    if reason.is_empty() {
        return Err(DeskError::InvalidInput(
            "reason: say why the roles change (it goes into the audit trail)".into(),
        ));
    }
    if change.login == me && !change.roles.contains(&DeskRole::Admin) {
        return Err(DeskError::InvalidInput(
            "roles: you cannot remove your own administrator role".into(),
        ));
    }
    Ok(reason.to_string())
}

impl Desk {
    /// The staff directory (works offline: the last known state).
    pub async fn admin_staff(&self, q: &StaffQuery) -> Result<Vec<StaffView>, DeskError> {
        self.signed_in_login("to see the staff directory").await?;
        Ok(desk_store::admin::staff(self.store()?.pool(), q).await?)
    }

    /// Changes a member's desk roles on the platform at once (needs a connection); the
    /// platform refuses a forbidden pair naming its rule. Returns the member with the roles
    /// the platform accepted; the sync loop brings the platform's row in moments later.
    pub async fn admin_set_roles(&self, change: &RoleChange) -> Result<StaffView, DeskError> {
        let me = self.signed_in_login("to change roles").await?;
        let reason = check_role_change(change, &me)?;
        let pool = self.platform().await.ok_or_else(|| {
            DeskError::Unreachable(
                "Changing roles needs the platform, and this desk is offline; the directory shows the last synced state.".into(),
            )
        })?;
        desk_platform::staff::set_staff_roles(
            &pool,
            &change.login,
            &change.roles,
            &reason,
            change.expected_version,
        )
        .await?;
        // The platform notifies the change; the sync loop brings the row in. Until then the
        // answer shows what the platform accepted.
        self.wake_sync();
        let mut member = desk_store::admin::staff::member(self.store()?.pool(), &change.login)
            .await?
            .ok_or_else(|| {
                DeskError::NotFound(format!("{} is not in the local copy.", change.login))
            })?;
        let mut roles = change.roles.clone();
        roles.sort_unstable();
        roles.dedup();
        member.roles = roles;
        member.version += 1;
        Ok(member)
    }

    /// A page of the audit trail, newest first (works offline).
    pub async fn admin_audit(&self, q: &AuditQuery) -> Result<AuditPage, DeskError> {
        self.signed_in_login("to see the audit trail").await?;
        check_audit_query(q)?;
        Ok(desk_store::admin::audit(self.store()?.pool(), q).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(login: &str, roles: &[DeskRole], reason: &str) -> RoleChange {
        RoleChange {
            login: login.into(),
            roles: roles.to_vec(),
            reason: reason.into(),
            expected_version: None,
        }
    }

    #[test]
    fn a_role_change_needs_roles_a_reason_and_keeps_ones_own_admin_role() {
        assert_eq!(
            check_role_change(&change("jdoe", &[DeskRole::Ops], " covering ops "), "me").ok(),
            Some("covering ops".to_string())
        );
        assert!(
            matches!(check_role_change(&change("jdoe", &[], "x"), "me"), Err(DeskError::InvalidInput(m)) if m.starts_with("roles"))
        );
        assert!(
            matches!(check_role_change(&change("jdoe", &[DeskRole::Ops], "  "), "me"), Err(DeskError::InvalidInput(m)) if m.starts_with("reason"))
        );
        assert!(
            matches!(check_role_change(&change("me", &[DeskRole::Ops], "x"), "me"), Err(DeskError::InvalidInput(m)) if m.contains("your own"))
        );
    }

    fn q(from: Option<&str>, to: Option<&str>) -> AuditQuery {
        AuditQuery {
            from: from.map(str::to_string),
            to: to.map(str::to_string),
            ..AuditQuery::default()
        }
    }

    #[test]
    fn dates_are_days_in_order() {
        assert!(check_audit_query(&q(Some("2026-12-01"), Some("2026-12-02"))).is_ok());
        assert!(
            check_audit_query(&q(Some(" "), None)).is_ok(),
            "blank is no filter"
        );
        assert!(
            matches!(check_audit_query(&q(Some("2026-13-01"), None)), Err(DeskError::InvalidInput(m)) if m.starts_with("from"))
        );
        assert!(
            matches!(check_audit_query(&q(Some("2026-12-03"), Some("2026-12-02"))), Err(DeskError::InvalidInput(m)) if m.contains("after"))
        );
    }
}
