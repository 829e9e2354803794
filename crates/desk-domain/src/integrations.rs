//! The third-party integration rules: how many days are left before a vendor retires an API
//! version we call and when that is an alert (under 30 days, unless our migration is done);
//! when a credential rotation is overdue or due soon; an integration's error rate and latency
//! over a window from the platform's daily figures, and whether it got worse week over week;
//! failed status checks grouped into failure runs; and the order new integrations are onboarded
//! in (requirements → design → staging test → security review → production), which step is
//! next and who may complete it. Pure: the callers pass the figures and the clock.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::operations::{candidate, classify, ServiceStatus, WeekFigures};
use crate::roles::DeskRole;

/// A deprecation with fewer days left than this (30) is an alert.
pub const DEPRECATION_ALERT_DAYS: i64 = 30;
/// A credential rotation due within this many days (14) is due soon.
pub const ROTATION_SOON_DAYS: i64 = 14;
/// The days the integrations table sums (the last 7).
pub const SUMMARY_DAYS: i64 = 7;

/// The migration statuses of a deprecation, in order.
pub const MIGRATION_STATUSES: [&str; 3] = ["not_started", "in_progress", "done"];

/// The onboarding steps, in the order they are completed.
pub const ONBOARDING_STEPS: [&str; 5] = [
    "requirements",
    "design",
    "staging_test",
    "security_review",
    "production",
];

/// The integration kinds the platform records.
pub const INTEGRATION_KINDS: [&str; 7] = [
    "email_provider",
    "payments",
    "crm",
    "chat",
    "identity",
    "analytics",
    "other",
];

/// How pressing a deprecation notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum DeprecationUrgency {
    /// Our migration is done: nothing to do.
    Done,
    /// 30 days or more left.
    Later,
    /// Fewer than 30 days left: an alert.
    Soon,
    /// The deadline has passed and we still call the version: an alert.
    Overdue,
}

/// Days from `today` to `deadline` (negative once it has passed).
pub fn days_left(deadline: NaiveDate, today: NaiveDate) -> i64 {
    (deadline - today).num_days()
}

/// How pressing a deprecation with `deadline` and our `migration_status` is on `today`.
pub fn deprecation_urgency(
    deadline: NaiveDate,
    migration_status: &str,
    today: NaiveDate,
) -> DeprecationUrgency {
    if migration_status == "done" {
        return DeprecationUrgency::Done;
    }
    match days_left(deadline, today) {
        d if d < 0 => DeprecationUrgency::Overdue,
        d if d < DEPRECATION_ALERT_DAYS => DeprecationUrgency::Soon,
        _ => DeprecationUrgency::Later,
    }
}

impl DeprecationUrgency {
    /// Whether the desk alerts about it.
    pub fn is_alert(self) -> bool {
        matches!(self, DeprecationUrgency::Soon | DeprecationUrgency::Overdue)
    }
}

/// Where a credential rotation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RotationUrgency {
    /// No due date recorded.
    Unknown,
    /// More than 14 days ahead.
    Ok,
    /// Due within 14 days (or today).
    DueSoon,
    /// The due date has passed.
    Overdue,
}

/// Where a rotation due on `due` stands on `today`.
pub fn rotation_urgency(due: Option<NaiveDate>, today: NaiveDate) -> RotationUrgency {
    match due.map(|d| days_left(d, today)) {
        None => RotationUrgency::Unknown,
        Some(d) if d < 0 => RotationUrgency::Overdue,
        Some(d) if d <= ROTATION_SOON_DAYS => RotationUrgency::DueSoon,
        Some(_) => RotationUrgency::Ok,
    }
}

/// One day of the platform's calls to an integration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationCallDay {
    /// The UTC day, `2026-11-24`.
    pub day: String,
    /// Calls made.
    pub calls: i64,
    /// Of which failed.
    pub errors: i64,
    /// errors / calls (no calls: `None`).
    pub error_rate: Option<f64>,
    /// Median latency, ms.
    pub p50_ms: Option<i32>,
    /// 95th percentile latency, ms.
    pub p95_ms: Option<i32>,
}

impl IntegrationCallDay {
    /// A day from its recorded figures.
    pub fn new(
        day: String,
        calls: i64,
        errors: i64,
        p50_ms: Option<i32>,
        p95_ms: Option<i32>,
    ) -> IntegrationCallDay {
        IntegrationCallDay {
            error_rate: rate(errors, calls),
            day,
            calls,
            errors,
            p50_ms,
            p95_ms,
        }
    }
}

fn rate(errors: i64, calls: i64) -> Option<f64> {
    (calls > 0).then(|| errors.clamp(0, calls) as f64 / calls as f64)
}

/// An integration's calls over a window of days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationCalls {
    /// Days with figures.
    pub days: i64,
    /// Calls made.
    pub calls: i64,
    /// Of which failed.
    pub errors: i64,
    /// errors / calls.
    pub error_rate: Option<f64>,
    /// The days' p50, weighted by their calls, ms.
    pub p50_ms: Option<f64>,
    /// The days' p95, weighted by their calls, ms (a day's p95 cannot be merged exactly; the
    /// weighted mean is what the table shows, the worst day beside it).
    pub p95_ms: Option<f64>,
    /// The worst day's p95, ms.
    pub worst_p95_ms: Option<i32>,
}

fn weighted(
    days: &[&IntegrationCallDay],
    pick: fn(&IntegrationCallDay) -> Option<i32>,
) -> Option<f64> {
    let (sum, weight) = days
        .iter()
        .filter_map(|d| pick(d).map(|v| (f64::from(v) * d.calls as f64, d.calls as f64)))
        .fold((0.0, 0.0), |(s, w), (v, c)| (s + v, w + c));
    (weight > 0.0).then(|| sum / weight)
}

/// Sums `days` whose day is in `from..=to` (ISO days compare as text).
pub fn summarise(days: &[IntegrationCallDay], from: NaiveDate, to: NaiveDate) -> IntegrationCalls {
    let (from, to) = (from.to_string(), to.to_string());
    let within: Vec<&IntegrationCallDay> = days
        .iter()
        .filter(|d| d.day.as_str() >= from.as_str() && d.day.as_str() <= to.as_str())
        .collect();
    let calls = within.iter().map(|d| d.calls).sum();
    let errors = within.iter().map(|d| d.errors).sum();
    IntegrationCalls {
        days: within.len() as i64,
        calls,
        errors,
        error_rate: rate(errors, calls),
        p50_ms: weighted(&within, |d| d.p50_ms),
        p95_ms: weighted(&within, |d| d.p95_ms),
        worst_p95_ms: within.iter().filter_map(|d| d.p95_ms).max(),
    }
}

/// The status the calls show: down at 5 % errors, degraded at 1 %, else healthy; no calls:
/// unknown (the same thresholds as the platform's services).
pub fn calls_status(calls: &IntegrationCalls) -> ServiceStatus {
    match calls.error_rate {
        None => ServiceStatus::Unknown,
        Some(e) => classify(0.0, None, e),
    }
}

/// What got worse over the last 7 days (ending `today`) against the 7 before, in words, e.g.
/// "error rate 0.40 % → 2.10 % (+425 %)"; nothing when neither week has calls.
pub fn worse_week_over_week(days: &[IntegrationCallDay], today: NaiveDate) -> Vec<String> {
    let week = chrono::Duration::days(SUMMARY_DAYS);
    let this = summarise(days, today - week + chrono::Duration::days(1), today);
    let last = summarise(
        days,
        today - week - week + chrono::Duration::days(1),
        today - week,
    );
    let figures = |c: &IntegrationCalls| {
        Some(WeekFigures {
            p95_ms: c.p95_ms?,
            error_rate: c.error_rate?,
        })
    };
    match (figures(&this), figures(&last)) {
        (Some(t), Some(l)) => candidate("", t, l).map(|c| c.reasons).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// One of the platform's status checks of an integration.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusCheck {
    /// When.
    pub at: DateTime<Utc>,
    /// Whether it passed.
    pub ok: bool,
    /// What failed.
    pub error: Option<String>,
}

/// Consecutive failed checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FailedRun {
    /// The first failed check.
    pub started_at: String,
    /// The first passing check after it (none: still failing).
    pub ended_at: Option<String>,
    /// How many checks failed.
    pub failed_checks: i64,
    /// The first failure's error.
    pub error: String,
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Groups failed checks that follow each other into runs, newest run first.
pub fn failed_runs(mut checks: Vec<StatusCheck>) -> Vec<FailedRun> {
    checks.sort_by_key(|c| c.at);
    let mut runs: Vec<FailedRun> = Vec::new();
    let mut open = false;
    for c in checks {
        match (c.ok, open) {
            (false, false) => {
                runs.push(FailedRun {
                    started_at: iso(c.at),
                    ended_at: None,
                    failed_checks: 1,
                    error: c.error.unwrap_or_else(|| "failed".into()),
                });
                open = true;
            }
            (false, true) => {
                if let Some(r) = runs.last_mut() {
                    r.failed_checks += 1;
                }
            }
            (true, true) => {
                if let Some(r) = runs.last_mut() {
                    r.ended_at = Some(iso(c.at));
                }
                open = false;
            }
            (true, false) => {}
        }
    }
    runs.reverse();
    runs
}

/// A step of an onboarding, as far as its order matters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepProgress {
    /// requirements, design, staging_test, security_review or production.
    pub step: String,
    /// Its owner's login.
    pub owner: Option<String>,
    /// Whether it is completed.
    pub completed: bool,
}

/// The position (1–5) of a step, if it is one.
pub fn step_position(step: &str) -> Option<usize> {
    ONBOARDING_STEPS
        .iter()
        .position(|s| *s == step)
        .map(|i| i + 1)
}

/// The first step not yet completed, in order (none: the integration is in production).
pub fn next_step(steps: &[StepProgress]) -> Option<&'static str> {
    ONBOARDING_STEPS
        .into_iter()
        .find(|s| !steps.iter().any(|p| p.step == *s && p.completed))
}

/// The role that completes `step`: security completes the security review, ops the rest.
pub fn completing_role(step: &str) -> DeskRole {
    if step == "security_review" {
        DeskRole::Security
    } else {
        DeskRole::Ops
    }
}

fn words(step: &str) -> String {
    step.replace('_', " ")
}

/// Why a member holding `roles` may not complete `step` with `evidence` now, one
/// `field: message` line each (the platform checks the same again); empty: allowed.
pub fn completion_problems(
    steps: &[StepProgress],
    step: &str,
    evidence: &str,
    roles: &[DeskRole],
) -> Vec<String> {
    let mut p = Vec::new();
    if step_position(step).is_none() {
        p.push(format!("step: unknown step {step:?}"));
        return p;
    }
    let role = completing_role(step);
    if !roles.contains(&role) {
        p.push(format!(
            "step: {} is completed by {}",
            words(step),
            match role {
                DeskRole::Security => "security (desk_security)",
                _ => "ops (desk_ops)",
            }
        ));
    }
    let this = steps.iter().find(|s| s.step == step);
    if this.is_some_and(|s| s.completed) {
        p.push(format!("step: {} is already completed", words(step)));
    } else if let Some(next) = next_step(steps).filter(|n| *n != step) {
        p.push(format!(
            "step: complete {} before {}",
            words(next),
            words(step)
        ));
    }
    if this.is_none_or(|s| s.owner.is_none()) {
        p.push(format!(
            "owner: give {} an owner before completing it",
            words(step)
        ));
    }
    if evidence.trim().is_empty() {
        p.push(
            "evidence: say what shows the step is done (a document, a test run, a sign-off)".into(),
        );
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_deprecation_alerts_under_30_days_unless_the_migration_is_done() {
        let today = d("2026-12-01");
        assert_eq!(days_left(d("2026-12-30"), today), 29);
        assert_eq!(days_left(d("2026-11-28"), today), -3);
        assert_eq!(
            deprecation_urgency(d("2026-12-31"), "not_started", today),
            DeprecationUrgency::Later,
            "30 days left is not yet an alert"
        );
        let soon = deprecation_urgency(d("2026-12-30"), "in_progress", today);
        assert_eq!(soon, DeprecationUrgency::Soon);
        assert!(soon.is_alert());
        assert_eq!(
            deprecation_urgency(d("2026-12-01"), "not_started", today),
            DeprecationUrgency::Soon,
            "the deadline is today"
        );
        let past = deprecation_urgency(d("2026-11-28"), "in_progress", today);
        assert_eq!(past, DeprecationUrgency::Overdue);
        assert!(past.is_alert());
        let done = deprecation_urgency(d("2026-12-05"), "done", today);
        assert_eq!(done, DeprecationUrgency::Done);
        assert!(!done.is_alert());
        assert!(!DeprecationUrgency::Later.is_alert());
    }

    #[test]
    fn a_rotation_is_overdue_after_its_date_and_due_soon_within_14_days() {
        let today = d("2026-12-01");
        assert_eq!(rotation_urgency(None, today), RotationUrgency::Unknown);
        assert_eq!(
            rotation_urgency(Some(d("2026-11-30")), today),
            RotationUrgency::Overdue
        );
        assert_eq!(
            rotation_urgency(Some(d("2026-12-01")), today),
            RotationUrgency::DueSoon
        );
        assert_eq!(
            rotation_urgency(Some(d("2026-12-15")), today),
            RotationUrgency::DueSoon
        );
        assert_eq!(
            rotation_urgency(Some(d("2026-12-16")), today),
            RotationUrgency::Ok
        );
    }

    fn day(s: &str, calls: i64, errors: i64, p50: i32, p95: i32) -> IntegrationCallDay {
        IntegrationCallDay::new(s.into(), calls, errors, Some(p50), Some(p95))
    }

    #[test]
    fn the_summary_weights_latency_by_calls_and_rates_errors_over_all_calls() {
        let days = vec![
            day("2026-11-29", 1_000, 10, 100, 400),
            day("2026-11-30", 3_000, 90, 200, 800),
            day("2026-12-01", 0, 0, 0, 0),
            day("2026-11-20", 5_000, 5_000, 9_000, 9_000),
        ];
        let s = summarise(&days, d("2026-11-25"), d("2026-12-01"));
        assert_eq!((s.days, s.calls, s.errors), (3, 4_000, 100));
        assert_eq!(s.error_rate, Some(0.025));
        assert_eq!(s.p50_ms, Some(175.0));
        assert_eq!(s.p95_ms, Some(700.0));
        assert_eq!(s.worst_p95_ms, Some(800));
        assert_eq!(calls_status(&s), ServiceStatus::Degraded);
        let none = summarise(&days, d("2026-10-01"), d("2026-10-07"));
        assert_eq!(none, IntegrationCalls::default());
        assert_eq!(calls_status(&none), ServiceStatus::Unknown);
        let down = summarise(&days, d("2026-11-20"), d("2026-11-20"));
        assert_eq!(calls_status(&down), ServiceStatus::Down);
        assert_eq!(day("2026-12-01", 0, 0, 0, 0).error_rate, None);
    }

    #[test]
    fn a_provider_getting_worse_is_named_with_its_figures() {
        let today = d("2026-12-14");
        let mut days = Vec::new();
        for i in 0..14 {
            let date = today - chrono::Duration::days(i);
            let recent = i < 7;
            days.push(day(
                &date.to_string(),
                10_000,
                if recent { 200 } else { 40 },
                120,
                if recent { 900 } else { 600 },
            ));
        }
        let worse = worse_week_over_week(&days, today);
        assert_eq!(
            worse,
            [
                "p95 600 ms → 900 ms (+50 %)",
                "error rate 0.40 % → 2.00 % (+400 %)"
            ]
        );
        let steady: Vec<IntegrationCallDay> = days
            .iter()
            .map(|x| IntegrationCallDay::new(x.day.clone(), 10_000, 40, Some(120), Some(600)))
            .collect();
        assert!(worse_week_over_week(&steady, today).is_empty());
        assert!(
            worse_week_over_week(&days[..3], today).is_empty(),
            "no week before"
        );
    }

    #[test]
    fn failed_checks_in_a_row_are_one_run_ended_by_the_next_pass() {
        let t = |m: u32| {
            DateTime::parse_from_rfc3339(&format!("2026-12-01T10:{m:02}:00Z"))
                .expect("t")
                .with_timezone(&Utc)
        };
        let c = |m, ok, e: &str| StatusCheck {
            at: t(m),
            ok,
            error: (!e.is_empty()).then(|| e.to_string()),
        };
        let runs = failed_runs(vec![
            c(15, false, "HTTP 503"),
            c(0, true, ""),
            c(5, false, "timeout after 10 s"),
            c(10, false, "HTTP 503"),
            c(20, true, ""),
            c(30, false, "HTTP 500"),
        ]);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].started_at, "2026-12-01T10:30:00Z");
        assert_eq!(runs[0].ended_at, None, "still failing");
        assert_eq!(runs[1].started_at, "2026-12-01T10:05:00Z");
        assert_eq!(runs[1].ended_at.as_deref(), Some("2026-12-01T10:20:00Z"));
        assert_eq!(runs[1].failed_checks, 3);
        assert_eq!(runs[1].error, "timeout after 10 s");
        assert!(failed_runs(vec![c(0, true, "")]).is_empty());
    }

    fn steps(done: usize, owned: usize) -> Vec<StepProgress> {
        ONBOARDING_STEPS
            .iter()
            .enumerate()
            .map(|(i, s)| StepProgress {
                step: s.to_string(),
                owner: (i < owned).then(|| "sam_ops".to_string()),
                completed: i < done,
            })
            .collect()
    }

    #[test]
    fn onboarding_steps_complete_in_order_with_evidence_and_the_right_role() {
        assert_eq!(next_step(&steps(0, 0)), Some("requirements"));
        assert_eq!(next_step(&steps(3, 5)), Some("security_review"));
        assert_eq!(next_step(&steps(5, 5)), None);
        assert_eq!(step_position("staging_test"), Some(3));
        assert_eq!(step_position("launch"), None);
        let ops = [DeskRole::Ops];
        assert!(completion_problems(&steps(1, 5), "design", "doc", &ops).is_empty());
        assert_eq!(
            completion_problems(&steps(1, 5), "staging_test", "run 42", &ops),
            ["step: complete design before staging test"]
        );
        assert_eq!(
            completion_problems(&steps(1, 1), "design", " ", &ops),
            [
                "owner: give design an owner before completing it",
                "evidence: say what shows the step is done (a document, a test run, a sign-off)"
            ]
        );
        assert_eq!(
            completion_problems(&steps(3, 5), "security_review", "pentest", &ops),
            ["step: security review is completed by security (desk_security)"]
        );
        assert!(completion_problems(
            &steps(3, 5),
            "security_review",
            "pentest",
            &[DeskRole::Security]
        )
        .is_empty());
        assert_eq!(
            completion_problems(&steps(4, 5), "production", "live", &[DeskRole::Security]),
            ["step: production is completed by ops (desk_ops)"]
        );
        assert_eq!(
            completion_problems(&steps(2, 5), "design", "again", &ops),
            ["step: design is already completed"]
        );
        assert_eq!(
            completion_problems(&steps(0, 0), "launch", "x", &ops).len(),
            1
        );
        assert_eq!(completing_role("production"), DeskRole::Ops);
    }
}
