//! What each subcommand does, so `main.rs` only parses arguments and reports errors:
//! `start` (cluster, migrations, logins, data, optional profiles), `stop`, `generate` into an
//! existing database, `migrate` and `version`.

use std::path::PathBuf;
use std::time::Instant;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

use crate::cluster::{self, Layout};
use crate::generate::{self, Config, Summary};
use crate::load::group;
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

/// `desk-sandbox stop`.
pub fn stop(dir: PathBuf) -> Result<(), SandboxError> {
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
