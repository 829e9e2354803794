//! The people and access KPIs' reads: staff account events and access changes from the
//! synced audit trail, and the directory with its role history and the segregation-of-duties
//! policy versions for compliance (administrators and security hold the trail; only
//! administrators hold the policies).

use desk_domain::kpi::people::{
    self, AccessChange, AccessChangeKind, AuditEvent, DutiesPolicy, RoleHistory, StaffMember,
};
use desk_domain::kpi::{KpiOutcome, Period};
use serde_json::Value;
use sqlx::{Row, SqlitePool};

use super::{at, at_opt, bounds, missing, not_held, Source};
use crate::StoreError;

fn json(text: Option<String>, what: &str) -> Result<Value, StoreError> {
    match text {
        None => Ok(Value::Null),
        Some(t) => {
            serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
        }
    }
}

fn strings(v: &Value) -> Option<Vec<String>> {
    v.as_array().map(|a| {
        a.iter()
            .filter_map(|r| r.as_str().map(str::to_string))
            .collect()
    })
}

fn roles_of(v: &Value) -> Option<Vec<String>> {
    v.get("roles").and_then(strings)
}

/// Time to set up a staff account: the `staff.create` entries from the period's start and
/// every `staff.setup_complete` after it.
pub(super) async fn account_setup(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    if let Some(what) = missing(pool, &[("audit_trail", "the audit trail")]).await? {
        return Ok(not_held(Source::AccountSetup, what));
    }
    let (from, to) = bounds(period);
    let rows = sqlx::query(
        "SELECT id, at, actor, action, target FROM mirror_audit_trail
          WHERE at >= ? AND ((action = 'staff.create' AND at < ?) OR action = 'staff.setup_complete')",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;
    let mut events = Vec::with_capacity(rows.len());
    for r in &rows {
        events.push(AuditEvent {
            id: r.try_get("id")?,
            at: at(&r.try_get::<String, _>("at")?, "audit entry")?,
            actor: r.try_get("actor")?,
            action: r.try_get("action")?,
            target: r.try_get("target")?,
        });
    }
    Ok(vec![people::staff_account_setup(&events, period)])
}

/// Permission change processing time: role changes and revocations audited in the period; a
/// revocation's start is the `deactivated_at` its entry records.
pub(super) async fn access_changes(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    if let Some(what) = missing(pool, &[("audit_trail", "the audit trail")]).await? {
        return Ok(not_held(Source::AccessChanges, what));
    }
    let (from, to) = bounds(period);
    let rows = sqlx::query(
        "SELECT id, at, actor, action, target, CAST(after AS TEXT) AS after FROM mirror_audit_trail
          WHERE action IN ('staff.roles', 'staff.deactivate') AND at >= ? AND at < ?",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?;
    let mut changes = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let action: String = r.try_get("action")?;
        let kind = if action == "staff.deactivate" {
            AccessChangeKind::Revocation
        } else {
            AccessChangeKind::Roles
        };
        let started_at = match kind {
            AccessChangeKind::Roles => None,
            AccessChangeKind::Revocation => {
                let after = json(r.try_get("after")?, &format!("audit entry {id}"))?;
                at_opt(
                    after
                        .get("deactivated_at")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    "deactivated_at",
                )?
            }
        };
        changes.push(AccessChange {
            audit_id: id,
            at: at(&r.try_get::<String, _>("at")?, "audit entry")?,
            kind,
            target: r.try_get("target")?,
            actor: r.try_get("actor")?,
            started_at,
        });
    }
    Ok(vec![people::permission_change(&changes, period)])
}

/// Policy compliance: the directory, every role change the trail records, and the
/// segregation-of-duties policy's versions.
pub(super) async fn compliance(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    let needed = [
        ("policy_versions", "security policies"),
        ("staff", "the staff directory"),
        ("audit_trail", "the audit trail"),
    ];
    if let Some(what) = missing(pool, &needed).await? {
        return Ok(not_held(Source::Compliance, what));
    }
    let mut members = Vec::new();
    for r in sqlx::query(
        "SELECT login, created_at, deactivated_at, CAST(roles AS TEXT) AS roles FROM mirror_staff",
    )
    .fetch_all(pool)
    .await?
    {
        let login: String = r.try_get("login")?;
        let roles = json(r.try_get("roles")?, &format!("staff {login} roles"))?;
        members.push(StaffMember {
            created_at: at(&r.try_get::<String, _>("created_at")?, "staff created_at")?,
            deactivated_at: at_opt(r.try_get("deactivated_at")?, "staff deactivated_at")?,
            roles: strings(&roles).unwrap_or_default(),
            login,
        });
    }
    let mut history = Vec::new();
    for r in sqlx::query(
        "SELECT id, at, target, CAST(before AS TEXT) AS before, CAST(after AS TEXT) AS after
           FROM mirror_audit_trail WHERE action IN ('staff.create', 'staff.roles')",
    )
    .fetch_all(pool)
    .await?
    {
        let id: i64 = r.try_get("id")?;
        let target: String = r.try_get("target")?;
        let before = json(r.try_get("before")?, &format!("audit entry {id}"))?;
        let after = json(r.try_get("after")?, &format!("audit entry {id}"))?;
        let Some(after) = roles_of(&after) else {
            continue;
        };
        history.push(RoleHistory {
            login: target.strip_prefix("staff:").unwrap_or(&target).to_string(),
            at: at(&r.try_get::<String, _>("at")?, "audit entry")?,
            before: roles_of(&before),
            after,
        });
    }
    let mut policies = Vec::new();
    for r in sqlx::query(
        "SELECT version, changed_at, CAST(rules AS TEXT) AS rules FROM mirror_policy_versions
          WHERE name = 'segregation_of_duties'",
    )
    .fetch_all(pool)
    .await?
    {
        let version: i32 = r.try_get("version")?;
        let rules = json(
            r.try_get("rules")?,
            &format!("segregation of duties v{version}"),
        )?;
        let pairs = rules
            .get("pairs")
            .and_then(Value::as_array)
            .map(|ps| {
                ps.iter()
                    .filter_map(|p| {
                        let roles = p.get("roles")?.as_array()?;
                        Some((
                            roles.first()?.as_str()?.to_string(),
                            roles.get(1)?.as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        policies.push(DutiesPolicy {
            version,
            changed_at: at(&r.try_get::<String, _>("changed_at")?, "policy version")?,
            pairs,
        });
    }
    Ok(vec![people::policy_compliance(
        &members, &history, &policies, period,
    )])
}
