//! Staff rows the dataset needs as owners and assignees: customer success managers (each owns
//! a book of tenants), on-call engineers (escalation assignees) and security analysts
//! (incident leads). They are staff records without a login on the cluster, as colleagues
//! who have not installed the desk yet would be; the sandbox's own logins (sandbox_cs, ...)
//! are found in the database and get accounts too.

use fake::faker::name::raw::{FirstName, LastName};
use fake::locales::EN;
use fake::Fake;
use uuid::Uuid;

use super::{rng_for, uuid_from, Ctx};
use crate::load::Table;

/// Generated staff ids by team.
#[derive(Debug, Default, Clone)]
pub struct People {
    /// Customer success managers (generated first, then the database's own desk_cs staff).
    pub csms: Vec<Uuid>,
    /// On-call engineers.
    pub engineers: Vec<Uuid>,
    /// Security analysts.
    pub analysts: Vec<Uuid>,
}

fn login_part(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The staff table.
pub fn table() -> Table {
    Table::new(
        "desk.staff",
        "id, login, full_name, email, team, roles, active, created_at",
    )
}

/// Generates the staff rows; `existing_csms` (the database's own desk_cs staff) join the book.
pub fn write(ctx: &Ctx, existing_csms: &[Uuid], table: &mut Table) -> People {
    let mut rng = rng_for(ctx.seed, "staff", 0);
    let mut people = People::default();
    let n_csms = (ctx.tenants / 40).clamp(4, 60);
    let teams = [
        ("cs", "desk_cs", n_csms),
        ("ops", "desk_ops", 6),
        ("security", "desk_security", 3),
    ];
    let mut logins = std::collections::HashSet::new();
    for (team, role, count) in teams {
        for _ in 0..count {
            let id = uuid_from(&mut rng);
            let first: String = FirstName(EN).fake_with_rng(&mut rng);
            let last: String = LastName(EN).fake_with_rng(&mut rng);
            let base = format!("{}_{}{}", team, login_part(&first), login_part(&last));
            let mut login = base.chars().take(56).collect::<String>();
            let mut n = 2;
            while !logins.insert(login.clone()) {
                login = format!("{}{n}", base.chars().take(56).collect::<String>());
                n += 1;
            }
            table
                .uuid(id)
                .text(&login)
                .text(&format!("{first} {last}"))
                .text(&format!("{login}@penguinmails.com"))
                .text(team)
                .array(&[role.to_string()])
                .bool(true)
                .ts(ctx.window_start_ts())
                .end();
            match team {
                "cs" => people.csms.push(id),
                "ops" => people.engineers.push(id),
                _ => people.analysts.push(id),
            }
        }
    }
    people.csms.extend_from_slice(existing_csms);
    people
}
