//! "Copy diagnostics" tells support what they need (versions, paths, who is signed in, the
//! last log lines) and never a secret.

use desk_tests::desks::{add_profile, Laptop};
use desk_tests::platform::{create_login, PlatformDb};

#[tokio::test]
async fn diagnostics_carry_the_facts_and_no_secret() {
    let db = PlatformDb::create().await;
    let login = create_login(&db.admin, "s3cret-pw", &["desk_ops"], true).await;
    let laptop = Laptop::new();
    let desk = laptop.start().await;
    let profile = add_profile(&desk, "Local", 5432, &db.name, &login);
    desk.sign_in(&profile.id, Some("s3cret-pw"))
        .await
        .expect("sign in");

    // A log line that carries a secret, as a driver error might.
    let logs = laptop.paths().log_dir;
    std::fs::create_dir_all(&logs).expect("log dir");
    std::fs::write(
        logs.join("penguin-desk.2026-11-25.log"),
        "INFO desk: started\nWARN platform: connect postgres://x:s3cret-pw@db/test password=s3cret-pw failed\n",
    )
    .expect("log");

    let text = desk
        .diagnostics(&[("Tauri", "2.x".to_string())])
        .await
        .expect("diagnostics");
    assert!(text.starts_with("Penguin Desk 0.0.0-test"), "{text}");
    assert!(text.contains("Tauri: 2.x"));
    assert!(text.contains(&format!("Signed in: {login}")), "{text}");
    assert!(text.contains("Ops"));
    assert!(text.contains(&laptop.paths().data_dir.display().to_string()));
    assert!(text.contains("Local store: open, encrypted"));
    assert!(text.contains("INFO desk: started"), "log lines included");
    assert!(text.contains("password=***"));
    assert!(
        !text.contains("s3cret-pw"),
        "a secret leaked into diagnostics:\n{text}"
    );
    let key =
        desk_store::SecretStore::get(laptop.keychain.as_ref(), desk_store::local::STORE_KEY_NAME)
            .expect("keychain")
            .expect("store key");
    assert!(
        !text.contains(&key),
        "the store key leaked into diagnostics"
    );
    db.drop_db().await;
}
