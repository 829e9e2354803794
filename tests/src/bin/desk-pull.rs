//! `desk-pull`: the sync engine's pull in a process of its own, so a test can kill it with
//! SIGKILL at any moment (not just between pages) and check what the next start makes of the
//! local store. It pulls over and over until killed.
//!
//! Usage: `desk-pull <platform-url> <store-file> <store-key-hex> <page-size>`

use std::time::Duration;

use desk_store::{LocalStore, MemoryKeychain, SecretStore};
use desk_sync::Puller;
use sqlx::postgres::PgPoolOptions;

async fn run(args: &[String]) -> Result<(), String> {
    let [url, store, key, page] = args else {
        return Err(
            "usage: desk-pull <platform-url> <store-file> <store-key-hex> <page-size>".into(),
        );
    };
    let page: i64 = page.parse().map_err(|e| format!("page size: {e}"))?;
    let keychain = MemoryKeychain::new();
    keychain
        .set(desk_store::local::STORE_KEY_NAME, key)
        .map_err(|e| e.to_string())?;
    let local = LocalStore::open(std::path::Path::new(store), &keychain)
        .await
        .map_err(|e| e.to_string())?;
    let pg = PgPoolOptions::new()
        .max_connections(2)
        .connect(url)
        .await
        .map_err(|e| e.to_string())?;
    let mut puller = Puller::new(pg, local.pool().clone());
    puller.page_size = page;
    puller.copy_page_size = page;
    loop {
        puller.pull_all().await.map_err(|e| e.to_string())?;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(&args).await {
        eprintln!("desk-pull: {e}");
        std::process::exit(1);
    }
}
