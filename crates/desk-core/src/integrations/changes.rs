//! What the integration team changes about an integration: where the migration off a
//! deprecated API version stands, and a rotation of our credentials with the next one due. Both
//! are checked here first (each problem beside its field), then by the platform, and need it;
//! the change arrives back through sync.

use chrono::{Duration, NaiveDate, Utc};
use desk_domain::integrations::MIGRATION_STATUSES;
use desk_platform::integrations as platform;

use crate::{Desk, DeskError};

/// The furthest ahead a rotation may be due (two years).
pub const MAX_ROTATION_DAYS: i64 = 730;

/// The problems of a migration status change, one `field: message` line each.
pub fn deprecation_problems(status: &str, note: &str) -> Vec<String> {
    let mut p = Vec::new();
    if !MIGRATION_STATUSES.contains(&status) {
        p.push(format!(
            "status: unknown migration status {status:?} (not started, in progress or done)"
        ));
    }
    if status == "done" && note.trim().is_empty() {
        p.push(
            "note: say how the migration was done (the version now called, the change that did it)"
                .into(),
        );
    }
    p
}

/// The next due date of a rotation recorded on `today`, or its problems.
pub fn rotation_due(next_due: &str, today: NaiveDate) -> Result<NaiveDate, Vec<String>> {
    let due = NaiveDate::parse_from_str(next_due.trim(), "%Y-%m-%d")
        .map_err(|_| vec!["next due: a date, e.g. 2027-03-01".to_string()])?;
    if due <= today {
        return Err(vec![
            "next due: the next rotation must be after today".into()
        ]);
    }
    if due > today + Duration::days(MAX_ROTATION_DAYS) {
        return Err(vec!["next due: at most two years ahead".into()]);
    }
    Ok(due)
}

impl Desk {
    /// Sets where the migration off a deprecated API version stands (not_started,
    /// in_progress, done: done needs the note). Needs the platform; a notice changed since
    /// `expected_version` is refused as a conflict.
    pub async fn ops_set_deprecation_status(
        &self,
        id: &str,
        status: &str,
        note: &str,
        expected_version: Option<i32>,
    ) -> Result<(), DeskError> {
        let problems = deprecation_problems(status, note);
        if !problems.is_empty() {
            return Err(DeskError::refused("The migration status", &problems));
        }
        let pool = self
            .online_platform(
                "Changing a migration status",
                "the screen shows the last synced status",
            )
            .await?;
        platform::set_deprecation_status(&pool, id, status, note.trim(), expected_version).await?;
        self.wake_sync();
        Ok(())
    }

    /// Records that our credentials for `integration` were rotated now, with the next rotation
    /// due on `next_due` (YYYY-MM-DD, after today). Needs the platform.
    pub async fn ops_record_rotation(
        &self,
        integration: &str,
        next_due: &str,
        note: &str,
        expected_version: Option<i32>,
    ) -> Result<(), DeskError> {
        let due = rotation_due(next_due, Utc::now().date_naive())
            .map_err(|p| DeskError::refused("The rotation", &p))?;
        let pool = self
            .online_platform(
                "Recording a rotation",
                "the screen shows the last synced due date",
            )
            .await?;
        platform::record_credential_rotation(
            &pool,
            integration,
            due,
            note.trim(),
            expected_version,
        )
        .await?;
        self.wake_sync();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_migration_status_is_one_of_three_and_done_says_how() {
        assert!(deprecation_problems("in_progress", "").is_empty());
        assert!(deprecation_problems("done", "on v3 since 2026.8.2").is_empty());
        assert_eq!(
            deprecation_problems("finished", " "),
            ["status: unknown migration status \"finished\" (not started, in progress or done)"]
        );
        assert!(deprecation_problems("done", " ")[0].starts_with("note: "));
    }

    #[test]
    fn the_next_rotation_is_a_date_after_today_within_two_years() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("day");
        assert_eq!(
            rotation_due(" 2027-03-01 ", today),
            Ok(NaiveDate::from_ymd_opt(2027, 3, 1).expect("day"))
        );
        assert_eq!(
            rotation_due("1 March", today),
            Err(vec!["next due: a date, e.g. 2027-03-01".to_string()])
        );
        assert!(rotation_due("2026-12-01", today).is_err_and(|p| p[0].contains("after today")));
        assert!(rotation_due("2029-01-01", today).is_err_and(|p| p[0].contains("two years")));
    }
}
