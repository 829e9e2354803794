//! Feature flags per environment from an administrator's desk, against a real PostgreSQL
//! platform: a new flag is created off everywhere; it is turned on in staging and rolled out
//! to a share of production's tenants, reaching exactly the tenants the desk's bucketing
//! picks; variants, targeting and prerequisites are checked by the desk and again by the
//! platform, each problem named by field; a stale version is refused; one click rolls an
//! environment back to its previous state; a flag others depend on is not archived; the
//! history, the evaluation metrics and the stale-flag report reach the desk through sync and
//! read offline; every other role is refused, and the history is append-only.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use desk_core::flags::FlagInput;
use desk_core::settings::Environment;
use desk_core::DeskError;
use desk_domain::flags::{bucket, in_rollout, FlagState, Staleness, Targeting, Variant};
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::PlatformDb;
use platform_fixture::{assert_refused, staff};

fn state(enabled: bool, rollout: u32) -> FlagState {
    FlagState {
        enabled,
        rollout_percent: rollout,
        variants: Vec::new(),
        rules: Targeting::default(),
    }
}

fn edit(
    key: &str,
    env: Environment,
    s: FlagState,
    reason: &str,
    expected: Option<i32>,
) -> FlagInput {
    FlagInput {
        key: key.into(),
        environment: env,
        description: String::new(),
        state: s,
        prerequisites: Vec::new(),
        reason: reason.into(),
        expected_version: expected,
    }
}

/// 200 tenants, half on `scale`, half on `starter`.
async fn tenants(db: &PlatformDb) -> Vec<(String, String)> {
    sqlx::raw_sql(
        "INSERT INTO platform.plans (code, name, pricing, price_minor, currency, interval) VALUES
           ('scale', 'Scale', 'per_seat', 9900, 'USD', 'month'), ('starter', 'Starter', 'flat', 1900, 'USD', 'month');
         INSERT INTO platform.tenants (name, domain, plan_code, status, currency)
         SELECT 'Tenant ' || i, 'tenant' || i || '.test', CASE WHEN i % 2 = 0 THEN 'scale' ELSE 'starter' END,
                'active', 'USD'
           FROM generate_series(1, 200) AS i;",
    )
    .execute(&db.admin)
    .await
    .expect("tenants");
    sqlx::query_as("SELECT id::text, plan_code FROM platform.tenants ORDER BY id")
        .fetch_all(&db.admin)
        .await
        .expect("ids")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flag_rolls_out_per_environment_and_rolls_back_in_one_click() {
    let db = PlatformDb::create().await;
    let all = tenants(&db).await;
    let admin = staff(&db, "desk_admin").await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Platform", 5432, &db.name, &admin.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    let key = "new-editor";

    // A new flag needs a description; then it exists, off in both environments.
    let e = desk
        .admin_set_flag(&edit(
            key,
            Environment::Staging,
            state(false, 0),
            "new editor",
            None,
        ))
        .await
        .expect_err("no description");
    assert!(
        e.to_string()
            .contains("description: a new flag needs a description"),
        "{e}"
    );
    let mut create = edit(
        key,
        Environment::Staging,
        state(false, 0),
        "new editor behind a flag",
        None,
    );
    create.description = "The rewritten campaign editor".into();
    assert_eq!(desk.admin_set_flag(&create).await.expect("created"), 1);
    let versions: Vec<(String, i32, bool)> = sqlx::query_as(
        "SELECT environment, version, enabled FROM platform.flag_environments WHERE key = $1 ORDER BY environment",
    )
    .bind(key)
    .fetch_all(&db.admin)
    .await
    .expect("environments");
    assert_eq!(
        versions,
        [
            ("production".to_string(), 1, false),
            ("staging".into(), 1, false)
        ]
    );

    // The desk refuses bad input before sending it, naming each field.
    let mut bad = state(true, 120);
    bad.variants = vec![Variant {
        name: "control".into(),
        weight: 100,
    }];
    match desk
        .admin_set_flag(&edit(key, Environment::Staging, bad, " ", Some(1)))
        .await
    {
        Err(DeskError::InvalidInput(m)) => {
            for field in [
                "reason: ",
                "rolloutPercent: ",
                "variants: a flag with variants needs at least two",
            ] {
                assert!(m.contains(field), "{field} in {m}");
            }
        }
        other => panic!("expected a refusal, got {other:?}"),
    }

    // On for everyone in staging; then 10 % of production.
    assert_eq!(
        desk.admin_set_flag(&edit(
            key,
            Environment::Staging,
            state(true, 100),
            "try it in staging",
            Some(1)
        ))
        .await
        .expect("staging"),
        2
    );
    let ten = state(true, 10);
    let reach = desk.admin_flag_reach(key, &ten).await.expect("reach");
    let expected = all
        .iter()
        .filter(|(id, _)| in_rollout(bucket(key, id), 10))
        .count() as i64;
    assert_eq!(
        (reach.tenants, reach.reached),
        (200, expected),
        "the desk's bucketing and the platform's agree"
    );
    assert!(expected > 5 && expected < 40, "about a tenth: {expected}");
    assert_eq!(
        desk.admin_set_flag(&edit(
            key,
            Environment::Production,
            ten.clone(),
            "first tenth of customers",
            Some(1)
        ))
        .await
        .expect("production 10 %"),
        2
    );
    // Production is written through to the flag itself (what the platform's services read).
    let (enabled, rollout): (bool, i32) = sqlx::query_as(
        "SELECT enabled, rollout_percent FROM platform.feature_flags WHERE key = $1",
    )
    .bind(key)
    .fetch_one(&db.admin)
    .await
    .expect("flag");
    assert_eq!((enabled, rollout), (true, 10));
    // A stale version is refused; 25 % with the current one is taken.
    assert!(desk
        .admin_set_flag(&edit(
            key,
            Environment::Production,
            state(true, 50),
            "more",
            Some(1)
        ))
        .await
        .is_err_and(|e| e.to_string().contains("changed since")));
    let mut scale_only = state(true, 25);
    scale_only.rules.plans = vec!["scale".into()];
    assert_eq!(
        desk.admin_set_flag(&edit(
            key,
            Environment::Production,
            scale_only.clone(),
            "a quarter of Scale",
            Some(2)
        ))
        .await
        .expect("25 %"),
        3
    );
    let reach = desk
        .admin_flag_reach(key, &scale_only)
        .await
        .expect("reach");
    let expected = all
        .iter()
        .filter(|(id, plan)| plan == "scale" && in_rollout(bucket(key, id), 25))
        .count() as i64;
    assert_eq!(reach.reached, expected);

    // One click: production goes back to the state before (10 %, every plan), as version 4.
    assert_eq!(
        desk.admin_rollback_flag(
            key,
            Environment::Production,
            "One-click rollback from version 3"
        )
        .await
        .expect("rolled back"),
        4
    );
    let (enabled, rollout, rules): (bool, i32, String) = sqlx::query_as(
        "SELECT enabled, rollout_percent, rules::text FROM platform.flag_environments
          WHERE key = $1 AND environment = 'production'",
    )
    .bind(key)
    .fetch_one(&db.admin)
    .await
    .expect("production");
    assert_eq!((enabled, rollout, rules.as_str()), (true, 10, "{}"));
    let rollout: i32 =
        sqlx::query_scalar("SELECT rollout_percent FROM platform.feature_flags WHERE key = $1")
            .bind(key)
            .fetch_one(&db.admin)
            .await
            .expect("flag");
    assert_eq!(rollout, 10);

    // The platform checks again what the desk cannot know: tenants, plans, prerequisites.
    let platform_refusal = |sql: &'static str| {
        let pool = admin.pool.clone();
        async move {
            let e = sqlx::query(sql).execute(&pool).await.expect_err(sql);
            let db = e.as_database_error().expect("database error");
            let detail = db
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .and_then(|pg| pg.detail())
                .unwrap_or_default()
                .to_string();
            (db.code().map(|c| c.to_string()), detail)
        }
    };
    let (code, detail) = platform_refusal(
        r#"SELECT * FROM desk.set_flag('new-editor', 'staging', '', true, 50,
             '[{"name": "control", "weight": 60}, {"name": "compact", "weight": 30}]',
             '{"plans": ["platinum"], "tenants": ["7e000000-0000-4000-8000-00000000dead"]}', '{}', 'x')"#,
    )
    .await;
    assert_eq!(code.as_deref(), Some("22023"));
    assert_eq!(
        detail,
        "variants: the weights add up to 90, not 100\n\
         tenants: no such tenant: 7e000000-0000-4000-8000-00000000dead\n\
         plans: no such plan: platinum"
    );
    // A dependant cannot go on before its prerequisite is on in that environment...
    let mut ai = edit(
        "new-editor.ai",
        Environment::Staging,
        state(false, 0),
        "AI suggestions",
        None,
    );
    ai.description = "AI writing suggestions in the new editor".into();
    ai.prerequisites = vec![key.into()];
    desk.admin_set_flag(&ai).await.expect("created off");
    sqlx::query("SELECT desk.set_flag('new-editor', 'staging', '', false, 100, '[]', '{}', '{}', 'pause staging')")
        .execute(&admin.pool)
        .await
        .expect("staging off");
    let mut ai_on = ai.clone();
    ai_on.state = state(true, 100);
    ai_on.expected_version = Some(1);
    let e = desk
        .admin_set_flag(&ai_on)
        .await
        .expect_err("prerequisite off");
    assert!(
        e.to_string()
            .contains("enabled: turn on its prerequisite(s) in staging first: new-editor"),
        "{e}"
    );
    // ...and the prerequisite cannot go off while the dependant is on; nor can it be archived.
    desk.admin_rollback_flag(key, Environment::Staging, "staging back on")
        .await
        .expect("staging on again");
    desk.admin_set_flag(&ai_on).await.expect("dependant on");
    let e = desk
        .admin_set_flag(&edit(
            key,
            Environment::Staging,
            state(false, 0),
            "off",
            None,
        ))
        .await
        .expect_err("dependant on");
    assert!(
        e.to_string().contains(
            "enabled: these flags need it on in staging; turn them off first: new-editor.ai"
        ),
        "{e}"
    );
    let mut cycle = edit(key, Environment::Staging, state(true, 100), "cycle", None);
    cycle.prerequisites = vec!["new-editor.ai".into()];
    assert!(desk.admin_set_flag(&cycle).await.is_err_and(|e| e
        .to_string()
        .contains("prerequisites: they would depend on this flag in turn")));
    assert!(desk
        .admin_archive_flag(key, "done")
        .await
        .is_err_and(|e| e.to_string().contains("these flags depend on new-editor")));

    // The platform's metrics and an old, fully-on flag and an unused one.
    sqlx::raw_sql(
        "INSERT INTO platform.flag_evaluations (key, environment, variant, hour, evaluations, errors)
         SELECT 'new-editor', 'production', v, date_trunc('hour', now()) - make_interval(hours => h),
                CASE v WHEN 'on' THEN 100 ELSE 900 END, CASE v WHEN 'on' THEN 3 ELSE 1 END
           FROM generate_series(1, 48) AS h, unnest(ARRAY['on', 'off']) AS v;
         INSERT INTO platform.feature_flags (key, description, enabled, rollout_percent, created_at, updated_at)
         VALUES ('legacy-dashboard', 'The old dashboard', true, 100, now() - interval '90 days', now() - interval '40 days'),
                ('unused-banner', 'A banner nobody shows', true, 30, now() - interval '60 days', now() - interval '3 days');
         SELECT desk.adopt_flags();
         INSERT INTO platform.flag_evaluations (key, environment, variant, hour, evaluations)
         VALUES ('legacy-dashboard', 'production', 'on', date_trunc('hour', now()) - interval '2 hours', 50),
                ('unused-banner', 'production', 'on', date_trunc('hour', now()) - interval '20 days', 50);",
    )
    .execute(&db.admin)
    .await
    .expect("metrics");

    // Everything reaches the desk through sync.
    desk.sync_now().await.expect("sync");
    let flags = desk.admin_flags().await.expect("flags");
    let editor = flags.iter().find(|f| f.key == key).expect("synced");
    let production = editor.production.as_ref().expect("production");
    assert_eq!(
        (production.version, production.state.rollout_percent),
        (4, 10)
    );
    assert_eq!(editor.staging.as_ref().map(|s| s.state.enabled), Some(true));
    // The last 24 hours: 23 whole hours, or 24 when the clock is on the hour.
    assert!(
        [(23 * 1000, 23 * 4), (24 * 1000, 24 * 4)]
            .contains(&(editor.evaluations_24h, editor.errors_24h)),
        "{} / {}",
        editor.evaluations_24h,
        editor.errors_24h
    );
    assert_eq!(editor.stale, None);
    let stale: Vec<(String, Option<Staleness>)> = desk
        .admin_stale_flags()
        .await
        .expect("stale")
        .into_iter()
        .map(|f| (f.key, f.stale))
        .collect();
    assert_eq!(
        stale,
        [
            ("legacy-dashboard".to_string(), Some(Staleness::FullyOn)),
            ("unused-banner".into(), Some(Staleness::NotEvaluated)),
        ]
    );
    let detail = desk
        .admin_flag(key, Environment::Production)
        .await
        .expect("detail");
    assert_eq!(detail.dependants, ["new-editor.ai"]);
    let production_changes: Vec<(i32, String)> = detail
        .changes
        .iter()
        .filter(|c| c.environment == "production")
        .map(|c| (c.version, c.action.clone()))
        .collect();
    assert_eq!(
        production_changes,
        [
            (4, "rollback".to_string()),
            (3, "change".into()),
            (2, "change".into()),
            (1, "create".into())
        ]
    );
    assert!(detail
        .changes
        .iter()
        .any(|c| c.action == "rollback"
            && c.reason == "to version 2: One-click rollback from version 3"));
    let variants: Vec<(String, i64, i64, usize)> = detail
        .series
        .iter()
        .map(|s| (s.variant.clone(), s.evaluations, s.errors, s.hours.len()))
        .collect();
    assert_eq!(
        variants,
        [
            ("off".to_string(), 48 * 900, 48, 48),
            ("on".into(), 48 * 100, 48 * 3, 48)
        ]
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM desk.audit_trail WHERE target = 'flag:new-editor@production'",
    )
    .fetch_one(&db.admin)
    .await
    .expect("audit");
    assert_eq!(audited, 4, "created, 10 %, 25 %, rolled back");

    // Archive the dependant, then the flag: off everywhere, no longer changed.
    desk.admin_archive_flag("new-editor.ai", "folded into the editor")
        .await
        .expect("dependant archived");
    desk.admin_archive_flag(key, "fully launched, flag removed from the code")
        .await
        .expect("archived");
    let on: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM platform.flag_environments WHERE key LIKE 'new-editor%' AND enabled",
    )
    .fetch_one(&db.admin)
    .await
    .expect("off");
    assert_eq!(on, 0);
    assert!(desk
        .admin_set_flag(&edit(
            key,
            Environment::Staging,
            state(true, 100),
            "again",
            None
        ))
        .await
        .is_err_and(|e| e.to_string().contains("key: new-editor is archived")));
    desk.sync_now().await.expect("sync");
    assert!(desk
        .admin_flags()
        .await
        .expect("flags")
        .iter()
        .any(|f| f.key == key && f.archived_at.is_some() && f.stale.is_none()));

    // Every other role is refused; the history is append-only even for the owner.
    for role in ["desk_finance", "desk_cs", "desk_ops", "desk_security"] {
        let member = staff(&db, role).await;
        for (sql, what) in [
            ("SELECT * FROM desk.set_flag('other', 'staging', 'x', false, 0, '[]', '{}', '{}', 'x')", "set"),
            ("SELECT * FROM desk.rollback_flag('legacy-dashboard', 'production', 'x')", "rollback"),
            ("SELECT * FROM desk.archive_feature_flag('legacy-dashboard', 'x')", "archive"),
            ("SELECT * FROM desk.flag_reach('legacy-dashboard', 10, '{}')", "reach"),
            ("SELECT * FROM platform.flag_changes", "read the history"),
        ] {
            assert_refused(sqlx::query(sql).execute(&member.pool).await, "42501", &format!("{role} {what}"));
        }
    }
    assert_refused(
        sqlx::query("UPDATE platform.flag_changes SET reason = 'x'")
            .execute(&db.admin)
            .await,
        "42501",
        "rewrite the history",
    );
    db.drop_db().await;
}

#[tokio::test]
async fn offline_the_flags_are_readable_and_changes_say_why_not() {
    let db = PlatformDb::create().await;
    sqlx::raw_sql(
        "INSERT INTO platform.feature_flags (key, description, enabled, rollout_percent)
         VALUES ('warmup-v2', 'Second-generation warm-up', true, 50);
         SELECT desk.adopt_flags();",
    )
    .execute(&db.admin)
    .await
    .expect("flag");
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
    let flags = desk.admin_flags().await.expect("offline list");
    assert_eq!(flags.len(), 1);
    assert_eq!(
        flags[0]
            .production
            .as_ref()
            .map(|p| (p.state.enabled, p.state.rollout_percent)),
        Some((true, 50))
    );
    let e = desk
        .admin_rollback_flag("warmup-v2", Environment::Production, "undo")
        .await
        .expect_err("offline");
    assert!(
        matches!(e, DeskError::Unreachable(ref m) if m.contains("offline")),
        "{e:?}"
    );
    db.drop_db().await;
}
