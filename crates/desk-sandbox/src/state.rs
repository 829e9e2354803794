//! The sandbox's own state file (`sandbox.json` in the sandbox folder, readable by its owner
//! only): the port, the superuser's password and each staff login's password, so `start` on an
//! existing sandbox reconnects and reprints the same logins instead of inventing new ones.
//! A throwaway sandbox's secrets on the developer's disk; never a real platform's.

use serde::{Deserialize, Serialize};

use crate::cluster::Layout;
use crate::SandboxError;

/// One staff login of the sandbox.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Login {
    /// The PostgreSQL login (e.g. `sandbox_finance`).
    pub login: String,
    /// Its desk roles.
    pub roles: Vec<String>,
    /// Its password.
    pub password: String,
}

/// What `start` remembers about a sandbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct State {
    /// The TCP port on 127.0.0.1.
    pub port: u16,
    /// The password of the superuser `postgres`.
    pub superuser_password: String,
    /// The staff logins created so far.
    #[serde(default)]
    pub logins: Vec<Login>,
}

impl State {
    /// Reads the state of a sandbox folder, if it has one.
    pub fn load(layout: &Layout) -> Result<Option<State>, SandboxError> {
        let path = layout.state();
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(serde_json::from_str(&text)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(SandboxError::Io { path, source: e }),
        }
    }

    /// Writes the state (owner-only permissions).
    pub fn save(&self, layout: &Layout) -> Result<(), SandboxError> {
        let path = layout.state();
        let text = serde_json::to_string_pretty(self)?;
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(SandboxError::io(&tmp))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))
                .map_err(SandboxError::io(&tmp))?;
        }
        std::fs::rename(&tmp, &path).map_err(SandboxError::io(&path))
    }
}

/// A random password (128 bits, hex).
pub fn random_password() -> Result<String, SandboxError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| SandboxError::Random(e.to_string()))?;
    Ok(hex::encode(bytes))
}
