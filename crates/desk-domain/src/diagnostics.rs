//! Keeping secrets out of diagnostics: the text a staff member pastes into a support ticket.
//!
//! Logs never receive a password, but a connection string or an error from a driver might
//! carry one; every line that leaves the app through "Copy diagnostics" passes through
//! [`redact`] first.

const SECRET_KEYS: [&str; 5] = ["password", "passwd", "secret", "token", "key"];

/// Returns `line` with the value after any `password=`/`secret:`-like key masked, and the
/// password part of any `scheme://user:password@host` URL masked.
pub fn redact(line: &str) -> String {
    let mut out = mask_url_passwords(line);
    for key in SECRET_KEYS {
        out = mask_after_key(&out, key);
    }
    out
}

fn mask_url_passwords(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '/' || c == '"')
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match (authority.rfind('@'), authority.find(':')) {
            (Some(at), Some(colon)) if colon < at => {
                out.push_str(&authority[..colon]);
                out.push_str(":***");
                out.push_str(&authority[at..]);
            }
            _ => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn mask_after_key(line: &str, key: &str) -> String {
    let lower = line.to_ascii_lowercase();
    let mut out = String::with_capacity(line.len());
    let mut pos = 0;
    while let Some(found) = lower[pos..].find(key) {
        let start = pos + found;
        let mut j = start + key.len();
        // Allow `key`, `"key"`, `key_file` is not a secret value: only mask `key=` / `key:`.
        let bytes = line.as_bytes();
        while j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b' ') {
            j += 1;
        }
        if j < bytes.len() && (bytes[j] == b'=' || bytes[j] == b':') {
            j += 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'"') {
                j += 1;
            }
            let end = line[j..]
                .find(|c: char| c.is_whitespace() || c == '"' || c == ',' || c == '}')
                .map_or(line.len(), |e| j + e);
            out.push_str(&line[pos..j]);
            out.push_str("***");
            pos = end;
        } else {
            out.push_str(&line[pos..start + key.len()]);
            pos = start + key.len();
        }
    }
    out.push_str(&line[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn masks_key_value_passwords() {
        assert_eq!(
            redact("connect host=db password=hunter2 user=ana"),
            "connect host=db password=*** user=ana"
        );
    }

    #[test]
    fn masks_json_secrets() {
        assert_eq!(
            redact(r#"{"password":"hunter2","user":"ana"}"#),
            r#"{"password":"***","user":"ana"}"#
        );
    }

    #[test]
    fn masks_url_passwords() {
        assert_eq!(
            redact("postgres://ana:hunter2@db:5432/platform failed"),
            "postgres://ana:***@db:5432/platform failed"
        );
    }

    #[test]
    fn leaves_ordinary_lines_alone() {
        let line = "INFO sync: pulled 120 rows from tenants in 40ms (keychain ok)";
        assert_eq!(redact(line), line);
    }
}
