//! `desk-bench`: measures the sync engine against the targets in DESIGN.md, in one run on one
//! machine, and prints a table. 1) The initial sync of a generated sandbox platform into the
//! encrypted local store, beside the physical-limit baseline on the same rows (PostgreSQL
//! `COPY … TO STDOUT`, parsed, inserted by one prepared statement in one transaction through
//! the raw SQLite API, same cipher and page cache) and the ratio. 2) The latency from a
//! platform commit to the row being in the local store while the app's sync listens.
//! Timings are reported, never asserted: run it on a quiet machine, several times.

mod alerts;
mod baseline;
mod cs;
mod finance;
mod laptop;
mod latency;
mod rss;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::Parser;
use desk_sandbox::commands::{start, StartOptions};
use desk_sandbox::Config;
use desk_store::{LocalStore, MemoryKeychain};

#[derive(Parser)]
#[command(about = "Benchmarks of Penguin Desk's sync")]
struct Args {
    /// Tenants in the generated platform (20,000 is the target's scale).
    #[arg(long, default_value_t = 20_000)]
    tenants: usize,
    /// The sandbox folder; kept between runs so the data is generated once per scale.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Single-row changes for the latency measurement.
    #[arg(long, default_value_t = 200)]
    changes: usize,
    /// Which measurements: `sync` (copy, baseline, latency), `cs` or `finance` (offline
    /// queries of that area), or `all`.
    #[arg(long, default_value = "all", value_parser = ["all", "sync", "cs", "finance", "alerts"])]
    suite: String,
    /// Runs of each CS query.
    #[arg(long, default_value_t = 200)]
    runs: usize,
    /// Rows per page of the engine's full copy (one COPY and one local transaction each).
    #[arg(long, default_value_t = 20_000)]
    page: i64,
}

fn default_dir(tenants: usize) -> PathBuf {
    // As root the cluster runs as the postgres user, who cannot enter root's home.
    std::env::temp_dir().join(format!("penguin-desk-bench-{tenants}"))
}

async fn run(args: Args) -> Result<(), String> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| default_dir(args.tenants));
    eprintln!(
        "bench: sandbox in {} ({} tenants)",
        dir.display(),
        args.tenants
    );
    let started = start(StartOptions {
        dir: dir.clone(),
        port: None,
        config: Config::new(42, args.tenants),
        write_profiles: false,
    })
    .await
    .map_err(|e| format!("sandbox: {e}"))?;
    let login = started
        .state
        .logins
        .iter()
        .find(|l| l.login == "sandbox_all")
        .ok_or("the sandbox has no sandbox_all login")?
        .clone();
    let port = started.state.port;

    let profile_for = |user: &str| desk_domain::Profile {
        id: "bench".into(),
        name: "Bench".into(),
        host: "127.0.0.1".into(),
        port,
        database: desk_sandbox::commands::DATABASE.into(),
        tls_mode: desk_domain::TlsMode::Disable,
        user: user.into(),
    };
    let wants = |suite: &str| args.suite == "all" || args.suite == suite;
    if wants("sync") {
        sync_suite(&args, &started, &login, profile_for(&login.login)).await?;
    }
    if wants("finance") {
        let fin = started
            .state
            .logins
            .iter()
            .find(|l| l.login == "sandbox_finance")
            .ok_or("the sandbox has no sandbox_finance login")?;
        let laptop = tempfile::tempdir().map_err(|e| e.to_string())?;
        let paths = laptop::paths(laptop.path());
        let b = finance::run(&paths, &profile_for(&fin.login), &fin.password, args.runs).await?;
        println!();
        println!("| finance, {} tenants | value | target |", args.tenants);
        println!("|---|---|---|");
        println!("| finance's first sync: rows | {} | |", b.rows);
        println!(
            "| finance's first sync: wall time | {:.1} s | |",
            b.sync_secs
        );
        println!("| invoices | {} | |", b.invoices);
        for t in &b.timings {
            let target = if t.target.is_empty() {
                String::new()
            } else {
                format!("p95 {}", t.target)
            };
            println!(
                "| {}: p50 / p95 | {:.2} / {:.2} ms | {target} |",
                t.what, t.p50, t.p95
            );
        }
    }
    if wants("alerts") {
        let ops = started
            .state
            .logins
            .iter()
            .find(|l| l.login == "sandbox_ops")
            .ok_or("the sandbox has no sandbox_ops login")?;
        let laptop = tempfile::tempdir().map_err(|e| e.to_string())?;
        let paths = laptop::paths(laptop.path());
        let lat = alerts::run(
            &paths,
            &profile_for(&ops.login),
            &ops.password,
            &started.state,
            args.changes,
        )
        .await?;
        println!();
        println!("| alerts, {} tenants | value | target |", args.tenants);
        println!("|---|---|---|");
        println!(
            "| alert commit → notification handed to the OS, p50 / p95 / p99 ({} alerts) | {:.1} / {:.1} / {:.1} ms | p99 < 300 ms |",
            lat.samples, lat.p50, lat.p95, lat.p99
        );
    }
    if wants("cs") {
        let cs_login = started
            .state
            .logins
            .iter()
            .find(|l| l.login == "sandbox_cs")
            .ok_or("the sandbox has no sandbox_cs login")?;
        let laptop = tempfile::tempdir().map_err(|e| e.to_string())?;
        let paths = laptop::paths(laptop.path());
        let b = cs::run(
            &paths,
            &profile_for(&cs_login.login),
            &cs_login.password,
            args.runs,
        )
        .await?;
        println!();
        println!(
            "| customer success, {} tenants | value | target |",
            args.tenants
        );
        println!("|---|---|---|");
        println!("| CSM's first sync: rows | {} | |", b.rows);
        println!("| CSM's first sync: wall time | {:.1} s | |", b.sync_secs);
        println!("| book derivation: accounts | {} | |", b.accounts);
        println!("| book derivation: wall time | {:.2} s | |", b.derive_secs);
        for t in &b.timings {
            println!(
                "| {}: p50 / p95 | {:.2} / {:.2} ms | p95 {} |",
                t.what, t.p50, t.p95, t.target
            );
        }
        println!("| runs of each query | {} | |", args.runs);
    }
    Ok(())
}

async fn sync_suite(
    args: &Args,
    started: &desk_sandbox::commands::Started,
    login: &desk_sandbox::state::Login,
    profile: desk_domain::Profile,
) -> Result<(), String> {
    let laptop = tempfile::tempdir().map_err(|e| e.to_string())?;
    let keychain = Arc::new(MemoryKeychain::new());
    let paths = laptop::paths(laptop.path());
    let pg = desk_platform::connect(desk_platform::Credentials {
        profile: &profile,
        password: &login.password,
        root_cert: None,
    })
    .await
    .map_err(|e| e.to_string())?;

    // 1. The engine's initial sync into the encrypted store.
    let store = LocalStore::open(&paths.store_file(), keychain.as_ref())
        .await
        .map_err(|e| e.to_string())?;
    let mut puller = desk_sync::Puller::new(pg.clone(), store.pool().clone());
    puller.copy_page_size = args.page;
    let t = Instant::now();
    let report = puller.pull_all().await.map_err(|e| e.to_string())?;
    let engine_secs = t.elapsed().as_secs_f64();
    let engine_rows = report.rows_copied;
    let peak_rss_mb = rss::peak_mb();
    store.close().await;

    // 2. The baseline on the same rows, into a second encrypted file with the same schema.
    let key = desk_store::SecretStore::get(keychain.as_ref(), desk_store::local::STORE_KEY_NAME)
        .map_err(|e| e.to_string())?
        .ok_or("no store key")?;
    let base = baseline::run(
        &pg,
        &paths.store_file(),
        &laptop.path().join("baseline.db"),
        &key,
    )
    .await?;

    // 3. Commit → local row latency, with the app's sync loop listening.
    let lat = latency::run(
        &paths,
        keychain.clone(),
        &profile,
        &login.password,
        &started.state,
        args.changes,
    )
    .await?;

    let engine_rate = engine_rows as f64 / engine_secs;
    let base_rate = base.rows as f64 / base.secs;
    println!();
    println!("| measure | value | target |");
    println!("|---|---|---|");
    println!("| tenants | {} | 20,000 |", args.tenants);
    println!("| rows copied by the engine | {engine_rows} | ≥ 1,000,000 |");
    println!("| engine: wall time | {engine_secs:.1} s | |");
    println!("| engine: rows/s | {engine_rate:.0} | ≥ 300,000 |");
    println!(
        "| baseline (COPY → raw SQLite, same cipher): rows | {} | |",
        base.rows
    );
    println!("| baseline: wall time | {:.1} s | |", base.secs);
    println!("| baseline: rows/s | {base_rate:.0} | |");
    println!(
        "| engine ÷ baseline | {:.2} | ≥ 0.5 |",
        engine_rate / base_rate
    );
    println!("| peak RSS during the engine's sync | {peak_rss_mb:.0} MB | < 200 MB |");
    println!("| commit → local row, p50 | {:.1} ms | |", lat.p50);
    println!("| commit → local row, p95 | {:.1} ms | < 100 ms |", lat.p95);
    println!("| commit → local row, p99 | {:.1} ms | < 250 ms |", lat.p99);
    println!("| changes measured | {} | 200 |", lat.samples);
    Ok(())
}

#[tokio::main]
async fn main() {
    // Phases (sync, derivation) are logged to stderr; RUST_LOG overrides.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("warn,desk_core=info,desk_store=debug")
            }),
        )
        .init();
    if let Err(e) = run(Args::parse()).await {
        eprintln!("desk-bench: {e}");
        std::process::exit(1);
    }
}
