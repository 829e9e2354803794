//! People and access KPIs, from the synced audit trail, staff directory and security policies
//! (administrators and security hold them): how long a new staff account takes to be ready,
//! how long the platform takes to apply a change of access, and how many staff comply with the
//! segregation-of-duties policy.

use chrono::{DateTime, Utc};

use super::{durations, hours, rate, secs_between, when, when_opt, yes_no};
use super::{KpiId, KpiOutcome, KpiRow, Period};

/// One entry of the audit trail (`desk.audit_trail`), as these KPIs read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Its id.
    pub id: i64,
    /// When it was written (`clock_timestamp()` inside the change's transaction).
    pub at: DateTime<Utc>,
    /// Who made the change (login).
    pub actor: String,
    /// `staff.create`, `staff.setup_complete`, `staff.roles`, `staff.deactivate`, …
    pub action: String,
    /// `staff:<login>`.
    pub target: String,
}

/// **Time to set up a staff account.** For each account whose `staff.create` entry was written
/// in the period: the time from it to the member's first `staff.setup_complete` entry for the
/// same target (the member traded the one-time setup code for their own password, so the
/// account is in use). Median and p90 by nearest rank over the accounts set up so far;
/// accounts still waiting are listed, not counted. No account created in the period, or none
/// set up yet: no data.
pub fn staff_account_setup(events: &[AuditEvent], period: &Period) -> KpiOutcome {
    let id = KpiId::StaffAccountSetup;
    let mut created: Vec<&AuditEvent> = events
        .iter()
        .filter(|e| e.action == "staff.create" && period.contains(e.at))
        .collect();
    created.sort_by_key(|e| (e.at, e.id));
    let mut secs = Vec::new();
    let mut rows = Vec::new();
    for c in created {
        let done = events
            .iter()
            .filter(|e| e.action == "staff.setup_complete" && e.target == c.target && e.at >= c.at)
            .min_by_key(|e| (e.at, e.id));
        let took = done.map(|d| secs_between(c.at, d.at));
        if let Some(s) = took {
            secs.push(s);
        }
        rows.push(KpiRow {
            id: c.target.clone(),
            counted: took.is_some(),
            cells: vec![
                c.target
                    .strip_prefix("staff:")
                    .unwrap_or(&c.target)
                    .to_string(),
                when(c.at),
                c.actor.clone(),
                when_opt(done.map(|d| d.at)),
                took.map(hours).unwrap_or_default(),
                if took.is_some() {
                    "yes"
                } else {
                    "no: setup pending"
                }
                .to_string(),
            ],
        });
    }
    let empty = if rows.is_empty() {
        "No staff account was created in the period."
    } else {
        "No account created in the period has been set up yet."
    };
    let note = (!rows.is_empty() && secs.len() < rows.len()).then(|| {
        format!(
            "{} account(s) still waiting for their first sign-in.",
            rows.len() - secs.len()
        )
    });
    KpiOutcome::new(id, durations(secs, empty), rows, note)
}

/// What an access change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessChangeKind {
    /// `staff.roles`: the member's desk roles were replaced.
    Roles,
    /// `staff.deactivate`: the member's access was revoked.
    Revocation,
}

/// A change of a member's access, from the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessChange {
    /// The audit entry's id.
    pub audit_id: i64,
    /// When the entry was written: the change is in force (its transaction has done its work).
    pub at: DateTime<Utc>,
    /// What changed.
    pub kind: AccessChangeKind,
    /// `staff:<login>`.
    pub target: String,
    /// The administrator.
    pub actor: String,
    /// When the platform took the request, if the entry records it: for a revocation the
    /// member's `deactivated_at` (the transaction's start, `now()`); a role change records no
    /// start.
    pub started_at: Option<DateTime<Utc>>,
}

/// **Permission change processing time.** For each access change whose audit entry was
/// written in the period: the time from the platform taking the request to the change being in
/// force, i.e. from `started_at` to the entry (written after the login lost LOGIN, its roles and
/// its sessions). Only revocations record their start (`deactivated_at` is the transaction's
/// `now()`, the entry its `clock_timestamp()`); a role change is granted and recorded in one
/// transaction that keeps no separate start, so it is listed, not timed (never counted as 0).
/// Median and p90 by nearest rank; no timed change in the period: no data.
pub fn permission_change(changes: &[AccessChange], period: &Period) -> KpiOutcome {
    let id = KpiId::PermissionChange;
    let mut inside: Vec<&AccessChange> = changes.iter().filter(|c| period.contains(c.at)).collect();
    inside.sort_by_key(|c| (c.at, c.audit_id));
    let mut secs = Vec::new();
    let mut untimed = 0usize;
    let rows: Vec<KpiRow> = inside
        .into_iter()
        .map(|c| {
            let took = c.started_at.map(|s| secs_between(s, c.at).max(0));
            match took {
                Some(s) => secs.push(s),
                None => untimed += 1,
            }
            KpiRow {
                id: c.audit_id.to_string(),
                counted: took.is_some(),
                cells: vec![
                    c.audit_id.to_string(),
                    when(c.at),
                    match c.kind {
                        AccessChangeKind::Roles => "roles changed",
                        AccessChangeKind::Revocation => "access revoked",
                    }
                    .to_string(),
                    c.target
                        .strip_prefix("staff:")
                        .unwrap_or(&c.target)
                        .to_string(),
                    c.actor.clone(),
                    took.map(|s| s.to_string()).unwrap_or_default(),
                    if took.is_some() {
                        "yes"
                    } else {
                        "no: applied on commit, no start recorded"
                    }
                    .to_string(),
                ],
            }
        })
        .collect();
    let empty = if rows.is_empty() {
        "No permission change was recorded in the period."
    } else {
        "Only role changes in the period: they apply on commit and record no start to time."
    };
    let note = (untimed > 0).then(|| {
        format!("{untimed} role change(s) applied in the transaction that recorded them (no start recorded).")
    });
    KpiOutcome::new(id, durations(secs, empty), rows, note)
}

/// A staff member as the directory holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// Their login.
    pub login: String,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
    /// When it was deactivated, if it was.
    pub deactivated_at: Option<DateTime<Utc>>,
    /// The desk roles the directory holds now (`desk_admin`, …).
    pub roles: Vec<String>,
}

/// A change of a member's roles, from the audit trail (`staff.create` and `staff.roles`
/// entries carry the row before and after).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleHistory {
    /// The member.
    pub login: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Their roles before (none for a creation).
    pub before: Option<Vec<String>>,
    /// Their roles after.
    pub after: Vec<String>,
}

/// A version of the segregation-of-duties policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DutiesPolicy {
    /// Its version.
    pub version: i32,
    /// When it was written.
    pub changed_at: DateTime<Utc>,
    /// The pairs of roles one person may not hold together.
    pub pairs: Vec<(String, String)>,
}

/// A member's roles at `at`: after their last role change before it; else before their first
/// change after it; else the directory's.
fn roles_at<'a>(m: &'a StaffMember, history: &'a [RoleHistory], at: DateTime<Utc>) -> &'a [String] {
    let mine = || history.iter().filter(|h| h.login == m.login);
    if let Some(h) = mine().filter(|h| h.at < at).max_by_key(|h| h.at) {
        return &h.after;
    }
    if let Some(before) = mine()
        .filter(|h| h.at >= at)
        .min_by_key(|h| h.at)
        .and_then(|h| h.before.as_deref())
    {
        return before;
    }
    &m.roles
}

/// **Policy compliance rate.** Of the staff active at the end of the period (created before
/// it, not deactivated by then), the share who hold no pair of roles forbidden by the
/// segregation-of-duties policy version in force at that moment (the highest version written
/// before the end). A member's roles at that moment come from the audit trail's role changes
/// (see [`roles_at`]). This is the policy the platform checks members against (its
/// `members_comply` rule); second-factor enrolment and passwords are not in the local copy,
/// so they are not counted. No policy version or no active member: no data.
pub fn policy_compliance(
    members: &[StaffMember],
    history: &[RoleHistory],
    policies: &[DutiesPolicy],
    period: &Period,
) -> KpiOutcome {
    let id = KpiId::PolicyCompliance;
    let end = period.end();
    let Some(policy) = policies
        .iter()
        .filter(|p| p.changed_at < end)
        .max_by_key(|p| p.version)
    else {
        return KpiOutcome::new(
            id,
            super::KpiValue::NoData {
                reason: "No segregation-of-duties policy was in force by the end of the period."
                    .into(),
            },
            Vec::new(),
            None,
        );
    };
    let mut active: Vec<&StaffMember> = members
        .iter()
        .filter(|m| m.created_at < end && m.deactivated_at.is_none_or(|d| d >= end))
        .collect();
    active.sort_by(|a, b| a.login.cmp(&b.login));
    let mut compliant = 0;
    let rows: Vec<KpiRow> = active
        .iter()
        .map(|m| {
            let roles = roles_at(m, history, end);
            let broken: Vec<String> = policy
                .pairs
                .iter()
                .filter(|(a, b)| roles.contains(a) && roles.contains(b))
                .map(|(a, b)| format!("holds {a} and {b} together"))
                .collect();
            if broken.is_empty() {
                compliant += 1;
            }
            let mut shown = roles.to_vec();
            shown.sort();
            KpiRow {
                id: m.login.clone(),
                counted: broken.is_empty(),
                cells: vec![
                    m.login.clone(),
                    shown.join(" "),
                    yes_no(broken.is_empty()),
                    broken.join("; "),
                ],
            }
        })
        .collect();
    let value = rate(
        compliant,
        rows.len(),
        "No staff member was active at the end of the period.",
    );
    let note = Some(format!(
        "Segregation of duties, version {} ({} forbidden pair(s)).",
        policy.version,
        policy.pairs.len()
    ));
    KpiOutcome::new(id, value, rows, note)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{november, t};
    use super::super::KpiValue;
    use super::*;

    fn audit(id: i64, at: DateTime<Utc>, action: &str, login: &str) -> AuditEvent {
        AuditEvent {
            id,
            at,
            actor: "boss".into(),
            action: action.into(),
            target: format!("staff:{login}"),
        }
    }

    #[test]
    fn account_setup_runs_from_creation_to_first_sign_in_for_accounts_created_in_the_period() {
        let events = vec![
            // Created in October: outside, even though set up in November.
            audit(
                1,
                t(1, 0, 0) - chrono::Duration::hours(1),
                "staff.create",
                "old",
            ),
            audit(2, t(1, 9, 0), "staff.setup_complete", "old"),
            // 2 h, 10 h and 30 h; one still pending.
            audit(3, t(2, 8, 0), "staff.create", "ann"),
            audit(4, t(2, 10, 0), "staff.setup_complete", "ann"),
            audit(5, t(3, 8, 0), "staff.create", "bob"),
            audit(6, t(3, 18, 0), "staff.setup_complete", "bob"),
            audit(7, t(4, 0, 0), "staff.create", "cat"),
            audit(8, t(5, 6, 0), "staff.setup_complete", "cat"),
            // A second setup entry (a renewed code) does not move the first.
            audit(9, t(6, 6, 0), "staff.setup_complete", "cat"),
            audit(10, t(30, 23, 0), "staff.create", "dan"),
            // Created on the last day, set up after the period: counted with its full time.
            audit(11, t(30, 23, 30), "staff.create", "eve"),
        ];
        let mut events = events;
        events.push(AuditEvent {
            at: t(30, 23, 30) + chrono::Duration::hours(4),
            ..audit(12, t(1, 0, 0), "staff.setup_complete", "eve")
        });
        let o = staff_account_setup(&events, &november());
        assert_eq!(
            o.figure.value,
            KpiValue::Duration {
                median_secs: 4 * 3600,
                p90_secs: 30 * 3600,
                samples: 4
            },
            "2 h, 4 h, 10 h, 30 h: median rank 2, p90 rank 4"
        );
        assert_eq!(
            o.row_ids(),
            [
                "staff:ann",
                "staff:bob",
                "staff:cat",
                "staff:dan",
                "staff:eve"
            ]
        );
        assert!(!o.rows[3].counted, "dan is still waiting");
        assert_eq!(o.rows[3].cells[5], "no: setup pending");
        assert_eq!(o.rows[0].cells[4], "2.0");
        assert!(o
            .figure
            .note
            .as_deref()
            .unwrap_or("")
            .starts_with("1 account"));
    }

    #[test]
    fn account_setup_without_rows_is_no_data() {
        let o = staff_account_setup(&[], &november());
        assert!(
            matches!(o.figure.value, KpiValue::NoData { ref reason } if reason.contains("No staff account"))
        );
        let pending = [audit(1, t(2, 0, 0), "staff.create", "ann")];
        let o = staff_account_setup(&pending, &november());
        assert!(
            matches!(o.figure.value, KpiValue::NoData { ref reason } if reason.contains("set up yet"))
        );
        assert_eq!(o.figure.rows, 1);
    }

    fn change(
        id: i64,
        at: DateTime<Utc>,
        kind: AccessChangeKind,
        started: Option<i64>,
    ) -> AccessChange {
        AccessChange {
            audit_id: id,
            at,
            kind,
            target: "staff:ann".into(),
            actor: "boss".into(),
            started_at: started.map(|ms| at - chrono::Duration::milliseconds(ms)),
        }
    }

    #[test]
    fn permission_changes_time_revocations_and_list_role_changes_untimed() {
        let changes = [
            change(1, t(2, 9, 0), AccessChangeKind::Revocation, Some(2_000)),
            change(2, t(3, 9, 0), AccessChangeKind::Revocation, Some(5_000)),
            change(3, t(4, 9, 0), AccessChangeKind::Revocation, Some(1_000)),
            change(4, t(5, 9, 0), AccessChangeKind::Roles, None),
            // December: outside.
            change(
                5,
                november().end(),
                AccessChangeKind::Revocation,
                Some(60_000),
            ),
        ];
        let o = permission_change(&changes, &november());
        assert_eq!(
            o.figure.value,
            KpiValue::Duration {
                median_secs: 2,
                p90_secs: 5,
                samples: 3
            }
        );
        assert_eq!(o.row_ids(), ["1", "2", "3", "4"]);
        assert!(!o.rows[3].counted);
        assert!(o
            .figure
            .note
            .as_deref()
            .unwrap_or("")
            .starts_with("1 role change"));
    }

    #[test]
    fn permission_changes_that_are_only_role_changes_are_no_data_not_zero() {
        let o = permission_change(
            &[change(4, t(5, 9, 0), AccessChangeKind::Roles, None)],
            &november(),
        );
        assert!(
            matches!(o.figure.value, KpiValue::NoData { ref reason } if reason.contains("Only role changes"))
        );
        let o = permission_change(&[], &november());
        assert!(matches!(o.figure.value, KpiValue::NoData { .. }));
    }

    fn member(
        login: &str,
        created_day: u32,
        deactivated_day: Option<u32>,
        roles: &[&str],
    ) -> StaffMember {
        StaffMember {
            login: login.into(),
            created_at: t(created_day, 0, 0),
            deactivated_at: deactivated_day.map(|d| t(d, 0, 0)),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        }
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn compliance_counts_active_members_against_the_policy_in_force_at_the_end() {
        let members = [
            member("ann", 1, None, &["desk_admin"]),
            // Holds admin + finance now, but only since December: complied at November's end.
            member("bob", 1, None, &["desk_admin", "desk_finance"]),
            // Held admin + security at November's end; fixed in December.
            member("cat", 1, None, &["desk_security"]),
            // Deactivated in November: not counted.
            member("dan", 1, Some(20), &["desk_admin", "desk_finance"]),
            // Created in December: not counted.
            member("eve", 1, None, &["desk_ops"]),
        ];
        let mut members = members.to_vec();
        members[4].created_at = november().end();
        let dec = november().end() + chrono::Duration::days(2);
        let history = [
            RoleHistory {
                login: "bob".into(),
                at: dec,
                before: Some(vec!["desk_admin".into()]),
                after: vec!["desk_admin".into(), "desk_finance".into()],
            },
            RoleHistory {
                login: "cat".into(),
                at: t(10, 0, 0),
                before: Some(vec!["desk_ops".into()]),
                after: vec!["desk_admin".into(), "desk_security".into()],
            },
            RoleHistory {
                login: "cat".into(),
                at: dec,
                before: Some(vec!["desk_admin".into(), "desk_security".into()]),
                after: vec!["desk_security".into()],
            },
        ];
        let policies = [
            DutiesPolicy {
                version: 1,
                changed_at: t(1, 0, 0) - chrono::Duration::days(100),
                pairs: pairs(&[("desk_admin", "desk_finance")]),
            },
            DutiesPolicy {
                version: 2,
                changed_at: t(5, 0, 0),
                pairs: pairs(&[
                    ("desk_admin", "desk_finance"),
                    ("desk_admin", "desk_security"),
                ]),
            },
            // Written after the period: not in force at its end.
            DutiesPolicy {
                version: 3,
                changed_at: dec,
                pairs: Vec::new(),
            },
        ];
        let o = policy_compliance(&members, &history, &policies, &november());
        assert_eq!(
            o.figure.value,
            KpiValue::Rate {
                percent: 100.0 * 2.0 / 3.0,
                numerator: 2,
                denominator: 3
            }
        );
        assert_eq!(o.row_ids(), ["ann", "bob", "cat"]);
        assert_eq!(o.rows[1].cells[1], "desk_admin");
        assert_eq!(
            o.rows[2].cells[3],
            "holds desk_admin and desk_security together"
        );
        assert!(o.figure.note.as_deref().unwrap_or("").contains("version 2"));
    }

    #[test]
    fn compliance_without_a_policy_or_members_is_no_data() {
        let o = policy_compliance(
            &[member("ann", 1, None, &["desk_admin"])],
            &[],
            &[],
            &november(),
        );
        assert!(matches!(o.figure.value, KpiValue::NoData { .. }));
        let policy = DutiesPolicy {
            version: 1,
            changed_at: t(1, 0, 0),
            pairs: Vec::new(),
        };
        let o = policy_compliance(&[], &[], &[policy], &november());
        assert!(
            matches!(o.figure.value, KpiValue::NoData { ref reason } if reason.contains("No staff member"))
        );
    }
}
