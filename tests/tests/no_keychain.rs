//! With no keychain reachable (no D-Bus session bus), the desk refuses to store customer
//! data and says why. Its own test binary: it points this process at a bus that is not there.

use std::sync::Arc;

use desk_core::{Desk, DeskError, DeskPaths};
use desk_store::OsKeychain;

#[tokio::test]
async fn without_a_keychain_nothing_is_stored_and_the_reason_is_shown() {
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/penguin-desk-bus",
    );
    let home = tempfile::tempdir().expect("tempdir");
    let paths = DeskPaths {
        data_dir: home.path().join("data"),
        config_dir: home.path().join("config"),
        log_dir: home.path().join("logs"),
    };
    let desk = Desk::start(
        paths.clone(),
        Arc::new(OsKeychain::new("penguin-desk-test")),
        "t",
    )
    .await;
    let status = desk.status().await.expect("status");
    let problem = status.store_problem.expect("a store problem is reported");
    assert!(
        matches!(problem, DeskError::KeychainUnavailable(_)),
        "{problem:?}"
    );
    assert!(problem
        .to_string()
        .contains("will not store customer data unencrypted"));
    assert!(!paths.store_file().exists(), "a store file was written");
    let err = desk.sign_in("any", Some("pw")).await.expect_err("refused");
    assert!(matches!(err, DeskError::KeychainUnavailable(_)));
}
