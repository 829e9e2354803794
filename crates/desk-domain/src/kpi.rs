//! The KPI screen's figures, one pure function per KPI: how the platform is run, measured
//! from the synced rows for a chosen period, so anyone can read them offline and check each
//! figure against the rows behind it. Every definition is stated on its function and fixed by
//! the tests beside it; this module holds what they share: the period (whole UTC days), the
//! figure (a value with its unit, its numerator and denominator or its sample count), the rows
//! behind a figure, and the nearest-rank median and p90.
//!
//! Rules every KPI follows:
//! - **The period** is a run of whole UTC days, both ends included: `[first 00:00, last + 1
//!   day 00:00)`. A row belongs to it by the instant the KPI names ("raised", "opened",
//!   "requested", …); rows outside are left out, even when handed in.
//! - **Cohorts.** A time or a rate of things started in the period uses what the local copy
//!   knows of them now (an alert raised on the last day and acknowledged the next morning
//!   counts, with its full time).
//! - **No rows is "no data"**, never 0 or NaN: [`KpiValue::NoData`] says why.
//! - **Data a member's role does not sync** is [`KpiValue::NotAvailable`] (the store decides;
//!   this module never sees it as an empty list).
//! - **Medians and p90s are nearest-rank**: the p-th percentile of n sorted values is the value
//!   of rank ⌈p × n / 100⌉ (1-based), always one of the values; durations are whole seconds.
//! - **Money** stays per currency ([`crate::Money`]); nothing is converted or added across
//!   currencies.

use std::fmt;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Money;

pub mod customers;
pub mod ops;
pub mod people;
pub mod security;

/// The longest period the screen accepts: ten years of days.
pub const MAX_PERIOD_DAYS: i64 = 3660;

/// A period as the UI sends it: the first and last day, `YYYY-MM-DD`, both included (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KpiPeriod {
    /// The first day, e.g. `2026-11-01`.
    pub from: String,
    /// The last day, e.g. `2026-11-30`.
    pub to: String,
}

/// Why a period was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KpiPeriodError {
    /// A day that is not `YYYY-MM-DD`.
    #[error("{field}: {text:?} is not a day (YYYY-MM-DD)")]
    NotADay {
        /// `from` or `to`.
        field: &'static str,
        /// What was given.
        text: String,
    },
    /// The period ends before it starts.
    #[error("to: the period ends ({last}) before it starts ({first})")]
    Reversed {
        /// The first day.
        first: NaiveDate,
        /// The last day.
        last: NaiveDate,
    },
    /// Longer than [`MAX_PERIOD_DAYS`].
    #[error("from: the period is {days} days long; at most {MAX_PERIOD_DAYS} are allowed")]
    TooLong {
        /// Its length.
        days: i64,
    },
}

/// A validated period: whole UTC days from `first` to `last`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    first: NaiveDate,
    last: NaiveDate,
}

impl Period {
    /// The days from `first` to `last`; refused when reversed or longer than
    /// [`MAX_PERIOD_DAYS`].
    pub fn new(first: NaiveDate, last: NaiveDate) -> Result<Period, KpiPeriodError> {
        if last < first {
            return Err(KpiPeriodError::Reversed { first, last });
        }
        let days = (last - first).num_days() + 1;
        if days > MAX_PERIOD_DAYS {
            return Err(KpiPeriodError::TooLong { days });
        }
        Ok(Period { first, last })
    }

    /// The first day.
    pub fn first(&self) -> NaiveDate {
        self.first
    }

    /// The last day.
    pub fn last(&self) -> NaiveDate {
        self.last
    }

    /// The period's first instant: the first day at 00:00 UTC.
    pub fn start(&self) -> DateTime<Utc> {
        self.first.and_time(NaiveTime::MIN).and_utc()
    }

    /// The instant just after the period: the day after the last at 00:00 UTC (excluded).
    pub fn end(&self) -> DateTime<Utc> {
        self.last
            .checked_add_days(Days::new(1))
            .unwrap_or(NaiveDate::MAX)
            .and_time(NaiveTime::MIN)
            .and_utc()
    }

    /// Whether `at` falls in the period.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        at >= self.start() && at < self.end()
    }

    /// The period as the UI writes it.
    pub fn to_wire(self) -> KpiPeriod {
        KpiPeriod {
            from: self.first.to_string(),
            to: self.last.to_string(),
        }
    }
}

impl fmt::Display for Period {
    /// `2026-11-01 – 2026-11-30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} – {}", self.first, self.last)
    }
}

impl KpiPeriod {
    /// The validated period.
    pub fn parse(&self) -> Result<Period, KpiPeriodError> {
        let day = |field: &'static str, text: &str| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                KpiPeriodError::NotADay {
                    field,
                    text: text.to_string(),
                }
            })
        };
        Period::new(day("from", &self.from)?, day("to", &self.to)?)
    }
}

/// The screen's groups of figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum KpiFamily {
    /// Staff accounts, permissions and policies.
    People,
    /// Configuration, services, alerts, escalations, deployments, integrations.
    Operations,
    /// Security incidents.
    Security,
    /// Customers and revenue.
    Customers,
}

/// Every KPI the screen shows, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum KpiId {
    /// [`people::staff_account_setup`].
    StaffAccountSetup,
    /// [`people::permission_change`].
    PermissionChange,
    /// [`people::policy_compliance`].
    PolicyCompliance,
    /// [`ops::config_change_success`].
    ConfigChangeSuccess,
    /// [`ops::uptime`].
    Uptime,
    /// [`ops::alert_acknowledge`].
    AlertAcknowledge,
    /// [`ops::alert_resolve`].
    AlertResolve,
    /// [`ops::escalation_resolution_rate`].
    EscalationResolutionRate,
    /// [`ops::escalation_resolution_time`].
    EscalationResolutionTime,
    /// [`ops::deployment_success`].
    DeploymentSuccess,
    /// [`ops::deployment_rollback`].
    DeploymentRollback,
    /// [`ops::integration_reliability`].
    IntegrationReliability,
    /// [`security::proactive_detection`].
    ProactiveDetection,
    /// [`security::incident_contain`].
    IncidentContain,
    /// [`security::incident_resolve`].
    IncidentResolve,
    /// [`customers::customer_retention`].
    CustomerRetention,
    /// [`customers::customer_churn`].
    CustomerChurn,
    /// [`customers::invoice_accuracy`].
    InvoiceAccuracy,
    /// [`customers::payment_reconciliation`].
    PaymentReconciliation,
    /// [`customers::expansion_revenue`].
    ExpansionRevenue,
}

impl KpiId {
    /// Every KPI, in screen order.
    pub const ALL: [KpiId; 20] = [
        KpiId::StaffAccountSetup,
        KpiId::PermissionChange,
        KpiId::PolicyCompliance,
        KpiId::ConfigChangeSuccess,
        KpiId::Uptime,
        KpiId::AlertAcknowledge,
        KpiId::AlertResolve,
        KpiId::EscalationResolutionRate,
        KpiId::EscalationResolutionTime,
        KpiId::DeploymentSuccess,
        KpiId::DeploymentRollback,
        KpiId::IntegrationReliability,
        KpiId::ProactiveDetection,
        KpiId::IncidentContain,
        KpiId::IncidentResolve,
        KpiId::CustomerRetention,
        KpiId::CustomerChurn,
        KpiId::InvoiceAccuracy,
        KpiId::PaymentReconciliation,
        KpiId::ExpansionRevenue,
    ];

    /// Its group on the screen.
    pub fn family(self) -> KpiFamily {
        use KpiId::*;
        match self {
            StaffAccountSetup | PermissionChange | PolicyCompliance => KpiFamily::People,
            ConfigChangeSuccess
            | Uptime
            | AlertAcknowledge
            | AlertResolve
            | EscalationResolutionRate
            | EscalationResolutionTime
            | DeploymentSuccess
            | DeploymentRollback
            | IntegrationReliability => KpiFamily::Operations,
            ProactiveDetection | IncidentContain | IncidentResolve => KpiFamily::Security,
            CustomerRetention
            | CustomerChurn
            | InvoiceAccuracy
            | PaymentReconciliation
            | ExpansionRevenue => KpiFamily::Customers,
        }
    }

    /// Its name in file names, e.g. `alert-acknowledge`.
    pub fn slug(self) -> &'static str {
        use KpiId::*;
        match self {
            StaffAccountSetup => "staff-account-setup",
            PermissionChange => "permission-change",
            PolicyCompliance => "policy-compliance",
            ConfigChangeSuccess => "config-change-success",
            Uptime => "uptime",
            AlertAcknowledge => "alert-acknowledge",
            AlertResolve => "alert-resolve",
            EscalationResolutionRate => "escalation-resolution-rate",
            EscalationResolutionTime => "escalation-resolution-time",
            DeploymentSuccess => "deployment-success",
            DeploymentRollback => "deployment-rollback",
            IntegrationReliability => "integration-reliability",
            ProactiveDetection => "proactive-detection",
            IncidentContain => "incident-contain",
            IncidentResolve => "incident-resolve",
            CustomerRetention => "customer-retention",
            CustomerChurn => "customer-churn",
            InvoiceAccuracy => "invoice-accuracy",
            PaymentReconciliation => "payment-reconciliation",
            ExpansionRevenue => "expansion-revenue",
        }
    }

    /// Its name on the card.
    pub fn title(self) -> &'static str {
        use KpiId::*;
        match self {
            StaffAccountSetup => "Time to set up a staff account",
            PermissionChange => "Permission change processing time",
            PolicyCompliance => "Policy compliance rate",
            ConfigChangeSuccess => "Configuration change success rate",
            Uptime => "Uptime",
            AlertAcknowledge => "Alert acknowledge time",
            AlertResolve => "Alert resolve time",
            EscalationResolutionRate => "Escalation resolution rate",
            EscalationResolutionTime => "Escalation resolution time",
            DeploymentSuccess => "Deployment success rate",
            DeploymentRollback => "Deployment rollback rate",
            IntegrationReliability => "Integration reliability",
            ProactiveDetection => "Proactive detection rate",
            IncidentContain => "Incident time to contain",
            IncidentResolve => "Incident time to resolve",
            CustomerRetention => "Customer retention",
            CustomerChurn => "Customer churn",
            InvoiceAccuracy => "Invoice accuracy",
            PaymentReconciliation => "Payments reconciled",
            ExpansionRevenue => "Expansion revenue",
        }
    }

    /// Its definition in one sentence (the card's explanation; the function's doc says it in
    /// full).
    pub fn definition(self) -> &'static str {
        use KpiId::*;
        match self {
            StaffAccountSetup => "Accounts created in the period: from the administrator creating the account to the member choosing their password at first sign-in.",
            PermissionChange => "Access revocations recorded in the period: from the platform taking the request to the login having lost its roles and sessions. Role changes apply in the transaction that records them and have no separate start.",
            PolicyCompliance => "Staff active at the end of the period who hold no pair of roles the segregation-of-duties policy in force then forbids.",
            ConfigChangeSuccess => "Setting promotions to production in the period that the desk did not have to restore after the service's health check failed.",
            Uptime => "Average uptime of the services (share of metric buckets under 5 % errors) in the last health reading kept on this laptop that overlaps the period.",
            AlertAcknowledge => "Alerts raised in the period and acknowledged: acknowledged − raised.",
            AlertResolve => "Alerts raised in the period and resolved (false positives left out): resolved − raised.",
            EscalationResolutionRate => "Escalations opened in the period that are resolved.",
            EscalationResolutionTime => "Escalations opened in the period and resolved: resolved − opened.",
            DeploymentSuccess => "Deployments requested in the period that finished, and succeeded.",
            DeploymentRollback => "Deployments requested in the period that finished, and were rolled back.",
            IntegrationReliability => "Calls to the third-party integrations on the days of the period that did not fail.",
            ProactiveDetection => "Security incidents opened in the period (false positives left out) that were first seen by an alert.",
            IncidentContain => "Incidents opened in the period and contained: contained − opened.",
            IncidentResolve => "Incidents opened in the period and closed (false positives left out): closed − opened.",
            CustomerRetention => "Customers paying at the start of the period who still pay at its end.",
            CustomerChurn => "Customers paying at the start of the period who no longer pay at its end.",
            InvoiceAccuracy => "Invoices issued in the period whose lines sum to their subtotal (the total before tax).",
            PaymentReconciliation => "Payments collected in the period that match their invoice: right tenant, right currency, an open or paid invoice, not collected twice.",
            ExpansionRevenue => "MRR added in the period by existing subscriptions (upgrades, more seats), per currency.",
        }
    }

    /// The columns of its rows.
    pub fn columns(self) -> &'static [&'static str] {
        use KpiId::*;
        match self {
            StaffAccountSetup => &[
                "Login",
                "Created",
                "Created by",
                "Set up",
                "Hours",
                "Counted",
            ],
            PermissionChange => &[
                "Audit entry",
                "At",
                "Change",
                "Member",
                "By",
                "Seconds",
                "Counted",
            ],
            PolicyCompliance => &["Login", "Roles at the end", "Complies", "Why"],
            ConfigChangeSuccess => &[
                "Application",
                "Setting",
                "Version",
                "Promoted",
                "By",
                "Outcome",
            ],
            Uptime => &["Service", "Uptime %", "SLA %", "Meets SLA"],
            AlertAcknowledge | AlertResolve => &[
                "Alert",
                "Title",
                "Severity",
                "Team",
                "Service",
                "Raised",
                "Acknowledged",
                "Resolved",
                "Minutes",
                "Counted",
            ],
            EscalationResolutionRate | EscalationResolutionTime => &[
                "Escalation",
                "Title",
                "Tenant",
                "Severity",
                "State",
                "Opened",
                "Resolved",
                "Hours",
                "Counted",
            ],
            DeploymentSuccess | DeploymentRollback => &[
                "Deployment",
                "Service",
                "Version",
                "Status",
                "Requested",
                "Finished",
                "Counted",
            ],
            IntegrationReliability => &[
                "Integration",
                "Days",
                "Calls",
                "Errors",
                "Success %",
                "Worst p95 ms",
                "Failures",
            ],
            ProactiveDetection => &[
                "Incident", "Title", "Type", "Severity", "Status", "Opened", "Alert", "Counted",
            ],
            IncidentContain | IncidentResolve => &[
                "Incident",
                "Title",
                "Type",
                "Severity",
                "Status",
                "Opened",
                "Contained",
                "Closed",
                "Hours",
                "Counted",
            ],
            CustomerRetention | CustomerChurn => {
                &["Tenant", "Name", "MRR at start", "MRR at end", "Outcome"]
            }
            InvoiceAccuracy => &[
                "Invoice",
                "Number",
                "Tenant",
                "Status",
                "Issued",
                "Currency",
                "Subtotal",
                "Lines",
                "Lines sum",
                "Difference",
                "Accurate",
            ],
            PaymentReconciliation => &[
                "Payment",
                "Invoice",
                "Tenant",
                "Status",
                "Attempted",
                "Currency",
                "Amount",
                "Reconciled",
                "Why",
            ],
            ExpansionRevenue => &[
                "Event",
                "Tenant",
                "Name",
                "Kind",
                "At",
                "Currency",
                "MRR before",
                "MRR after",
                "Expansion",
                "Counted",
            ],
        }
    }
}

/// A figure's value, with its unit in its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum KpiValue {
    /// A share: `numerator ÷ denominator`, in percent.
    #[serde(rename_all = "camelCase")]
    Rate {
        /// `100 × numerator ÷ denominator`.
        percent: f64,
        /// What met the definition.
        numerator: i64,
        /// Everything counted (never 0).
        denominator: i64,
    },
    /// Durations in whole seconds: nearest-rank median and p90 of `samples` values.
    #[serde(rename_all = "camelCase")]
    Duration {
        /// The median.
        median_secs: i64,
        /// The 90th percentile.
        p90_secs: i64,
        /// How many durations.
        samples: i64,
    },
    /// A percentage averaged over `samples` things (uptime over services).
    #[serde(rename_all = "camelCase")]
    Percent {
        /// The average, 0 to 100.
        percent: f64,
        /// How many were averaged.
        samples: i64,
    },
    /// Amounts per currency, in code order.
    #[serde(rename_all = "camelCase")]
    Money {
        /// One amount per currency.
        amounts: Vec<Money>,
        /// How many rows added up.
        samples: i64,
    },
    /// Nothing to measure in the period (not a zero).
    #[serde(rename_all = "camelCase")]
    NoData {
        /// Why, e.g. "No alert was raised in the period."
        reason: String,
    },
    /// The local copy does not hold the data this figure needs.
    #[serde(rename_all = "camelCase")]
    NotAvailable {
        /// Why, e.g. "Your role does not sync escalations."
        reason: String,
    },
}

/// One figure of the screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KpiFigure {
    /// Which KPI.
    pub id: KpiId,
    /// Its group.
    pub family: KpiFamily,
    /// Its name.
    pub title: String,
    /// Its definition in one sentence.
    pub definition: String,
    /// The value.
    pub value: KpiValue,
    /// How many rows are behind it (what "open the rows" lists).
    pub rows: i64,
    /// What else to know, e.g. "Alerts routed to your teams."
    pub note: Option<String>,
}

/// One row behind a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KpiRow {
    /// The row's id in its table (an alert id, a tenant id, …).
    pub id: String,
    /// Whether it counts toward the value (met the definition: in the numerator or the
    /// sample); a row in the denominator that did not meet it, or left out, is `false`.
    pub counted: bool,
    /// One text per column of [`KpiId::columns`].
    pub cells: Vec<String>,
}

/// A KPI computed: the figure and the rows behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiOutcome {
    /// The figure.
    pub figure: KpiFigure,
    /// The rows behind it, in the order the table shows them.
    pub rows: Vec<KpiRow>,
}

impl KpiOutcome {
    /// The figure with the rows' count.
    fn new(id: KpiId, value: KpiValue, rows: Vec<KpiRow>, note: Option<String>) -> KpiOutcome {
        KpiOutcome {
            figure: KpiFigure {
                id,
                family: id.family(),
                title: id.title().to_string(),
                definition: id.definition().to_string(),
                value,
                rows: i64::try_from(rows.len()).unwrap_or(i64::MAX),
                note,
            },
            rows,
        }
    }

    /// A figure whose data the local copy does not hold.
    pub fn not_available(id: KpiId, reason: impl Into<String>) -> KpiOutcome {
        KpiOutcome::new(
            id,
            KpiValue::NotAvailable {
                reason: reason.into(),
            },
            Vec::new(),
            None,
        )
    }

    /// The ids of the rows behind the figure.
    pub fn row_ids(&self) -> Vec<&str> {
        self.rows.iter().map(|r| r.id.as_str()).collect()
    }
}

/// The value of rank ⌈`p` × n ÷ 100⌉ (1-based) among `sorted` values (ascending); `None` when
/// there are none. `p` is clamped to 1–100.
pub fn nearest_rank(sorted: &[i64], p: u32) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let p = usize::try_from(p.clamp(1, 100)).unwrap_or(100);
    let rank = (p * n).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The median and p90 of `durations` (any order), or "no data" with `empty` as the reason.
fn durations(mut secs: Vec<i64>, empty: &str) -> KpiValue {
    secs.sort_unstable();
    match (nearest_rank(&secs, 50), nearest_rank(&secs, 90)) {
        (Some(median_secs), Some(p90_secs)) => KpiValue::Duration {
            median_secs,
            p90_secs,
            samples: i64::try_from(secs.len()).unwrap_or(i64::MAX),
        },
        _ => KpiValue::NoData {
            reason: empty.to_string(),
        },
    }
}

/// `numerator ÷ denominator` in percent, or "no data" with `empty` when nothing was counted.
fn rate(numerator: usize, denominator: usize, empty: &str) -> KpiValue {
    if denominator == 0 {
        return KpiValue::NoData {
            reason: empty.to_string(),
        };
    }
    let n = i64::try_from(numerator).unwrap_or(i64::MAX);
    let d = i64::try_from(denominator).unwrap_or(i64::MAX);
    KpiValue::Rate {
        percent: 100.0 * n as f64 / d as f64,
        numerator: n,
        denominator: d,
    }
}

/// Whole seconds from `from` to `to` (negative when the data says it ended before it began).
fn secs_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_seconds()
}

/// An instant as the rows show it: `2026-11-25T10:00:00Z`.
fn when(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An optional instant, empty when none.
fn when_opt(at: Option<DateTime<Utc>>) -> String {
    at.map(when).unwrap_or_default()
}

/// Seconds as minutes with one decimal (`90` → `1.5`).
fn minutes(secs: i64) -> String {
    format!("{:.1}", secs as f64 / 60.0)
}

/// Seconds as hours with one decimal (`5400` → `1.5`).
fn hours(secs: i64) -> String {
    format!("{:.1}", secs as f64 / 3600.0)
}

/// `yes` or `no`.
fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Hand-built instants for the KPI tests.
    use chrono::{DateTime, Utc};

    use super::Period;

    /// `2026-11-DDTHH:MM:00Z`.
    pub fn t(day: u32, hour: u32, min: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-11-{day:02}T{hour:02}:{min:02}:00Z"))
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    /// November 2026.
    pub fn november() -> Period {
        super::KpiPeriod {
            from: "2026-11-01".into(),
            to: "2026-11-30".into(),
        }
        .parse()
        .unwrap_or_else(|e| panic!("{e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{november, t};
    use super::*;

    #[test]
    fn a_period_is_whole_utc_days_with_both_ends_included() {
        let p = november();
        assert!(p.contains(t(1, 0, 0)));
        assert!(p.contains(t(30, 23, 59)));
        assert!(!p.contains(t(1, 0, 0) - chrono::Duration::seconds(1)));
        let december = DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(!p.contains(december), "the day after the last is out");
        assert_eq!(p.end(), december);
        assert_eq!(p.to_wire().from, "2026-11-01");
        assert_eq!(p.to_string(), "2026-11-01 – 2026-11-30");
    }

    #[test]
    fn a_period_refuses_bad_days_reversed_ends_and_decades() {
        let p = |from: &str, to: &str| {
            KpiPeriod {
                from: from.into(),
                to: to.into(),
            }
            .parse()
        };
        assert!(matches!(
            p("2026-11-31", "2026-12-01"),
            Err(KpiPeriodError::NotADay { field: "from", .. })
        ));
        assert!(matches!(
            p("2026-11-01", "soon"),
            Err(KpiPeriodError::NotADay { field: "to", .. })
        ));
        assert!(matches!(
            p("2026-11-02", "2026-11-01"),
            Err(KpiPeriodError::Reversed { .. })
        ));
        assert!(matches!(
            p("2000-01-01", "2026-11-01"),
            Err(KpiPeriodError::TooLong { .. })
        ));
        let one_day = p("2026-11-05", "2026-11-05").unwrap();
        assert_eq!(one_day.end() - one_day.start(), chrono::Duration::days(1));
    }

    #[test]
    fn nearest_rank_picks_one_of_the_values() {
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&[7], 50), Some(7));
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        // n = 4: median is rank 2, p90 is rank ⌈3.6⌉ = 4.
        assert_eq!(nearest_rank(&[1, 2, 3, 4], 50), Some(2));
        assert_eq!(nearest_rank(&[1, 2, 3, 4], 90), Some(4));
        // n = 10: median rank 5, p90 rank 9.
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&ten, 50), Some(5));
        assert_eq!(nearest_rank(&ten, 90), Some(9));
        assert_eq!(nearest_rank(&ten, 100), Some(10));
        assert_eq!(nearest_rank(&ten, 0), Some(1), "clamped to the first rank");
    }

    #[test]
    fn no_rows_is_no_data_not_zero() {
        assert!(
            matches!(durations(vec![], "none"), KpiValue::NoData { reason } if reason == "none")
        );
        assert!(matches!(rate(0, 0, "none"), KpiValue::NoData { .. }));
        assert_eq!(
            rate(1, 4, "none"),
            KpiValue::Rate {
                percent: 25.0,
                numerator: 1,
                denominator: 4
            }
        );
    }

    #[test]
    fn every_kpi_has_a_family_a_title_a_definition_and_columns() {
        for id in KpiId::ALL {
            assert!(!id.title().is_empty());
            assert!(id.definition().ends_with('.'), "{id:?}");
            assert!(!id.columns().is_empty());
            assert!(id
                .slug()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
            let o = KpiOutcome::not_available(id, "Your role does not sync x.");
            assert_eq!(o.figure.family, id.family());
            assert_eq!(o.figure.rows, 0);
        }
    }
}
