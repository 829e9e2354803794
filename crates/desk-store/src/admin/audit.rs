//! The audit trail from the local copy: who changed what, when and why, newest first, filtered
//! by actor, action, target, date and words, paged in SQL so a long trail scrolls without a
//! stall, and streamed whole for an export.

use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};

use crate::mirrors::has_mirror;
use crate::StoreError;

/// Which entries to show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditQuery {
    /// Exactly this login.
    pub actor: Option<String>,
    /// Targets starting with this (`staff:` or `staff:jdoe`).
    pub target: Option<String>,
    /// Actions starting with this (`staff.` or `alert.ack`).
    pub action: Option<String>,
    /// On or after this day (YYYY-MM-DD, UTC).
    pub from: Option<String>,
    /// On or before this day (YYYY-MM-DD, UTC).
    pub to: Option<String>,
    /// Words in the target, action, reason or the record before or after.
    pub text: Option<String>,
    /// Entries to skip.
    pub offset: u32,
    /// Entries to return (at most 500).
    pub limit: u32,
}

/// One entry of the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Id (the trail's order).
    pub id: i64,
    /// When.
    pub at: String,
    /// The login that made the change.
    pub actor: String,
    /// What was done (`staff.roles`, `alert.ack`, ...).
    pub action: String,
    /// What it was done to (`staff:jdoe`, `alert:42`).
    pub target: String,
    /// The record before, as JSON (none when created).
    pub before: Option<String>,
    /// The record after, as JSON (none when removed).
    pub after: Option<String>,
    /// The reason given.
    pub reason: Option<String>,
}

/// A page of the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    /// Entries matching the filters.
    pub total: i64,
    /// This page, newest first.
    pub rows: Vec<AuditEntry>,
    /// Every action in the trail, for the filter menu.
    pub actions: Vec<String>,
    /// Every actor in the trail, for the filter menu.
    pub actors: Vec<String>,
}

/// `text` and everything after it sorts before this: a prefix match that can use an index.
fn prefix_end(text: &str) -> String {
    format!("{text}\u{10FFFF}")
}

fn filters<'a>(qb: &mut QueryBuilder<'a, Sqlite>, q: &'a AuditQuery) {
    qb.push(" WHERE 1 = 1");
    let given = |v: &'a Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty());
    if let Some(a) = given(&q.actor) {
        qb.push(" AND actor = ").push_bind(a);
    }
    if let Some(t) = given(&q.target) {
        qb.push(" AND target >= ")
            .push_bind(t)
            .push(" AND target < ")
            .push_bind(prefix_end(t));
    }
    if let Some(a) = given(&q.action) {
        qb.push(" AND action >= ")
            .push_bind(a)
            .push(" AND action < ")
            .push_bind(prefix_end(a));
    }
    if let Some(d) = given(&q.from) {
        qb.push(" AND at >= ").push_bind(d);
    }
    if let Some(d) = given(&q.to) {
        // The whole day: any time on it sorts before the next day.
        qb.push(" AND at < date(").push_bind(d).push(", '+1 day')");
    }
    if let Some(words) = given(&q.text) {
        for word in words.split_whitespace() {
            let like = crate::mirrors::contains_pattern(word);
            qb.push(" AND (target LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR action LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR ifnull(reason, '') LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR ifnull(before, '') LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR ifnull(after, '') LIKE ")
                .push_bind(like)
                .push(" ESCAPE '\\')");
        }
    }
}

const COLUMNS: &str = "SELECT id, at, actor, action, target, CAST(before AS TEXT) AS before,
    CAST(after AS TEXT) AS after, reason FROM mirror_audit_trail";

/// Local indexes for the viewer's filters, once after the trail was copied.
pub async fn prepare(pool: &SqlitePool) -> Result<(), StoreError> {
    if !has_mirror(pool, "audit_trail").await? {
        return Ok(());
    }
    for (name, cols) in [
        ("actor", "actor, id"),
        ("action", "action, id"),
        ("target", "target, id"),
        ("at", "at, id"),
    ] {
        sqlx::query(&format!(
            "CREATE INDEX IF NOT EXISTS local_audit_{name} ON mirror_audit_trail ({cols})"
        ))
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// A page of the trail, newest first.
pub async fn audit(pool: &SqlitePool, q: &AuditQuery) -> Result<AuditPage, StoreError> {
    if !has_mirror(pool, "audit_trail").await? {
        return Ok(AuditPage {
            total: 0,
            rows: Vec::new(),
            actions: Vec::new(),
            actors: Vec::new(),
        });
    }
    let mut count = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM mirror_audit_trail");
    filters(&mut count, q);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    let mut rows = QueryBuilder::<Sqlite>::new(COLUMNS);
    filters(&mut rows, q);
    rows.push(" ORDER BY id DESC LIMIT ")
        .push_bind(i64::from(q.limit.min(500)))
        .push(" OFFSET ")
        .push_bind(i64::from(q.offset));
    let rows: Vec<AuditEntry> = rows.build_query_as().fetch_all(pool).await?;
    let actions = sqlx::query_scalar("SELECT DISTINCT action FROM mirror_audit_trail ORDER BY 1")
        .fetch_all(pool)
        .await?;
    let actors = sqlx::query_scalar("SELECT DISTINCT actor FROM mirror_audit_trail ORDER BY 1")
        .fetch_all(pool)
        .await?;
    Ok(AuditPage {
        total,
        rows,
        actions,
        actors,
    })
}

/// Every entry matching the filters of `q`, newest first (its offset and limit ignored),
/// handed to `each` as read: for an export of the whole trail.
pub async fn for_each_audit_entry(
    pool: &SqlitePool,
    q: &AuditQuery,
    mut each: impl FnMut(AuditEntry) -> Result<(), StoreError>,
) -> Result<u64, StoreError> {
    if !has_mirror(pool, "audit_trail").await? {
        return Ok(0);
    }
    let mut rows = QueryBuilder::<Sqlite>::new(COLUMNS);
    filters(&mut rows, q);
    rows.push(" ORDER BY id DESC");
    let mut n = 0;
    let mut stream = rows.build_query_as::<AuditEntry>().fetch(pool);
    while let Some(row) = stream.try_next().await? {
        each(row)?;
        n += 1;
    }
    Ok(n)
}
