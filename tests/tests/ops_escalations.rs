//! Customer escalations on a laptop against a real PostgreSQL platform: opened, worked and
//! resolved offline through the outbox (shown at once as pending, on the record and its
//! timeline), reaching the platform exactly once in order — the tenant's CSM e-mailed when it
//! opens and when it is resolved, the knowledge-base article written from the resolution and
//! linked both ways, then found by the offline search; the customer's satisfaction recorded;
//! every refusal (bad input, a skipped state, a closed escalation, another role) said clearly;
//! and the patterns report counting repeats within 30 days.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use chrono::{Duration, SecondsFormat, Utc};
use desk_core::ops::escalations::{ArticleDraft, EscalationEntry, NewEscalation};
use desk_core::DeskError;
use desk_store::cs::RecordSync;
use desk_store::ops::escalations::EscalationQuery;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::PlatformDb;
use platform_fixture::{assert_refused, count, staff};

const TENANT: &str = "7e000000-0000-4000-8000-0000000000e1";

fn entry(kind: &str, body: &str) -> EscalationEntry {
    EscalationEntry {
        kind: kind.into(),
        body: body.into(),
        new_state: None,
        next_update_due: None,
        vendor: None,
    }
}

#[tokio::test]
async fn an_escalation_is_worked_offline_resolved_with_an_article_and_reaches_the_platform_once() {
    let db = PlatformDb::create().await;
    let csm = staff(&db, "desk_cs").await;
    let ops = staff(&db, "desk_ops").await;
    sqlx::raw_sql(&format!(
        "INSERT INTO platform.plans (code, name, pricing, price_minor, currency, interval)
         VALUES ('growth', 'Growth', 'per_seat', 4900, 'USD', 'month');
         INSERT INTO platform.tenants (id, name, domain, plan_code, status, owner_csm, currency)
         VALUES ('{TENANT}', 'Acme Outreach', 'acme.test', 'growth', 'active', '{}', 'USD');
         -- Two billing escalations of Acme 10 days apart: the second is a repeat.
         INSERT INTO platform.escalations (tenant_id, title, severity, category, state, opened_at, resolved_at)
         VALUES ('{TENANT}', 'Charged twice', 'high', 'billing', 'closed', now() - interval '20 days', now() - interval '19 days'),
                ('{TENANT}', 'Charged twice again', 'medium', 'billing', 'resolved', now() - interval '10 days', now() - interval '9 days');",
        csm.id
    ))
    .execute(&db.admin)
    .await
    .expect("seed");

    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &ops.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");

    // The customer is found by part of its name or domain, with its CSM.
    let found = desk.ops_tenants("acme out").await.expect("tenants");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, TENANT);
    assert_eq!(
        found[0].csm.as_deref(),
        Some(format!("Test {}", csm.login).as_str())
    );
    assert!(desk
        .ops_tenants("nobody")
        .await
        .expect("tenants")
        .is_empty());

    // Offline from here on: every change is queued and shown at once.
    let bad = desk
        .ops_open_escalation(&NewEscalation {
            tenant_id: "acme".into(),
            title: " ".into(),
            severity: "urgent".into(),
            category: "billing".into(),
            reporter_context: String::new(),
        })
        .await;
    match bad {
        Err(DeskError::InvalidInput(m)) => {
            assert!(
                m.contains("tenant: ") && m.contains("title: ") && m.contains("severity: "),
                "{m}"
            )
        }
        other => panic!("expected a refusal per field, got {other:?}"),
    }
    let id = desk
        .ops_open_escalation(&NewEscalation {
            tenant_id: TENANT.into(),
            title: "Emails landing in spam at Outlook".into(),
            severity: "high".into(),
            category: "deliverability".into(),
            reporter_context: "Tenant admin: open rates fell from 40 % to 5 % since Monday".into(),
        })
        .await
        .expect("open");
    let listed = desk
        .ops_escalations(&EscalationQuery::default())
        .await
        .expect("list");
    let mine = listed
        .escalations
        .iter()
        .find(|e| e.id == id)
        .expect("listed at once");
    assert_eq!(mine.sync, RecordSync::Pending);
    assert_eq!(mine.tenant_name, "Acme Outreach");
    assert_eq!(
        mine.csm.as_deref(),
        Some(format!("Test {}", csm.login).as_str())
    );
    assert_eq!(
        mine.next_states,
        [
            "investigating",
            "waiting_on_customer",
            "waiting_on_vendor",
            "resolved"
        ]
    );

    // A skipped state and a customer update without its next due date are refused here.
    let mut close = entry("note", "closing");
    close.new_state = Some("closed".into());
    assert!(matches!(
        desk.ops_escalation_entry(&id, &close).await,
        Err(DeskError::InvalidInput(m)) if m.contains("state: an escalation that is new cannot become closed")
    ));
    assert!(matches!(
        desk.ops_escalation_entry(&id, &entry("customer_update", "Looking into it")).await,
        Err(DeskError::InvalidInput(m)) if m.contains("next update: ")
    ));

    let mut start = entry("finding", "Outlook junks mail from the new sending domain");
    start.new_state = Some("investigating".into());
    desk.ops_escalation_entry(&id, &start)
        .await
        .expect("investigate");
    let due = (Utc::now() + Duration::hours(4)).to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut update = entry("customer_update", "We found the cause and are fixing DNS");
    update.next_update_due = Some(due.clone());
    desk.ops_escalation_entry(&id, &update)
        .await
        .expect("update");
    let mut vendor = entry("vendor_contact", "Asked about the domain's reputation");
    vendor.vendor = Some("Microsoft".into());
    vendor.new_state = Some("waiting_on_vendor".into());
    desk.ops_escalation_entry(&id, &vendor)
        .await
        .expect("vendor");
    desk.ops_escalation_entry(
        &id,
        &entry("root_cause", "New sending domain without DMARC alignment"),
    )
    .await
    .expect("root cause");
    desk.ops_resolve_escalation(
        &id,
        "Published DMARC and warmed the domain",
        Some(&ArticleDraft {
            slug: String::new(),
            title: "Outlook junks a new sending domain".into(),
            body_md: "# Symptom\n\nOpen rates fall at Outlook.\n\n# Fix\n\nPublish **DMARC** and warm the domain.".into(),
            tags: vec!["outlook".into(), "dmarc".into()],
        }),
    )
    .await
    .expect("resolve");
    let detail = desk.ops_escalation(&id).await.expect("detail");
    assert_eq!(detail.escalation.state, "resolved");
    assert_eq!(detail.escalation.vendor.as_deref(), Some("Microsoft"));
    assert_eq!(
        detail.escalation.kb_title.as_deref(),
        Some("Outlook junks a new sending domain"),
        "the queued article's title shows before sync"
    );
    let pending: Vec<(&str, &RecordSync)> = detail
        .timeline
        .iter()
        .map(|t| (t.kind.as_str(), &t.sync))
        .collect();
    assert_eq!(pending.len(), 5, "{pending:?}");
    assert!(pending.iter().all(|(_, s)| **s == RecordSync::Pending));
    assert_eq!(
        detail.timeline[2].body,
        "Microsoft: Asked about the domain's reputation"
    );

    // Online: everything reaches the platform, in order, once.
    desk.sync_now().await.expect("push and pull");
    desk.sync_now().await.expect("again");
    let (state, kb, root, notified): (String, Option<String>, Option<String>, bool) =
        sqlx::query_as(
            "SELECT state, kb_article_id::text, root_cause, csm_notified_at IS NOT NULL
           FROM platform.escalations WHERE id = $1::uuid",
        )
        .bind(&id)
        .fetch_one(&db.admin)
        .await
        .expect("escalation");
    assert_eq!(state, "resolved");
    assert_eq!(
        root.as_deref(),
        Some("New sending domain without DMARC alignment")
    );
    assert!(notified);
    let kb = kb.expect("linked article");
    let (slug, from): (String, Option<String>) = sqlx::query_as(
        "SELECT slug, escalation_id::text FROM platform.kb_articles WHERE id = $1::uuid",
    )
    .bind(&kb)
    .fetch_one(&db.admin)
    .await
    .expect("article");
    assert_eq!(slug, "outlook-junks-a-new-sending-domain");
    assert_eq!(from.as_deref(), Some(id.as_str()), "linked both ways");
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT kind FROM platform.escalation_timeline WHERE escalation_id = $1::uuid ORDER BY at, kind",
    )
    .bind(&id)
    .fetch_all(&db.admin)
    .await
    .expect("timeline");
    assert_eq!(
        kinds.iter().filter(|k| *k == "state_change").count(),
        3,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.len(),
        8,
        "five entries and three state changes, once: {kinds:?}"
    );
    let mails = count(
        &db.admin,
        &format!(
            "SELECT count(*) FROM platform.email_outbox WHERE template = 'escalation_csm'
               AND to_addr = '{}@penguinmails.test'",
            csm.login
        ),
    )
    .await
    .expect("mails");
    assert_eq!(
        mails, 2,
        "the CSM heard when it opened and when it was resolved"
    );

    let detail = desk.ops_escalation(&id).await.expect("detail");
    assert!(detail.timeline.iter().all(|t| t.sync == RecordSync::Synced));
    assert_eq!(detail.escalation.sync, RecordSync::Synced);
    assert!(detail.escalation.csm_notified_at.is_some());

    // The article is in the local copy and found offline, linked back.
    let hits = desk.kb_search("dmarc outlook").await.expect("search");
    assert_eq!(hits.first().map(|h| h.slug.as_str()), Some(slug.as_str()));
    assert!(hits[0].snippet.contains("DMARC"), "{}", hits[0].snippet);
    let article = desk.kb_article(&slug).await.expect("article");
    assert_eq!(
        article.written_from.as_ref().map(|w| w.0.as_str()),
        Some(id.as_str())
    );
    assert_eq!(article.linked_from.len(), 1);
    assert!(desk
        .kb_search("kubernetes")
        .await
        .expect("search")
        .is_empty());

    // Satisfaction after resolution, then closed; a closed escalation takes no more entries.
    desk.ops_record_satisfaction(&id, 6, "")
        .await
        .expect_err("1 to 5");
    desk.ops_record_satisfaction(&id, 4, "Quick once we knew")
        .await
        .expect("satisfaction");
    let mut closing = entry("note", "Customer confirmed");
    closing.new_state = Some("closed".into());
    desk.ops_escalation_entry(&id, &closing)
        .await
        .expect("close");
    assert!(matches!(
        desk.ops_escalation_entry(&id, &entry("note", "late")).await,
        Err(DeskError::InvalidInput(m)) if m.contains("closed")
    ));
    desk.sync_now().await.expect("sync");
    let (state, score): (String, Option<i16>) =
        sqlx::query_as("SELECT state, satisfaction FROM platform.escalations WHERE id = $1::uuid")
            .bind(&id)
            .fetch_one(&db.admin)
            .await
            .expect("closed");
    assert_eq!((state.as_str(), score), ("closed", Some(4)));

    // Patterns: the billing pair is a repeat within 30 days.
    let patterns = desk.ops_escalation_patterns().await.expect("patterns");
    assert_eq!(patterns.repeats.len(), 1);
    assert_eq!(patterns.repeats[0].title, "Charged twice again");
    assert_eq!(patterns.repeats[0].earlier_title, "Charged twice");
    let billing = patterns
        .by_category
        .iter()
        .find(|c| c.label == "billing")
        .expect("billing");
    assert_eq!((billing.count, billing.repeats), (2, 1));
    assert_eq!(patterns.by_week.len(), 12);

    // The platform refuses what the desk would have: CS may add updates but not move states;
    // finance and security may not touch escalations at all.
    let r = sqlx::query(
        "SELECT desk.update_escalation(e.id, NULL, 'note', 'x', 'investigating', NULL, e.version)
           FROM platform.escalations e WHERE e.title = 'Charged twice again'",
    )
    .execute(&csm.pool)
    .await;
    assert_refused(r, "42501", "CS moving a state");
    for role in ["desk_finance", "desk_security"] {
        let s = staff(&db, role).await;
        let r = sqlx::query("SELECT desk.update_escalation($1::uuid, NULL, 'note', 'x')")
            .bind(&id)
            .execute(&s.pool)
            .await;
        assert_refused(r, "42501", role);
    }
    drop(desk);
    db.drop_db().await;
}
