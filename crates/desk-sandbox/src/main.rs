//! `desk-sandbox`: the operator's and the sandbox's command for the platform database.
//! Platform migrations are applied only through this explicit command, never by a staff
//! member's app.

use clap::{Parser, Subcommand};
use sqlx::postgres::PgPoolOptions;

#[derive(Parser)]
#[command(version, about = "Penguin Desk's platform tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Migrate { database_url } => {
            let pool = PgPoolOptions::new()
                .max_connections(1)
                .connect(&database_url)
                .await
                .map_err(|e| format!("cannot connect: {e}"))?;
            desk_platform::migrate::migrate(&pool)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "platform schema is at version {}",
                desk_platform::migrate::SCHEMA_VERSION
            );
            Ok(())
        }
        Command::Version { database_url } => {
            let pool = PgPoolOptions::new()
                .max_connections(1)
                .connect(&database_url)
                .await
                .map_err(|e| format!("cannot connect: {e}"))?;
            let v = desk_platform::migrate::schema_version(&pool)
                .await
                .map_err(|e| e.to_string())?;
            match v {
                Some(v) => println!("platform schema version {v}"),
                None => println!("no desk schema"),
            }
            println!(
                "this build needs {}",
                desk_platform::migrate::SCHEMA_VERSION
            );
            Ok(())
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("desk-sandbox: {e}");
        std::process::exit(1);
    }
}
