//! Staff accounts created and retired from an administrator's desk, against a real PostgreSQL
//! platform: a new member (work e-mail in the company's domains, refusals per field, forbidden
//! pairs named) gets a one-time setup code by e-mail, signs in with it on their own laptop and
//! must choose a password, after which the code never works again; when the welcome e-mail
//! cannot be queued the account still exists and the administrator gets the hand-over, audited;
//! an HR export is previewed row by row and applied all together or not at all, and importing it
//! again creates nobody; deactivation lists what depends on the member, refuses until each kind
//! has a successor able to take it, refuses the last administrator, hands the work over,
//! disables the login and archives the member; and every other role is refused each of these.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use desk_core::staff_accounts::ImportStatus;
use desk_core::staff_leaving::{Deactivation, DependantKind, Successors};
use desk_core::DeskError;
use desk_domain::staff::NewStaff;
use desk_domain::DeskRole;
use desk_tests::cluster::Cluster;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::{create_login, PlatformDb};
use platform_fixture::{assert_refused, seed, staff};
use sqlx::PgPool;

fn new_staff(name: &str, email: &str, team: &str, roles: &[DeskRole]) -> NewStaff {
    NewStaff {
        full_name: name.into(),
        email: email.into(),
        login: None,
        team: team.into(),
        roles: roles.to_vec(),
    }
}

/// The field names of a refusal's `field: message` lines.
fn fields(e: &DeskError) -> Vec<String> {
    e.to_string()
        .lines()
        .filter_map(|l| l.split_once(": ").map(|(f, _)| f.to_string()))
        .filter(|f| !f.contains(' '))
        .collect()
}

/// The one-time code in the welcome e-mail queued to `email`.
async fn code_in_welcome(pg: &PgPool, email: &str) -> String {
    let body: String = sqlx::query_scalar(
        "SELECT body FROM platform.email_outbox WHERE to_addr = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(email)
    .fetch_one(pg)
    .await
    .expect("welcome e-mail queued");
    let at = body
        .find("setup code: ")
        .expect("the mail carries the code")
        + "setup code: ".len();
    body[at..at + 19].to_string()
}

async fn audited(pg: &PgPool, action: &str, target: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM desk.audit_trail WHERE action = $1 AND target = $2")
        .bind(action)
        .bind(target)
        .fetch_one(pg)
        .await
        .expect("audit count")
}

/// On a cluster with real password checks: the new member's setup code signs in once, the
/// desk asks for a password, and afterwards only that password works.
#[tokio::test]
async fn a_new_member_signs_in_with_the_setup_code_and_chooses_a_password() {
    let cluster = Cluster::start();
    let pg = PgPool::connect(&cluster.admin_url())
        .await
        .expect("cluster");
    desk_platform::migrate::migrate(&pg)
        .await
        .expect("migrate the cluster");
    let admin = create_login(&pg, "admin-pw", &["desk_admin"], true).await;
    sqlx::query(
        "INSERT INTO desk.staff (login, full_name, email, team, roles)
         VALUES ($1, 'Ada Admin', 'ada@penguinmails.com', 'admin', '{desk_admin}')",
    )
    .bind(&admin)
    .execute(&pg)
    .await
    .expect("admin row");

    let admin_laptop = Laptop::new();
    let desk = admin_laptop.start().await;
    let profile = add_profile(&desk, "Platform", cluster.port, "postgres", &admin);
    desk.sign_in(&profile.id, Some("admin-pw"))
        .await
        .expect("admin signs in");
    let form = desk.admin_staff_form().await.expect("form");
    assert_eq!(form.email_domains, vec!["penguinmails.com"]);
    assert_eq!(form.setup_code_hours, 72);

    // Refused per field, by the desk before the platform is asked.
    let e = desk
        .admin_create_staff(&new_staff(" ", "nora@gmail.com", "sales", &[]))
        .await
        .expect_err("refused");
    assert_eq!(fields(&e), ["fullName", "email", "team", "roles"], "{e}");
    assert!(e
        .to_string()
        .contains("not in the company's domains (penguinmails.com)"));
    // Refused by the platform: a forbidden pair, with its rule.
    let e = desk
        .admin_create_staff(&new_staff(
            "Nora New",
            "nora.new@penguinmails.com",
            "finance",
            &[DeskRole::Admin, DeskRole::Finance],
        ))
        .await
        .expect_err("forbidden pair");
    assert!(
        e.to_string()
            .contains("roles: desk_admin and desk_finance may not be held together — whoever manages staff accounts must not also move money"),
        "{e}"
    );

    let created = desk
        .admin_create_staff(&new_staff(
            "Nora New",
            "nora.new@penguinmails.com",
            "finance",
            &[DeskRole::Finance],
        ))
        .await
        .expect("created");
    assert_eq!(created.login, "nora_new");
    assert!(created.welcome_queued && created.handover.is_none());
    let hours = (created.setup_expires_at - chrono::Utc::now()).num_hours();
    assert!((71..=72).contains(&hours), "expires in {hours} h");
    // Unique e-mail, refused by the platform.
    let e = desk
        .admin_create_staff(&new_staff(
            "Nora Again",
            "NORA.NEW@penguinmails.com",
            "finance",
            &[DeskRole::Finance],
        ))
        .await
        .expect_err("duplicate");
    assert!(
        e.to_string().contains("email: a staff member with e-mail"),
        "{e}"
    );
    let code = code_in_welcome(&pg, "nora.new@penguinmails.com").await;
    assert_eq!(audited(&pg, "staff.create", "staff:nora_new").await, 1);

    // Nora's own laptop: the code signs her in, and the desk asks for a password first.
    let nora_laptop = Laptop::new();
    let nora = nora_laptop.start().await;
    let nora_profile = add_profile(&nora, "Platform", cluster.port, "postgres", "nora_new");
    assert!(matches!(
        nora.sign_in(&nora_profile.id, Some("not-the-code")).await,
        Err(DeskError::AuthFailed(_))
    ));
    let session = nora
        .sign_in(&nora_profile.id, Some(&code))
        .await
        .expect("signs in with the code");
    assert_eq!(session.roles, vec![DeskRole::Finance]);
    assert_eq!(
        session.setup_pending_until.map(|t| t.timestamp()),
        Some(created.setup_expires_at.timestamp())
    );
    let e = nora
        .complete_setup("short", "short")
        .await
        .expect_err("too short");
    assert_eq!(fields(&e), ["password"]);
    let e = nora
        .complete_setup("a long enough password", "a long enough passw0rd")
        .await
        .expect_err("differs");
    assert_eq!(fields(&e), ["confirm"]);
    let session = nora
        .complete_setup("a long enough password", "a long enough password")
        .await
        .expect("password chosen");
    assert!(session.setup_pending_until.is_none());
    assert!(
        nora.complete_setup("another long password", "another long password")
            .await
            .is_err(),
        "only once"
    );
    assert_eq!(
        audited(&pg, "staff.setup_complete", "staff:nora_new").await,
        1
    );

    // The keychain now holds the password; the code never works again.
    nora.sign_out().await.expect("out");
    let again = nora
        .sign_in(&nora_profile.id, None)
        .await
        .expect("the chosen password from the keychain");
    assert!(again.setup_pending_until.is_none());
    nora.sign_out().await.expect("out");
    assert!(matches!(
        nora.sign_in(&nora_profile.id, Some(&code)).await,
        Err(DeskError::AuthFailed(_))
    ));
    pg.close().await;
}

#[tokio::test]
async fn when_the_welcome_cannot_be_queued_the_admin_hands_it_over() {
    let db = PlatformDb::create().await;
    let admin = staff(&db, "desk_admin").await;
    // The platform's mail queue refuses everything (as when the mailer's queue is down).
    sqlx::raw_sql(
        "CREATE FUNCTION platform.mail_down() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'the mail queue is down for maintenance'; END $$;
         CREATE TRIGGER mail_down BEFORE INSERT ON platform.email_outbox
             FOR EACH ROW EXECUTE FUNCTION platform.mail_down();",
    )
    .execute(&db.admin)
    .await
    .expect("break the mail queue");

    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &admin.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    let login = format!("omar_{}", &admin.login[2..8]);
    let created = desk
        .admin_create_staff(&NewStaff {
            login: Some(login.clone()),
            ..new_staff(
                "Omar Ops",
                "omar@eu.penguinmails.com",
                "ops",
                &[DeskRole::Ops],
            )
        })
        .await
        .expect("the account is created anyway");
    assert!(!created.welcome_queued);
    let handover = created.handover.expect("instructions to hand over");
    assert!(
        handover.contains(&login) && handover.contains("setup code: "),
        "{handover}"
    );
    let exists: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM desk.staff WHERE login = $1 AND setup_expires_at IS NOT NULL)
            AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin)",
    )
    .bind(&login)
    .fetch_one(&db.admin)
    .await
    .expect("exists");
    assert!(exists);
    let target = format!("staff:{login}");
    assert_eq!(
        audited(&db.admin, "staff.welcome_fallback", &target).await,
        1
    );
    let mails: i64 = sqlx::query_scalar("SELECT count(*) FROM platform.email_outbox")
        .fetch_one(&db.admin)
        .await
        .expect("mails");
    assert_eq!(mails, 0);

    // A new code for the member: the hand-over again, and the fallback audited again.
    let renewed = desk.admin_renew_setup_code(&login).await.expect("renewed");
    assert!(!renewed.welcome_queued && renewed.handover.is_some());
    assert_eq!(
        audited(&db.admin, "staff.welcome_fallback", &target).await,
        2
    );
    assert_eq!(audited(&db.admin, "staff.setup_renew", &target).await, 1);
    sqlx::query(&format!("DROP ROLE {login}"))
        .execute(&db.admin)
        .await
        .ok();
    db.drop_db().await;
}

#[tokio::test]
async fn an_hr_import_is_previewed_then_applied_all_or_none_and_only_once() {
    let db = PlatformDb::create().await;
    let admin = staff(&db, "desk_admin").await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &admin.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");

    let tag = &admin.login[2..8];
    let csv = format!(
        "Employee Name,Work Email,Department,Desk Roles,Login\n\
         Ines Import,ines.{tag}@penguinmails.com,Customer Success,,ines_{tag}\n\
         Jon Import,jon.{tag}@penguinmails.com,Operations,ops; security,jon_{tag}\n\
         Already Here,{admin}@penguinmails.test,Admin,,\n\
         Kim Outside,kim.{tag}@gmail.com,Finance,,kim_{tag}\n\
         Ines Twice,INES.{tag}@penguinmails.com,Finance,,ines2_{tag}\n\
         Lee Conflict,lee.{tag}@penguinmails.com,Admin,admin; finance,lee_{tag}\n",
        admin = admin.login
    );
    let preview = desk.admin_import_preview(&csv).await.expect("preview");
    let status: Vec<(u32, ImportStatus)> =
        preview.rows.iter().map(|r| (r.line, r.status)).collect();
    assert_eq!(
        status,
        vec![
            (2, ImportStatus::New),
            (3, ImportStatus::New),
            (4, ImportStatus::Exists),
            (5, ImportStatus::Invalid),
            (6, ImportStatus::Invalid),
            (7, ImportStatus::Invalid),
        ]
    );
    assert_eq!(
        (
            preview.new_count,
            preview.existing_count,
            preview.invalid_count
        ),
        (2, 1, 3)
    );
    assert_eq!(preview.rows[0].roles, vec![DeskRole::Cs], "the team's role");
    assert!(preview.rows[3].problems[0].starts_with("email: gmail.com is not in"));
    assert_eq!(
        preview.rows[4].problems,
        vec!["email: also on line 2 of this file"]
    );
    assert!(preview.rows[5].problems[0].contains("may not be held together"));
    let nobody: i64 =
        sqlx::query_scalar("SELECT count(*) FROM desk.staff WHERE login LIKE '%' || $1")
            .bind(tag)
            .fetch_one(&db.admin)
            .await
            .expect("count");
    assert_eq!(nobody, 0, "a preview creates nobody");

    // All or none: the platform refuses Jon at apply time, so Ines is not created either.
    sqlx::raw_sql(&format!(
        "CREATE FUNCTION desk.refuse_jon() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW.login = 'jon_{tag}' THEN RAISE EXCEPTION 'HR hold on jon_{tag}'; END IF; RETURN NEW; END $$;
         CREATE TRIGGER refuse_jon BEFORE INSERT ON desk.staff FOR EACH ROW EXECUTE FUNCTION desk.refuse_jon();"
    ))
    .execute(&db.admin)
    .await
    .expect("hold");
    let e = desk.admin_import_apply(&csv).await.expect_err("refused");
    assert!(e.to_string().starts_with("line 3 (jon."), "{e}");
    let created: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM desk.staff WHERE login LIKE '%' || $1)
              + (SELECT count(*) FROM pg_roles WHERE rolname LIKE '%' || $1 AND rolname <> $2)",
    )
    .bind(tag)
    .bind(&admin.login)
    .fetch_one(&db.admin)
    .await
    .expect("count");
    assert_eq!(created, 0, "none created, no login left behind");
    sqlx::query("DROP TRIGGER refuse_jon ON desk.staff")
        .execute(&db.admin)
        .await
        .expect("lift the hold");

    let outcome = desk.admin_import_apply(&csv).await.expect("applied");
    let logins: Vec<&str> = outcome.created.iter().map(|c| c.login.as_str()).collect();
    assert_eq!(logins, [format!("ines_{tag}"), format!("jon_{tag}")]);
    assert_eq!((outcome.skipped, outcome.invalid), (1, 3));
    assert!(outcome.created.iter().all(|c| c.welcome_queued));
    let jon_roles: Vec<String> =
        sqlx::query_scalar("SELECT unnest(roles) FROM desk.staff WHERE login = $1 ORDER BY 1")
            .bind(format!("jon_{tag}"))
            .fetch_all(&db.admin)
            .await
            .expect("roles");
    assert_eq!(jon_roles, ["desk_ops", "desk_security"]);

    // The same file again creates nobody twice.
    let again = desk.admin_import_preview(&csv).await.expect("preview");
    // Ines, Jon, the administrator, and the second Ines row (her e-mail has an account now).
    assert_eq!((again.new_count, again.existing_count), (0, 4));
    let outcome = desk.admin_import_apply(&csv).await.expect("applied again");
    assert!(outcome.created.is_empty());
    let mails: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM platform.email_outbox WHERE template = 'staff_welcome'",
    )
    .fetch_one(&db.admin)
    .await
    .expect("mails");
    assert_eq!(mails, 2);

    // A file without the needed columns is refused as a whole.
    let e = desk
        .admin_import_preview("first,last\nA,B\n")
        .await
        .expect_err("bad header");
    assert_eq!(fields(&e), ["file"]);
    for l in [format!("ines_{tag}"), format!("jon_{tag}")] {
        sqlx::query(&format!("DROP ROLE IF EXISTS {l}"))
            .execute(&db.admin)
            .await
            .ok();
    }
    db.drop_db().await;
}

#[tokio::test]
async fn deactivation_hands_the_work_over_then_disables_and_archives() {
    let db = PlatformDb::create().await;
    seed(&db.admin).await;
    let admin = staff(&db, "desk_admin").await;
    let leaver = staff(&db, "desk_cs").await;
    sqlx::query("SELECT desk.set_staff_roles($1, '{desk_cs,desk_ops}', 'also on call')")
        .bind(&leaver.login)
        .execute(&admin.pool)
        .await
        .expect("roles");
    let cs2 = staff(&db, "desk_cs").await;
    let ops2 = staff(&db, "desk_ops").await;
    // The leaver owns the seeded account and its plan, the escalation, and an acknowledged alert.
    for sql in [
        "UPDATE platform.tenants SET owner_csm = $1::uuid",
        "UPDATE desk.success_plans SET owner = $1::uuid",
        "UPDATE platform.escalations SET assignee = $1::uuid",
    ] {
        sqlx::query(sql)
            .bind(&leaver.id)
            .execute(&db.admin)
            .await
            .expect("give the leaver work");
    }
    sqlx::query(
        "UPDATE platform.alerts SET status = 'acknowledged', acknowledged_by = $1, acknowledged_at = now()",
    )
    .bind(&leaver.login)
    .execute(&db.admin)
    .await
    .expect("acknowledged");

    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &admin.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");

    let plan = desk
        .admin_deactivation_plan(&leaver.login)
        .await
        .expect("plan");
    let kinds: Vec<DependantKind> = plan.dependants.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            DependantKind::Account,
            DependantKind::Account,
            DependantKind::Alert,
            DependantKind::Escalation
        ]
    );
    assert!(!plan.last_admin);
    let names = |v: &[desk_core::staff_leaving::Successor]| {
        let mut l: Vec<String> = v.iter().map(|s| s.login.clone()).collect();
        l.sort();
        l
    };
    // The seeded CSM is an active customer-success member too.
    assert_eq!(
        names(&plan.candidates.account),
        ["seed_csm".to_string(), cs2.login.clone()]
    );
    assert_eq!(names(&plan.candidates.escalation), vec![ops2.login.clone()]);
    let mut alert = vec![admin.login.clone(), ops2.login.clone()];
    alert.sort();
    assert_eq!(names(&plan.candidates.alert), alert);

    // Refused until every kind has a successor.
    let mut d = Deactivation {
        login: leaver.login.clone(),
        reason: "left the company".into(),
        successors: Successors {
            account: Some(cs2.login.clone()),
            ..Successors::default()
        },
    };
    let e = desk.admin_deactivate(&d).await.expect_err("work left");
    assert_eq!(fields(&e), ["escalation", "alert"], "{e}");
    // The platform checks the successor can take the work (and says why not).
    let refused = sqlx::query("SELECT desk.deactivate_staff($1, 'left', $2)")
        .bind(&leaver.login)
        .bind(
            serde_json::json!({"account": ops2.login, "escalation": cs2.login, "alert": cs2.login}),
        )
        .execute(&admin.pool)
        .await;
    let msg = format!("{refused:?}");
    assert!(msg.contains("has work to hand over first"), "{msg}");
    assert_refused(refused, "22023", "successors who cannot take the work");

    d.successors.escalation = Some(ops2.login.clone());
    d.successors.alert = Some(ops2.login.clone());
    let archived = desk.admin_deactivate(&d).await.expect("deactivated");
    assert!(!archived.active);

    let (owner, plan_owner, assignee, acked): (String, String, String, String) = sqlx::query_as(
        "SELECT (SELECT owner_csm::text FROM platform.tenants LIMIT 1),
                (SELECT owner::text FROM desk.success_plans LIMIT 1),
                (SELECT assignee::text FROM platform.escalations LIMIT 1),
                (SELECT acknowledged_by FROM platform.alerts LIMIT 1)",
    )
    .fetch_one(&db.admin)
    .await
    .expect("handed over");
    assert_eq!(
        (owner, plan_owner, assignee, acked),
        (
            cs2.id.clone(),
            cs2.id.clone(),
            ops2.id.clone(),
            ops2.login.clone()
        )
    );
    let (can_login, active): (bool, bool) = sqlx::query_as(
        "SELECT r.rolcanlogin, s.active FROM pg_roles r JOIN desk.staff s ON s.login = r.rolname
          WHERE r.rolname = $1",
    )
    .bind(&leaver.login)
    .fetch_one(&db.admin)
    .await
    .expect("login");
    assert_eq!((can_login, active), (false, false));
    let (handed, keep_days): (i64, i32) = sqlx::query_as(
        "SELECT jsonb_array_length(handed_over)::bigint, keep_until - current_date
           FROM desk.staff_archive WHERE login = $1",
    )
    .bind(&leaver.login)
    .fetch_one(&db.admin)
    .await
    .expect("archived");
    assert_eq!(
        (handed, keep_days),
        (4, 2555),
        "kept 7 years when the policy is silent"
    );
    assert_eq!(
        audited(
            &db.admin,
            "staff.deactivate",
            &format!("staff:{}", leaver.login)
        )
        .await,
        1
    );
    // The archive is append-only.
    assert_refused(
        sqlx::query("DELETE FROM desk.staff_archive")
            .execute(&db.admin)
            .await,
        "42501",
        "archive rewrite",
    );
    db.drop_db().await;
}

#[tokio::test]
async fn the_last_administrator_cannot_be_deactivated() {
    let db = PlatformDb::create().await;
    let only_admin = staff(&db, "desk_admin").await;
    // A break-glass login with desk_admin but no staff row of its own.
    let operator = create_login(&db.admin, "pw", &["desk_admin"], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &operator);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");
    let plan = desk
        .admin_deactivation_plan(&only_admin.login)
        .await
        .expect("plan");
    assert!(plan.last_admin);
    let e = desk
        .admin_deactivate(&Deactivation {
            login: only_admin.login.clone(),
            reason: "testing".into(),
            successors: Successors::default(),
        })
        .await
        .expect_err("refused");
    assert!(e.to_string().contains("is the last administrator"), "{e}");
    let op = db.connect_as(&operator, "pw").await.expect("operator");
    assert_refused(
        sqlx::query("SELECT desk.deactivate_staff($1, 'testing')")
            .bind(&only_admin.login)
            .execute(&op)
            .await,
        "22023",
        "the last administrator",
    );
    db.drop_db().await;
}

#[tokio::test]
async fn only_administrators_create_import_renew_or_deactivate() {
    let db = PlatformDb::create().await;
    let member = staff(&db, "desk_cs").await;
    for role in ["desk_finance", "desk_cs", "desk_ops", "desk_security"] {
        let who = staff(&db, role).await;
        for (sql, what) in [
            ("SELECT * FROM desk.create_staff_account('zed_new', 'Zed', 'zed@penguinmails.com', 'cs', '{desk_cs}', 'ABCD-EFGH-JKMN-PQRS')", "create"),
            ("SELECT * FROM desk.create_staff('zed_new', 'Zed', 'zed@penguinmails.com', 'cs', '{desk_cs}', NULL)", "old create"),
            ("SELECT * FROM desk.renew_setup_code('zed_new', 'ABCD-EFGH-JKMN-PQRS')", "renew"),
            ("SELECT * FROM desk.staff_dependants('zed_new')", "dependants"),
            ("SELECT * FROM desk.staff_form()", "form"),
        ] {
            assert_refused(
                sqlx::query(sql).execute(&who.pool).await,
                "42501",
                &format!("{role}: {what}"),
            );
        }
        assert_refused(
            sqlx::query("SELECT desk.deactivate_staff($1, 'no', '{}')")
                .bind(&member.login)
                .execute(&who.pool)
                .await,
            "42501",
            &format!("{role}: deactivate"),
        );
    }
    // An administrator no longer calls the first create function (no domain check, no code).
    let admin = staff(&db, "desk_admin").await;
    assert_refused(
        sqlx::query("SELECT * FROM desk.create_staff('zed_new', 'Zed', 'zed@x.com', 'cs', '{desk_cs}', NULL)")
            .execute(&admin.pool)
            .await,
        "42501",
        "admin: old create",
    );
    db.drop_db().await;
}
