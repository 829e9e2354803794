//! `desk-sandbox`: the sandbox platform and the operator's platform tools. Platform migrations
//! are applied only through this explicit command (or `start`), never by a staff member's app.
//! This file parses arguments and reports errors; the work is in the library.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use desk_sandbox::commands::{self, StartOptions};
use desk_sandbox::{Config, SandboxError};

#[derive(Parser)]
#[command(version, about = "Penguin Desk's sandbox platform and platform tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DataArgs {
    /// How many tenants to generate (the usage table gets 730 rows per tenant).
    #[arg(long, default_value_t = 200)]
    tenants: usize,
    /// The seed: the same seed (and --as-of) gives the same data.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The dataset's "today" (YYYY-MM-DD); default: today (UTC).
    #[arg(long)]
    as_of: Option<NaiveDate>,
}

impl DataArgs {
    fn config(&self) -> Config {
        let mut c = Config::new(self.seed, self.tenants);
        if let Some(d) = self.as_of {
            c.as_of = d;
        }
        c
    }
}

#[derive(Subcommand)]
enum Command {
    /// Creates (or restarts) a sandbox cluster in DIR on 127.0.0.1, migrates it, creates a
    /// staff login per desk role and fills it with generated data (once).
    Start {
        /// The sandbox folder (created if missing).
        #[arg(long)]
        dir: PathBuf,
        /// TCP port (default: the one used last time, else a free one).
        #[arg(long)]
        port: Option<u16>,
        #[command(flatten)]
        data: DataArgs,
        /// Also write a desk profile per login and the passwords into the OS keychain.
        #[arg(long)]
        write_profiles: bool,
        /// The share of deployments and rollbacks the background deployer fails (0–1).
        #[arg(long, default_value_t = 0.2)]
        failure_rate: f64,
        /// Seconds a deployment or rollback takes.
        #[arg(long, default_value_t = 5)]
        work_secs: u64,
    },
    /// Serves every platform service's health check on loopback and works deployment and
    /// rollback requests, until stopped (`start` runs it in the background).
    Serve {
        /// The sandbox folder.
        #[arg(long)]
        dir: PathBuf,
        /// The health server's port (default: any free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The share of deployments and rollbacks that fail (0–1).
        #[arg(long, default_value_t = 0.2)]
        failure_rate: f64,
        /// Seconds a deployment or rollback takes.
        #[arg(long, default_value_t = 5)]
        work_secs: u64,
    },
    /// Stops the sandbox cluster in DIR (and its services).
    Stop {
        /// The sandbox folder.
        #[arg(long)]
        dir: PathBuf,
    },
    /// Fills an existing, migrated platform database with generated data (as a superuser).
    Generate {
        /// postgres://user@host:port/database
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Applies the pending platform migrations to a database, as its owner.
    Migrate {
        /// postgres://user@host:port/database (the password may come from PGPASSWORD).
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
    },
    /// Prints the platform schema version of a database and the one this build needs.
    Version {
        /// postgres://user@host:port/database
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
    },
}

async fn run(cli: Cli) -> Result<(), SandboxError> {
    match cli.command {
        Command::Start {
            dir,
            port,
            data,
            write_profiles,
            failure_rate,
            work_secs,
        } => {
            commands::start(StartOptions {
                dir: dir.clone(),
                port,
                config: data.config(),
                write_profiles,
            })
            .await?;
            let exe = std::env::current_exe().map_err(SandboxError::io("this program"))?;
            let deployer = commands::DeployerArgs {
                failure_rate,
                work: std::time::Duration::from_secs(work_secs),
            };
            commands::spawn_services(&dir, &exe, &deployer).map(|_| ())
        }
        Command::Serve {
            dir,
            port,
            failure_rate,
            work_secs,
        } => {
            commands::serve(commands::ServeOptions {
                dir,
                port,
                failure_rate,
                work: std::time::Duration::from_secs(work_secs),
            })
            .await
        }
        Command::Stop { dir } => commands::stop(dir),
        Command::Generate { database_url, data } => {
            commands::generate_into(&database_url, &data.config())
                .await
                .map(|_| ())
        }
        Command::Migrate { database_url } => commands::migrate(&database_url).await,
        Command::Version { database_url } => commands::version(&database_url).await,
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("desk-sandbox: {e}");
        std::process::exit(1);
    }
}
