//! Deactivating a staff member from the desk: first the plan (what depends on them, who can
//! take each kind of it over, whether they are the last administrator), then the deactivation
//! itself, which the platform refuses until every dependant has a successor able to take it.
//! The member's own desk notices at its next contact, wipes its copy and signs out
//! ([`crate::access`]).

use desk_domain::DeskRole;
use desk_store::admin::{StaffQuery, StaffView};
use serde::{Deserialize, Serialize};

use crate::{Desk, DeskError};

/// What a successor takes over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum DependantKind {
    /// Accounts owned as CSM, with their active success plans (a `desk_cs` member).
    Account,
    /// Open escalations assigned to them (a `desk_ops` member).
    Escalation,
    /// Alerts they acknowledged and did not resolve (a member serving the alert's team).
    Alert,
}

impl DependantKind {
    fn parse(kind: &str) -> Option<DependantKind> {
        match kind {
            "account" => Some(DependantKind::Account),
            "escalation" => Some(DependantKind::Escalation),
            "alert" => Some(DependantKind::Alert),
            _ => None,
        }
    }
}

/// One thing that depends on the member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dependant {
    /// What a successor takes over.
    pub kind: DependantKind,
    /// Its id.
    pub id: String,
    /// Its name.
    pub label: String,
    /// What it is, in words.
    pub detail: String,
}

/// A member who can take something over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Successor {
    /// Login.
    pub login: String,
    /// Name.
    pub full_name: String,
}

/// Who can take over each kind of dependant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Candidates {
    /// For accounts: active `desk_cs` members.
    pub account: Vec<Successor>,
    /// For escalations: active `desk_ops` members.
    pub escalation: Vec<Successor>,
    /// For alerts: active members serving every team of the alerts (or administrators).
    pub alert: Vec<Successor>,
}

/// What deactivating a member involves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeactivationPlan {
    /// The member.
    pub member: StaffView,
    /// What depends on them.
    pub dependants: Vec<Dependant>,
    /// Whether they are the last active administrator (then they cannot be deactivated).
    pub last_admin: bool,
    /// Who can take each kind over.
    pub candidates: Candidates,
}

/// Who takes over each kind (only the kinds the member has need one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Successors {
    /// For accounts and success plans.
    pub account: Option<String>,
    /// For escalations.
    pub escalation: Option<String>,
    /// For alerts.
    pub alert: Option<String>,
}

/// A deactivation as the administrator confirms it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Deactivation {
    /// The member's login.
    pub login: String,
    /// Why (kept in the audit trail).
    pub reason: String,
    /// Who takes over what.
    pub successors: Successors,
}

/// The problems with a deactivation the laptop can see: a reason, and a successor for every
/// kind of dependant (other than the member), one `field: message` each.
pub fn problems(d: &Deactivation, dependants: &[Dependant]) -> Vec<String> {
    let mut p = Vec::new();
    if d.reason.trim().is_empty() {
        p.push("reason: say why the member is deactivated (it goes into the audit trail)".into());
    }
    for (kind, name, chosen) in [
        (DependantKind::Account, "account", &d.successors.account),
        (
            DependantKind::Escalation,
            "escalation",
            &d.successors.escalation,
        ),
        (DependantKind::Alert, "alert", &d.successors.alert),
    ] {
        let n = dependants.iter().filter(|x| x.kind == kind).count();
        match chosen.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None if n > 0 => p.push(format!("{name}: {n} {name}(s) need a new owner")),
            Some(s) if s == d.login => p.push(format!("{name}: choose someone other than {s}")),
            _ => {}
        }
    }
    p
}

fn holds(m: &StaffView, role: DeskRole) -> bool {
    m.roles.contains(&role)
}

impl Desk {
    /// What deactivating `login` involves: their dependants, who can take each kind over, and
    /// whether they are the last administrator. Needs the platform.
    pub async fn admin_deactivation_plan(
        &self,
        login: &str,
    ) -> Result<DeactivationPlan, DeskError> {
        let pool = self
            .online_platform(
                "Deactivating a staff member",
                "the directory shows the last synced state.",
            )
            .await?;
        let member = self.staff_member(login).await?;
        let dependants = desk_platform::staff::dependants(&pool, login)
            .await?
            .into_iter()
            .filter_map(|d| {
                Some(Dependant {
                    kind: DependantKind::parse(&d.kind)?,
                    id: d.id,
                    label: d.label,
                    detail: d.detail,
                })
            })
            .collect();
        let last_admin = desk_platform::staff::is_last_admin(&pool, login).await?;
        let alert_teams = desk_platform::staff::open_alert_teams(&pool, login).await?;
        let everyone = desk_store::admin::staff(
            self.store()?.pool(),
            &StaffQuery {
                search: None,
                include_inactive: false,
            },
        )
        .await?;
        let others = || everyone.iter().filter(|m| m.active && m.login != login);
        let successor = |m: &StaffView| Successor {
            login: m.login.clone(),
            full_name: m.full_name.clone(),
        };
        let serves = |m: &StaffView, team: &str| {
            holds(m, DeskRole::Admin)
                || m.roles
                    .iter()
                    .any(|r| r.pg_role().strip_prefix("desk_") == Some(team))
        };
        let candidates = Candidates {
            account: others()
                .filter(|m| holds(m, DeskRole::Cs))
                .map(successor)
                .collect(),
            escalation: others()
                .filter(|m| holds(m, DeskRole::Ops))
                .map(successor)
                .collect(),
            alert: others()
                .filter(|m| alert_teams.iter().all(|t| serves(m, t)))
                .map(successor)
                .collect(),
        };
        Ok(DeactivationPlan {
            member,
            dependants,
            last_admin,
            candidates,
        })
    }

    /// Deactivates a member, handing what depends on them to the successors chosen; refused,
    /// with one `field: message` line per problem, until each kind has a successor able to
    /// take it, and always for the last administrator. Returns the member as archived.
    pub async fn admin_deactivate(&self, d: &Deactivation) -> Result<StaffView, DeskError> {
        let me = self.signed_in_login("to deactivate a staff member").await?;
        if d.login == me {
            return Err(DeskError::InvalidInput(
                "login: you cannot deactivate yourself".into(),
            ));
        }
        let plan = self.admin_deactivation_plan(&d.login).await?;
        if plan.last_admin {
            return Err(DeskError::InvalidInput(format!(
                "{} is the last administrator and cannot be deactivated — make another active member an administrator first",
                d.login
            )));
        }
        let problems = problems(d, &plan.dependants);
        if !problems.is_empty() {
            return Err(DeskError::InvalidInput(format!(
                "{} has work to hand over first\n{}",
                d.login,
                problems.join("\n")
            )));
        }
        let pool = self.platform().await.ok_or_else(|| {
            DeskError::Unreachable("The platform went out of reach; nothing changed.".into())
        })?;
        let mut successors = serde_json::Map::new();
        for (name, chosen) in [
            ("account", &d.successors.account),
            ("escalation", &d.successors.escalation),
            ("alert", &d.successors.alert),
        ] {
            if let Some(s) = chosen.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                successors.insert(name.into(), serde_json::Value::String(s.into()));
            }
        }
        desk_platform::staff::deactivate(
            &pool,
            &d.login,
            d.reason.trim(),
            &serde_json::Value::Object(successors),
        )
        .await?;
        self.wake_sync();
        tracing::info!(login = %d.login, "staff member deactivated");
        let mut member = plan.member;
        member.active = false;
        member.deactivated_at = Some(chrono::Utc::now().to_rfc3339());
        Ok(member)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(kind: DependantKind) -> Dependant {
        Dependant {
            kind,
            id: "1".into(),
            label: "x".into(),
            detail: String::new(),
        }
    }

    #[test]
    fn every_kind_of_dependant_needs_someone_else() {
        let deps = [
            dep(DependantKind::Account),
            dep(DependantKind::Account),
            dep(DependantKind::Alert),
        ];
        let mut d = Deactivation {
            login: "ana".into(),
            reason: " ".into(),
            successors: Successors::default(),
        };
        assert_eq!(
            problems(&d, &deps),
            vec![
                "reason: say why the member is deactivated (it goes into the audit trail)",
                "account: 2 account(s) need a new owner",
                "alert: 1 alert(s) need a new owner",
            ]
        );
        d.reason = "left the company".into();
        d.successors.account = Some("bo".into());
        d.successors.alert = Some("ana".into());
        assert_eq!(
            problems(&d, &deps),
            vec!["alert: choose someone other than ana"]
        );
        d.successors.alert = Some("cy".into());
        assert!(problems(&d, &deps).is_empty());
        assert!(
            problems(&d, &[]).is_empty(),
            "no dependants: no successor needed"
        );
    }
}
