//! A throwaway PostgreSQL cluster on loopback with password (SCRAM) authentication, for the
//! tests that need a wrong password refused or the platform stopped and started. The cluster
//! itself is the sandbox's (`desk_sandbox::cluster`: initdb, runs as the `postgres` user when
//! we are root); this only gives it a temporary folder and a free port, and removes it after.

use desk_sandbox::cluster::{self, Layout};

/// A running cluster; stopped and deleted when dropped.
pub struct Cluster {
    layout: Layout,
    /// Its TCP port on 127.0.0.1.
    pub port: u16,
    /// The superuser's password (user `postgres`).
    pub superuser_password: String,
}

impl Cluster {
    /// Creates and starts a cluster with SCRAM password authentication on loopback.
    pub fn start() -> Cluster {
        Self::start_with(None)
    }

    /// Like [`start`](Self::start), serving TLS with this certificate chain and key (PEM).
    pub fn start_tls(cert: &std::path::Path, key: &std::path::Path) -> Cluster {
        Self::start_with(Some((cert, key)))
    }

    fn start_with(tls: Option<(&std::path::Path, &std::path::Path)>) -> Cluster {
        let dir = std::env::temp_dir().join(format!("desk-pg-{}", uuid::Uuid::new_v4().simple()));
        let layout = Layout::new(&dir).expect("cluster folder");
        let password = uuid::Uuid::new_v4().simple().to_string();
        cluster::init(&layout, &password).expect("initdb");
        if let Some((cert, key)) = tls {
            cluster::enable_tls(&layout, cert, key).expect("turn TLS on");
        }
        let port = cluster::free_port().expect("a free loopback port");
        cluster::start(&layout, port).expect("start the cluster");
        Cluster {
            layout,
            port,
            superuser_password: password,
        }
    }

    /// Stops the server (as if the platform went away); the data stays.
    pub fn stop(&self) {
        cluster::stop(&self.layout).expect("stop the cluster");
    }

    /// Starts the stopped server again on the same port.
    pub fn restart(&self) {
        cluster::start(&self.layout, self.port).expect("restart the cluster");
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
        // Stop it if it runs (a test may have stopped it already); never panic in drop.
        if cluster::is_running(&self.layout).unwrap_or(false) {
            let _ = cluster::stop(&self.layout);
        }
        let _ = std::fs::remove_dir_all(&self.layout.dir);
    }
}
