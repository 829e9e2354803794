//! The Tauri 2 shell of Penguin Desk: the window, the plugins and the typed commands. It holds
//! no business logic: commands take the [`desk_core::Desk`] from Tauri's state, call it, and
//! return its typed result; events tell the UI when to refetch.

pub mod commands;
pub mod events;
pub mod logging;
pub mod notify;
mod setup;
pub mod tray;
pub mod updates;

pub use commands::specta_builder;

/// Builds and runs the application until its last window closes.
pub fn run() {
    let builder = specta_builder();
    let invoke_handler = builder.invoke_handler();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .plugin(tauri_plugin_updater::Builder::new().build())
        .invoke_handler(invoke_handler)
        .setup(move |app| setup::setup(app, &builder))
        .on_window_event(setup::on_window_event)
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(e) => {
            eprintln!("Penguin Desk could not start: {e}");
            std::process::exit(1);
        }
    }
}
