//! The platform operations KPIs' reads: setting applications (administrators), the health
//! readings the desk kept (the metrics are read live, never synced), alerts (every role, for
//! its teams), escalations, deployments and the integrations' recorded calls (operations).

use chrono::Duration;
use desk_domain::kpi::ops::{
    self, Alert, Deployment, Escalation, IntegrationDay, IntegrationFailure, ServiceUptime,
    SettingApplication, UptimeReading,
};
use desk_domain::kpi::{KpiOutcome, Period};
use serde::Deserialize;
use sqlx::{Row, SqlitePool};

use super::{at, at_opt, bounds, has_column, missing, not_held, Source};
use crate::mirrors::{day, has_mirror};
use crate::ops::snapshots;
use crate::StoreError;

/// Configuration change success: every production application from the period's start on (a
/// promotion's fate is the application after it, which may come after the period).
pub(super) async fn settings(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    if let Some(what) = missing(pool, &[("setting_applications", "setting applications")]).await? {
        return Ok(not_held(Source::Settings, what));
    }
    let (from, _) = bounds(period);
    let mut apps = Vec::new();
    for r in sqlx::query(
        "SELECT id, key, environment, version, action, from_version, applied_at, applied_by
           FROM mirror_setting_applications WHERE environment = 'production' AND applied_at >= ?",
    )
    .bind(&from)
    .fetch_all(pool)
    .await?
    {
        apps.push(SettingApplication {
            id: r.try_get("id")?,
            key: r.try_get("key")?,
            environment: r.try_get("environment")?,
            version: r.try_get("version")?,
            action: r.try_get("action")?,
            from_version: r.try_get("from_version")?,
            applied_at: at(
                &r.try_get::<String, _>("applied_at")?,
                "setting application",
            )?,
            applied_by: r.try_get("applied_by")?,
        });
    }
    Ok(vec![ops::config_change_success(&apps, period)])
}

/// The part of a kept health dashboard the uptime reads (the core writes the whole of it).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeptDashboard {
    services: Vec<KeptService>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeptService {
    name: String,
    sla_target: f64,
    uptime_percent: Option<f64>,
}

/// Uptime: the health readings kept for each window (`health:day`, `health:week`,
/// `health:month`), each covering the window before it was read.
pub(super) async fn uptime(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    if !has_mirror(pool, "services").await? {
        return Ok(not_held(Source::Uptime, "services"));
    }
    let mut readings = Vec::new();
    for (name, days, window) in [
        ("health:day", 1, "24 hours"),
        ("health:week", 7, "7 days"),
        ("health:month", 30, "30 days"),
    ] {
        let Some((d, taken_at)) = snapshots::load::<KeptDashboard>(pool, name).await? else {
            continue;
        };
        let to = at(&taken_at, "health reading")?;
        readings.push(UptimeReading {
            from: to - Duration::days(days),
            to,
            window: window.to_string(),
            services: d
                .services
                .into_iter()
                .map(|s| ServiceUptime {
                    name: s.name,
                    uptime_percent: s.uptime_percent,
                    sla_target: s.sla_target,
                })
                .collect(),
        });
    }
    Ok(vec![ops::uptime(&readings, period)])
}

/// Alert acknowledge and resolve times: the alerts raised in the period (routed to the
/// member's teams: that is what their copy holds).
pub(super) async fn alerts(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    if let Some(what) = missing(pool, &[("alerts", "alerts")]).await? {
        return Ok(not_held(Source::Alerts, what));
    }
    let (from, to) = bounds(period);
    let mut alerts = Vec::new();
    for r in sqlx::query(
        "SELECT id, title, severity, team, source_service, created_at, acknowledged_at, resolved_at,
                false_positive
           FROM mirror_alerts WHERE created_at >= ? AND created_at < ?",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?
    {
        alerts.push(Alert {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            severity: r.try_get("severity")?,
            team: r.try_get("team")?,
            service: r.try_get("source_service")?,
            raised_at: at(&r.try_get::<String, _>("created_at")?, "alert")?,
            acknowledged_at: at_opt(r.try_get("acknowledged_at")?, "alert acknowledged_at")?,
            resolved_at: at_opt(r.try_get("resolved_at")?, "alert resolved_at")?,
            false_positive: r.try_get::<Option<bool>, _>("false_positive")?.unwrap_or(false),
        });
    }
    Ok(vec![
        ops::alert_acknowledge(&alerts, period),
        ops::alert_resolve(&alerts, period),
    ])
}

/// Escalation resolution rate and time: escalations opened in the period, with their tenant's
/// name where the copy holds it.
pub(super) async fn escalations(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    if let Some(what) = missing(pool, &[("escalations", "escalations")]).await? {
        return Ok(not_held(Source::Escalations, what));
    }
    let (from, to) = bounds(period);
    let name = if has_mirror(pool, "tenants").await? {
        "(SELECT t.name FROM mirror_tenants t WHERE t.id = e.tenant_id)"
    } else {
        "NULL"
    };
    let sql = format!(
        "SELECT e.id, e.title, e.tenant_id, {name} AS tenant_name, e.severity, e.state, e.opened_at,
                e.resolved_at
           FROM mirror_escalations e WHERE e.opened_at >= ? AND e.opened_at < ?"
    );
    let mut escalations = Vec::new();
    for r in sqlx::query(&sql)
        .bind(&from)
        .bind(&to)
        .fetch_all(pool)
        .await?
    {
        let tenant_id: String = r.try_get("tenant_id")?;
        escalations.push(Escalation {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            tenant: r
                .try_get::<Option<String>, _>("tenant_name")?
                .unwrap_or(tenant_id),
            severity: r.try_get("severity")?,
            state: r.try_get("state")?,
            opened_at: at(&r.try_get::<String, _>("opened_at")?, "escalation")?,
            resolved_at: at_opt(r.try_get("resolved_at")?, "escalation resolved_at")?,
        });
    }
    Ok(vec![
        ops::escalation_resolution_rate(&escalations, period),
        ops::escalation_resolution_time(&escalations, period),
    ])
}

/// Deployment success and rollback rates: deployments requested in the period.
pub(super) async fn deployments(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    if let Some(what) = missing(pool, &[("deployments", "deployments")]).await? {
        return Ok(not_held(Source::Deployments, what));
    }
    let (from, to) = bounds(period);
    let mut deployments = Vec::new();
    for r in sqlx::query(
        "SELECT id, service, version, status, requested_at, finished_at FROM mirror_deployments
          WHERE requested_at >= ? AND requested_at < ?",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(pool)
    .await?
    {
        deployments.push(Deployment {
            id: r.try_get("id")?,
            service: r.try_get("service")?,
            version: r.try_get("version")?,
            status: r.try_get("status")?,
            requested_at: at(&r.try_get::<String, _>("requested_at")?, "deployment")?,
            finished_at: at_opt(r.try_get("finished_at")?, "deployment finished_at")?,
        });
    }
    Ok(vec![
        ops::deployment_success(&deployments, period),
        ops::deployment_rollback(&deployments, period),
    ])
}

/// Integration reliability: the calls recorded per integration and day in the period, and the
/// failure periods (the timeline is optional: without it the note counts none).
pub(super) async fn integrations(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    if let Some(what) = missing(
        pool,
        &[("integration_daily", "the integrations' recorded calls")],
    )
    .await?
    {
        return Ok(not_held(Source::Integrations, what));
    }
    let mut days = Vec::new();
    for r in sqlx::query(
        "SELECT integration, day, calls, errors, p95_ms FROM mirror_integration_daily
          WHERE day >= ? AND day <= ?",
    )
    .bind(period.first().to_string())
    .bind(period.last().to_string())
    .fetch_all(pool)
    .await?
    {
        let text: String = r.try_get("day")?;
        days.push(IntegrationDay {
            integration: r.try_get("integration")?,
            day: day(&text)
                .ok_or_else(|| StoreError::Corrupt(format!("integration day {text:?}")))?,
            calls: r.try_get("calls")?,
            errors: r.try_get("errors")?,
            p95_ms: r.try_get("p95_ms")?,
        });
    }
    let mut failures = Vec::new();
    if has_mirror(pool, "integration_failures").await?
        && has_column(pool, "integration_failures", "ended_at").await?
    {
        let (_, to) = bounds(period);
        for r in sqlx::query(
            "SELECT integration, started_at, ended_at FROM mirror_integration_failures
              WHERE started_at < ?",
        )
        .bind(&to)
        .fetch_all(pool)
        .await?
        {
            failures.push(IntegrationFailure {
                integration: r.try_get("integration")?,
                started_at: at(
                    &r.try_get::<String, _>("started_at")?,
                    "integration failure",
                )?,
                ended_at: at_opt(r.try_get("ended_at")?, "integration failure ended_at")?,
            });
        }
    }
    Ok(vec![ops::integration_reliability(&days, &failures, period)])
}
