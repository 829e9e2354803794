//! What each subcommand does, so `main.rs` only parses arguments and reports errors:
//! `start` (cluster, migrations, logins, data, optional profiles), `serve` (the services'
//! health endpoints and the deployer, which `start` runs in the background), `stop`,
//! `generate` into an existing database, `migrate` and `version`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

use crate::cluster::{self, Layout};
use crate::generate::{self, Config, Summary};
use crate::load::group;
use crate::services::{raise_integration_alerts, MONITOR_EVERY};
use crate::state::{random_password, State};
use crate::{profiles, staff, SandboxError};

/// The sandbox's platform database name.
pub const DATABASE: &str = "platform";

/// Options of `start`.
#[derive(Debug, Clone)]
pub struct StartOptions {
    /// The sandbox folder.
    pub dir: PathBuf,
    /// The port to listen on (default: the one used before, else a free one).
    pub port: Option<u16>,
    /// What to generate if the platform is empty.
    pub config: Config,
    /// Write desk profiles and keychain passwords for the logins.
    pub write_profiles: bool,
}

/// What `start` did, for callers (the tests) that need to connect afterwards.
#[derive(Debug, Clone)]
pub struct Started {
    /// The sandbox state (port, passwords).
    pub state: State,
    /// The generator's summary.
    pub summary: Summary,
}

/// A superuser pool on the sandbox's `database`.
pub async fn superuser_pool(state: &State, database: &str) -> Result<PgPool, SandboxError> {
    let opts = PgConnectOptions::new()
        .host("127.0.0.1")
        .port(state.port)
        .username("postgres")
        .password(&state.superuser_password)
        .database(database);
    Ok(PgPoolOptions::new()
        .max_connections(2)
        .connect_with(opts)
        .await?)
}

/// `desk-sandbox start`.
pub async fn start(opts: StartOptions) -> Result<Started, SandboxError> {
    let layout = Layout::new(&opts.dir)?;
    let mut state = match State::load(&layout)? {
        Some(s) => {
            if !layout.has_cluster() {
                return Err(SandboxError::BadSandbox(format!(
                    "{} has a sandbox.json but no cluster in data/: remove the folder and start again",
                    layout.dir.display()
                )));
            }
            s
        }
        None => {
            if layout.data().exists() {
                return Err(SandboxError::BadSandbox(format!(
                    "{} holds a data/ folder but no sandbox.json: not a sandbox made by desk-sandbox",
                    layout.dir.display()
                )));
            }
            let state = State {
                port: match opts.port {
                    Some(p) => p,
                    None => cluster::free_port()?,
                },
                superuser_password: random_password()?,
                logins: Vec::new(),
            };
            println!(
                "creating a PostgreSQL cluster in {}",
                layout.data().display()
            );
            std::fs::create_dir_all(&layout.dir).map_err(SandboxError::io(&layout.dir))?;
            state.save(&layout)?;
            cluster::init(&layout, &state.superuser_password)?;
            state
        }
    };
    if let Some(p) = opts.port {
        state.port = p;
    }
    if cluster::is_running(&layout)? {
        println!("the cluster is already running");
    } else {
        println!("starting PostgreSQL on 127.0.0.1:{}", state.port);
        cluster::start(&layout, state.port)?;
    }
    state.save(&layout)?;

    let server = superuser_pool(&state, "postgres").await?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(DATABASE)
            .fetch_one(&server)
            .await?;
    if !exists {
        sqlx::query(&format!("CREATE DATABASE {DATABASE}"))
            .execute(&server)
            .await?;
    }
    server.close().await;

    let pool = superuser_pool(&state, DATABASE).await?;
    desk_platform::migrate::migrate(&pool).await?;
    println!(
        "platform schema at version {}",
        desk_platform::migrate::SCHEMA_VERSION
    );
    state.logins = staff::ensure_logins(&pool, &state.logins).await?;
    state.save(&layout)?;
    println!(
        "\nstaff logins (database {DATABASE} on 127.0.0.1:{}):\n",
        state.port
    );
    print!("{}", staff::table(&state.logins));

    let summary = fill(&pool, &opts.config).await?;
    staff::give_accounts(&pool).await?;
    // The generated settings run their current version in staging and production.
    sqlx::query("SELECT desk.adopt_settings()")
        .execute(&pool)
        .await?;
    // Flags the loaders wrote without environments (none from the generator) get them.
    sqlx::query("SELECT desk.adopt_flags()")
        .execute(&pool)
        .await?;
    // Every security policy is managed (the generator writes five; the pairs come from 0017).
    sqlx::query("SELECT desk.adopt_policies()")
        .execute(&pool)
        .await?;
    // The platform's monitor has looked once: the deadlines already pressing are alerts.
    let raised = raise_integration_alerts(&pool).await?;
    println!("integration deadlines: {raised}");
    pool.close().await;

    if opts.write_profiles {
        println!();
        for line in profiles::write_app_profiles(state.port, &state.logins)? {
            println!("{line}");
        }
    }
    let example = state
        .logins
        .iter()
        .find(|l| l.login == "sandbox_finance")
        .or(state.logins.first());
    println!("\nconnect:");
    if let Some(l) = example {
        println!(
            "  psql \"postgres://{}:{}@127.0.0.1:{}/{DATABASE}\"",
            l.login, l.password, state.port
        );
    }
    println!(
        "  in the desk: add a profile with host 127.0.0.1, port {}, database {DATABASE}, TLS disable, and one of the logins above{}",
        state.port,
        if opts.write_profiles { " (already added)" } else { " (or run start with --write-profiles)" }
    );
    println!(
        "  stop it with: desk-sandbox stop --dir {}",
        layout.dir.display()
    );
    Ok(Started { state, summary })
}

/// Generates into the pool (unless filled), printing progress and the totals.
pub async fn fill(pool: &PgPool, config: &Config) -> Result<Summary, SandboxError> {
    println!(
        "\ngenerating {} tenants (seed {}, as of {}):",
        group(config.tenants as u64),
        config.seed,
        config.as_of
    );
    let started = Instant::now();
    let summary = generate::generate(pool, config).await?;
    if summary.skipped {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM platform.tenants")
            .fetch_one(pool)
            .await?;
        println!(
            "  the platform already holds {} tenants: nothing generated",
            group(n as u64)
        );
    } else {
        println!(
            "  {} rows in {:.1} s",
            group(summary.total_rows()),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(summary)
}

/// Where `serve` says what it runs: its process id and the health server's address.
const SERVICES_FILE: &str = "services.json";

/// What `serve` runs, as it writes it into the sandbox folder.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ServicesFile {
    /// The `serve` process.
    pub pid: u32,
    /// The health server, e.g. `127.0.0.1:41234`.
    pub health: String,
}

fn services_file(layout: &Layout) -> PathBuf {
    layout.dir.join(SERVICES_FILE)
}

/// What the sandbox's `serve` process runs, if it runs.
pub fn running_services(dir: &Path) -> Result<Option<ServicesFile>, SandboxError> {
    let layout = Layout::new(dir)?;
    let path = services_file(&layout);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let file: ServicesFile = serde_json::from_str(&text)
        .map_err(|e| SandboxError::BadSandbox(format!("{}: {e}", path.display())))?;
    let alive = std::process::Command::new("kill")
        .args(["-0", &file.pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    Ok(alive.then_some(file))
}

/// Starts `desk-sandbox serve` for `dir` in the background (its output goes to
/// `services.log` there) unless it already runs, and waits until it answers.
pub fn spawn_services(
    dir: &Path,
    exe: &Path,
    deployer: &DeployerArgs,
) -> Result<ServicesFile, SandboxError> {
    if let Some(running) = running_services(dir)? {
        println!(
            "the services already run (health checks on {})",
            running.health
        );
        return Ok(running);
    }
    let layout = Layout::new(dir)?;
    let _ = std::fs::remove_file(services_file(&layout));
    let log_path = layout.dir.join("services.log");
    let log = std::fs::File::create(&log_path).map_err(SandboxError::io(&log_path))?;
    let err = log.try_clone().map_err(SandboxError::io(&log_path))?;
    std::process::Command::new(exe)
        .arg("serve")
        .arg("--dir")
        .arg(&layout.dir)
        .arg("--failure-rate")
        .arg(deployer.failure_rate.to_string())
        .arg("--work-secs")
        .arg(deployer.work.as_secs().to_string())
        .stdin(std::process::Stdio::null())
        .stdout(log)
        .stderr(err)
        .spawn()
        .map_err(SandboxError::io(exe))?;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if let Some(running) = running_services(dir)? {
            println!(
                "services: health checks on http://{}/health/<service>, deployer working requests (log: {})",
                running.health,
                log_path.display()
            );
            return Ok(running);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(SandboxError::BadSandbox(format!(
        "the services did not start within 20 s; see {}",
        log_path.display()
    )))
}

/// How the background deployer behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeployerArgs {
    /// The share of deployments and rollbacks that fail (0–1).
    pub failure_rate: f64,
    /// How long a deployment or rollback takes.
    pub work: Duration,
}

/// Options of `serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The sandbox folder.
    pub dir: PathBuf,
    /// The health server's port (0: any free one).
    pub port: u16,
    /// The share of deployments and rollbacks the deployer fails.
    pub failure_rate: f64,
    /// How long a deployment or rollback takes.
    pub work: Duration,
}

/// `desk-sandbox serve`: the health endpoints of every platform service and the deployer,
/// until stopped (SIGTERM or Ctrl-C).
pub async fn serve(opts: ServeOptions) -> Result<(), SandboxError> {
    use crate::services::{
        health_server, point_health_urls, point_status_urls, Deployer, HealthPlan,
    };
    let layout = Layout::new(&opts.dir)?;
    let state = State::load(&layout)?.ok_or_else(|| {
        SandboxError::BadSandbox(format!("{} holds no sandbox", layout.dir.display()))
    })?;
    let pool = superuser_pool(&state, DATABASE).await?;
    let services: Vec<String> =
        sqlx::query_scalar("SELECT name FROM platform.services ORDER BY name")
            .fetch_all(&pool)
            .await?;
    // The integrations, and those being onboarded (their endpoint answers once they are).
    let integrations: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM platform.integrations UNION SELECT name FROM platform.integration_onboardings ORDER BY 1",
    )
    .fetch_all(&pool)
    .await?;
    let plan = HealthPlan {
        services,
        integrations,
        pinned: Default::default(),
    };
    let (addr, server) = health_server(plan, opts.port).await?;
    point_health_urls(&pool, addr).await?;
    point_status_urls(&pool, addr).await?;
    let file = ServicesFile {
        pid: std::process::id(),
        health: addr.to_string(),
    };
    let path = services_file(&layout);
    let text = serde_json::to_string(&file)
        .map_err(|e| SandboxError::BadSandbox(format!("services file: {e}")))?;
    // Written whole or not at all: `start` polls for this file and must never read it
    // half-written (it once read an empty file and failed the run).
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, text).map_err(SandboxError::io(&partial))?;
    std::fs::rename(&partial, &path).map_err(SandboxError::io(&path))?;
    println!("health checks on http://{addr}/health/<service>");
    println!("integration status on http://{addr}/status/<integration>");
    let deployer = Deployer::new(opts.work, opts.failure_rate, 7);
    let work = async {
        let mut monitor_due = tokio::time::Instant::now();
        loop {
            // The platform may be stopped and started again: keep trying.
            match deployer.pass(&pool).await {
                Ok(p) if p != Default::default() => println!("deployer: {p:?}"),
                Ok(_) => {}
                Err(e) => eprintln!("deployer: {e}"),
            }
            // The platform's monitor looks at the integrations' deadlines once a minute.
            if tokio::time::Instant::now() >= monitor_due {
                monitor_due += MONITOR_EVERY;
                match raise_integration_alerts(&pool).await {
                    Ok(r) if r.changed() => println!("monitor: {r}"),
                    Ok(_) => {}
                    Err(e) => eprintln!("monitor: {e}"),
                }
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(SandboxError::io("SIGTERM"))?;
    tokio::select! {
        r = server => r.map_err(SandboxError::io("the health server"))?,
        () = work => {}
        _ = term.recv() => println!("stopping"),
        _ = tokio::signal::ctrl_c() => println!("stopping"),
    }
    let _ = std::fs::remove_file(&path);
    Ok(())
}

/// Stops the sandbox's `serve` process, if it runs.
fn stop_services(dir: &Path) -> Result<(), SandboxError> {
    if let Some(running) = running_services(dir)? {
        let _ = std::process::Command::new("kill")
            .arg(running.pid.to_string())
            .status();
        let layout = Layout::new(dir)?;
        let started = Instant::now();
        while services_file(&layout).exists() && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = std::fs::remove_file(services_file(&layout));
        println!("stopped the services (process {})", running.pid);
    }
    Ok(())
}

/// `desk-sandbox stop`.
pub fn stop(dir: PathBuf) -> Result<(), SandboxError> {
    stop_services(&dir)?;
    let layout = Layout::new(&dir)?;
    if !layout.has_cluster() {
        return Err(SandboxError::BadSandbox(format!(
            "{} holds no sandbox cluster",
            layout.dir.display()
        )));
    }
    if !cluster::is_running(&layout)? {
        println!("the sandbox in {} is not running", layout.dir.display());
        return Ok(());
    }
    cluster::stop(&layout)?;
    println!("stopped the sandbox in {}", layout.dir.display());
    Ok(())
}

async fn connect_url(url: &str) -> Result<PgPool, SandboxError> {
    Ok(PgPoolOptions::new().max_connections(2).connect(url).await?)
}

/// `desk-sandbox generate`: fills an existing, migrated database.
pub async fn generate_into(url: &str, config: &Config) -> Result<Summary, SandboxError> {
    let pool = connect_url(url).await?;
    let summary = fill(&pool, config).await?;
    pool.close().await;
    Ok(summary)
}

/// `desk-sandbox migrate`.
pub async fn migrate(url: &str) -> Result<(), SandboxError> {
    let pool = connect_url(url).await?;
    desk_platform::migrate::migrate(&pool).await?;
    println!(
        "platform schema is at version {}",
        desk_platform::migrate::SCHEMA_VERSION
    );
    Ok(())
}

/// `desk-sandbox version`.
pub async fn version(url: &str) -> Result<(), SandboxError> {
    let pool = connect_url(url).await?;
    match desk_platform::migrate::schema_version(&pool).await? {
        Some(v) => println!("platform schema version {v}"),
        None => println!("no desk schema"),
    }
    println!(
        "this build needs {}",
        desk_platform::migrate::SCHEMA_VERSION
    );
    Ok(())
}
