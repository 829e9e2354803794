//! Platform operations KPIs: configuration promotions that held, service uptime, how fast
//! alerts are acknowledged and resolved, how escalations end, how deployments finish, and how
//! reliable the third-party integrations are. Each reads synced rows (the uptime reads the
//! last health reading the desk kept, since the metrics themselves are not synced).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::{durations, hours, minutes, rate, secs_between, when, when_opt, yes_no};
use super::{KpiId, KpiOutcome, KpiRow, KpiValue, Period};
use crate::operations::DeployRate;

/// One application of a setting version to an environment (`platform.setting_applications`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingApplication {
    /// Its id (applications are append-only, in id order).
    pub id: i64,
    /// The setting.
    pub key: String,
    /// `staging` or `production`.
    pub environment: String,
    /// The version applied.
    pub version: i32,
    /// `change`, `promote`, `rollback` or `restore`.
    pub action: String,
    /// The version live before.
    pub from_version: Option<i32>,
    /// When.
    pub applied_at: DateTime<Utc>,
    /// Who.
    pub applied_by: String,
}

/// **Configuration change success rate.** Of the setting promotions to production applied in
/// the period (`promote` in `production`), the share the desk did not have to restore: a
/// promotion failed when the next production application of the same setting is a `restore`
/// (the desk's automatic rollback after the service's health check failed) taking it back
/// from that version. An administrator's later `rollback` is a decision, not a failure of the
/// change. No promotion in the period: no data.
pub fn config_change_success(apps: &[SettingApplication], period: &Period) -> KpiOutcome {
    let id = KpiId::ConfigChangeSuccess;
    let mut promotions: Vec<&SettingApplication> = apps
        .iter()
        .filter(|a| {
            a.action == "promote" && a.environment == "production" && period.contains(a.applied_at)
        })
        .collect();
    promotions.sort_by_key(|a| (a.applied_at, a.id));
    let mut held = 0;
    let rows: Vec<KpiRow> = promotions
        .iter()
        .map(|p| {
            let next = apps
                .iter()
                .filter(|a| {
                    a.key == p.key
                        && a.environment == "production"
                        && (a.applied_at, a.id) > (p.applied_at, p.id)
                })
                .min_by_key(|a| (a.applied_at, a.id));
            let restored =
                next.filter(|n| n.action == "restore" && n.from_version == Some(p.version));
            if restored.is_none() {
                held += 1;
            }
            KpiRow {
                id: p.id.to_string(),
                counted: restored.is_none(),
                cells: vec![
                    p.id.to_string(),
                    p.key.clone(),
                    p.version.to_string(),
                    when(p.applied_at),
                    p.applied_by.clone(),
                    match restored {
                        Some(r) => {
                            format!("restored at {} (health check failed)", when(r.applied_at))
                        }
                        None => "held".to_string(),
                    },
                ],
            }
        })
        .collect();
    let value = rate(
        held,
        rows.len(),
        "No setting was promoted to production in the period.",
    );
    KpiOutcome::new(id, value, rows, None)
}

/// One service in a health reading.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceUptime {
    /// The service.
    pub name: String,
    /// Its uptime over the reading's window, percent (none recorded: `None`).
    pub uptime_percent: Option<f64>,
    /// Its availability objective, percent.
    pub sla_target: f64,
}

/// A health reading the desk kept: every service's uptime over a window ending when it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct UptimeReading {
    /// The window's start.
    pub from: DateTime<Utc>,
    /// When it was read (the window's end).
    pub to: DateTime<Utc>,
    /// Its name: "24 hours", "7 days", "30 days".
    pub window: String,
    /// The services.
    pub services: Vec<ServiceUptime>,
}

/// **Uptime.** The platform's metrics are read live, not synced, so this is the average of the
/// services' uptime (the share of their metric buckets under 5 % errors, as the health
/// dashboard computes it) in a health reading the desk kept: of the readings whose window
/// overlaps the period, the one covering most of it (ties: the most recent). Services with no
/// bucket in the window are listed, not averaged. The note says which window it is. No reading
/// overlapping the period, or no service measured in it: no data.
pub fn uptime(readings: &[UptimeReading], period: &Period) -> KpiOutcome {
    let id = KpiId::Uptime;
    let (start, end) = (period.start(), period.end());
    let overlap = |r: &UptimeReading| (r.to.min(end) - r.from.max(start)).num_seconds();
    let Some(reading) = readings
        .iter()
        .filter(|r| overlap(r) > 0)
        .max_by_key(|r| (overlap(r), r.to))
    else {
        let reason = if readings.is_empty() {
            "No health reading is kept on this laptop yet: open Operations → Service health while online."
        } else {
            "The health readings kept on this laptop do not cover this period (service metrics are not synced)."
        };
        return KpiOutcome::new(
            id,
            KpiValue::NoData {
                reason: reason.into(),
            },
            Vec::new(),
            None,
        );
    };
    let mut services: Vec<&ServiceUptime> = reading.services.iter().collect();
    services.sort_by(|a, b| a.name.cmp(&b.name));
    let measured: Vec<f64> = services.iter().filter_map(|s| s.uptime_percent).collect();
    let met = services
        .iter()
        .filter(|s| s.uptime_percent.is_some_and(|u| u >= s.sla_target))
        .count();
    let rows = services
        .iter()
        .map(|s| KpiRow {
            id: s.name.clone(),
            counted: s.uptime_percent.is_some(),
            cells: vec![
                s.name.clone(),
                s.uptime_percent
                    .map(|u| format!("{u:.3}"))
                    .unwrap_or_default(),
                format!("{:.3}", s.sla_target),
                s.uptime_percent
                    .map(|u| yes_no(u >= s.sla_target))
                    .unwrap_or_else(|| "not measured".into()),
            ],
        })
        .collect();
    let value = if measured.is_empty() {
        KpiValue::NoData {
            reason: "No service recorded metrics in the health reading.".into(),
        }
    } else {
        KpiValue::Percent {
            percent: measured.iter().sum::<f64>() / measured.len() as f64,
            samples: i64::try_from(measured.len()).unwrap_or(i64::MAX),
        }
    };
    let note = Some(format!(
        "Last {} to {} ({} of {} services met their SLA); service metrics are not synced.",
        reading.window,
        when(reading.to),
        met,
        services.len()
    ));
    KpiOutcome::new(id, value, rows, note)
}

/// An alert (`platform.alerts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// Its id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// critical, high, medium, low.
    pub severity: String,
    /// The team it is routed to.
    pub team: String,
    /// The service that raised it.
    pub service: String,
    /// When it was raised.
    pub raised_at: DateTime<Utc>,
    /// When it was acknowledged.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// When it was resolved.
    pub resolved_at: Option<DateTime<Utc>>,
    /// Resolved as a false positive.
    pub false_positive: bool,
}

fn alert_cells(a: &Alert, took: Option<i64>, counted: &str) -> Vec<String> {
    vec![
        a.id.to_string(),
        a.title.clone(),
        a.severity.clone(),
        a.team.clone(),
        a.service.clone(),
        when(a.raised_at),
        when_opt(a.acknowledged_at),
        when_opt(a.resolved_at),
        took.map(minutes).unwrap_or_default(),
        counted.to_string(),
    ]
}

fn raised_in<'a>(alerts: &'a [Alert], period: &Period) -> Vec<&'a Alert> {
    let mut v: Vec<&Alert> = alerts
        .iter()
        .filter(|a| period.contains(a.raised_at))
        .collect();
    v.sort_by_key(|a| (a.raised_at, a.id));
    v
}

/// **Alert acknowledge time.** For alerts raised in the period and acknowledged (resolving an
/// alert acknowledges it too): acknowledged − raised. Median and p90 by nearest rank; alerts
/// not yet acknowledged are listed, not counted. No acknowledged alert raised in the period:
/// no data.
pub fn alert_acknowledge(alerts: &[Alert], period: &Period) -> KpiOutcome {
    let mut secs = Vec::new();
    let rows = raised_in(alerts, period)
        .into_iter()
        .map(|a| {
            let took = a.acknowledged_at.map(|t| secs_between(a.raised_at, t));
            secs.extend(took);
            KpiRow {
                id: a.id.to_string(),
                counted: took.is_some(),
                cells: alert_cells(
                    a,
                    took,
                    if took.is_some() {
                        "yes"
                    } else {
                        "no: not acknowledged"
                    },
                ),
            }
        })
        .collect::<Vec<_>>();
    let empty = if rows.is_empty() {
        "No alert was raised in the period."
    } else {
        "No alert raised in the period has been acknowledged."
    };
    KpiOutcome::new(
        KpiId::AlertAcknowledge,
        durations(secs, empty),
        rows,
        Some("Alerts routed to your teams.".into()),
    )
}

/// **Alert resolve time.** For alerts raised in the period and resolved, false positives left
/// out (closing one says nothing about fixing a problem): resolved − raised. Median and p90 by
/// nearest rank; open alerts and false positives are listed, not counted. None: no data.
pub fn alert_resolve(alerts: &[Alert], period: &Period) -> KpiOutcome {
    let mut secs = Vec::new();
    let rows = raised_in(alerts, period)
        .into_iter()
        .map(|a| {
            let took = a
                .resolved_at
                .filter(|_| !a.false_positive)
                .map(|t| secs_between(a.raised_at, t));
            secs.extend(took);
            let why = match (a.resolved_at, a.false_positive) {
                (Some(_), true) => "no: false positive",
                (Some(_), false) => "yes",
                (None, _) => "no: not resolved",
            };
            KpiRow {
                id: a.id.to_string(),
                counted: took.is_some(),
                cells: alert_cells(a, took, why),
            }
        })
        .collect::<Vec<_>>();
    let empty = if rows.is_empty() {
        "No alert was raised in the period."
    } else {
        "No alert raised in the period has been resolved (false positives left out)."
    };
    KpiOutcome::new(
        KpiId::AlertResolve,
        durations(secs, empty),
        rows,
        Some("Alerts routed to your teams.".into()),
    )
}

/// A customer escalation (`platform.escalations`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The tenant's name (or id when the name is not held).
    pub tenant: String,
    /// critical, high, medium, low.
    pub severity: String,
    /// new, investigating, waiting_on_customer, waiting_on_vendor, resolved, closed.
    pub state: String,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
    /// When it was resolved (cleared again when it is reopened).
    pub resolved_at: Option<DateTime<Utc>>,
}

fn opened_in<'a>(escalations: &'a [Escalation], period: &Period) -> Vec<&'a Escalation> {
    let mut v: Vec<&Escalation> = escalations
        .iter()
        .filter(|e| period.contains(e.opened_at))
        .collect();
    v.sort_by(|a, b| (a.opened_at, &a.id).cmp(&(b.opened_at, &b.id)));
    v
}

fn escalation_row(e: &Escalation, took: Option<i64>) -> KpiRow {
    KpiRow {
        id: e.id.clone(),
        counted: took.is_some(),
        cells: vec![
            e.id.clone(),
            e.title.clone(),
            e.tenant.clone(),
            e.severity.clone(),
            e.state.clone(),
            when(e.opened_at),
            when_opt(e.resolved_at),
            took.map(hours).unwrap_or_default(),
            if took.is_some() {
                "yes"
            } else {
                "no: not resolved"
            }
            .to_string(),
        ],
    }
}

/// **Escalation resolution rate.** Of the escalations opened in the period, the share resolved
/// (resolved or closed, with a resolution time; a reopened one is not resolved). None opened:
/// no data.
pub fn escalation_resolution_rate(escalations: &[Escalation], period: &Period) -> KpiOutcome {
    let rows: Vec<KpiRow> = opened_in(escalations, period)
        .into_iter()
        .map(|e| escalation_row(e, e.resolved_at.map(|r| secs_between(e.opened_at, r))))
        .collect();
    let resolved = rows.iter().filter(|r| r.counted).count();
    let value = rate(
        resolved,
        rows.len(),
        "No escalation was opened in the period.",
    );
    KpiOutcome::new(KpiId::EscalationResolutionRate, value, rows, None)
}

/// **Escalation resolution time.** For escalations opened in the period and resolved:
/// resolved − opened. Median and p90 by nearest rank; open ones are listed, not counted. None
/// resolved: no data.
pub fn escalation_resolution_time(escalations: &[Escalation], period: &Period) -> KpiOutcome {
    let mut secs = Vec::new();
    let rows: Vec<KpiRow> = opened_in(escalations, period)
        .into_iter()
        .map(|e| {
            let took = e.resolved_at.map(|r| secs_between(e.opened_at, r));
            secs.extend(took);
            escalation_row(e, took)
        })
        .collect();
    let empty = if rows.is_empty() {
        "No escalation was opened in the period."
    } else {
        "No escalation opened in the period has been resolved."
    };
    KpiOutcome::new(
        KpiId::EscalationResolutionTime,
        durations(secs, empty),
        rows,
        None,
    )
}

/// A deployment (`platform.deployments`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    /// Its id.
    pub id: i64,
    /// The service.
    pub service: String,
    /// The release.
    pub version: String,
    /// requested, running, succeeded, failed, partially_deployed, rolled_back.
    pub status: String,
    /// When it was requested.
    pub requested_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: Option<DateTime<Utc>>,
}

fn deployments_outcome(deployments: &[Deployment], period: &Period, id: KpiId) -> KpiOutcome {
    let wanted = if id == KpiId::DeploymentSuccess {
        "succeeded"
    } else {
        "rolled_back"
    };
    let mut inside: Vec<&Deployment> = deployments
        .iter()
        .filter(|d| period.contains(d.requested_at))
        .collect();
    inside.sort_by_key(|d| (d.requested_at, d.id));
    let mut tally = DeployRate::default();
    let rows: Vec<KpiRow> = inside
        .into_iter()
        .map(|d| {
            let before = tally.finished;
            tally.count(&d.status);
            let finished = tally.finished > before;
            KpiRow {
                id: d.id.to_string(),
                counted: d.status == wanted,
                cells: vec![
                    d.id.to_string(),
                    d.service.clone(),
                    d.version.clone(),
                    d.status.clone(),
                    when(d.requested_at),
                    when_opt(d.finished_at),
                    if !finished {
                        "no: not finished".to_string()
                    } else if d.status == wanted {
                        "yes".to_string()
                    } else {
                        format!("no: {}", d.status.replace('_', " "))
                    },
                ],
            }
        })
        .collect();
    let numerator = if id == KpiId::DeploymentSuccess {
        tally.succeeded
    } else {
        tally.rolled_back
    };
    let value = rate(
        usize::try_from(numerator).unwrap_or(0),
        usize::try_from(tally.finished).unwrap_or(0),
        "No deployment requested in the period has finished.",
    );
    KpiOutcome::new(id, value, rows, None)
}

/// **Deployment success rate.** Of the deployments requested in the period that finished
/// (succeeded, failed, partially deployed or rolled back; the same count as the deployments
/// board's rates), the share that succeeded. Unfinished ones are listed, not counted. None
/// finished: no data.
pub fn deployment_success(deployments: &[Deployment], period: &Period) -> KpiOutcome {
    deployments_outcome(deployments, period, KpiId::DeploymentSuccess)
}

/// **Deployment rollback rate.** Of the deployments requested in the period that finished,
/// the share rolled back. None finished: no data.
pub fn deployment_rollback(deployments: &[Deployment], period: &Period) -> KpiOutcome {
    deployments_outcome(deployments, period, KpiId::DeploymentRollback)
}

/// One integration's calls on one day (`platform.integration_daily`, as the platform records
/// them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationDay {
    /// The integration.
    pub integration: String,
    /// The UTC day.
    pub day: NaiveDate,
    /// Calls made to it.
    pub calls: i64,
    /// Calls that failed.
    pub errors: i64,
    /// The day's p95 latency, ms.
    pub p95_ms: Option<i64>,
}

/// A period when an integration failed (`platform.integration_failures`); open while `ended_at`
/// is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationFailure {
    /// The integration.
    pub integration: String,
    /// When it started failing.
    pub started_at: DateTime<Utc>,
    /// When it recovered.
    pub ended_at: Option<DateTime<Utc>>,
}

/// **Integration reliability.** Of the calls the platform made to its third-party integrations
/// on the days of the period (the recorded calls per integration and day), the share that did
/// not fail: (calls − errors) ÷ calls. One row per integration with its calls, errors, success
/// rate, worst daily p95 and the failure periods that overlap the period. No call recorded: no
/// data.
pub fn integration_reliability(
    days: &[IntegrationDay],
    failures: &[IntegrationFailure],
    period: &Period,
) -> KpiOutcome {
    let mut by: BTreeMap<&str, (i64, i64, i64, Option<i64>)> = BTreeMap::new();
    for d in days
        .iter()
        .filter(|d| d.day >= period.first() && d.day <= period.last())
    {
        let e = by.entry(d.integration.as_str()).or_insert((0, 0, 0, None));
        e.0 += 1;
        e.1 += d.calls;
        e.2 += d.errors.clamp(0, d.calls);
        e.3 = e.3.max(d.p95_ms);
    }
    let (start, end) = (period.start(), period.end());
    let mut calls = 0i64;
    let mut errors = 0i64;
    let rows: Vec<KpiRow> = by
        .iter()
        .map(|(name, (n_days, c, e, p95))| {
            calls += c;
            errors += e;
            let failed = failures
                .iter()
                .filter(|f| {
                    f.integration == *name
                        && f.started_at < end
                        && f.ended_at.is_none_or(|x| x > start)
                })
                .count();
            KpiRow {
                id: (*name).to_string(),
                counted: *c > 0,
                cells: vec![
                    (*name).to_string(),
                    n_days.to_string(),
                    c.to_string(),
                    e.to_string(),
                    if *c > 0 {
                        format!("{:.2}", 100.0 * (c - e) as f64 / *c as f64)
                    } else {
                        String::new()
                    },
                    p95.map(|p| p.to_string()).unwrap_or_default(),
                    failed.to_string(),
                ],
            }
        })
        .collect();
    let value = if calls > 0 {
        KpiValue::Rate {
            percent: 100.0 * (calls - errors) as f64 / calls as f64,
            numerator: calls - errors,
            denominator: calls,
        }
    } else {
        KpiValue::NoData {
            reason: "No call to an integration was recorded in the period.".into(),
        }
    };
    let outages = failures
        .iter()
        .filter(|f| f.started_at < end && f.ended_at.is_none_or(|x| x > start))
        .count();
    let note = Some(format!(
        "Successful calls; {outages} failure period(s) recorded in the period."
    ));
    KpiOutcome::new(KpiId::IntegrationReliability, value, rows, note)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{november, t};
    use super::*;

    fn app(
        id: i64,
        key: &str,
        env: &str,
        version: i32,
        action: &str,
        from: Option<i32>,
        at: DateTime<Utc>,
    ) -> SettingApplication {
        SettingApplication {
            id,
            key: key.into(),
            environment: env.into(),
            version,
            action: action.into(),
            from_version: from,
            applied_at: at,
            applied_by: "boss".into(),
        }
    }

    #[test]
    fn a_promotion_fails_when_the_desk_restores_it_and_only_production_promotions_count() {
        let apps = [
            app(
                1,
                "sending.rate",
                "staging",
                2,
                "change",
                Some(1),
                t(2, 9, 0),
            ),
            app(
                2,
                "sending.rate",
                "production",
                2,
                "promote",
                Some(1),
                t(2, 10, 0),
            ),
            app(
                3,
                "sending.rate",
                "production",
                3,
                "restore",
                Some(2),
                t(2, 10, 1),
            ),
            app(
                4,
                "tracking.ttl",
                "production",
                5,
                "promote",
                Some(4),
                t(3, 10, 0),
            ),
            // A later administrator's rollback is not a failure.
            app(
                5,
                "tracking.ttl",
                "production",
                6,
                "rollback",
                Some(5),
                t(9, 10, 0),
            ),
            app(
                6,
                "billing.grace",
                "production",
                2,
                "promote",
                Some(1),
                t(4, 10, 0),
            ),
            // Restored, but from another version: the promotion held.
            app(
                7,
                "billing.grace",
                "production",
                3,
                "promote",
                Some(2),
                t(5, 10, 0),
            ),
            app(
                8,
                "billing.grace",
                "production",
                4,
                "restore",
                Some(3),
                t(5, 10, 1),
            ),
            // October: outside.
            app(
                9,
                "billing.grace",
                "production",
                1,
                "promote",
                None,
                t(1, 0, 0) - chrono::Duration::days(3),
            ),
        ];
        let o = config_change_success(&apps, &november());
        assert_eq!(
            o.figure.value,
            KpiValue::Rate {
                percent: 50.0,
                numerator: 2,
                denominator: 4
            }
        );
        assert_eq!(o.row_ids(), ["2", "4", "6", "7"]);
        assert!(!o.rows[0].counted && o.rows[0].cells[5].starts_with("restored"));
        assert!(
            o.rows[2].counted,
            "billing.grace v2 was followed by a promotion, not a restore"
        );
        assert!(!o.rows[3].counted);
        assert!(matches!(
            config_change_success(&apps[..1], &november()).figure.value,
            KpiValue::NoData { .. }
        ));
    }

    fn reading(
        from_day: u32,
        to_day: u32,
        window: &str,
        services: &[(&str, Option<f64>, f64)],
    ) -> UptimeReading {
        UptimeReading {
            from: t(from_day, 0, 0),
            to: t(to_day, 0, 0),
            window: window.into(),
            services: services
                .iter()
                .map(|(n, u, s)| ServiceUptime {
                    name: n.to_string(),
                    uptime_percent: *u,
                    sla_target: *s,
                })
                .collect(),
        }
    }

    #[test]
    fn uptime_averages_the_reading_covering_most_of_the_period() {
        let week = reading(20, 27, "7 days", &[("api", Some(90.0), 99.0)]);
        let month = reading(
            1,
            30,
            "30 days",
            &[
                ("api", Some(99.5), 99.9),
                ("smtp", Some(100.0), 99.0),
                ("new", None, 99.0),
            ],
        );
        let o = uptime(&[week.clone(), month], &november());
        assert_eq!(
            o.figure.value,
            KpiValue::Percent {
                percent: 99.75,
                samples: 2
            }
        );
        assert_eq!(o.row_ids(), ["api", "new", "smtp"]);
        assert_eq!(o.rows[0].cells[3], "no", "99.5 is under its 99.9 SLA");
        assert_eq!(o.rows[1].cells[3], "not measured");
        assert!(o
            .figure
            .note
            .as_deref()
            .unwrap_or("")
            .contains("1 of 3 services met"));
        // Only the week overlaps a period of its own days.
        let later = KpiPeriodFixture::days("2026-11-26", "2026-11-28");
        let o = uptime(&[week], &later);
        assert_eq!(
            o.figure.value,
            KpiValue::Percent {
                percent: 90.0,
                samples: 1
            }
        );
    }

    struct KpiPeriodFixture;
    impl KpiPeriodFixture {
        fn days(from: &str, to: &str) -> Period {
            super::super::KpiPeriod {
                from: from.into(),
                to: to.into(),
            }
            .parse()
            .unwrap()
        }
    }

    #[test]
    fn uptime_without_a_reading_over_the_period_is_no_data() {
        assert!(
            matches!(uptime(&[], &november()).figure.value, KpiValue::NoData { ref reason } if reason.contains("open Operations"))
        );
        let october = KpiPeriodFixture::days("2026-10-01", "2026-10-31");
        let o = uptime(
            &[reading(20, 27, "7 days", &[("api", Some(90.0), 99.0)])],
            &october,
        );
        assert!(
            matches!(o.figure.value, KpiValue::NoData { ref reason } if reason.contains("do not cover"))
        );
        let o = uptime(
            &[reading(1, 30, "30 days", &[("api", None, 99.0)])],
            &november(),
        );
        assert!(matches!(o.figure.value, KpiValue::NoData { .. }));
    }

    fn alert(
        id: i64,
        raised: DateTime<Utc>,
        ack_min: Option<i64>,
        resolve_min: Option<i64>,
        fp: bool,
    ) -> Alert {
        Alert {
            id,
            title: format!("alert {id}"),
            severity: "high".into(),
            team: "ops".into(),
            service: "api".into(),
            raised_at: raised,
            acknowledged_at: ack_min.map(|m| raised + chrono::Duration::minutes(m)),
            resolved_at: resolve_min.map(|m| raised + chrono::Duration::minutes(m)),
            false_positive: fp,
        }
    }

    #[test]
    fn alert_times_run_from_raised_for_alerts_raised_in_the_period() {
        let alerts = [
            alert(1, t(2, 9, 0), Some(1), Some(30), false),
            alert(2, t(3, 9, 0), Some(3), Some(60), false),
            alert(3, t(4, 9, 0), Some(10), Some(2), true),
            alert(4, t(5, 9, 0), Some(5), None, false),
            alert(5, t(6, 9, 0), None, None, false),
            // Raised on the last minute, acknowledged in December: counted in full.
            alert(6, t(30, 23, 59), Some(20), Some(240), false),
            // Raised in October: out.
            alert(
                7,
                t(1, 0, 0) - chrono::Duration::minutes(1),
                Some(1000),
                Some(1000),
                false,
            ),
        ];
        let ack = alert_acknowledge(&alerts, &november());
        // 1, 3, 10, 5, 20 → sorted 1 3 5 10 20: median rank 3 = 5 min, p90 rank 5 = 20 min.
        assert_eq!(
            ack.figure.value,
            KpiValue::Duration {
                median_secs: 300,
                p90_secs: 1200,
                samples: 5
            }
        );
        assert_eq!(ack.row_ids(), ["1", "2", "3", "4", "5", "6"]);
        assert!(!ack.rows[4].counted);
        let res = alert_resolve(&alerts, &november());
        // 30, 60, 240 (the false positive and the open ones left out): median 60, p90 240.
        assert_eq!(
            res.figure.value,
            KpiValue::Duration {
                median_secs: 3600,
                p90_secs: 14400,
                samples: 3
            }
        );
        assert_eq!(res.rows[2].cells[9], "no: false positive");
        assert_eq!(res.rows[0].cells[8], "30.0");
    }

    #[test]
    fn alerts_without_rows_or_answers_are_no_data() {
        assert!(matches!(
            alert_acknowledge(&[], &november()).figure.value,
            KpiValue::NoData { .. }
        ));
        let open = [alert(1, t(2, 9, 0), None, None, false)];
        assert!(
            matches!(alert_acknowledge(&open, &november()).figure.value, KpiValue::NoData { ref reason } if reason.contains("acknowledged"))
        );
        let fp = [alert(1, t(2, 9, 0), Some(1), Some(2), true)];
        assert!(matches!(
            alert_resolve(&fp, &november()).figure.value,
            KpiValue::NoData { .. }
        ));
    }

    fn esc(id: &str, opened: DateTime<Utc>, resolved_h: Option<i64>, state: &str) -> Escalation {
        Escalation {
            id: id.into(),
            title: id.into(),
            tenant: "Acme".into(),
            severity: "high".into(),
            state: state.into(),
            opened_at: opened,
            resolved_at: resolved_h.map(|h| opened + chrono::Duration::hours(h)),
        }
    }

    #[test]
    fn escalations_opened_in_the_period_count_as_resolved_when_they_have_a_resolution_time() {
        let escalations = [
            esc("a", t(2, 9, 0), Some(4), "resolved"),
            esc("b", t(3, 9, 0), Some(48), "closed"),
            esc("c", t(4, 9, 0), None, "investigating"),
            esc("d", t(5, 9, 0), Some(10), "closed"),
            esc(
                "old",
                t(1, 0, 0) - chrono::Duration::hours(2),
                Some(1),
                "closed",
            ),
        ];
        let r = escalation_resolution_rate(&escalations, &november());
        assert_eq!(
            r.figure.value,
            KpiValue::Rate {
                percent: 75.0,
                numerator: 3,
                denominator: 4
            }
        );
        assert_eq!(r.row_ids(), ["a", "b", "c", "d"]);
        let t2 = escalation_resolution_time(&escalations, &november());
        assert_eq!(
            t2.figure.value,
            KpiValue::Duration {
                median_secs: 10 * 3600,
                p90_secs: 48 * 3600,
                samples: 3
            }
        );
        assert_eq!(t2.rows[0].cells[7], "4.0");
        assert!(matches!(
            escalation_resolution_rate(&[], &november()).figure.value,
            KpiValue::NoData { .. }
        ));
        assert!(matches!(
            escalation_resolution_time(&escalations[2..3], &november())
                .figure
                .value,
            KpiValue::NoData { .. }
        ));
    }

    fn dep(id: i64, status: &str, day: u32) -> Deployment {
        Deployment {
            id,
            service: "api".into(),
            version: format!("1.{id}"),
            status: status.into(),
            requested_at: t(day, 12, 0),
            finished_at: None,
        }
    }

    #[test]
    fn deployment_rates_count_finished_deployments_requested_in_the_period() {
        let deps = [
            dep(1, "succeeded", 2),
            dep(2, "succeeded", 3),
            dep(3, "failed", 4),
            dep(4, "rolled_back", 5),
            dep(5, "partially_deployed", 6),
            dep(6, "running", 7),
            dep(7, "requested", 8),
        ];
        let mut deps = deps.to_vec();
        deps.push(Deployment {
            requested_at: t(1, 0, 0) - chrono::Duration::hours(1),
            ..dep(8, "rolled_back", 1)
        });
        let s = deployment_success(&deps, &november());
        assert_eq!(
            s.figure.value,
            KpiValue::Rate {
                percent: 40.0,
                numerator: 2,
                denominator: 5
            }
        );
        assert_eq!(s.figure.rows, 7, "unfinished ones are listed");
        assert_eq!(s.rows[5].cells[6], "no: not finished");
        assert_eq!(s.rows[2].cells[6], "no: failed");
        let r = deployment_rollback(&deps, &november());
        assert_eq!(
            r.figure.value,
            KpiValue::Rate {
                percent: 20.0,
                numerator: 1,
                denominator: 5
            }
        );
        assert!(r.rows[3].counted);
        assert!(matches!(
            deployment_success(&deps[5..7], &november()).figure.value,
            KpiValue::NoData { .. }
        ));
    }

    #[test]
    fn integration_reliability_is_the_share_of_calls_that_did_not_fail() {
        let day = |name: &str, d: u32, calls: i64, errors: i64, p95: i64| IntegrationDay {
            integration: name.into(),
            day: t(d, 0, 0).date_naive(),
            calls,
            errors,
            p95_ms: Some(p95),
        };
        let days = [
            day("stripe", 1, 1000, 10, 300),
            day("stripe", 2, 1000, 30, 900),
            day("sendgrid", 30, 2000, 0, 120),
            // December: outside.
            day("sendgrid", 1, 100, 100, 1),
        ];
        let mut days = days.to_vec();
        days[3].day = november().end().date_naive();
        let failures = [
            IntegrationFailure {
                integration: "stripe".into(),
                started_at: t(2, 3, 0),
                ended_at: Some(t(2, 4, 0)),
            },
            // Still open, started in October: overlaps.
            IntegrationFailure {
                integration: "stripe".into(),
                started_at: t(1, 0, 0) - chrono::Duration::days(3),
                ended_at: None,
            },
            // Ended before the period.
            IntegrationFailure {
                integration: "sendgrid".into(),
                started_at: t(1, 0, 0) - chrono::Duration::days(3),
                ended_at: Some(t(1, 0, 0) - chrono::Duration::days(2)),
            },
        ];
        let o = integration_reliability(&days, &failures, &november());
        assert_eq!(
            o.figure.value,
            KpiValue::Rate {
                percent: 99.0,
                numerator: 3960,
                denominator: 4000
            }
        );
        assert_eq!(o.row_ids(), ["sendgrid", "stripe"]);
        assert_eq!(
            o.rows[1].cells,
            ["stripe", "2", "2000", "40", "98.00", "900", "2"]
        );
        assert_eq!(o.rows[0].cells[6], "0");
        assert!(o
            .figure
            .note
            .as_deref()
            .unwrap_or("")
            .contains("2 failure period(s)"));
        assert!(matches!(
            integration_reliability(&[], &failures, &november())
                .figure
                .value,
            KpiValue::NoData { .. }
        ));
    }
}
