//! The staff directory from the local copy (synced to administrators and security engineers):
//! each member's name, login, e-mail, team, desk roles and whether they are active. Offline it
//! is the last known state; changes go to the platform directly, not through here.

use desk_domain::DeskRole;
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite, SqlitePool};

use crate::mirrors::has_mirror;
use crate::StoreError;

/// Which members to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffQuery {
    /// Words in the name, login or e-mail.
    pub search: Option<String>,
    /// Deactivated members too.
    pub include_inactive: bool,
}

/// A staff member as the directory shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StaffView {
    /// Id.
    pub id: String,
    /// The PostgreSQL login they sign in as.
    pub login: String,
    /// Full name.
    pub full_name: String,
    /// Work e-mail.
    pub email: String,
    /// admin, finance, cs, ops, security.
    pub team: String,
    /// Their desk roles (for a deactivated member: those they held).
    pub roles: Vec<DeskRole>,
    /// Whether they may sign in.
    pub active: bool,
    /// When the account was created.
    pub created_at: String,
    /// When it was deactivated.
    pub deactivated_at: Option<String>,
    /// The record's version (for the change's conflict check).
    pub version: i64,
    /// Set while the member has not chosen a password: when their setup code stops working.
    pub setup_expires_at: Option<String>,
}

/// The desk roles in a synced `roles` array (JSON text of `desk_*` names).
fn roles(text: &str) -> Result<Vec<DeskRole>, StoreError> {
    let names: Vec<String> = serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("staff roles {text:?}: {e}")))?;
    Ok(DeskRole::ALL
        .into_iter()
        .filter(|r| names.iter().any(|n| n == r.pg_role()))
        .collect())
}

/// The directory: active members first, then by name.
pub async fn staff(pool: &SqlitePool, q: &StaffQuery) -> Result<Vec<StaffView>, StoreError> {
    if !has_mirror(pool, "staff").await? {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::<Sqlite>::new(
        "SELECT id, login, full_name, email, team, CAST(roles AS TEXT), active, created_at,
                deactivated_at, version, setup_expires_at
           FROM mirror_staff WHERE 1 = 1",
    );
    if !q.include_inactive {
        qb.push(" AND active");
    }
    if let Some(words) = q.search.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        for word in words.split_whitespace() {
            let like = crate::mirrors::contains_pattern(word);
            qb.push(" AND (full_name LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR login LIKE ")
                .push_bind(like.clone())
                .push(" ESCAPE '\\' OR email LIKE ")
                .push_bind(like)
                .push(" ESCAPE '\\')");
        }
    }
    qb.push(" ORDER BY active DESC, full_name COLLATE NOCASE, login");
    qb.build()
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| {
            Ok(StaffView {
                id: r.try_get(0)?,
                login: r.try_get(1)?,
                full_name: r.try_get(2)?,
                email: r.try_get(3)?,
                team: r.try_get(4)?,
                roles: roles(&r.try_get::<String, _>(5)?)?,
                active: r.try_get(6)?,
                created_at: r.try_get(7)?,
                deactivated_at: r.try_get(8)?,
                version: r.try_get(9)?,
                setup_expires_at: r.try_get(10)?,
            })
        })
        .collect()
}

/// One member by login, if the local copy has them.
pub async fn member(pool: &SqlitePool, login: &str) -> Result<Option<StaffView>, StoreError> {
    let all = staff(
        pool,
        &StaffQuery {
            search: None,
            include_inactive: true,
        },
    )
    .await?;
    Ok(all.into_iter().find(|s| s.login == login))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synced_role_names_become_desk_roles_in_order() {
        assert_eq!(
            roles(r#"["desk_ops","desk_cs"]"#).unwrap(),
            vec![DeskRole::Cs, DeskRole::Ops]
        );
        assert!(roles("not json").is_err());
    }
}
