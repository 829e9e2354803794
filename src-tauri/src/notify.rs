//! Native notifications through tauri-plugin-notification: the core decides which alerts to
//! tell the member about and calls this [`Notifier`]; on Linux the plugin's hand-off is a
//! D-Bus `org.freedesktop.Notifications.Notify` call.

use desk_core::alerts::Notifier;
use desk_domain::alerts::Notice;
use tauri::{AppHandle, Wry};
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
