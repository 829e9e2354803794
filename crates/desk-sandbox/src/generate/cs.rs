//! Customer success records: touchpoints (calls, e-mails, meetings, notes) by each tenant's
//! CSM, onboarding milestones for tenants that signed up in the last nine months (the older
//! ones done), and success plans with measurable goals for a share of the book.

use chrono::Duration;
use fake::faker::company::raw::{Bs, CatchPhrase};
use fake::faker::lorem::raw::Sentence;
use fake::locales::EN;
use fake::Fake;
use rand::RngExt;

use super::tenants::TenantModel;
use super::{rng_for, uuid_from, Ctx};
use crate::load::Table;

/// The CS tables.
pub struct Tables {
    /// desk.cs_touchpoints
    pub touchpoints: Table,
    /// desk.onboarding_milestones
    pub milestones: Table,
    /// desk.success_plans
    pub plans: Table,
    /// desk.success_plan_goals
    pub goals: Table,
}

impl Tables {
    /// Empty buffers.
    pub fn new() -> Tables {
        Tables {
            touchpoints: Table::new(
                "desk.cs_touchpoints",
                "id, tenant_id, author, kind, summary, outcome, next_step, happened_at, created_at",
            ),
            milestones: Table::new(
                "desk.onboarding_milestones",
                "id, tenant_id, title, position, due_on, completed_at, completed_by, created_at",
            ),
            plans: Table::new(
                "desk.success_plans",
                "id, tenant_id, title, objective, status, owner, created_at, updated_at",
            ),
            goals: Table::new(
                "desk.success_plan_goals",
                "id, plan_id, description, metric, target_value, due_on, status",
            ),
        }
    }
}

impl Default for Tables {
    fn default() -> Self {
        Self::new()
    }
}

const MILESTONES: [&str; 6] = [
    "Kick-off call",
    "Sending domain authenticated (SPF, DKIM, DMARC)",
    "Mailboxes connected and warming up",
    "CRM connected",
    "First campaign launched",
    "Reply rate above 3%",
];

/// Writes one tenant's CS records.
pub fn write(ctx: &Ctx, t: &TenantModel, out: &mut Tables) {
    let Some(csm) = t.owner_csm else {
        return;
    };
    let mut rng = rng_for(ctx.seed, "cs", t.index as u64);
    let touchpoints = rng.random_range(0..6);
    for _ in 0..touchpoints {
        let happened = (ctx.now - Duration::hours(rng.random_range(1..400 * 24))).max(t.created);
        let kind = ["call", "email", "meeting", "note", "call"][rng.random_range(0..5)];
        let summary: String = Sentence(EN, 6..14).fake_with_rng(&mut rng);
        let outcome: String = Bs(EN).fake_with_rng(&mut rng);
        let next_step = rng.random_bool(0.5).then(|| {
            [
                "Send the deliverability report",
                "Book a QBR",
                "Introduce the Salesforce sync",
                "Review seat usage",
            ][rng.random_range(0..4)]
        });
        out.touchpoints
            .uuid(uuid_from(&mut rng))
            .uuid(t.id)
            .uuid(csm)
            .text(kind)
            .text(&summary)
            .text(&format!("Agreed to {outcome}"))
            .opt_text(next_step)
            .ts(happened)
            .ts(happened + Duration::minutes(rng.random_range(5..120)))
            .end();
    }
    if t.created > ctx.now - Duration::days(270) {
        for (pos, title) in MILESTONES.iter().enumerate() {
            let due = t.created + Duration::days(7 * (pos as i64 + 1));
            let done = due < ctx.now - Duration::days(3) && rng.random_bool(0.85);
            let completed =
                done.then(|| (due - Duration::days(rng.random_range(0..5))).min(ctx.now));
            out.milestones
                .uuid(uuid_from(&mut rng))
                .uuid(t.id)
                .text(title)
                .num(pos)
                .date(due.date_naive())
                .opt_ts(completed)
                .opt_uuid(done.then_some(csm))
                .ts(t.created)
                .end();
        }
    }
    if rng.random_bool(0.15) {
        let id = uuid_from(&mut rng);
        let created = (ctx.now - Duration::days(rng.random_range(10..300))).max(t.created);
        let status = ["active", "active", "draft", "achieved", "abandoned"][rng.random_range(0..5)];
        let objective: String = CatchPhrase(EN).fake_with_rng(&mut rng);
        out.plans
            .uuid(id)
            .uuid(t.id)
            .text(&format!("{} success plan", created.format("%Y")))
            .text(&objective)
            .text(status)
            .uuid(csm)
            .ts(created)
            .ts(created + Duration::days(rng.random_range(0..10)))
            .end();
        let goals: [(&str, &str, f64); 4] = [
            ("Raise the reply rate", "reply_rate_percent", 4.0),
            ("Keep bounces under 2%", "bounce_rate_percent", 2.0),
            ("Send from every seat weekly", "active_mailboxes", 10.0),
            (
                "Book 20 meetings a month from outreach",
                "replies_per_week",
                50.0,
            ),
        ];
        for (description, metric, target) in goals.iter().take(rng.random_range(2..5)) {
            out.goals
                .uuid(uuid_from(&mut rng))
                .uuid(id)
                .text(description)
                .text(metric)
                .num(target)
                .date((created + Duration::days(90)).date_naive())
                .text(["open", "open", "met", "missed"][rng.random_range(0..4)])
                .end();
        }
    }
}
