//! Security incidents from the synced copy (only a `desk_security` member holds these
//! mirrors): the list (open first, worst first, the breach clocks running), and one incident
//! with its timeline, containment checklist, evidence with its chain of custody, and follow-up
//! actions. Read from the laptop so the security team can review an incident offline; every
//! change is a live call (crates/desk-platform/src/incidents.rs).

use chrono::Utc;
use desk_domain::incidents::{breach_clock, close_refusal, next_statuses, type_label, BreachClock};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};

use crate::mirrors::{contains_pattern, has_mirror, instant};
use crate::StoreError;

/// Which incidents the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IncidentQuery {
    /// Closed and false positives too.
    pub include_finished: bool,
    /// Words in the title, summary or type.
    pub search: Option<String>,
}

/// An incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IncidentRecord {
    /// Id.
    pub id: String,
    /// What happened, in a line.
    pub title: String,
    /// credential_compromise, phishing, malware, dos, data_breach, insider, other.
    pub kind: String,
    /// The type for people ("denial of service").
    pub kind_label: String,
    /// SEV1 (worst) – SEV4.
    pub severity: String,
    /// detected, investigating, contained, eradicated, recovered, closed, false_positive.
    pub status: String,
    /// The statuses it may move to with a status change.
    pub next_statuses: Vec<String>,
    /// Why it may not be closed now (none: it may).
    pub close_refusal: Option<String>,
    /// What is known.
    pub summary: String,
    /// Who or what detected it.
    pub detected_by: String,
    /// The alert that raised it.
    pub alert_id: Option<i64>,
    /// The incident commander's name.
    pub lead: Option<String>,
    /// The response team (logins).
    pub response_team: Vec<String>,
    /// Customer data is affected.
    pub customer_data_affected: bool,
    /// Opened.
    pub opened_at: String,
    /// Contained.
    pub contained_at: Option<String>,
    /// Recovered.
    pub resolved_at: Option<String>,
    /// Closed (or found a false positive).
    pub closed_at: Option<String>,
    /// The lessons learned.
    pub lessons_learned: Option<String>,
    /// Why it was a false positive.
    pub false_positive_reason: Option<String>,
    /// The regulatory clock of a confirmed breach.
    pub breach: Option<BreachClock>,
    /// The authority's case reference.
    pub authority_reference: Option<String>,
    /// Containment steps done.
    pub steps_done: i64,
    /// Containment steps in all.
    pub steps_total: i64,
    /// Pieces of evidence.
    pub evidence_count: i64,
    /// The record's version (a change is refused if it moved on).
    pub version: i64,
}

/// One timeline entry (append-only on the platform).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IncidentTimelineItem {
    /// Id.
    pub id: String,
    /// When.
    pub at: String,
    /// Who (login).
    pub author: String,
    /// note, classification, containment, evidence, status_change, lesson, team, breach,
    /// authority_notified, evidence_mismatch, follow_up.
    pub kind: String,
    /// The text.
    pub body: String,
    /// The evidence's SHA-256, on evidence entries.
    pub evidence_sha256: Option<String>,
}

/// One step of the containment checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContainmentStepItem {
    /// Id.
    pub id: String,
    /// Its place in the list.
    pub position: i64,
    /// What is to be done.
    pub step: String,
    /// Who is to do it (login).
    pub assignee: Option<String>,
    /// Who added it.
    pub added_by: String,
    /// Who did it.
    pub done_by: Option<String>,
    /// When.
    pub done_at: Option<String>,
    /// The record's version.
    pub version: i64,
}

/// One access to a piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustodyEntry {
    /// When.
    pub at: String,
    /// Who (login).
    pub login: String,
    /// collected, opened, exported.
    pub action: String,
    /// Why.
    pub purpose: String,
    /// The SHA-256 of the stored bytes at that moment.
    pub sha256_seen: String,
    /// Whether it matched the one recorded at collection.
    pub hash_matched: bool,
}

/// A piece of evidence with its chain of custody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceItem {
    /// Id.
    pub id: String,
    /// The file's name.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
    /// What it is.
    pub description: String,
    /// Its size.
    pub size_bytes: i64,
    /// The SHA-256 recorded at collection.
    pub sha256: String,
    /// Who collected it.
    pub collected_by: String,
    /// When.
    pub collected_at: String,
    /// Every access, oldest first.
    pub custody: Vec<CustodyEntry>,
    /// Some access found the stored bytes no longer matching.
    pub mismatch_seen: bool,
}

/// A follow-up action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpItem {
    /// Id.
    pub id: String,
    /// What is to be done.
    pub action: String,
    /// Who (login).
    pub owner: String,
    /// By when.
    pub due_on: Option<String>,
}

/// One incident in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IncidentDetail {
    /// The incident.
    pub incident: IncidentRecord,
    /// Its timeline, oldest first.
    pub timeline: Vec<IncidentTimelineItem>,
    /// The containment checklist, in order.
    pub steps: Vec<ContainmentStepItem>,
    /// The evidence, oldest first.
    pub evidence: Vec<EvidenceItem>,
    /// The follow-up actions.
    pub follow_ups: Vec<FollowUpItem>,
}

/// Counts for the list's header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IncidentCounts {
    /// Not closed.
    pub open: i64,
    /// Open SEV1s.
    pub sev1_open: i64,
    /// Breaches whose authority is still to be notified.
    pub clocks_running: i64,
}

/// The list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct IncidentList {
    /// Whether this desk holds incidents at all (a member without `desk_security` does not).
    pub held: bool,
    /// Matching incidents: open first, then by severity and age.
    pub incidents: Vec<IncidentRecord>,
    /// Counts over all.
    pub counts: IncidentCounts,
}

async fn select(pool: &SqlitePool) -> Result<String, StoreError> {
    let staff = has_mirror(pool, "staff").await?;
    let steps = has_mirror(pool, "incident_containment_steps").await?;
    let evidence = has_mirror(pool, "incident_evidence").await?;
    let lead = if staff {
        "(SELECT s.full_name FROM mirror_staff s WHERE s.id = i.lead)"
    } else {
        "NULL"
    };
    let (done, total) = if steps {
        (
            "(SELECT count(*) FROM mirror_incident_containment_steps c WHERE c.incident_id = i.id AND c.done_at IS NOT NULL)",
            "(SELECT count(*) FROM mirror_incident_containment_steps c WHERE c.incident_id = i.id)",
        )
    } else {
        ("0", "0")
    };
    let evidence = if evidence {
        "(SELECT count(*) FROM mirror_incident_evidence e WHERE e.incident_id = i.id)"
    } else {
        "0"
    };
    Ok(format!(
        "SELECT i.id, i.title, i.type, i.severity, i.status, i.summary, i.detected_by, i.alert_id,
                {lead}, i.response_team, i.customer_data_affected, i.opened_at, i.contained_at,
                i.resolved_at, i.closed_at, i.lessons_learned, i.false_positive_reason,
                i.breach_confirmed_at, i.authority_notified_at, i.authority_reference,
                {done}, {total}, {evidence}, i.version
           FROM mirror_security_incidents i"
    ))
}

fn record(r: &SqliteRow) -> Result<IncidentRecord, StoreError> {
    let kind: String = r.try_get(2)?;
    let status: String = r.try_get(4)?;
    let team: Option<String> = r.try_get(9)?;
    let contained_at: Option<String> = r.try_get(12)?;
    let confirmed: Option<String> = r.try_get(17)?;
    let notified: Option<String> = r.try_get(18)?;
    let breach = confirmed
        .as_deref()
        .and_then(instant)
        .map(|c| breach_clock(c, notified.as_deref().and_then(instant), Utc::now()));
    Ok(IncidentRecord {
        id: r.try_get(0)?,
        title: r.try_get(1)?,
        kind_label: type_label(&kind),
        kind,
        severity: r.try_get(3)?,
        next_statuses: next_statuses(&status, confirmed.is_some()),
        close_refusal: close_refusal(
            &status,
            contained_at.is_some(),
            confirmed.is_some(),
            notified.is_some(),
        ),
        status,
        summary: r.try_get(5)?,
        detected_by: r.try_get(6)?,
        alert_id: r.try_get(7)?,
        lead: r.try_get(8)?,
        response_team: team
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default(),
        customer_data_affected: r.try_get::<i64, _>(10)? != 0,
        opened_at: r.try_get(11)?,
        contained_at,
        resolved_at: r.try_get(13)?,
        closed_at: r.try_get(14)?,
        lessons_learned: r.try_get(15)?,
        false_positive_reason: r.try_get(16)?,
        breach,
        authority_reference: r.try_get(19)?,
        steps_done: r.try_get(20)?,
        steps_total: r.try_get(21)?,
        evidence_count: r.try_get(22)?,
        version: r.try_get(23)?,
    })
}

const ORDER: &str =
    " ORDER BY i.status IN ('closed', 'false_positive'), i.severity, i.opened_at DESC";

/// The incidents matching `q`.
pub async fn list(pool: &SqlitePool, q: &IncidentQuery) -> Result<IncidentList, StoreError> {
    if !has_mirror(pool, "security_incidents").await? {
        return Ok(IncidentList {
            held: false,
            incidents: Vec::new(),
            counts: IncidentCounts::default(),
        });
    }
    let mut sql = select(pool).await?;
    sql.push_str(" WHERE 1 = 1");
    if !q.include_finished {
        sql.push_str(" AND i.status NOT IN ('closed', 'false_positive')");
    }
    let search = q
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(contains_pattern);
    if search.is_some() {
        sql.push_str(
            " AND (i.title LIKE ?1 ESCAPE '\\' OR i.summary LIKE ?1 ESCAPE '\\' OR i.type LIKE ?1 ESCAPE '\\')",
        );
    }
    sql.push_str(ORDER);
    let mut query = sqlx::query(&sql);
    if let Some(s) = &search {
        query = query.bind(s);
    }
    let incidents = query
        .fetch_all(pool)
        .await?
        .iter()
        .map(record)
        .collect::<Result<Vec<_>, _>>()?;
    let all = sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT coalesce(sum(status NOT IN ('closed', 'false_positive')), 0),
                coalesce(sum(status NOT IN ('closed', 'false_positive') AND severity = 'SEV1'), 0),
                coalesce(sum(breach_confirmed_at IS NOT NULL AND authority_notified_at IS NULL), 0)
           FROM mirror_security_incidents",
    )
    .fetch_one(pool)
    .await?;
    Ok(IncidentList {
        held: true,
        incidents,
        counts: IncidentCounts {
            open: all.0,
            sev1_open: all.1,
            clocks_running: all.2,
        },
    })
}

/// One incident in full, if the local copy holds it.
pub async fn detail(pool: &SqlitePool, id: &str) -> Result<Option<IncidentDetail>, StoreError> {
    if !has_mirror(pool, "security_incidents").await? {
        return Ok(None);
    }
    let sql = format!("{} WHERE i.id = ?", select(pool).await?);
    let Some(row) = sqlx::query(&sql).bind(id).fetch_optional(pool).await? else {
        return Ok(None);
    };
    let incident = record(&row)?;
    let timeline = if has_mirror(pool, "incident_timeline").await? {
        sqlx::query(
            "SELECT id, at, author, kind, body, evidence_sha256 FROM mirror_incident_timeline
              WHERE incident_id = ? ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(IncidentTimelineItem {
                id: r.try_get(0)?,
                at: r.try_get(1)?,
                author: r.try_get(2)?,
                kind: r.try_get(3)?,
                body: r.try_get(4)?,
                evidence_sha256: r.try_get(5)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?
    } else {
        Vec::new()
    };
    let steps = if has_mirror(pool, "incident_containment_steps").await? {
        sqlx::query(
            "SELECT id, position, step, assignee, added_by, done_by, done_at, version
               FROM mirror_incident_containment_steps WHERE incident_id = ? ORDER BY position",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(ContainmentStepItem {
                id: r.try_get(0)?,
                position: r.try_get(1)?,
                step: r.try_get(2)?,
                assignee: r.try_get(3)?,
                added_by: r.try_get(4)?,
                done_by: r.try_get(5)?,
                done_at: r.try_get(6)?,
                version: r.try_get(7)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?
    } else {
        Vec::new()
    };
    let evidence = evidence(pool, id).await?;
    let follow_ups = if has_mirror(pool, "incident_followups").await? {
        sqlx::query(
            "SELECT id, action, owner, due_on FROM mirror_incident_followups
              WHERE incident_id = ? ORDER BY added_at, id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(FollowUpItem {
                id: r.try_get(0)?,
                action: r.try_get(1)?,
                owner: r.try_get(2)?,
                due_on: r.try_get(3)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?
    } else {
        Vec::new()
    };
    Ok(Some(IncidentDetail {
        incident,
        timeline,
        steps,
        evidence,
        follow_ups,
    }))
}

async fn evidence(pool: &SqlitePool, incident: &str) -> Result<Vec<EvidenceItem>, StoreError> {
    if !has_mirror(pool, "incident_evidence").await? {
        return Ok(Vec::new());
    }
    let custody_held = has_mirror(pool, "evidence_custody").await?;
    let rows = sqlx::query(
        "SELECT id, file_name, media_type, description, size_bytes, sha256, collected_by, collected_at
           FROM mirror_incident_evidence WHERE incident_id = ? ORDER BY collected_at, id",
    )
    .bind(incident)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.try_get(0)?;
        let custody = if custody_held {
            sqlx::query(
                "SELECT at, login, action, purpose, sha256_seen, hash_matched
                   FROM mirror_evidence_custody WHERE evidence_id = ? ORDER BY at, id",
            )
            .bind(&id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|c| {
                Ok(CustodyEntry {
                    at: c.try_get(0)?,
                    login: c.try_get(1)?,
                    action: c.try_get(2)?,
                    purpose: c.try_get(3)?,
                    sha256_seen: c.try_get(4)?,
                    hash_matched: c.try_get::<i64, _>(5)? != 0,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?
        } else {
            Vec::new()
        };
        out.push(EvidenceItem {
            mismatch_seen: custody.iter().any(|c| !c.hash_matched),
            id,
            file_name: r.try_get(1)?,
            media_type: r.try_get(2)?,
            description: r.try_get(3)?,
            size_bytes: r.try_get(4)?,
            sha256: r.try_get(5)?,
            collected_by: r.try_get(6)?,
            collected_at: r.try_get(7)?,
            custody,
        });
    }
    Ok(out)
}

/// Whether `login` is known and active in the synced staff directory (none: the directory is
/// not held here).
pub async fn active_staff(pool: &SqlitePool, login: &str) -> Result<Option<bool>, StoreError> {
    if !has_mirror(pool, "staff").await? {
        return Ok(None);
    }
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM mirror_staff WHERE login = ? AND active = 1")
            .bind(login)
            .fetch_one(pool)
            .await?;
    Ok(Some(n > 0))
}
