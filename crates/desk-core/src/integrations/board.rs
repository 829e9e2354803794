//! The integrations screen: each integration with its recorded status, its calls over the last
//! 7 days (error rate, p95) and what got worse week over week, its most pressing deprecation
//! (days left, alert under 30 days) and its credential rotation; one integration in detail with
//! 30 days of calls, its failure timeline, the platform's status checks of the last 3 days
//! grouped into failed runs (live, else the last reading with its age), its deprecations and
//! rotations; and the desk's own probes of every status endpoint.

use chrono::{Duration, NaiveDate, SecondsFormat, Utc};
use desk_domain::integrations::{
    calls_status, days_left, deprecation_urgency, failed_runs, rotation_urgency, summarise,
    worse_week_over_week, DeprecationUrgency, FailedRun, IntegrationCallDay, IntegrationCalls,
    RotationUrgency, StatusCheck, SUMMARY_DAYS,
};
use desk_domain::operations::ServiceStatus;
use desk_platform::integrations as platform;
use desk_store::integrations::{
    self as store, DeprecationRecord, IntegrationFailureEntry, IntegrationRecord,
    IntegrationRotation,
};
use desk_store::mirrors::day;
use desk_store::ops::snapshots;
use serde::{Deserialize, Serialize};

use crate::ops::probes::{probe_all, Probe};
use crate::{Desk, DeskError};

/// Days of calls the detail charts show.
pub const DETAIL_DAYS: i64 = 30;
/// Hours of the platform's status checks the detail reads.
pub const CHECK_HOURS: i32 = 72;
/// The snapshot the last probes are kept in.
const PROBES: &str = "integration_probes";

/// A deprecation notice with how pressing it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationDeprecation {
    /// Id.
    pub id: String,
    /// The integration.
    pub integration: String,
    /// The API version retired.
    pub api_version: String,
    /// What the vendor said.
    pub notice: String,
    /// Where.
    pub notice_url: Option<String>,
    /// When it was announced.
    pub announced_on: String,
    /// The deadline.
    pub deadline: String,
    /// Days from today to the deadline (negative: passed).
    pub days_left: i64,
    /// not_started, in_progress, done.
    pub migration_status: String,
    /// Where the migration stands.
    pub note: String,
    /// Who last changed it.
    pub updated_by: Option<String>,
    /// When.
    pub updated_at: Option<String>,
    /// Its version (a change based on an older one is refused).
    pub version: i32,
    /// Done, later, soon (under 30 days) or overdue.
    pub urgency: DeprecationUrgency,
    /// Whether it is an alert (soon or overdue, the migration not done).
    pub alert: bool,
}

/// The deprecation with its urgency on `today`.
pub fn deprecation_view(d: DeprecationRecord, today: NaiveDate) -> IntegrationDeprecation {
    let deadline = day(&d.deadline).unwrap_or(today);
    let urgency = deprecation_urgency(deadline, &d.migration_status, today);
    IntegrationDeprecation {
        days_left: days_left(deadline, today),
        alert: urgency.is_alert(),
        urgency,
        id: d.id,
        integration: d.integration,
        api_version: d.api_version,
        notice: d.notice,
        notice_url: d.notice_url,
        announced_on: d.announced_on,
        deadline: d.deadline,
        migration_status: d.migration_status,
        note: d.note,
        updated_by: d.updated_by,
        updated_at: d.updated_at,
        version: d.version,
    }
}

/// One row of the integrations table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationSummary {
    /// The integration as the platform records it.
    pub integration: IntegrationRecord,
    /// The platform's recorded status.
    pub recorded_status: ServiceStatus,
    /// Its calls over the last 7 days.
    pub week: IntegrationCalls,
    /// The status those calls show (1 % errors degraded, 5 % down).
    pub calls_status: ServiceStatus,
    /// What got worse against the week before, in words.
    pub worse: Vec<String>,
    /// The most pressing deprecation whose migration is not done.
    pub deprecation: Option<IntegrationDeprecation>,
    /// Days until the credential rotation is due (negative: overdue).
    pub rotation_days_left: Option<i64>,
    /// Where the rotation stands.
    pub rotation: RotationUrgency,
    /// Failures still open.
    pub open_failures: i64,
}

/// The integrations screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationBoard {
    /// Every integration, worst recorded status first.
    pub integrations: Vec<IntegrationSummary>,
    /// Every deprecation notice, by deadline.
    pub deprecations: Vec<IntegrationDeprecation>,
    /// The day the figures are for (UTC).
    pub today: String,
    /// Deprecations under 30 days (or past) whose migration is not done.
    pub deprecation_alerts: i64,
    /// Credential rotations overdue.
    pub rotations_overdue: i64,
    /// Credential rotations due within 14 days.
    pub rotations_due_soon: i64,
    /// Failures still open.
    pub open_failures: i64,
}

/// The platform's status checks of one integration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationChecks {
    /// Read from the platform just now (false: the last reading kept on this laptop, or none).
    pub live: bool,
    /// When they were read.
    pub read_at: Option<String>,
    /// Why they are not live.
    pub offline_reason: Option<String>,
    /// Checks in the last 72 hours.
    pub checked: i64,
    /// Of which failed.
    pub failed: i64,
    /// The failed checks in a row, newest first.
    pub runs: Vec<FailedRun>,
}

/// One integration in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationDetail {
    /// Its table row.
    pub summary: IntegrationSummary,
    /// Its calls over the last 30 days.
    pub month: IntegrationCalls,
    /// Each of those days, oldest first.
    pub days: Vec<IntegrationCallDay>,
    /// Its failure timeline, newest first.
    pub failures: Vec<IntegrationFailureEntry>,
    /// The platform's recent status checks.
    pub checks: IntegrationChecks,
    /// Its deprecation notices, by deadline.
    pub deprecations: Vec<IntegrationDeprecation>,
    /// Its credential rotations, newest first.
    pub rotations: Vec<IntegrationRotation>,
}

/// The status the platform recorded, as the health screens name it.
pub fn recorded_status(status: &str) -> ServiceStatus {
    match status {
        "healthy" => ServiceStatus::Healthy,
        "degraded" => ServiceStatus::Degraded,
        "down" => ServiceStatus::Down,
        _ => ServiceStatus::Unknown,
    }
}

fn rank(s: ServiceStatus) -> u8 {
    match s {
        ServiceStatus::Down => 0,
        ServiceStatus::Degraded => 1,
        ServiceStatus::Unknown => 2,
        ServiceStatus::Healthy => 3,
    }
}

/// One table row from the integration's record, days, deprecations and failures on `today`.
pub fn summarise_integration(
    integration: IntegrationRecord,
    days: &[IntegrationCallDay],
    deprecations: &[IntegrationDeprecation],
    failures: &[IntegrationFailureEntry],
    today: NaiveDate,
) -> IntegrationSummary {
    let week = summarise(days, today - Duration::days(SUMMARY_DAYS - 1), today);
    let due = integration.credential_rotation_due.as_deref().and_then(day);
    let deprecation = deprecations
        .iter()
        .filter(|d| d.integration == integration.name && d.urgency != DeprecationUrgency::Done)
        .min_by_key(|d| d.days_left)
        .cloned();
    IntegrationSummary {
        recorded_status: recorded_status(&integration.status),
        calls_status: calls_status(&week),
        worse: worse_week_over_week(days, today),
        week,
        deprecation,
        rotation_days_left: due.map(|d| days_left(d, today)),
        rotation: rotation_urgency(due, today),
        open_failures: failures
            .iter()
            .filter(|f| f.integration == integration.name && f.ended_at.is_none())
            .count() as i64,
        integration,
    }
}

/// The board from what the store holds, on `today`.
pub fn compose_board(
    integrations: Vec<IntegrationRecord>,
    mut days: std::collections::BTreeMap<String, Vec<IntegrationCallDay>>,
    deprecations: Vec<DeprecationRecord>,
    failures: &[IntegrationFailureEntry],
    today: NaiveDate,
) -> IntegrationBoard {
    let mut deprecations: Vec<IntegrationDeprecation> = deprecations
        .into_iter()
        .map(|d| deprecation_view(d, today))
        .collect();
    deprecations.sort_by(|a, b| {
        a.deadline
            .cmp(&b.deadline)
            .then(a.integration.cmp(&b.integration))
    });
    let mut rows: Vec<IntegrationSummary> = integrations
        .into_iter()
        .map(|i| {
            let own = days.remove(&i.name).unwrap_or_default();
            summarise_integration(i, &own, &deprecations, failures, today)
        })
        .collect();
    rows.sort_by(|a, b| {
        rank(a.recorded_status)
            .cmp(&rank(b.recorded_status))
            .then(a.integration.name.cmp(&b.integration.name))
    });
    IntegrationBoard {
        deprecation_alerts: deprecations.iter().filter(|d| d.alert).count() as i64,
        rotations_overdue: rows
            .iter()
            .filter(|r| r.rotation == RotationUrgency::Overdue)
            .count() as i64,
        rotations_due_soon: rows
            .iter()
            .filter(|r| r.rotation == RotationUrgency::DueSoon)
            .count() as i64,
        open_failures: rows.iter().map(|r| r.open_failures).sum(),
        integrations: rows,
        deprecations,
        today: today.to_string(),
    }
}

fn checks_snapshot(name: &str) -> String {
    format!("integration_checks:{name}")
}

impl Desk {
    /// The integrations screen, from the synced copy (works offline).
    pub async fn ops_integrations(&self) -> Result<IntegrationBoard, DeskError> {
        self.signed_in_login("to see the integrations").await?;
        let pool = self.store()?.pool();
        let today = Utc::now().date_naive();
        let since = today - Duration::days(2 * SUMMARY_DAYS);
        Ok(compose_board(
            store::integrations(pool).await?,
            store::daily(pool, None, since).await?,
            store::deprecations(pool, None).await?,
            &store::failures(pool, None).await?,
            today,
        ))
    }

    /// One integration in full: from the synced copy, with the platform's status checks of
    /// the last 72 hours read live (and kept), or the last ones kept when offline.
    pub async fn ops_integration(&self, name: &str) -> Result<IntegrationDetail, DeskError> {
        self.signed_in_login("to see an integration").await?;
        let local = self.store()?.pool();
        let record = store::integrations(local)
            .await?
            .into_iter()
            .find(|i| i.name == name)
            .ok_or_else(|| {
                DeskError::NotFound(format!("No integration {name} is synced on this laptop."))
            })?;
        let today = Utc::now().date_naive();
        let since = today - Duration::days(DETAIL_DAYS.max(2 * SUMMARY_DAYS) - 1);
        let days = store::daily(local, Some(name), since)
            .await?
            .remove(name)
            .unwrap_or_default();
        let deprecations: Vec<IntegrationDeprecation> = store::deprecations(local, Some(name))
            .await?
            .into_iter()
            .map(|d| deprecation_view(d, today))
            .collect();
        let failures = store::failures(local, Some(name)).await?;
        let month = summarise(&days, today - Duration::days(DETAIL_DAYS - 1), today);
        let summary = summarise_integration(record, &days, &deprecations, &failures, today);
        let first = (today - Duration::days(DETAIL_DAYS - 1)).to_string();
        let checks = self.integration_checks(name).await?;
        Ok(IntegrationDetail {
            summary,
            month,
            days: days.into_iter().filter(|d| d.day >= first).collect(),
            failures,
            checks,
            deprecations,
            rotations: store::rotations(local, name).await?,
        })
    }

    async fn integration_checks(&self, name: &str) -> Result<IntegrationChecks, DeskError> {
        let local = self.store()?.pool();
        let snapshot = checks_snapshot(name);
        let live = match self.platform().await {
            Some(pool) => match platform::recent_checks(&pool, name, CHECK_HOURS).await {
                Ok(rows) => Ok(rows),
                Err(e) => match DeskError::from(e) {
                    DeskError::Unreachable(why) => Err(why),
                    other => return Err(other),
                },
            },
            None => Err("this desk is offline".to_string()),
        };
        match live {
            Ok(rows) => {
                let now = Utc::now();
                let checks = IntegrationChecks {
                    live: true,
                    read_at: Some(now.to_rfc3339_opts(SecondsFormat::Secs, true)),
                    offline_reason: None,
                    checked: rows.len() as i64,
                    failed: rows.iter().filter(|r| !r.ok).count() as i64,
                    runs: failed_runs(
                        rows.into_iter()
                            .map(|r| StatusCheck {
                                at: r.checked_at,
                                ok: r.ok,
                                error: r.error,
                            })
                            .collect(),
                    ),
                };
                snapshots::save(local, &snapshot, now, &checks).await?;
                Ok(checks)
            }
            Err(why) => Ok(
                match snapshots::load::<IntegrationChecks>(local, &snapshot).await? {
                    Some((mut c, _)) => {
                        c.live = false;
                        c.offline_reason = Some(why);
                        c
                    }
                    None => IntegrationChecks {
                        live: false,
                        read_at: None,
                        offline_reason: Some(why),
                        checked: 0,
                        failed: 0,
                        runs: Vec::new(),
                    },
                },
            ),
        }
    }

    /// Probes every integration's status endpoint now, all at once (5 s each at most), keeps
    /// the result and returns it; an endpoint that does not answer shows as down with why.
    pub async fn ops_probe_integrations(&self) -> Result<Vec<Probe>, DeskError> {
        self.signed_in_login("to probe the integrations").await?;
        let local = self.store()?.pool();
        let mut targets = store::status_targets(local).await?;
        if targets.is_empty() {
            if let Some(pool) = self.platform().await {
                targets = platform::status_targets(&pool).await?;
            }
        }
        if targets.is_empty() {
            return Err(DeskError::NotFound(
                "No integration with a status endpoint is known on this laptop yet: sync once while online."
                    .into(),
            ));
        }
        let probes = probe_all(targets).await;
        snapshots::save(local, PROBES, Utc::now(), &probes).await?;
        Ok(probes)
    }

    /// The last probes of the integrations the desk ran, if any.
    pub async fn ops_last_integration_probes(&self) -> Result<Vec<Probe>, DeskError> {
        self.signed_in_login("to see the integrations").await?;
        Ok(snapshots::load(self.store()?.pool(), PROBES)
            .await?
            .map(|(p, _)| p)
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn record(name: &str, status: &str, due: Option<&str>) -> IntegrationRecord {
        IntegrationRecord {
            name: name.into(),
            kind: "email_provider".into(),
            vendor: None,
            status: status.into(),
            status_url: None,
            api_version: "v3".into(),
            credential_rotation_due: due.map(str::to_string),
            credential_rotated_at: None,
            credential_rotated_by: None,
            owner_team: "ops".into(),
            notes: String::new(),
            version: 1,
        }
    }

    fn notice(integration: &str, deadline: &str, status: &str) -> DeprecationRecord {
        DeprecationRecord {
            id: format!("{integration}-{deadline}"),
            integration: integration.into(),
            api_version: "v2".into(),
            notice: "v2 retires".into(),
            notice_url: None,
            announced_on: "2026-01-01".into(),
            deadline: deadline.into(),
            migration_status: status.into(),
            note: String::new(),
            updated_by: None,
            updated_at: None,
            version: 1,
        }
    }

    #[test]
    fn the_board_counts_alerts_rotations_and_open_failures_worst_first() {
        let today = d("2026-12-01");
        let days = BTreeMap::from([(
            "sendgrid".to_string(),
            vec![IntegrationCallDay::new(
                "2026-11-30".into(),
                1_000,
                30,
                Some(100),
                Some(400),
            )],
        )]);
        let failures = vec![IntegrationFailureEntry {
            id: "f".into(),
            integration: "sendgrid".into(),
            started_at: "2026-11-30T10:00:00+00:00".into(),
            ended_at: None,
            summary: "timeouts".into(),
            impact: String::new(),
        }];
        let board = compose_board(
            vec![
                record("amazon-ses", "healthy", Some("2026-11-28")),
                record("sendgrid", "degraded", Some("2026-12-10")),
                record("stripe", "healthy", None),
            ],
            days,
            vec![
                notice("sendgrid", "2026-12-20", "in_progress"),
                notice("sendgrid", "2027-06-01", "not_started"),
                notice("stripe", "2026-12-05", "done"),
            ],
            &failures,
            today,
        );
        let names: Vec<&str> = board
            .integrations
            .iter()
            .map(|i| i.integration.name.as_str())
            .collect();
        assert_eq!(names, ["sendgrid", "amazon-ses", "stripe"]);
        let sendgrid = &board.integrations[0];
        assert_eq!(sendgrid.calls_status, ServiceStatus::Degraded);
        assert_eq!(sendgrid.week.error_rate, Some(0.03));
        let dep = sendgrid
            .deprecation
            .as_ref()
            .expect("the nearest deprecation");
        assert_eq!((dep.days_left, dep.alert), (19, true));
        assert_eq!(sendgrid.rotation, RotationUrgency::DueSoon);
        assert_eq!(sendgrid.open_failures, 1);
        assert_eq!(board.integrations[1].rotation, RotationUrgency::Overdue);
        assert_eq!(board.integrations[1].rotation_days_left, Some(-3));
        let stripe = &board.integrations[2];
        assert!(stripe.deprecation.is_none(), "its migration is done");
        assert_eq!(stripe.rotation, RotationUrgency::Unknown);
        assert_eq!(stripe.calls_status, ServiceStatus::Unknown);
        assert_eq!(
            (
                board.deprecation_alerts,
                board.rotations_overdue,
                board.rotations_due_soon,
                board.open_failures
            ),
            (1, 1, 1, 1)
        );
        assert_eq!(board.deprecations.len(), 3);
        assert_eq!(
            board.deprecations[0].urgency,
            DeprecationUrgency::Done,
            "by deadline"
        );
    }
}
