//! The security KPIs' reads: the incidents opened in the period (only security engineers'
//! copies hold them), with when each first reached recovered where the platform records it.

use desk_domain::kpi::security::{self, Incident};
use desk_domain::kpi::{KpiOutcome, Period};
use sqlx::{Row, SqlitePool};

use super::{at, at_opt, bounds, has_column, missing, not_held, Source};
use crate::StoreError;

/// Proactive detection, time to contain and time to resolve.
pub(super) async fn incidents(
    pool: &SqlitePool,
    period: &Period,
) -> Result<Vec<KpiOutcome>, StoreError> {
    if let Some(what) = missing(pool, &[("security_incidents", "security incidents")]).await? {
        return Ok(not_held(Source::Incidents, what));
    }
    // Platforms from schema 13 record when an incident first reached recovered.
    let resolved = if has_column(pool, "security_incidents", "resolved_at").await? {
        "resolved_at"
    } else {
        "NULL"
    };
    let (from, to) = bounds(period);
    let sql = format!(
        "SELECT id, title, type, severity, status, alert_id, opened_at, contained_at, closed_at,
                {resolved} AS resolved_at
           FROM mirror_security_incidents WHERE opened_at >= ? AND opened_at < ?"
    );
    let mut incidents = Vec::new();
    for r in sqlx::query(&sql)
        .bind(&from)
        .bind(&to)
        .fetch_all(pool)
        .await?
    {
        incidents.push(Incident {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            kind: r.try_get("type")?,
            severity: r.try_get("severity")?,
            status: r.try_get("status")?,
            alert_id: r.try_get("alert_id")?,
            opened_at: at(&r.try_get::<String, _>("opened_at")?, "incident")?,
            contained_at: at_opt(r.try_get("contained_at")?, "incident contained_at")?,
            resolved_at: at_opt(r.try_get("resolved_at")?, "incident resolved_at")?,
            closed_at: at_opt(r.try_get("closed_at")?, "incident closed_at")?,
        });
    }
    Ok(vec![
        security::proactive_detection(&incidents, period),
        security::incident_contain(&incidents, period),
        security::incident_resolve(&incidents, period),
    ])
}
