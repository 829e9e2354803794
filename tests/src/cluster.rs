//! A throwaway PostgreSQL cluster on loopback with password (SCRAM) authentication, for the
//! tests that need a wrong password refused. `initdb` refuses to run as root, so as root the
//! cluster runs as the `postgres` system user.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A running cluster; stopped and deleted when dropped.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    /// Its TCP port on 127.0.0.1.
    pub port: u16,
    /// The superuser's password (user `postgres`).
    pub superuser_password: String,
}

fn pg_bin_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL server binaries under /usr/lib/postgresql (or set PG_BIN)")
        .filter_map(Result::ok)
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    found.sort();
    found
        .pop()
        .expect("an initdb under /usr/lib/postgresql/*/bin")
}

fn is_root() -> bool {
    std::env::var("USER").map(|u| u == "root").unwrap_or(false)
        || Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout.starts_with(b"0\n"))
            .unwrap_or(false)
}

fn run(bin: &Path, tool: &str, args: &[&str]) {
    let exe = bin.join(tool);
    let status = if is_root() {
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(&exe)
            .args(args)
            .status()
    } else {
        Command::new(&exe).args(args).status()
    }
    .unwrap_or_else(|e| panic!("run {tool}: {e}"));
    assert!(status.success(), "{tool} {args:?} failed: {status}");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl Cluster {
    /// Creates and starts a cluster with SCRAM password authentication on loopback.
    pub fn start() -> Cluster {
        let bin = pg_bin_dir();
        let base = std::env::temp_dir().join(format!("desk-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&base).expect("cluster dir");
        let dir = base.join("data");
        let pwfile = base.join("pw");
        let password = uuid::Uuid::new_v4().simple().to_string();
        std::fs::write(&pwfile, &password).expect("pwfile");
        if is_root() {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&base)
                .status()
                .expect("chown")
                .success();
            assert!(ok, "chown the cluster dir to postgres");
        }
        let dir_s = dir.to_string_lossy().to_string();
        let base_s = base.to_string_lossy().to_string();
        run(
            &bin,
            "initdb",
            &[
                "-D",
                &dir_s,
                "-U",
                "postgres",
                "--auth=scram-sha-256",
                &format!("--pwfile={}", pwfile.display()),
                "--no-sync",
                "-E",
                "UTF8",
            ],
        );
        let port = free_port();
        let opts = format!("-p {port} -k {base_s} -c listen_addresses=127.0.0.1 -c fsync=off");
        let log = format!("{base_s}/log");
        run(
            &bin,
            "pg_ctl",
            &["-D", &dir_s, "-o", &opts, "-l", &log, "-w", "start"],
        );
        Cluster {
            dir: base,
            bin,
            port,
            superuser_password: password,
        }
    }

    /// Stops the server (as if the platform went away); the data stays.
    pub fn stop(&self) {
        let data = self.dir.join("data").to_string_lossy().to_string();
        run(
            &self.bin,
            "pg_ctl",
            &["-D", &data, "-m", "fast", "-w", "stop"],
        );
    }

    /// Starts the stopped server again on the same port.
    pub fn restart(&self) {
        let base_s = self.dir.to_string_lossy().to_string();
        let data = format!("{base_s}/data");
        let opts = format!(
            "-p {} -k {base_s} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port
        );
        let log = format!("{base_s}/log");
        run(
            &self.bin,
            "pg_ctl",
            &["-D", &data, "-o", &opts, "-l", &log, "-w", "start"],
        );
    }

    /// The superuser URL, to the `postgres` database.
    pub fn admin_url(&self) -> String {
        format!(
            "postgres://postgres:{}@127.0.0.1:{}/postgres",
            self.superuser_password, self.port
        )
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.join("data").to_string_lossy().to_string();
        run(
            &self.bin,
            "pg_ctl",
            &["-D", &data, "-m", "immediate", "stop"],
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
