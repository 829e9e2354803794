//! The alert inbox from the synced alerts (one row per dedup key: its latest alert, with how
//! many alerts the key raised), one alert with its investigation notes and history, the counts
//! the tray shows, and the desk's own record of which alerts it already decided to notify
//! about (`alert_notifications`), so each alert reaches the OS at most once, across restarts
//! and re-copies. Works offline: everything reads the local store.

use chrono::{DateTime, SecondsFormat, Utc};
use desk_domain::alerts::{is_overdue, NewAlert, NotificationSettings, Outcome, Severity};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};

use crate::mirrors::{has_mirror, instant};
use crate::record_sync::{record_sync, sync_join, RecordSync};
use crate::StoreError;

/// The most groups one inbox read returns (the newest first within each state).
pub const INBOX_LIMIT: usize = 2_000;

/// Which alerts the inbox shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AlertQuery {
    /// triggered, acknowledged, resolved; empty: all.
    pub statuses: Vec<String>,
    /// Severities to keep; empty: all.
    pub severities: Vec<Severity>,
    /// Teams to keep; empty: all the member sees.
    pub teams: Vec<String>,
    /// Words in the title, details or service.
    pub search: Option<String>,
    /// Only alerts nobody acknowledged in time.
    pub overdue_only: bool,
}

/// An alert as the inbox shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AlertView {
    /// Id.
    pub id: i64,
    /// The platform's dedup key.
    pub dedup_key: String,
    /// The service that raised it.
    pub service: String,
    /// Its severity.
    pub severity: Severity,
    /// The team it is routed to.
    pub team: String,
    /// Title.
    pub title: String,
    /// Details.
    pub details: String,
    /// triggered, acknowledged, resolved.
    pub status: String,
    /// Resolved as a false positive.
    pub false_positive: bool,
    /// Times its key fired while it was open.
    pub occurrences: i64,
    /// Alerts its dedup key raised in all (this one included).
    pub alerts_with_key: i64,
    /// Investigation notes on it.
    pub notes: i64,
    /// Who acknowledged it (login).
    pub acknowledged_by: Option<String>,
    /// When.
    pub acknowledged_at: Option<String>,
    /// Who resolved it (login).
    pub resolved_by: Option<String>,
    /// When.
    pub resolved_at: Option<String>,
    /// When the platform escalates it if nobody acknowledges.
    pub escalate_after: Option<String>,
    /// When it was raised.
    pub created_at: String,
    /// Not acknowledged within its target.
    pub overdue: bool,
    /// The record's version (for the change's conflict check).
    pub version: i64,
    /// Whether the platform has the member's last change to it.
    pub sync: RecordSync,
}

/// The inbox: the groups that match, and counts over every alert the member sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AlertInbox {
    /// One row per dedup key (its latest alert), open first, most severe first, newest first.
    pub alerts: Vec<AlertView>,
    /// Groups that matched (more than `alerts` holds when over [`INBOX_LIMIT`]).
    pub matched: i64,
    /// Counts for the tray and the navigation.
    pub counts: AlertCounts,
}

/// Open alerts at a glance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AlertCounts {
    /// Triggered or acknowledged.
    pub open: i64,
    /// Triggered and past their acknowledge target.
    pub overdue: i64,
    /// Open and critical.
    pub critical: i64,
}

/// An investigation note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AlertNote {
    /// Id.
    pub id: String,
    /// What was found.
    pub body: String,
    /// Who wrote it (login).
    pub author: String,
    /// When.
    pub created_at: String,
    /// Whether the platform has it.
    pub sync: RecordSync,
}

/// One alert in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AlertDetail {
    /// The alert.
    pub alert: AlertView,
    /// Its investigation notes, oldest first.
    pub notes: Vec<AlertNote>,
    /// Earlier alerts of the same dedup key, newest first.
    pub history: Vec<AlertView>,
}

/// Local indexes for the inbox, once after the alerts were copied.
pub async fn prepare(pool: &SqlitePool) -> Result<(), StoreError> {
    if has_mirror(pool, "alerts").await? {
        sqlx::query(
            "CREATE INDEX IF NOT EXISTS local_alerts_dedup ON mirror_alerts (dedup_key, id)",
        )
        .execute(pool)
        .await?;
    }
    if has_mirror(pool, "alert_notes").await? {
        sqlx::query(
            "CREATE INDEX IF NOT EXISTS local_alert_notes_alert ON mirror_alert_notes (alert_id, created_at)",
        )
        .execute(pool)
        .await?;
    }
    Ok(())
}

async fn select(pool: &SqlitePool) -> Result<String, StoreError> {
    let notes = if has_mirror(pool, "alert_notes").await? {
        "(SELECT count(*) FROM mirror_alert_notes n WHERE n.alert_id = a.id)"
    } else {
        "0"
    };
    Ok(format!(
        "SELECT a.id, a.dedup_key, a.source_service, a.severity, a.team, a.title, a.details,
                a.status, a.false_positive, a.occurrences, a.acknowledged_by, a.acknowledged_at,
                a.resolved_by, a.resolved_at, a.escalate_after, a.created_at, a.version,
                (SELECT count(*) FROM mirror_alerts k WHERE k.dedup_key = a.dedup_key) AS with_key,
                {notes} AS notes, o.state, o.refusal
           FROM mirror_alerts a {}",
        sync_join("alerts", "a.id")
    ))
}

fn view(r: &SqliteRow, now: DateTime<Utc>) -> Result<AlertView, StoreError> {
    let severity: String = r.try_get(3)?;
    let severity = Severity::from_db(&severity)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown alert severity {severity:?}")))?;
    let status: String = r.try_get(7)?;
    let created_at: String = r.try_get(15)?;
    let escalate_after: Option<String> = r.try_get(14)?;
    let overdue = instant(&created_at).is_some_and(|c| {
        is_overdue(
            &status,
            severity,
            c,
            escalate_after.as_deref().and_then(instant),
            now,
        )
    });
    Ok(AlertView {
        id: r.try_get(0)?,
        dedup_key: r.try_get(1)?,
        service: r.try_get(2)?,
        severity,
        team: r.try_get(4)?,
        title: r.try_get(5)?,
        details: r.try_get(6)?,
        status,
        false_positive: r.try_get::<Option<bool>, _>(8)?.unwrap_or(false),
        occurrences: r.try_get(9)?,
        acknowledged_by: r.try_get(10)?,
        acknowledged_at: r.try_get(11)?,
        resolved_by: r.try_get(12)?,
        resolved_at: r.try_get(13)?,
        escalate_after,
        created_at,
        overdue,
        version: r.try_get(16)?,
        alerts_with_key: r.try_get(17)?,
        notes: r.try_get(18)?,
        sync: record_sync(r.try_get(19)?, r.try_get(20)?),
    })
}

/// The inbox at `now`.
pub async fn inbox(
    pool: &SqlitePool,
    q: &AlertQuery,
    now: DateTime<Utc>,
) -> Result<AlertInbox, StoreError> {
    if !has_mirror(pool, "alerts").await? {
        return Ok(AlertInbox {
            alerts: Vec::new(),
            matched: 0,
            counts: AlertCounts::default(),
        });
    }
    let counts = counts(pool, now).await?;
    let mut qb = QueryBuilder::<Sqlite>::new(select(pool).await?);
    // The latest alert of each dedup key.
    qb.push(
        " WHERE a.id = (SELECT max(k.id) FROM mirror_alerts k WHERE k.dedup_key = a.dedup_key)",
    );
    if !q.statuses.is_empty() {
        qb.push(" AND a.status IN (");
        let mut sep = qb.separated(", ");
        for s in &q.statuses {
            sep.push_bind(s.as_str());
        }
        qb.push(")");
    }
    if !q.severities.is_empty() {
        qb.push(" AND a.severity IN (");
        let mut sep = qb.separated(", ");
        for s in &q.severities {
            sep.push_bind(s.as_db());
        }
        qb.push(")");
    }
    if !q.teams.is_empty() {
        qb.push(" AND a.team IN (");
        let mut sep = qb.separated(", ");
        for t in &q.teams {
            sep.push_bind(t.as_str());
        }
        qb.push(")");
    }
    if let Some(words) = q.search.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        for word in words.split_whitespace() {
            let like = crate::mirrors::contains_pattern(word);
            qb.push(" AND (a.title LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR a.details LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR a.source_service LIKE ")
                .push_bind(like)
                .push(" ESCAPE '\\')");
        }
    }
    qb.push(
        " ORDER BY CASE a.status WHEN 'triggered' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END,
                   CASE a.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
                   a.created_at DESC, a.id DESC",
    );
    let rows = qb.build().fetch_all(pool).await?;
    let mut alerts = Vec::new();
    let mut matched = 0;
    for r in &rows {
        let v = view(r, now)?;
        if q.overdue_only && !v.overdue {
            continue;
        }
        matched += 1;
        if alerts.len() < INBOX_LIMIT {
            alerts.push(v);
        }
    }
    Ok(AlertInbox {
        alerts,
        matched,
        counts,
    })
}

/// Open, overdue and open critical alerts the member sees, at `now`.
pub async fn counts(pool: &SqlitePool, now: DateTime<Utc>) -> Result<AlertCounts, StoreError> {
    if !has_mirror(pool, "alerts").await? {
        return Ok(AlertCounts::default());
    }
    let rows = sqlx::query(
        "SELECT status, severity, created_at, escalate_after FROM mirror_alerts
          WHERE status <> 'resolved'",
    )
    .fetch_all(pool)
    .await?;
    let mut c = AlertCounts::default();
    for r in rows {
        let status: String = r.try_get(0)?;
        let severity = Severity::from_db(&r.try_get::<String, _>(1)?);
        c.open += 1;
        if severity == Some(Severity::Critical) {
            c.critical += 1;
        }
        let created: String = r.try_get(2)?;
        let escalate: Option<String> = r.try_get(3)?;
        if let (Some(s), Some(created)) = (severity, instant(&created)) {
            if is_overdue(
                &status,
                s,
                created,
                escalate.as_deref().and_then(instant),
                now,
            ) {
                c.overdue += 1;
            }
        }
    }
    Ok(c)
}

/// One alert with its notes and the earlier alerts of its dedup key, or none.
pub async fn alert(
    pool: &SqlitePool,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Option<AlertDetail>, StoreError> {
    if !has_mirror(pool, "alerts").await? {
        return Ok(None);
    }
    let sql = select(pool).await?;
    let Some(row) = sqlx::query(&format!("{sql} WHERE a.id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let alert = view(&row, now)?;
    let history = sqlx::query(&format!(
        "{sql} WHERE a.dedup_key = ? AND a.id <> ? ORDER BY a.created_at DESC, a.id DESC LIMIT 50"
    ))
    .bind(&alert.dedup_key)
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| view(r, now))
    .collect::<Result<Vec<_>, _>>()?;
    let notes = if has_mirror(pool, "alert_notes").await? {
        sqlx::query(&format!(
            "SELECT n.id, n.body, n.author_login, n.created_at, o.state, o.refusal
               FROM mirror_alert_notes n {} WHERE n.alert_id = ? ORDER BY n.created_at, n.id",
            sync_join("alert_notes", "n.id")
        ))
        .bind(id)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| {
            Ok(AlertNote {
                id: r.try_get(0)?,
                body: r.try_get(1)?,
                author: r.try_get(2)?,
                created_at: r.try_get(3)?,
                sync: record_sync(r.try_get(4)?, r.try_get(5)?),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?
    } else {
        Vec::new()
    };
    Ok(Some(AlertDetail {
        alert,
        notes,
        history,
    }))
}

/// Whether the member's first sync of alerts has been taken as the baseline.
pub async fn baseline_taken(pool: &SqlitePool) -> Result<bool, StoreError> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM alert_watch")
            .fetch_one(pool)
            .await?
            > 0,
    )
}

/// Records every alert held locally as already known (there when the member signed in),
/// without notifying, and marks the baseline taken. Returns how many.
pub async fn take_baseline(pool: &SqlitePool, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let mirrored = has_mirror(pool, "alerts").await?;
    let mut tx = pool.begin().await?;
    let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut n = 0;
    if mirrored {
        n = sqlx::query(
            "INSERT OR IGNORE INTO alert_notifications (alert_id, outcome, decided_at)
             SELECT id, 'baseline', ? FROM mirror_alerts",
        )
        .bind(&at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    sqlx::query("INSERT OR REPLACE INTO alert_watch (id, baseline_at) VALUES (1, ?)")
        .bind(&at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(n)
}

/// Alerts held locally that the desk has not decided about yet, oldest first.
pub async fn undecided(pool: &SqlitePool) -> Result<Vec<NewAlert>, StoreError> {
    if !has_mirror(pool, "alerts").await? {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT a.id, a.team, a.severity, a.status, a.title, a.source_service
           FROM mirror_alerts a
          WHERE NOT EXISTS (SELECT 1 FROM alert_notifications d WHERE d.alert_id = a.id)
          ORDER BY a.id",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let severity: String = r.try_get(2)?;
            Ok(NewAlert {
                id: r.try_get(0)?,
                team: r.try_get(1)?,
                severity: Severity::from_db(&severity).ok_or_else(|| {
                    StoreError::Corrupt(format!("unknown alert severity {severity:?}"))
                })?,
                status: r.try_get(3)?,
                title: r.try_get(4)?,
                service: r.try_get(5)?,
            })
        })
        .collect()
}

/// Records the outcome of each alert, once (an alert already decided keeps its first
/// outcome). Returns the ids this call decided: only those may be notified.
pub async fn decide(
    pool: &SqlitePool,
    outcomes: &[(i64, Outcome)],
    now: DateTime<Utc>,
) -> Result<Vec<i64>, StoreError> {
    let at = now.to_rfc3339_opts(SecondsFormat::Micros, true);
    let mut tx = pool.begin().await?;
    let mut decided = Vec::new();
    for (id, outcome) in outcomes {
        let n = sqlx::query(
            "INSERT OR IGNORE INTO alert_notifications (alert_id, outcome, decided_at) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(outcome.as_db())
        .bind(&at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            decided.push(*id);
        }
    }
    tx.commit().await?;
    Ok(decided)
}

/// Records the moment the notification for `ids` was handed to the OS.
pub async fn handed(pool: &SqlitePool, ids: &[i64], at: DateTime<Utc>) -> Result<(), StoreError> {
    let at = at.to_rfc3339_opts(SecondsFormat::Micros, true);
    let mut tx = pool.begin().await?;
    for id in ids {
        sqlx::query("UPDATE alert_notifications SET handed_at = ? WHERE alert_id = ?")
            .bind(&at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// When the notification for an alert was handed to the OS, if it was.
pub async fn handed_at(pool: &SqlitePool, id: i64) -> Result<Option<DateTime<Utc>>, StoreError> {
    let at: Option<Option<String>> =
        sqlx::query_scalar("SELECT handed_at FROM alert_notifications WHERE alert_id = ?")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(at.flatten().as_deref().and_then(instant))
}

/// The outcome recorded for an alert, if any.
pub async fn outcome_of(pool: &SqlitePool, id: i64) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT outcome FROM alert_notifications WHERE alert_id = ?")
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// The member's notification settings, if they saved any.
pub async fn settings(pool: &SqlitePool) -> Result<Option<NotificationSettings>, StoreError> {
    let text: Option<String> =
        sqlx::query_scalar("SELECT settings FROM notification_settings WHERE id = 1")
            .fetch_optional(pool)
            .await?;
    text.map(|t| {
        serde_json::from_str(&t)
            .map_err(|e| StoreError::Corrupt(format!("notification settings: {e}")))
    })
    .transpose()
}

/// Saves the member's notification settings.
pub async fn save_settings(
    pool: &SqlitePool,
    settings: &NotificationSettings,
) -> Result<(), StoreError> {
    let text = serde_json::to_string(settings)
        .map_err(|e| StoreError::Corrupt(format!("notification settings: {e}")))?;
    sqlx::query("INSERT OR REPLACE INTO notification_settings (id, settings) VALUES (1, ?)")
        .bind(text)
        .execute(pool)
        .await?;
    Ok(())
}
