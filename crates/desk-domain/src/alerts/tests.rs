use chrono::TimeZone;

use super::*;

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap()
}

fn alert(id: i64, team: &str, severity: Severity) -> NewAlert {
    NewAlert {
        id,
        team: team.into(),
        severity,
        status: "triggered".into(),
        title: format!("alert {id}"),
        service: "smtp-relay".into(),
    }
}

fn ops() -> NotificationSettings {
    NotificationSettings::defaults_for(&[DeskRole::Ops])
}

fn outcome(p: &Plan, id: i64) -> Outcome {
    p.outcomes.iter().find(|(i, _)| *i == id).unwrap().1
}

#[test]
fn routing_follows_team_and_severity_threshold() {
    let alerts = [
        alert(1, "ops", Severity::High),
        alert(2, "security", Severity::Critical),
        alert(3, "ops", Severity::Medium),
    ];
    let p = plan(&alerts, &ops(), now(), at(10, 0), false).unwrap();
    assert_eq!(outcome(&p, 1), Outcome::Shown);
    assert_eq!(outcome(&p, 2), Outcome::NotRouted, "not an ops alert");
    assert_eq!(outcome(&p, 3), Outcome::NotRouted, "below high");
    assert_eq!(p.notices.len(), 1);
    assert_eq!(p.notices[0].alert_id, Some(1));
    assert_eq!(p.notices[0].title, "High · alert 1");
}

#[test]
fn each_alert_gets_exactly_one_outcome() {
    let alerts: Vec<NewAlert> = (1..=9)
        .map(|i| alert(i, TEAMS[(i % 4) as usize], Severity::ALL[(i % 4) as usize]))
        .collect();
    let s = NotificationSettings::defaults_for(&[DeskRole::Admin]);
    let p = plan(&alerts, &s, now(), at(10, 0), false).unwrap();
    let mut ids: Vec<i64> = p.outcomes.iter().map(|(i, _)| *i).collect();
    ids.sort_unstable();
    assert_eq!(ids, (1..=9).collect::<Vec<_>>());
}

#[test]
fn many_at_once_become_one_summary_naming_the_critical_ones() {
    let alerts = [
        alert(1, "ops", Severity::High),
        alert(2, "ops", Severity::Critical),
        alert(3, "ops", Severity::High),
        alert(4, "ops", Severity::Critical),
        alert(5, "ops", Severity::High),
    ];
    let p = plan(&alerts, &ops(), now(), at(10, 0), false).unwrap();
    assert_eq!(p.notices.len(), 1);
    assert_eq!(p.notices[0].title, "5 new alerts, 2 critical");
    assert_eq!(p.notices[0].alert_id, None);
    assert!(p.outcomes.iter().all(|(_, o)| *o == Outcome::Summarised));
    // Under the threshold: one each.
    let p = plan(&alerts[..3], &ops(), now(), at(10, 0), false).unwrap();
    assert_eq!(p.notices.len(), 3);
}

#[test]
fn after_offline_two_already_make_a_summary() {
    let alerts = [
        alert(1, "ops", Severity::High),
        alert(2, "ops", Severity::High),
    ];
    let p = plan(&alerts, &ops(), now(), at(10, 0), true).unwrap();
    assert_eq!(p.notices.len(), 1);
    assert_eq!(p.notices[0].title, "2 new alerts");
    let one = plan(&alerts[..1], &ops(), now(), at(10, 0), true).unwrap();
    assert_eq!(one.notices[0].alert_id, Some(1), "one alert is just shown");
}

#[test]
fn quiet_hours_hold_alerts_back_across_midnight_unless_critical_breaks_through() {
    let mut s = ops();
    s.quiet_hours = Some(QuietHours {
        start: "22:00".into(),
        end: "07:00".into(),
    });
    let alerts = [
        alert(1, "ops", Severity::High),
        alert(2, "ops", Severity::Critical),
    ];
    for quiet in [at(23, 30), at(0, 0), at(6, 59)] {
        let p = plan(&alerts, &s, now(), quiet, false).unwrap();
        assert_eq!(outcome(&p, 1), Outcome::Quiet, "{quiet}");
        assert_eq!(outcome(&p, 2), Outcome::Shown, "{quiet}");
    }
    let p = plan(&alerts, &s, now(), at(7, 0), false).unwrap();
    assert_eq!(outcome(&p, 1), Outcome::Shown, "07:00 is no longer quiet");
    s.critical_breaks_through = false;
    let p = plan(&alerts, &s, now(), at(23, 0), false).unwrap();
    assert_eq!(outcome(&p, 2), Outcome::Quiet);
    assert!(p.notices.is_empty());
}

#[test]
fn a_snooze_holds_its_severity_until_it_ends() {
    let mut s = ops();
    s.snoozed_until
        .insert(Severity::High, now() + Duration::minutes(30));
    s.snoozed_until
        .insert(Severity::Critical, now() + Duration::minutes(30));
    let alerts = [
        alert(1, "ops", Severity::High),
        alert(2, "ops", Severity::Critical),
    ];
    let p = plan(&alerts, &s, now(), at(10, 0), false).unwrap();
    assert_eq!(outcome(&p, 1), Outcome::Snoozed);
    assert_eq!(outcome(&p, 2), Outcome::Shown, "critical breaks through");
    let later = now() + Duration::minutes(31);
    let p = plan(&alerts, &s, later, at(10, 31), false).unwrap();
    assert_eq!(outcome(&p, 1), Outcome::Shown, "the snooze ended");
}

#[test]
fn alerts_already_handled_or_notifications_off_do_not_notify() {
    let mut handled = alert(1, "ops", Severity::Critical);
    handled.status = "acknowledged".into();
    let p = plan(&[handled], &ops(), now(), at(10, 0), false).unwrap();
    assert_eq!(outcome(&p, 1), Outcome::AlreadyHandled);
    let mut off = ops();
    off.enabled = false;
    let p = plan(
        &[alert(2, "ops", Severity::Critical)],
        &off,
        now(),
        at(10, 0),
        false,
    )
    .unwrap();
    assert_eq!(outcome(&p, 2), Outcome::NotRouted);
    assert!(p.notices.is_empty());
}

#[test]
fn overdue_is_past_the_escalation_time_or_the_severity_target_while_triggered() {
    let created = now() - Duration::minutes(10);
    assert!(is_overdue(
        "triggered",
        Severity::Critical,
        created,
        None,
        now()
    ));
    assert!(!is_overdue(
        "triggered",
        Severity::High,
        created,
        None,
        now()
    ));
    assert!(!is_overdue(
        "acknowledged",
        Severity::Critical,
        created,
        None,
        now()
    ));
    let later = Some(now() + Duration::minutes(1));
    assert!(!is_overdue(
        "triggered",
        Severity::Critical,
        created,
        later,
        now()
    ));
}

#[test]
fn teams_follow_roles_and_admins_serve_every_team() {
    assert_eq!(teams_of(&[DeskRole::Ops]), ["ops"]);
    assert_eq!(
        teams_of(&[DeskRole::Security, DeskRole::Finance]),
        ["security", "finance"]
    );
    assert_eq!(teams_of(&[DeskRole::Admin]).len(), 4);
}

#[test]
fn settings_are_checked() {
    let roles = [DeskRole::Ops];
    let mut s = ops();
    assert!(s.check(&roles).is_ok());
    s.teams.push("security".into());
    assert_eq!(
        s.check(&roles),
        Err(SettingsError::NotYourTeam("security".into()))
    );
    let mut s = ops();
    s.quiet_hours = Some(QuietHours {
        start: "25:00".into(),
        end: "07:00".into(),
    });
    assert!(matches!(
        s.check(&roles),
        Err(SettingsError::BadTime { .. })
    ));
    s.quiet_hours = Some(QuietHours {
        start: "07:00".into(),
        end: "07:00".into(),
    });
    assert_eq!(s.check(&roles), Err(SettingsError::EmptyQuietHours));
    let mut s = ops();
    s.summary_from = 1;
    assert_eq!(s.check(&roles), Err(SettingsError::SummaryThreshold(1)));
}
