//! The third-party integrations the platform depends on, as the integration team's screen
//! shows them: two e-mail delivery providers (SendGrid, Amazon SES), the mailbox providers
//! whose inboxes it syncs, the payment processor, the CRM, chat, identity, analytics and SMS;
//! thirty days of the platform's calls to each (volume, errors, p50/p95) in which SendGrid has
//! been degrading for ten days; a failure timeline (two failures still open); three days of the
//! platform's 15-minute status checks; deprecation notices (one under 30 days, one in progress,
//! one done, one later); credential rotations with their history (Okta's overdue, Stripe's due
//! soon); and two new integrations mid-way through onboarding (Postmark at the staging test,
//! Intercom waiting for its security review).

use chrono::{Duration, NaiveDate};
use rand::rngs::ChaCha8Rng;
use rand::RngExt;

use super::{rng_for, uuid_from, Ctx};
use crate::load::Table;

/// The integration that has been degrading (rising errors and latency) for ten days.
pub const DEGRADING: &str = "sendgrid";
/// Days of daily call figures.
pub const DAILY_DAYS: i64 = 30;
/// Days the degradation has lasted.
const DEGRADING_DAYS: i64 = 10;

/// One integration: name, kind, vendor, the vendor's status endpoint, the API version we call,
/// calls per day, p50 and p95 in ms, credential rotation due in days from today, owning team.
struct Spec {
    name: &'static str,
    kind: &'static str,
    vendor: &'static str,
    status_url: &'static str,
    api_version: &'static str,
    calls: i64,
    p50: i32,
    p95: i32,
    rotation_in: i64,
    team: &'static str,
}

const fn spec(
    name: &'static str,
    kind: &'static str,
    vendor: &'static str,
    status_url: &'static str,
    api_version: &'static str,
    (calls, p50, p95): (i64, i32, i32),
    (rotation_in, team): (i64, &'static str),
) -> Spec {
    Spec {
        name,
        kind,
        vendor,
        status_url,
        api_version,
        calls,
        p50,
        p95,
        rotation_in,
        team,
    }
}

/// The integrations (their names are what the sandbox's status server answers for).
const SPECS: [Spec; 10] = [
    spec(
        "sendgrid",
        "email_provider",
        "SendGrid (Twilio)",
        "https://status.sendgrid.com/api/v2/status.json",
        "v3",
        (1_200_000, 140, 450),
        (45, "deliverability"),
    ),
    spec(
        "amazon-ses",
        "email_provider",
        "Amazon Web Services",
        "https://health.aws.amazon.com/health/status",
        "sesv2",
        (800_000, 90, 320),
        (150, "deliverability"),
    ),
    spec(
        "google-workspace",
        "email_provider",
        "Google",
        "https://www.google.com/appsstatus/dashboard/summary",
        "gmail-v1",
        (300_000, 180, 700),
        (80, "deliverability"),
    ),
    spec(
        "microsoft-365",
        "email_provider",
        "Microsoft",
        "https://status.office.com/api/status",
        "graph-v1.0",
        (200_000, 220, 900),
        (20, "deliverability"),
    ),
    spec(
        "stripe",
        "payments",
        "Stripe",
        "https://status.stripe.com/api/v2/status.json",
        "2024-06-20",
        (4_000, 260, 800),
        (10, "billing"),
    ),
    spec(
        "hubspot",
        "crm",
        "HubSpot",
        "https://status.hubspot.com/api/v2/status.json",
        "crm-v3",
        (20_000, 300, 1_100),
        (120, "growth"),
    ),
    spec(
        "slack",
        "chat",
        "Slack",
        "https://slack-status.com/api/v2.0.0/current",
        "web-api",
        (2_000, 120, 400),
        (200, "ops"),
    ),
    spec(
        "okta",
        "identity",
        "Okta",
        "https://status.okta.com/api/v2/status.json",
        "v1",
        (5_000, 150, 500),
        (-3, "identity"),
    ),
    spec(
        "segment",
        "analytics",
        "Twilio Segment",
        "https://status.segment.com/api/v2/status.json",
        "tracking-v1",
        (500_000, 60, 200),
        (60, "data"),
    ),
    spec(
        "twilio",
        "other",
        "Twilio",
        "https://status.twilio.com/api/v2/status.json",
        "2010-04-01",
        (3_000, 200, 650),
        (30, "identity"),
    ),
];

/// Every integration the sandbox generates, by name.
pub fn names() -> Vec<&'static str> {
    SPECS.iter().map(|s| s.name).collect()
}

/// A failure on the timeline: integration, started hours ago, lasted hours (none: still
/// failing), summary, impact.
type Failure = (&'static str, i64, Option<i64>, &'static str, &'static str);

const FAILURES: [Failure; 7] = [
    (
        "sendgrid",
        40,
        None,
        "Elevated 421 deferrals and Mail Send timeouts",
        "Campaign sends queued up to 40 minutes for about 300 tenants",
    ),
    (
        "sendgrid",
        9 * 24,
        Some(2),
        "Mail Send 5xx after the vendor's maintenance window",
        "Sends retried; 1.2 % delivered late",
    ),
    (
        "microsoft-365",
        5,
        None,
        "Graph API throttling mailbox sync (429)",
        "Inbox sync for Outlook mailboxes up to 30 minutes behind",
    ),
    (
        "okta",
        3,
        None,
        "SSO logins failing: vendor incident open",
        "Staff SSO into the admin console failing; customers unaffected",
    ),
    (
        "stripe",
        12 * 24,
        Some(1),
        "Card charges timing out during Stripe's incident",
        "Renewal charges retried; 42 invoices paid a day late",
    ),
    (
        "slack",
        20 * 24,
        Some(1),
        "Alert posts to #ops-alerts failing: bot token revoked",
        "On-call saw alerts by e-mail only for an hour",
    ),
    (
        "amazon-ses",
        26 * 24,
        Some(3),
        "SES us-east-1 sending quota reached",
        "Warm-up sends for new mailboxes paused for three hours",
    ),
];

/// The integration tables.
pub struct Tables {
    /// platform.integrations
    pub integrations: Table,
    /// platform.integration_checks
    pub checks: Table,
    /// platform.integration_daily
    pub daily: Table,
    /// platform.integration_failures
    pub failures: Table,
    /// platform.integration_deprecations
    pub deprecations: Table,
    /// platform.integration_rotations
    pub rotations: Table,
    /// platform.integration_onboardings
    pub onboardings: Table,
    /// platform.integration_onboarding_steps
    pub steps: Table,
}

impl Tables {
    /// In load order.
    pub fn all(&self) -> [&Table; 8] {
        [
            &self.integrations,
            &self.checks,
            &self.daily,
            &self.failures,
            &self.deprecations,
            &self.rotations,
            &self.onboardings,
            &self.steps,
        ]
    }
}

/// Generates the integration tables.
pub fn write(ctx: &Ctx) -> Tables {
    let mut rng = rng_for(ctx.seed, "integrations", 0);
    let mut t = Tables {
        integrations: Table::new(
            "platform.integrations",
            "name, kind, vendor, status, status_url, api_version, deprecation_deadline, credential_rotation_due, \
             credential_rotated_at, credential_rotated_by, owner_team, notes",
        ),
        checks: Table::new("platform.integration_checks", "id, integration, checked_at, ok, latency_ms, error"),
        daily: Table::new("platform.integration_daily", "integration, day, calls, errors, p50_ms, p95_ms"),
        failures: Table::new("platform.integration_failures", "id, integration, started_at, ended_at, summary, impact"),
        deprecations: Table::new(
            "platform.integration_deprecations",
            "id, integration, api_version, notice, notice_url, announced_on, deadline, migration_status, note, \
             updated_by, updated_at",
        ),
        rotations: Table::new("platform.integration_rotations", "id, integration, rotated_at, rotated_by, next_due, note"),
        onboardings: Table::new(
            "platform.integration_onboardings",
            "id, name, kind, vendor, api_version, status_url, purpose, requested_by, created_at",
        ),
        steps: Table::new(
            "platform.integration_onboarding_steps",
            "onboarding_id, step, position, owner, evidence, completed_by, completed_at",
        ),
    };
    let deprecations = deprecations(ctx.as_of);
    write_integrations(ctx, &mut rng, &deprecations, &mut t);
    write_daily(ctx, &mut rng, &mut t.daily);
    write_failures(ctx, &mut rng, &mut t.failures);
    write_checks(ctx, &mut rng, &mut t.checks);
    for d in &deprecations {
        d.write(ctx, &mut rng, &mut t.deprecations);
    }
    write_onboardings(ctx, &mut rng, &mut t);
    t
}

/// The recorded status of an integration now, from its open failures.
fn status(name: &str) -> &'static str {
    match name {
        "okta" => "down",
        "sendgrid" | "microsoft-365" => "degraded",
        _ => "healthy",
    }
}

struct Deprecation {
    integration: &'static str,
    api_version: &'static str,
    notice: &'static str,
    url: &'static str,
    announced: NaiveDate,
    deadline: NaiveDate,
    status: &'static str,
    note: &'static str,
}

fn deprecations(today: NaiveDate) -> [Deprecation; 4] {
    let day = Duration::days;
    [
        Deprecation {
            integration: "stripe",
            api_version: "2024-06-20",
            notice: "Stripe stops accepting API version 2024-06-20 on webhook endpoints; pin 2025-03-31.basil or later",
            url: "https://docs.stripe.com/upgrades",
            announced: today - day(160),
            deadline: today + day(21),
            status: "not_started",
            note: "",
        },
        Deprecation {
            integration: "hubspot",
            api_version: "crm-v3",
            notice: "HubSpot retires the v3 associations endpoints in favour of associations v4",
            url: "https://developers.hubspot.com/changelog",
            announced: today - day(90),
            deadline: today + day(75),
            status: "in_progress",
            note: "Contact sync moved to v4 in staging; deal sync next (ENG-4412)",
        },
        Deprecation {
            integration: "sendgrid",
            api_version: "v2",
            notice: "SendGrid retires the v2 Mail Send API",
            url: "https://docs.sendgrid.com/for-developers/sending-email/v2-mail-send",
            announced: today - day(300),
            deadline: today - day(40),
            status: "done",
            note: "All sends on v3 Mail Send since release 2026.8.2",
        },
        Deprecation {
            integration: "segment",
            api_version: "tracking-v1",
            notice: "Segment sunsets the v1 Tracking API batch endpoint",
            url: "https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/",
            announced: today - day(30),
            deadline: today + day(200),
            status: "not_started",
            note: "",
        },
    ]
}

impl Deprecation {
    fn write(&self, ctx: &Ctx, rng: &mut ChaCha8Rng, table: &mut Table) {
        let touched = self.status != "not_started";
        table
            .uuid(uuid_from(rng))
            .text(self.integration)
            .text(self.api_version)
            .text(self.notice)
            .text(self.url)
            .date(self.announced)
            .date(self.deadline)
            .text(self.status)
            .text(self.note)
            .opt_text(touched.then_some("sandbox_ops"))
            .opt_ts(touched.then(|| ctx.now - Duration::days(rng.random_range(2..20))))
            .end();
    }
}

fn write_integrations(
    ctx: &Ctx,
    rng: &mut ChaCha8Rng,
    deprecations: &[Deprecation],
    t: &mut Tables,
) {
    for s in &SPECS {
        let due = ctx.as_of + Duration::days(s.rotation_in);
        // Rotated quarterly: the last rotation set today's due date, the one before it set
        // the due date the last one met.
        let last_at = ctx.now - Duration::days((90 - s.rotation_in).max(5))
            + Duration::minutes(rng.random_range(0..600));
        let before_at = last_at - Duration::days(90);
        for (at, next_due, by, note) in [
            (
                before_at,
                last_at.date_naive() + Duration::days(2),
                "sandbox_all",
                "Quarterly rotation",
            ),
            (
                last_at,
                due,
                "sandbox_ops",
                "Key rolled in the vault; old key revoked after 24 h",
            ),
        ] {
            t.rotations
                .uuid(uuid_from(rng))
                .text(s.name)
                .ts(at)
                .text(by)
                .date(next_due)
                .text(note)
                .end();
        }
        let last = Some(last_at);
        let deadline = deprecations
            .iter()
            .filter(|d| d.integration == s.name && d.status != "done")
            .map(|d| d.deadline)
            .min();
        let status = status(s.name);
        t.integrations
            .text(s.name)
            .text(s.kind)
            .text(s.vendor)
            .text(status)
            .text(s.status_url)
            .text(s.api_version)
            .opt_date(deadline)
            .date(due)
            .opt_ts(last)
            .opt_text(last.map(|_| "sandbox_ops"))
            .text(s.team)
            .text(
                FAILURES
                    .iter()
                    .find(|f| f.0 == s.name && f.2.is_none())
                    .map_or("", |f| f.3),
            )
            .end();
    }
}

/// How much worse than usual an integration's day `ago` days back is: (error rate, p95 factor).
fn day_shape(name: &str, ago: i64) -> (f64, f64) {
    if name == DEGRADING && ago < DEGRADING_DAYS {
        // From 0.3 % and 1.0× ten days ago to 3.3 % and 3.0× today.
        let k = (DEGRADING_DAYS - ago) as f64 / DEGRADING_DAYS as f64;
        return (0.003 + 0.03 * k, 1.0 + 2.0 * k);
    }
    let failed = FAILURES.iter().any(|(n, hours, lasted, ..)| {
        *n == name && lasted.is_some() && hours / 24 == ago && ago > 0
    });
    if failed {
        return (0.04, 2.5);
    }
    match (name, ago) {
        ("microsoft-365", 0) => (0.02, 1.8),
        ("okta", 0) => (0.08, 1.2),
        _ => (0.002, 1.0),
    }
}

fn write_daily(ctx: &Ctx, rng: &mut ChaCha8Rng, table: &mut Table) {
    for s in &SPECS {
        for ago in (0..DAILY_DAYS).rev() {
            let day = ctx.as_of - Duration::days(ago);
            let (error_rate, slower) = day_shape(s.name, ago);
            let weekend = matches!(
                chrono::Datelike::weekday(&day),
                chrono::Weekday::Sat | chrono::Weekday::Sun
            );
            // Today is half done (the dataset's now is noon); weekends send less.
            let share = if ago == 0 {
                0.5
            } else if weekend {
                0.55
            } else {
                1.0
            };
            let calls = (s.calls as f64 * share * rng.random_range(0.9..1.1)) as i64;
            let errors = ((calls as f64) * error_rate * rng.random_range(0.8..1.2)) as i64;
            let jitter = rng.random_range(0.92..1.08);
            let p50 = (f64::from(s.p50) * (1.0 + (slower - 1.0) / 2.0) * jitter) as i32;
            let p95 = (f64::from(s.p95) * slower * jitter) as i32;
            table
                .text(s.name)
                .date(day)
                .num(calls)
                .num(errors.min(calls))
                .num(p50)
                .num(p95.max(p50))
                .end();
        }
    }
}

fn write_failures(ctx: &Ctx, rng: &mut ChaCha8Rng, table: &mut Table) {
    for (name, hours, lasted, summary, impact) in FAILURES {
        let started = ctx.now - Duration::hours(hours) - Duration::minutes(rng.random_range(0..50));
        table
            .uuid(uuid_from(rng))
            .text(name)
            .ts(started)
            .opt_ts(
                lasted.map(|h| {
                    started + Duration::hours(h) + Duration::minutes(rng.random_range(5..40))
                }),
            )
            .text(summary)
            .text(impact)
            .end();
    }
}

/// Three days of the platform's 15-minute status checks; the open failures fail their
/// checks since they started.
fn write_checks(ctx: &Ctx, rng: &mut ChaCha8Rng, table: &mut Table) {
    const CHECKS: i64 = 3 * 24 * 4;
    let mut id = 0i64;
    for s in &SPECS {
        let open = FAILURES
            .iter()
            .find(|f| f.0 == s.name && f.2.is_none())
            .map(|f| ctx.now - Duration::hours(f.1));
        for c in 0..CHECKS {
            id += 1;
            let at = ctx.now - Duration::minutes(15 * (CHECKS - c));
            let failing = open.is_some_and(|since| at >= since);
            let ok = match status(s.name) {
                "down" if failing => false,
                "degraded" if failing => rng.random_bool(0.6),
                _ => rng.random_bool(0.995),
            };
            table
                .num(id)
                .text(s.name)
                .ts(at)
                .bool(ok)
                .opt_num(ok.then(|| rng.random_range(40..900)))
                .opt_text((!ok).then_some(if status(s.name) == "down" {
                    "HTTP 503 from vendor"
                } else {
                    "timeout after 10 s"
                }))
                .end();
        }
    }
}

/// An onboarding's step: (step, owner, evidence if done, done days ago).
type Step = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    i64,
);

/// An onboarding: name, kind, vendor, API version, status endpoint, purpose, started days ago,
/// its steps.
type Onboarding = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    [Step; 5],
);

fn write_onboardings(ctx: &Ctx, rng: &mut ChaCha8Rng, t: &mut Tables) {
    let onboardings: [Onboarding; 2] = [
        (
            "postmark",
            "email_provider",
            "Postmark (ActiveCampaign)",
            "v1",
            "https://status.postmarkapp.com/api/v2/status.json",
            "A third delivery provider for transactional sends (password resets, receipts) while SendGrid degrades",
            20,
            [
                ("requirements", Some("sandbox_ops"), Some("Requirements signed off: docs/integrations/postmark/requirements.md"), 17),
                ("design", Some("sandbox_ops"), Some("Design review ENG-4520: provider failover through the send router"), 9),
                ("staging_test", Some("sandbox_ops"), None, 0),
                ("security_review", Some("sandbox_security"), None, 0),
                ("production", None, None, 0),
            ],
        ),
        (
            "intercom",
            "chat",
            "Intercom",
            "2.11",
            "https://www.intercomstatus.com/api/v2/status.json",
            "In-app support chat for tenants, with conversations linked to escalations",
            35,
            [
                ("requirements", Some("sandbox_ops"), Some("Support team's requirements: docs/integrations/intercom.md"), 33),
                ("design", Some("sandbox_all"), Some("Design doc approved in ENG-4388 (identity verification with HMAC)"), 25),
                ("staging_test", Some("sandbox_ops"), Some("Staging run #812: 64 passed, 0 failed; webhook replay verified"), 6),
                ("security_review", Some("sandbox_security"), None, 0),
                ("production", Some("sandbox_ops"), None, 0),
            ],
        ),
    ];
    for (name, kind, vendor, api, url, purpose, age, steps) in onboardings {
        let id = uuid_from(rng);
        t.onboardings
            .uuid(id)
            .text(name)
            .text(kind)
            .text(vendor)
            .text(api)
            .text(url)
            .text(purpose)
            .text("sandbox_ops")
            .ts(ctx.now - Duration::days(age))
            .end();
        for (i, (step, owner, evidence, ago)) in steps.into_iter().enumerate() {
            let done = evidence.is_some();
            t.steps
                .uuid(id)
                .text(step)
                .num(i + 1)
                .opt_text(owner)
                .opt_text(evidence)
                .opt_text(done.then_some(owner.unwrap_or("sandbox_ops")))
                .opt_ts(done.then(|| {
                    ctx.now - Duration::days(ago) - Duration::minutes(rng.random_range(0..300))
                }))
                .end();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sendgrid_gets_worse_day_by_day_and_the_rest_stay_steady() {
        let (then, slow_then) = day_shape(DEGRADING, DEGRADING_DAYS);
        let (now, slow_now) = day_shape(DEGRADING, 0);
        assert!(then < 0.005 && now > 0.03, "{then} → {now}");
        assert!(slow_now > 2.5 * slow_then);
        for ago in 1..DEGRADING_DAYS {
            assert!(day_shape(DEGRADING, ago).0 < day_shape(DEGRADING, ago - 1).0);
        }
        assert_eq!(day_shape("hubspot", 3), (0.002, 1.0));
        assert_eq!(day_shape("stripe", 12).0, 0.04, "the failure's day");
    }

    #[test]
    fn every_failure_and_notice_names_a_generated_integration() {
        let names = names();
        assert!(FAILURES.iter().all(|f| names.contains(&f.0)));
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("day");
        let d = deprecations(today);
        assert!(d.iter().all(|x| names.contains(&x.integration)));
        let left: Vec<i64> = d.iter().map(|x| (x.deadline - today).num_days()).collect();
        assert_eq!(left, [21, 75, -40, 200]);
        assert_eq!(
            d.iter().map(|x| x.status).collect::<Vec<_>>(),
            ["not_started", "in_progress", "done", "not_started"]
        );
    }
}
