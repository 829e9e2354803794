//! Administrators' work through the desk: staff accounts (validated, conflicting roles
//! refused, welcome e-mail queued) and security policies (compliance violations refused with
//! their details). Only desk_admin may do it.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use desk_tests::platform::PlatformDb;
use platform_fixture::{assert_refused, count, staff};

#[tokio::test]
async fn admin_manages_staff_with_roles_checked_and_a_welcome_mail_queued() {
    let db = PlatformDb::create().await;
    let admin = staff(&db, "desk_admin").await;
    let cs = staff(&db, "desk_cs").await;
    let login = format!("t_new_{}", &cs.login[2..10]);
    let create = "SELECT staff_id FROM desk.create_staff_account($1, 'Nora New', $1 || '@penguinmails.com', 'finance', $2, 'initial-setup-code')";
    let conflicting = sqlx::query(create)
        .bind(&login)
        .bind(vec!["desk_admin", "desk_finance"])
        .execute(&admin.pool)
        .await;
    assert_refused(conflicting, "22023", "admin + finance together");
    let by_cs = sqlx::query(create)
        .bind(&login)
        .bind(vec!["desk_finance"])
        .execute(&cs.pool)
        .await;
    assert_refused(by_cs, "42501", "cs creates staff");
    let bad_mail = sqlx::query(
        "SELECT desk.create_staff_account($1, 'Nora', 'not-an-address', 'finance', '{desk_finance}', 'initial-setup-code')",
    )
    .bind(&login)
    .execute(&admin.pool)
    .await;
    assert_refused(bad_mail, "22023", "an invalid e-mail");

    sqlx::query(create)
        .bind(&login)
        .bind(vec!["desk_finance"])
        .execute(&admin.pool)
        .await
        .expect("create staff");
    let nora = db
        .connect_as(&login, "initial-setup-code")
        .await
        .expect("the new login connects");
    let roles: Vec<String> = sqlx::query_scalar(
        "SELECT r.rolname::text FROM pg_roles r WHERE r.rolname LIKE 'desk\\_%'
            AND pg_has_role(current_user, r.oid, 'MEMBER') ORDER BY 1",
    )
    .fetch_all(&nora)
    .await
    .expect("roles");
    assert_eq!(roles, vec!["desk_finance"]);
    let mails = count(
        &admin.pool,
        "SELECT count(*) FROM platform.email_outbox WHERE template = 'staff_welcome'",
    )
    .await
    .expect("outbox");
    assert_eq!(mails, 1, "the welcome e-mail is queued");
    nora.close().await;
    db.drop_db().await;
    let server = desk_tests::platform::admin_pool().await;
    sqlx::query(&format!("DROP ROLE IF EXISTS {login}"))
        .execute(&server)
        .await
        .expect("drop the created login");
}

#[tokio::test]
async fn a_non_compliant_security_policy_is_refused_with_its_violations() {
    let db = PlatformDb::create().await;
    sqlx::query("INSERT INTO platform.security_policies (name, description) VALUES ('password', 'Staff passwords')")
        .execute(&db.admin)
        .await
        .expect("policy");
    let admin = staff(&db, "desk_admin").await;
    let security = staff(&db, "desk_security").await;
    let change =
        "SELECT version FROM desk.change_security_policy('password', $1::jsonb, 'tighten')";
    let weak = sqlx::query(change)
        .bind(r#"{"min_length": 6}"#)
        .execute(&admin.pool)
        .await;
    let err = weak.expect_err("a weak policy is refused");
    let db_err = err.as_database_error().expect("a database error");
    assert_eq!(db_err.code().as_deref(), Some("22023"));
    let detail = db_err
        .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .and_then(|e| e.detail())
        .unwrap_or_default()
        .to_string();
    assert!(
        detail.contains(
            "min_length: rule soc2_password_length: passwords have at least 12 characters"
        ) && detail.contains("max_age_days: a whole number is required"),
        "{detail}"
    );
    let by_security = sqlx::query(change)
        .bind(r#"{"min_length": 14}"#)
        .execute(&security.pool)
        .await;
    assert_refused(by_security, "42501", "security changes a policy");
    let version: i32 = sqlx::query_scalar(change)
        .bind(r#"{"min_length": 14, "max_age_days": 180}"#)
        .fetch_one(&admin.pool)
        .await
        .expect("a compliant change");
    assert_eq!(version, 1);
    db.drop_db().await;
}

#[tokio::test]
async fn settings_keep_every_version_and_roll_back_as_a_new_one() {
    let db = PlatformDb::create().await;
    sqlx::query(
        "INSERT INTO platform.platform_settings (key, description, value_type, min_value, max_value)
         VALUES ('sending.max_per_mailbox_per_day', 'Daily cap per mailbox', 'number', 1, 2000)",
    )
    .execute(&db.admin)
    .await
    .expect("setting");
    let admin = staff(&db, "desk_admin").await;
    let ops = staff(&db, "desk_ops").await;
    let change = "SELECT version FROM desk.change_setting('sending.max_per_mailbox_per_day', $1::jsonb, 'tuning')";
    for (value, expected) in [("400", 1), ("600", 2)] {
        let v: i32 = sqlx::query_scalar(change)
            .bind(value)
            .fetch_one(&admin.pool)
            .await
            .expect("change");
        assert_eq!(v, expected);
    }
    for bad in ["5000", "\"many\""] {
        let r = sqlx::query(change).bind(bad).execute(&admin.pool).await;
        assert_refused(r, "22023", &format!("setting the cap to {bad}"));
    }
    let by_ops = sqlx::query(change).bind("500").execute(&ops.pool).await;
    assert_refused(by_ops, "42501", "ops changes a setting");
    let (version, value): (i32, String) = sqlx::query_as(
        "SELECT version, value::text FROM desk.rollback_setting('sending.max_per_mailbox_per_day', 'staging', 1, 'too many bounces')",
    )
    .fetch_one(&admin.pool)
    .await
    .expect("rollback");
    assert_eq!((version, value.as_str()), (3, "400"));
    let current: i32 = sqlx::query_scalar(
        "SELECT current_version FROM platform.platform_settings WHERE key = 'sending.max_per_mailbox_per_day'",
    )
    .fetch_one(&admin.pool)
    .await
    .expect("current");
    assert_eq!(current, 3);
    let audited = count(
        &admin.pool,
        "SELECT count(*) FROM desk.audit_trail WHERE action IN ('config.change', 'config.rollback')",
    )
    .await
    .expect("audit");
    assert_eq!(audited, 3);

    // A flag cannot be enabled before its prerequisite is.
    let set =
        "SELECT key FROM desk.set_flag($1, 'production', $2, $3, 50, '[]', '{}', $4, 'rollout')";
    sqlx::query(set)
        .bind("smart-send")
        .bind("Send-time optimisation")
        .bind(false)
        .bind(Vec::<String>::new())
        .execute(&admin.pool)
        .await
        .expect("a disabled prerequisite");
    let early = sqlx::query(set)
        .bind("smart-send-ai")
        .bind("AI send times")
        .bind(true)
        .bind(vec!["smart-send"])
        .execute(&admin.pool)
        .await;
    assert_refused(early, "22023", "enabling a flag whose prerequisite is off");
    db.drop_db().await;
}
