//! In-app updates, the desk's side: the member's channel (an app preference) picks the
//! manifest, and the daily check remembers when it last looked, across restarts.

use chrono::{Duration, Utc};
use desk_domain::updates::UpdateChannel;
use desk_tests::desks::Laptop;

const TEMPLATE: &str = "https://desk-updates.example/{{channel}}/latest.json";

#[tokio::test]
async fn the_channel_picks_the_manifest_and_the_daily_check_is_remembered() {
    let laptop = Laptop::new();
    let desk = laptop.start().await;

    // Stable until the member says otherwise.
    assert_eq!(desk.update_channel(), UpdateChannel::Stable);
    assert_eq!(
        desk.update_endpoint(TEMPLATE),
        "https://desk-updates.example/stable/latest.json"
    );
    let mut prefs = desk.app_prefs();
    prefs.update_channel = UpdateChannel::Beta;
    desk.save_app_prefs(&prefs).expect("save the channel");
    assert_eq!(
        desk.update_endpoint(TEMPLATE),
        "https://desk-updates.example/beta/latest.json"
    );

    // Never checked: due. Checked now: not due until a day has passed, also after a restart.
    let now = Utc::now();
    assert_eq!(desk.last_update_check(), None);
    assert!(desk.update_check_due(now));
    desk.record_update_check(now).expect("remember the check");
    assert!(!desk.update_check_due(now + Duration::hours(23)));
    drop(desk);
    let again = laptop.start().await;
    assert_eq!(again.last_update_check(), Some(now));
    assert!(again.update_check_due(now + Duration::hours(24)));
    assert_eq!(
        again.update_channel(),
        UpdateChannel::Beta,
        "the channel is kept"
    );
    assert_eq!(again.version(), "0.0.0-test");
}
