//! Customer escalations from the synced copy: the list (open first, overdue customer updates
//! flagged), one escalation with its investigation timeline, the tenant's CSM and the
//! knowledge-base article written from it, and the patterns report (by category, tenant and
//! week, with the repeats within 30 days). Entries the member wrote offline show on the
//! timeline from the outbox, pending or refused with the platform's reason, until sync brings
//! the platform's own copy.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, Utc};
use desk_domain::operations::{escalation_next_states, repeats, update_overdue, Opened};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};

use crate::mirrors::{contains_pattern, has_mirror, instant};
use crate::record_sync::{record_sync, sync_join, RecordSync};
use crate::StoreError;

/// Which escalations the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationQuery {
    /// States to keep; empty: all.
    pub states: Vec<String>,
    /// Words in the title, tenant, context, root cause or resolution.
    pub search: Option<String>,
    /// Only those whose customer update is overdue.
    pub overdue_only: bool,
    /// One tenant.
    pub tenant_id: Option<String>,
}

/// An escalation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationRecord {
    /// Id.
    pub id: String,
    /// The tenant.
    pub tenant_id: String,
    /// Its name.
    pub tenant_name: String,
    /// Title.
    pub title: String,
    /// critical, high, medium, low.
    pub severity: String,
    /// deliverability, sending, billing, integration, account, performance, other.
    pub category: String,
    /// new, investigating, waiting_on_customer, waiting_on_vendor, resolved, closed.
    pub state: String,
    /// The states it may move to.
    pub next_states: Vec<String>,
    /// What support knew.
    pub reporter_context: String,
    /// Who escalated it (login).
    pub reported_by: String,
    /// The engineer on it.
    pub assignee: Option<String>,
    /// When the customer is owed the next update.
    pub next_update_due: Option<String>,
    /// That update is late.
    pub overdue: bool,
    /// The root cause found.
    pub root_cause: Option<String>,
    /// How it was resolved.
    pub resolution: Option<String>,
    /// The vendor contacted.
    pub vendor: Option<String>,
    /// The customer's satisfaction, 1–5.
    pub satisfaction: Option<i64>,
    /// Their words.
    pub satisfaction_note: Option<String>,
    /// The knowledge-base article written from it.
    pub kb_article_id: Option<String>,
    /// Its title (from the synced copy or the member's queued resolution).
    pub kb_title: Option<String>,
    /// The tenant's CSM.
    pub csm: Option<String>,
    /// When the CSM was last e-mailed about it.
    pub csm_notified_at: Option<String>,
    /// Opened.
    pub opened_at: String,
    /// Resolved.
    pub resolved_at: Option<String>,
    /// The record's version (a state change is refused if it moved on).
    pub version: i64,
    /// Whether the platform has the member's last change.
    pub sync: RecordSync,
}

/// One entry of the investigation timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationTimelineEntry {
    /// Id.
    pub id: String,
    /// When.
    pub at: String,
    /// Who (login).
    pub author: String,
    /// note, finding, root_cause, vendor_contact, customer_update, state_change, satisfaction.
    pub kind: String,
    /// The text.
    pub body: String,
    /// Written on this laptop and not yet (or not) taken by the platform.
    pub sync: RecordSync,
}

/// One escalation in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationDetail {
    /// The escalation.
    pub escalation: EscalationRecord,
    /// Its timeline, oldest first.
    pub timeline: Vec<EscalationTimelineEntry>,
}

/// Counts for the list's header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationCounts {
    /// Not resolved or closed.
    pub open: i64,
    /// Open with the customer's update late.
    pub overdue: i64,
    /// Waiting on the customer or a vendor.
    pub waiting: i64,
}

/// The list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationList {
    /// Matching escalations: open first, then by severity and age.
    pub escalations: Vec<EscalationRecord>,
    /// Counts over all.
    pub counts: EscalationCounts,
}

/// A count under a label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PatternCount {
    /// A category, a tenant's name or a week's Monday.
    pub label: String,
    /// Escalations.
    pub count: i64,
    /// Of which repeats.
    pub repeats: i64,
}

/// An escalation that repeats an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RepeatView {
    /// The repeat.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The tenant.
    pub tenant_name: String,
    /// The category.
    pub category: String,
    /// When.
    pub opened_at: String,
    /// The earlier one.
    pub earlier_id: String,
    /// Its title.
    pub earlier_title: String,
    /// When it was opened.
    pub earlier_opened_at: String,
}

/// The patterns report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EscalationPatterns {
    /// By category, most first.
    pub by_category: Vec<PatternCount>,
    /// By tenant, most first (the top 20).
    pub by_tenant: Vec<PatternCount>,
    /// By week (Monday), the last 12 weeks, oldest first.
    pub by_week: Vec<PatternCount>,
    /// Repeats within 30 days, newest first.
    pub repeats: Vec<RepeatView>,
}

const ACTIONS: &str = "('update_escalation', 'resolve_escalation', 'record_satisfaction')";

async fn select(pool: &SqlitePool) -> Result<String, StoreError> {
    let staff = has_mirror(pool, "staff").await?;
    let tenants = has_mirror(pool, "tenants").await?;
    let kb = has_mirror(pool, "kb_articles").await?;
    let (tenant_name, csm, tenant_join) = match (tenants, staff) {
        (true, true) => (
            "coalesce(t.name, '')",
            "c.full_name",
            "LEFT JOIN mirror_tenants t ON t.id = e.tenant_id LEFT JOIN mirror_staff c ON c.id = t.owner_csm",
        ),
        (true, false) => ("coalesce(t.name, '')", "NULL", "LEFT JOIN mirror_tenants t ON t.id = e.tenant_id"),
        _ => ("''", "NULL", ""),
    };
    let (assignee, assignee_join) = if staff {
        (
            "coalesce(a.full_name, e.assignee)",
            "LEFT JOIN mirror_staff a ON a.id = e.assignee",
        )
    } else {
        ("e.assignee", "")
    };
    let kb_title = if kb {
        "coalesce(k.title, (SELECT json_extract(q.args, '$.title') FROM outbox q
                              WHERE q.action = 'resolve_escalation' AND q.state <> 'refused'
                                AND json_extract(q.args, '$.article_id') = e.kb_article_id))"
    } else {
        "NULL"
    };
    let kb_join = if kb {
        "LEFT JOIN mirror_kb_articles k ON k.id = e.kb_article_id"
    } else {
        ""
    };
    Ok(format!(
        "SELECT e.id, e.tenant_id, {tenant_name} AS tenant_name, e.title, e.severity, e.category, e.state,
                e.reporter_context, e.reported_by, {assignee} AS assignee, e.next_update_due, e.root_cause,
                e.resolution, e.vendor, e.satisfaction, e.satisfaction_note, e.kb_article_id,
                {kb_title} AS kb_title, {csm} AS csm, e.csm_notified_at, e.opened_at, e.resolved_at,
                e.version, o.state AS sync_state, o.refusal
           FROM mirror_escalations e {tenant_join} {assignee_join} {kb_join} {}",
        sync_join("escalations", "e.id")
    ))
}

fn view(r: &SqliteRow, now: DateTime<Utc>) -> Result<EscalationRecord, StoreError> {
    let state: String = r.try_get("state")?;
    let next_update_due: Option<String> = r.try_get("next_update_due")?;
    Ok(EscalationRecord {
        id: r.try_get("id")?,
        tenant_id: r.try_get("tenant_id")?,
        tenant_name: r.try_get("tenant_name")?,
        title: r.try_get("title")?,
        severity: r.try_get("severity")?,
        category: r.try_get("category")?,
        next_states: escalation_next_states(&state),
        overdue: update_overdue(&state, next_update_due.as_deref().and_then(instant), now),
        state,
        reporter_context: r.try_get("reporter_context")?,
        reported_by: r.try_get("reported_by")?,
        assignee: r.try_get("assignee")?,
        next_update_due,
        root_cause: r.try_get("root_cause")?,
        resolution: r.try_get("resolution")?,
        vendor: r.try_get("vendor")?,
        satisfaction: r.try_get("satisfaction")?,
        satisfaction_note: r.try_get("satisfaction_note")?,
        kb_article_id: r.try_get("kb_article_id")?,
        kb_title: r.try_get("kb_title")?,
        csm: r.try_get("csm")?,
        csm_notified_at: r.try_get("csm_notified_at")?,
        opened_at: r.try_get("opened_at")?,
        resolved_at: r.try_get("resolved_at")?,
        version: r.try_get("version")?,
        sync: record_sync(r.try_get("sync_state")?, r.try_get("refusal")?),
    })
}

/// The list at `now`.
pub async fn list(
    pool: &SqlitePool,
    q: &EscalationQuery,
    now: DateTime<Utc>,
) -> Result<EscalationList, StoreError> {
    if !has_mirror(pool, "escalations").await? {
        return Ok(EscalationList {
            escalations: Vec::new(),
            counts: EscalationCounts::default(),
        });
    }
    let mut qb = QueryBuilder::<Sqlite>::new(select(pool).await?);
    qb.push(" WHERE 1 = 1");
    if !q.states.is_empty() {
        qb.push(" AND e.state IN (");
        let mut sep = qb.separated(", ");
        for s in &q.states {
            sep.push_bind(s.as_str());
        }
        qb.push(")");
    }
    if let Some(t) = &q.tenant_id {
        qb.push(" AND e.tenant_id = ").push_bind(t.as_str());
    }
    if let Some(words) = q.search.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        for word in words.split_whitespace() {
            let like = contains_pattern(word);
            qb.push(" AND (e.title LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR e.reporter_context LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR coalesce(e.root_cause, '') LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR coalesce(e.resolution, '') LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR tenant_name LIKE ")
                .push_bind(like)
                .push(" ESCAPE '\\')");
        }
    }
    qb.push(
        " ORDER BY CASE WHEN e.state IN ('resolved', 'closed') THEN 1 ELSE 0 END,
                   CASE e.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
                   e.opened_at DESC",
    );
    let rows = qb.build().fetch_all(pool).await?;
    let mut escalations = Vec::new();
    for r in &rows {
        let v = view(r, now)?;
        if !q.overdue_only || v.overdue {
            escalations.push(v);
        }
    }
    let counts = counts(pool, now).await?;
    Ok(EscalationList {
        escalations,
        counts,
    })
}

async fn counts(pool: &SqlitePool, now: DateTime<Utc>) -> Result<EscalationCounts, StoreError> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT state, next_update_due FROM mirror_escalations WHERE state NOT IN ('resolved', 'closed')",
    )
    .fetch_all(pool)
    .await?;
    let mut c = EscalationCounts::default();
    for (state, due) in rows {
        c.open += 1;
        if state.starts_with("waiting") {
            c.waiting += 1;
        }
        if update_overdue(&state, due.as_deref().and_then(instant), now) {
            c.overdue += 1;
        }
    }
    Ok(c)
}

/// The escalation `id` with its timeline, or none.
pub async fn detail(
    pool: &SqlitePool,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<EscalationDetail>, StoreError> {
    if !has_mirror(pool, "escalations").await? {
        return Ok(None);
    }
    let sql = format!("{} WHERE e.id = ?", select(pool).await?);
    let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(pool).await? else {
        return Ok(None);
    };
    let escalation = view(&row, now)?;
    let mut timeline = Vec::new();
    if has_mirror(pool, "escalation_timeline").await? {
        let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, at, author, kind, body FROM mirror_escalation_timeline
              WHERE escalation_id = ? ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        for (id, at, author, kind, body) in rows {
            timeline.push(EscalationTimelineEntry {
                id,
                at,
                author,
                kind,
                body,
                sync: RecordSync::Synced,
            });
        }
    }
    // What the member wrote here that the synced copy does not hold yet.
    let queued = sqlx::query(&format!(
        "SELECT action, args, state, refusal, created_at FROM outbox
          WHERE action IN {ACTIONS} AND json_extract(args, '$.escalation_id') = ? ORDER BY id"
    ))
    .bind(id)
    .fetch_all(pool)
    .await?;
    let login: Option<String> = sqlx::query_scalar("SELECT login FROM session LIMIT 1")
        .fetch_optional(pool)
        .await?;
    for r in &queued {
        let args: String = r.try_get("args")?;
        let args: Value = serde_json::from_str(&args)
            .map_err(|e| StoreError::Corrupt(format!("queued escalation change: {e}")))?;
        let entry = args["entry_id"].as_str().unwrap_or_default().to_string();
        if entry.is_empty() || timeline.iter().any(|t| t.id == entry) {
            continue;
        }
        // Accepted ones are the platform's already; its copy arrives with the next sync.
        let state: String = r.try_get("state")?;
        let action: String = r.try_get("action")?;
        let (kind, body) = match action.as_str() {
            "resolve_escalation" => (
                "note".to_string(),
                args["resolution"].as_str().unwrap_or("").to_string(),
            ),
            "record_satisfaction" => (
                "satisfaction".to_string(),
                format!(
                    "{}/5{}",
                    args["score"].as_i64().unwrap_or(0),
                    args["note"]
                        .as_str()
                        .filter(|n| !n.trim().is_empty())
                        .map(|n| format!(": {}", n.trim()))
                        .unwrap_or_default()
                ),
            ),
            _ => {
                let kind = args["kind"].as_str().unwrap_or("note").to_string();
                let body = args["body"].as_str().unwrap_or("").trim().to_string();
                let body = match (kind.as_str(), args["vendor"].as_str()) {
                    ("vendor_contact", Some(v)) => format!("{}: {body}", v.trim()),
                    _ => body,
                };
                (kind, body)
            }
        };
        let created: String = r.try_get("created_at")?;
        timeline.push(EscalationTimelineEntry {
            id: entry,
            at: instant(&created).map_or(created, |t| t.to_rfc3339()),
            author: login.clone().unwrap_or_default(),
            kind,
            body,
            sync: if state == "accepted" {
                RecordSync::Synced
            } else {
                record_sync(Some(state), r.try_get("refusal")?)
            },
        });
    }
    Ok(Some(EscalationDetail {
        escalation,
        timeline,
    }))
}

fn monday(t: DateTime<Utc>) -> String {
    let d = t.date_naive();
    (d - Duration::days(i64::from(d.weekday().num_days_from_monday()))).to_string()
}

/// The patterns report at `now`.
pub async fn patterns(
    pool: &SqlitePool,
    now: DateTime<Utc>,
) -> Result<EscalationPatterns, StoreError> {
    let mut report = EscalationPatterns {
        by_category: Vec::new(),
        by_tenant: Vec::new(),
        by_week: Vec::new(),
        repeats: Vec::new(),
    };
    if !has_mirror(pool, "escalations").await? {
        return Ok(report);
    }
    let list = list(pool, &EscalationQuery::default(), now).await?;
    let opened: Vec<Opened> = list
        .escalations
        .iter()
        .filter_map(|e| {
            Some(Opened {
                id: e.id.clone(),
                tenant: e.tenant_id.clone(),
                category: e.category.clone(),
                at: instant(&e.opened_at)?,
            })
        })
        .collect();
    let pairs = repeats(opened);
    let is_repeat = |id: &str| pairs.iter().any(|(r, _)| r == id);
    let mut by_category: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut by_tenant: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut by_week: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let first_week = monday(now - Duration::weeks(11));
    for w in 0..12 {
        by_week.insert(monday(now - Duration::weeks(11 - w)), (0, 0));
    }
    for e in &list.escalations {
        let rep = i64::from(is_repeat(&e.id));
        let bump = |m: &mut BTreeMap<String, (i64, i64)>, k: &str| {
            let c = m.entry(k.to_string()).or_default();
            c.0 += 1;
            c.1 += rep;
        };
        bump(&mut by_category, &e.category);
        let tenant = if e.tenant_name.is_empty() {
            &e.tenant_id
        } else {
            &e.tenant_name
        };
        bump(&mut by_tenant, tenant);
        if let Some(t) = instant(&e.opened_at) {
            let w = monday(t);
            if w >= first_week {
                bump(&mut by_week, &w);
            }
        }
    }
    let counts = |m: BTreeMap<String, (i64, i64)>| -> Vec<PatternCount> {
        m.into_iter()
            .map(|(label, (count, repeats))| PatternCount {
                label,
                count,
                repeats,
            })
            .collect()
    };
    report.by_category = counts(by_category);
    report
        .by_category
        .sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    report.by_tenant = counts(by_tenant);
    report
        .by_tenant
        .sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
    report.by_tenant.truncate(20);
    report.by_week = counts(by_week);
    let find = |id: &str| list.escalations.iter().find(|e| e.id == id);
    for (rep, earlier) in &pairs {
        if let (Some(r), Some(e)) = (find(rep), find(earlier)) {
            report.repeats.push(RepeatView {
                id: r.id.clone(),
                title: r.title.clone(),
                tenant_name: r.tenant_name.clone(),
                category: r.category.clone(),
                opened_at: r.opened_at.clone(),
                earlier_id: e.id.clone(),
                earlier_title: e.title.clone(),
                earlier_opened_at: e.opened_at.clone(),
            });
        }
    }
    report.repeats.sort_by(|a, b| b.opened_at.cmp(&a.opened_at));
    Ok(report)
}
