//! Security incidents with their append-only timelines: classification, containment steps,
//! hash-stamped evidence, status changes and lessons learned (every closed incident has them).

use chrono::{DateTime, Duration, Utc};
use rand::RngExt;
use sha2::{Digest, Sha256};
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
    /// platform.incident_containment_steps
    pub steps: Table,
    /// platform.incident_evidence
    pub evidence: Table,
    /// platform.incident_evidence_content
    pub content: Table,
    /// platform.evidence_custody
    pub custody: Table,
    /// platform.incident_followups
    pub followups: Table,
}

impl Tables {
    /// Every table, in load order.
    pub fn all(&self) -> [&Table; 7] {
        [
            &self.incidents,
            &self.timeline,
            &self.steps,
            &self.evidence,
            &self.content,
            &self.custody,
            &self.followups,
        ]
    }
}

/// The security team's login in the sandbox (author of what it did).
const ANALYST: &str = "sandbox_security";

/// The containment steps a case of `kind` gets.
fn containment(kind: &str) -> &'static [&'static str] {
    match kind {
        "credential_compromise" => &[
            "Revoke the attacker's API keys and sessions",
            "Force a password reset and MFA enrolment",
            "Review the audit trail for changes made by the account",
        ],
        "phishing" => &[
            "Suspend the sending tenant's outbound mail",
            "Block the landing domain at the link tracker",
            "Notify the mailbox providers' abuse desks",
        ],
        "malware" => &[
            "Quarantine the uploaded templates",
            "Scan every template stored in the last 30 days",
        ],
        "dos" => &[
            "Raise the edge rate limits",
            "Enable the provider's attack mitigation",
        ],
        "data_breach" => &[
            "Revoke the public export link",
            "List the tenants whose data was in the export",
            "Preserve the access logs of the link",
        ],
        "insider" => &[
            "Disable the member's desk and platform logins",
            "Preserve the member's laptop image",
        ],
        _ => &["Revoke sessions", "Patch the redirect handler"],
    }
}

/// The response team the sandbox's setting would propose for `kind`.
fn team(kind: &str) -> Vec<String> {
    let extra = match kind {
        "phishing" => &["sandbox_cs"][..],
        "malware" | "dos" => &["sandbox_ops"],
        "data_breach" => &["sandbox_admin", "sandbox_cs"],
        "credential_compromise" | "insider" => &["sandbox_admin"],
        _ => &[],
    };
    std::iter::once(ANALYST)
        .chain(extra.iter().copied())
        .map(str::to_string)
        .collect()
}

/// A small access log, as the evidence of an incident.
fn access_log(rng: &mut impl RngExt, from: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut at = from;
    for _ in 0..rng.random_range(6..20) {
        at += Duration::seconds(rng.random_range(3..600));
        let ip = format!("203.0.113.{} ", rng.random_range(1..255));
        let what = [
            "login ok",
            "login failed",
            "api_key created",
            "export requested",
            "template uploaded",
        ][rng.random_range(0..5)];
        out.push_str(&format!(
            "{} {what} ip={}\n",
            at.format("%Y-%m-%dT%H:%M:%SZ"),
            ip.trim()
        ));
    }
    out
}

/// A few minutes to hours after `at` (never after `now`); moves `at` there.
fn later(at: &mut DateTime<Utc>, rng: &mut impl RngExt, now: DateTime<Utc>) -> DateTime<Utc> {
    *at = (*at + Duration::minutes(rng.random_range(5..300))).min(now);
    *at
}

/// A timeline entry: when, its kind, its text, and the evidence (digest, id) it records.
type Entry = (DateTime<Utc>, &'static str, String, Option<(String, Uuid)>);

/// One incident as written.
struct Case<'a> {
    kind: &'a str,
    title: &'a str,
    summary: &'a str,
    severity: &'a str,
    status: &'a str,
    opened: DateTime<Utc>,
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
             affected_tenants, opened_at, contained_at, closed_at, lessons_learned, response_team, resolved_at, \
             breach_confirmed_at, authority_notified_at, authority_reference, false_positive_reason",
        ),
        timeline: Table::new(
            "platform.incident_timeline",
            "id, incident_id, at, author, kind, body, evidence_sha256, evidence_ref",
        ),
        steps: Table::new(
            "platform.incident_containment_steps",
            "id, incident_id, position, step, assignee, added_by, added_at, done_by, done_at",
        ),
        evidence: Table::new(
            "platform.incident_evidence",
            "id, incident_id, file_name, media_type, description, size_bytes, sha256, collected_by, collected_at",
        ),
        content: Table::new("platform.incident_evidence_content", "evidence_id, content"),
        custody: Table::new(
            "platform.evidence_custody",
            "evidence_id, at, login, action, purpose, sha256_seen, hash_matched",
        ),
        followups: Table::new(
            "platform.incident_followups",
            "id, incident_id, action, owner, due_on, added_by, added_at",
        ),
    };
    let count = 12 + ctx.tenants / 1000;
    let mut cases: Vec<Case> = Vec::new();
    for _ in 0..count {
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
        cases.push(Case {
            kind,
            title,
            summary,
            severity,
            status,
            opened,
        });
    }
    // One breach under investigation with its 72-hour clock running (confirmed 20 hours ago).
    cases.push(Case {
        kind: "data_breach",
        title: "Customer contact export reachable without sign-in",
        summary: "A signed export URL did not expire; a crawler fetched it",
        severity: "SEV1",
        status: "investigating",
        opened: ctx.now - Duration::hours(30),
    });
    for case in cases {
        write_case(
            ctx,
            &mut rng,
            &mut t,
            &case,
            tenants,
            analysts,
            security_alerts,
        );
    }
    t
}

#[allow(clippy::too_many_arguments)]
fn write_case(
    ctx: &Ctx,
    rng: &mut impl RngExt,
    t: &mut Tables,
    case: &Case,
    tenants: &[TenantModel],
    analysts: &[Uuid],
    security_alerts: &[i64],
) {
    let Case {
        kind,
        title,
        summary,
        severity,
        status,
        opened,
    } = *case;
    let id = uuid_from(rng);
    let contained = matches!(status, "contained" | "eradicated" | "recovered" | "closed")
        .then(|| (opened + Duration::hours(rng.random_range(1..30))).min(ctx.now));
    let closed = matches!(status, "closed" | "false_positive")
        .then(|| (opened + Duration::days(rng.random_range(2..10))).min(ctx.now));
    let resolved = match status {
        "recovered" => {
            contained.map(|c| (c + Duration::hours(rng.random_range(2..48))).min(ctx.now))
        }
        "closed" => closed,
        _ => None,
    };
    let lessons = (status == "closed").then_some(
        "Detection worked; containment took too long because the runbook was out of date. Runbook updated, alert threshold lowered.",
    );
    let running_breach = kind == "data_breach" && status == "investigating";
    let breach_confirmed = if running_breach {
        Some(ctx.now - Duration::hours(20))
    } else if kind == "data_breach" {
        contained
    } else {
        None
    };
    let notified = breach_confirmed
        .filter(|_| status == "closed")
        .map(|c| c + Duration::hours(rng.random_range(20..70)));
    let reference = notified.map(|_| format!("ICO-2026-{:04}", rng.random_range(1000..9999)));
    let false_positive =
        (status == "false_positive").then_some("Benign: a tenant's own scheduled security scan");
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
            ANALYST
        })
        .opt_num(alert)
        .opt_uuid(lead)
        .bool(kind == "data_breach" || (kind == "credential_compromise" && rng.random_bool(0.5)))
        .array(&affected)
        .ts(opened)
        .opt_ts(contained)
        .opt_ts(closed)
        .opt_text(lessons)
        .array(&team(kind))
        .opt_ts(resolved)
        .opt_ts(breach_confirmed)
        .opt_ts(notified)
        .opt_text(reference.as_deref())
        .opt_text(false_positive)
        .end();

    let mut at = opened;
    let mut entries: Vec<Entry> = Vec::new();
    entries.push((
        later(&mut at, rng, ctx.now),
        "classification",
        format!("opened as {severity} {}", kind.replace('_', " ")),
        None,
    ));
    entries.push((
        later(&mut at, rng, ctx.now),
        "team",
        format!("response team: {}", team(kind).join(", ")),
        None,
    ));
    entries.push((
        later(&mut at, rng, ctx.now),
        "note",
        summary.to_string(),
        None,
    ));
    let steps = containment(kind);
    let assignee = team(kind)
        .last()
        .cloned()
        .unwrap_or_else(|| ANALYST.to_string());
    if status != "detected" {
        entries.push((
            later(&mut at, rng, ctx.now),
            "status_change",
            "detected → investigating".into(),
            None,
        ));
        let collected = later(&mut at, rng, ctx.now);
        let log = access_log(rng, opened);
        let digest = hex::encode(Sha256::digest(log.as_bytes()));
        let evidence = uuid_from(rng);
        let name = format!("access-{}.log", opened.format("%Y%m%d"));
        t.evidence
            .uuid(evidence)
            .uuid(id)
            .text(&name)
            .text("text/plain")
            .text("Access log of the affected window, exported from the log store")
            .num(log.len())
            .text(&digest)
            .text(ANALYST)
            .ts(collected)
            .end();
        t.content
            .uuid(evidence)
            .text(&format!("\\x{}", hex::encode(log.as_bytes())))
            .end();
        t.custody
            .uuid(evidence)
            .ts(collected)
            .text(ANALYST)
            .text("collected")
            .text("Access log of the affected window")
            .text(&digest)
            .bool(true)
            .end();
        entries.push((
            collected,
            "evidence",
            format!("{name} ({} bytes) collected by {ANALYST}", log.len()),
            Some((digest, evidence)),
        ));
        for (n, text) in steps.iter().enumerate() {
            let added = later(&mut at, rng, ctx.now);
            let done = contained.map(|c| c.min(added + Duration::minutes(30)).max(added));
            t.steps
                .uuid(uuid_from(rng))
                .uuid(id)
                .num(n + 1)
                .text(text)
                .text(if n % 2 == 0 { ANALYST } else { &assignee })
                .text(ANALYST)
                .ts(added)
                .opt_text(done.map(|_| ANALYST))
                .opt_ts(done)
                .end();
            entries.push((
                added,
                "containment",
                format!("step {} added: {text}", n + 1),
                None,
            ));
            if let Some(d) = done {
                entries.push((
                    d,
                    "containment",
                    format!("step {} done: {text}", n + 1),
                    None,
                ));
            }
        }
    }
    if let Some(c) = contained {
        entries.push((c, "status_change", "investigating → contained".into(), None));
    }
    if let Some(b) = breach_confirmed {
        entries.push((
            b,
            "breach",
            format!(
                "data breach confirmed: customer data left the platform; the authority must be notified by {}",
                (b + Duration::hours(72)).format("%Y-%m-%d %H:%M UTC")
            ),
            None,
        ));
    }
    if let (Some(n), Some(r)) = (notified, &reference) {
        entries.push((
            n,
            "authority_notified",
            format!("authority notified ({r})"),
            None,
        ));
    }
    if let Some(r) = resolved.filter(|_| status == "recovered") {
        entries.push((r, "status_change", "eradicated → recovered".into(), None));
    }
    if let (Some(l), Some(c)) = (lessons, closed) {
        for (n, (action, owner)) in [
            ("Update the containment runbook for this case", ANALYST),
            (
                "Lower the alert threshold that caught it late",
                "sandbox_ops",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            t.followups
                .uuid(uuid_from(rng))
                .uuid(id)
                .text(action)
                .text(owner)
                .date((c + Duration::days(14 * (n as i64 + 1))).date_naive())
                .text(ANALYST)
                .ts(c)
                .end();
            entries.push((
                c,
                "follow_up",
                format!("follow-up: {action} (owner {owner})"),
                None,
            ));
        }
        entries.push((c, "lesson", l.into(), None));
        entries.push((c, "status_change", "recovered → closed".into(), None));
    }
    if let Some(c) = closed.filter(|_| status == "false_positive") {
        entries.push((
            c,
            "status_change",
            format!(
                "investigating → false positive: {}",
                false_positive.unwrap_or_default()
            ),
            None,
        ));
    }
    entries.sort_by_key(|e| e.0);
    for (at, kind, body, evidence) in entries {
        t.timeline
            .uuid(uuid_from(rng))
            .uuid(id)
            .ts(at)
            .text(ANALYST)
            .text(kind)
            .text(&body)
            .opt_text(evidence.as_ref().map(|e| e.0.as_str()))
            .opt_text(evidence.map(|e| format!("evidence:{}", e.1)).as_deref())
            .end();
    }
}
