//! Customer-support escalations with their investigation timelines (notes, findings, root
//! causes, vendor contacts, customer updates, state changes that follow the platform's state
//! machine, the customer's satisfaction after resolution), and the knowledge base, partly
//! written from resolved escalations and linked both ways. About one escalation in five is a
//! repeat (same tenant and category within 30 days of an earlier one), so the escalation
//! patterns report has repeats to find.

use chrono::{DateTime, Duration, Utc};
use fake::faker::lorem::raw::Sentence;
use fake::locales::EN;
use fake::Fake;
use rand::rngs::ChaCha8Rng;
use rand::RngExt;
use uuid::Uuid;

use super::tenants::TenantModel;
use super::{rng_for, uuid_from, Ctx};
use crate::load::Table;

/// A kind of problem customers escalate, with what the investigation finds.
struct Case {
    category: &'static str,
    title: &'static str,
    finding: &'static str,
    cause: &'static str,
    fix: &'static str,
    /// The vendor contacted when it needs one, and what was asked.
    vendor: (&'static str, &'static str),
}

static CASES: [Case; 8] = [
    Case {
        category: "deliverability",
        title: "Emails landing in spam at Outlook",
        finding: "SPF passes but DMARC fails alignment on the new sending domain",
        cause: "New sending domain without DMARC alignment",
        fix: "Published DMARC and warmed the domain for two weeks",
        vendor: (
            "Microsoft",
            "asked Outlook.com sender support to review the sending domain's reputation",
        ),
    },
    Case {
        category: "sending",
        title: "Campaign stuck in 'scheduled'",
        finding: "The campaign's scheduler lease is held by a node that no longer exists",
        cause: "Scheduler lease not released after a deploy",
        fix: "Released the lease; fixed in campaign-scheduler",
        vendor: (
            "AWS",
            "asked AWS support whether the lease table was throttled during the deploy",
        ),
    },
    Case {
        category: "billing",
        title: "Charged twice for seats",
        finding: "Two seat-change events with the same timestamp reached billing",
        cause: "Seat change applied on two nodes",
        fix: "Refunded the duplicate and made seat changes idempotent",
        vendor: (
            "Stripe",
            "asked Stripe to confirm the duplicate charge and refund it in one step",
        ),
    },
    Case {
        category: "integration",
        title: "HubSpot contacts not syncing",
        finding: "HubSpot answers 401 to every sync since the customer's password change",
        cause: "Expired OAuth token after a password change",
        fix: "Customer reconnected HubSpot",
        vendor: (
            "HubSpot",
            "opened a developer support ticket about refresh tokens failing after password changes",
        ),
    },
    Case {
        category: "account",
        title: "Owner locked out after SSO change",
        finding:
            "SAML assertions are rejected: the signature does not match the stored certificate",
        cause: "SAML certificate rotated on the customer's side",
        fix: "Updated the certificate; owner back in",
        vendor: (
            "Okta",
            "asked Okta support to confirm the customer's new SAML signing certificate",
        ),
    },
    Case {
        category: "performance",
        title: "Dashboard takes 30 s to load",
        finding: "The campaign stats query scans 40 million rows for every dashboard load",
        cause: "Missing index on campaign stats",
        fix: "Added the index; p95 under 1 s",
        vendor: (
            "AWS",
            "asked AWS support about IO credit exhaustion on the stats database",
        ),
    },
    Case {
        category: "deliverability",
        title: "High bounce rate on a new list",
        finding: "38 % hard bounces, mostly at domains that no longer exist",
        cause: "Purchased list with stale addresses",
        fix: "Paused the list; verification required before sending",
        vendor: (
            "Google",
            "asked Postmaster support whether the bounces are a block on our sending IPs",
        ),
    },
    Case {
        category: "other",
        title: "Unsubscribe link returns 404",
        finding: "The tracking domain no longer resolves to our edge",
        cause: "Tracking domain CNAME removed by the customer",
        fix: "Customer restored the CNAME",
        vendor: (
            "Cloudflare",
            "asked whether the tracking domain's DNS change has propagated",
        ),
    },
];

/// (score, weight in 100, what the customer said)
const SATISFACTION: [(i16, u32, &str); 5] = [
    (5, 45, "Quick fix and clear updates throughout"),
    (4, 35, "Fixed, but it took a while to hear back"),
    (3, 12, "Resolved, but we lost a day of sending"),
    (2, 5, "Too slow; we had to chase for updates"),
    (1, 3, "Took far too long and the problem came back"),
];

/// Timeline authors.
const AUTHORS: [&str; 3] = ["support-tier2", "sandbox_ops", "sandbox_cs"];

/// The escalation tables.
pub struct Tables {
    /// platform.escalations
    pub escalations: Table,
    /// platform.escalation_timeline
    pub timeline: Table,
    /// platform.kb_articles
    pub kb: Table,
}

/// One generated escalation: what its row and timeline are written from.
struct Escalation<'a> {
    index: usize,
    id: Uuid,
    tenant: &'a TenantModel,
    /// Index into [`CASES`].
    case: usize,
    severity: &'static str,
    state: &'static str,
    opened: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    /// When the same problem of the same tenant was escalated before (a repeat).
    repeat_of: Option<DateTime<Utc>>,
    context: String,
    vendor: Option<&'static str>,
    satisfaction: Option<(i16, &'static str)>,
    kb_article: Option<Uuid>,
}

impl Escalation<'_> {
    fn done(&self) -> bool {
        matches!(self.state, "resolved" | "closed")
    }

    fn case(&self) -> &'static Case {
        &CASES[self.case]
    }
}

/// An escalation a later one may repeat: (tenant, case, opened).
type Earlier<'a> = (&'a TenantModel, usize, DateTime<Utc>);

/// Writes escalations, timelines and the knowledge base.
pub fn write(ctx: &Ctx, tenants: &[TenantModel], engineers: &[Uuid]) -> Tables {
    let mut rng = rng_for(ctx.seed, "escalations", 0);
    let mut t = Tables {
        escalations: Table::new(
            "platform.escalations",
            "id, tenant_id, title, severity, category, state, reporter_context, reported_by, assignee, next_update_due, \
             root_cause, resolution, opened_at, resolved_at, vendor, satisfaction, satisfaction_note, kb_article_id, \
             csm_notified_at",
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
    // The articles' ids come first: the escalation an article is written from names it.
    let article_ids: Vec<Uuid> = CASES.iter().map(|_| uuid_from(&mut rng)).collect();
    let mut kb_from: Vec<Option<(Uuid, DateTime<Utc>)>> = vec![None; CASES.len()];
    let mut earlier: Vec<Earlier> = Vec::new();
    for i in 0..count {
        let repeat = (i % 5 == 4)
            .then(|| take_repeatable(ctx, &mut rng, &mut earlier))
            .flatten();
        let mut e = plan(ctx, &mut rng, i, tenants, repeat);
        if repeat.is_none() {
            earlier.push((e.tenant, e.case, e.opened));
        }
        let case = e.case;
        if let (Some(resolved), None) = (e.resolved_at, kb_from[case]) {
            kb_from[case] = Some((e.id, resolved));
            e.kb_article = Some(article_ids[case]);
        }
        let assignee = (!engineers.is_empty() && e.state != "new")
            .then(|| engineers[rng.random_range(0..engineers.len())]);
        write_escalation(ctx, &mut rng, &mut t.escalations, &e, assignee);
        write_timeline(ctx, &mut rng, &mut t.timeline, &e);
    }
    write_kb(ctx, &mut rng, &mut t.kb, &article_ids, &kb_from);
    t
}

/// Takes an earlier escalation at least two days old that nothing repeats yet.
fn take_repeatable<'a>(
    ctx: &Ctx,
    rng: &mut ChaCha8Rng,
    earlier: &mut Vec<Earlier<'a>>,
) -> Option<Earlier<'a>> {
    let old: Vec<usize> = (0..earlier.len())
        .filter(|&k| earlier[k].2 < ctx.now - Duration::days(2))
        .collect();
    if old.is_empty() {
        return None;
    }
    Some(earlier.swap_remove(old[rng.random_range(0..old.len())]))
}

/// Draws an escalation: a new problem of a random tenant, or a repeat of `repeat` 1–30 days
/// after it.
fn plan<'a>(
    ctx: &Ctx,
    rng: &mut ChaCha8Rng,
    index: usize,
    tenants: &'a [TenantModel],
    repeat: Option<Earlier<'a>>,
) -> Escalation<'a> {
    let id = uuid_from(rng);
    let (tenant, case, opened) = match repeat {
        Some((tenant, case, before)) => {
            let latest = (before + Duration::days(30)).min(ctx.now - Duration::hours(1));
            let span = (latest - before).num_minutes().max(24 * 60 + 1);
            let opened = before + Duration::minutes(rng.random_range(24 * 60..span));
            (tenant, case, opened.min(latest))
        }
        None => (
            &tenants[rng.random_range(0..tenants.len())],
            rng.random_range(0..CASES.len()),
            ctx.now - Duration::hours(rng.random_range(1..180 * 24)),
        ),
    };
    let severity = ["critical", "high", "high", "medium", "medium", "low"][rng.random_range(0..6)];
    let state = draw_state(rng, (ctx.now - opened).num_days());
    let done = matches!(state, "resolved" | "closed");
    let resolved_at =
        done.then(|| (opened + Duration::hours(rng.random_range(2..96))).min(ctx.now));
    let context: String = Sentence(EN, 8..16).fake_with_rng(rng);
    let vendor = (state == "waiting_on_vendor" || (done && rng.random_bool(0.3)))
        .then_some(CASES[case].vendor.0);
    let satisfaction = (done && rng.random_bool(0.8)).then(|| draw_satisfaction(rng));
    Escalation {
        index,
        id,
        tenant,
        case,
        severity,
        state,
        opened,
        resolved_at,
        repeat_of: repeat.map(|r| r.2),
        context,
        vendor,
        satisfaction,
        kb_article: None,
    }
}

/// Older than two weeks: resolved or closed; newer: any state.
fn draw_state(rng: &mut ChaCha8Rng, age_days: i64) -> &'static str {
    if age_days > 14 {
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
    }
}

/// Mostly 4 or 5.
fn draw_satisfaction(rng: &mut ChaCha8Rng) -> (i16, &'static str) {
    let mut w = rng.random_range(0..100);
    for (score, weight, note) in SATISFACTION {
        if w < weight {
            return (score, note);
        }
        w -= weight;
    }
    (5, SATISFACTION[0].2)
}

fn write_escalation(
    ctx: &Ctx,
    rng: &mut ChaCha8Rng,
    table: &mut Table,
    e: &Escalation,
    assignee: Option<Uuid>,
) {
    let done = e.done();
    let next_due = (!done).then(|| ctx.now + Duration::hours(rng.random_range(-6..48)));
    // The platform e-mails the tenant's CSM when an escalation opens and when it is resolved.
    let csm_notified = e
        .tenant
        .owner_csm
        .map(|_| e.resolved_at.unwrap_or(e.opened + Duration::minutes(1)));
    table
        .uuid(e.id)
        .uuid(e.tenant.id)
        .text(&format!("{} ({})", e.case().title, e.tenant.name))
        .text(e.severity)
        .text(e.case().category)
        .text(e.state)
        .text(&format!("Reported by the customer's admin. {}", e.context))
        .text(if e.index.is_multiple_of(3) {
            "sandbox_cs"
        } else {
            "support-tier2"
        })
        .opt_uuid(assignee)
        .opt_ts(next_due)
        .opt_text(done.then_some(e.case().cause))
        .opt_text(done.then_some(e.case().fix))
        .ts(e.opened)
        .opt_ts(e.resolved_at)
        .opt_text(e.vendor)
        .opt_num(e.satisfaction.map(|s| s.0))
        .opt_text(e.satisfaction.map(|s| s.1))
        .opt_uuid(e.kb_article)
        .opt_ts(csm_notified)
        .end();
}

/// The entries up to the current state (before the resolution, when resolved), in order.
fn investigation(e: &Escalation) -> Vec<(&'static str, String)> {
    let mut steps = vec![("note", format!("Escalated from support: {}", e.context))];
    if let Some(before) = e.repeat_of {
        steps.push((
            "note",
            format!(
                "Repeat: the customer had the same problem on {}.",
                before.format("%Y-%m-%d")
            ),
        ));
    }
    if e.state == "new" {
        return steps;
    }
    steps.push(("state_change", "new → investigating".into()));
    steps.push((
        "customer_update",
        "We are investigating and will update you within the hour.".into(),
    ));
    steps.push(("finding", e.case().finding.into()));
    if let Some(vendor) = e.vendor {
        steps.push(("vendor_contact", format!("{vendor}: {}", e.case().vendor.1)));
        steps.push(("state_change", "investigating → waiting_on_vendor".into()));
    } else if e.state == "waiting_on_customer" {
        steps.push(("state_change", "investigating → waiting_on_customer".into()));
    }
    if e.done() {
        steps.push(("root_cause", e.case().cause.into()));
    }
    steps
}

/// The resolution and what followed it, each with its time after the resolution.
fn aftermath(rng: &mut ChaCha8Rng, e: &Escalation) -> Vec<(Duration, &'static str, String)> {
    let from = if e.vendor.is_some() {
        "waiting_on_vendor"
    } else {
        "investigating"
    };
    let mut steps = vec![
        (
            Duration::zero(),
            "state_change",
            format!("{from} → resolved"),
        ),
        (
            Duration::minutes(rng.random_range(1..30)),
            "customer_update",
            format!("Resolved: {}.", e.case().fix),
        ),
    ];
    if let Some((score, note)) = e.satisfaction {
        steps.push((
            Duration::minutes(rng.random_range(60..48 * 60)),
            "satisfaction",
            format!("{score}/5: {note}"),
        ));
    }
    if e.state == "closed" {
        steps.push((
            Duration::hours(rng.random_range(72..240)),
            "state_change",
            "resolved → closed".into(),
        ));
    }
    steps
}

/// The timeline: the escalation and the first response within minutes of opening, the rest
/// of the investigation spread until the resolution (or now), then the resolution and what
/// followed it.
fn write_timeline(ctx: &Ctx, rng: &mut ChaCha8Rng, table: &mut Table, e: &Escalation) {
    let steps = investigation(e);
    let end = e.resolved_at.unwrap_or(ctx.now);
    let early = steps
        .iter()
        .position(|(kind, _)| *kind == "finding")
        .unwrap_or(steps.len());
    // Minutes apart, together well within the time until the end.
    let step_max = ((end - e.opened).num_minutes() / 10).clamp(2, 30);
    let mut at = e.opened;
    for (kind, body) in &steps[..early] {
        at = (at + Duration::minutes(rng.random_range(1..step_max))).min(end);
        timeline_row(rng, table, e.id, at, kind, body);
    }
    let rest = &steps[early..];
    let gap = (end - at).num_seconds().max(1) / (rest.len() as i64 + 1);
    let from = at;
    for (k, (kind, body)) in rest.iter().enumerate() {
        let jitter = rng.random_range(0..gap.max(2) / 2);
        let at = from + Duration::seconds(gap * (k as i64 + 1) - jitter);
        timeline_row(rng, table, e.id, at.min(end), kind, body);
    }
    if let Some(resolved) = e.resolved_at {
        for (after, kind, body) in aftermath(rng, e) {
            timeline_row(
                rng,
                table,
                e.id,
                (resolved + after).min(ctx.now),
                kind,
                &body,
            );
        }
    }
}

fn timeline_row(
    rng: &mut ChaCha8Rng,
    table: &mut Table,
    escalation: Uuid,
    at: DateTime<Utc>,
    kind: &str,
    body: &str,
) {
    table
        .uuid(uuid_from(rng))
        .uuid(escalation)
        .ts(at)
        .text(AUTHORS[rng.random_range(0..AUTHORS.len())])
        .text(kind)
        .text(body)
        .end();
}

/// One article per case; those written from an escalation name it and date from its
/// resolution.
fn write_kb(
    ctx: &Ctx,
    rng: &mut ChaCha8Rng,
    table: &mut Table,
    article_ids: &[Uuid],
    kb_from: &[Option<(Uuid, DateTime<Utc>)>],
) {
    for (n, case) in CASES.iter().enumerate() {
        let title = case.title;
        let random_date = ctx.now - Duration::days(rng.random_range(1..300));
        let updated = kb_from[n].map(|(_, resolved)| resolved + Duration::minutes(1));
        table
            .uuid(article_ids[n])
            .text(&slug(title))
            .text(title)
            .text(&format!(
                "# {title}\n\n## Symptoms\n\nCustomers report: {}.\n\n## Cause\n\n{}.\n\n## Fix\n\n{}.\n",
                title.to_lowercase(),
                case.cause,
                case.fix
            ))
            .array(&[case.category.to_string(), "runbook".to_string()])
            .opt_uuid(kb_from[n].map(|(id, _)| id))
            .text("sandbox_ops")
            .bool((n + 1) % 4 != 0)
            .ts(updated.unwrap_or(random_date).min(ctx.now))
            .end();
    }
}

/// "Campaign stuck in 'scheduled'" → "campaign-stuck-in-scheduled".
fn slug(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
