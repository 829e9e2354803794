//! The platform database enforces who may read and change what: each test logs in as staff of
//! each desk role and checks what the database lets them do, refusals by their SQLSTATE
//! (42501 insufficient_privilege, 28000 for a login that may not connect).

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use desk_tests::platform::PlatformDb;
use platform_fixture::{assert_refused, count, everyone, seed, staff, ROLES, TENANT};

/// Who may read which table (all of it, or some columns): admin, finance, cs, ops, security.
const READERS: &[(&str, [bool; 5])] = &[
    // CS and ops read the staff directory's columns (see cs_reads_only_the_columns_its_book_needs
    // and ops_reads_the_staff_directory_but_not_emails_or_roles).
    ("desk.staff", [true, false, true, true, true]),
    ("desk.audit_trail", [true, false, false, false, true]),
    (
        "desk.forbidden_role_pairs",
        [true, false, false, false, true],
    ),
    ("desk.applied_changes", [true, true, true, true, true]),
    ("desk.cs_touchpoints", [false, false, true, false, false]),
    (
        "desk.onboarding_milestones",
        [false, false, true, false, false],
    ),
    ("desk.success_plans", [false, false, true, false, false]),
    (
        "desk.success_plan_goals",
        [false, false, true, false, false],
    ),
    ("platform.tenants", [true, true, true, true, true]),
    ("platform.plans", [true, true, true, false, false]),
    ("platform.subscriptions", [false, true, true, false, false]),
    (
        "platform.subscription_events",
        [false, true, true, false, false],
    ),
    ("platform.usage_daily", [false, true, true, false, false]),
    ("platform.invoices", [false, true, true, false, false]),
    ("platform.invoice_lines", [false, true, true, false, false]),
    ("platform.payments", [false, true, true, false, false]),
    (
        "platform.payment_retries",
        [false, true, false, false, false],
    ),
    // CS reads whether a dispute is open, not its evidence or amount.
    ("platform.disputes", [false, true, true, false, false]),
    ("platform.credit_notes", [false, true, false, false, false]),
    ("platform.dunning_notes", [false, true, false, false, false]),
    ("platform.alerts", [true, true, true, true, true]),
    // Row-level: a note is visible to whoever sees its alert.
    ("platform.alert_notes", [true, true, true, true, true]),
    ("platform.services", [false, false, false, true, false]),
    (
        "platform.service_metrics",
        [false, false, false, true, false],
    ),
    ("platform.deployments", [false, false, false, true, false]),
    (
        "platform.rollback_requests",
        [false, false, false, true, false],
    ),
    ("platform.integrations", [false, false, false, true, false]),
    (
        "platform.integration_checks",
        [false, false, false, true, false],
    ),
    // Integrations (0020): ops reads them; security also reads the onboardings (it completes
    // their security review).
    (
        "platform.integration_daily",
        [false, false, false, true, false],
    ),
    (
        "platform.integration_failures",
        [false, false, false, true, false],
    ),
    (
        "platform.integration_deprecations",
        [false, false, false, true, false],
    ),
    (
        "platform.integration_rotations",
        [false, false, false, true, false],
    ),
    (
        "platform.integration_onboardings",
        [false, false, false, true, true],
    ),
    (
        "platform.integration_onboarding_steps",
        [false, false, false, true, true],
    ),
    ("platform.escalations", [false, false, true, true, false]),
    (
        "platform.escalation_timeline",
        [false, false, true, true, false],
    ),
    ("platform.kb_articles", [false, false, true, true, false]),
    (
        "platform.security_incidents",
        [false, false, false, false, true],
    ),
    (
        "platform.incident_timeline",
        [false, false, false, false, true],
    ),
    (
        "platform.incident_containment_steps",
        [false, false, false, false, true],
    ),
    (
        "platform.incident_evidence",
        [false, false, false, false, true],
    ),
    (
        "platform.evidence_custody",
        [false, false, false, false, true],
    ),
    (
        "platform.incident_followups",
        [false, false, false, false, true],
    ),
    (
        "platform.incident_evidence_content",
        [false, false, false, false, false],
    ),
    (
        "platform.platform_settings",
        [true, false, false, false, false],
    ),
    (
        "platform.platform_setting_versions",
        [true, false, false, false, false],
    ),
    (
        "platform.security_policies",
        [true, false, false, false, false],
    ),
    (
        "platform.security_policy_versions",
        [true, false, false, false, false],
    ),
    ("platform.feature_flags", [true, false, false, false, false]),
    ("platform.email_outbox", [true, false, false, false, false]),
    ("desk.staff_archive", [true, false, false, false, true]),
    (
        "platform.setting_environments",
        [true, false, false, false, false],
    ),
    (
        "platform.setting_applications",
        [true, false, false, false, false],
    ),
    ("platform.setting_rules", [true, false, false, false, false]),
    (
        "platform.flag_environments",
        [true, false, false, false, false],
    ),
    ("platform.flag_changes", [true, false, false, false, false]),
    (
        "platform.flag_evaluations",
        [true, false, false, false, false],
    ),
];

#[tokio::test]
async fn each_role_reads_exactly_its_tables_and_writes_none_directly() {
    let db = PlatformDb::create().await;
    let all = everyone(&db).await;
    let listed: Vec<String> = sqlx::query_scalar(
        "SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname IN ('platform', 'desk') AND c.relkind = 'r'
            AND c.relname NOT IN ('change_feed', 'collections', 'feed_horizon')  -- the feed's own (0001)
          ORDER BY 1",
    )
    .fetch_all(&db.admin)
    .await
    .expect("tables");
    let mut in_matrix: Vec<String> = READERS.iter().map(|(t, _)| t.to_string()).collect();
    in_matrix.sort();
    assert_eq!(
        listed, in_matrix,
        "every table has a row in the permission matrix"
    );

    for (table, readers) in READERS {
        for ((who, may_read), role) in all.iter().zip(readers).zip(ROLES) {
            let read = count(&who.pool, &format!("SELECT count(*) FROM {table}")).await;
            if *may_read {
                assert!(read.is_ok(), "{role} reads {table}: {read:?}");
            } else {
                assert_refused(read, "42501", &format!("{role} reads {table}"));
            }
            for write in [
                format!("INSERT INTO {table} DEFAULT VALUES"),
                format!("DELETE FROM {table} WHERE false"),
                format!("TRUNCATE {table}"),
            ] {
                let r = sqlx::query(&write).execute(&who.pool).await;
                assert_refused(r, "42501", &format!("{role}: {write}"));
            }
        }
    }
    db.drop_db().await;
}

#[tokio::test]
async fn finance_login_cannot_read_staff() {
    let db = PlatformDb::create().await;
    let finance = staff(&db, "desk_finance").await;
    let r = count(&finance.pool, "SELECT count(*) FROM desk.staff").await;
    assert_refused(r, "42501", "finance reads desk.staff");
    // ... but sees its own row through desk.whoami(), and only that.
    let mine: Vec<(String, String)> = sqlx::query_as("SELECT id::text, login FROM desk.whoami()")
        .fetch_all(&finance.pool)
        .await
        .expect("whoami");
    assert_eq!(mine, vec![(finance.id.clone(), finance.login.clone())]);
    // ... and the change feed hides staff changes from it.
    let feed = count(
        &finance.pool,
        "SELECT count(*) FROM desk.change_feed WHERE collection = 'staff'",
    )
    .await
    .expect("feed");
    assert_eq!(feed, 0, "finance sees no staff changes in the feed");
    let seen_by_admin = staff(&db, "desk_admin").await;
    let admin_feed = count(
        &seen_by_admin.pool,
        "SELECT count(*) FROM desk.change_feed WHERE collection = 'staff'",
    )
    .await
    .expect("feed");
    assert!(admin_feed >= 2, "admins sync staff");
    db.drop_db().await;
}

#[tokio::test]
async fn ops_reads_the_staff_directory_but_not_emails_or_roles() {
    let db = PlatformDb::create().await;
    seed(&db.admin).await;
    let ops = staff(&db, "desk_ops").await;
    let directory = count(
        &ops.pool,
        "SELECT count(*) FROM (SELECT id, login, full_name, team, active FROM desk.staff) s",
    )
    .await
    .expect("ops reads the staff directory (the CSM of an escalation's tenant)");
    let everyone = count(&db.admin, "SELECT count(*) FROM desk.staff")
        .await
        .expect("all staff");
    assert_eq!(directory, everyone);
    for sql in [
        "SELECT email FROM desk.staff",
        "SELECT roles FROM desk.staff",
    ] {
        assert_refused(
            count(&ops.pool, &format!("SELECT count(*) FROM ({sql}) s")).await,
            "42501",
            &format!("ops: {sql}"),
        );
    }
    db.drop_db().await;
}

#[tokio::test]
async fn cs_reads_only_the_columns_its_book_needs() {
    let db = PlatformDb::create().await;
    seed(&db.admin).await;
    let cs = staff(&db, "desk_cs").await;
    let directory = count(
        &cs.pool,
        "SELECT count(*) FROM (SELECT id, login, full_name, team, active FROM desk.staff) s",
    )
    .await
    .expect("cs reads the staff directory");
    let everyone = count(&db.admin, "SELECT count(*) FROM desk.staff")
        .await
        .expect("all staff");
    assert_eq!(
        directory, everyone,
        "CS sees every colleague, to show who owns an account"
    );
    for sql in [
        "SELECT email FROM desk.staff",
        "SELECT roles FROM desk.staff",
        "SELECT evidence FROM platform.disputes",
        "SELECT amount_minor FROM platform.disputes",
    ] {
        assert_refused(
            count(&cs.pool, &format!("SELECT count(*) FROM ({sql}) s")).await,
            "42501",
            &format!("cs: {sql}"),
        );
    }
    count(&cs.pool, "SELECT count(*) FROM (SELECT id, payment_id, status, opened_at, closed_at FROM platform.disputes) s")
        .await
        .expect("cs reads dispute states");
    // The sync engine finds these collections with just those columns.
    let found = desk_sync::discover(&cs.pool).await.expect("discover");
    let columns = |name: &str| -> Vec<String> {
        found
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.columns.iter().map(|col| col.name.clone()).collect())
            .unwrap_or_default()
    };
    assert_eq!(
        columns("staff"),
        ["id", "login", "full_name", "team", "active"]
    );
    assert_eq!(
        columns("disputes"),
        ["id", "payment_id", "status", "opened_at", "closed_at"]
    );
    db.drop_db().await;
}

#[tokio::test]
async fn cs_login_cannot_change_invoices() {
    let db = PlatformDb::create().await;
    seed(&db.admin).await;
    let cs = staff(&db, "desk_cs").await;
    let seen = count(&cs.pool, "SELECT count(*) FROM platform.invoices")
        .await
        .expect("cs reads invoices");
    assert!(seen >= 1, "CS sees the invoices");
    for sql in [
        "UPDATE platform.invoices SET status = 'void'",
        "DELETE FROM platform.invoices",
        "UPDATE platform.payments SET refunded_amount_minor = amount_minor",
        "SELECT desk.void_invoice(1, 'please')",
        "SELECT desk.issue_credit_note(1, 100, 'please')",
        "SELECT desk.refund_payment(1, 100, 'please')",
    ] {
        let r = sqlx::query(sql).execute(&cs.pool).await;
        assert_refused(r, "42501", &format!("cs: {sql}"));
    }
    let status: String = sqlx::query_scalar("SELECT status FROM platform.invoices WHERE id = 1")
        .fetch_one(&db.admin)
        .await
        .expect("status");
    assert_eq!(status, "open", "the invoice is unchanged");
    db.drop_db().await;
}

#[tokio::test]
async fn finance_voids_an_invoice_through_the_desk_and_it_is_audited() {
    let db = PlatformDb::create().await;
    seed(&db.admin).await;
    let finance = staff(&db, "desk_finance").await;
    let direct = sqlx::query("UPDATE platform.invoices SET status = 'void' WHERE id = 1")
        .execute(&finance.pool)
        .await;
    assert_refused(direct, "42501", "finance updates an invoice directly");
    // Based on a stale version: a conflict, nothing changes.
    let stale = sqlx::query("SELECT desk.void_invoice(1, 'duplicate', 7)")
        .execute(&finance.pool)
        .await;
    assert_refused(stale, "PD409", "void on a stale version");
    let (status, version): (String, i32) =
        sqlx::query_as("SELECT status, version FROM desk.void_invoice(1, 'duplicate', 1)")
            .fetch_one(&finance.pool)
            .await
            .expect("void");
    assert_eq!((status.as_str(), version), ("void", 2));
    let (actor, action, before, after): (String, String, String, String) = sqlx::query_as(
        "SELECT actor, action, before ->> 'status', after ->> 'status' FROM desk.audit_trail
          WHERE target = 'invoice:1'",
    )
    .fetch_one(&db.admin)
    .await
    .expect("one audit row");
    assert_eq!(
        (actor, action, before, after),
        (
            finance.login.clone(),
            "invoice.void".into(),
            "open".into(),
            "void".into()
        )
    );
    // Validation refuses a second void with a reason, not a crash.
    let again = sqlx::query("SELECT desk.void_invoice(1, 'again')")
        .execute(&finance.pool)
        .await;
    assert_refused(again, "22023", "voiding a void invoice");
    // Administrators do not move money.
    let admin = staff(&db, "desk_admin").await;
    let r = sqlx::query("SELECT desk.refund_payment(1, 100, 'admin refund')")
        .execute(&admin.pool)
        .await;
    assert_refused(r, "42501", "admin refunds a payment");
    db.drop_db().await;
}

#[tokio::test]
async fn deactivated_staff_cannot_connect() {
    let db = PlatformDb::create().await;
    let admin = staff(&db, "desk_admin").await;
    let leaver = staff(&db, "desk_ops").await;
    let ops = staff(&db, "desk_ops").await;
    let mut open = leaver.pool.acquire().await.expect("an open session");

    // Only an administrator may deactivate.
    let r = sqlx::query("SELECT desk.deactivate_staff($1, 'not yours')")
        .bind(&leaver.login)
        .execute(&ops.pool)
        .await;
    assert_refused(r, "42501", "ops deactivates a colleague");

    let active: bool =
        sqlx::query_scalar("SELECT active FROM desk.deactivate_staff($1, 'left the company')")
            .bind(&leaver.login)
            .fetch_one(&admin.pool)
            .await
            .expect("deactivate");
    assert!(!active);

    let again = db.connect_as(&leaver.login, "pw").await;
    assert_refused(again, "28000", "a deactivated login connects");
    let still = sqlx::query("SELECT 1").execute(&mut *open).await;
    assert!(still.is_err(), "the open session was ended");
    let member: bool = sqlx::query_scalar("SELECT pg_has_role($1, 'desk_ops', 'MEMBER')")
        .bind(&leaver.login)
        .fetch_one(&db.admin)
        .await
        .expect("membership");
    assert!(!member, "the login lost its desk roles");
    let (action, reason): (String, String) =
        sqlx::query_as("SELECT action, reason FROM desk.audit_trail WHERE target = 'staff:' || $1")
            .bind(&leaver.login)
            .fetch_one(&db.admin)
            .await
            .expect("audited");
    assert_eq!(
        (action.as_str(), reason.as_str()),
        ("staff.deactivate", "left the company")
    );
    drop(open);
    db.drop_db().await;
}

#[tokio::test]
async fn nobody_can_rewrite_the_audit_trail() {
    let db = PlatformDb::create().await;
    seed(&db.admin).await;
    let all = everyone(&db).await;
    let finance = &all[1];
    sqlx::query("SELECT desk.void_invoice(1, 'a change to audit')")
        .execute(&finance.pool)
        .await
        .expect("an audited change");
    for (who, role) in all.iter().zip(ROLES) {
        for sql in [
            "UPDATE desk.audit_trail SET reason = 'nothing happened'",
            "DELETE FROM desk.audit_trail",
            "TRUNCATE desk.audit_trail",
            "INSERT INTO desk.audit_trail (action, target) VALUES ('forged', 'x')",
        ] {
            let r = sqlx::query(sql).execute(&who.pool).await;
            assert_refused(r, "42501", &format!("{role}: {sql}"));
        }
    }
    // Not even the owner (a superuser here) may rewrite it.
    for sql in [
        "UPDATE desk.audit_trail SET reason = 'nothing happened'",
        "DELETE FROM desk.audit_trail",
        "TRUNCATE desk.audit_trail",
    ] {
        let r = sqlx::query(sql).execute(&db.admin).await;
        assert_refused(r, "42501", &format!("superuser: {sql}"));
    }
    let rows = count(&db.admin, "SELECT count(*) FROM desk.audit_trail")
        .await
        .expect("count");
    assert_eq!(
        rows, 2,
        "the seeded entry and the audited change are still there"
    );
    db.drop_db().await;
}

#[tokio::test]
async fn security_incidents_are_hidden_from_every_other_role() {
    let db = PlatformDb::create().await;
    seed(&db.admin).await;
    let all = everyone(&db).await;
    for (who, role) in all.iter().zip(ROLES) {
        let incidents = count(
            &who.pool,
            "SELECT count(*) FROM platform.security_incidents",
        )
        .await;
        let timeline = count(&who.pool, "SELECT count(*) FROM platform.incident_timeline").await;
        let open = sqlx::query("SELECT desk.open_incident(NULL, 'x', 'phishing', 'SEV3', 'y')")
            .execute(&who.pool)
            .await;
        let feed = count(
            &who.pool,
            "SELECT count(*) FROM desk.change_feed
              WHERE collection IN ('security_incidents', 'incident_timeline')",
        )
        .await
        .expect("feed");
        if role == "desk_security" {
            assert_eq!(incidents.expect("security reads incidents"), 1);
            assert!(timeline.expect("security reads the timeline") >= 1);
            assert!(open.is_ok(), "security opens an incident: {open:?}");
            assert!(feed >= 2);
        } else {
            assert_refused(incidents, "42501", &format!("{role} reads incidents"));
            assert_refused(
                timeline,
                "42501",
                &format!("{role} reads the incident timeline"),
            );
            assert_refused(open, "42501", &format!("{role} opens an incident"));
            assert_eq!(feed, 0, "{role} sees no incident changes in the feed");
        }
    }
    db.drop_db().await;
}

#[tokio::test]
async fn alerts_are_filtered_by_team() {
    let db = PlatformDb::create().await;
    for team in ["ops", "security", "finance", "cs"] {
        sqlx::query(
            "INSERT INTO platform.alerts (dedup_key, source_service, severity, team, title)
             VALUES ($1 || '-1', 'smtp-relay', 'high', $1, 'Alert for ' || $1)",
        )
        .bind(team)
        .execute(&db.admin)
        .await
        .expect("alert");
    }
    let all = everyone(&db).await;
    for (who, role) in all.iter().zip(ROLES) {
        let teams: Vec<String> =
            sqlx::query_scalar("SELECT team FROM platform.alerts ORDER BY team")
                .fetch_all(&who.pool)
                .await
                .expect("alerts");
        let expected: Vec<&str> = match role {
            "desk_admin" => vec!["cs", "finance", "ops", "security"],
            other => vec![other.trim_start_matches("desk_")],
        };
        assert_eq!(teams, expected, "{role} sees the alerts routed to it");
    }
    // Ops cannot act on a security alert it cannot see: it does not exist for them.
    let ops = &all[3];
    let security_alert: i64 =
        sqlx::query_scalar("SELECT id FROM platform.alerts WHERE team = 'security'")
            .fetch_one(&db.admin)
            .await
            .expect("id");
    let r = sqlx::query("SELECT desk.ack_alert($1)")
        .bind(security_alert)
        .execute(&ops.pool)
        .await;
    assert_refused(r, "P0002", "ops acknowledges a security alert");
    let ops_alert: i64 = sqlx::query_scalar("SELECT id FROM platform.alerts WHERE team = 'ops'")
        .fetch_one(&db.admin)
        .await
        .expect("id");
    let (status, by): (String, String) =
        sqlx::query_as("SELECT status, acknowledged_by FROM desk.ack_alert($1, 1)")
            .bind(ops_alert)
            .fetch_one(&ops.pool)
            .await
            .expect("ack");
    assert_eq!(
        (status.as_str(), by.as_str()),
        ("acknowledged", ops.login.as_str())
    );
    db.drop_db().await;
}

#[tokio::test]
async fn cs_writes_touchpoints_as_itself_through_the_desk_only() {
    let db = PlatformDb::create().await;
    seed(&db.admin).await;
    let cs = staff(&db, "desk_cs").await;
    let colleague = staff(&db, "desk_cs").await;
    let finance = staff(&db, "desk_finance").await;
    let direct = sqlx::query(
        "INSERT INTO desk.cs_touchpoints (id, tenant_id, author, kind, happened_at)
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'call', now())",
    )
    .bind(TENANT)
    .bind(&cs.id)
    .execute(&cs.pool)
    .await;
    assert_refused(direct, "42501", "cs inserts a touchpoint directly");

    let add = "SELECT author::text FROM desk.add_touchpoint('5e000000-0000-4000-8000-000000000001',
               $1::uuid, 'call', 'QBR prep', 'renewal likely', 'send ROI deck', now())";
    let author: String = sqlx::query_scalar(add)
        .bind(TENANT)
        .fetch_one(&cs.pool)
        .await
        .expect("add touchpoint");
    assert_eq!(author, cs.id, "the author is the caller");
    // A retry after a lost reply returns the same touchpoint, not a second one.
    let again: String = sqlx::query_scalar(add)
        .bind(TENANT)
        .fetch_one(&cs.pool)
        .await
        .expect("retry");
    assert_eq!(again, cs.id);
    let n = count(
        &cs.pool,
        "SELECT count(*) FROM desk.cs_touchpoints WHERE id = '5e000000-0000-4000-8000-000000000001'",
    )
    .await
    .expect("count");
    assert_eq!(n, 1);
    let edit = sqlx::query(
        "SELECT desk.edit_touchpoint('5e000000-0000-4000-8000-000000000001', NULL, 'churn risk', NULL)",
    )
    .execute(&colleague.pool)
    .await;
    assert_refused(edit, "42501", "a colleague edits someone else's touchpoint");
    let by_finance = sqlx::query(add).bind(TENANT).execute(&finance.pool).await;
    assert_refused(by_finance, "42501", "finance adds a touchpoint");
    db.drop_db().await;
}
