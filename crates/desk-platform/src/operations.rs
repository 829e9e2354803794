//! Operations on the platform, live: each service's health over a window from the platform's
//! metrics (not synced: the series are large and only worth reading fresh), the week-over-week
//! figures the optimisation candidates come from, and the requests ops staff write for the
//! platform's deployer (a deployment, a rollback) and their review of a finished rollback. The
//! database checks every request again and refuses with `field: message` lines.

use desk_domain::operations::{HealthWindow, MetricPoint};
use sqlx::{PgPool, Row};

use crate::staff::problems;
use crate::PlatformError;

fn span(window: HealthWindow) -> &'static str {
    match window {
        HealthWindow::Day => "24 hours",
        HealthWindow::Week => "7 days",
        HealthWindow::Month => "30 days",
    }
}

fn step(window: HealthWindow) -> &'static str {
    match window {
        HealthWindow::Day => "15 minutes",
        HealthWindow::Week => "1 hour",
        HealthWindow::Month => "6 hours",
    }
}

/// A service as the platform records it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRow {
    /// Its name.
    pub name: String,
    /// The owning engineering team.
    pub team: String,
    /// Its health endpoint.
    pub health_url: String,
    /// The availability objective, percent.
    pub sla_target: f64,
    /// The latency objective, ms.
    pub p95_target_ms: Option<i32>,
}

/// A service's figures over a window.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowFigures {
    /// The service.
    pub service: String,
    /// Buckets recorded.
    pub buckets: i64,
    /// Of which at 5 % errors or more.
    pub down_buckets: i64,
    /// p95 over the window, ms.
    pub p95_ms: Option<f64>,
    /// Failed / all requests.
    pub error_rate: Option<f64>,
    /// Requests per hour, averaged over the hours with data.
    pub requests_per_hour: Option<f64>,
    /// The latest bucket: its start, p95 and error rate.
    pub latest: Option<(String, f64, f64)>,
}

/// The platform's services.
pub async fn services(pool: &PgPool) -> Result<Vec<ServiceRow>, PlatformError> {
    let rows = sqlx::query(
        "SELECT name, team, health_url, sla_target::float8, p95_target_ms FROM platform.services ORDER BY name",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ServiceRow {
                name: r.try_get(0)?,
                team: r.try_get(1)?,
                health_url: r.try_get(2)?,
                sla_target: r.try_get(3)?,
                p95_target_ms: r.try_get(4)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(PlatformError::from)
}

/// Every service's figures over `window` (ending now), with its latest bucket.
pub async fn window_figures(
    pool: &PgPool,
    window: HealthWindow,
) -> Result<Vec<WindowFigures>, PlatformError> {
    let rows = sqlx::query(
        "WITH w AS (SELECT * FROM platform.service_metrics m WHERE m.bucket > now() - $1::interval),
              latest AS (SELECT DISTINCT ON (service) service, bucket, p95_ms, error_rate
                           FROM platform.service_metrics ORDER BY service, bucket DESC)
         SELECT s.name, count(w.bucket), count(w.bucket) FILTER (WHERE w.error_rate >= $2),
                percentile_cont(0.95) WITHIN GROUP (ORDER BY w.p95_ms),
                sum(w.error_rate * w.requests) / nullif(sum(w.requests), 0),
                sum(w.requests)::float8 / nullif(count(DISTINCT date_trunc('hour', w.bucket)), 0),
                to_char(l.bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), l.p95_ms, l.error_rate
           FROM platform.services s
           LEFT JOIN w ON w.service = s.name
           LEFT JOIN latest l ON l.service = s.name
          GROUP BY s.name, l.bucket, l.p95_ms, l.error_rate
          ORDER BY s.name",
    )
    .bind(span(window))
    .bind(desk_domain::operations::DOWN_ERROR_RATE)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let at: Option<String> = r.try_get(6)?;
            let p95: Option<f64> = r.try_get(7)?;
            let err: Option<f64> = r.try_get(8)?;
            Ok(WindowFigures {
                service: r.try_get(0)?,
                buckets: r.try_get(1)?,
                down_buckets: r.try_get(2)?,
                p95_ms: r.try_get(3)?,
                error_rate: r.try_get(4)?,
                requests_per_hour: r.try_get(5)?,
                latest: match (at, p95, err) {
                    (Some(a), Some(p), Some(e)) => Some((a, p, e)),
                    _ => None,
                },
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(PlatformError::from)
}

/// Every service's chart over `window`: (service, points oldest first).
pub async fn series(
    pool: &PgPool,
    window: HealthWindow,
) -> Result<Vec<(String, Vec<MetricPoint>)>, PlatformError> {
    let rows = sqlx::query(
        "SELECT service, to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), max(p95_ms),
                coalesce(sum(error_rate * requests) / nullif(sum(requests), 0), 0), sum(requests)::int8
           FROM (SELECT service, date_bin($2::interval, bucket, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t,
                        p95_ms, error_rate, requests
                   FROM platform.service_metrics WHERE bucket > now() - $1::interval) b
          GROUP BY service, t ORDER BY service, t",
    )
    .bind(span(window))
    .bind(step(window))
    .fetch_all(pool)
    .await?;
    let mut out: Vec<(String, Vec<MetricPoint>)> = Vec::new();
    for r in &rows {
        let service: String = r.try_get(0)?;
        let point = MetricPoint {
            at: r.try_get(1)?,
            p95_ms: r.try_get(2)?,
            error_rate: r.try_get(3)?,
            requests: r.try_get(4)?,
        };
        match out.last_mut() {
            Some((s, points)) if *s == service => points.push(point),
            _ => out.push((service, vec![point])),
        }
    }
    Ok(out)
}

/// A service's (p95 ms, error rate) over one week, if it recorded any.
pub type Week = Option<(f64, f64)>;

/// Each service's p95 and error rate over the last 7 days and the 7 before:
/// (service, this week, last week).
pub async fn weeks(pool: &PgPool) -> Result<Vec<(String, Week, Week)>, PlatformError> {
    let rows = sqlx::query(
        "SELECT service, bucket > now() - interval '7 days' AS this_week,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY p95_ms),
                coalesce(sum(error_rate * requests) / nullif(sum(requests), 0), 0)
           FROM platform.service_metrics
          WHERE bucket > now() - interval '14 days'
          GROUP BY service, 2 ORDER BY service",
    )
    .fetch_all(pool)
    .await?;
    let mut out: Vec<(String, Week, Week)> = Vec::new();
    for r in &rows {
        let service: String = r.try_get(0)?;
        let this_week: bool = r.try_get(1)?;
        let figures = (r.try_get::<f64, _>(2)?, r.try_get::<f64, _>(3)?);
        if out.last().is_none_or(|(s, ..)| *s != service) {
            out.push((service, None, None));
        }
        if let Some(last) = out.last_mut() {
            if this_week {
                last.1 = Some(figures);
            } else {
                last.2 = Some(figures);
            }
        }
    }
    Ok(out)
}

/// Asks the deployer to deploy `version` of `service`; returns the deployment's id.
pub async fn request_deployment(
    pool: &PgPool,
    service: &str,
    version: &str,
    test_result_ref: &str,
    reason: &str,
) -> Result<i64, PlatformError> {
    sqlx::query_scalar("SELECT id FROM desk.request_deployment($1, $2, $3, $4)")
        .bind(service)
        .bind(version)
        .bind(test_result_ref)
        .bind(reason)
        .fetch_one(pool)
        .await
        .map_err(problems)
}

/// Asks the deployer to roll deployment `deployment` back; returns the request's id.
pub async fn request_rollback(
    pool: &PgPool,
    deployment: i64,
    reason: &str,
) -> Result<String, PlatformError> {
    sqlx::query_scalar("SELECT id::text FROM desk.request_rollback(NULL, $1, $2)")
        .bind(deployment)
        .bind(reason)
        .fetch_one(pool)
        .await
        .map_err(problems)
}

/// Records a finished rollback's impact and lessons learned.
pub async fn review_rollback(
    pool: &PgPool,
    rollback: &str,
    impact: &str,
    lessons: &str,
) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.review_rollback($1::text::uuid, $2, $3)")
        .bind(rollback)
        .bind(impact)
        .bind(lessons)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}
