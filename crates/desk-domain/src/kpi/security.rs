//! Security KPIs from the synced security incidents (only security engineers hold them): how
//! often monitoring saw an incident first, and how long incidents take to contain and to
//! resolve.

use chrono::{DateTime, Utc};

use super::{durations, hours, rate, secs_between, when, when_opt};
use super::{KpiId, KpiOutcome, KpiRow, Period};

/// A security incident (`platform.security_incidents`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its type (phishing, malware, …).
    pub kind: String,
    /// SEV1 to SEV4.
    pub severity: String,
    /// detected, investigating, contained, eradicated, recovered, closed, false_positive.
    pub status: String,
    /// The alert that raised it, if any.
    pub alert_id: Option<i64>,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
    /// When it was contained.
    pub contained_at: Option<DateTime<Utc>>,
    /// When it was resolved: when it first reached recovered where the platform records it,
    /// else when it was closed.
    pub resolved_at: Option<DateTime<Utc>>,
    /// When it was closed (also set for a false positive).
    pub closed_at: Option<DateTime<Utc>>,
}

impl Incident {
    fn false_positive(&self) -> bool {
        self.status == "false_positive"
    }
}

fn opened_in<'a>(incidents: &'a [Incident], period: &Period) -> Vec<&'a Incident> {
    let mut v: Vec<&Incident> = incidents
        .iter()
        .filter(|i| period.contains(i.opened_at))
        .collect();
    v.sort_by(|a, b| (a.opened_at, &a.id).cmp(&(b.opened_at, &b.id)));
    v
}

/// **Proactive detection rate.** Of the security incidents opened in the period, false
/// positives left out, the share first seen by an alert (opened from one: `alert_id` set)
/// rather than reported by a person. None: no data.
pub fn proactive_detection(incidents: &[Incident], period: &Period) -> KpiOutcome {
    let mut counted = 0;
    let mut real = 0;
    let rows: Vec<KpiRow> = opened_in(incidents, period)
        .into_iter()
        .map(|i| {
            let by_alert = i.alert_id.is_some() && !i.false_positive();
            if !i.false_positive() {
                real += 1;
            }
            if by_alert {
                counted += 1;
            }
            KpiRow {
                id: i.id.clone(),
                counted: by_alert,
                cells: vec![
                    i.id.clone(),
                    i.title.clone(),
                    i.kind.clone(),
                    i.severity.clone(),
                    i.status.clone(),
                    when(i.opened_at),
                    i.alert_id.map(|a| a.to_string()).unwrap_or_default(),
                    if i.false_positive() {
                        "no: false positive (left out)"
                    } else if by_alert {
                        "yes: seen by an alert"
                    } else {
                        "no: reported by a person"
                    }
                    .to_string(),
                ],
            }
        })
        .collect();
    let value = rate(
        counted,
        real,
        "No security incident was opened in the period.",
    );
    KpiOutcome::new(KpiId::ProactiveDetection, value, rows, None)
}

fn incident_row(i: &Incident, took: Option<i64>, why: &str) -> KpiRow {
    KpiRow {
        id: i.id.clone(),
        counted: took.is_some(),
        cells: vec![
            i.id.clone(),
            i.title.clone(),
            i.kind.clone(),
            i.severity.clone(),
            i.status.clone(),
            when(i.opened_at),
            when_opt(i.contained_at),
            when_opt(i.resolved_at.or(i.closed_at)),
            took.map(hours).unwrap_or_default(),
            why.to_string(),
        ],
    }
}

/// **Incident time to contain.** For incidents opened in the period and contained, false
/// positives left out: contained − opened. Median and p90 by nearest rank; the others are
/// listed, not counted. None contained: no data.
pub fn incident_contain(incidents: &[Incident], period: &Period) -> KpiOutcome {
    incident_time(
        incidents,
        period,
        KpiId::IncidentContain,
        "contained",
        |i| i.contained_at,
    )
}

/// **Incident time to resolve.** For incidents opened in the period and resolved, false
/// positives left out: resolved − opened, where resolved is when it first reached recovered
/// where the platform records it, else when it was closed. Median and p90 by nearest rank.
/// None resolved: no data.
pub fn incident_resolve(incidents: &[Incident], period: &Period) -> KpiOutcome {
    incident_time(incidents, period, KpiId::IncidentResolve, "resolved", |i| {
        i.resolved_at.or(i.closed_at)
    })
}

/// Opened → `end` for the incidents opened in the period (false positives listed, not
/// counted); `done` names the end in the rows' reasons and the no-data message.
fn incident_time(
    incidents: &[Incident],
    period: &Period,
    id: KpiId,
    done: &str,
    end: impl Fn(&Incident) -> Option<DateTime<Utc>>,
) -> KpiOutcome {
    let mut secs = Vec::new();
    let not_done = format!("no: not {done}");
    let rows: Vec<KpiRow> = opened_in(incidents, period)
        .into_iter()
        .map(|i| {
            let took = end(i)
                .filter(|_| !i.false_positive())
                .map(|e| secs_between(i.opened_at, e));
            secs.extend(took);
            let why = if i.false_positive() {
                "no: false positive"
            } else if took.is_some() {
                "yes"
            } else {
                not_done.as_str()
            };
            incident_row(i, took, why)
        })
        .collect();
    let empty = if rows.is_empty() {
        "No security incident was opened in the period.".to_string()
    } else {
        format!("No incident opened in the period has been {done}.")
    };
    KpiOutcome::new(id, durations(secs, &empty), rows, None)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{november, t};
    use super::super::KpiValue;
    use super::*;

    fn incident(
        id: &str,
        opened: DateTime<Utc>,
        alert: Option<i64>,
        status: &str,
        contain_h: Option<i64>,
        resolve_h: Option<i64>,
    ) -> Incident {
        Incident {
            id: id.into(),
            title: id.into(),
            kind: "phishing".into(),
            severity: "SEV2".into(),
            status: status.into(),
            alert_id: alert,
            opened_at: opened,
            contained_at: contain_h.map(|h| opened + chrono::Duration::hours(h)),
            resolved_at: None,
            closed_at: resolve_h.map(|h| opened + chrono::Duration::hours(h)),
        }
    }

    fn incidents() -> Vec<Incident> {
        let mut v = vec![
            incident("a", t(2, 9, 0), Some(11), "closed", Some(2), Some(24)),
            incident("b", t(3, 9, 0), None, "closed", Some(6), Some(72)),
            incident("c", t(4, 9, 0), Some(12), "investigating", None, None),
            incident("fp", t(5, 9, 0), Some(13), "false_positive", None, Some(1)),
            incident("d", t(6, 9, 0), Some(14), "recovered", Some(1), None),
            incident(
                "old",
                t(1, 0, 0) - chrono::Duration::hours(5),
                Some(1),
                "closed",
                Some(1),
                Some(2),
            ),
        ];
        // d reached recovered 10 h after opening (recorded by the platform), not closed yet.
        v[4].resolved_at = Some(t(6, 19, 0));
        v
    }

    #[test]
    fn proactive_detection_is_the_share_of_real_incidents_opened_from_an_alert() {
        let o = proactive_detection(&incidents(), &november());
        assert_eq!(
            o.figure.value,
            KpiValue::Rate {
                percent: 75.0,
                numerator: 3,
                denominator: 4
            }
        );
        assert_eq!(o.row_ids(), ["a", "b", "c", "fp", "d"]);
        assert_eq!(o.rows[3].cells[7], "no: false positive (left out)");
        assert_eq!(o.rows[1].cells[7], "no: reported by a person");
        assert!(matches!(
            proactive_detection(&[], &november()).figure.value,
            KpiValue::NoData { .. }
        ));
        let only_fp = [incidents()[3].clone()];
        assert!(matches!(
            proactive_detection(&only_fp, &november()).figure.value,
            KpiValue::NoData { .. }
        ));
    }

    #[test]
    fn containment_and_resolution_run_from_opening_without_false_positives() {
        let c = incident_contain(&incidents(), &november());
        // 2, 6, 1 h → sorted 1 2 6: median 2 h, p90 6 h.
        assert_eq!(
            c.figure.value,
            KpiValue::Duration {
                median_secs: 7200,
                p90_secs: 21600,
                samples: 3
            }
        );
        let r = incident_resolve(&incidents(), &november());
        // 24, 72 and d's 10 h (recovered) → sorted 10 24 72: median 24 h, p90 72 h.
        assert_eq!(
            r.figure.value,
            KpiValue::Duration {
                median_secs: 86400,
                p90_secs: 259200,
                samples: 3
            }
        );
        assert_eq!(r.rows[3].cells[9], "no: false positive");
        assert_eq!(r.rows[4].cells[8], "10.0");
        let open = [incidents()[2].clone()];
        assert!(
            matches!(incident_contain(&open, &november()).figure.value, KpiValue::NoData { ref reason } if reason.contains("contained"))
        );
        assert!(matches!(
            incident_resolve(&[], &november()).figure.value,
            KpiValue::NoData { .. }
        ));
    }
}
