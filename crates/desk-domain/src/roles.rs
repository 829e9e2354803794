//! The desk's staff roles (PostgreSQL group roles `desk_*`) and the window sections each opens.
//!
//! The platform database enforces every permission; this mapping only decides which parts of
//! the navigation a signed-in member sees, so that nobody is shown a screen they cannot use.

use serde::{Deserialize, Serialize};

/// A staff role: membership of one of the platform's `desk_*` group roles.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum DeskRole {
    /// `desk_admin`: staff accounts, settings, security policies, feature flags.
    Admin,
    /// `desk_finance`: invoices, payments, disputes, revenue.
    Finance,
    /// `desk_cs`: customer success, the book of accounts.
    Cs,
    /// `desk_ops`: service health, alerts, escalations, deployments, integrations.
    Ops,
    /// `desk_security`: security incidents and the audit trail.
    Security,
}

impl DeskRole {
    /// Every role, in display order.
    pub const ALL: [DeskRole; 5] = [
        DeskRole::Admin,
        DeskRole::Finance,
        DeskRole::Cs,
        DeskRole::Ops,
        DeskRole::Security,
    ];

    /// The PostgreSQL group role that grants this desk role.
    pub fn pg_role(self) -> &'static str {
        match self {
            DeskRole::Admin => "desk_admin",
            DeskRole::Finance => "desk_finance",
            DeskRole::Cs => "desk_cs",
            DeskRole::Ops => "desk_ops",
            DeskRole::Security => "desk_security",
        }
    }

    /// The desk role for a PostgreSQL group role name, if it is one of ours.
    pub fn from_pg_role(name: &str) -> Option<DeskRole> {
        DeskRole::ALL.into_iter().find(|r| r.pg_role() == name)
    }
}

/// A top-level section of the window's navigation rail.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum Section {
    /// Overview for everyone signed in.
    Home,
    /// Customer success: accounts, health, call prep.
    Customers,
    /// Finance: invoices, payments, revenue.
    Billing,
    /// The alert inbox.
    Alerts,
    /// Service health, escalations, deployments, integrations, incidents.
    Operations,
    /// Staff, settings, security policies, feature flags.
    Admin,
    /// How the platform is run: the KPIs, for every member (each sees the figures their role
    /// syncs).
    Kpis,
}

impl Section {
    /// Every section, in navigation order.
    pub const ALL: [Section; 7] = [
        Section::Home,
        Section::Customers,
        Section::Billing,
        Section::Alerts,
        Section::Operations,
        Section::Admin,
        Section::Kpis,
    ];

    /// The roles that open this section (Home is open to every member).
    fn opened_by(self) -> &'static [DeskRole] {
        match self {
            Section::Home => &DeskRole::ALL,
            Section::Customers => &[DeskRole::Cs, DeskRole::Admin],
            Section::Billing => &[DeskRole::Finance],
            Section::Alerts => &[DeskRole::Ops, DeskRole::Admin, DeskRole::Security],
            Section::Operations => &[DeskRole::Ops, DeskRole::Security],
            Section::Admin => &[DeskRole::Admin],
            Section::Kpis => &DeskRole::ALL,
        }
    }
}

/// The sections a member holding `roles` sees, in navigation order. A member with no desk
/// role sees nothing: they are not a desk user.
pub fn sections_for(roles: &[DeskRole]) -> Vec<Section> {
    if roles.is_empty() {
        return Vec::new();
    }
    Section::ALL
        .into_iter()
        .filter(|s| s.opened_by().iter().any(|r| roles.contains(r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finance_sees_home_billing_and_the_kpis_only() {
        assert_eq!(
            sections_for(&[DeskRole::Finance]),
            vec![Section::Home, Section::Billing, Section::Kpis]
        );
    }

    #[test]
    fn cs_does_not_see_billing_or_admin() {
        let s = sections_for(&[DeskRole::Cs]);
        assert_eq!(s, vec![Section::Home, Section::Customers, Section::Kpis]);
    }

    #[test]
    fn several_roles_open_the_union_in_navigation_order() {
        let s = sections_for(&[DeskRole::Security, DeskRole::Finance]);
        assert_eq!(
            s,
            vec![
                Section::Home,
                Section::Billing,
                Section::Alerts,
                Section::Operations,
                Section::Kpis
            ]
        );
    }

    #[test]
    fn admin_sees_admin_but_not_billing() {
        let s = sections_for(&[DeskRole::Admin]);
        assert!(s.contains(&Section::Admin));
        assert!(!s.contains(&Section::Billing));
    }

    #[test]
    fn no_role_no_sections() {
        assert!(sections_for(&[]).is_empty());
    }

    #[test]
    fn pg_role_names_round_trip() {
        for r in DeskRole::ALL {
            assert_eq!(DeskRole::from_pg_role(r.pg_role()), Some(r));
        }
        assert_eq!(DeskRole::from_pg_role("postgres"), None);
        assert_eq!(DeskRole::from_pg_role("desk_root"), None);
    }
}
