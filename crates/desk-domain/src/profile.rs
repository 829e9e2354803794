//! A platform profile: which platform database a staff member signs in to, and how.
//!
//! A profile never holds a secret: the password lives in the OS keychain under the profile's
//! id. Validation lives here so the UI's form rules and the core agree on one set of rules.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::IpAddr;

/// How the connection to the platform database is protected, as libpq's `sslmode` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum TlsMode {
    /// No TLS at all (loopback only).
    Disable,
    /// TLS if the server offers it, else plain (loopback only).
    Prefer,
    /// TLS without checking the certificate (loopback only).
    Require,
    /// TLS with the certificate checked against trusted roots.
    VerifyCa,
    /// TLS with the certificate and the host name checked (the default).
    VerifyFull,
}

impl TlsMode {
    /// Whether this mode checks who is at the other end.
    pub fn verifies_server(self) -> bool {
        matches!(self, TlsMode::VerifyCa | TlsMode::VerifyFull)
    }
}

/// A saved platform profile, as listed and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Stable id; the keychain entry of the password is named after it.
    pub id: String,
    /// The name the staff member gave it ("Production", "Staging").
    pub name: String,
    /// Host name or IP address of the platform database.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Database name.
    pub database: String,
    /// How the connection is protected.
    pub tls_mode: TlsMode,
    /// The staff member's own PostgreSQL login.
    pub user: String,
}

/// What the user typed for a new or edited profile (no id, no password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileDraft {
    /// See [`Profile::name`].
    pub name: String,
    /// See [`Profile::host`].
    pub host: String,
    /// See [`Profile::port`] (wider, so out-of-range input can be refused with a message).
    pub port: i64,
    /// See [`Profile::database`].
    pub database: String,
    /// See [`Profile::tls_mode`].
    pub tls_mode: TlsMode,
    /// See [`Profile::user`].
    pub user: String,
}

/// One field of a draft that is not acceptable, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name as the form shows it.
    pub field: &'static str,
    /// What is wrong, in words for the user.
    pub message: String,
}

/// Why a draft was refused: one message per offending field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    /// Every field that is wrong.
    pub fields: Vec<FieldError>,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .fields
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        write!(f, "{}", parts.join("; "))
    }
}

impl std::error::Error for ProfileError {}

/// Longest profile name accepted.
pub const MAX_NAME_LEN: usize = 64;

/// Whether `host` names this machine (where unverified TLS is acceptable).
pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    if h.eq_ignore_ascii_case("localhost") {
        return true;
    }
    h.parse::<IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false)
}

impl ProfileDraft {
    /// Checks every field and returns the profile under `id`, or every problem at once.
    pub fn validate(&self, id: String) -> Result<Profile, ProfileError> {
        let mut fields = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            fields.push(err("name", "Give the profile a name."));
        } else if name.chars().count() > MAX_NAME_LEN {
            fields.push(err("name", format!("At most {MAX_NAME_LEN} characters.")));
        }
        let host = self.host.trim();
        if host.is_empty() {
            fields.push(err("host", "Enter the database host."));
        } else if host
            .chars()
            .any(|c| c.is_whitespace() || c == '/' || c == '@')
        {
            fields.push(err("host", "A host name has no spaces, slashes or @."));
        }
        let port = u16::try_from(self.port).ok().filter(|p| *p > 0);
        if port.is_none() {
            fields.push(err("port", "The port is a number from 1 to 65535."));
        }
        let database = self.database.trim();
        if database.is_empty() {
            fields.push(err("database", "Enter the database name."));
        }
        let user = self.user.trim();
        if user.is_empty() {
            fields.push(err("user", "Enter your PostgreSQL login."));
        }
        if !host.is_empty() && !is_loopback(host) && !self.tls_mode.verifies_server() {
            fields.push(err(
                "tlsMode",
                "Only verify-full or verify-ca may be used for a host that is not this machine: \
                 anything weaker lets a stranger on the network read or impersonate the database.",
            ));
        }
        match (fields.is_empty(), port) {
            (true, Some(port)) => Ok(Profile {
                id,
                name: name.to_string(),
                host: host.to_string(),
                port,
                database: database.to_string(),
                tls_mode: self.tls_mode,
                user: user.to_string(),
            }),
            _ => Err(ProfileError { fields }),
        }
    }
}

fn err(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ProfileDraft {
        ProfileDraft {
            name: " Production ".into(),
            host: "db.internal.example".into(),
            port: 5432,
            database: "platform".into(),
            tls_mode: TlsMode::VerifyFull,
            user: "ana".into(),
        }
    }

    #[test]
    fn a_good_draft_is_trimmed_and_accepted() {
        let p = draft().validate("p1".into()).expect("valid");
        assert_eq!(p.name, "Production");
        assert_eq!(p.port, 5432);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let d = ProfileDraft {
            name: "".into(),
            host: "has space".into(),
            port: 70000,
            database: " ".into(),
            tls_mode: TlsMode::VerifyFull,
            user: "".into(),
        };
        let e = d.validate("p".into()).expect_err("invalid");
        let names: Vec<_> = e.fields.iter().map(|f| f.field).collect();
        assert_eq!(names, vec!["name", "host", "port", "database", "user"]);
    }

    #[test]
    fn port_zero_and_negative_are_refused() {
        for port in [0, -1] {
            let d = ProfileDraft { port, ..draft() };
            assert!(d.validate("p".into()).is_err());
        }
    }

    #[test]
    fn unverified_tls_is_refused_for_a_remote_host() {
        for mode in [TlsMode::Disable, TlsMode::Prefer, TlsMode::Require] {
            let d = ProfileDraft {
                tls_mode: mode,
                ..draft()
            };
            let e = d.validate("p".into()).expect_err("weak tls");
            assert_eq!(e.fields[0].field, "tlsMode");
        }
    }

    #[test]
    fn loopback_may_skip_tls() {
        for host in ["127.0.0.1", "localhost", "::1", "[::1]"] {
            let d = ProfileDraft {
                host: host.into(),
                tls_mode: TlsMode::Disable,
                ..draft()
            };
            assert!(d.validate("p".into()).is_ok(), "{host}");
        }
    }

    #[test]
    fn long_names_are_refused() {
        let d = ProfileDraft {
            name: "x".repeat(MAX_NAME_LEN + 1),
            ..draft()
        };
        assert_eq!(
            d.validate("p".into()).expect_err("long").fields[0].field,
            "name"
        );
    }
}
