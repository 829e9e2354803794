//! Native notifications through tauri-plugin-notification: the core decides which alerts to
//! tell the member about and calls this [`Notifier`]; on Linux the plugin's hand-off is a
//! D-Bus `org.freedesktop.Notifications.Notify` call.

use desk_core::alerts::Notifier;
use desk_domain::alerts::Notice;
use tauri::{AppHandle, Wry};
use tauri_specta::Event;

use crate::events::OpenAlert;
use tauri_plugin_notification::NotificationExt;

/// Shows the core's notices with the app's notification plugin.
pub struct PluginNotifier {
    app: AppHandle<Wry>,
}

impl PluginNotifier {
    /// A notifier for `app`.
    pub fn new(app: AppHandle<Wry>) -> PluginNotifier {
        PluginNotifier { app }
    }
}

impl Notifier for PluginNotifier {
    fn notify(&self, notice: &Notice) -> Result<(), String> {
        let mut n = self
            .app
            .notification()
            .builder()
            .title(&notice.title)
            .body(&notice.body);
        if let Some(id) = notice.alert_id {
            // Where the platform reports clicks, the alert id says which alert to open.
            n = n.extra("alertId", id);
        }
        n.show().map_err(|e| e.to_string())
    }
}

/// A click on one of the desk's notifications (where the notification server reports it)
/// brings the window forward and opens the alert, or the inbox for a summary.
pub fn open_on_click(app: &AppHandle<Wry>) {
    let handle = app.clone();
    let registered = app.notification().on_action(move |action| {
        if action.action_id() != "tap" {
            return;
        }
        let alert_id = action
            .notification()
            .and_then(|n| n.extra().get("alertId"))
            .and_then(serde_json::Value::as_i64);
        crate::tray::show_window(&handle);
        if let Err(e) = (OpenAlert { alert_id }).emit(&handle) {
            tracing::warn!(error = %e, "could not open the alert");
        }
    });
    if let Err(e) = registered {
        tracing::warn!(error = %e, "notification clicks will not open alerts");
    }
}
