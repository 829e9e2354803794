//! Security policies from an administrator's desk, against a real PostgreSQL platform: every
//! policy is listed (offline too); a change is previewed with each compliance rule it breaks,
//! named with its field, and who and what it affects; a violating change is refused listing
//! every violation; the segregation-of-duties pairs are a policy whose change the role checks
//! obey at once and which cannot forbid a pair somebody holds; an allow list that excludes a
//! member's address ends that member's sessions; every other role is refused.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use desk_core::admin::RoleChange;
use desk_core::policies::PolicyChange;
use desk_core::DeskError;
use desk_domain::roles::DeskRole;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::PlatformDb;
use platform_fixture::{assert_refused, staff};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

fn change(name: &str, rules: &str, rationale: &str, expected: Option<i32>) -> PolicyChange {
    PolicyChange {
        name: name.into(),
        rules: rules.into(),
        rationale: rationale.into(),
        expected_version: expected,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_change_is_previewed_checked_and_applied() {
    let db = PlatformDb::create().await;
    sqlx::query("SELECT desk.adopt_policies()")
        .execute(&db.admin)
        .await
        .expect("policies");
    let admin = staff(&db, "desk_admin").await;
    let finance = staff(&db, "desk_finance").await;
    let ops = staff(&db, "desk_ops").await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &admin.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");
    let names: Vec<(String, i32)> = desk
        .admin_policies()
        .await
        .expect("policies")
        .into_iter()
        .map(|p| (p.name, p.version))
        .collect();
    assert_eq!(
        names,
        [
            ("data_retention".to_string(), 1),
            ("ip_allowlist".into(), 1),
            ("mfa".into(), 1),
            ("password".into(), 1),
            ("segregation_of_duties".into(), 1),
            ("session".into(), 1),
        ]
    );

    // A violating change: the preview lists each rule with its field, and applying refuses.
    let weak = r#"{"min_length": 8, "max_age_days": 400}"#;
    let preview = desk
        .admin_policy_preview("password", weak)
        .await
        .expect("preview");
    assert_eq!(
        preview.violations,
        [
            "min_length: rule soc2_password_length: passwords have at least 12 characters",
            "max_age_days: rule password_rotation: passwords are changed at least once a year (1–365 days)",
        ]
    );
    let e = desk
        .admin_change_policy(&change("password", weak, "simpler", Some(1)))
        .await
        .expect_err("refused");
    let m = e.to_string();
    assert!(
        m.contains("violates compliance (2 violation(s))")
            && m.contains("rule soc2_password_length"),
        "{m}"
    );
    // The shape is checked by the desk first: unknown fields, missing ones, wrong types.
    let odd = r#"{"min_length": 14, "colour": "blue"}"#;
    let preview = desk
        .admin_policy_preview("password", odd)
        .await
        .expect("preview");
    assert_eq!(
        preview.violations,
        [
            "colour: the password policy has no field colour (it has min_length, max_age_days)",
            "max_age_days: required",
        ]
    );
    assert!(matches!(
        desk.admin_change_policy(&change("password", odd, "x", Some(1))).await,
        Err(DeskError::InvalidInput(m)) if m.contains("colour: the password policy has no field colour")
    ));
    // The platform refuses the same on its own.
    let db_only: Vec<String> =
        sqlx::query_scalar("SELECT desk.security_policy_violations('password', $1::jsonb)")
            .bind(odd)
            .fetch_one(&admin.pool)
            .await
            .expect("platform check");
    assert_eq!(
        db_only,
        [
            "colour: the password policy has no field colour (it has min_length, max_age_days)",
            "max_age_days: a whole number is required",
        ]
    );
    for (name, rules, rule) in [
        (
            "mfa",
            r#"{"required_for_staff": true, "required_for_admins": false}"#,
            "required_for_admins: rule mfa_admins",
        ),
        (
            "session",
            r#"{"idle_timeout_minutes": 30, "max_lifetime_hours": 0}"#,
            "max_lifetime_hours: rule daily_sign_in",
        ),
        (
            "data_retention",
            r#"{"audit_days": 200, "staff_archive_days": 100}"#,
            "audit_days: rule audit_retention",
        ),
        (
            "ip_allowlist",
            r#"{"enabled": true, "cidrs": ["10.0.0.0/8", "the office"]}"#,
            "cidrs: rule cidr_syntax: not a network: the office",
        ),
        (
            "ip_allowlist",
            r#"{"enabled": true, "cidrs": []}"#,
            "cidrs: rule allowlist_not_empty",
        ),
        // The administrator's own address (loopback) would be outside.
        (
            "ip_allowlist",
            r#"{"enabled": true, "cidrs": ["10.0.0.0/8"]}"#,
            "cidrs: rule allowlist_keeps_you: your own address 127.0.0.1",
        ),
    ] {
        let p = desk
            .admin_policy_preview(name, rules)
            .await
            .expect("preview");
        assert!(
            p.violations.iter().any(|v| v.starts_with(rule)),
            "{name}: {rule} in {:?}",
            p.violations
        );
    }
    assert!(matches!(
        desk.admin_change_policy(&change("password", r#"{"min_length": 14, "max_age_days": 180}"#, " ", None)).await,
        Err(DeskError::InvalidInput(m)) if m.starts_with("rationale:")
    ));
    assert!(matches!(
        desk.admin_policy_preview("password", "min_length = 14").await,
        Err(DeskError::InvalidInput(m)) if m.starts_with("rules: not valid JSON")
    ));

    // A compliant change: its impact, then applied as version 2; a stale version is refused.
    let longer = r#"{"min_length": 14, "max_age_days": 180}"#;
    let preview = desk
        .admin_policy_preview("password", longer)
        .await
        .expect("preview");
    assert!(preview.violations.is_empty(), "{:?}", preview.violations);
    assert_eq!(preview.impact.len(), 1);
    assert_eq!(preview.impact[0].subject, "3 active members");
    assert!(
        preview.impact[0].effect.contains("14 characters"),
        "{:?}",
        preview.impact
    );
    let outcome = desk
        .admin_change_policy(&change(
            "password",
            longer,
            "the auditor asked for 14",
            Some(1),
        ))
        .await
        .expect("changed");
    assert_eq!((outcome.version, outcome.sessions_ended), (2, 0));
    assert!(desk
        .admin_change_policy(&change(
            "password",
            r#"{"min_length": 16, "max_age_days": 180}"#,
            "x",
            Some(1)
        ))
        .await
        .is_err_and(|e| e.to_string().contains("changed since")));
    let min: i32 = sqlx::query_scalar("SELECT desk.password_min_length()")
        .fetch_one(&admin.pool)
        .await
        .expect("min");
    assert_eq!(
        min, 14,
        "the password rules the platform applies follow the policy"
    );

    // Segregation of duties: a pair somebody holds cannot be forbidden; the impact names them.
    sqlx::query("SELECT 1 FROM desk.set_staff_roles($1, ARRAY['desk_ops', 'desk_cs'], 'covering CS in December')")
        .bind(&ops.login)
        .execute(&admin.pool)
        .await
        .expect("ops also covers CS");
    let pairs = |extra: &str| {
        format!(
            r#"{{"pairs": [{{"roles": ["desk_admin", "desk_finance"], "reason": "whoever manages staff accounts must not also move money"}},
                          {{"roles": ["desk_admin", "desk_security"], "reason": "whoever audits administrators must not be one"}}{extra}]}}"#
        )
    };
    let ops_cs = pairs(
        r#", {"roles": ["desk_ops", "desk_cs"], "reason": "who deploys must not also promise customers"}"#,
    );
    let preview = desk
        .admin_policy_preview("segregation_of_duties", &ops_cs)
        .await
        .expect("preview");
    assert_eq!(
        preview.violations,
        [format!(
            "pairs: rule members_comply: {} hold desk_ops and desk_cs together; change their roles first",
            ops.login
        )]
    );
    assert_eq!(preview.impact.len(), 1);
    assert_eq!(preview.impact[0].subject, ops.login);
    // Dropping the admin/finance pair breaks the baseline; dropping admin/security is allowed
    // and the impact says the pair may be held together again.
    let no_finance =
        r#"{"pairs": [{"roles": ["desk_admin", "desk_security"], "reason": "auditors"}]}"#;
    let p = desk
        .admin_policy_preview("segregation_of_duties", no_finance)
        .await
        .expect("preview");
    assert!(
        p.violations
            .iter()
            .any(|v| v.starts_with("pairs: rule admin_apart_from_finance")),
        "{:?}",
        p.violations
    );
    let no_security =
        r#"{"pairs": [{"roles": ["desk_admin", "desk_finance"], "reason": "money"}]}"#;
    let p = desk
        .admin_policy_preview("segregation_of_duties", no_security)
        .await
        .expect("preview");
    assert!(p.violations.is_empty(), "{:?}", p.violations);
    assert!(
        p.impact
            .iter()
            .any(|i| i.subject == "desk_admin + desk_security"
                && i.effect == "may be held together again"),
        "{:?}",
        p.impact
    );
    // With the member back to ops only, the pair is forbidden, and the role check obeys at once.
    sqlx::query("SELECT 1 FROM desk.set_staff_roles($1, ARRAY['desk_ops'], 'December is over')")
        .bind(&ops.login)
        .execute(&admin.pool)
        .await
        .expect("ops only");
    desk.admin_change_policy(&change(
        "segregation_of_duties",
        &ops_cs,
        "deploys and promises apart",
        Some(1),
    ))
    .await
    .expect("pairs changed");
    desk.sync_now().await.expect("sync");
    let version: i32 = sqlx::query_scalar("SELECT version FROM desk.staff WHERE login = $1")
        .bind(&ops.login)
        .fetch_one(&db.admin)
        .await
        .expect("version");
    let e = desk
        .admin_set_roles(&RoleChange {
            login: ops.login.clone(),
            roles: vec![DeskRole::Ops, DeskRole::Cs],
            reason: "covering again".into(),
            expected_version: Some(version),
        })
        .await
        .expect_err("forbidden now");
    assert!(
        e.to_string()
            .contains("who deploys must not also promise customers"),
        "{e}"
    );

    // Data retention: the preview counts the audit entries a shorter retention makes deletable.
    sqlx::query(
        "INSERT INTO desk.audit_trail (at, actor, action, target, reason)
         VALUES (now() - interval '400 days', 'someone', 'staff.roles', 'staff:old', 'long ago')",
    )
    .execute(&db.admin)
    .await
    .expect("old entry");
    let p = desk
        .admin_policy_preview(
            "data_retention",
            r#"{"audit_days": 365, "staff_archive_days": 365}"#,
        )
        .await
        .expect("preview");
    assert!(p.violations.is_empty(), "{:?}", p.violations);
    assert!(
        p.impact.iter().any(|i| i.subject == "audit trail"
            && i.effect == "1 entries older than 365 days become deletable"),
        "{:?}",
        p.impact
    );

    // The history reaches the desk; the change is audited with its rationale.
    desk.sync_now().await.expect("sync");
    let detail = desk.admin_policy("password").await.expect("detail");
    assert_eq!(detail.versions.len(), 2);
    assert_eq!(detail.versions[0].rationale, "the auditor asked for 14");
    assert_eq!(detail.policy.version, 2);
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM desk.audit_trail WHERE target = 'policy:password' AND reason = 'the auditor asked for 14'",
    )
    .fetch_one(&db.admin)
    .await
    .expect("audit");
    assert_eq!(audited, 1);

    // Every other role is refused; the versions are append-only.
    for member in [
        &finance,
        &ops,
        &staff(&db, "desk_cs").await,
        &staff(&db, "desk_security").await,
    ] {
        for (sql, what) in [
            ("SELECT * FROM desk.change_security_policy('password', '{\"min_length\": 20, \"max_age_days\": 90}', 'x')", "change"),
            ("SELECT * FROM desk.policy_impact('password', '{\"min_length\": 20}')", "impact"),
            ("SELECT desk.security_policy_violations('password', '{}')", "violations"),
        ] {
            assert_refused(sqlx::query(sql).execute(&member.pool).await, "42501", &format!("{} {what}", member.login));
        }
    }
    assert_refused(
        sqlx::query("DELETE FROM platform.security_policy_versions")
            .execute(&db.admin)
            .await,
        "42501",
        "rewrite the policy history",
    );
    // An allow list that leaves a member's address out ends that member's sessions. The
    // administrator connects over the local socket (no address), the finance member over
    // loopback.
    let local_admin = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(
            PgConnectOptions::new()
                .socket("/var/run/postgresql")
                .username(&admin.login)
                .password("pw")
                .database(&db.name),
        )
        .await
        .expect("admin over the local socket");
    sqlx::query("SELECT 1")
        .execute(&finance.pool)
        .await
        .expect("finance is connected");
    let office = r#"{"enabled": true, "cidrs": ["10.20.0.0/16"]}"#;
    let impact: Vec<(String, String)> = sqlx::query_as(
        "SELECT subject, effect FROM desk.policy_impact('ip_allowlist', $1::jsonb) WHERE ends_session",
    )
    .bind(office)
    .fetch_all(&local_admin)
    .await
    .expect("impact");
    assert!(
        impact.iter().any(|(s, e)| *s == finance.login
            && e == "connected from 127.0.0.1, outside the list: session ends"),
        "{impact:?}"
    );
    let (_, ended): (i32, i32) = sqlx::query_as(
        "SELECT version, sessions_ended FROM desk.change_security_policy('ip_allowlist', $1::jsonb, 'office only')",
    )
    .bind(office)
    .fetch_one(&local_admin)
    .await
    .expect("allow list on");
    assert!(ended >= 1, "{ended}");
    let open: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_stat_activity WHERE usename = $1")
        .bind(&finance.login)
        .fetch_one(&db.admin)
        .await
        .expect("sessions");
    assert_eq!(open, 0, "the finance member's sessions ended");

    local_admin.close().await;
    db.drop_db().await;
}

#[tokio::test]
async fn offline_the_policies_are_readable_and_changes_say_why_not() {
    let db = PlatformDb::create().await;
    let admin = staff(&db, "desk_admin").await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &admin.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");
    drop(desk);
    let desk = laptop.start().await;
    let names: Vec<String> = desk
        .admin_policies()
        .await
        .expect("offline list")
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        ["segregation_of_duties"],
        "the migration adopts the pairs"
    );
    let e = desk
        .admin_change_policy(&change(
            "segregation_of_duties",
            r#"{"pairs": []}"#,
            "x",
            None,
        ))
        .await
        .expect_err("offline");
    assert!(
        matches!(e, DeskError::Unreachable(ref m) if m.contains("offline")),
        "{e:?}"
    );
    db.drop_db().await;
}
