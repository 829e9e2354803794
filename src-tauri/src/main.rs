//! Penguin Desk's executable: builds the app from its parts in the library and runs it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    penguin_desk_lib::run();
}
