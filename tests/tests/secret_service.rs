//! The local store's key in a real Secret Service (GNOME Keyring on a private D-Bus session,
//! as the README's test command starts it). Set `DESK_REQUIRE_SECRET_SERVICE=1` to make a
//! missing Secret Service a failure; without it the test says it did not run.

use desk_store::{LocalStore, OsKeychain, SecretStore};

#[tokio::test]
async fn the_store_key_lives_in_the_real_secret_service() {
    let required = std::env::var_os("DESK_REQUIRE_SECRET_SERVICE").is_some();
    let service = format!("penguin-desk-test-{}", uuid::Uuid::new_v4().simple());
    let keychain = OsKeychain::new(&service);
    if let Err(e) = keychain.probe() {
        assert!(!required, "no Secret Service reachable: {e}");
        eprintln!("NOT RUN: no Secret Service reachable ({e})");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("desk.db");
    let store = LocalStore::open(&path, &keychain)
        .await
        .expect("open with a new key");
    let key = keychain
        .get(desk_store::local::STORE_KEY_NAME)
        .expect("read")
        .expect("key saved in the Secret Service");
    assert_eq!(key.len(), 64);
    store.close().await;

    // A second client of the same keychain (as the next launch) opens the same store.
    let again = LocalStore::open(&path, &OsKeychain::new(&service))
        .await
        .expect("reopen");
    again.close().await;

    keychain
        .delete(desk_store::local::STORE_KEY_NAME)
        .expect("clean up");
    let err = LocalStore::open(&path, &keychain)
        .await
        .expect_err("key gone");
    assert!(
        matches!(err, desk_store::StoreError::KeyMissing(_)),
        "{err:?}"
    );
}
