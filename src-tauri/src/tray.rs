//! The tray icon: the count of the member's open alerts (overdue ones called out) in its
//! title and tooltip, a menu to open the window or the alert inbox, check for updates or
//! quit, and a click
//! that brings the window back. With "keep running in the tray" the window's close button
//! hides the window instead of quitting, so syncing and notifications go on.
//!
//! The counts reach the tray through one updater thread, only when they change. Status events
//! come from several threads at once, and on Linux setting the indicator's label can run the
//! main loop, which then ran the next queued tray update inside the first one: tray-icon's
//! RefCell panicked ("already borrowed") and took the app down.

use std::sync::mpsc::{channel, Sender};
use std::sync::Mutex;

use desk_store::alerts::AlertCounts;
use tauri::menu::{MenuBuilder, MenuItemBuilder};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{App, AppHandle, Manager, Wry};
use tauri_specta::Event;

use crate::events::OpenAlert;

const TRAY_ID: &str = "main";

/// Where the counts go on their way to the tray (the updater thread's queue).
struct TrayUpdates(Mutex<Sender<AlertCounts>>);

/// Shows the main window and gives it focus.
pub fn show_window(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        // Each may fail on a window being torn down; nothing to do about it then.
        if let Err(e) = w
            .show()
            .and_then(|()| w.unminimize())
            .and_then(|()| w.set_focus())
        {
            tracing::debug!(error = %e, "could not bring the window forward");
        }
    }
}

/// Creates the tray icon (once, at start).
pub fn create(app: &App) -> Result<(), tauri::Error> {
    let open = MenuItemBuilder::with_id("open", "Open Penguin Desk").build(app)?;
    let inbox = MenuItemBuilder::with_id("inbox", "Alert inbox").build(app)?;
    let updates = MenuItemBuilder::with_id("updates", "Check for updates…").build(app)?;
    let quit = MenuItemBuilder::with_id("quit", "Quit").build(app)?;
    let menu = MenuBuilder::new(app)
        .items(&[&open, &inbox])
        .separator()
        .item(&updates)
        .separator()
        .item(&quit)
        .build()?;
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("Penguin Desk")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => show_window(app),
            "inbox" => {
                show_window(app);
                if let Err(e) = (OpenAlert { alert_id: None }).emit(app) {
                    tracing::warn!(error = %e, "could not open the inbox");
                }
            }
            "updates" => {
                show_window(app);
                if let Err(e) = crate::updates::OpenUpdates.emit(app) {
                    tracing::warn!(error = %e, "could not open the update dialog");
                }
            }
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(TrayUpdates(Mutex::new(start_updater(app.handle().clone()))));
    Ok(())
}

/// The updater thread: applies the latest counts it was sent, one change at a time, skipping
/// counts equal to those shown.
fn start_updater(app: AppHandle<Wry>) -> Sender<AlertCounts> {
    let (tx, rx) = channel::<AlertCounts>();
    std::thread::spawn(move || {
        let mut shown: Option<AlertCounts> = None;
        while let Ok(mut counts) = rx.recv() {
            // Only the latest of what queued up meanwhile matters.
            while let Ok(newer) = rx.try_recv() {
                counts = newer;
            }
            if shown.as_ref() != Some(&counts) {
                apply(&app, &counts);
                shown = Some(counts);
            }
        }
    });
    tx
}

/// The tray's words for `counts`: "3 open alerts, 1 overdue".
pub fn label(counts: &AlertCounts) -> String {
    match (counts.open, counts.overdue) {
        (0, _) => "No open alerts".to_string(),
        (1, 0) => "1 open alert".to_string(),
        (n, 0) => format!("{n} open alerts"),
        (n, o) => format!(
            "{n} open alert{}, {o} overdue",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// Shows `counts` on the tray icon (through the updater thread).
pub fn update(app: &AppHandle<Wry>, counts: &AlertCounts) {
    if let Some(updates) = app.try_state::<TrayUpdates>() {
        if let Ok(tx) = updates.0.lock() {
            // The updater only stops with the app.
            let _ = tx.send(counts.clone());
        }
    }
}

fn apply(app: &AppHandle<Wry>, counts: &AlertCounts) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let title = (counts.open > 0).then(|| {
        if counts.overdue > 0 {
            format!("{} ({}!)", counts.open, counts.overdue)
        } else {
            counts.open.to_string()
        }
    });
    let tooltip = format!("Penguin Desk: {}", label(counts));
    if let Err(e) = tray
        .set_title(title.as_deref())
        .and_then(|()| tray.set_tooltip(Some(&tooltip)))
    {
        tracing::debug!(error = %e, "could not update the tray");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(open: i64, overdue: i64) -> AlertCounts {
        AlertCounts {
            open,
            overdue,
            critical: 0,
        }
    }

    #[test]
    fn the_tray_says_how_many_are_open_and_overdue() {
        assert_eq!(label(&counts(0, 0)), "No open alerts");
        assert_eq!(label(&counts(1, 0)), "1 open alert");
        assert_eq!(label(&counts(3, 0)), "3 open alerts");
        assert_eq!(label(&counts(3, 1)), "3 open alerts, 1 overdue");
        assert_eq!(label(&counts(1, 1)), "1 open alert, 1 overdue");
    }
}
