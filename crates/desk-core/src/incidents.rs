//! Security incident response for the security team: the incidents and everything about them
//! read from the synced copy (so an investigation can be reviewed offline), and each step of
//! the response (opening, classification, containment, evidence, the breach clock, closure) a
//! live call the platform checks again. Evidence is hashed here before it is sent and again
//! when it comes back, so a file altered at rest or on the way is named as such.

use base64::Engine;
use chrono::SecondsFormat;
use desk_domain::incidents::{evidence_verdict, new_incident_problems, EvidenceVerdict};
use desk_domain::DeskRole;
use desk_platform::incidents::{self as platform, EvidenceUpload, FollowUp, IncidentOpening};
use desk_store::incidents::{
    self as store, CustodyEntry, IncidentDetail, IncidentList, IncidentQuery,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Desk, DeskError};

const MEANWHILE: &str = "the incidents show the last synced state.";

/// Evidence larger than this is refused before it is read into memory twice.
pub const MAX_EVIDENCE_BYTES: usize = 50 * 1024 * 1024;

/// A member proposed for the response team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResponderView {
    /// Their login.
    pub login: String,
    /// Their name.
    pub full_name: String,
    /// Their desk roles.
    pub roles: Vec<String>,
}

/// A new incident, as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewIncident {
    /// What happened, in a line.
    pub title: String,
    /// credential_compromise, phishing, malware, dos, data_breach, insider, other.
    pub kind: String,
    /// SEV1–SEV4.
    pub severity: String,
    /// What is known.
    pub summary: String,
    /// The security alert it was opened from.
    pub alert_id: Option<i64>,
    /// The response team's logins.
    pub team: Vec<String>,
}

/// A file to keep as evidence, as the window read it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceFile {
    /// The incident.
    pub incident_id: String,
    /// The file's name.
    pub file_name: String,
    /// Its media type (empty: unknown).
    pub media_type: String,
    /// What it is and where it came from.
    pub description: String,
    /// The bytes, base64.
    pub content_base64: String,
    /// The SHA-256 the window computed when it read the file (lower-case hex), if it could.
    pub sha256: Option<String>,
}

/// What opening a piece of evidence found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceOpening {
    /// The file's name.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
    /// Its size as collected.
    pub size_bytes: i64,
    /// The SHA-256 recorded at collection.
    pub recorded_sha256: String,
    /// The SHA-256 of the bytes the platform holds now.
    pub stored_sha256: String,
    /// The SHA-256 of the bytes that reached this desk.
    pub received_sha256: String,
    /// The verdict.
    pub verdict: EvidenceVerdict,
    /// The text, when the file is UTF-8 (the first 64 KiB).
    pub text_preview: Option<String>,
    /// The bytes, base64 (for saving a copy).
    pub content_base64: String,
    /// The chain of custody read from the platform right after this opening (which it ends
    /// with), so the member sees their own access before the next sync brings it.
    pub custody: Vec<CustodyEntry>,
}

/// A follow-up action, as the closing form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpInput {
    /// What is to be done.
    pub action: String,
    /// Who does it (login).
    pub owner: String,
    /// By when (`YYYY-MM-DD`).
    pub due_on: Option<String>,
}

/// The lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The start of `bytes` as text (at most 64 KiB, cut at a whole character), when it is UTF-8.
pub fn text_preview(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    match std::str::from_utf8(head) {
        Ok(text) => Some(text.to_string()),
        // Only the last character was cut by the limit: keep what comes before it.
        Err(e) if e.error_len().is_none() && head.len() < bytes.len() => {
            std::str::from_utf8(&head[..e.valid_up_to()])
                .ok()
                .map(str::to_string)
        }
        Err(_) => None,
    }
}

fn required(field: &str, text: &str, message: &str) -> Option<String> {
    text.trim()
        .is_empty()
        .then(|| format!("{field}: {message}"))
}

fn refuse_if(what: &str, problems: Vec<String>) -> Result<(), DeskError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(DeskError::refused(what, &problems))
    }
}

impl Desk {
    async fn security_member(&self, what: &str) -> Result<(), DeskError> {
        let roles = self.signed_in_roles(what).await?;
        if roles.contains(&DeskRole::Security) {
            Ok(())
        } else {
            Err(DeskError::InvalidInput(
                "Security incidents are for the security team (desk_security) only.".into(),
            ))
        }
    }

    async fn incident_platform(&self, what: &str) -> Result<sqlx::PgPool, DeskError> {
        self.security_member(&format!("for {}", what.to_lowercase()))
            .await?;
        self.online_platform(what, MEANWHILE).await
    }

    /// The incidents matching `q`, from the local copy.
    pub async fn security_incidents(&self, q: &IncidentQuery) -> Result<IncidentList, DeskError> {
        self.security_member("to see incidents").await?;
        Ok(store::list(self.store()?.pool(), q).await?)
    }

    /// One incident in full, from the local copy.
    pub async fn security_incident(&self, id: &str) -> Result<IncidentDetail, DeskError> {
        self.security_member("to see incidents").await?;
        store::detail(self.store()?.pool(), id)
            .await?
            .ok_or_else(|| DeskError::NotFound(format!("No incident {id} in the local copy.")))
    }

    /// The staff proposed as the response team of an incident of `kind` (the security setting
    /// of that type). Needs the platform.
    pub async fn security_proposed_team(
        &self,
        kind: &str,
    ) -> Result<Vec<ResponderView>, DeskError> {
        let pool = self.incident_platform("Proposing a team").await?;
        Ok(platform::proposed_team(&pool, kind)
            .await?
            .into_iter()
            .map(|m| ResponderView {
                login: m.login,
                full_name: m.full_name,
                roles: m.roles,
            })
            .collect())
    }

    /// Opens an incident; returns its id.
    pub async fn security_open_incident(&self, i: &NewIncident) -> Result<String, DeskError> {
        refuse_if(
            "The incident",
            new_incident_problems(&i.title, &i.kind, &i.severity),
        )?;
        let pool = self.incident_platform("Opening an incident").await?;
        let id = uuid::Uuid::new_v4().to_string();
        platform::open_incident(
            &pool,
            &IncidentOpening {
                id: &id,
                title: i.title.trim(),
                kind: &i.kind,
                severity: &i.severity,
                summary: i.summary.trim(),
                alert_id: i.alert_id,
                team: &i.team,
            },
        )
        .await?;
        self.wake_sync();
        Ok(id)
    }

    /// Reclassifies an incident, with the reason.
    pub async fn security_classify(
        &self,
        id: &str,
        kind: &str,
        severity: &str,
        reason: &str,
        version: i32,
    ) -> Result<(), DeskError> {
        let mut problems = new_incident_problems("-", kind, severity);
        problems.extend(required("reason", reason, "say why it is reclassified"));
        refuse_if("The classification", problems)?;
        let pool = self.incident_platform("Reclassifying an incident").await?;
        platform::classify(&pool, id, kind, severity, reason.trim(), Some(version)).await?;
        self.wake_sync();
        Ok(())
    }

    /// Appends a note (`kind` note) or a lesson to the timeline.
    pub async fn security_add_entry(
        &self,
        id: &str,
        kind: &str,
        body: &str,
    ) -> Result<(), DeskError> {
        let mut problems: Vec<String> = required("body", body, "write the entry")
            .into_iter()
            .collect();
        if !matches!(kind, "note" | "lesson") {
            problems.push(format!("kind: {kind:?} is neither a note nor a lesson"));
        }
        refuse_if("The entry", problems)?;
        let pool = self.incident_platform("Adding to the timeline").await?;
        platform::add_entry(&pool, id, kind, body.trim()).await?;
        self.wake_sync();
        Ok(())
    }

    /// Adds a containment step (assigned to `assignee`, a login, if given); returns its id.
    pub async fn security_add_step(
        &self,
        id: &str,
        step: &str,
        assignee: Option<&str>,
    ) -> Result<String, DeskError> {
        let assignee = assignee.map(str::trim).filter(|a| !a.is_empty());
        let mut problems: Vec<String> = required("step", step, "say what is to be done")
            .into_iter()
            .collect();
        if let Some(a) = assignee {
            if store::active_staff(self.store()?.pool(), a).await? == Some(false) {
                problems.push(format!("assignee: {a} is not active staff"));
            }
        }
        refuse_if("The step", problems)?;
        let pool = self.incident_platform("Adding a containment step").await?;
        let step_id = platform::add_containment_step(&pool, id, step.trim(), assignee).await?;
        self.wake_sync();
        Ok(step_id)
    }

    /// Ticks a containment step off, saying what was done.
    pub async fn security_complete_step(
        &self,
        step_id: &str,
        note: &str,
        version: i32,
    ) -> Result<(), DeskError> {
        let pool = self
            .incident_platform("Completing a containment step")
            .await?;
        platform::complete_containment_step(&pool, step_id, note.trim(), Some(version)).await?;
        self.wake_sync();
        Ok(())
    }

    /// Stores a file as evidence, hashed here and checked again by the platform; returns its
    /// id.
    pub async fn security_attach_evidence(&self, f: &EvidenceFile) -> Result<String, DeskError> {
        let mut problems: Vec<String> = required("file", &f.file_name, "choose a file")
            .into_iter()
            .collect();
        problems.extend(required(
            "description",
            &f.description,
            "say what the file is and where it came from",
        ));
        if f.content_base64.len() > MAX_EVIDENCE_BYTES / 3 * 4 + 4 {
            problems.push(format!(
                "file: {} is larger than the {} MB evidence limit",
                f.file_name,
                MAX_EVIDENCE_BYTES / 1024 / 1024
            ));
        }
        refuse_if("The evidence", problems)?;
        let content = base64::engine::general_purpose::STANDARD
            .decode(f.content_base64.as_bytes())
            .map_err(|e| DeskError::InvalidInput(format!("The file did not arrive whole: {e}")))?;
        let digest = sha256_hex(&content);
        if let Some(read) = f.sha256.as_deref() {
            if !read.eq_ignore_ascii_case(&digest) {
                return Err(DeskError::InvalidInput(format!(
                    "{} hashed to {read} when it was read but to {digest} when it arrived; it \
                     was not stored. Attach it again.",
                    f.file_name
                )));
            }
        }
        let pool = self.incident_platform("Attaching evidence").await?;
        let media_type = if f.media_type.trim().is_empty() {
            "application/octet-stream"
        } else {
            f.media_type.trim()
        };
        let id = platform::attach_evidence(
            &pool,
            &EvidenceUpload {
                incident: &f.incident_id,
                file_name: f.file_name.trim(),
                media_type,
                description: f.description.trim(),
                content: &content,
                sha256: &digest,
            },
        )
        .await?;
        self.wake_sync();
        Ok(id)
    }

    /// Opens a piece of evidence for `purpose` (written to the chain of custody) and re-checks
    /// its hash three ways.
    pub async fn security_open_evidence(
        &self,
        evidence_id: &str,
        purpose: &str,
    ) -> Result<EvidenceOpening, DeskError> {
        refuse_if(
            "Opening the evidence",
            required(
                "purpose",
                purpose,
                "say why it is opened (the chain of custody records it)",
            )
            .into_iter()
            .collect(),
        )?;
        let pool = self.incident_platform("Opening evidence").await?;
        let e = platform::open_evidence(&pool, evidence_id, purpose.trim()).await?;
        self.wake_sync();
        let received = sha256_hex(&e.content);
        let verdict = evidence_verdict(&e.recorded_sha256, &e.stored_sha256, &received);
        if verdict != EvidenceVerdict::Intact {
            tracing::warn!(
                evidence = evidence_id,
                ?verdict,
                "evidence failed its hash check"
            );
        }
        let text_preview = text_preview(&e.content);
        Ok(EvidenceOpening {
            file_name: e.file_name,
            media_type: e.media_type,
            size_bytes: e.size_bytes,
            recorded_sha256: e.recorded_sha256,
            stored_sha256: e.stored_sha256,
            received_sha256: received,
            verdict,
            text_preview,
            content_base64: base64::engine::general_purpose::STANDARD.encode(&e.content),
            custody: e
                .custody
                .into_iter()
                .map(|c| CustodyEntry {
                    at: c.at.to_rfc3339_opts(SecondsFormat::Micros, true),
                    login: c.login,
                    action: c.action,
                    purpose: c.purpose,
                    sha256_seen: c.sha256_seen,
                    hash_matched: c.hash_matched,
                })
                .collect(),
        })
    }

    /// Confirms a data breach (starts the 72-hour clock to notify the authority).
    pub async fn security_confirm_breach(
        &self,
        id: &str,
        note: &str,
        version: i32,
    ) -> Result<(), DeskError> {
        refuse_if(
            "Confirming the breach",
            required("note", note, "say what confirmed the breach")
                .into_iter()
                .collect(),
        )?;
        let pool = self.incident_platform("Confirming a breach").await?;
        platform::confirm_breach(&pool, id, note.trim(), Some(version)).await?;
        self.wake_sync();
        Ok(())
    }

    /// Records that the authority was notified, with its reference (stops the clock).
    pub async fn security_notify_authority(
        &self,
        id: &str,
        reference: &str,
        version: i32,
    ) -> Result<(), DeskError> {
        refuse_if(
            "The notification",
            required("reference", reference, "give the authority's reference")
                .into_iter()
                .collect(),
        )?;
        let pool = self.incident_platform("Recording the notification").await?;
        platform::record_authority_notified(&pool, id, reference.trim(), Some(version)).await?;
        self.wake_sync();
        Ok(())
    }

    /// Moves an incident on; a false positive needs its reason in `note`.
    pub async fn security_set_status(
        &self,
        id: &str,
        status: &str,
        note: &str,
        version: i32,
    ) -> Result<(), DeskError> {
        if status == "false_positive" {
            refuse_if(
                "Closing as a false positive",
                required("note", note, "say why it is a false positive")
                    .into_iter()
                    .collect(),
            )?;
        }
        let pool = self
            .incident_platform("Changing an incident's status")
            .await?;
        platform::set_status(&pool, id, status, note.trim(), Some(version)).await?;
        self.wake_sync();
        Ok(())
    }

    /// Closes an incident with its lessons learned and follow-up actions.
    pub async fn security_close(
        &self,
        id: &str,
        lessons: &str,
        follow_ups: &[FollowUpInput],
        version: i32,
    ) -> Result<(), DeskError> {
        let mut problems: Vec<String> = required("lessons", lessons, "write the lessons learned")
            .into_iter()
            .collect();
        for (n, f) in follow_ups.iter().enumerate() {
            problems.extend(required(
                &format!("followUps.{n}.action"),
                &f.action,
                "say what is to be done",
            ));
            problems.extend(required(
                &format!("followUps.{n}.owner"),
                &f.owner,
                "name who does it",
            ));
        }
        refuse_if("Closing the incident", problems)?;
        let pool = self.incident_platform("Closing an incident").await?;
        let follow_ups: Vec<FollowUp> = follow_ups
            .iter()
            .map(|f| FollowUp {
                action: f.action.trim().to_string(),
                owner: f.owner.trim().to_string(),
                due_on: f.due_on.clone().filter(|d| !d.trim().is_empty()),
            })
            .collect();
        platform::close(&pool, id, lessons.trim(), &follow_ups, Some(version)).await?;
        self.wake_sync();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_is_text_cut_at_a_whole_character_and_none_for_binary() {
        let mut long = "a".repeat(64 * 1024 - 1).into_bytes();
        long.extend("é and more".as_bytes());
        let preview = text_preview(&long).expect("text");
        assert_eq!(preview.len(), 64 * 1024 - 1);
        assert_eq!(text_preview(b"hello").as_deref(), Some("hello"));
        assert_eq!(text_preview(&[0xff, 0xfe, 0x00]), None);
    }

    #[test]
    fn the_digest_is_lower_case_hex_sha256() {
        assert_eq!(
            sha256_hex(b"hello"),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
    }
}
