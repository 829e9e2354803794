//! Security incident response on the platform, live: every step of an incident is a call of
//! one `desk.*` function that only `desk_security` may run, and that checks the step again and
//! refuses with a message saying why. Evidence bytes go to the platform and come back from it
//! only through these calls, so every opening is written to the chain of custody.

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Row};

use crate::staff::problems;
use crate::PlatformError;

/// A member proposed for an incident's response team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    /// Their login.
    pub login: String,
    /// Their name.
    pub full_name: String,
    /// Their desk roles.
    pub roles: Vec<String>,
}

/// The active staff proposed for an incident of `kind` (the security setting of that type).
pub async fn proposed_team(pool: &PgPool, kind: &str) -> Result<Vec<TeamMember>, PlatformError> {
    let rows = sqlx::query("SELECT login, full_name, roles FROM desk.proposed_response_team($1)")
        .bind(kind)
        .fetch_all(pool)
        .await
        .map_err(problems)?;
    rows.iter()
        .map(|r| {
            Ok(TeamMember {
                login: r.try_get(0)?,
                full_name: r.try_get(1)?,
                roles: r.try_get(2)?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(PlatformError::from)
}

/// A new incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentOpening<'a> {
    /// Its id (chosen by the desk).
    pub id: &'a str,
    /// What happened, in a line.
    pub title: &'a str,
    /// Its type.
    pub kind: &'a str,
    /// SEV1–SEV4.
    pub severity: &'a str,
    /// What is known.
    pub summary: &'a str,
    /// The alert that raised it.
    pub alert_id: Option<i64>,
    /// The response team's logins.
    pub team: &'a [String],
}

/// Opens an incident.
pub async fn open_incident(pool: &PgPool, i: &IncidentOpening<'_>) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.open_incident($1::text::uuid, $2, $3, $4, $5, $6, $7)")
        .bind(i.id)
        .bind(i.title)
        .bind(i.kind)
        .bind(i.severity)
        .bind(i.summary)
        .bind(i.alert_id)
        .bind(i.team)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}

/// Reclassifies an incident.
pub async fn classify(
    pool: &PgPool,
    incident: &str,
    kind: &str,
    severity: &str,
    reason: &str,
    expected_version: Option<i32>,
) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.classify_incident($1::text::uuid, $2, $3, $4, $5)")
        .bind(incident)
        .bind(kind)
        .bind(severity)
        .bind(reason)
        .bind(expected_version)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}

/// Appends a note or a lesson to the timeline.
pub async fn add_entry(
    pool: &PgPool,
    incident: &str,
    kind: &str,
    body: &str,
) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.add_incident_entry($1::text::uuid, NULL, $2, $3)")
        .bind(incident)
        .bind(kind)
        .bind(body)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}

/// Adds a containment step; returns its id.
pub async fn add_containment_step(
    pool: &PgPool,
    incident: &str,
    step: &str,
    assignee: Option<&str>,
) -> Result<String, PlatformError> {
    sqlx::query_scalar(
        "SELECT id::text FROM desk.add_containment_step($1::text::uuid, NULL, $2, $3)",
    )
    .bind(incident)
    .bind(step)
    .bind(assignee)
    .fetch_one(pool)
    .await
    .map_err(problems)
}

/// Ticks a containment step off.
pub async fn complete_containment_step(
    pool: &PgPool,
    step: &str,
    note: &str,
    expected_version: Option<i32>,
) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.complete_containment_step($1::text::uuid, $2, $3)")
        .bind(step)
        .bind(note)
        .bind(expected_version)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}

/// A file to keep as evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceUpload<'a> {
    /// The incident.
    pub incident: &'a str,
    /// The file's name.
    pub file_name: &'a str,
    /// Its media type.
    pub media_type: &'a str,
    /// What it is and where it came from.
    pub description: &'a str,
    /// The bytes.
    pub content: &'a [u8],
    /// Their SHA-256, lower-case hex (the platform recomputes it and refuses a mismatch).
    pub sha256: &'a str,
}

/// Stores evidence; returns its id.
pub async fn attach_evidence(
    pool: &PgPool,
    e: &EvidenceUpload<'_>,
) -> Result<String, PlatformError> {
    sqlx::query_scalar(
        "SELECT id::text FROM desk.attach_evidence($1::text::uuid, NULL, $2, $3, $4, $5, $6)",
    )
    .bind(e.incident)
    .bind(e.file_name)
    .bind(e.media_type)
    .bind(e.description)
    .bind(e.content)
    .bind(e.sha256)
    .fetch_one(pool)
    .await
    .map_err(problems)
}

/// A piece of evidence as opened (the opening is on the chain of custody).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedEvidence {
    /// The file's name.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
    /// Its size when collected.
    pub size_bytes: i64,
    /// The SHA-256 recorded when it was collected.
    pub recorded_sha256: String,
    /// The SHA-256 of the bytes stored now ("missing" when gone).
    pub stored_sha256: String,
    /// The bytes.
    pub content: Vec<u8>,
    /// The chain-of-custody entry of this opening.
    pub custody_id: i64,
    /// The whole chain of custody as the platform holds it now, this opening last.
    pub custody: Vec<CustodyRecord>,
}

/// One entry of a piece of evidence's chain of custody, read live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustodyRecord {
    /// When.
    pub at: DateTime<Utc>,
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

/// Opens evidence for `purpose`.
pub async fn open_evidence(
    pool: &PgPool,
    evidence: &str,
    purpose: &str,
) -> Result<OpenedEvidence, PlatformError> {
    let r = sqlx::query(
        "SELECT file_name, media_type, size_bytes, recorded_sha256, stored_sha256,
                coalesce(content, ''::bytea), custody_id
           FROM desk.open_evidence($1::text::uuid, $2)",
    )
    .bind(evidence)
    .bind(purpose)
    .fetch_one(pool)
    .await
    .map_err(problems)?;
    // The chain as it stands after this opening, so the member sees their own access at once
    // rather than when the next sync brings it.
    let custody = sqlx::query(
        "SELECT at, login, action, purpose, sha256_seen, hash_matched
           FROM platform.evidence_custody WHERE evidence_id = $1::text::uuid ORDER BY at, id",
    )
    .bind(evidence)
    .fetch_all(pool)
    .await
    .map_err(problems)?
    .iter()
    .map(|c| {
        Ok(CustodyRecord {
            at: c.try_get(0)?,
            login: c.try_get(1)?,
            action: c.try_get(2)?,
            purpose: c.try_get(3)?,
            sha256_seen: c.try_get(4)?,
            hash_matched: c.try_get(5)?,
        })
    })
    .collect::<Result<Vec<_>, PlatformError>>()?;
    Ok(OpenedEvidence {
        file_name: r.try_get(0)?,
        media_type: r.try_get(1)?,
        size_bytes: r.try_get(2)?,
        recorded_sha256: r.try_get(3)?,
        stored_sha256: r.try_get(4)?,
        content: r.try_get(5)?,
        custody_id: r.try_get(6)?,
        custody,
    })
}

/// Confirms a data breach (starts the 72-hour clock).
pub async fn confirm_breach(
    pool: &PgPool,
    incident: &str,
    note: &str,
    expected_version: Option<i32>,
) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.confirm_breach($1::text::uuid, $2, $3)")
        .bind(incident)
        .bind(note)
        .bind(expected_version)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}

/// Records that the authority was notified.
pub async fn record_authority_notified(
    pool: &PgPool,
    incident: &str,
    reference: &str,
    expected_version: Option<i32>,
) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.record_authority_notified($1::text::uuid, $2, $3)")
        .bind(incident)
        .bind(reference)
        .bind(expected_version)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}

/// Moves an incident on (or closes it as a false positive, `note` being the reason).
pub async fn set_status(
    pool: &PgPool,
    incident: &str,
    status: &str,
    note: &str,
    expected_version: Option<i32>,
) -> Result<(), PlatformError> {
    sqlx::query("SELECT 1 FROM desk.set_incident_status($1::text::uuid, $2, $3, $4)")
        .bind(incident)
        .bind(status)
        .bind(note)
        .bind(expected_version)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}

/// A follow-up action decided at closure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// What is to be done.
    pub action: String,
    /// Who does it (login).
    pub owner: String,
    /// By when (`YYYY-MM-DD`).
    pub due_on: Option<String>,
}

/// Closes an incident with its lessons learned and follow-ups.
pub async fn close(
    pool: &PgPool,
    incident: &str,
    lessons: &str,
    follow_ups: &[FollowUp],
    expected_version: Option<i32>,
) -> Result<(), PlatformError> {
    let follow_ups: Vec<serde_json::Value> = follow_ups
        .iter()
        .map(|f| serde_json::json!({"action": f.action, "owner": f.owner, "due_on": f.due_on}))
        .collect();
    let follow_ups = serde_json::Value::Array(follow_ups);
    sqlx::query("SELECT 1 FROM desk.close_incident($1::text::uuid, $2, $3, $4)")
        .bind(incident)
        .bind(lessons)
        .bind(follow_ups)
        .bind(expected_version)
        .execute(pool)
        .await
        .map_err(problems)?;
    Ok(())
}
