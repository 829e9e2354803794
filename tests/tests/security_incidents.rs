//! Security incident response on a laptop against a real PostgreSQL platform: an incident
//! opened from a security alert with the response team the type's setting proposes; the
//! containment checklist; evidence stored with its hash, re-checked on every opening, and a
//! file tampered with in the database named as such, on the chain of custody and the timeline;
//! the breach clock; closure with lessons and follow-ups; a false positive with its reason;
//! the refusals (the desk's and the platform's); and that no role but security reads or
//! changes any of it.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use base64::Engine;
use desk_core::incidents::{sha256_hex, EvidenceFile, FollowUpInput, NewIncident};
use desk_core::DeskError;
use desk_domain::incidents::EvidenceVerdict;
use desk_store::incidents::IncidentQuery;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::PlatformDb;
use platform_fixture::{assert_refused, count, staff, ROLES};

const LOG: &[u8] = b"2026-12-01T09:14:02Z login ok user=admin@acme.test ip=203.0.113.7\n\
2026-12-01T09:14:09Z api_key created by admin@acme.test ip=203.0.113.7\n";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn an_incident_is_opened_contained_evidenced_and_closed() {
    let db = PlatformDb::create().await;
    let sec = staff(&db, "desk_security").await;
    let admin = staff(&db, "desk_admin").await;
    let cs = staff(&db, "desk_cs").await;
    let alert: i64 = sqlx::query_scalar(
        "INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title)
         VALUES ('login-anomaly', 'auth', 'high', 'security', 'Impossible travel for a tenant admin')
         RETURNING id",
    )
    .fetch_one(&db.admin)
    .await
    .expect("alert");
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &sec.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");

    // The team proposed for a credential compromise: security and admins (the setting).
    let team = desk
        .security_proposed_team("credential_compromise")
        .await
        .expect("team");
    let logins: Vec<&str> = team.iter().map(|m| m.login.as_str()).collect();
    assert!(
        logins.contains(&sec.login.as_str()) && logins.contains(&admin.login.as_str()),
        "{logins:?}"
    );
    assert!(!logins.contains(&cs.login.as_str()), "{logins:?}");

    // Refused by the desk before it is sent, then by the platform.
    match desk
        .security_open_incident(&NewIncident {
            title: " ".into(),
            kind: "account_takeover".into(),
            severity: "SEV0".into(),
            summary: String::new(),
            alert_id: None,
            team: vec![],
        })
        .await
    {
        Err(DeskError::InvalidInput(m)) => {
            assert!(
                m.contains("title: ") && m.contains("type: ") && m.contains("severity: "),
                "{m}"
            )
        }
        other => panic!("expected a refusal per field, got {other:?}"),
    }
    assert!(matches!(
        desk.security_open_incident(&NewIncident {
            title: "Admin account taken over".into(),
            kind: "credential_compromise".into(),
            severity: "SEV2".into(),
            summary: String::new(),
            alert_id: None,
            team: vec!["nobody_here".into()],
        }).await,
        Err(DeskError::InvalidInput(m)) if m.contains("nobody_here")
    ));

    let id = desk
        .security_open_incident(&NewIncident {
            title: "Tenant admin account taken over".into(),
            kind: "credential_compromise".into(),
            severity: "SEV2".into(),
            summary: "Impossible travel, then a new API key".into(),
            alert_id: Some(alert),
            team: team.iter().map(|m| m.login.clone()).collect(),
        })
        .await
        .expect("open");
    desk.sync_now().await.expect("sync");
    let list = desk
        .security_incidents(&IncidentQuery::default())
        .await
        .expect("list");
    assert!(list.held);
    let i = list
        .incidents
        .iter()
        .find(|i| i.id == id)
        .expect("the new incident is listed");
    assert_eq!(
        (i.status.as_str(), i.alert_id, i.kind_label.as_str()),
        ("detected", Some(alert), "credential compromise")
    );
    assert_eq!(
        i.lead.as_deref(),
        Some(format!("Test {}", sec.login).as_str())
    );
    assert!(i.close_refusal.is_some(), "not closable before containment");

    // Containment as a checklist, with who did each step and when.
    desk.security_add_step(&id, "Revoke the new API key", Some(&admin.login))
        .await
        .expect("step 1");
    desk.security_add_step(&id, "Force a password reset", None)
        .await
        .expect("step 2");
    assert!(matches!(
        desk.security_add_step(&id, "  ", None).await,
        Err(DeskError::InvalidInput(m)) if m.contains("step: ")
    ));
    desk.sync_now().await.expect("sync");
    let d = desk.security_incident(&id).await.expect("detail");
    assert_eq!(d.steps.len(), 2);
    assert_eq!(d.steps[0].assignee.as_deref(), Some(admin.login.as_str()));
    desk.security_complete_step(
        &d.steps[0].id,
        "Key pk_live_… revoked",
        d.steps[0].version as i32,
    )
    .await
    .expect("done");
    assert!(matches!(
        desk.security_complete_step(&d.steps[0].id, "again", d.steps[0].version as i32)
            .await,
        Err(DeskError::InvalidInput(_))
    ));

    // Evidence: stored with its SHA-256 and size, and who collected it.
    match desk
        .security_attach_evidence(&EvidenceFile {
            incident_id: id.clone(),
            file_name: "auth.log".into(),
            media_type: "text/plain".into(),
            description: "Auth log of the admin's sessions".into(),
            content_base64: b64(LOG),
            sha256: Some("0".repeat(64)),
        })
        .await
    {
        Err(DeskError::InvalidInput(m)) => assert!(m.contains("was not stored"), "{m}"),
        other => panic!("a file changed between reading and sending is refused: {other:?}"),
    }
    let evidence = desk
        .security_attach_evidence(&EvidenceFile {
            incident_id: id.clone(),
            file_name: "auth.log".into(),
            media_type: "text/plain".into(),
            description: "Auth log of the admin's sessions".into(),
            content_base64: b64(LOG),
            sha256: Some(sha256_hex(LOG)),
        })
        .await
        .expect("attach");
    desk.sync_now().await.expect("sync");
    let d = desk.security_incident(&id).await.expect("detail");
    assert_eq!(d.steps[0].done_by.as_deref(), Some(sec.login.as_str()));
    assert!(d.steps[0].done_at.is_some());
    let e = &d.evidence[0];
    assert_eq!(
        (e.sha256.as_str(), e.size_bytes, e.collected_by.as_str()),
        (
            sha256_hex(LOG).as_str(),
            LOG.len() as i64,
            sec.login.as_str()
        )
    );
    assert_eq!(e.custody.len(), 1);
    assert_eq!(e.custody[0].action, "collected");

    // Opened: intact, and the opening is on the chain of custody.
    assert!(matches!(
        desk.security_open_evidence(&evidence, " ").await,
        Err(DeskError::InvalidInput(m)) if m.contains("purpose: ")
    ));
    let opened = desk
        .security_open_evidence(&evidence, "Check the source address")
        .await
        .expect("open");
    assert_eq!(opened.verdict, EvidenceVerdict::Intact);
    assert_eq!(opened.text_preview.as_deref().map(str::as_bytes), Some(LOG));

    // Someone with database access changes the stored file behind the platform's back.
    sqlx::raw_sql(
        "SET session_replication_role = replica;
         UPDATE platform.incident_evidence_content
            SET content = overlay(content placing '198.51.100.9' from 45 for 11);
         SET session_replication_role = origin;",
    )
    .execute(&db.admin)
    .await
    .expect("tamper");
    let opened = desk
        .security_open_evidence(&evidence, "Prepare the regulator's report")
        .await
        .expect("open again");
    assert_eq!(opened.verdict, EvidenceVerdict::TamperedAtRest);
    assert_eq!(opened.recorded_sha256, sha256_hex(LOG));
    assert_ne!(opened.stored_sha256, opened.recorded_sha256);
    // The opening shows the chain as it stands, ending with this access, before any sync.
    let chain: Vec<(&str, &str, bool)> = opened
        .custody
        .iter()
        .map(|c| (c.action.as_str(), c.purpose.as_str(), c.hash_matched))
        .collect();
    assert_eq!(
        chain[1..],
        [
            ("opened", "Check the source address", true),
            ("opened", "Prepare the regulator's report", false)
        ]
    );
    assert_eq!(chain[0].0, "collected");
    desk.sync_now().await.expect("sync");
    let d = desk.security_incident(&id).await.expect("detail");
    let e = &d.evidence[0];
    assert!(e.mismatch_seen, "the mismatch is on the evidence itself");
    let actions: Vec<(&str, bool)> = e
        .custody
        .iter()
        .map(|c| (c.action.as_str(), c.hash_matched))
        .collect();
    assert_eq!(
        actions,
        [("collected", true), ("opened", true), ("opened", false)]
    );
    assert!(
        d.timeline
            .iter()
            .any(|t| t.kind == "evidence_mismatch" && t.body.contains("auth.log")),
        "the timeline says so"
    );
    // The timeline itself cannot be rewritten, even by the platform's owner.
    let r = sqlx::query("DELETE FROM platform.incident_timeline WHERE incident_id = $1::uuid")
        .bind(&id)
        .execute(&db.admin)
        .await;
    assert!(r.is_err(), "append-only");

    // Contained; then a confirmed breach starts the 72-hour clock.
    let v = d.incident.version as i32;
    desk.security_set_status(&id, "contained", "Key revoked, sessions ended", v)
        .await
        .expect("contain");
    assert!(matches!(
        desk.security_set_status(&id, "investigating", "", v + 1).await,
        Err(DeskError::InvalidInput(m)) if m.contains("cannot move back")
    ));
    desk.security_confirm_breach(&id, "The key exported 1,200 contacts", v + 1)
        .await
        .expect("breach");
    desk.sync_now().await.expect("sync");
    let d = desk.security_incident(&id).await.expect("detail");
    let clock = d.incident.breach.clone().expect("the clock runs");
    let left = clock.seconds_left.expect("not yet notified");
    assert!(left > 71 * 3600 && left <= 72 * 3600, "{left}");
    assert_eq!(d.incident.kind, "data_breach");
    assert!(d.incident.customer_data_affected);
    assert!(d
        .incident
        .close_refusal
        .as_deref()
        .is_some_and(|r| r.contains("authority")));
    assert!(matches!(
        desk.security_set_status(&id, "false_positive", "no", d.incident.version as i32)
            .await,
        Err(DeskError::InvalidInput(_))
    ));
    // Closing is refused by the platform too until the authority is notified.
    let v = d.incident.version as i32;
    assert!(matches!(
        desk.security_close(&id, "Rotate keys", &[], v).await,
        Err(DeskError::InvalidInput(m)) if m.contains("authority")
    ));
    desk.security_notify_authority(&id, "ICO-2026-4471", v)
        .await
        .expect("notified");
    desk.sync_now().await.expect("sync");
    let d = desk.security_incident(&id).await.expect("detail");
    let clock = d.incident.breach.clone().expect("clock");
    assert_eq!(clock.notified_in_time, Some(true));
    assert_eq!(clock.seconds_left, None);

    // Closed with lessons and follow-ups (each owner must be staff).
    let v = d.incident.version as i32;
    assert!(matches!(
        desk.security_close(&id, " ", &[], v).await,
        Err(DeskError::InvalidInput(m)) if m.contains("lessons: ")
    ));
    assert!(matches!(
        desk.security_close(&id, "Alert on new API keys", &[FollowUpInput {
            action: "Alert on API keys created from a new country".into(),
            owner: "nobody_here".into(),
            due_on: None,
        }], v).await,
        Err(DeskError::InvalidInput(m)) if m.contains("nobody_here")
    ));
    desk.security_close(
        &id,
        "Detection worked; the API key should have been flagged at creation.",
        &[FollowUpInput {
            action: "Alert on API keys created from a new country".into(),
            owner: admin.login.clone(),
            due_on: Some("2026-12-31".into()),
        }],
        v,
    )
    .await
    .expect("close");
    desk.sync_now().await.expect("sync");
    let d = desk.security_incident(&id).await.expect("detail");
    assert_eq!(d.incident.status, "closed");
    assert!(d.incident.next_statuses.is_empty());
    assert_eq!(d.follow_ups.len(), 1);
    assert_eq!(d.follow_ups[0].owner, admin.login);
    assert_eq!(d.follow_ups[0].due_on.as_deref(), Some("2026-12-31"));
    let kinds: Vec<&str> = d.timeline.iter().map(|t| t.kind.as_str()).collect();
    for k in [
        "classification",
        "team",
        "containment",
        "evidence",
        "evidence_mismatch",
        "status_change",
        "breach",
        "authority_notified",
        "follow_up",
        "lesson",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    assert!(
        desk.security_incidents(&IncidentQuery::default())
            .await
            .expect("list")
            .incidents
            .iter()
            .all(|i| i.id != id),
        "closed incidents leave the open list"
    );

    // A false positive is closed with its reason.
    let fp = desk
        .security_open_incident(&NewIncident {
            title: "Phishing report from a tenant".into(),
            kind: "phishing".into(),
            severity: "SEV4".into(),
            summary: String::new(),
            alert_id: None,
            team: vec![],
        })
        .await
        .expect("open");
    assert!(matches!(
        desk.security_set_status(&fp, "false_positive", " ", 1).await,
        Err(DeskError::InvalidInput(m)) if m.contains("note: ")
    ));
    desk.security_set_status(&fp, "false_positive", "The tenant's own newsletter", 1)
        .await
        .expect("false positive");
    desk.sync_now().await.expect("sync");
    let d = desk.security_incident(&fp).await.expect("detail");
    assert_eq!(d.incident.status, "false_positive");
    assert_eq!(
        d.incident.false_positive_reason.as_deref(),
        Some("The tenant's own newsletter")
    );

    // Offline: the incident reads from the local copy, and a change says why it waits.
    drop(desk);
    let desk = laptop.start().await;
    assert_eq!(
        desk.security_incident(&id)
            .await
            .expect("offline read")
            .incident
            .status,
        "closed"
    );
    assert!(matches!(
        desk.security_add_entry(&fp, "note", "Told the tenant").await,
        Err(DeskError::Unreachable(m)) if m.contains("offline")
    ));
}

#[tokio::test]
async fn no_other_role_reads_or_changes_incidents_or_evidence() {
    let db = PlatformDb::create().await;
    let sec = staff(&db, "desk_security").await;
    let incident: String = sqlx::query_scalar(
        "SELECT id::text FROM desk.open_incident(NULL, 'Malware on a build agent', 'malware', 'SEV1', 'x')",
    )
    .fetch_one(&sec.pool)
    .await
    .expect("open");
    let evidence: String = sqlx::query_scalar(
        "SELECT id::text FROM desk.attach_evidence($1::uuid, NULL, 'a.bin', NULL, 'sample', '\\x00ff'::bytea,
                encode(sha256('\\x00ff'::bytea), 'hex'))",
    )
    .bind(&incident)
    .fetch_one(&sec.pool)
    .await
    .expect("attach");
    for role in ROLES.iter().filter(|r| **r != "desk_security") {
        let s = staff(&db, role).await;
        for table in [
            "platform.security_incidents",
            "platform.incident_timeline",
            "platform.incident_containment_steps",
            "platform.incident_evidence",
            "platform.incident_evidence_content",
            "platform.evidence_custody",
            "platform.incident_followups",
        ] {
            assert_refused(
                count(&s.pool, &format!("SELECT count(*) FROM {table}")).await,
                "42501",
                &format!("{role} reading {table}"),
            );
        }
        for call in [
            "SELECT 1 FROM desk.open_incident(NULL, 'x', 'other', 'SEV4', 'y')",
            "SELECT 1 FROM desk.add_containment_step($1::uuid, NULL, 'x', NULL)",
            "SELECT 1 FROM desk.open_evidence($2::uuid, 'curious')",
            "SELECT 1 FROM desk.confirm_breach($1::uuid, 'x')",
            "SELECT 1 FROM desk.set_incident_status($1::uuid, 'contained', 'x')",
            "SELECT 1 FROM desk.close_incident($1::uuid, 'x', '[]')",
        ] {
            let r = sqlx::query(call)
                .bind(&incident)
                .bind(&evidence)
                .execute(&s.pool)
                .await;
            assert_refused(r, "42501", &format!("{role}: {call}"));
        }
        let r = sqlx::query("SELECT * FROM desk.proposed_response_team('malware')")
            .execute(&s.pool)
            .await;
        assert_refused(r, "42501", role);
    }
    // Nobody, security included, reads the stored bytes except through open_evidence.
    assert_refused(
        count(
            &sec.pool,
            "SELECT count(*) FROM platform.incident_evidence_content",
        )
        .await,
        "42501",
        "security reading the bytes directly",
    );
    // And no opening goes unrecorded.
    let before = count(&sec.pool, "SELECT count(*) FROM platform.evidence_custody")
        .await
        .expect("custody");
    sqlx::query("SELECT 1 FROM desk.open_evidence($1::uuid, 'review')")
        .bind(&evidence)
        .execute(&sec.pool)
        .await
        .expect("open");
    assert_eq!(
        count(&sec.pool, "SELECT count(*) FROM platform.evidence_custody")
            .await
            .expect("custody"),
        before + 1
    );
}

#[tokio::test]
async fn a_member_without_security_sees_no_incidents_in_the_desk() {
    let db = PlatformDb::create().await;
    let ops = staff(&db, "desk_ops").await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &ops.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");
    assert!(matches!(
        desk.security_incidents(&IncidentQuery::default()).await,
        Err(DeskError::InvalidInput(m)) if m.contains("security team")
    ));
    assert!(matches!(
        desk.security_proposed_team("malware").await,
        Err(DeskError::InvalidInput(m)) if m.contains("security team")
    ));
}
