//! Customer-support escalations with their investigation timelines (notes, customer updates,
//! state changes), and the knowledge base, partly written from resolved escalations.

use chrono::Duration;
use fake::faker::lorem::raw::Sentence;
use fake::locales::EN;
use fake::Fake;
use rand::RngExt;
use uuid::Uuid;

use super::tenants::TenantModel;
use super::{rng_for, uuid_from, Ctx};
use crate::load::Table;

/// (category, title, root cause, resolution)
const CASES: [(&str, &str, &str, &str); 8] = [
    (
        "deliverability",
        "Emails landing in spam at Outlook",
        "New sending domain without DMARC alignment",
        "Published DMARC and warmed the domain for two weeks",
    ),
    (
        "sending",
        "Campaign stuck in 'scheduled'",
        "Scheduler lease not released after a deploy",
        "Released the lease; fixed in campaign-scheduler",
    ),
    (
        "billing",
        "Charged twice for seats",
        "Seat change applied on two nodes",
        "Refunded the duplicate and made seat changes idempotent",
    ),
    (
        "integration",
        "HubSpot contacts not syncing",
        "Expired OAuth token after a password change",
        "Customer reconnected HubSpot",
    ),
    (
        "account",
        "Owner locked out after SSO change",
        "SAML certificate rotated on the customer's side",
        "Updated the certificate; owner back in",
    ),
    (
        "performance",
        "Dashboard takes 30 s to load",
        "Missing index on campaign stats",
        "Added the index; p95 under 1 s",
    ),
    (
        "deliverability",
        "High bounce rate on a new list",
        "Purchased list with stale addresses",
        "Paused the list; verification required before sending",
    ),
    (
        "other",
        "Unsubscribe link returns 404",
        "Tracking domain CNAME removed by the customer",
        "Customer restored the CNAME",
    ),
];

/// The escalation tables.
pub struct Tables {
    /// platform.escalations
    pub escalations: Table,
    /// platform.escalation_timeline
    pub timeline: Table,
    /// platform.kb_articles
    pub kb: Table,
}

/// Writes escalations, timelines and the knowledge base.
pub fn write(ctx: &Ctx, tenants: &[TenantModel], engineers: &[Uuid]) -> Tables {
    let mut rng = rng_for(ctx.seed, "escalations", 0);
    let mut t = Tables {
        escalations: Table::new(
            "platform.escalations",
            "id, tenant_id, title, severity, category, state, reporter_context, reported_by, assignee, next_update_due, \
             root_cause, resolution, opened_at, resolved_at",
        ),
        timeline: Table::new("platform.escalation_timeline", "id, escalation_id, at, author, kind, body"),
        kb: Table::new(
            "platform.kb_articles",
            "id, slug, title, body_md, tags, escalation_id, author, published, updated_at",
        ),
    };
    let count = if tenants.is_empty() {
        0
    } else {
        20 + ctx.tenants / 20
    };
    let mut kb_from = Vec::new();
    for i in 0..count {
        let id = uuid_from(&mut rng);
        let tenant = &tenants[rng.random_range(0..tenants.len())];
        let (category, title, cause, fix) = CASES[rng.random_range(0..CASES.len())];
        let severity =
            ["critical", "high", "high", "medium", "medium", "low"][rng.random_range(0..6)];
        let opened = ctx.now - Duration::hours(rng.random_range(1..180 * 24));
        let age_days = (ctx.now - opened).num_days();
        let state = if age_days > 14 {
            if rng.random_bool(0.7) {
                "closed"
            } else {
                "resolved"
            }
        } else {
            [
                "new",
                "investigating",
                "investigating",
                "waiting_on_customer",
                "waiting_on_vendor",
                "resolved",
            ][rng.random_range(0..6)]
        };
        let done = matches!(state, "resolved" | "closed");
        let resolved_at =
            done.then(|| (opened + Duration::hours(rng.random_range(2..96))).min(ctx.now));
        let context: String = Sentence(EN, 8..16).fake_with_rng(&mut rng);
        let assignee = (!engineers.is_empty() && state != "new")
            .then(|| engineers[rng.random_range(0..engineers.len())]);
        let next_due = (!done).then(|| ctx.now + Duration::hours(rng.random_range(-6..48)));
        t.escalations
            .uuid(id)
            .uuid(tenant.id)
            .text(&format!("{title} ({})", tenant.name))
            .text(severity)
            .text(category)
            .text(state)
            .text(&format!("Reported by the customer's admin. {context}"))
            .text(if i % 3 == 0 {
                "sandbox_cs"
            } else {
                "support-tier2"
            })
            .opt_uuid(assignee)
            .opt_ts(next_due)
            .opt_text(done.then_some(cause))
            .opt_text(done.then_some(fix))
            .ts(opened)
            .opt_ts(resolved_at)
            .end();
        // Timeline: a note, updates, and the state changes that led to the current state.
        let mut at = opened;
        let mut steps: Vec<(&str, String)> =
            vec![("note", format!("Escalated from support: {context}"))];
        if state != "new" {
            steps.push(("state_change", "new → investigating".into()));
            steps.push((
                "customer_update",
                "We are investigating and will update you within the hour.".into(),
            ));
            steps.push(("note", format!("Suspected cause: {}", cause.to_lowercase())));
        }
        if state.starts_with("waiting") {
            steps.push(("state_change", format!("investigating → {state}")));
        }
        if done {
            steps.push(("state_change", "investigating → resolved".into()));
            steps.push(("customer_update", format!("Resolved: {fix}.")));
            if state == "closed" {
                steps.push(("state_change", "resolved → closed".into()));
            }
        }
        let authors = ["support-tier2", "sandbox_ops", "sandbox_cs"];
        for (kind, body) in steps {
            at = (at + Duration::minutes(rng.random_range(5..240))).min(ctx.now);
            t.timeline
                .uuid(uuid_from(&mut rng))
                .uuid(id)
                .ts(at)
                .text(authors[rng.random_range(0..authors.len())])
                .text(kind)
                .text(&body)
                .end();
        }
        if done && kb_from.len() < CASES.len() && !kb_from.iter().any(|(_, c)| *c == title) {
            kb_from.push((id, title));
        }
    }
    let mut n = 0;
    for (category, title, cause, fix) in CASES {
        n += 1;
        let escalation = kb_from.iter().find(|(_, c)| *c == title).map(|(id, _)| *id);
        let slug: String = title
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        t.kb.uuid(uuid_from(&mut rng))
            .text(&slug)
            .text(title)
            .text(&format!("# {title}\n\n## Symptoms\n\nCustomers report: {}.\n\n## Cause\n\n{cause}.\n\n## Fix\n\n{fix}.\n", title.to_lowercase()))
            .array(&[category.to_string(), "runbook".to_string()])
            .opt_uuid(escalation)
            .text("sandbox_ops")
            .bool(n % 4 != 0)
            .ts(ctx.now - Duration::days(rng.random_range(1..300)))
            .end();
    }
    t
}
