//! The operations rules: when a service counts as healthy, degraded or down from its recorded
//! metrics, what uptime means against the SLA, when a service got worse week over week (an
//! optimisation candidate), how alerts from several services close together in time form one
//! probable incident (a cascade) with its likely origin, the steps an escalation may take, the
//! repeats the escalation patterns report counts, and the deployment success and rollback
//! rates. Pure: the callers pass the figures and the clock.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// An error rate at or above this (5 %) makes a bucket, and a service, down.
pub const DOWN_ERROR_RATE: f64 = 0.05;
/// An error rate at or above this (1 %) makes a service degraded.
pub const DEGRADED_ERROR_RATE: f64 = 0.01;
/// p95 must grow by at least this share (20 %) week over week to be a candidate.
pub const P95_WORSE_BY: f64 = 0.20;
/// The error rate must grow by at least this share (50 %) …
pub const ERRORS_WORSE_BY: f64 = 0.50;
/// … and by at least this much in absolute terms (0.1 percentage point).
pub const ERRORS_WORSE_AT_LEAST: f64 = 0.001;
/// Alerts this close (5 minutes) to the previous one join its cascade.
pub const CASCADE_GAP_MINUTES: i64 = 5;
/// An escalation of the same tenant and category within this many days is a repeat.
pub const REPEAT_DAYS: i64 = 30;

/// A window the health dashboard shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum HealthWindow {
    /// The last 24 hours, in 15-minute points.
    Day,
    /// The last 7 days, in hourly points.
    Week,
    /// The last 30 days, in 6-hour points.
    Month,
}

impl HealthWindow {
    /// Its name in snapshots: day, week, month.
    pub fn as_str(self) -> &'static str {
        match self {
            HealthWindow::Day => "day",
            HealthWindow::Week => "week",
            HealthWindow::Month => "month",
        }
    }
}

/// One point of a service's chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MetricPoint {
    /// The point's start.
    pub at: String,
    /// The worst bucket p95 within it, ms.
    pub p95_ms: f64,
    /// Failed / all requests.
    pub error_rate: f64,
    /// Requests.
    pub requests: i64,
}

/// How a service is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ServiceStatus {
    /// Within its objectives.
    Healthy,
    /// Slower than its p95 target or failing more than 1 % of requests.
    Degraded,
    /// Failing 5 % of requests or more, or not answering.
    Down,
    /// Nothing recorded.
    Unknown,
}

/// The status a metrics bucket (or a probe's answer) shows.
pub fn classify(p95_ms: f64, p95_target_ms: Option<f64>, error_rate: f64) -> ServiceStatus {
    if error_rate >= DOWN_ERROR_RATE {
        ServiceStatus::Down
    } else if error_rate >= DEGRADED_ERROR_RATE || p95_target_ms.is_some_and(|t| p95_ms > t) {
        ServiceStatus::Degraded
    } else {
        ServiceStatus::Healthy
    }
}

/// Uptime in percent from the count of buckets and of down buckets (none recorded: `None`).
pub fn uptime_percent(buckets: i64, down: i64) -> Option<f64> {
    (buckets > 0).then(|| 100.0 * (buckets - down.clamp(0, buckets)) as f64 / buckets as f64)
}

/// A service's figures over one week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WeekFigures {
    /// p95 latency, ms.
    pub p95_ms: f64,
    /// Failed requests / requests.
    pub error_rate: f64,
}

/// Why a service is an optimisation candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// The service.
    pub service: String,
    /// The last 7 days.
    pub this_week: WeekFigures,
    /// The 7 days before.
    pub last_week: WeekFigures,
    /// What got worse, in words, e.g. "p95 412 ms → 640 ms (+55 %)".
    pub reasons: Vec<String>,
}

fn change(now: f64, before: f64) -> String {
    if before > 0.0 {
        format!("+{:.0} %", 100.0 * (now - before) / before)
    } else {
        "new".into()
    }
}

/// The service as a candidate if its p95 or its error rate got worse week over week.
pub fn candidate(
    service: &str,
    this_week: WeekFigures,
    last_week: WeekFigures,
) -> Option<Candidate> {
    let mut reasons = Vec::new();
    if last_week.p95_ms > 0.0 && this_week.p95_ms >= last_week.p95_ms * (1.0 + P95_WORSE_BY) {
        reasons.push(format!(
            "p95 {:.0} ms → {:.0} ms ({})",
            last_week.p95_ms,
            this_week.p95_ms,
            change(this_week.p95_ms, last_week.p95_ms)
        ));
    }
    let grew = this_week.error_rate - last_week.error_rate;
    if grew >= ERRORS_WORSE_AT_LEAST
        && this_week.error_rate >= last_week.error_rate * (1.0 + ERRORS_WORSE_BY)
    {
        reasons.push(format!(
            "error rate {:.2} % → {:.2} % ({})",
            100.0 * last_week.error_rate,
            100.0 * this_week.error_rate,
            change(this_week.error_rate, last_week.error_rate)
        ));
    }
    (!reasons.is_empty()).then(|| Candidate {
        service: service.to_string(),
        this_week,
        last_week,
        reasons,
    })
}

/// An alert as the cascade grouping needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertPoint {
    /// Its id.
    pub id: i64,
    /// The service that raised it.
    pub service: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Alerts from several services close together: one probable incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Cascade {
    /// The first alert: the likely origin.
    pub origin: i64,
    /// Its service.
    pub origin_service: String,
    /// Every alert of the cascade, in time order (the origin first).
    pub alerts: Vec<i64>,
    /// The services involved, in the order they first alerted.
    pub services: Vec<String>,
    /// The first alert's time.
    pub started_at: String,
    /// The last alert's time.
    pub ended_at: String,
}

/// Groups alerts whose gap to the previous one is at most [`CASCADE_GAP_MINUTES`]; a group is
/// a cascade when it spans at least two services. Newest cascade first.
pub fn cascades(mut alerts: Vec<AlertPoint>) -> Vec<Cascade> {
    alerts.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    let gap = Duration::minutes(CASCADE_GAP_MINUTES);
    let mut groups: Vec<Vec<AlertPoint>> = Vec::new();
    for a in alerts {
        match groups.last_mut() {
            Some(g) if g.last().is_some_and(|l| a.at - l.at <= gap) => g.push(a),
            _ => groups.push(vec![a]),
        }
    }
    let mut out: Vec<Cascade> = groups
        .into_iter()
        .filter_map(|g| {
            let mut services: Vec<String> = Vec::new();
            for a in &g {
                if !services.contains(&a.service) {
                    services.push(a.service.clone());
                }
            }
            let (first, last) = (g.first()?, g.last()?);
            (services.len() >= 2).then(|| Cascade {
                origin: first.id,
                origin_service: first.service.clone(),
                alerts: g.iter().map(|a| a.id).collect(),
                services,
                started_at: first.at.to_rfc3339(),
                ended_at: last.at.to_rfc3339(),
            })
        })
        .collect();
    out.reverse();
    out
}

/// The states of an escalation.
pub const ESCALATION_STATES: [&str; 6] = [
    "new",
    "investigating",
    "waiting_on_customer",
    "waiting_on_vendor",
    "resolved",
    "closed",
];

/// Whether an escalation may move from `from` to `to` (the platform checks the same).
pub fn escalation_step_allowed(from: &str, to: &str) -> bool {
    match from {
        "new" => matches!(
            to,
            "investigating" | "waiting_on_customer" | "waiting_on_vendor" | "resolved"
        ),
        "investigating" => matches!(to, "waiting_on_customer" | "waiting_on_vendor" | "resolved"),
        "waiting_on_customer" => matches!(to, "investigating" | "waiting_on_vendor" | "resolved"),
        "waiting_on_vendor" => matches!(to, "investigating" | "waiting_on_customer" | "resolved"),
        "resolved" => matches!(to, "closed" | "investigating"),
        _ => false,
    }
}

/// The states an escalation in `from` may move to.
pub fn escalation_next_states(from: &str) -> Vec<String> {
    ESCALATION_STATES
        .iter()
        .filter(|to| escalation_step_allowed(from, to))
        .map(|s| (*s).to_string())
        .collect()
}

/// Whether the customer's next update is late.
pub fn update_overdue(
    state: &str,
    next_update_due: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    !matches!(state, "resolved" | "closed") && next_update_due.is_some_and(|d| d < now)
}

/// An escalation as the repeats count needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// Its id.
    pub id: String,
    /// The tenant.
    pub tenant: String,
    /// Its category.
    pub category: String,
    /// When it was opened.
    pub at: DateTime<Utc>,
}

/// The escalations that repeat an earlier one of the same tenant and category opened at most
/// [`REPEAT_DAYS`] before: (the repeat's id, the earlier one's id).
pub fn repeats(mut opened: Vec<Opened>) -> Vec<(String, String)> {
    opened.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    let window = Duration::days(REPEAT_DAYS);
    let mut out = Vec::new();
    for (i, e) in opened.iter().enumerate() {
        let earlier = opened[..i]
            .iter()
            .rev()
            .find(|p| p.tenant == e.tenant && p.category == e.category && e.at - p.at <= window);
        if let Some(p) = earlier {
            out.push((e.id.clone(), p.id.clone()));
        }
    }
    out
}

/// Deployments of one service in one month, by outcome.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeployRate {
    /// The service.
    pub service: String,
    /// `2026-11`.
    pub month: String,
    /// Finished deployments (succeeded, failed, partially deployed or rolled back).
    pub finished: i64,
    /// Succeeded.
    pub succeeded: i64,
    /// Failed.
    pub failed: i64,
    /// Partially deployed.
    pub partial: i64,
    /// Rolled back.
    pub rolled_back: i64,
    /// succeeded / finished, percent (none finished: `None`).
    pub success_rate: Option<f64>,
    /// rolled back / finished, percent.
    pub rollback_rate: Option<f64>,
}

impl DeployRate {
    /// Counts one deployment's final status; unfinished ones are not counted.
    pub fn count(&mut self, status: &str) {
        match status {
            "succeeded" => self.succeeded += 1,
            "failed" => self.failed += 1,
            "partially_deployed" => self.partial += 1,
            "rolled_back" => self.rolled_back += 1,
            _ => return,
        }
        self.finished += 1;
        let pct = |n: i64| 100.0 * n as f64 / self.finished as f64;
        self.success_rate = Some(pct(self.succeeded));
        self.rollback_rate = Some(pct(self.rolled_back));
    }
}

/// Whether a deployment in `status` may be rolled back (given it has a previous version).
pub fn rollback_offered(status: &str) -> bool {
    matches!(
        status,
        "failed" | "partially_deployed" | "succeeded" | "running"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(min: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .expect("time")
            + Duration::minutes(min)
    }

    #[test]
    fn a_bucket_is_down_at_five_percent_errors_and_degraded_when_slow() {
        assert_eq!(classify(100.0, Some(250.0), 0.0), ServiceStatus::Healthy);
        assert_eq!(classify(300.0, Some(250.0), 0.0), ServiceStatus::Degraded);
        assert_eq!(classify(100.0, None, 0.012), ServiceStatus::Degraded);
        assert_eq!(classify(100.0, Some(250.0), 0.05), ServiceStatus::Down);
        assert_eq!(uptime_percent(288, 3), Some(100.0 * 285.0 / 288.0));
        assert_eq!(uptime_percent(0, 0), None);
    }

    #[test]
    fn a_service_that_got_slower_or_failed_more_is_a_candidate_with_its_figures() {
        let last = WeekFigures {
            p95_ms: 400.0,
            error_rate: 0.002,
        };
        let slower = WeekFigures {
            p95_ms: 600.0,
            error_rate: 0.002,
        };
        let c = candidate("inbox-sync", slower, last).expect("candidate");
        assert_eq!(c.reasons, vec!["p95 400 ms → 600 ms (+50 %)".to_string()]);
        let failing = WeekFigures {
            p95_ms: 410.0,
            error_rate: 0.006,
        };
        let c = candidate("inbox-sync", failing, last).expect("candidate");
        assert_eq!(
            c.reasons,
            vec!["error rate 0.20 % → 0.60 % (+200 %)".to_string()]
        );
        // Noise is not a candidate: 10 % slower, or errors up by a hair.
        assert!(candidate(
            "x",
            WeekFigures {
                p95_ms: 440.0,
                error_rate: 0.0025
            },
            last
        )
        .is_none());
    }

    #[test]
    fn alerts_from_several_services_within_minutes_are_one_cascade_led_by_the_first() {
        let p = |id, service: &str, min| AlertPoint {
            id,
            service: service.into(),
            at: at(min),
        };
        let got = cascades(vec![
            p(4, "webhook-dispatcher", 4),
            p(2, "api-gateway", 1),
            p(1, "auth-service", 0),
            p(3, "api-gateway", 2),
            // An hour later, one service alone: not a cascade.
            p(5, "smtp-relay", 60),
            p(6, "smtp-relay", 62),
            // Far apart: separate.
            p(7, "search-indexer", 200),
            p(8, "billing-service", 206),
        ]);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].origin, 1);
        assert_eq!(got[0].origin_service, "auth-service");
        assert_eq!(got[0].alerts, vec![1, 2, 3, 4]);
        assert_eq!(
            got[0].services,
            vec!["auth-service", "api-gateway", "webhook-dispatcher"]
        );
    }

    #[test]
    fn escalations_follow_their_states_and_repeats_are_found_within_thirty_days() {
        assert!(escalation_step_allowed("new", "investigating"));
        assert!(escalation_step_allowed("resolved", "closed"));
        assert!(!escalation_step_allowed("new", "closed"));
        assert!(!escalation_step_allowed("closed", "investigating"));
        assert_eq!(
            escalation_next_states("resolved"),
            vec!["investigating", "closed"]
        );
        assert!(update_overdue("investigating", Some(at(-1)), at(0)));
        assert!(!update_overdue("resolved", Some(at(-1)), at(0)));

        let o = |id: &str, tenant: &str, category: &str, day: i64| Opened {
            id: id.into(),
            tenant: tenant.into(),
            category: category.into(),
            at: at(day * 24 * 60),
        };
        let got = repeats(vec![
            o("a", "t1", "billing", 0),
            o("b", "t1", "billing", 20),
            o("c", "t1", "billing", 60),
            o("d", "t2", "billing", 1),
            o("e", "t1", "sending", 2),
        ]);
        assert_eq!(got, vec![("b".to_string(), "a".to_string())]);
    }

    #[test]
    fn rates_count_finished_deployments_only() {
        let mut r = DeployRate::default();
        for s in [
            "succeeded",
            "succeeded",
            "succeeded",
            "rolled_back",
            "running",
            "requested",
        ] {
            r.count(s);
        }
        assert_eq!(r.finished, 4);
        assert_eq!(r.success_rate, Some(75.0));
        assert_eq!(r.rollback_rate, Some(25.0));
        assert!(rollback_offered("partially_deployed"));
        assert!(!rollback_offered("rolled_back"));
    }
}
