//! Creating staff accounts from the desk: one at a time from the form, or many from an HR
//! export (previewed row by row, then applied all together in one platform transaction or not
//! at all; a member whose e-mail already has an account is skipped, so importing the same
//! file twice creates nobody twice). Each new member gets a one-time setup code made here from
//! the OS's randomness; the platform queues the welcome e-mail with it, or, when it cannot,
//! hands the instructions back for the administrator to pass on by hand.

use chrono::{DateTime, Utc};
use desk_domain::staff::{self as rules, NewStaff};
use desk_domain::DeskRole;
use desk_platform::staff::{self as platform, NewMember};
use desk_store::admin::StaffView;
use serde::Serialize;
use sqlx::PgPool;

use crate::{Desk, DeskError};

/// What the new-member form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffForm {
    /// The company's e-mail domains.
    pub email_domains: Vec<String>,
    /// How long a setup code stays valid.
    pub setup_code_hours: i32,
    /// The teams to choose from.
    pub teams: Vec<String>,
}

/// A member just created (or given a new setup code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CreatedStaff {
    /// Their login.
    pub login: String,
    /// Their name.
    pub full_name: String,
    /// Their work e-mail.
    pub email: String,
    /// Until when the one-time setup code works.
    pub setup_expires_at: DateTime<Utc>,
    /// Whether the welcome e-mail with the code was queued.
    pub welcome_queued: bool,
    /// When it was not: the instructions to hand over by hand (they carry the code).
    pub handover: Option<String>,
}

/// How a row of an HR import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ImportStatus {
    /// Will be created.
    New,
    /// Has an account already (skipped).
    Exists,
    /// Has problems (not created).
    Invalid,
}

/// One row of an HR import, as read and checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportRow {
    /// Its line in the file (the header is line 1).
    pub line: u32,
    /// Full name.
    pub full_name: String,
    /// Work e-mail.
    pub email: String,
    /// The login it would get.
    pub login: String,
    /// Team.
    pub team: String,
    /// Desk roles.
    pub roles: Vec<DeskRole>,
    /// New, exists or invalid.
    pub status: ImportStatus,
    /// What is wrong, one `field: message` each.
    pub problems: Vec<String>,
}

/// The preview of an HR import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// Every data row.
    pub rows: Vec<ImportRow>,
    /// Rows that will be created.
    pub new_count: u32,
    /// Rows that already have an account.
    pub existing_count: u32,
    /// Rows with problems.
    pub invalid_count: u32,
}

/// What applying an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// The members created.
    pub created: Vec<CreatedStaff>,
    /// Rows skipped because the member already has an account.
    pub skipped: u32,
    /// Rows left out because of their problems.
    pub invalid: u32,
}

/// A one-time setup code from the operating system's randomness.
pub fn new_setup_code() -> Result<String, DeskError> {
    // 64 bytes is far more than the 16 letters need after skipping biased bytes.
    let mut bytes = [0u8; 64];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| DeskError::Internal(format!("no randomness for a setup code: {e}")))?;
    rules::setup_code(bytes).ok_or_else(|| {
        DeskError::Internal("the random bytes did not give a whole setup code".into())
    })
}

/// The HR export's columns this import understands (case and spaces ignored).
fn column(header: &str) -> Option<&'static str> {
    let h: String = header
        .trim()
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    match h.as_str() {
        "name" | "fullname" | "employeename" => Some("name"),
        "email" | "workemail" | "emailaddress" => Some("email"),
        "team" | "department" | "dept" => Some("team"),
        "roles" | "deskroles" | "role" => Some("roles"),
        "login" | "username" => Some("login"),
        _ => None,
    }
}

/// A row read from the file, before the platform's checks.
struct Parsed {
    line: u32,
    member: NewStaff,
    problems: Vec<String>,
}

/// Reads an HR export: a header row naming at least name, e-mail and team (department), and
/// optionally roles (`finance; cs`) and login. Rows without roles get their team's role.
fn parse_hr_csv(text: &str) -> Result<Vec<Parsed>, DeskError> {
    let body = text.trim_start_matches('\u{feff}');
    // The reader skips blank lines and does not count them: a record's line is counted from
    // its byte offset instead, so the preview's numbers match the file.
    // (A record's position is where the reader began it, before the blank lines it skipped.)
    let line_at = |p: Option<&csv::Position>| {
        let b = p.and_then(|p| usize::try_from(p.byte()).ok())?;
        let (before, after) = (body.get(..b)?, body.get(b..)?);
        let skipped = after
            .chars()
            .take_while(|c| *c == '\n' || *c == '\r')
            .filter(|c| *c == '\n')
            .count();
        u32::try_from(before.matches('\n').count() + skipped + 1).ok()
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(body.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| DeskError::InvalidInput(format!("file: not a CSV file ({e})")))?
        .clone();
    let index = |name: &str| headers.iter().position(|h| column(h) == Some(name));
    let (Some(name_at), Some(email_at), Some(team_at)) =
        (index("name"), index("email"), index("team"))
    else {
        return Err(DeskError::InvalidInput(format!(
            "file: the header must name the columns name, email and team (department); it has {}",
            headers.iter().collect::<Vec<_>>().join(", ")
        )));
    };
    let roles_at = index("roles");
    let login_at = index("login");
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // The reader skips blank lines; the record's own position keeps the file's numbering.
        let fallback = u32::try_from(i + 2).unwrap_or(u32::MAX);
        let record = record.map_err(|e| {
            let line = line_at(e.position()).unwrap_or(fallback);
            DeskError::InvalidInput(format!("file: line {line} is not CSV ({e})"))
        })?;
        let line = line_at(record.position()).unwrap_or(fallback);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let get = |at: Option<usize>| at.and_then(|a| record.get(a)).unwrap_or("").to_string();
        let mut problems = Vec::new();
        let team_word = get(Some(team_at));
        let team = match rules::team_from_hr(&team_word) {
            Some(t) => t.to_string(),
            None => {
                problems.push(format!("team: {team_word:?} is not a desk team"));
                team_word
            }
        };
        let roles = match rules::roles_from_hr(&get(roles_at)) {
            Ok(r) if r.is_empty() => rules::default_role(&team).into_iter().collect(),
            Ok(r) => r,
            Err(p) => {
                problems.push(p);
                Vec::new()
            }
        };
        let login = Some(get(login_at)).filter(|l| !l.is_empty());
        rows.push(Parsed {
            line,
            member: NewStaff {
                full_name: get(Some(name_at)),
                email: get(Some(email_at)),
                login,
                team,
                roles,
            },
            problems,
        });
    }
    if rows.is_empty() {
        return Err(DeskError::InvalidInput(
            "file: it has a header but no rows".into(),
        ));
    }
    Ok(rows)
}

/// Checks every row of an HR export against the laptop's rules and the platform (domains,
/// existing accounts, forbidden role pairs, duplicates within the file) and gives each its
/// login. Rows whose e-mail already has an account are `Exists`.
async fn check_import(pool: &PgPool, text: &str) -> Result<ImportPreview, DeskError> {
    let parsed = parse_hr_csv(text)?;
    let form = platform::staff_form(pool).await?;
    let (emails, logins) = platform::taken_names(pool).await?;
    let mut claimed_logins: Vec<String> = Vec::new();
    let mut seen_emails: Vec<(String, u32)> = Vec::new();
    let mut rows = Vec::with_capacity(parsed.len());
    for Parsed {
        line,
        member,
        mut problems,
    } in parsed
    {
        let email_key = member.email.trim().to_ascii_lowercase();
        let exists = emails.contains(&email_key);
        let login = match member.login.as_deref() {
            Some(l) => l.to_string(),
            None => rules::login_from_email(&member.email, |l| {
                logins.iter().any(|t| t == l) || claimed_logins.iter().any(|t| t == l)
            }),
        };
        let mut status = ImportStatus::New;
        if exists {
            status = ImportStatus::Exists;
        } else {
            problems.extend(rules::problems(&member, &form.email_domains));
            if let Some((_, first)) = seen_emails.iter().find(|(e, _)| *e == email_key) {
                problems.push(format!("email: also on line {first} of this file"));
            } else if claimed_logins.contains(&login) {
                problems.push(format!("login: {login} is also used by another row"));
            }
            if problems.is_empty() {
                let m = NewMember {
                    login: &login,
                    full_name: member.full_name.trim(),
                    email: member.email.trim(),
                    team: &member.team,
                    roles: &member.roles,
                };
                problems.extend(platform::new_member_problems(pool, &m).await?);
            }
            if !problems.is_empty() {
                status = ImportStatus::Invalid;
            }
        }
        seen_emails.push((email_key, line));
        claimed_logins.push(login.clone());
        rows.push(ImportRow {
            line,
            full_name: member.full_name.trim().to_string(),
            email: member.email.trim().to_string(),
            login,
            team: member.team,
            roles: member.roles,
            status,
            problems,
        });
    }
    let count = |s: ImportStatus| {
        u32::try_from(rows.iter().filter(|r| r.status == s).count()).unwrap_or(u32::MAX)
    };
    Ok(ImportPreview {
        new_count: count(ImportStatus::New),
        existing_count: count(ImportStatus::Exists),
        invalid_count: count(ImportStatus::Invalid),
        rows,
    })
}

/// Why an administrator action needs the platform.
fn offline(what: &str) -> DeskError {
    DeskError::Unreachable(format!(
        "{what} needs the platform, and this desk is offline; the directory shows the last synced state."
    ))
}

impl Desk {
    async fn admin_pool(&self, what: &str) -> Result<PgPool, DeskError> {
        self.signed_in_login(&format!("to {}", what.to_lowercase()))
            .await?;
        self.platform().await.ok_or_else(|| offline(what))
    }

    /// The company's domains and the setup code's lifetime, for the new-member form.
    pub async fn admin_staff_form(&self) -> Result<StaffForm, DeskError> {
        let pool = self.admin_pool("Creating a staff member").await?;
        let form = platform::staff_form(&pool).await?;
        Ok(StaffForm {
            email_domains: form.email_domains,
            setup_code_hours: form.setup_code_hours,
            teams: rules::TEAMS.iter().map(|t| t.to_string()).collect(),
        })
    }

    /// Creates a staff member: login, memberships, staff row and welcome e-mail with a
    /// one-time setup code, in one platform transaction. Refused with one `field: message`
    /// line per problem.
    pub async fn admin_create_staff(&self, m: &NewStaff) -> Result<CreatedStaff, DeskError> {
        let pool = self.admin_pool("Creating a staff member").await?;
        let form = platform::staff_form(&pool).await?;
        let problems = rules::problems(m, &form.email_domains);
        if !problems.is_empty() {
            return Err(DeskError::InvalidInput(format!(
                "the new account has {} problem(s)\n{}",
                problems.len(),
                problems.join("\n")
            )));
        }
        let login = match m.login.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            Some(l) => l.to_string(),
            None => {
                let (_, logins) = platform::taken_names(&pool).await?;
                rules::login_from_email(&m.email, |l| logins.iter().any(|t| t == l))
            }
        };
        let code = new_setup_code()?;
        let member = NewMember {
            login: &login,
            full_name: m.full_name.trim(),
            email: m.email.trim(),
            team: &m.team,
            roles: &m.roles,
        };
        let mut conn = pool
            .acquire()
            .await
            .map_err(desk_platform::PlatformError::from)?;
        let created = platform::create_member(&mut conn, &member, &code).await?;
        drop(conn);
        self.wake_sync();
        tracing::info!(login = %login, welcome_queued = created.welcome_queued, "staff member created");
        Ok(CreatedStaff {
            full_name: member.full_name.to_string(),
            email: member.email.to_string(),
            login,
            setup_expires_at: created.setup_expires_at,
            welcome_queued: created.welcome_queued,
            handover: created.handover,
        })
    }

    /// Gives a member who has not signed in yet a new setup code (the old one stops working).
    pub async fn admin_renew_setup_code(&self, login: &str) -> Result<CreatedStaff, DeskError> {
        let pool = self.admin_pool("Renewing a setup code").await?;
        let code = new_setup_code()?;
        let created = platform::renew_setup_code(&pool, login, &code).await?;
        let member = desk_store::admin::staff::member(self.store()?.pool(), login).await?;
        self.wake_sync();
        Ok(CreatedStaff {
            login: login.to_string(),
            full_name: member
                .as_ref()
                .map(|m| m.full_name.clone())
                .unwrap_or_default(),
            email: member.map(|m| m.email).unwrap_or_default(),
            setup_expires_at: created.setup_expires_at,
            welcome_queued: created.welcome_queued,
            handover: created.handover,
        })
    }

    /// Reads and checks an HR export without creating anybody.
    pub async fn admin_import_preview(&self, csv_text: &str) -> Result<ImportPreview, DeskError> {
        let pool = self.admin_pool("Importing staff").await?;
        check_import(&pool, csv_text).await
    }

    /// Creates every new, valid member of an HR export in one platform transaction: all of
    /// them or, when any is refused, none (the error names the row). Members who already have
    /// an account are skipped, so a second import of the same file creates nobody.
    pub async fn admin_import_apply(&self, csv_text: &str) -> Result<ImportOutcome, DeskError> {
        let pool = self.admin_pool("Importing staff").await?;
        let preview = check_import(&pool, csv_text).await?;
        let mut tx = pool
            .begin()
            .await
            .map_err(desk_platform::PlatformError::from)?;
        let mut created = Vec::new();
        for row in preview
            .rows
            .iter()
            .filter(|r| r.status == ImportStatus::New)
        {
            let code = new_setup_code()?;
            let member = NewMember {
                login: &row.login,
                full_name: &row.full_name,
                email: &row.email,
                team: &row.team,
                roles: &row.roles,
            };
            let c = platform::create_member(&mut tx, &member, &code)
                .await
                .map_err(|e| {
                    DeskError::InvalidInput(format!(
                        "line {} ({}): nobody was created: {e}",
                        row.line, row.email
                    ))
                })?;
            created.push(CreatedStaff {
                login: row.login.clone(),
                full_name: row.full_name.clone(),
                email: row.email.clone(),
                setup_expires_at: c.setup_expires_at,
                welcome_queued: c.welcome_queued,
                handover: c.handover,
            });
        }
        tx.commit()
            .await
            .map_err(desk_platform::PlatformError::from)?;
        self.wake_sync();
        tracing::info!(
            created = created.len(),
            skipped = preview.existing_count,
            "HR import applied"
        );
        Ok(ImportOutcome {
            created,
            skipped: preview.existing_count,
            invalid: preview.invalid_count,
        })
    }

    /// The member's entry in the local directory (after a change the sync brings it in).
    pub(crate) async fn staff_member(&self, login: &str) -> Result<StaffView, DeskError> {
        desk_store::admin::staff::member(self.store()?.pool(), login)
            .await?
            .ok_or_else(|| DeskError::NotFound(format!("{login} is not in the local copy.")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hr_export_is_read_by_its_header_names() {
        let text = "\u{feff}Employee Name,Work E-mail,Department,Desk roles\n\
                    Ana Lima,ana@penguinmails.com,Customer Success,\n\
                    \n\
                    Bo Chen,bo@penguinmails.com,Finance,finance; wizard\n\
                    Cy Diaz,cy@penguinmails.com,Marketing,ops\n";
        let rows = parse_hr_csv(text).expect("reads");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].member.team, "cs");
        assert_eq!(rows[0].member.roles, vec![DeskRole::Cs], "the team's role");
        assert!(rows[0].problems.is_empty());
        assert_eq!(rows[1].line, 4, "the blank line still counts");
        assert!(rows[1].problems[0].contains("wizard"));
        assert!(rows[2].problems[0].starts_with("team:"));
    }

    #[test]
    fn a_file_without_the_needed_columns_says_which_it_has() {
        let e = parse_hr_csv("first,last\nA,B\n")
            .err()
            .map(|e| e.to_string());
        assert!(e.is_some_and(|m| m.contains("name, email and team") && m.contains("first, last")));
        assert!(parse_hr_csv("name,email,team\n").is_err());
    }

    #[test]
    fn setup_codes_differ() {
        let a = new_setup_code().expect("code");
        let b = new_setup_code().expect("code");
        assert_eq!(a.len(), 19);
        assert_ne!(a, b);
    }
}
