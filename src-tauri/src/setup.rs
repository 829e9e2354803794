//! What happens once when the app starts: logging, the paths, the desk service (local store
//! opened with the keychain key), and a background attempt to bring a remembered session online.

use std::sync::Arc;

use desk_core::{Desk, DeskPaths};
use desk_store::OsKeychain;
use tauri::{App, Manager, Window, WindowEvent, Wry};

/// The keychain service name every entry of the desk is filed under.
pub const KEYCHAIN_SERVICE: &str = "penguin-desk";

fn paths(app: &App) -> Result<DeskPaths, tauri::Error> {
    let p = app.path();
    Ok(DeskPaths {
        data_dir: p.app_data_dir()?,
        config_dir: p.app_config_dir()?,
        log_dir: p.app_log_dir()?,
    })
}

pub fn setup(
    app: &mut App,
    builder: &tauri_specta::Builder<Wry>,
) -> Result<(), Box<dyn std::error::Error>> {
    builder.mount_events(app);
    let paths = paths(app)?;
    let guard = crate::logging::init(&paths.log_dir)?;
    app.manage(guard);
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "Penguin Desk starting");

    let keychain = Arc::new(OsKeychain::new(KEYCHAIN_SERVICE));
    let desk =
        tauri::async_runtime::block_on(Desk::start(paths, keychain, env!("CARGO_PKG_VERSION")));
    let desk = Arc::new(desk);
    desk.set_notifier(Arc::new(crate::notify::PluginNotifier::new(
        app.handle().clone(),
    )));
    app.manage(desk.clone());

    crate::tray::create(app)?;
    crate::notify::open_on_click(app.handle());

    // The remembered member (if any) syncs at once; offline, the loop reconnects with backoff.
    crate::events::start_sync(app.handle(), desk.clone());
    app.manage(crate::updates::PendingUpdate::default());
    crate::updates::start_daily_check(app.handle(), desk);
    Ok(())
}

/// With "keep running in the tray", closing the main window hides it instead of quitting.
pub fn on_window_event(window: &Window<Wry>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        let keep = window
            .app_handle()
            .try_state::<Arc<Desk>>()
            .is_some_and(|desk| desk.app_prefs().keep_in_tray);
        if keep && window.label() == "main" {
            api.prevent_close();
            if let Err(e) = window.hide() {
                tracing::warn!(error = %e, "could not hide the window");
            }
        }
    }
}
