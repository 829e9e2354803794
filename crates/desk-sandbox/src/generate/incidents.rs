//! Security incidents with their append-only timelines: classification, containment steps,
//! hash-stamped evidence, status changes and lessons learned (every closed incident has them).

use chrono::Duration;
use rand::RngExt;
use uuid::Uuid;

use super::tenants::TenantModel;
use super::{rng_for, uuid_from, Ctx};
use crate::load::Table;

const CASES: [(&str, &str, &str); 8] = [
    (
        "phishing",
        "Phishing campaign sent from a compromised tenant account",
        "Tenant account sent credential-harvesting mail",
    ),
    (
        "credential_compromise",
        "Customer admin account taken over",
        "Password reuse; attacker added an API key",
    ),
    (
        "insider",
        "Support agent exported a tenant's contact list",
        "A departing agent downloaded a full export the day before leaving",
    ),
    (
        "other",
        "Open redirect in the tracking domain",
        "Reported through the bug bounty",
    ),
    (
        "dos",
        "Volumetric attack on the API gateway",
        "Layer-7 flood from a botnet",
    ),
    (
        "malware",
        "Malicious attachment uploaded to templates",
        "Template editor accepted a macro document",
    ),
    (
        "data_breach",
        "Export link shared publicly",
        "A CSV export URL was posted on a forum",
    ),
    (
        "other",
        "Staff laptop lost while travelling",
        "Disk encrypted; sessions revoked",
    ),
];

/// The incident tables.
pub struct Tables {
    /// platform.security_incidents
    pub incidents: Table,
    /// platform.incident_timeline
    pub timeline: Table,
}

/// Writes the incidents.
pub fn write(
    ctx: &Ctx,
    tenants: &[TenantModel],
    analysts: &[Uuid],
    security_alerts: &[i64],
) -> Tables {
    let mut rng = rng_for(ctx.seed, "incidents", 0);
    let mut t = Tables {
        incidents: Table::new(
            "platform.security_incidents",
            "id, title, type, severity, status, summary, detected_by, alert_id, lead, customer_data_affected, \
             affected_tenants, opened_at, contained_at, closed_at, lessons_learned",
        ),
        timeline: Table::new(
            "platform.incident_timeline",
            "id, incident_id, at, author, kind, body, evidence_sha256, evidence_ref",
        ),
    };
    let count = 12 + ctx.tenants / 1000;
    for _ in 0..count {
        let id = uuid_from(&mut rng);
        let (kind, title, summary) = CASES[rng.random_range(0..CASES.len())];
        let severity = ["SEV1", "SEV2", "SEV2", "SEV3", "SEV3", "SEV4"][rng.random_range(0..6)];
        let opened = ctx.now - Duration::hours(rng.random_range(2..365 * 24));
        let old = (ctx.now - opened).num_days() > 10;
        let status = if old {
            if rng.random_bool(0.15) {
                "false_positive"
            } else {
                "closed"
            }
        } else {
            [
                "detected",
                "investigating",
                "contained",
                "eradicated",
                "recovered",
            ][rng.random_range(0..5)]
        };
        let contained = matches!(status, "contained" | "eradicated" | "recovered" | "closed")
            .then(|| (opened + Duration::hours(rng.random_range(1..30))).min(ctx.now));
        let closed = matches!(status, "closed" | "false_positive")
            .then(|| (opened + Duration::days(rng.random_range(2..10))).min(ctx.now));
        let lessons = (status == "closed").then_some(
            "Detection worked; containment took too long because the runbook was out of date. Runbook updated, alert threshold lowered.",
        );
        let affected: Vec<String> = if tenants.is_empty() || matches!(kind, "dos" | "other") {
            Vec::new()
        } else {
            (0..rng.random_range(1..4))
                .map(|_| {
                    tenants[rng.random_range(0..tenants.len())]
                        .id
                        .hyphenated()
                        .to_string()
                })
                .collect()
        };
        let alert = (!security_alerts.is_empty() && rng.random_bool(0.6))
            .then(|| security_alerts[rng.random_range(0..security_alerts.len())]);
        let lead = (!analysts.is_empty()).then(|| analysts[rng.random_range(0..analysts.len())]);
        t.incidents
            .uuid(id)
            .text(title)
            .text(kind)
            .text(severity)
            .text(status)
            .text(summary)
            .text(if alert.is_some() {
                "monitoring"
            } else {
                "sandbox_security"
            })
            .opt_num(alert)
            .opt_uuid(lead)
            .bool(kind == "data_breach" || (kind == "credential_compromise" && rng.random_bool(0.5)))
            .array(&affected)
            .ts(opened)
            .opt_ts(contained)
            .opt_ts(closed)
            .opt_text(lessons)
            .end();
        let mut entries: Vec<(&str, String, bool)> = vec![
            (
                "classification",
                format!("opened as {severity} {kind}"),
                false,
            ),
            ("note", summary.to_string(), false),
        ];
        if status != "detected" {
            entries.push(("status_change", "detected → investigating".into(), false));
            entries.push((
                "evidence",
                "Collected access logs for the affected window".into(),
                true,
            ));
        }
        if contained.is_some() {
            entries.push((
                "containment",
                "Revoked sessions and API keys; blocked the source addresses".into(),
                false,
            ));
            entries.push(("status_change", "investigating → contained".into(), false));
        }
        if let Some(l) = lessons {
            entries.push(("lesson", l.into(), false));
            entries.push(("status_change", "contained → closed".into(), false));
        }
        if status == "false_positive" {
            entries.push((
                "status_change",
                "investigating → false_positive: benign activity".into(),
                false,
            ));
        }
        let mut at = opened;
        for (kind, body, evidence) in entries {
            at = (at + Duration::minutes(rng.random_range(5..300))).min(ctx.now);
            let mut digest = [0u8; 32];
            rng.fill(&mut digest);
            t.timeline
                .uuid(uuid_from(&mut rng))
                .uuid(id)
                .ts(at)
                .text("sandbox_security")
                .text(kind)
                .text(&body)
                .opt_text(evidence.then(|| hex::encode(digest)).as_deref())
                .opt_text(
                    evidence
                        .then(|| format!("s3://pm-evidence/{id}/access-logs.tar.zst"))
                        .as_deref(),
                )
                .end();
        }
    }
    t
}
