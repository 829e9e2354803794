//! The staff directory and role changes on an administrator's laptop against a real
//! PostgreSQL platform: the directory is synced (and readable offline); a role change takes
//! effect on the platform at once and reaches the directory with the next sync; a forbidden
//! pair is refused naming the segregation-of-duties rule, a stale version as changed since,
//! a missing reason in the desk; offline the change is refused with a clear message and
//! nothing changes; security reads the directory but may not change roles.

// Helpers of an integration test: a setup step that fails must stop the test with its message.
#![allow(clippy::expect_used)]

mod platform_fixture;

use desk_core::admin::RoleChange;
use desk_core::DeskError;
use desk_domain::DeskRole;
use desk_store::admin::StaffQuery;
use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::PlatformDb;
use platform_fixture::staff;

fn change(login: &str, roles: &[DeskRole], reason: &str, version: Option<i32>) -> RoleChange {
    RoleChange {
        login: login.into(),
        roles: roles.to_vec(),
        reason: reason.into(),
        expected_version: version,
    }
}

#[tokio::test]
async fn admins_change_roles_online_with_segregation_of_duties() {
    let db = PlatformDb::create().await;
    let admin = staff(&db, "desk_admin").await;
    let member = staff(&db, "desk_ops").await;
    let security = staff(&db, "desk_security").await;

    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Sandbox", 5432, &db.name, &admin.login);
    desk.sign_in(&profile.id, Some("pw"))
        .await
        .expect("sign in");
    desk.sync_now().await.expect("sync");

    let all = desk
        .admin_staff(&StaffQuery::default())
        .await
        .expect("directory");
    assert_eq!(all.len(), 3);
    let found = desk
        .admin_staff(&StaffQuery {
            search: Some(member.login.clone()),
            include_inactive: false,
        })
        .await
        .expect("search");
    assert_eq!(found.len(), 1);
    let m = &found[0];
    assert_eq!((m.roles.clone(), m.active), (vec![DeskRole::Ops], true));
    let version = i32::try_from(m.version).expect("version");

    // Refused in the desk: no reason.
    assert!(matches!(
        desk.admin_set_roles(&change(&member.login, &[DeskRole::Cs], " ", Some(version))).await,
        Err(DeskError::InvalidInput(m)) if m.starts_with("reason")
    ));
    // Refused by the platform: a forbidden pair, naming the rule.
    let refused = desk
        .admin_set_roles(&change(
            &member.login,
            &[DeskRole::Admin, DeskRole::Finance],
            "promotion",
            Some(version),
        ))
        .await;
    match refused {
        Err(DeskError::InvalidInput(m)) => {
            assert!(m.contains("may not be held together"), "{m}");
            assert!(
                m.contains("must not also move money"),
                "the rule's reason: {m}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Accepted: live on the platform at once, in the directory after the sync.
    let changed = desk
        .admin_set_roles(&change(
            &member.login,
            &[DeskRole::Ops, DeskRole::Cs],
            "covering customer success in December",
            Some(version),
        ))
        .await
        .expect("set roles");
    assert_eq!(changed.roles, vec![DeskRole::Cs, DeskRole::Ops]);
    let held: bool = sqlx::query_scalar("SELECT pg_has_role($1, 'desk_cs', 'MEMBER')")
        .bind(&member.login)
        .fetch_one(&db.admin)
        .await
        .expect("membership");
    assert!(held, "the platform granted desk_cs");
    desk.sync_now().await.expect("sync");
    let m = desk
        .admin_staff(&StaffQuery {
            search: Some(member.login.clone()),
            include_inactive: false,
        })
        .await
        .expect("search")
        .remove(0);
    assert_eq!(m.roles, vec![DeskRole::Cs, DeskRole::Ops]);
    // The version the admin saw is stale now.
    assert!(matches!(
        desk.admin_set_roles(&change(&member.login, &[DeskRole::Ops], "back", Some(version))).await,
        Err(DeskError::InvalidInput(m)) if m.contains("changed since")
    ));
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM desk.audit_trail WHERE action = 'staff.roles' AND target = $1",
    )
    .bind(format!("staff:{}", member.login))
    .fetch_one(&db.admin)
    .await
    .expect("audit");
    assert_eq!(audited, 1, "one change, one audit entry");

    // Offline: the directory is still there, a change is refused and nothing moves.
    drop(desk);
    let desk = laptop.start().await;
    assert_eq!(
        desk.admin_staff(&StaffQuery::default())
            .await
            .expect("offline")
            .len(),
        3
    );
    assert!(matches!(
        desk.admin_set_roles(&change(&member.login, &[DeskRole::Ops], "back", None)).await,
        Err(DeskError::Unreachable(m)) if m.contains("offline")
    ));

    // Security reads the directory but may not change roles.
    let sec_laptop = Laptop::new();
    let sec = sec_laptop.start().await;
    let p = add_profile(&sec, "Sandbox", 5432, &db.name, &security.login);
    sec.sign_in(&p.id, Some("pw")).await.expect("sign in");
    sec.sync_now().await.expect("sync");
    assert_eq!(
        sec.admin_staff(&StaffQuery::default())
            .await
            .expect("directory")
            .len(),
        3
    );
    assert!(matches!(
        sec.admin_set_roles(&change(&member.login, &[DeskRole::Ops], "no", None))
            .await,
        Err(DeskError::InvalidInput(_)) | Err(DeskError::Platform(_))
    ));
    sec.sign_out().await.expect("sign out");
    db.drop_db().await;
}
