//! The rules for a new staff member's details, checked on the laptop before they go to the
//! platform (which checks them again): a name, a work e-mail in one of the company's domains,
//! a team, at least one desk role, and a login derived from the e-mail when none is given. Also
//! how an HR export's words (departments, role names) map to teams and roles, and the shape of
//! the one-time setup code a new member signs in with first.

use serde::{Deserialize, Serialize};

use crate::DeskRole;

/// The teams a staff member can belong to.
pub const TEAMS: [&str; 5] = ["admin", "finance", "cs", "ops", "security"];

/// A new staff member as an administrator enters them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewStaff {
    /// Full name.
    pub full_name: String,
    /// Work e-mail.
    pub email: String,
    /// The login to create; derived from the e-mail when empty.
    pub login: Option<String>,
    /// One of [`TEAMS`].
    pub team: String,
    /// The desk roles to grant.
    pub roles: Vec<DeskRole>,
}

/// Whether `login` is one PostgreSQL and the desk accept for a staff member.
pub fn valid_login(login: &str) -> bool {
    let mut chars = login.chars();
    (3..=63).contains(&login.len())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !login.starts_with("desk_")
}

/// The domain of an e-mail address, lower-case (empty when it has none).
pub fn email_domain(email: &str) -> String {
    email
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether `email` looks like an address: something, `@`, a domain with a dot, no spaces.
pub fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Whether `email` is in one of `domains` (or a subdomain of one).
pub fn in_domains(email: &str, domains: &[String]) -> bool {
    let domain = email_domain(email);
    domains.iter().any(|d| {
        let d = d.trim().to_ascii_lowercase();
        !d.is_empty() && (domain == d || domain.ends_with(&format!(".{d}")))
    })
}

/// A login made from the e-mail's local part (`ana.lima-souza@…` → `ana_lima_souza`), made
/// unique against `taken` by a number suffix.
pub fn login_from_email(email: &str, taken: impl Fn(&str) -> bool) -> String {
    let local = email.split('@').next().unwrap_or_default();
    let mut base: String = local
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    while base.contains("__") {
        base = base.replace("__", "_");
    }
    let mut base = base.trim_matches('_').to_string();
    if !base.starts_with(|c: char| c.is_ascii_lowercase()) {
        base.insert(0, 's');
    }
    if base.starts_with("desk_") {
        base.insert(0, 's');
    }
    if base.len() < 3 {
        base.push_str("_staff");
    }
    base.truncate(58);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|l| !taken(l))
        .unwrap_or(base)
}

/// The problems with a new member's details the laptop can see, one `field: message` each
/// (the platform adds what only it knows: an e-mail or login already taken, forbidden pairs).
pub fn problems(m: &NewStaff, domains: &[String]) -> Vec<String> {
    let mut p = Vec::new();
    if m.full_name.trim().is_empty() {
        p.push("fullName: a full name is required".to_string());
    }
    let email = m.email.trim();
    if !looks_like_email(email) {
        p.push(format!("email: {email:?} is not an e-mail address"));
    } else if !in_domains(email, domains) {
        p.push(format!(
            "email: {} is not in the company's domains ({})",
            email_domain(email),
            if domains.is_empty() {
                "none set".to_string()
            } else {
                domains.join(", ")
            }
        ));
    }
    if let Some(login) = m.login.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        if !valid_login(login) {
            p.push("login: 3 to 63 lower-case letters, digits or underscores, starting with a letter, not desk_".to_string());
        }
    }
    if !TEAMS.contains(&m.team.as_str()) {
        p.push(format!("team: choose one of {}", TEAMS.join(", ")));
    }
    if m.roles.is_empty() {
        p.push("roles: a staff member needs at least one desk role".to_string());
    }
    p
}

/// The team an HR export's department names: `Finance`, `Customer Success`, `Operations`,
/// `DevOps`, `Security`, `Admin`/`IT`, or a team's own name.
pub fn team_from_hr(word: &str) -> Option<&'static str> {
    let w = word.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    match w.as_str() {
        "admin" | "administration" | "it" | "platform admin" => Some("admin"),
        "finance" | "billing" | "accounting" => Some("finance"),
        "cs" | "customer success" | "success" => Some("cs"),
        "ops" | "operations" | "devops" | "sre" | "support" => Some("ops"),
        "security" | "infosec" => Some("security"),
        _ => None,
    }
}

/// The desk role a team starts with when the HR export names no roles.
pub fn default_role(team: &str) -> Option<DeskRole> {
    match team {
        "admin" => Some(DeskRole::Admin),
        "finance" => Some(DeskRole::Finance),
        "cs" => Some(DeskRole::Cs),
        "ops" => Some(DeskRole::Ops),
        "security" => Some(DeskRole::Security),
        _ => None,
    }
}

/// The roles an HR export lists (`finance; cs` or `desk_finance|desk_cs`), or the words it did
/// not understand.
pub fn roles_from_hr(text: &str) -> Result<Vec<DeskRole>, String> {
    let mut roles = Vec::new();
    let mut unknown = Vec::new();
    for word in text
        .split([';', '|', ','])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        let w = word.to_ascii_lowercase();
        let name = if w.starts_with("desk_") {
            w
        } else {
            format!("desk_{w}")
        };
        match DeskRole::from_pg_role(&name) {
            Some(r) if !roles.contains(&r) => roles.push(r),
            Some(_) => {}
            None => unknown.push(word.to_string()),
        }
    }
    if unknown.is_empty() {
        roles.sort_unstable();
        Ok(roles)
    } else {
        Err(format!("roles: unknown role(s) {}", unknown.join(", ")))
    }
}

/// The letters a setup code is made of: no 0/O, 1/I/L, so it can be read out over the phone.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A one-time setup code (`ABCD-EFGH-JKMN-PQRS`, about 79 bits) from random bytes; bytes that
/// would bias the choice are skipped. `None` if `random` ran out first.
pub fn setup_code(random: impl IntoIterator<Item = u8>) -> Option<String> {
    let n = CODE_ALPHABET.len();
    let limit = (256 / n * n) as u8;
    let mut letters = random
        .into_iter()
        .filter(|b| *b < limit)
        .map(|b| CODE_ALPHABET[usize::from(b) % n] as char);
    let mut code = String::with_capacity(19);
    for group in 0..4 {
        if group > 0 {
            code.push('-');
        }
        for _ in 0..4 {
            code.push(letters.next()?);
        }
    }
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, email: &str, team: &str, roles: &[DeskRole]) -> NewStaff {
        NewStaff {
            full_name: name.into(),
            email: email.into(),
            login: None,
            team: team.into(),
            roles: roles.to_vec(),
        }
    }

    fn domains() -> Vec<String> {
        vec!["penguinmails.com".into(), "pm.example".into()]
    }

    #[test]
    fn work_emails_must_be_in_the_company_domains_or_below_them() {
        assert!(in_domains("ana@penguinmails.com", &domains()));
        assert!(in_domains("ana@EU.PenguinMails.com", &domains()));
        assert!(!in_domains("ana@notpenguinmails.com", &domains()));
        assert!(!in_domains("ana@gmail.com", &domains()));
        assert!(!in_domains("ana@penguinmails.com", &[]));
    }

    #[test]
    fn every_bad_field_is_named() {
        let ok = member("Ana Lima", "ana@penguinmails.com", "cs", &[DeskRole::Cs]);
        assert!(problems(&ok, &domains()).is_empty());
        let bad = NewStaff {
            login: Some("Desk_Ana".into()),
            ..member(" ", "ana@gmail.com", "sales", &[])
        };
        let found = problems(&bad, &domains());
        let fields: Vec<&str> = found
            .iter()
            .map(|p| p.split(':').next().unwrap_or_default())
            .collect();
        assert_eq!(fields, ["fullName", "email", "login", "team", "roles"]);
        assert!(problems(
            &member("A", "not an address", "cs", &[DeskRole::Cs]),
            &domains()
        )[0]
        .contains("not an e-mail address"));
    }

    #[test]
    fn logins_come_from_the_email_and_avoid_taken_names() {
        let none = |_: &str| false;
        assert_eq!(
            login_from_email("Ana.Lima-Souza@x.com", none),
            "ana_lima_souza"
        );
        assert_eq!(login_from_email("7eleven@x.com", none), "s7eleven");
        assert_eq!(login_from_email("jo@x.com", none), "jo_staff");
        assert_eq!(login_from_email("desk_bob@x.com", none), "sdesk_bob");
        let taken = |l: &str| l == "ana" || l == "ana2";
        assert_eq!(login_from_email("ana@x.com", taken), "ana3");
        for e in ["Ana.Lima@x.com", "7@x.com", "__a__@x.com", "désirée@x.com"] {
            assert!(valid_login(&login_from_email(e, none)), "{e}");
        }
    }

    #[test]
    fn hr_words_map_to_teams_and_roles() {
        assert_eq!(team_from_hr("Customer Success"), Some("cs"));
        assert_eq!(team_from_hr(" DevOps "), Some("ops"));
        assert_eq!(team_from_hr("Marketing"), None);
        assert_eq!(
            roles_from_hr("ops; desk_security | ops"),
            Ok(vec![DeskRole::Ops, DeskRole::Security])
        );
        assert_eq!(roles_from_hr(""), Ok(vec![]));
        assert!(roles_from_hr("finance; wizard").is_err_and(|e| e.contains("wizard")));
    }

    #[test]
    fn setup_codes_are_four_groups_of_unambiguous_letters() {
        let code = setup_code((0u8..=255).cycle().skip(7)).expect("enough bytes");
        assert_eq!(code.len(), 19);
        assert_eq!(code.matches('-').count(), 3);
        assert!(code
            .chars()
            .filter(|c| *c != '-')
            .all(|c| CODE_ALPHABET.contains(&(c as u8))));
        // Bytes past the last whole multiple of the alphabet are skipped, not folded.
        assert_eq!(setup_code([255u8; 64]), None);
        assert_eq!(setup_code([0u8; 3]), None);
    }
}
