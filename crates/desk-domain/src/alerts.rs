//! Alert rules the desk applies on the laptop: which new alerts become a native notification
//! (routing by team and severity, quiet hours, snoozes, critical breaking through), when many
//! at once become one summary instead of a flood, and when an unacknowledged alert is overdue.
//!
//! The platform raises alerts and enforces who may act on them; these rules only decide what
//! the desk tells its member, and are unit-tested here without a database or a window.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::roles::DeskRole;

#[cfg(test)]
mod tests;

/// An alert's severity, least to most urgent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

impl Severity {
    /// Every severity, least urgent first.
    pub const ALL: [Severity; 4] = [
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The platform's name (`platform.alerts.severity`).
    pub fn as_db(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// The severity the platform calls `name`.
    pub fn from_db(name: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_db() == name)
    }

    /// How long an alert of this severity may stay unacknowledged before it is overdue, when
    /// the platform set no escalation time: 5 minutes for critical, 15 for high, 1 hour for
    /// medium, 4 hours for low.
    pub fn ack_target(self) -> Duration {
        match self {
            Severity::Critical => Duration::minutes(5),
            Severity::High => Duration::minutes(15),
            Severity::Medium => Duration::hours(1),
            Severity::Low => Duration::hours(4),
        }
    }
}

/// The teams alerts are routed to (`platform.alerts.team`).
pub const TEAMS: [&str; 4] = ["ops", "security", "finance", "cs"];

/// The teams a member holding `roles` serves: the team of each desk role, every team for an
/// admin (the platform's `desk.my_teams()`).
pub fn teams_of(roles: &[DeskRole]) -> Vec<String> {
    TEAMS
        .iter()
        .filter(|t| {
            roles.iter().any(|r| {
                *r == DeskRole::Admin
                    || matches!(
                        (r, **t),
                        (DeskRole::Ops, "ops")
                            | (DeskRole::Security, "security")
                            | (DeskRole::Finance, "finance")
                            | (DeskRole::Cs, "cs")
                    )
            })
        })
        .map(|t| (*t).to_string())
        .collect()
}

/// Whether an alert is overdue at `now`: still triggered (nobody acknowledged it) past its
/// escalation time, or, when the platform set none, past its severity's acknowledge target.
pub fn is_overdue(
    status: &str,
    severity: Severity,
    created_at: DateTime<Utc>,
    escalate_after: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    status == "triggered" && now > escalate_after.unwrap_or(created_at + severity.ack_target())
}

/// A daily quiet period in the member's local time; it may run past midnight (22:00–07:00).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct QuietHours {
    /// When it starts, `HH:MM`.
    pub start: String,
    /// When it ends, `HH:MM` (the first minute that is no longer quiet).
    pub end: String,
}

/// Why notification settings were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// A time that is not `HH:MM`.
    #[error("{field}: {value:?} is not a time of day (HH:MM)")]
    BadTime {
        /// Which field.
        field: &'static str,
        /// What was given.
        value: String,
    },
    /// Quiet hours that start and end at the same minute.
    #[error("quiet hours start and end at the same time; turn them off instead")]
    EmptyQuietHours,
    /// A team the member does not serve.
    #[error("{0:?} is not one of your teams")]
    NotYourTeam(String),
    /// A summary threshold under 2.
    #[error("summarise from 2 alerts at once or more (got {0})")]
    SummaryThreshold(u32),
}

fn time(field: &'static str, value: &str) -> Result<NaiveTime, SettingsError> {
    NaiveTime::parse_from_str(value, "%H:%M").map_err(|_| SettingsError::BadTime {
        field,
        value: value.to_string(),
    })
}

impl QuietHours {
    /// Whether `at` (local time of day) is inside the quiet period.
    pub fn contains(&self, at: NaiveTime) -> Result<bool, SettingsError> {
        let start = time("quiet hours start", &self.start)?;
        let end = time("quiet hours end", &self.end)?;
        Ok(if start < end {
            start <= at && at < end
        } else {
            at >= start || at < end
        })
    }
}

/// What the member wants to be notified about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NotificationSettings {
    /// Native notifications at all.
    pub enabled: bool,
    /// The teams whose alerts notify (a subset of the member's teams).
    pub teams: Vec<String>,
    /// The least severity that notifies.
    pub min_severity: Severity,
    /// A daily quiet period, if any.
    pub quiet_hours: Option<QuietHours>,
    /// Severities snoozed until a time (UTC).
    pub snoozed_until: BTreeMap<Severity, DateTime<Utc>>,
    /// Critical alerts notify even in quiet hours or while critical is snoozed.
    pub critical_breaks_through: bool,
    /// From this many new alerts at once, one summary instead of one notification each.
    pub summary_from: u32,
}

impl NotificationSettings {
    /// The defaults for a member holding `roles`: every team they serve, high and critical,
    /// no quiet hours, critical breaking through, a summary from 4 alerts at once.
    pub fn defaults_for(roles: &[DeskRole]) -> NotificationSettings {
        NotificationSettings {
            enabled: true,
            teams: teams_of(roles),
            min_severity: Severity::High,
            quiet_hours: None,
            snoozed_until: BTreeMap::new(),
            critical_breaks_through: true,
            summary_from: 4,
        }
    }

    /// Checks the settings for a member holding `roles`.
    pub fn check(&self, roles: &[DeskRole]) -> Result<(), SettingsError> {
        if let Some(q) = &self.quiet_hours {
            let start = time("quiet hours start", &q.start)?;
            let end = time("quiet hours end", &q.end)?;
            if start == end {
                return Err(SettingsError::EmptyQuietHours);
            }
        }
        let mine = teams_of(roles);
        if let Some(t) = self.teams.iter().find(|t| !mine.contains(t)) {
            return Err(SettingsError::NotYourTeam(t.clone()));
        }
        if self.summary_from < 2 {
            return Err(SettingsError::SummaryThreshold(self.summary_from));
        }
        Ok(())
    }
}

/// A new alert, as the notification rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAlert {
    /// Its id.
    pub id: i64,
    /// Its team.
    pub team: String,
    /// Its severity.
    pub severity: Severity,
    /// Its status when the desk first saw it.
    pub status: String,
    /// Its title.
    pub title: String,
    /// The service that raised it.
    pub service: String,
}

/// What the desk decided about one alert (kept so that it is decided once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// Shown as its own notification.
    Shown,
    /// Counted in a summary notification.
    Summarised,
    /// Not routed to the member (another team, below the threshold, notifications off).
    NotRouted,
    /// Already acknowledged or resolved when the desk saw it.
    AlreadyHandled,
    /// Held back by quiet hours.
    Quiet,
    /// Held back by a snooze of its severity.
    Snoozed,
    /// There when the member signed in (not new to them).
    Baseline,
}

impl Outcome {
    /// The name kept in the local store.
    pub fn as_db(self) -> &'static str {
        match self {
            Outcome::Shown => "shown",
            Outcome::Summarised => "summarised",
            Outcome::NotRouted => "notRouted",
            Outcome::AlreadyHandled => "alreadyHandled",
            Outcome::Quiet => "quiet",
            Outcome::Snoozed => "snoozed",
            Outcome::Baseline => "baseline",
        }
    }
}

/// A notification to hand to the OS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// The alert it opens, for a single alert.
    pub alert_id: Option<i64>,
}

/// The decisions about a batch of new alerts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Each alert's outcome.
    pub outcomes: Vec<(i64, Outcome)>,
    /// The notifications to hand to the OS, in order.
    pub notices: Vec<Notice>,
}

/// The words of a summary: "7 new alerts, 2 critical".
pub fn summary_text(count: usize, critical: usize) -> String {
    if critical == 0 {
        format!("{count} new alerts")
    } else {
        format!("{count} new alerts, {critical} critical")
    }
}

/// Decides what to tell the member about `alerts`, new to the desk, at `now` (UTC) and
/// `local` (the member's time of day). `catching_up` is set for the first sync after an
/// offline period: then more than one alert already makes a summary.
pub fn plan(
    alerts: &[NewAlert],
    settings: &NotificationSettings,
    now: DateTime<Utc>,
    local: NaiveTime,
    catching_up: bool,
) -> Result<Plan, SettingsError> {
    let quiet = match &settings.quiet_hours {
        Some(q) => q.contains(local)?,
        None => false,
    };
    let mut plan = Plan::default();
    let mut notify: Vec<&NewAlert> = Vec::new();
    for a in alerts {
        let breaks_through = a.severity == Severity::Critical && settings.critical_breaks_through;
        let snoozed = settings
            .snoozed_until
            .get(&a.severity)
            .is_some_and(|until| *until > now);
        let outcome = if !settings.enabled
            || !settings.teams.contains(&a.team)
            || a.severity < settings.min_severity
        {
            Outcome::NotRouted
        } else if a.status != "triggered" {
            Outcome::AlreadyHandled
        } else if quiet && !breaks_through {
            Outcome::Quiet
        } else if snoozed && !breaks_through {
            Outcome::Snoozed
        } else {
            notify.push(a);
            continue;
        };
        plan.outcomes.push((a.id, outcome));
    }
    let threshold = if catching_up {
        2
    } else {
        usize::try_from(settings.summary_from).unwrap_or(usize::MAX)
    };
    if notify.len() >= threshold {
        let critical = notify
            .iter()
            .filter(|a| a.severity == Severity::Critical)
            .count();
        let mut teams: Vec<&str> = notify.iter().map(|a| a.team.as_str()).collect();
        teams.sort_unstable();
        teams.dedup();
        plan.notices.push(Notice {
            title: summary_text(notify.len(), critical),
            body: format!(
                "For {}. Open the alert inbox to see them.",
                teams.join(", ")
            ),
            alert_id: None,
        });
        plan.outcomes
            .extend(notify.iter().map(|a| (a.id, Outcome::Summarised)));
    } else {
        for a in notify {
            plan.notices.push(Notice {
                title: format!("{} · {}", capitalised(a.severity.as_db()), a.title),
                body: format!("{} alert from {}", a.team, a.service),
                alert_id: Some(a.id),
            });
            plan.outcomes.push((a.id, Outcome::Shown));
        }
    }
    Ok(plan)
}

fn capitalised(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
