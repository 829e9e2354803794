//! The service health dashboard: every service's recorded status, uptime against its SLA,
//! p95, error rate and throughput over a window with its chart, read live from the platform's
//! metrics and kept on the laptop so the last known state is readable offline with its age;
//! the optimisation candidates (worse week over week); and the cascades among the last 30
//! days of synced alerts. The desk's own probes are [`crate::ops::probes`].

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use desk_domain::operations::{
    candidate, cascades, classify, uptime_percent, AlertPoint, Candidate, Cascade, HealthWindow,
    MetricPoint, ServiceStatus, WeekFigures,
};
use desk_platform::operations as platform;
use desk_store::ops::recent_alerts::{self, CascadeAlert};
use desk_store::ops::snapshots;
use serde::{Deserialize, Serialize};

use crate::ops::probes::{probe_all, Probe};
use crate::{Desk, DeskError};

/// How far back cascades are looked for.
pub const CASCADE_LOOKBACK_DAYS: i64 = 30;

/// One service on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceHealth {
    /// Its name.
    pub name: String,
    /// The owning team.
    pub team: String,
    /// Its health endpoint.
    pub health_url: String,
    /// The availability objective, percent.
    pub sla_target: f64,
    /// The latency objective, ms.
    pub p95_target_ms: Option<i32>,
    /// The status of its latest recorded bucket.
    pub status: ServiceStatus,
    /// That bucket's start.
    pub last_bucket_at: Option<String>,
    /// Uptime over the window, percent (buckets under 5 % errors).
    pub uptime_percent: Option<f64>,
    /// Uptime met the SLA.
    pub meets_sla: Option<bool>,
    /// The platform's SLA floor every service is held to (99 %) was met.
    pub meets_floor: Option<bool>,
    /// p95 over the window, ms.
    pub p95_ms: Option<f64>,
    /// Failed / all requests over the window.
    pub error_rate: Option<f64>,
    /// Requests per hour.
    pub requests_per_hour: Option<f64>,
    /// The chart, oldest point first.
    pub series: Vec<MetricPoint>,
}

/// A cascade with its alerts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CascadeView {
    /// The grouping (origin, services, span).
    pub cascade: Cascade,
    /// Its alerts in time order, the likely origin first.
    pub alerts: Vec<CascadeAlert>,
}

/// The dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HealthDashboard {
    /// The window shown.
    pub window: HealthWindow,
    /// Every service, worst status first.
    pub services: Vec<ServiceHealth>,
    /// Services worse than last week.
    pub candidates: Vec<Candidate>,
    /// Probable incidents: alerts from several services within minutes, newest first.
    pub cascades: Vec<CascadeView>,
    /// When the figures were read from the platform.
    pub taken_at: String,
    /// Read just now (false: the last known state, offline).
    pub live: bool,
    /// Why it is not live, when it is not.
    pub offline_reason: Option<String>,
}

/// The SLA floor of the operations issue: 99 %.
pub const SLA_FLOOR: f64 = 99.0;

fn rank(s: ServiceStatus) -> u8 {
    match s {
        ServiceStatus::Down => 0,
        ServiceStatus::Degraded => 1,
        ServiceStatus::Unknown => 2,
        ServiceStatus::Healthy => 3,
    }
}

async fn read_live(
    pool: &sqlx::PgPool,
    window: HealthWindow,
) -> Result<(Vec<ServiceHealth>, Vec<Candidate>), DeskError> {
    let services = platform::services(pool).await?;
    let figures = platform::window_figures(pool, window).await?;
    let mut series = platform::series(pool, window).await?;
    let weeks = platform::weeks(pool).await?;
    let mut out = Vec::new();
    for s in services {
        let f = figures.iter().find(|f| f.service == s.name);
        let target = s.p95_target_ms.map(f64::from);
        let status = f
            .and_then(|f| f.latest.as_ref())
            .map_or(ServiceStatus::Unknown, |(_, p95, err)| {
                classify(*p95, target, *err)
            });
        let uptime = f.and_then(|f| uptime_percent(f.buckets, f.down_buckets));
        let points = series
            .iter()
            .position(|(name, _)| *name == s.name)
            .map(|i| series.swap_remove(i).1)
            .unwrap_or_default();
        out.push(ServiceHealth {
            team: s.team,
            health_url: s.health_url,
            sla_target: s.sla_target,
            p95_target_ms: s.p95_target_ms,
            status,
            last_bucket_at: f.and_then(|f| f.latest.as_ref()).map(|l| l.0.clone()),
            meets_sla: uptime.map(|u| u >= s.sla_target),
            meets_floor: uptime.map(|u| u >= SLA_FLOOR),
            uptime_percent: uptime,
            p95_ms: f.and_then(|f| f.p95_ms),
            error_rate: f.and_then(|f| f.error_rate),
            requests_per_hour: f.and_then(|f| f.requests_per_hour),
            series: points,
            name: s.name,
        });
    }
    out.sort_by(|a, b| {
        rank(a.status)
            .cmp(&rank(b.status))
            .then(a.name.cmp(&b.name))
    });
    let candidates = weeks
        .into_iter()
        .filter_map(|(service, this, last)| {
            let (this, last) = (this?, last?);
            candidate(
                &service,
                WeekFigures {
                    p95_ms: this.0,
                    error_rate: this.1,
                },
                WeekFigures {
                    p95_ms: last.0,
                    error_rate: last.1,
                },
            )
        })
        .collect();
    Ok((out, candidates))
}

/// The cascades among `alerts` (oldest first), newest cascade first.
pub fn group_cascades(alerts: Vec<CascadeAlert>) -> Vec<CascadeView> {
    let points = alerts
        .iter()
        .filter_map(|a| {
            Some(AlertPoint {
                id: a.id,
                service: a.service.clone(),
                at: desk_store::mirrors::instant(&a.created_at)?,
            })
        })
        .collect();
    cascades(points)
        .into_iter()
        .map(|c| CascadeView {
            alerts: c
                .alerts
                .iter()
                .filter_map(|id| alerts.iter().find(|a| a.id == *id).cloned())
                .collect(),
            cascade: c,
        })
        .collect()
}

fn snapshot_name(window: HealthWindow) -> String {
    format!("health:{}", window.as_str())
}

impl Desk {
    /// The health dashboard for `window`: live when online (and kept for offline), else the
    /// last known one with when it was read. Cascades always come from the synced alerts.
    pub async fn ops_health(&self, window: HealthWindow) -> Result<HealthDashboard, DeskError> {
        self.signed_in_login("to see service health").await?;
        let store = self.store()?;
        let now = Utc::now();
        let since: DateTime<Utc> = now - Duration::days(CASCADE_LOOKBACK_DAYS);
        let cascades = group_cascades(recent_alerts::since(store.pool(), since).await?);
        let name = snapshot_name(window);
        let live = match self.platform().await {
            Some(pool) => match read_live(&pool, window).await {
                Ok(read) => Ok(read),
                Err(DeskError::Unreachable(why)) => Err(why),
                Err(e) => return Err(e),
            },
            None => Err("this desk is offline".to_string()),
        };
        match live {
            Ok((services, candidates)) => {
                let d = HealthDashboard {
                    window,
                    services,
                    candidates,
                    cascades,
                    taken_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
                    live: true,
                    offline_reason: None,
                };
                snapshots::save(store.pool(), &name, now, &d).await?;
                Ok(d)
            }
            Err(why) => match snapshots::load::<HealthDashboard>(store.pool(), &name).await? {
                Some((mut d, _)) => {
                    d.live = false;
                    d.offline_reason = Some(why);
                    d.cascades = cascades;
                    Ok(d)
                }
                None => Err(DeskError::Unreachable(format!(
                    "Service health is read from the platform, and {why}; no earlier reading of the last {} is kept on this laptop.",
                    match window {
                        HealthWindow::Day => "24 hours",
                        HealthWindow::Week => "7 days",
                        HealthWindow::Month => "30 days",
                    }
                ))),
            },
        }
    }

    /// Probes every service's health endpoint now (from the synced services, or the platform's
    /// list), keeps the result, and returns it; offline endpoints show as down with why.
    pub async fn ops_probe(&self) -> Result<Vec<Probe>, DeskError> {
        self.signed_in_login("to probe services").await?;
        let store = self.store()?;
        let mut targets = desk_store::ops::services::health_targets(store.pool()).await?;
        if targets.is_empty() {
            if let Some(pool) = self.platform().await {
                targets = platform::services(&pool)
                    .await?
                    .into_iter()
                    .map(|s| (s.name, s.health_url))
                    .collect();
            }
        }
        if targets.is_empty() {
            return Err(DeskError::NotFound(
                "No services are known on this laptop yet: sync once while online.".into(),
            ));
        }
        let probes = probe_all(targets).await;
        snapshots::save(store.pool(), "probes", Utc::now(), &probes).await?;
        Ok(probes)
    }

    /// The last probes the desk ran, if any.
    pub async fn ops_last_probes(&self) -> Result<Vec<Probe>, DeskError> {
        self.signed_in_login("to see service health").await?;
        Ok(snapshots::load(self.store()?.pool(), "probes")
            .await?
            .map(|(p, _)| p)
            .unwrap_or_default())
    }
}
