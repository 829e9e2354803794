//! The rules of security incident response the desk applies before it asks the platform (which
//! checks them again): the types and severities incidents are classified by, the order an
//! incident moves through its states, the 72-hour regulatory clock of a confirmed data breach,
//! and what a re-check of an evidence file's SHA-256 found.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The incident types, as the platform stores them.
pub const INCIDENT_TYPES: [&str; 7] = [
    "credential_compromise",
    "phishing",
    "malware",
    "dos",
    "data_breach",
    "insider",
    "other",
];

/// The severities, worst first.
pub const SEVERITIES: [&str; 4] = ["SEV1", "SEV2", "SEV3", "SEV4"];

/// The states an incident moves through in order (closing and false positives aside).
pub const INCIDENT_STEPS: [&str; 5] = [
    "detected",
    "investigating",
    "contained",
    "eradicated",
    "recovered",
];

/// How long after a breach is confirmed the authority must have been notified.
pub const NOTIFY_WITHIN_HOURS: i64 = 72;

/// A human label for a type (`dos` → "denial of service").
pub fn type_label(kind: &str) -> String {
    match kind {
        "dos" => "denial of service".into(),
        other => other.replace('_', " "),
    }
}

/// Whether the incident is over (closed or a false positive).
pub fn is_finished(status: &str) -> bool {
    matches!(status, "closed" | "false_positive")
}

/// The states an incident in `status` may move to with a status change: any later step, or
/// false positive while nothing was contained. Closing goes through its own step (lessons
/// learned and follow-ups) and is offered once the incident was contained.
pub fn next_statuses(status: &str, breach_confirmed: bool) -> Vec<String> {
    if is_finished(status) {
        return Vec::new();
    }
    let at = INCIDENT_STEPS.iter().position(|s| *s == status);
    let mut next: Vec<String> = INCIDENT_STEPS
        .iter()
        .enumerate()
        .filter(|(i, _)| at.is_none_or(|a| *i > a))
        .map(|(_, s)| (*s).to_string())
        .collect();
    if matches!(status, "detected" | "investigating") && !breach_confirmed {
        next.push("false_positive".into());
    }
    next
}

/// Whether an incident may be closed now (it was contained, and a confirmed breach was
/// notified), or why not.
pub fn close_refusal(
    status: &str,
    contained: bool,
    breach_confirmed: bool,
    authority_notified: bool,
) -> Option<String> {
    if is_finished(status) {
        return Some(format!("It is already {}.", status.replace('_', " ")));
    }
    if !contained {
        return Some("Contain it before closing.".into());
    }
    if breach_confirmed && !authority_notified {
        return Some("A confirmed breach closes only once the authority was notified.".into());
    }
    None
}

/// The regulatory clock of a confirmed data breach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BreachClock {
    /// When the breach was confirmed.
    pub confirmed_at: String,
    /// When the authority must have been notified by.
    pub deadline: String,
    /// Seconds left until the deadline (negative: overdue); absent once notified.
    pub seconds_left: Option<i64>,
    /// Whether the authority was notified in time (absent until notified).
    pub notified_in_time: Option<bool>,
    /// When it was notified.
    pub notified_at: Option<String>,
}

/// The clock of a breach confirmed at `confirmed`, as of `now`.
pub fn breach_clock(
    confirmed: DateTime<Utc>,
    notified: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> BreachClock {
    let deadline = confirmed + Duration::hours(NOTIFY_WITHIN_HOURS);
    BreachClock {
        confirmed_at: confirmed.to_rfc3339(),
        deadline: deadline.to_rfc3339(),
        seconds_left: notified.is_none().then(|| (deadline - now).num_seconds()),
        notified_in_time: notified.map(|n| n <= deadline),
        notified_at: notified.map(|n| n.to_rfc3339()),
    }
}

/// What re-checking an evidence file's hash found, from the recorded digest, the digest the
/// platform computed over the stored bytes, and the one the desk computed over the bytes it
/// received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum EvidenceVerdict {
    /// All three agree: the file is as it was collected.
    Intact,
    /// The stored bytes no longer hash to the recorded digest: the file was altered after it
    /// was collected.
    TamperedAtRest,
    /// The platform's bytes match, but what reached the desk does not: it changed on the way.
    AlteredInTransit,
    /// The stored bytes are gone.
    Missing,
}

/// The verdict on a re-check (digests in lower-case hex; `stored` is "missing" when the bytes
/// are gone).
pub fn evidence_verdict(recorded: &str, stored: &str, received: &str) -> EvidenceVerdict {
    if stored == "missing" {
        EvidenceVerdict::Missing
    } else if !stored.eq_ignore_ascii_case(recorded) {
        EvidenceVerdict::TamperedAtRest
    } else if !received.eq_ignore_ascii_case(recorded) {
        EvidenceVerdict::AlteredInTransit
    } else {
        EvidenceVerdict::Intact
    }
}

/// The problems with a new incident's fields (empty: none).
pub fn new_incident_problems(title: &str, kind: &str, severity: &str) -> Vec<String> {
    let mut out = Vec::new();
    if title.trim().is_empty() {
        out.push("title: an incident needs a title".into());
    }
    if !INCIDENT_TYPES.contains(&kind) {
        out.push(format!("type: unknown incident type {kind:?}"));
    }
    if !SEVERITIES.contains(&severity) {
        out.push(format!("severity: unknown severity {severity:?}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0)
            .single()
            .expect("a time")
    }

    #[test]
    fn an_incident_moves_forward_only_and_is_a_false_positive_only_before_containment() {
        assert_eq!(
            next_statuses("detected", false),
            [
                "investigating",
                "contained",
                "eradicated",
                "recovered",
                "false_positive"
            ]
        );
        assert_eq!(
            next_statuses("contained", false),
            ["eradicated", "recovered"]
        );
        assert_eq!(
            next_statuses("investigating", true),
            ["contained", "eradicated", "recovered"]
        );
        assert!(next_statuses("recovered", false).is_empty());
        assert!(next_statuses("closed", false).is_empty());
        assert!(next_statuses("false_positive", false).is_empty());
    }

    #[test]
    fn closing_needs_containment_and_a_notified_breach() {
        assert!(close_refusal("investigating", false, false, false).is_some());
        assert_eq!(close_refusal("contained", true, false, false), None);
        assert!(
            close_refusal("recovered", true, true, false).is_some_and(|r| r.contains("authority"))
        );
        assert_eq!(close_refusal("recovered", true, true, true), None);
        assert!(close_refusal("closed", true, false, false).is_some());
    }

    #[test]
    fn the_breach_clock_counts_down_72_hours_and_stops_when_notified() {
        let running = breach_clock(at(0), None, at(10));
        assert_eq!(running.seconds_left, Some(62 * 3600));
        assert_eq!(running.notified_in_time, None);
        let overdue = breach_clock(at(0), None, at(0) + Duration::hours(80));
        assert_eq!(overdue.seconds_left, Some(-8 * 3600));
        let in_time = breach_clock(at(0), Some(at(0) + Duration::hours(71)), at(23));
        assert_eq!(in_time.seconds_left, None);
        assert_eq!(in_time.notified_in_time, Some(true));
        let late = breach_clock(at(0), Some(at(0) + Duration::hours(73)), at(23));
        assert_eq!(late.notified_in_time, Some(false));
        assert_eq!(running.deadline, (at(0) + Duration::hours(72)).to_rfc3339());
    }

    #[test]
    fn a_recheck_tells_tampering_at_rest_from_damage_on_the_way() {
        let a = "aa".repeat(32);
        let b = "bb".repeat(32);
        assert_eq!(evidence_verdict(&a, &a, &a), EvidenceVerdict::Intact);
        assert_eq!(
            evidence_verdict(&a, &a.to_uppercase(), &a),
            EvidenceVerdict::Intact
        );
        assert_eq!(
            evidence_verdict(&a, &b, &b),
            EvidenceVerdict::TamperedAtRest
        );
        assert_eq!(
            evidence_verdict(&a, &a, &b),
            EvidenceVerdict::AlteredInTransit
        );
        assert_eq!(
            evidence_verdict(&a, "missing", ""),
            EvidenceVerdict::Missing
        );
    }

    #[test]
    fn a_new_incident_needs_a_title_a_known_type_and_severity() {
        assert!(new_incident_problems("Phish", "phishing", "SEV2").is_empty());
        let p = new_incident_problems(" ", "account_takeover", "SEV5");
        assert_eq!(p.len(), 3);
        assert!(p[0].starts_with("title:"));
        assert_eq!(type_label("dos"), "denial of service");
        assert_eq!(type_label("credential_compromise"), "credential compromise");
    }
}
