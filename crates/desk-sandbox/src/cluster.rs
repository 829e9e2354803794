//! The throwaway PostgreSQL cluster: find the server binaries, `initdb` a data folder with
//! SCRAM authentication, start it on 127.0.0.1 only, stop it. `initdb` refuses to run as root,
//! so as root every server tool runs as the `postgres` system user (through `runuser`) and the
//! sandbox folder is handed to that user.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::SandboxError;

/// The folder holding `initdb` and `pg_ctl`: `$PG_BIN`, else the newest
/// `/usr/lib/postgresql/*/bin`.
pub fn pg_bin_dir() -> Result<PathBuf, SandboxError> {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let entries =
        std::fs::read_dir("/usr/lib/postgresql").map_err(|_| SandboxError::NoServerBinaries)?;
    let mut found: Vec<(u32, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let major = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((major, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map(|(_, p)| p)
        .ok_or(SandboxError::NoServerBinaries)
}

/// Whether this process runs as root (then the server runs as `postgres`).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false)
}

/// Runs a server tool (as `postgres` when root); returns what it printed.
fn run_tool(bin: &Path, tool: &str, args: &[&str]) -> Result<std::process::Output, SandboxError> {
    let exe = bin.join(tool);
    let output = if is_root() {
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(&exe)
            .args(args)
            .output()
    } else {
        Command::new(&exe).args(args).output()
    };
    output.map_err(|e| SandboxError::Tool {
        tool: tool.to_string(),
        detail: e.to_string(),
    })
}

fn check(tool: &str, out: std::process::Output) -> Result<(), SandboxError> {
    if out.status.success() {
        return Ok(());
    }
    Err(SandboxError::Tool {
        tool: tool.to_string(),
        detail: format!(
            "{}\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    })
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> Result<u16, SandboxError> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(SandboxError::io("127.0.0.1:0"))
}

/// The paths of a sandbox folder.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The sandbox folder itself (unix socket lives here too).
    pub dir: PathBuf,
}

impl Layout {
    /// The layout of sandbox folder `dir` (made absolute).
    pub fn new(dir: &Path) -> Result<Layout, SandboxError> {
        let dir = if dir.is_absolute() {
            dir.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(SandboxError::io("."))?
                .join(dir)
        };
        Ok(Layout { dir })
    }
    /// The cluster's data folder (PGDATA).
    pub fn data(&self) -> PathBuf {
        self.dir.join("data")
    }
    /// The server log.
    pub fn log(&self) -> PathBuf {
        self.dir.join("postgres.log")
    }
    /// The sandbox's own state (port, passwords).
    pub fn state(&self) -> PathBuf {
        self.dir.join("sandbox.json")
    }
    /// Whether a cluster was initialised here.
    pub fn has_cluster(&self) -> bool {
        self.data().join("PG_VERSION").exists()
    }
}

/// Hands the sandbox folder to the `postgres` user when running as root.
fn hand_over(layout: &Layout) -> Result<(), SandboxError> {
    if !is_root() {
        return Ok(());
    }
    let out = Command::new("chown")
        .args(["-R", "postgres:postgres"])
        .arg(&layout.dir)
        .output()
        .map_err(|e| SandboxError::Tool {
            tool: "chown".into(),
            detail: e.to_string(),
        })?;
    check("chown", out)
}

/// Creates the cluster: `initdb` with SCRAM for every connection, superuser `postgres` with
/// `superuser_password`.
pub fn init(layout: &Layout, superuser_password: &str) -> Result<(), SandboxError> {
    let bin = pg_bin_dir()?;
    std::fs::create_dir_all(&layout.dir).map_err(SandboxError::io(&layout.dir))?;
    let pwfile = layout.dir.join(".pwfile");
    std::fs::write(&pwfile, superuser_password).map_err(SandboxError::io(&pwfile))?;
    hand_over(layout)?;
    let data = layout.data().to_string_lossy().to_string();
    let pw = format!("--pwfile={}", pwfile.display());
    let out = run_tool(
        &bin,
        "initdb",
        &[
            "-D",
            &data,
            "-U",
            "postgres",
            "--auth=scram-sha-256",
            &pw,
            "-E",
            "UTF8",
            "--no-sync",
        ],
    );
    let _ = std::fs::remove_file(&pwfile);
    check("initdb", out?)
}

/// Turns TLS on for the (stopped) cluster with this certificate chain and private key (PEM
/// files): they are copied into the data folder as `server.crt` and `server.key`, and
/// `ssl = on` is added to its configuration. Plain connections are still accepted; clients
/// that ask for TLS get it.
pub fn enable_tls(layout: &Layout, cert: &Path, key: &Path) -> Result<(), SandboxError> {
    let data = layout.data();
    let crt = data.join("server.crt");
    let pem = data.join("server.key");
    std::fs::copy(cert, &crt).map_err(SandboxError::io(&crt))?;
    std::fs::copy(key, &pem).map_err(SandboxError::io(&pem))?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pem, std::fs::Permissions::from_mode(0o600))
            .map_err(SandboxError::io(&pem))?;
    }
    let conf = data.join("postgresql.conf");
    let mut text = std::fs::read_to_string(&conf).map_err(SandboxError::io(&conf))?;
    text.push_str("\n# Penguin Desk sandbox: TLS with the certificate in server.crt\nssl = on\n");
    std::fs::write(&conf, text).map_err(SandboxError::io(&conf))?;
    hand_over(layout)
}

/// Whether the cluster in `layout` is running.
pub fn is_running(layout: &Layout) -> Result<bool, SandboxError> {
    if !layout.has_cluster() {
        return Ok(false);
    }
    let bin = pg_bin_dir()?;
    let data = layout.data().to_string_lossy().to_string();
    Ok(run_tool(&bin, "pg_ctl", &["-D", &data, "status"])?
        .status
        .success())
}

/// Starts the cluster on 127.0.0.1:`port` (and a unix socket in the sandbox folder).
pub fn start(layout: &Layout, port: u16) -> Result<(), SandboxError> {
    let bin = pg_bin_dir()?;
    hand_over(layout)?;
    let data = layout.data().to_string_lossy().to_string();
    let log = layout.log().to_string_lossy().to_string();
    let opts = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c synchronous_commit=off -c max_wal_size=4GB",
        layout.dir.display()
    );
    let out = run_tool(
        &bin,
        "pg_ctl",
        &[
            "-D", &data, "-o", &opts, "-l", &log, "-w", "-t", "60", "start",
        ],
    )?;
    check("pg_ctl start", out).map_err(|e| match e {
        SandboxError::Tool { tool, detail } => SandboxError::Tool {
            tool,
            detail: format!("{detail}\nsee the server log {log}"),
        },
        other => other,
    })
}

/// Stops the cluster (fast shutdown: open sessions are ended).
pub fn stop(layout: &Layout) -> Result<(), SandboxError> {
    let bin = pg_bin_dir()?;
    let data = layout.data().to_string_lossy().to_string();
    let out = run_tool(&bin, "pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"])?;
    check("pg_ctl stop", out)
}
